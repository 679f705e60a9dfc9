package cli

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// A whole batch is read twice (see batchStream): from a file, again from
// where the claims start, and only as far as the first read went when it
// went to the end, though the file grew; from a pipe, again from memory. A
// first read stopped short reads the claims again to their end.
func TestReadTwice(t *testing.T) {
	const head, claims, more = "skipped\n", "line one\nline two\n", "line three\n"
	path := filepath.Join(t.TempDir(), "claims.jsonl")
	if err := os.WriteFile(path, []byte(head+claims), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.Seek(int64(len(head)), io.SeekStart); err != nil { // as standard input read in part
		t.Fatal(err)
	}
	fromFile, _, _, err := openClaims(nil, "", f)
	if err != nil {
		t.Fatal(err)
	}
	grow := func() {
		g, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
		if err != nil {
			t.Fatal(err)
		}
		defer g.Close()
		if _, err := g.WriteString(more); err != nil {
			t.Fatal(err)
		}
	}
	fromPipe, _, _, err := openClaims(nil, "", strings.NewReader(claims+more))
	if err != nil {
		t.Fatal(err)
	}
	for name, tc := range map[string]struct {
		src         io.Reader
		grow        func()
		first, then string // read to the end, then again
	}{
		"file": {fromFile, grow, claims, claims + more},
		"pipe": {fromPipe, func() {}, claims + more, claims + more},
	} {
		cr, err := readTwice(tc.src.(*claimsReader))
		if err != nil {
			t.Fatal(err)
		}
		if cr.size != int64(len(tc.first)) {
			t.Errorf("%s: size %d, want %d", name, cr.size, len(tc.first))
		}
		read := func(want string) {
			t.Helper()
			got, err := io.ReadAll(cr)
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != want {
				t.Errorf("%s: read %q, want %q", name, got, want)
			}
		}
		read(tc.first)
		tc.grow()
		if err := cr.rewind(true); err != nil {
			t.Fatal(err)
		}
		read(tc.first)
		// Stopped short, then read again: to the end as it is now.
		if err := cr.rewind(false); err != nil {
			t.Fatal(err)
		}
		if _, err := cr.Read(make([]byte, 3)); err != nil {
			t.Fatal(err)
		}
		if err := cr.rewind(false); err != nil {
			t.Fatal(err)
		}
		read(tc.then)
	}
}
