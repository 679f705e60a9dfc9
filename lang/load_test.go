package lang_test

import (
	"errors"
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
