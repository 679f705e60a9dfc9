package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// writes hands each Write's bytes to a channel, so that a test can wait
// for what a goroutine prints without sharing a buffer with it.
type writes chan string

func (w writes) Write(b []byte) (int, error) {
	w <- string(b)
	return len(b), nil
}

// The order check's progress line: it shows the share read, never goes
// back when the count starts again for the second read, and is wiped when
// the check stops. A claims file of unknown size shows nothing.
func TestCheckProgress(t *testing.T) {
	cr := &claimsReader{size: 200}
	cr.read.Store(100)
	w := make(writes, 1<<16)
	stop := checkProgress(w, cr, time.Millisecond)
	select {
	case first := <-w:
		if want := "\rchecking the batch's order   50%   "; first != want {
			t.Errorf("first line %q, want %q", first, want)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no progress line in 10 s")
	}
	cr.read.Store(0) // the second read's count
	time.Sleep(20 * time.Millisecond)
	stop()
	close(w)
	var got []string
	for s := range w {
		got = append(got, s)
	}
	for _, s := range got[:len(got)-1] {
		if strings.Contains(s, " 0%") {
			t.Errorf("the line went back to %q", s)
		}
	}
	if wipe, want := got[len(got)-1], "\r"+strings.Repeat(" ", len(checkLine(100)))+"\r"; wipe != want {
		t.Errorf("last write %q, want the line wiped: %q", wipe, want)
	}

	unknown := make(writes, 16)
	stop = checkProgress(unknown, &claimsReader{}, time.Millisecond)
	time.Sleep(5 * time.Millisecond)
	stop()
	if len(unknown) != 0 {
		t.Errorf("%d writes for claims of unknown size, want none", len(unknown))
	}
}

// A whole batch is read twice (see batchStream): from a file, again from
// where the claims start, and only as far as the first read went when it
// went to the end, though the file grew; from a pipe, again from memory,
// or past holdInMemory from a temporary file, removed at once (on Close
// where an open file cannot be removed; from memory after all when no
// temporary file can be made). A first read
// stopped short reads the claims again to their end.
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
	fromFile, _, _, err := openClaims(context.Background(), nil, "", f)
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
	pipe := func(s string) io.Reader {
		t.Helper()
		cr, _, _, err := openClaims(context.Background(), nil, "", strings.NewReader(s))
		if err != nil {
			t.Fatal(err)
		}
		return cr
	}
	// More than a block, so that the first one read reaches a hold of 1.
	long := strings.Repeat(claims, blockBytes/len(claims)+1) + more
	exact := long[:blockBytes] // as much as is held in memory, and no more
	noTemp := filepath.Join(t.TempDir(), "missing")
	hold := holdInMemory
	defer func() { holdInMemory = hold }()
	for name, tc := range map[string]struct {
		src         io.Reader
		grow        func()
		first, then string // read to the end, then again
		hold        int64  // holdInMemory; 0: as it is
		tmpDir      string // TMPDIR; "": as it is
		onDisk      bool   // held in a temporary file
	}{
		"file":                     {src: fromFile, grow: grow, first: claims, then: claims + more},
		"pipe":                     {src: pipe(claims + more), grow: func() {}, first: claims + more, then: claims + more},
		"pipe, long":               {src: pipe(long), grow: func() {}, first: long, then: long, hold: 1, onDisk: true},
		"pipe, long, no temp file": {src: pipe(long), grow: func() {}, first: long, then: long, hold: 1, tmpDir: noTemp},
		"pipe, just the hold":      {src: pipe(exact), grow: func() {}, first: exact, then: exact, hold: blockBytes},
	} {
		holdInMemory = hold
		if tc.hold != 0 {
			holdInMemory = tc.hold
		}
		if tc.tmpDir != "" {
			t.Setenv("TMPDIR", tc.tmpDir)
		} else {
			t.Setenv("TMPDIR", t.TempDir())
		}
		cr, err := readTwice(tc.src.(*claimsReader))
		if err != nil {
			t.Fatal(err)
		}
		if _, got := cr.at.(*io.SectionReader); got != tc.onDisk && name != "file" {
			t.Errorf("%s: held in a file: %v, want %v", name, got, tc.onDisk)
		}
		// Removed at once, where an open file can be.
		if held, _ := filepath.Glob(filepath.Join(os.TempDir(), "mpl-claims-*")); len(held) > 0 && runtime.GOOS != "windows" {
			t.Errorf("%s: %q on disk while held", name, held)
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
		at := make([]byte, cr.size+1)
		if n, err := cr.at.ReadAt(at, 0); string(at[:n]) != tc.first || err != io.EOF {
			t.Errorf("%s: ReadAt = %q, %v; want %q, EOF", name, at[:n], err, tc.first)
		}
		if err := cr.rewind(int64(len(tc.first))); err != nil {
			t.Fatal(err)
		}
		read(tc.first)
		// Stopped short, then read again: to the end as it is now.
		if err := cr.rewind(-1); err != nil {
			t.Fatal(err)
		}
		if _, err := cr.Read(make([]byte, 3)); err != nil {
			t.Fatal(err)
		}
		if err := cr.rewind(-1); err != nil {
			t.Fatal(err)
		}
		read(tc.then)
		cr.Close()
		if left, _ := filepath.Glob(filepath.Join(os.TempDir(), "mpl-claims-*")); len(left) > 0 {
			t.Errorf("%s: %q left after Close", name, left)
		}
	}
}

// blocksAt reads as a reader of all its blocks at once would, at any
// offset and length, across blocks.
func TestBlocksAt(t *testing.T) {
	const all = "abcdefg"
	b := blocksAt{[][]byte{[]byte("abc"), []byte("def"), []byte("g")}, 3}
	want := strings.NewReader(all)
	for off := int64(0); off <= int64(len(all))+1; off++ {
		for size := 1; size <= len(all)+1; size++ {
			wp, gp := make([]byte, size), make([]byte, size)
			wn, werr := want.ReadAt(wp, off)
			gn, gerr := b.ReadAt(gp, off)
			if string(gp[:gn]) != string(wp[:wn]) || (gerr == nil) != (werr == nil) {
				t.Errorf("ReadAt(%d bytes, %d) = %q, %v; want %q, %v", size, off, gp[:gn], gerr, wp[:wn], werr)
			}
		}
	}
}

// fullFile is a temporary file with room for so many bytes, as on a full
// disk.
type fullFile struct {
	*os.File
	room int
}

func (f *fullFile) Write(p []byte) (int, error) {
	if len(p) > f.room {
		n, _ := f.File.Write(p[:f.room])
		f.room = 0
		return n, errors.New("no space left on device")
	}
	f.room -= len(p)
	return f.File.Write(p)
}

// A batch piped in that the temporary file has no room for is held in
// memory after all, whole, wherever the file filled up: within the blocks
// held before spilling, or in the rest read after.
func TestSpillFullDisk(t *testing.T) {
	hold, create := holdInMemory, createSpillFile
	defer func() { holdInMemory, createSpillFile = hold, create }()
	holdInMemory = 2 * blockBytes
	var batch strings.Builder
	for i := 0; batch.Len() < 5*blockBytes+100; i++ {
		fmt.Fprintf(&batch, "line %d\n", i)
	}
	want := batch.String()
	for _, room := range []int{0, 100, blockBytes + 7, 3*blockBytes - 1, len(want) - 1} {
		createSpillFile = func() (spillFile, error) {
			f, err := os.CreateTemp(t.TempDir(), "spill")
			return &fullFile{File: f, room: room}, err
		}
		src, _, _, err := openClaims(context.Background(), nil, "", strings.NewReader(want))
		if err != nil {
			t.Fatal(err)
		}
		cr, err := readTwice(src.(*claimsReader))
		if err != nil {
			t.Fatalf("room %d: %v", room, err)
		}
		if _, inMemory := cr.at.(blocksAt); !inMemory || cr.size != int64(len(want)) {
			t.Fatalf("room %d: held in %T, %d bytes; want in memory, %d", room, cr.at, cr.size, len(want))
		}
		got, err := io.ReadAll(cr)
		if err != nil || string(got) != want {
			t.Fatalf("room %d: read %d bytes (%v), want the %d piped", room, len(got), err, len(want))
		}
		at := make([]byte, 50)
		for _, off := range []int64{0, blockBytes - 20, int64(len(want)) - 50} {
			if n, err := cr.at.ReadAt(at, off); n != len(at) || string(at) != want[off:off+50] {
				t.Errorf("room %d: ReadAt %d = %q, %v", room, off, at[:n], err)
			}
		}
		cr.Close()
	}
}

// failingWriter fails every write, as a full disk or a closed pipe does.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("no space left on device") }

// A run whose output fails breaks off with its own status, 3, not the 2 of
// bad flags or the 1 of error rows, and says why.
func TestRunOutputFails(t *testing.T) {
	for _, mode := range [][]string{nil, {"--stream"}} {
		var stderr strings.Builder
		args := append([]string{"run", "-p", "../../policies/cn/nanjing/employee-2025.mpl"}, mode...)
		args = append(args, "../../examples/nanjing/explain.jsonl")
		if code := Main(args, strings.NewReader(""), failingWriter{}, &stderr); code != ExitBroke {
			t.Errorf("%v: exit %d, want %d; stderr:\n%s", mode, code, ExitBroke, stderr.String())
		}
		if !strings.Contains(stderr.String(), "no space left on device") {
			t.Errorf("%v: stderr does not say why:\n%s", mode, stderr.String())
		}
	}
}
