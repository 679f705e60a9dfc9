package main

import (
	"fmt"
	"syscall"
	"unsafe"
)

// cpuMask is a sched_setaffinity CPU set, for CPUs below 1024.
type cpuMask [16]uint64

// pin keeps the calling thread on CPU cpu.
func pin(cpu int) error {
	if cpu < 0 || cpu >= 64*len(cpuMask{}) {
		return fmt.Errorf("CPU %d is out of range", cpu)
	}
	var m cpuMask
	m[cpu/64] = 1 << (cpu % 64)
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SCHED_SETAFFINITY, 0, unsafe.Sizeof(m), uintptr(unsafe.Pointer(&m))); errno != 0 {
		return fmt.Errorf("pinning to CPU %d: %v", cpu, errno)
	}
	return nil
}

// pinnedTo is the set of CPUs the calling thread may run on.
func pinnedTo() (cpuMask, error) {
	var m cpuMask
	if _, _, errno := syscall.RawSyscall(syscall.SYS_SCHED_GETAFFINITY, 0, unsafe.Sizeof(m), uintptr(unsafe.Pointer(&m))); errno != 0 {
		return m, errno
	}
	return m, nil
}
