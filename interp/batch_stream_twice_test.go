package interp

import (
	"math/rand/v2"
	"testing"
)

// twice agrees with a set on random hashes of every size around its
// bucket steps, with a value repeated and without.
func TestTwice(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 15, 16, 17, 31, 32, 33, 1000, 65536, 200000} {
		for _, repeat := range []bool{false, true} {
			hashes := make([]uint64, n)
			for i := range hashes {
				hashes[i] = rng.Uint64()
			}
			if repeat && n > 1 {
				hashes[rng.IntN(n)] = hashes[rng.IntN(n)]
			}
			seen := map[uint64]bool{}
			want := false
			for _, h := range hashes {
				want = want || seen[h]
				seen[h] = true
			}
			if got := twice(hashes); got != want {
				t.Errorf("%d hashes, one repeated %v: twice = %v, want %v", n, repeat, got, want)
			}
		}
	}
	// Hashes all in one bucket still sort within it.
	if !twice([]uint64{5, 9, 7, 5, 1, 2, 3, 4, 6, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31}) {
		t.Error("twice misses a repeat within one bucket")
	}
}

func BenchmarkTwice(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	hashes := make([]uint64, 1_000_000)
	work := make([]uint64, len(hashes))
	for i := range hashes {
		hashes[i] = rng.Uint64()
	}
	b.ReportAllocs()
	for b.Loop() {
		copy(work, hashes)
		if twice(work) {
			b.Fatal("a repeat among random hashes")
		}
	}
}

// BenchmarkTwiceBySort is what twice saves: slices.Sort over the million.
func BenchmarkTwiceBySort(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	hashes := make([]uint64, 1_000_000)
	work := make([]uint64, len(hashes))
	for i := range hashes {
		hashes[i] = rng.Uint64()
	}
	for b.Loop() {
		copy(work, hashes)
		twiceSorted(work)
	}
}
