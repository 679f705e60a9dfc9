package interp

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"runtime"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// refFileFake is a temporary file for a refStore that fails as asked:
// writes after so many runs, or every read.
type refFileFake struct {
	*os.File
	runs     int // runs it takes before a write fails; < 0: all
	readFail bool
}

func (f *refFileFake) WriteAt(p []byte, off int64) (int, error) {
	if f.runs == 0 {
		n, _ := f.File.WriteAt(p[:len(p)/2], off) // a run cut short
		return n, errors.New("no space left on device")
	}
	f.runs--
	return f.File.WriteAt(p, off)
}

func (f *refFileFake) ReadAt(p []byte, off int64) (int, error) {
	if f.readFail {
		return 0, errors.New("input/output error")
	}
	return f.File.ReadAt(p, off)
}

// The setl_ids a batch check's parts record come to what a map says of
// them (see mapShared), however many go to the file: none, some, all but
// what each part fills; and when the file cannot be made, or fills up
// after some runs, with the rest held in memory. Where the file cannot be
// read back, the check says no.
func TestRefStore(t *testing.T) {
	create := createRefFile
	defer func() { createRefFile = create }()
	rng := rand.New(rand.NewPCG(7, 8))
	type fileCase struct {
		name     string
		runs     int  // as refFileFake; < 0: every write goes through
		noFile   bool // no file can be made
		readFail bool
	}
	files := []fileCase{
		{name: "a file", runs: -1},
		{name: "no file", noFile: true},
		{name: "full after 0 runs", runs: 0},
		{name: "full after 3 runs", runs: 3},
		{name: "reads fail", runs: -1, readFail: true},
	}
	for _, n := range []int{0, 1, 7, 8, 9, 100, 5000} {
		for _, named := range []string{"once", "twice by one member", "twice by two"} {
			refs := make([]idRef, n)
			for i := range refs {
				refs[i] = idRef{id: rng.Uint64(), member: rng.Uint64N(50)}
			}
			if named != "once" && n > 1 {
				i, j := rng.IntN(n/2+1), n/2+rng.IntN(n-n/2)
				if i == j {
					j = n - 1
				}
				refs[j] = refs[i]
				if named == "twice by two" {
					refs[j].member++
				}
			}
			want, wantOK := mapShared(refs)
			for _, fc := range files {
				for _, limit := range []int64{0, 8, 100, 1 << 20} {
					for _, parts := range []int{1, 3} {
						var made *refFileFake
						createRefFile = func() (refFile, error) {
							if fc.noFile {
								return nil, errors.New("no temporary directory")
							}
							f, err := os.CreateTemp(t.TempDir(), "refs")
							made = &refFileFake{File: f, runs: fc.runs, readFail: fc.readFail}
							return made, err
						}
						store := newRefStore(refLimits{block: 4, inMemory: limit})
						checks := make([]*batchCheck, parts)
						for i := range checks {
							checks[i] = &batchCheck{store: store}
							for _, r := range refs[n*i/parts : n*(i+1)/parts] {
								checks[i].ref(r)
							}
						}
						keep, ok := checks[0].keep(checks[1:]...)
						store.close()
						what := func() string {
							return fmt.Sprintf("%s, %s, %d refs, limit %d, %d parts", fc.name, named, n, limit, parts)
						}
						if fc.readFail && len(store.runs) > 0 {
							if ok {
								t.Errorf("%s: the check says yes", what())
							}
							continue
						}
						var got map[uint64]int
						if keep != nil {
							got = keep.times
						}
						if diff := gocmp.Diff([]any{want, wantOK}, []any{got, ok}, cmpopts.EquateEmpty()); diff != "" {
							t.Errorf("%s (-want +got):\n%s", what(), diff)
						}
						// Full blocks past the limit go to the file, where
						// they can; none are then held past it.
						full := 0
						for i := range parts {
							full += (n*(i+1)/parts - n*i/parts) / 4 * 4
						}
						fileWorks := fc.runs < 0 && !fc.noFile
						if spilled := int64(full) > limit && !fc.noFile && fc.runs != 0; spilled != (len(store.runs) > 0) {
							t.Errorf("%s: %d runs written of %d refs in full blocks", what(), len(store.runs), full)
						}
						if held := store.held.Load(); fileWorks && held > limit {
							t.Errorf("%s: %d refs held in memory", what(), held)
						}
						if made != nil && made.File != nil {
							if _, err := made.File.Stat(); err == nil {
								t.Errorf("%s: file left open", what())
							}
						}
					}
				}
			}
		}
	}
}

