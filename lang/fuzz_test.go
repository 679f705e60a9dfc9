package lang_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/mpl-lang/mpl/lang"
)

// checkCodes are the codes Load may report for a file that parses.
var checkCodes = map[lang.Code]bool{
	lang.CodeParse: true, lang.CodeLimit: true, lang.CodeName: true, lang.CodeType: true,
	lang.CodeTable: true, lang.CodeBands: true, lang.CodeValue: true, lang.CodeExtends: true,
	lang.CodeRule: true, lang.CodeIO: true,
}

// fuzzSeeds returns every policy and library file, the bad policies of the
// parse error golden, the formatter's inputs, and every chunk of the error
// scripts.
func fuzzSeeds(t testing.TB) [][]byte {
	var seeds [][]byte
	for _, root := range []string{"../policies", "../stdlib", "testdata/parse", "testdata/format"} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".mpl") {
				return err
			}
			b, err := os.ReadFile(path)
			seeds = append(seeds, b)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	scripts, _ := filepath.Glob("testdata/errors/*.mpl")
	for _, s := range scripts {
		b, err := os.ReadFile(s)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range readChunks(t, string(b)) {
			for _, f := range c.files {
				seeds = append(seeds, []byte(f.text))
			}
		}
	}
	return seeds
}

// FuzzParse checks that no input makes the parser or the checker panic, and
// that every error is a diagnostic with an allowed code and a position.
func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		_, err := lang.Parse("f.mpl", src)
		if err != nil {
			var e *lang.Error
			if !errors.As(err, &e) {
				t.Fatalf("Parse: %T %v; want *lang.Error", err, err)
			}
			if e.Code != lang.CodeParse && e.Code != lang.CodeLimit {
				t.Fatalf("Parse: code %s (%v); want %s or %s", e.Code, e, lang.CodeParse, lang.CodeLimit)
			}
			return
		}
		l := &lang.Loader{ReadFile: func(name string) ([]byte, error) {
			if name == "f.mpl" {
				return src, nil
			}
			return nil, fs.ErrNotExist
		}}
		_, err = l.Load("f.mpl")
		if err == nil {
			return
		}
		var list lang.ErrorList
		if !errors.As(err, &list) {
			t.Fatalf("Load: %T %v; want lang.ErrorList", err, err)
		}
		for _, e := range list {
			if !checkCodes[e.Code] {
				t.Errorf("Load: %v: unknown code %q", e, e.Code)
			}
			if !e.Pos.IsValid() && e.Pos.File == "" {
				t.Errorf("Load: %v: no position and no file", e)
			}
			if e.Pos.IsValid() && (e.Pos.Col < 1 || e.Pos.File == "") {
				t.Errorf("Load: %v: bad position %+v", e, e.Pos)
			}
		}
	})
}
