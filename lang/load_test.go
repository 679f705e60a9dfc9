package lang_test

import (
	"errors"
	"io/fs"
	"os"
	"strings"
	"testing"

	"github.com/mpl-lang/mpl/lang"
)

// TestFSLoaderOfNoFS: a Loader over a nil fs.FS says it has none to read
// from, a CodeIO error naming the file, where it panicked.
func TestFSLoaderOfNoFS(t *testing.T) {
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v", r)
			}
		}()
		_, err = lang.NewFSLoader(nil).Load("x.mpl")
	}()
	if !errors.Is(err, lang.CodeIO) || !strings.Contains(err.Error(), "x.mpl") || !strings.Contains(err.Error(), "nil fs.FS") {
		t.Errorf("err = %v, want a %s naming x.mpl and the nil fs.FS", err, lang.CodeIO)
	}
}

// TestChecked: a policy Load returned is checked, and so is a copy of it;
// one built by hand is not.
func TestChecked(t *testing.T) {
	pol, err := lang.NewFSLoader(os.DirFS("../policies")).Load("cn/nanjing/employee-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	cp := *pol
	var nilPol *lang.Policy
	for _, tc := range []struct {
		name string
		pol  *lang.Policy
		want bool
	}{
		{"loaded", pol, true},
		{"a copy", &cp, true},
		{"built by hand", &lang.Policy{Name: "x"}, false},
		{"nil", nilPol, false},
	} {
		if got := tc.pol.Checked(); got != tc.want {
			t.Errorf("%s: Checked() = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestLoadErrorsUnwrap: a missing file's diagnostic wraps the file
// system's error, and the list its diagnostics, so that errors.Is and
// errors.As reach them; neither did. An empty path says so.
func TestLoadErrorsUnwrap(t *testing.T) {
	dir := t.TempDir()
	missing := dir + "/missing.mpl"
	_, err := (&lang.Loader{}).Load(missing)
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Load of a missing file: errors.Is(%v, fs.ErrNotExist) is false", err)
	}
	var one *lang.Error
	if !errors.As(err, &one) || one.Code != lang.CodeIO || one.Pos.File != missing {
		t.Errorf("Load of a missing file: errors.As found %+v, want the CodeIO *Error of %s", one, missing)
	}
	var pe *fs.PathError
	if !errors.As(err, &pe) || pe.Path != missing {
		t.Errorf("Load of a missing file: errors.As found *fs.PathError %+v, want one of %s", pe, missing)
	}
	_, err = (&lang.Loader{}).Load("")
	if !errors.Is(err, lang.CodeIO) || !strings.Contains(err.Error(), "empty") {
		t.Errorf("Load(\"\") = %v, want a %s saying the path is empty", err, lang.CodeIO)
	}
}
