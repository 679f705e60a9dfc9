// Command peers benchmarks MPL against its peers on one typical 南京
// employee inpatient settlement and prints a markdown table: time and
// allocations per claim, the ratio to hand-written int64, and how much
// faster MPL is than each (below 1: slower).
//
// Run it from internal/peerbench: go run ./cmd/peers [-runs n]
package main

import (
	"cmp"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"testing"

	"github.com/mpl-lang/mpl/internal/peerbench"
)

func main() {
	runs := flag.Int("runs", 3, "benchmark each variant `n` times and keep the median")
	flag.Parse()
	if err := run(os.Stdout, max(*runs, 1)); err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		os.Exit(1)
	}
}

type result struct {
	name   string
	ns     float64
	allocs int64
	bytes  int64
}

func run(w io.Writer, runs int) error {
	vs, err := peerbench.Variants()
	if err != nil {
		return err
	}
	in := peerbench.Typical()
	var results []result
	for _, v := range vs {
		got, err := v.Prepare(in)()
		if err != nil {
			return fmt.Errorf("%s: %w", v.Name, err)
		}
		if got != peerbench.TypicalSplit {
			return fmt.Errorf("%s settles %+v, not %+v", v.Name, got, peerbench.TypicalSplit)
		}
		var rs []testing.BenchmarkResult
		for range runs {
			rs = append(rs, testing.Benchmark(peerbench.Bench(v, in)))
		}
		slices.SortFunc(rs, func(a, b testing.BenchmarkResult) int { return cmp.Compare(a.NsPerOp(), b.NsPerOp()) })
		m := rs[len(rs)/2]
		results = append(results, result{v.Name, float64(m.T.Nanoseconds()) / float64(m.N), m.AllocsPerOp(), m.AllocedBytesPerOp()})
	}
	base, mpl := find(results, peerbench.NameHandInt64), find(results, peerbench.NameMPLFast)

	fmt.Fprintf(w, "One 南京 employee inpatient claim (c1 of %s, 600 of the deductible left): fund %s, account %s, cash %s.\n",
		peerbench.NanjingCases, peerbench.TypicalSplit.Fund, peerbench.TypicalSplit.Account, peerbench.TypicalSplit.Cash)
	fmt.Fprintf(w, "%s %s/%s, %d CPUs, median of %d runs.\n\n", runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runs)
	fmt.Fprintln(w, "| variant | ns/claim | allocs/claim | B/claim | × hand-written int64 | MPL fast path is … as fast |")
	fmt.Fprintln(w, "|---|---:|---:|---:|---:|---:|")
	for _, r := range results {
		speedup := fmt.Sprintf("%.2f×", r.ns/mpl.ns)
		if r.name == peerbench.NameMPLFast {
			speedup = "—"
		}
		fmt.Fprintf(w, "| %s | %.0f | %d | %d | %.1f× | %s |\n", r.name, r.ns, r.allocs, r.bytes, r.ns/base.ns, speedup)
	}
	fmt.Fprintln(w)
	for _, name := range []string{peerbench.NameExprFloat, peerbench.NameExprDecimal, peerbench.NameCEL} {
		r := find(results, name)
		if s := r.ns / mpl.ns; s >= 1 {
			fmt.Fprintf(w, "MPL's fast path is %.1f× as fast as %s.\n", s, name)
		} else {
			fmt.Fprintf(w, "MPL's fast path is %.2f× slower than %s.\n", 1/s, name)
		}
	}
	fmt.Fprintf(w, "MPL's fast path is within %.1f× of hand-written int64.\n", mpl.ns/base.ns)
	return nil
}

func find(rs []result, name string) result {
	for _, r := range rs {
		if r.name == name {
			return r
		}
	}
	panic("no result for " + name)
}
