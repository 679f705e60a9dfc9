package interp

import (
	"context"
	"errors"
	"io"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/mpl-lang/mpl/interp/claim"
)

// RunStream settles a batch as it reads it: each row is settled in input
// order and written as soon as it is settled, so that memory does not grow
// with the batch, however long. RunBatch instead reads the whole batch and
// settles it in setl_time order; the two agree on any batch in which every
// member's rows (and the rows that share a family member's account) come
// in setl_time order, which RunStream checks: a row settled before an
// earlier row of one of its members is an error row, and the batch goes
// on. As with RunBatch, every input row yields one output row, in input
// order.
//
// With a *WhatIfLedger for st, claims are settled in the int64 fast path
// where the policy allows, and JSON Lines are read on every core
// (opt.Workers goroutines; 0 means GOMAXPROCS). Any other Store settles
// each claim with SettleIn. opt.Explain settles every claim with Settle,
// which writes traces.
func (p *Program) RunStream(ctx context.Context, st Store, in io.Reader, f claim.Format, w *claim.Writer, opt BatchOptions) (BatchStats, error) {
	s := &stream{p: p, st: st, w: w, opt: opt, format: w.Format(), order: newOrderCheck()}
	if wl, ok := st.(*WhatIfLedger); ok && wl.fast != nil && !opt.Explain {
		s.fast = wl
	}
	workers := opt.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	if s.format == claim.CSV {
		// The header first, so that no row made by the Append methods
		// carries it.
		if err := w.WriteRows(nil); err != nil {
			return BatchStats{}, err
		}
	}
	return s.run(ctx, in, f, workers)
}

// streamChunkBytes is how much input one chunk holds: large enough that
// handing chunks between goroutines costs nothing per claim, small enough
// that the chunks in flight stay a few megabytes.
const streamChunkBytes = 128 << 10

// stream is one RunStream.
type stream struct {
	p      *Program
	st     Store
	fast   *WhatIfLedger // nil: settle with SettleIn
	w      *claim.Writer
	format claim.Format
	opt    BatchOptions
	order  *orderCheck
	res    FastResult
}

// streamChunk is a chunk of input on its way through the stream: read,
// parsed (by a worker), settled (in order) and written (in order).
type streamChunk struct {
	text   claim.Chunk
	items  []streamItem
	out    []byte
	parsed chan struct{} // a worker has parsed it
	stats  BatchStats
}

// streamItem is one row of a chunk.
type streamItem struct {
	flat     claim.Flat
	fc       FastClaim
	prepared bool         // fc is ready for SettleFast
	isFlat   bool         // flat holds the claim
	claim    *claim.Claim // the claim, when it is not flat
	err      *claim.Error // the row could not be read
}

func (s *stream) run(ctx context.Context, in io.Reader, f claim.Format, workers int) (BatchStats, error) {
	inFlight := 2*workers + 2
	free := make(chan *streamChunk, inFlight)
	for range inFlight {
		free <- &streamChunk{parsed: make(chan struct{}, 1)}
	}
	work := make(chan *streamChunk, inFlight)
	toSettle := make(chan *streamChunk, inFlight)
	toWrite := make(chan *streamChunk, inFlight)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	var readErr error

	// Read: split the input into chunks, in order.
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(toSettle)
		defer close(work)
		readErr = s.read(in, f, free, work, toSettle, quit)
	}()
	// Parse: JSON Lines chunks, on every core.
	if f == claim.JSONL {
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				s.parse(work)
			}()
		}
	}
	// Settle: in order, on one goroutine, formatting each row.
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(toWrite)
		for ch := range toSettle {
			select {
			case <-ch.parsed:
			case <-quit:
				return
			}
			s.settle(ch)
			select {
			case toWrite <- ch:
			case <-quit:
				return
			}
		}
	}()

	// Write: in order, here.
	var stats BatchStats
	var err error
	for ch := range toWrite {
		if err == nil {
			err = ctx.Err()
		}
		if err == nil {
			err = s.w.WriteRows(ch.out)
		}
		if err != nil {
			break
		}
		stats.Rows += ch.stats.Rows
		stats.Settled += ch.stats.Settled
		stats.Errors += ch.stats.Errors
		if s.opt.Progress != nil {
			s.opt.Progress(stats.Rows, 0)
		}
		free <- ch
	}
	close(quit)
	// Let the settler and reader see quit, whatever they wait on.
	for range toWrite {
	}
	wg.Wait()
	if err == nil {
		err = readErr
	}
	if err != nil {
		return stats, err
	}
	return stats, s.w.Flush()
}

