package interp

import (
	"io/fs"
	"math/rand/v2"
	"os"
	"path"
	"testing"

	"github.com/mpl-lang/mpl/lang"
)

// A codeIndex answers as its enum's Lookup, under every shipped policy and
// for each enum field: for every text Lookup takes, and for texts near
// them (a byte changed, one cut off or added, spaces around, two texts
// run together) and none at all.
func TestCodeIndexAgreesWithEnum(t *testing.T) {
	pfs := os.DirFS("../policies")
	rng := rand.New(rand.NewPCG(5, 6))
	policies := 0
	err := fs.WalkDir(pfs, ".", func(file string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(file) != ".mpl" {
			return err
		}
		p, _, err := LoadFS(pfs, file)
		if err != nil {
			t.Errorf("%s: %v", file, err)
			return nil
		}
		policies++
		for _, f := range lang.EnumFields {
			e := p.enums[f]
			if e == nil {
				continue
			}
			idx := newCodeIndex(e)
			keys := e.Keys()
			texts := []string{"", " ", "x", "本地本地"}
			for i, k := range keys {
				texts = append(texts, k, k[:len(k)-1], k+"0", " "+k, k+" ", k+keys[(i+1)%len(keys)])
				b := []byte(k)
				b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
				texts = append(texts, string(b))
			}
			for _, text := range texts {
				wantOrd, wantOK := e.Lookup(text)
				gotOrd, gotOK := idx.lookup(text)
				if gotOK != wantOK || gotOK && gotOrd != wantOrd {
					t.Errorf("%s, %s: lookup(%q) = %d, %v; Lookup says %d, %v", file, f, text, gotOrd, gotOK, wantOrd, wantOK)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if policies == 0 {
		t.Fatal("no policies under ../policies")
	}
}

// FuzzCodeIndex: any text, any field of the 南京 policy, as Lookup says.
func FuzzCodeIndex(f *testing.F) {
	p, _, err := LoadFile("../policies/cn/nanjing/employee-2025.mpl")
	if err != nil {
		f.Fatal(err)
	}
	var idx [lang.FieldCount]codeIndex
	for _, fld := range lang.EnumFields {
		idx[fld] = newCodeIndex(p.enums[fld])
	}
	for _, s := range []string{"", "1101", "本地", "原退休", "21", "310", "1"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		for _, fld := range lang.EnumFields {
			if p.enums[fld] == nil {
				continue
			}
			wantOrd, wantOK := p.enums[fld].Lookup(text)
			gotOrd, gotOK := idx[fld].lookup(text)
			if gotOK != wantOK || gotOK && gotOrd != wantOrd {
				t.Errorf("%s: lookup(%q) = %d, %v; Lookup says %d, %v", fld, text, gotOrd, gotOK, wantOrd, wantOK)
			}
		}
	})
}

// BenchmarkCodeIndex looks up a claim's five code-table texts, as the fast
// path does, in a codeIndex and in the enum's own map.
func BenchmarkCodeIndex(b *testing.B) {
	p, _, err := LoadFile("../policies/cn/nanjing/employee-2025.mpl")
	if err != nil {
		b.Fatal(err)
	}
	texts := []struct {
		f    lang.Field
		text string
	}{{lang.FieldInsutype, "310"}, {lang.FieldPsnType, "1101"}, {lang.FieldMedType, "21"}, {lang.FieldMedinsLv, "2"}, {lang.FieldMdtrtArea, "本地"},
		{lang.FieldPsnType, "原退休"}, {lang.FieldMedType, "11"}, {lang.FieldMedinsLv, "3"}, {lang.FieldPsnType, "1201"}, {lang.FieldMedType, "14"}}
	var idx [lang.FieldCount]codeIndex
	for _, f := range lang.EnumFields {
		idx[f] = newCodeIndex(p.enums[f])
	}
	b.Run("index", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			t := texts[i%len(texts)]
			if _, ok := idx[t.f].lookup(t.text); !ok {
				b.Fatal(t.text)
			}
		}
	})
	b.Run("map", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			t := texts[i%len(texts)]
			if _, ok := p.enums[t.f].Lookup(t.text); !ok {
				b.Fatal(t.text)
			}
		}
	})
}
