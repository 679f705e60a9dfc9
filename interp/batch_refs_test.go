package interp

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
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