// Past sharedAtOnce refs, all in memory, shared takes them bucket by
// bucket from the blocks (those a part bucketed once read, and those it
// did not), and comes to what a map says of them: ids named once, twice by
// one member (in two parts, or one), twice by two members.
func TestRefStoreHeldInBuckets(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	for _, n := range []int{sharedAtOnce + 1, 3*sharedAtOnce + 17} {
		for _, named := range []string{"once", "twice by one member", "twice by two"} {
			refs := make([]idRef, n)
			for i := range refs {
				refs[i] = idRef{id: rng.Uint64(), member: rng.Uint64N(50)}
			}
			if named != "once" {
				for range 20 {
					i, j := rng.IntN(n), rng.IntN(n)
					if i == j {
						continue
					}
					refs[j] = refs[i]
				}
				if named == "twice by two" {
					i := rng.IntN(n - 1)
					refs[n-1] = idRef{id: refs[i].id, member: refs[i].member + 1}
				}
			}
			want, wantOK := mapShared(refs)
			for _, parts := range []int{1, 3} {
				store := newRefStore(refLimits{block: 1 << 10, inMemory: 1 << 40})
				checks := make([]*batchCheck, parts)
				for i := range checks {
					checks[i] = &batchCheck{store: store}
					for _, r := range refs[n*i/parts : n*(i+1)/parts] {
						checks[i].ref(r)
					}
					if i%2 == 0 {
						checks[i].bucketRefs()
					}
				}
				keep, ok := checks[0].keep(checks[1:]...)
				store.close()
				var got map[uint64]int
				if keep != nil {
					got = keep.times
				}
				if diff := gocmp.Diff([]any{want, wantOK}, []any{got, ok}, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("%s, %d refs, %d parts (-want +got):\n%s", named, n, parts, diff)
				}
				if len(store.runs) > 0 {
					t.Errorf("%s, %d refs, %d parts: %d runs written, want all held", named, n, parts, len(store.runs))
				}
			}
		}
	}
}

// BenchmarkSharedHeld is what keep does with a million refs held in
// memory, bucketed block by block as the parts read them: on as many
// goroutines as there are CPUs (-cpu 1,2). Against BenchmarkSharedIDs,
// one sharedIDs of them all.
func BenchmarkSharedHeld(b *testing.B) {
	refs := randomRefs()
	store := newRefStore(refLimits{block: refBlock, inMemory: 1 << 40})
	bc := &batchCheck{store: store}
	for _, r := range refs {
		bc.ref(r)
	}
	bc.bucketRefs()
	b.ReportAllocs()
	for b.Loop() {
		if shared, ok := store.shared(runtime.GOMAXPROCS(0), bc.refs); len(shared) > 0 || !ok {
			b.Fatal("an id shared among random ids")
		}
	}
}

// BenchmarkBucketRefs is what BenchmarkSharedHeld leaves out: putting a
// million refs' blocks in bucket order, which each part does to its own
// blocks as it reads, on its own core. Each round first copies the refs
// back in the order they were recorded (16 MB, a few ms of it).
func BenchmarkBucketRefs(b *testing.B) {
	refs := randomRefs()
	bc := &batchCheck{store: newRefStore(refLimits{block: refBlock, inMemory: 1 << 40})}
	for _, r := range refs {
		bc.ref(r)
	}
	b.ReportAllocs()
	for b.Loop() {
		for i, h := range bc.refs {
			copy(h.refs, refs[i*refBlock:])
			h.bucketed = false
		}
		bc.bucketRefs()
	}
}

// A hashFilter holds every hash set in it, and turns away nearly all
// others (at 16 bits a hash, about one in 16 finds its bit set).
func TestHashFilter(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{0, 1, 3, 1000} {
		f := make(hashFilter, filterWords(n))
		if bits := len(f) * 64; bits&(bits-1) != 0 || bits < 16*n {
			t.Fatalf("n=%d: %d bits, want a power of two of at least %d", n, bits, 16*n)
		}
		in := map[uint64]bool{}
		for range n {
			h := rng.Uint64()
			in[h] = true
			f.set(h)
		}
		for h := range in {
			if !f.mayHold(h) {
				t.Fatalf("n=%d: %#x set but not held", n, h)
			}
		}
		passed := 0
		for range 10000 {
			if h := rng.Uint64(); !in[h] && f.mayHold(h) {
				passed++
			}
		}
		if passed > 1500 {
			t.Errorf("n=%d: %d of 10000 hashes not set passed the filter", n, passed)
		}
	}
	if !hashFilter(nil).mayHold(42) {
		t.Error("a nil filter turned a hash away")
	}
}
