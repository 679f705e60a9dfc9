package hugepage

import (
	"os"
	"strconv"
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
// the heap off, read as the runtime reads disablethp: any number but zero
// turns them off, the last setting that is a number wins. (The runtime
// reads GODEBUG once, at its start; this reads it at each call, which a
// program makes a few dozen times at most.)
func disabled() bool {
	off := false
	for _, kv := range strings.Split(os.Getenv("GODEBUG"), ",") {
		if v, ok := strings.CutPrefix(kv, "disablethp="); ok {
			if n, err := strconv.Atoi(v); err == nil {
				off = n != 0
			}
		}
	}
	return off
}
