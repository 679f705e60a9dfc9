package cli

import (
	"context"
	"errors"
	"io"
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
	got := make(chan error, 1)
	go func() {
		_, err := ir.Read(p)
		got <- err
	}()
	select {
	case err := <-got:
		t.Fatalf("Read on a quiet source returned %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	cancel()
	select {
	case err := <-got:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Read after cancel = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Read still waits 10 s after ctx was cancelled")
	}
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
