package main

import (
	"runtime"
	"testing"
	"time"
)

// pin leaves the thread allowed on the one CPU asked for, and refuses a
// CPU out of range.
func TestPin(t *testing.T) {
	// Locked and never unlocked: the thread, pinned, ends with the test.
	runtime.LockOSThread()
	before, err := pinnedTo()
	if err != nil {
		t.Fatal(err)
	}
	cpu := -1
	for i := range 64 * len(before) {
		if before[i/64]&(1<<(i%64)) != 0 {
			cpu = i
		}
	}
	if cpu < 0 {
		t.Fatal("no CPU allowed")
	}
	if err := pin(cpu); err != nil {
		t.Fatal(err)
	}
	got, err := pinnedTo()
	if err != nil {
		t.Fatal(err)
	}
	var want cpuMask
	want[cpu/64] = 1 << (cpu % 64)
	if got != want {
		t.Errorf("after pin(%d) the thread may run on %x, want %x", cpu, got, want)
	}
	if err := pin(64 * len(cpuMask{})); err == nil {
		t.Error("pin took a CPU out of range")
	}
}

// Two CPUs hand a cache line back and forth in a time above zero and
// below a tenth of a second a round trip.
func TestRoundTrip(t *testing.T) {
	if runtime.NumCPU() < 2 {
		t.Skip("one CPU")
	}
	rt, err := roundTrip(0, 1, 1000)
	if err != nil {
		t.Skipf("cannot pin to CPUs 0 and 1: %v", err)
	}
	if rt <= 0 || rt > 100*time.Millisecond {
		t.Errorf("round trip CPU 0 ↔ 1: %v", rt)
	}
	if _, err := roundTrip(0, 1, 0); err == nil {
		t.Error("no error for n = 0")
	}
	if _, err := roundTrip(1, 1, 10); err == nil {
		t.Error("no error for one CPU twice")
	}
}
