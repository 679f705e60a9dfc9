//go:build unix

package store

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// A -wal or -shm file the user may not write (another user made it,
// reading the ledger) is named, with its owner and mode, for the message
// of a ledger SQLite cannot write; one the user may write is not. The
// files are this test's, so the user who may not write them is another
// uid, and root writes any.
func TestUnwritableLogFiles(t *testing.T) {
	path := filepath.Join(t.TempDir(), "own.db")
	for name, mode := range map[string]os.FileMode{path: 0o644, path + "-wal": 0o444, path + "-shm": 0o666} {
		if err := os.WriteFile(name, nil, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(name, mode); err != nil { // whatever the umask
			t.Fatal(err)
		}
	}
	owner := os.Geteuid()
	other := owner + 4242
	want := regexp.MustCompile(`^` + regexp.QuoteMeta(path+"-wal") + ` \(owner (\S+, )?uid ` + strconv.Itoa(owner) + `, mode -r--r--r--\)$`)
	got := unwritableLogFiles(path, other, []int{other})
	if len(got) != 1 || !want.MatchString(got[0]) {
		t.Errorf("another user: %q, want one file matching %s", got, want)
	}
	if got := unwritableLogFiles(path, 0, nil); got != nil {
		t.Errorf("root: %q, want none", got)
	}
	if err := os.Chmod(path+"-wal", 0o644); err != nil {
		t.Fatal(err)
	}
	if owner != 0 {
		if got := unwritableLogFiles(path, owner, []int{os.Getegid()}); got != nil {
			t.Errorf("the owner: %q, want none", got)
		}
	}
	if got := unwritableLogFiles(path, other, []int{other}); len(got) != 1 {
		t.Errorf("another user, -wal 0644: %q, want it named", got)
	}
}
