package cli

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"syscall"
	"testing"
	"time"
)

// TestInterruptible: what the source gives is read through it, in order;
// a read that waits on a quiet source ends with ctx's error once ctx is
// done; and the source's own end comes through as it is.
func TestInterruptible(t *testing.T) {
	pr, pw := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	ir := newInterruptible(ctx, pr)
	go io.WriteString(pw, "abcdef")
	p := make([]byte, 4)
	if n, err := ir.Read(p); err != nil || string(p[:n]) != "abcd" {
		t.Fatalf("Read = %q, %v; want abcd", p[:n], err)
	}
	if n, err := ir.Read(p); err != nil || string(p[:n]) != "ef" {
		t.Fatalf("Read = %q, %v; want ef", p[:n], err)
	}
	// The source is quiet: the next read waits, until ctx is done.
	waitsUntilCancelled(t, "Read on a quiet source", cancel, func() error {
		_, err := ir.Read(p)
		return err
	})
	pw.Close()

	// Without a cancel, the source's end is the reader's.
	pr2, pw2 := io.Pipe()
	ir2 := newInterruptible(context.Background(), pr2)
	go func() { io.WriteString(pw2, "xy"); pw2.Close() }()
	all, err := io.ReadAll(ir2)
	if err != nil || string(all) != "xy" {
		t.Fatalf("ReadAll = %q, %v; want xy", all, err)
	}
}

// TestOpenFileInterrupted: opening a named pipe waits for a writer; once
// ctx is done, openFile returns its error rather than wait on. A file
// opens as os.Open opens it.
func TestOpenFileInterrupted(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no named pipes to make with mkfifo on Windows")
	}
	dir := t.TempDir()
	fifo := filepath.Join(dir, "claims.jsonl")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Skip("mkfifo:", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	waitsUntilCancelled(t, "opening a named pipe with no writer", cancel, func() error {
		_, err := openFile(ctx, fifo)
		return err
	})
	// Let the open left waiting finish, and close what it opened.
	if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
		w.Close()
	}

	file := filepath.Join(dir, "plain.jsonl")
	if err := os.WriteFile(file, []byte("{}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	f, err := openFile(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := openFile(ctx, filepath.Join(dir, "none.jsonl")); !errors.Is(err, os.ErrNotExist) && !errors.Is(err, context.Canceled) {
		t.Errorf("openFile of no file = %v", err)
	}
}

// waitsUntilCancelled checks that call, which what names, is still
// waiting 50 ms after it starts, and returns context.Canceled soon after
// cancel is called.
func waitsUntilCancelled(t *testing.T, what string, cancel context.CancelFunc, call func() error) {
	t.Helper()
	got := make(chan error, 1)
	go func() { got <- call() }()
	select {
	case err := <-got:
		t.Fatalf("%s returned %v, want it to wait", what, err)
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	select {
	case err := <-got:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("%s, cancelled: %v, want context.Canceled", what, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("%s still waits 10 s after ctx was cancelled", what)
	}
}