// read fills chunks from in and hands them on; it returns the source's
// error, if any.
func (s *stream) read(in io.Reader, f claim.Format, free, work, toSettle chan *streamChunk, quit chan struct{}) error {
	send := func(c chan *streamChunk, ch *streamChunk) bool {
		select {
		case c <- ch:
			return true
		case <-quit:
			return false
		}
	}
	next := func() *streamChunk {
		select {
		case ch := <-free:
			return ch
		case <-quit:
			return nil
		}
	}
	if f == claim.JSONL {
		cr := claim.NewChunkReader(in)
		for {
			ch := next()
			if ch == nil {
				return nil
			}
			err := cr.Next(&ch.text, streamChunkBytes)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
			if !send(toSettle, ch) || !send(work, ch) {
				return nil
			}
		}
	}
	r := claim.NewReader(in, f)
	for {
		ch := next()
		if ch == nil {
			return nil
		}
		ch.items = ch.items[:0]
		var err error
		for len(ch.items) < 1024 {
			var c *claim.Claim
			c, err = r.Next()
			var ce *claim.Error
			if errors.As(err, &ce) {
				ch.items = append(ch.items, streamItem{err: ce})
				err = nil
				continue
			}
			if err != nil {
				break
			}
			ch.items = append(ch.items, streamItem{claim: c})
		}
		if len(ch.items) > 0 {
			ch.parsed <- struct{}{}
			if !send(toSettle, ch) {
				return nil
			}
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

// parse reads the lines of JSON Lines chunks into items.
func (s *stream) parse(work chan *streamChunk) {
	lp := claim.NewLineParser()
	for ch := range work {
		lines := ch.text.Lines
		if cap(ch.items) < len(lines) {
			ch.items = make([]streamItem, len(lines))
		}
		ch.items = ch.items[:len(lines)]
		for i, ln := range lines {
			it := &ch.items[i]
			it.claim, it.err, it.isFlat, it.prepared = nil, nil, false, false
			switch {
			case ln.TooLong:
				it.err = claim.TooLongError(ln.No)
			case lp.Flat(ch.text.Text[ln.Start:ln.End], ln.No, &it.flat):
				it.isFlat = true
				if s.fast != nil {
					it.prepared = s.p.prepareFlat(&it.flat, &it.fc)
				}
			default:
				it.claim, it.err = lp.Claim([]byte(ch.text.Text[ln.Start:ln.End]), ln.No)
			}
		}
		ch.parsed <- struct{}{}
	}
}

// settle settles a chunk's rows in order and formats them into ch.out.
func (s *stream) settle(ch *streamChunk) {
	ch.out = ch.out[:0]
	ch.stats = BatchStats{Rows: len(ch.items)}
	for i := range ch.items {
		it := &ch.items[i]
		if it.err != nil {
			ch.out = s.w.AppendError(ch.out, it.err)
			ch.stats.Errors++
			continue
		}
		if s.settleItem(ch, it) {
			ch.stats.Settled++
		} else {
			ch.stats.Errors++
		}
	}
}

// settleItem settles one claim and appends its row; it reports whether the
// row is a settlement.
func (s *stream) settleItem(ch *streamChunk, it *streamItem) bool {
	fail := func(err error) bool {
		var ce *claim.Error
		if !errors.As(err, &ce) {
			c := it.claim
			if c == nil {
				c = it.fc.claim()
			}
			ce = &claim.Error{SetlID: c.SetlID, Line: c.Line, Code: claim.CodeSettlement, Msg: err.Error()}
		}
		ch.out = s.w.AppendError(ch.out, ce)
		return false
	}
	if it.prepared {
		f := &it.flat
		if err := s.order.check(f.PsnNo, f.MulaidPsnNo, f.SetlTime, f.SetlID, f.Line); err != nil {
			return fail(err)
		}
		l := s.fast.fast
		l.bind(&it.fc)
		var err error
		if s.opt.Presettle {
			err = s.p.PresettleFast(l, &it.fc, &s.res)
		} else {
			err = s.p.SettleFast(l, &it.fc, &s.res)
		}
		if err == nil {
			ch.out = s.res.AppendRow(ch.out, s.format)
			return true
		}
		if !errors.Is(err, ErrNotFast) {
			return fail(err)
		}
		// Left to Settle: an overflow, or a fraction of a fen.
		return s.settleClaim(ch, it.fc.claim(), fail)
	}
	c := it.claim
	if it.isFlat {
		c = it.flat.Claim()
	}
	if err := s.order.check(c.PsnNo, c.MulaidPsnNo, c.SetlTime, c.SetlID, c.Line); err != nil {
		return fail(err)
	}
	return s.settleClaim(ch, c, fail)
}

// settleClaim settles a Claim: on the fast path when it can, else with
// Settle against the store.
func (s *stream) settleClaim(ch *streamChunk, c *claim.Claim, fail func(error) bool) bool {
	if _, ok := s.st.(*WhatIfLedger); ok && c.Reverses != "" {
		return fail(&claim.Error{SetlID: c.SetlID, Line: c.Line, Field: "reverses", Code: claim.CodeClaim,
			Msg: "a what-if run keeps no settlements, so it has none to reverse; settle against a ledger (--ledger FILE) to reverse"})
	}
	if s.fast != nil {
		var fc FastClaim
		err := s.p.DecodeFast(s.fast.fast, c, &fc)
		if err == nil {
			if s.opt.Presettle {
				err = s.p.PresettleFast(s.fast.fast, &fc, &s.res)
			} else {
				err = s.p.SettleFast(s.fast.fast, &fc, &s.res)
			}
			if err == nil {
				ch.out = s.res.AppendRow(ch.out, s.format)
				return true
			}
		}
		if !errors.Is(err, ErrNotFast) {
			return fail(err)
		}
	}
	row := Result{Claim: c}
	s.p.settleRow(s.st, &row, s.opt)
	if row.Err != nil {
		ch.out = s.w.AppendError(ch.out, row.Err)
		return false
	}
	out, ce := s.w.AppendSettlement(ch.out, row.Settlement)
	if ce != nil {
		ce.SetlID, ce.Line = c.SetlID, c.Line
		return fail(ce)
	}
	ch.out = out
	return true
}

// orderCheck remembers the latest setl_time settled for each member, so
// that a stream can tell when a row comes before an earlier row of the
// same member.
type orderCheck struct {
	last map[string]int64 // psn_no → Unix seconds of its latest row
}

func newOrderCheck() *orderCheck { return &orderCheck{last: map[string]int64{}} }

// check records a row of psnNo (and of mulaid, whose account it may
// share) at unix, or returns the error row of one that comes too late.
func (o *orderCheck) check(psnNo, mulaid string, t time.Time, setlID string, line int) error {
	unix := t.Unix()
	late := func(m string) bool {
		last, ok := o.last[m]
		return ok && unix < last
	}
	for _, m := range [2]string{psnNo, mulaid} {
		if m != "" && late(m) {
			return &claim.Error{SetlID: setlID, Line: line, Field: "setl_time", Code: claim.CodeClaim,
				Msg: "settled " + t.Format("2006-01-02 15:04:05") + ", before an earlier row of member " + m +
					": a stream settles rows in input order, so each member's rows must come in setl_time order" +
					" (sort the batch by setl_time, or settle it whole, without --stream)"}
		}
	}
	for _, m := range [2]string{psnNo, mulaid} {
		if m == "" {
			continue
		}
		if _, ok := o.last[m]; !ok {
			m = strings.Clone(m) // a Flat's strings share its line's memory
		}
		o.last[m] = unix
	}
	return nil
}
