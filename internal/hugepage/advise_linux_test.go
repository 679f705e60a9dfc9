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

// Advise marks the huge pages its slice covers as wanting huge pages, and
// only those: not a slice too small to cover one, nor any when GODEBUG
// has disablethp=1.
func TestAdviseMarksMemory(t *testing.T) {
	if _, err := os.Stat("/sys/kernel/mm/transparent_hugepage/enabled"); err != nil {
		t.Skip("this kernel has no transparent huge pages:", err)
	}
	advised := make([]uint64, 3*Size/8)
	Advise(advised)
	if !wantsHuge(t, advised) {
		t.Error("Advise of a 6 MiB slice left its memory without the huge page advice")
	}

	small := make([]uint64, Size/8-1)
	Advise(small)
	if wantsHuge(t, small) {
		t.Error("Advise marked a slice smaller than a huge page")
	}

	t.Setenv("GODEBUG", "disablethp=1")
	off := make([]uint64, 3*Size/8)
	Advise(off)
	if wantsHuge(t, off) {
		t.Error("Advise marked memory with GODEBUG=disablethp=1")
	}
	runtime.KeepAlive(advised)
}

// wantsHuge reports whether the huge page in the middle of s's memory has
// the huge page advice: the "hg" flag of its mapping in /proc/self/smaps.
func wantsHuge(t *testing.T, s []uint64) bool {
	t.Helper()
	mid := uintptr(unsafe.Pointer(unsafe.SliceData(s))) + uintptr(len(s))*4
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
			in = lo <= mid && mid < hi
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
	t.Fatalf("no mapping in /proc/self/smaps holds %#x", mid)
	return false
}
