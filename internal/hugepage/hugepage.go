package hugepage

import (
	"os"
	"strings"
	"unsafe"
)

// Size is the huge page size asked for: the one x86-64 and arm64 Linux
// give by default.
const Size = 2 << 20

// Advise asks for huge pages for the part of s's backing array (to its
// capacity) that whole huge pages cover. It is worth calling for a block
// of a few MiB or more just made and not yet written: the system gives a
// huge page at the first touch of a range with no page in it yet.
func Advise[T any](s []T) {
	var zero T
	n := uintptr(cap(s)) * unsafe.Sizeof(zero)
	if n < Size || disabled() {
		return
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(s[:cap(s)])))
	lo := (start + Size - 1) &^ (Size - 1)
	hi := (start + n) &^ (Size - 1)
	if hi > lo {
		advise(unsafe.Add(unsafe.Pointer(unsafe.SliceData(s[:cap(s)])), lo-start), hi-lo)
	}
}

// disabled reports whether GODEBUG turns the Go runtime's huge pages for
// the heap off (disablethp=1, the last setting of it winning, as the
// runtime reads it).
func disabled() bool {
	off := false
	for _, kv := range strings.Split(os.Getenv("GODEBUG"), ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(kv), "disablethp="); ok {
			off = v == "1"
		}
	}
	return off
}
