// Command coreprobe measures how far apart two CPUs are: how long a cache
// line takes to go from one to the other and back, handed over by two
// threads, one pinned to each. Run it beside a two-core measurement to
// know which machine the figures were taken on:
//
//	go run ./internal/coreprobe            # CPUs 0 and 1
//	go run ./internal/coreprobe -a 0 -b 1 -n 2000000
//
// On this project's two-vCPU machines the answer moves from minute to
// minute with where the host runs the two vCPUs: 110–170 ns a round trip
// when they are near, 430–490 ns when they are far, and with it what two
// cores gain over one (see "Two cores" in docs/performance.md). It pins
// threads on Linux only.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"sync/atomic"
	"time"
)

func main() {
	a := flag.Int("a", 0, "the first CPU")
	b := flag.Int("b", 1, "the second CPU")
	n := flag.Int("n", 1_000_000, "round trips to time")
	flag.Parse()
	rt, err := roundTrip(*a, *b, *n)
	if err != nil {
		fmt.Fprintf(os.Stderr, "coreprobe: %v\n", err)
		os.Exit(2)
	}
	fmt.Printf("CPU %d ↔ CPU %d: %.0f ns a round trip\n", *a, *b, float64(rt.Nanoseconds()))
}

// paddedCounter is a counter alone on its cache line.
type paddedCounter struct {
	_ [64]byte
	v atomic.Int64
	_ [56]byte
}

// roundTrip is the mean time over n round trips of a cache line between
// CPUs a and b. It leaves the calling goroutine locked to a thread pinned
// to CPU a.
func roundTrip(a, b, n int) (time.Duration, error) {
	if n <= 0 {
		return 0, fmt.Errorf("n is %d; want at least one round trip", n)
	}
	if a == b {
		// Each hand-over would wait for the system to switch threads.
		return 0, fmt.Errorf("CPU %d twice; want two CPUs", a)
	}
	// Two threads that spin: each needs a P of its own.
	if procs := runtime.GOMAXPROCS(0); procs < 2 {
		runtime.GOMAXPROCS(2)
		defer runtime.GOMAXPROCS(procs)
	}
	// Locked and never unlocked: the thread, pinned, ends with the
	// calling goroutine rather than go back to Go's pool.
	runtime.LockOSThread()
	if err := pin(a); err != nil {
		return 0, err
	}
	var line paddedCounter
	pinned := make(chan error)
	go func() {
		// Locked and never unlocked: the pinned thread ends with the
		// goroutine.
		runtime.LockOSThread()
		err := pin(b)
		pinned <- err
		if err != nil {
			return
		}
		for i := range int64(n) {
			for line.v.Load() != 2*i+1 {
			}
			line.v.Store(2*i + 2)
		}
	}()
	if err := <-pinned; err != nil {
		return 0, err
	}
	start := time.Now()
	for i := range int64(n) {
		line.v.Store(2*i + 1)
		for line.v.Load() != 2*i+2 {
		}
	}
	return time.Since(start) / time.Duration(n), nil
}
