package hugepage

import (
	"bufio"
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// Advise marks the huge pages its slice's capacity covers as wanting huge
// pages, and only those: not the memory just before or after them, not a
// slice too small to cover one, nor any when GODEBUG has disablethp=1.
// The slices are empty with room, as the blocks that call it make them.
func TestAdviseMarksMemory(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skip("this kernel has no transparent huge pages:", err)
	}
	advised := make([]uint64, 0, 3*Size/8)
	Advise(advised)
	lo, hi := covered(advised)
	if hi <= lo {
		t.Fatalf("a 6 MiB slice covers no whole huge page: [%#x, %#x)", lo, hi)
	}
	for _, tc := range []struct {
		at   uintptr
		want bool
	}{
		{lo, true}, {hi - 1, true}, {lo + Size, true}, // its whole huge pages
		{lo - 1, false}, {hi, false}, // the memory round them
	} {
		if got := wantsHuge(t, tc.at); got != tc.want {
			t.Errorf("Advise of a 6 MiB slice: %#x (its pages [%#x, %#x)) advised %v, want %v", tc.at, lo, hi, got, tc.want)
		}
	}

	small := make([]uint64, 0, Size/8-1)
	Advise(small)
	if wantsHuge(t, start(small)) {
		t.Error("Advise marked a slice smaller than a huge page")
	}

	t.Setenv("GODEBUG", "disablethp=1")
	off := make([]uint64, 0, 3*Size/8)
	Advise(off)
	if lo, hi := covered(off); wantsHuge(t, lo+(hi-lo)/2) {
		t.Error("Advise marked memory with GODEBUG=disablethp=1")
	}
	runtime.KeepAlive(advised)
}

// start is where s's backing array starts.
func start(s []uint64) uintptr { return uintptr(unsafe.Pointer(unsafe.SliceData(s[:cap(s)]))) }

// covered is the range of whole huge pages within s's backing array.
func covered(s []uint64) (lo, hi uintptr) {
	end := start(s) + uintptr(cap(s))*unsafe.Sizeof(s[:1][0])
	return (start(s) + Size - 1) &^ (Size - 1), end &^ (Size - 1)
}

// wantsHuge reports whether the byte at addr has the huge page advice:
// the "hg" flag of its mapping in /proc/self/smaps.
func wantsHuge(t *testing.T, addr uintptr) bool {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip("no /proc/self/smaps:", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	in := false
	for sc.Scan() {
		line := sc.Text()
		// A mapping's first line: "lo-hi perms offset dev inode [path]".
		if f := strings.Fields(line); len(f) >= 5 && strings.Contains(f[0], "-") {
			var lo, hi uintptr
			if _, err := fmt.Sscanf(f[0], "%x-%x", &lo, &hi); err != nil {
				t.Fatalf("smaps line %q: %v", line, err)
			}
			in = lo <= addr && addr < hi
			continue
		}
		if in && strings.HasPrefix(line, "VmFlags:") {
			for _, fl := range strings.Fields(line)[1:] {
				if fl == "hg" {
					return true
				}
			}
			return false
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	t.Fatalf("no mapping in /proc/self/smaps holds %#x", addr)
	return false
}
