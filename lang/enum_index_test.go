package lang

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"testing"
)

// shippedEnums are the enums of every policy under ../policies, by the
// file and field that name them.
func shippedEnums(t testing.TB) map[string]*Enum {
	enums := map[string]*Enum{}
	pfs := os.DirFS("../policies")
	err := fs.WalkDir(pfs, ".", func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(file) != ".mpl" {
			return err
		}
		pol, err := NewFSLoader(pfs).Load(file)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			return nil
		}
		for name, e := range pol.Enums {
			if e != nil {
				enums[file+", "+name] = e
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(enums) == 0 {
		t.Fatal("no policies under ../policies")
	}
	return enums
}

// mapLookup is what an Enum's map says of text.
func mapLookup(e *Enum, text string) (int, bool) {
	i, ok := e.lookup[text]
	return i, ok
}

// Lookup answers as the enum's map, under every shipped policy and for
// each enum field: for every text the map holds, and for texts near them
// (a byte changed, one cut off or added, spaces around, two texts run
// together) and none at all.
func TestLookupAgreesWithMap(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for where, e := range shippedEnums(t) {
		keys := e.Keys()
		texts := []string{"", " ", "x", "本地本地"}
		for i, k := range keys {
			texts = append(texts, k, k[:len(k)-1], k+"0", " "+k, k+" ", k+keys[(i+1)%len(keys)])
			b := []byte(k)
			b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
			texts = append(texts, string(b))
		}
		for _, text := range texts {
			checkLookup(t, where, e, text)
		}
	}
}

// checkLookup holds e.Lookup(text) to the enum's map.
func checkLookup(t *testing.T, where string, e *Enum, text string) {
	t.Helper()
	wantOrd, wantOK := mapLookup(e, text)
	gotOrd, gotOK := e.Lookup(text)
	if gotOK != wantOK || gotOK && gotOrd != wantOrd {
		t.Errorf("%s: Lookup(%q) = %d, %v; the map says %d, %v", where, text, gotOrd, gotOK, wantOrd, wantOK)
	}
}

// FuzzLookup: any text, any enum of the 南京 policy, as the map says.
func FuzzLookup(f *testing.F) {
	pol, err := NewFSLoader(os.DirFS("../policies")).Load("cn/nanjing/employee-2025.mpl")
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"", "1101", "本地", "原退休", "21", "310", "1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for name, e := range pol.Enums {
			if e == nil {
				continue
			}
			checkLookup(t, name, e, text)
		}
	})
}

// BenchmarkEnumLookup looks up a claim's code-table texts, as the fast path
// does five a claim, with Lookup and in the enum's map.
func BenchmarkEnumLookup(b *testing.B) {
	pol, err := NewFSLoader(os.DirFS("../policies")).Load("cn/nanjing/employee-2025.mpl")
	if err != nil {
		b.Fatal(err)
	}
	texts := []struct{ field, text string }{{"insutype", "310"}, {"psn_type", "1101"}, {"med_type", "21"}, {"medins_lv", "2"},
		{"mdtrt_area", "本地"}, {"psn_type", "原退休"}, {"med_type", "11"}, {"medins_lv", "3"}, {"psn_type", "1201"}, {"med_type", "14"}}
	enums := make([]*Enum, len(texts))
	for i, t := range texts {
		enums[i] = pol.Enums[t.field]
	}
	b.Run("Lookup", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, ok := enums[i%len(texts)].Lookup(texts[i%len(texts)].text); !ok {
				b.Fatal(texts[i%len(texts)])
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; b.Loop(); i++ {
			if _, ok := mapLookup(enums[i%len(texts)], texts[i%len(texts)].text); !ok {
				b.Fatal(texts[i%len(texts)])
			}
		}
	})
}
