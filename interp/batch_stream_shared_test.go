package interp

import (
	"cmp"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// sharedIDs agrees with a map on random refs of every size around its
// bucket steps: with no id named twice, with one named twice by one
// member (then it is shared), and by two (then the answer is no).
func TestSharedIDs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, n := range []int{0, 1, 2, 15, 16, 17, 31, 32, 33, 1000, 65536, 200000} {
		for _, named := range []string{"once", "twice by one member", "twice by two"} {
			refs := make([]idRef, n)
			for i := range refs {
				refs[i] = idRef{id: rng.Uint64(), member: rng.Uint64N(50)}
			}
			if named != "once" && n > 1 {
				i, j := rng.IntN(n), rng.IntN(n-1)
				if j >= i {
					j++
				}
				refs[j].id, refs[j].member = refs[i].id, refs[i].member
				if named == "twice by two" {
					refs[j].member++
				}
			}
			want, wantOK := mapShared(refs)
			// In one part on one goroutine, or in three on three.
			for _, k := range []int{1, 3} {
				var parts [][]idRef
				for i := range k {
					parts = append(parts, slices.Clone(refs[len(refs)*i/k:len(refs)*(i+1)/k]))
				}
				got, ok := sharedIDs(k, 0, parts...)
				if diff := gocmp.Diff([]any{want, wantOK}, []any{timesOf(got), ok}, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%d refs in %d parts, an id named %s: sharedIDs (-want +got):\n%s", n, k, named, diff)
				}
			}
		}
	}
	// Refs all in one bucket still sort within it; an id named three
	// times comes back once.
	var refs []idRef
	for i := range uint64(32) {
		refs = append(refs, idRef{id: i, member: 1})
	}
	refs = append(refs, idRef{id: 5, member: 1}, idRef{id: 5, member: 1}, idRef{id: 30, member: 1})
	got, ok := sharedIDs(2, 0, refs[:10], refs[10:])
	if diff := gocmp.Diff([]any{map[uint64]int{5: 3, 30: 2}, true}, []any{timesOf(got), ok}, cmpopts.EquateEmpty()); diff != "" {
		t.Errorf("one bucket (-want +got):\n%s", diff)
	}
}

// Refs whose ids share their top bits, as those of one of a refStore's
// buckets do, are sorted by the bits below them, and come to the same.
func TestSharedIDsKnownBits(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, known := range []uint{1, refBucketBits, 60, 63} {
		for _, n := range []int{0, 1, 17, 1000, 100000} {
			refs := make([]idRef, n)
			for i := range refs {
				refs[i] = idRef{id: 0xA5A5A5A5A5A5A5A5>>(64-known)<<(64-known) | rng.Uint64()>>known, member: rng.Uint64N(50)}
			}
			if n > 2 {
				refs[n-1] = refs[n/2]
			}
			want, wantOK := mapShared(refs)
			got, ok := sharedIDs(2, known, slices.Clone(refs))
			if diff := gocmp.Diff([]any{want, wantOK}, []any{timesOf(got), ok}, cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("%d refs, top %d bits known: sharedIDs (-want +got):\n%s", n, known, diff)
			}
		}
	}
}

// mapShared is what sharedIDs says of refs, as a map says it: the ids
// named more than once, by how many refs, and whether each is named by one
// member; nil when one is not.
func mapShared(refs []idRef) (map[uint64]int, bool) {
	by := map[uint64][]uint64{}
	for _, r := range refs {
		by[r.id] = append(by[r.id], r.member)
	}
	want := map[uint64]int{}
	for id, members := range by {
		if len(members) > 1 {
			want[id] = len(members)
			if slices.ContainsFunc(members, func(m uint64) bool { return m != members[0] }) {
				return nil, false
			}
		}
	}
	return want, true
}

// timesOf is shared as a map, as mapShared has it; each id must come once.
func timesOf(shared []sharedID) map[uint64]int {
	if shared == nil {
		return nil
	}
	m := map[uint64]int{}
	for _, id := range shared {
		m[id.id] += id.times
		if m[id.id] != id.times {
			m[id.id] = -1 // twice
		}
	}
	return m
}

// randomRefs is a million refs of random ids, as a batch of a million
// claims names them.
func randomRefs() []idRef {
	rng := rand.New(rand.NewPCG(3, 4))
	refs := make([]idRef, 1_000_000)
	for i := range refs {
		refs[i] = idRef{id: rng.Uint64(), member: rng.Uint64N(10000)}
	}
	return refs
}

// BenchmarkSharedIDs is sharedIDs on a million refs, on as many
// goroutines as there are CPUs (-cpu 1,2).
func BenchmarkSharedIDs(b *testing.B) {
	refs := randomRefs()
	work := make([]idRef, len(refs))
	b.ReportAllocs()
	for b.Loop() {
		copy(work, refs)
		if shared, ok := sharedIDs(runtime.GOMAXPROCS(0), 0, work); len(shared) > 0 || !ok {
			b.Fatal("an id shared among random ids")
		}
	}
}

// BenchmarkSharedIDsBySort is what sharedIDs' buckets save: one sort of the
// million.
func BenchmarkSharedIDsBySort(b *testing.B) {
	refs := randomRefs()
	work := make([]idRef, len(refs))
	b.ReportAllocs()
	for b.Loop() {
		copy(work, refs)
		slices.SortFunc(work, func(a, b idRef) int { return cmp.Compare(a.id, b.id) })
	}
}
