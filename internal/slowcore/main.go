// Command slowcore takes part of one CPU's time, on and off at a steady
// rhythm, so that a two-core measurement can be made in the kind of minute
// this project's hosts give only now and then: one vCPU running at part
// speed while the other runs at full (see "Two cores" in
// docs/performance.md). Run under a real-time policy on the CPU to slow,
// it preempts whatever ordinary thread runs there for on of every on+off,
// as a hypervisor does that gives the vCPU's time to someone else:
//
//	go build -o /tmp/slowcore ./internal/slowcore
//	chrt -f 50 taskset -c 1 /tmp/slowcore -on 1ms -off 2ms -for 2m &
//	for c in 0 1 0,1; do /usr/bin/time -f "$c %e s" taskset -c $c mpl run -p policies/cn/nanjing/employee-2025.mpl 1m.jsonl > /dev/null; done
//
// With -on 1ms -off 2ms a one-core run on CPU 1 took 1.5 times as long as
// on CPU 0 (stop 25). chrt needs root (or CAP_SYS_NICE); the kernel's limit
// on real-time threads (kernel.sched_rt_runtime_us, 95% by default) keeps
// even a long -on from taking the CPU whole. It stops after -for.
package main

import (
	"flag"
	"fmt"
	"os"
	"runtime"
	"time"
)

func main() {
	on := flag.Duration("on", time.Millisecond, "how long to take the CPU each time")
	off := flag.Duration("off", 2*time.Millisecond, "how long to leave it between")
	run := flag.Duration("for", time.Minute, "how long to keep it up")
	flag.Parse()
	if *on <= 0 || *off <= 0 || *run <= 0 {
		fmt.Fprintln(os.Stderr, "slowcore: -on, -off and -for must be more than zero")
		os.Exit(2)
	}
	runtime.GOMAXPROCS(1)
	runtime.LockOSThread()
	for end := time.Now().Add(*run); time.Now().Before(end); {
		spin(*on)
		time.Sleep(*off)
	}
}

// spin keeps the CPU busy for d.
func spin(d time.Duration) {
	for until := time.Now().Add(d); time.Now().Before(until); {
	}
}
