package hugepage

import (
	"syscall"
	"unsafe"
)

// advise asks for huge pages for the n bytes at p, a range aligned to
// Size. An error (a kernel without transparent huge pages says EINVAL)
// leaves the memory as it was, which is all a hint can do.
func advise(p unsafe.Pointer, n uintptr) {
	_ = syscall.Madvise(unsafe.Slice((*byte)(p), n), syscall.MADV_HUGEPAGE)
}
