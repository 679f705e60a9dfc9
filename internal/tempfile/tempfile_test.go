package tempfile

import (
	"errors"
	"io/fs"
	"os"
	"runtime"
	"testing"
)

// A File can be written and read back while it is open, is not to be
// found in its directory (where the system allows; at least after Close),
// and no one but its owner may read it.
func TestCreate(t *testing.T) {
	dir := t.TempDir()
	setTempDir(t, dir)
	f, err := Create("test-*.tmp")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.WriteAt([]byte("held"), 3); err != nil {
		t.Fatal(err)
	}
	got := make([]byte, 4)
	if _, err := f.ReadAt(got, 3); err != nil || string(got) != "held" {
		t.Errorf("ReadAt = %q, %v; want what was written", got, err)
	}
	if runtime.GOOS != "windows" {
		if _, err := os.Stat(f.Name()); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s while open: Stat = %v; want it removed", f.Name(), err)
		}
		info, err := f.Stat()
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm != 0o600 {
			t.Errorf("mode %v; want 0600", perm)
		}
	}
	if err := f.Close(); err != nil {
		t.Errorf("Close: %v", err)
	}
	if left, _ := os.ReadDir(dir); len(left) > 0 {
		t.Errorf("left in TMPDIR after Close: %v", left)
	}
}

// Where no temporary file can be made, Create says so.
func TestCreateNoDir(t *testing.T) {
	setTempDir(t, t.TempDir()+"/missing")
	if f, err := Create("test-*.tmp"); err == nil {
		f.Close()
		t.Fatal("Create in a missing TMPDIR: no error")
	}
}

// setTempDir makes dir os.TempDir for the rest of t: $TMPDIR on Unix,
// %TMP% (then %TEMP%) on Windows.
func setTempDir(t *testing.T, dir string) {
	for _, v := range []string{"TMPDIR", "TMP", "TEMP"} {
		t.Setenv(v, dir)
	}
}
