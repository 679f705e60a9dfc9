package cli

import (
	"context"
	"io"
)

// interruptible reads a pipe or a terminal, whose reads may wait for input
// without end, so that a run stopped by a signal stops while it waits:
// each read of the source runs on a goroutine of its own, into a buffer of
// its own, and Read returns ctx's error as soon as ctx is done, leaving
// the read it waited on to finish unseen. (A regular file's reads never
// wait long; it is read as it is.)
type interruptible struct {
	ctx     context.Context
	src     io.Reader
	buf     []byte          // the source's reads land here, never in a caller's slice
	rest    []byte          // read from the source and not yet returned
	err     error           // the source's error, returned once rest is empty
	pending bool            // a read of the source is under way
	done    chan readResult // where the read under way reports
}

// readResult is what one read of an interruptible's source returned.
type readResult struct {
	n   int
	err error
}

// interruptibleBuffer is how much an interruptible reads at a time: a
// stream's chunk.
const interruptibleBuffer = 64 << 10

func newInterruptible(ctx context.Context, src io.Reader) *interruptible {
	return &interruptible{ctx: ctx, src: src, buf: make([]byte, interruptibleBuffer), done: make(chan readResult, 1)}
}

// Read reads what the source gave, or waits for its next read, or returns
// ctx's error once ctx is done.
func (ir *interruptible) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	if err := ir.ctx.Err(); err != nil {
		return 0, err
	}
	if len(ir.rest) == 0 && ir.err == nil {
		if !ir.pending {
			ir.pending = true
			go func() {
				n, err := ir.src.Read(ir.buf)
				ir.done <- readResult{n, err}
			}()
		}
		select {
		case res := <-ir.done:
			ir.pending = false
			ir.rest, ir.err = ir.buf[:res.n], res.err
		case <-ir.ctx.Done():
			return 0, ir.ctx.Err()
		}
	}
	if len(ir.rest) > 0 {
		n := copy(p, ir.rest)
		ir.rest = ir.rest[n:]
		return n, nil
	}
	return 0, ir.err
}
