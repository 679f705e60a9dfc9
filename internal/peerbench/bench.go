package peerbench

import "testing"

// Bench is the benchmark of one variant settling in: the same function for
// `go test -bench` and for cmd/peers, which runs it with testing.Benchmark.
// Each iteration settles one claim.
func Bench(v Variant, in Input) func(b *testing.B) {
	return func(b *testing.B) {
		run := v.Prepare(in)
		if _, err := run(); err != nil {
			b.Fatal(err)
		}
		b.ReportAllocs()
		for b.Loop() {
			if _, err := run(); err != nil {
				b.Fatal(err)
			}
		}
	}
}
