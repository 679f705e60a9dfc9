//go:build !linux

package hugepage

import "unsafe"

// advise does nothing where Advise has no way to ask.
func advise(p unsafe.Pointer, n uintptr) {}
