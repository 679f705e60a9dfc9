package interp

import (
	"context"
	"errors"
	"io"
	"math"
	"runtime"
	"strings"
	"time"

	"github.com/mpl-lang/mpl/interp/claim"
)

// RunStream settles a batch as it reads it, from in in format f (claim.JSONL
// or claim.CSV; any other is an error before anything is read): each row is settled in input
// order and written as soon as it is settled, so that memory does not grow
// with the batch, however long. RunBatch instead reads the whole batch and
// settles it in setl_time order; the two agree on any batch in which every
// member's rows (and the rows that share a family member's account, where
// an account can hold money) come in setl_time order, which RunStream
// checks: a row settled before an earlier row of one of its members is an
// error row, and the batch goes on. As with RunBatch, every input row
// yields one output row, in input order.
//
// It runs on opt.Workers goroutines (0 means GOMAXPROCS), each taking the
// input's next chunk of rows in turn and parsing, settling and formatting
// it, where rows are settled one chunk at a time in input order, against
// the one ledger, so that the result is one goroutine's whatever the
// number. With a *WhatIfLedger for st, claims are settled in the int64
// fast path where the policy allows; any other Store settles each claim
// with SettleIn. opt.Explain settles every claim with Settle, which writes
// traces. Progress, when set, is called after each chunk is written,
// from whichever goroutine wrote it, one call at a time.
//
// ctx is checked before each chunk of rows (about 250 claims, or 256 CSV
// rows) is settled: once it is cancelled, RunStream settles no more, writes
// and flushes the rows it settled, and returns ctx's error. So no claim is
// settled, and committed to st, without its row. A source's error ends
// the stream after the rows read before it, each settled and written, and
// flushed. A stream stopped by the destination's error may have settled
// rows it did not write: up to four chunks' worth a goroutine. A failure of the store (a
// *StoreError: a store that could not be read or written while a claim was
// settled) stops it after the rows before that claim, which it writes
// and flushes; it writes no row for that claim or any after it, and
// settles none after it. A run again over the same input, once the store
// works, writes what one whole run would, the claims settled before
// answered from the ledger.
func (p *Program) RunStream(ctx context.Context, st Store, in io.Reader, f claim.Format, w *claim.Writer, opt BatchOptions) (BatchStats, error) {
	return p.runStream(ctx, st, in, f, w, opt, nil)
}

// runStream is RunStream, calling parsed, when it is not nil, each time a
// worker has parsed a chunk: for tests, to hold a worker up.
func (p *Program) runStream(ctx context.Context, st Store, in io.Reader, f claim.Format, w *claim.Writer, opt BatchOptions, parsed func(worker, chunk int)) (BatchStats, error) {
	if err := p.checkArgs("context", ctx, "store", st, "input", in, "writer", w); err != nil {
		return BatchStats{}, err
	}
	if err := checkFormat(f); err != nil {
		return BatchStats{}, err // before a goroutine would panic on it
	}
	s := &stream{p: p, st: st, w: w, opt: opt, format: w.Format(), parsed: parsed}
	if wl, ok := st.(*WhatIfLedger); ok {
		s.noReversals = !wl.keeps()
		if wl.fast != nil && !opt.Explain {
			s.fast = wl
			s.nameErrorRows = wl.keepsUntilLast()
		}
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
	if s.fast != nil {
		// Whether family members count for order is read once, at the
		// start: seed balances before a run, not during it.
		s.fast.lock()
		s.one = s.settler(s.fast.fast, w.Formatter())
		s.fast.mu.Unlock()
	} else {
		s.one = s.settler(nil, w.Formatter())
	}
	return s.run(ctx, in, f, workers)
}

// streamChunkBytes is how much input one chunk holds: large enough that
// taking turns (reading, settling, writing) costs little per claim, small
// enough that a chunk's items stay in its core's caches from parsing to
// formatting. With each worker holding its chunks from reading to
// formatting (see stream_run.go), 64 KiB (about 250 claims) did best on
// two cores, two a worker: 16 KiB eight a worker took 0.72-0.77 s for 1M
// claims where 64 KiB took 0.61-0.66 s (one core 1.08-1.15 s either way),
// 256 KiB 0.68-0.69 s. (The pipelines before it, which handed each chunk
// from goroutine to goroutine, did best at 16 KiB.)
const streamChunkBytes = 64 << 10

// csvChunkRows is how many CSV rows one chunk holds: about the claims of a
// JSON Lines chunk. Each row's item is a few KB (its Flat, its prepared
// claim, its result); on two cores 256 rows two a worker took 0.25 s for
// 300k claims where 64 rows eight a worker took 0.28-0.31 s.
const csvChunkRows = 256

// stream is one RunStream.
type stream struct {
	p      *Program
	st     Store
	fast   *WhatIfLedger // nil: settle with SettleIn
	w      *claim.Writer
	format claim.Format
	opt    BatchOptions
	one    *settler // the settler of a stream settled on one goroutine
	// noReversals: st is a WhatIfLedger that keeps no settlements, so
	// that a reversal is refused (see whatIfReversal).
	noReversals bool
	// nameErrorRows: st keeps settlements until their last claim (see
	// WhatIfLedger.KeepUntilLast), so that a line that is no claim names
	// the setl_id StreamsAsBatch read of it (see streamItem.errSetlID).
	// Read once at the start, as the parsing workers hold no lock.
	nameErrorRows bool
	// parsed, for tests, is called by a worker each time it has parsed a
	// chunk, with the chunk's place in the input; nil but in tests.
	parsed func(worker, chunk int)
}

// settler settles rows in order against one ledger: the store's, or a
// what-if ledger's for the fast path. It formats the rows it cannot leave
// to the workers' formatting (see streamChunk.formatRows): Settle's
// settlements, and those a ledger kept, sent again.
type settler struct {
	p     *Program
	st    Store
	fast  *FastLedger   // nil: settle with SettleIn against st
	w     *claim.Writer // its own: a Writer's formatting is not safe to share
	opt   BatchOptions
	order *orderCheck
	// noReversals: the store keeps no settlements (see whatIfReversal).
	noReversals bool
	// failed is the failure of st that the last row met (fast nil): the
	// row has no output, and the stream stops before it.
	failed *StoreError
	// untraced counts the settlements written without a trace, with
	// Explain (see BatchStats.Untraced).
	untraced int
	// warmed is what warm read, stored so that the compiler keeps the
	// reads.
	warmed uint64
}

// warm reads, for each claim of items the fast path is to bind, the entry
// of the ledger's member table its member's search starts at. In a batch
// of many members that entry is rarely in the cache: read one claim at a
// time, between settlements, each miss was waited for alone; read here,
// one after another, they overlap (1M claims of 1M members, one core:
// 1.63-1.71 s to 1.38-1.41 s).
func (s *settler) warm(items []streamItem) {
	if s.fast == nil {
		return
	}
	var sum uint64
	for i := range items {
		if items[i].prepared {
			sum += s.fast.members.touch(items[i].fc.psnNo)
		}
	}
	s.warmed = sum
}

// settler returns a settler over fast (nil: the store) formatting with w.
func (s *stream) settler(fast *FastLedger, w *claim.Writer) *settler {
	return &settler{p: s.p, st: s.st, fast: fast, w: w, opt: s.opt, order: newOrderCheck(fast), noReversals: s.noReversals}
}

// streamItem is one row of a chunk.
type streamItem struct {
	flat     claim.Flat
	fc       FastClaim
	prepared bool         // fc is ready for SettleFast
	isFlat   bool         // flat holds the claim
	claim    *claim.Claim // the claim, when it is not flat
	err      *claim.Error // the row could not be read
	// A line that is no claim, whose setl_id StreamsAsBatch read all the
	// same (see claim.ReadLineKeys), names it to the settlements kept
	// until their last claim (see settler.named).
	errSetlID string

	// Once settled: the fast path's result, or an error row, both
	// formatted with the chunk's other rows on the core that parsed it
	// (settling is one chunk at a time: a stream of many late rows spent
	// its time formatting them there), or the row's bytes in the chunk's
	// rows.
	fast   bool
	res    FastResult
	errRow *claim.Error
	row    [2]int // rows[row[0]:row[1]]
}

// end ends a run whose goroutines are all done: with the first error, the
// writer's, the store's or ctx's (the output before it flushed) or the
// source's, or else with the output flushed.
func (s *stream) end(stats BatchStats, err, stop, readErr error) (BatchStats, error) {
	if err != nil {
		return stats, err
	}
	if stop != nil {
		return stats, stopped(stop, s.w)
	}
	if readErr != nil {
		// The rows settled before the source failed are written.
		return stats, stopped(readErr, s.w)
	}
	return stats, s.w.Flush()
}

// parse reads the lines of a JSON Lines chunk into its items.
func (s *stream) parse(lp *claim.LineParser, ch *streamChunk) {
	lines := ch.text.Lines
	if cap(ch.items) < len(lines) {
		ch.items = make([]streamItem, len(lines))
	}
	ch.items = ch.items[:len(lines)]
	for i, ln := range lines {
		s.parseLine(lp, ch.text.Text, ln, &ch.items[i])
	}
}

// addItem lengthens *items by one, reusing the memory an earlier filling
// left (a stream item is a few KB, a CSV row's cells a slice), and returns
// the new last item, holding whatever that filling left in it.
func addItem[T any](items *[]T) *T {
	if len(*items) < cap(*items) {
		*items = (*items)[:len(*items)+1]
	} else {
		var zero T
		*items = append(*items, zero)
	}
	return &(*items)[len(*items)-1]
}

// readFlat marks it as read into its Flat, and prepares the claim for the
// fast path when the stream has one.
func (s *stream) readFlat(it *streamItem) {
	it.isFlat = true
	if s.fast != nil {
		it.prepared = s.p.prepareFlat(&it.flat, &it.fc)
	}
}

// parseRow takes a CSV row's cells into it.
func (s *stream) parseRow(rp *claim.RowParser, row *csvRow, it *streamItem) {
	it.claim, it.err, it.isFlat, it.prepared, it.errSetlID = nil, nil, false, false, ""
	if row.err != nil {
		it.err = row.err
		return
	}
	flat, c, e := rp.Parse(&row.rec, &it.flat)
	switch {
	case flat:
		s.readFlat(it)
	case e != nil:
		it.err = e
	default:
		it.claim = c
	}
}

// parseLine reads one line of a chunk's text into it.
func (s *stream) parseLine(lp *claim.LineParser, text string, ln claim.ChunkLine, it *streamItem) {
	it.claim, it.err, it.isFlat, it.prepared, it.errSetlID = nil, nil, false, false, ""
	line := text[ln.Start:ln.End]
	switch {
	case ln.TooLong:
		it.err = claim.TooLongError(ln.No)
	case lp.Flat(line, ln.No, &it.flat):
		s.readFlat(it)
	default:
		it.claim, it.err = lp.Claim([]byte(line), ln.No)
		if it.err != nil && s.nameErrorRows {
			// StreamsAsBatch read a plain line's keys without parsing it
			// (batchKeys), and counted its setl_id, claim or not.
			if k, ok := claim.ReadLineKeys(line); ok {
				it.errSetlID = k.SetlID
			}
		}
	}
}

// settle settles a chunk's rows in order. A fast-path result and an error
// stay in their item, for a worker to format; any other row is formatted
// here, in ch.rows, since the Writer's formatting of decimals is not safe
// to share.
// When the store fails on a claim it returns the failure, the chunk cut
// short to the rows before that claim.
func (s *stream) settle(ch *streamChunk) *StoreError {
	if s.fast != nil {
		// The fast path works on the ledger directly: hold it for the
		// chunk, as Update would for each claim.
		s.fast.lockToChange()
		defer s.fast.mu.Unlock()
	}
	ch.rows = ch.rows[:0]
	ch.stats = BatchStats{Rows: len(ch.items)}
	untraced := s.one.untraced
	defer func() { ch.stats.Untraced = s.one.untraced - untraced }()
	s.one.warm(ch.items)
	for i := range ch.items {
		it := &ch.items[i]
		start := len(ch.rows)
		settled := s.one.row(&ch.rows, it)
		if s.one.failed != nil {
			ch.items, ch.stats.Rows = ch.items[:i], i
			return s.one.failed
		}
		if settled {
			ch.stats.Settled++
		} else {
			ch.stats.Errors++
		}
		it.row = [2]int{start, len(ch.rows)}
	}
	return nil
}

// row settles one row: a settlement on the fast path into it.res (with
// it.fast set), an error row into it.errRow, any other row formatted onto
// *rows. It reports whether the row is a settlement.
func (s *settler) row(rows *[]byte, it *streamItem) bool {
	it.fast, it.errRow = false, nil
	var ok bool
	if it.err != nil {
		it.errRow = it.err
	} else {
		ok = s.settleItem(rows, it)
	}
	if s.fast != nil && s.fast.kept.untilLastOn() {
		s.named(it)
	}
	return ok
}

// named tells the settlements the ledger keeps until their last claim
// which setl_ids the claim of it named (see keptEntries.named), settled or
// not, as StreamsAsBatch counted them: every row that is a claim, and a
// plain line that is not (see streamItem.errSetlID).
func (s *settler) named(it *streamItem) {
	k := s.fast.kept
	switch {
	case it.err != nil:
		if it.errSetlID != "" {
			k.named(it.errSetlID)
		}
	case it.prepared: // no reversal
		k.named(it.fc.setlID)
	case it.isFlat:
		k.named(it.flat.SetlID)
		if it.flat.Reverses != "" {
			k.named(it.flat.Reverses)
		}
	default:
		k.named(it.claim.SetlID)
		if it.claim.Reverses != "" {
			k.named(it.claim.Reverses)
		}
	}
}

// settleItem settles one claim: into it.res on the fast path, an error
// into it.errRow, else into a row in *rows. It reports whether the row is
// a settlement. When the
// store fails (fast nil), it makes no row and sets s.failed.
func (s *settler) settleItem(rows *[]byte, it *streamItem) bool {
	fail := func(err error) bool {
		if s.fast == nil {
			if failed := storeFailure(err); failed != nil {
				s.failed = failed
				return false
			}
		}
		var ce *claim.Error
		if !errors.As(err, &ce) {
			c := it.claim
			if c == nil {
				c = it.fc.claim()
			}
			ce = &claim.Error{SetlID: c.SetlID, Line: c.Line, Code: claim.CodeSettlement, Msg: err.Error()}
		}
		it.errRow = ce
		return false
	}
	var c *claim.Claim // nil on the prepared fast path
	var key orderKey
	var at time.Time
	if it.prepared {
		s.fast.bind(&it.fc)
		key, at = s.order.fastKey(&it.fc), it.flat.SetlTime
	} else {
		c = it.claim
		if it.isFlat {
			c = it.flat.Claim()
		}
		key, at = s.order.key(c.PsnNo, c.MulaidPsnNo), c.SetlTime
	}
	if who, late := s.order.late(key, at); late {
		held, err := s.settledBefore(it, c)
		if err != nil {
			return fail(err)
		}
		if !held {
			// The claim's own fault, when it has one, says more than its order.
			if err := s.ownError(it, c); err != nil {
				return fail(err)
			}
			if c == nil {
				c = it.fc.claim()
			}
			return fail(lateRow(who, at, c.SetlID, c.Line))
		}
	}
	var ok bool
	if it.prepared {
		ok = s.settleFast(rows, it, fail)
	} else {
		ok = s.settleClaim(rows, it, c, fail)
	}
	if ok {
		s.order.record(key, at)
	}
	return ok
}

// settledBefore reports whether the ledger holds a settlement under the
// setl_id of the claim (c, or the prepared claim of it when c is nil): a
// claim sent again, which changes nothing (Settle answers it with what the
// ledger holds, or an error on the figure that differs), and so is no row
// out of order however late it comes. A run started again over a stream
// with a ledger must write the rows the first run wrote. Its error is
// the store's failure (a *StoreError).
func (s *settler) settledBefore(it *streamItem, c *claim.Claim) (bool, error) {
	id := it.fc.setlID
	if c != nil {
		id = c.SetlID
	}
	if s.fast != nil {
		return s.fast.kept != nil && s.fast.kept.has(id), nil
	}
	held := false
	err := s.st.View(func(l Ledger) error {
		_, ok, err := l.Entry(id)
		held = ok
		return err
	})
	if err != nil {
		return false, s.p.ledgerError(c, err)
	}
	return held, nil
}

// settleFast settles a prepared item on the fast path, or on Settle when
// the fast path leaves it.
func (s *settler) settleFast(rows *[]byte, it *streamItem, fail func(error) bool) bool {
	l := s.fast
	fast, keep := l.keptFast(it.fc.setlID)
	if !fast {
		// A kept setl_id sent again: Settle returns the settlement kept.
		if !s.opt.Presettle && l.kept.sentAgain(l.p, rows, s.w, &it.fc) {
			return true
		}
		return s.settleClaim(rows, it, it.fc.claim(), fail)
	}
	var err error
	if s.opt.Presettle {
		err = s.p.PresettleFast(l, &it.fc, &it.res)
	} else {
		err = s.p.SettleFast(l, &it.fc, &it.res)
	}
	if err == nil {
		if keep && !s.opt.Presettle {
			l.keepFast(&it.fc, &it.res)
		}
		it.fast = true
		return true
	}
	if !errors.Is(err, ErrNotFast) {
		return fail(err)
	}
	// Left to Settle: an overflow, or a fraction of a fen.
	return s.settleClaim(rows, it, it.fc.claim(), fail)
}

// ownError is the error settling the claim would give, changing nothing:
// c, or the prepared claim of it when c is nil.
func (s *settler) ownError(it *streamItem, c *claim.Claim) error {
	if c == nil {
		if err := s.p.PresettleFast(s.fast, &it.fc, &it.res); !errors.Is(err, ErrNotFast) {
			return err
		}
		c = it.fc.claim()
	}
	if err := s.whatIfReversal(c); err != nil {
		return err
	}
	row := Result{Claim: c, read: true}
	opt := s.opt
	opt.Presettle = true
	if s.fast != nil {
		s.p.settleRowIn(fastView{s.fast}, &row, opt) // the stream holds the lock
	} else if err := s.p.settleRow(s.st, &row, opt); err != nil {
		return err // the store failed
	}
	if row.Err != nil {
		return row.Err
	}
	return nil
}

// whatIfReversal refuses a reversal against a what-if ledger, which has no
// settlement to reverse, unless it was told which to keep.
func (s *settler) whatIfReversal(c *claim.Claim) error {
	if s.noReversals && c.Reverses != "" {
		return &claim.Error{SetlID: c.SetlID, Line: c.Line, Field: "reverses", Code: claim.CodeClaim,
			Msg: "a what-if stream keeps no settlements, so it has none to reverse; settle it whole rather than streamed, or against a ledger that keeps settlements"}
	}
	return nil
}

// settleClaim settles a Claim: on the fast path when it can, else with
// Settle against the store.
func (s *settler) settleClaim(rows *[]byte, it *streamItem, c *claim.Claim, fail func(error) bool) bool {
	if err := s.whatIfReversal(c); err != nil {
		return fail(err)
	}
	if c.Reverses != "" && s.fast != nil && !s.opt.Presettle && s.fast.reverseFast(rows, s.w, c) {
		return true
	}
	row := Result{Claim: c, read: true}
	if s.fast != nil {
		// The stream holds the lock.
		if s.p.settleOnFast(s.fast, &row, s.opt, &it.res) {
			it.fast = true
			return true
		}
	} else if err := s.p.settleRow(s.st, &row, s.opt); err != nil {
		return fail(err) // the store failed
	}
	if row.Err != nil {
		it.errRow = row.Err
		return false
	}
	out, refused := s.w.AppendSettlement(*rows, row.Settlement)
	if refused != nil {
		return fail(refusedRow(refused, c))
	}
	*rows = out
	if s.opt.Explain && len(row.Settlement.Trace) == 0 {
		s.untraced++
	}
	return true
}

// settleOnFast settles (or presettles) row's claim against l: on the fast
// path into out, reporting true; else, where the fast path leaves the
// claim, with Settle over the ledger, as the decimal path does, into row's
// Settlement or Err, as it does a claim the fast path refuses outright.
func (p *Program) settleOnFast(l *FastLedger, row *Result, opt BatchOptions, out *FastResult) bool {
	if err := row.fault(); err != nil {
		row.fill(nil, err)
		return false
	}
	fast, keep := l.keptFast(row.Claim.SetlID)
	if !fast {
		p.settleRowIn(fastView{l}, row, opt)
		return false
	}
	var fc FastClaim
	err := p.decodeFast(l, row.Claim, &fc) // checked: row.fault
	if err == nil {
		if opt.Presettle {
			err = p.PresettleFast(l, &fc, out)
		} else if err = p.SettleFast(l, &fc, out); err == nil && keep {
			l.keepFast(&fc, out)
		}
	}
	switch {
	case err == nil:
		return true
	case errors.Is(err, ErrNotFast):
		p.settleRowIn(fastView{l}, row, opt)
	default:
		row.fill(nil, err)
	}
	return false
}

// settleRowIn is settleRow on a ledger the caller holds, a fast ledger's,
// which has no store to fail: every error is the row's.
func (p *Program) settleRowIn(l Ledger, row *Result, opt BatchOptions) {
	if err := row.fault(); err != nil {
		row.fill(nil, err)
		return
	}
	c := row.Claim
	var s *claim.Settlement
	var err error
	if opt.Presettle {
		var e *Entry
		if e, _, err = p.presettle(readOnly{l}, c, opt.Options); err == nil {
			s = e.Settlement
		}
	} else {
		s, err = p.settle(l, c, opt.Options)
	}
	row.fill(s, err)
}

// orderCheck remembers the latest setl_time settled for each member, so
// that a stream can tell when a row comes before an earlier row of the
// same member. Over a FastLedger it keeps them by the ledger's member
// index, which the fast path has already looked up; otherwise by psn_no.
// Only settled rows count: a row that fails changes no member's year.
//
// A row sharing a family member's account (mulaid_psn_no) touches that
// member too, unless the ledger is a FastLedger in which no account holds
// anything: its policy has no account block, so nothing ever pays into an
// account, and an empty account neither pays nor is refused for want of
// a link (notLinkedErr).
type orderCheck struct {
	fast     *FastLedger
	family   bool             // a row's family member counts
	lastFast blocks[int64]    // member index → Unix seconds of its latest row
	last     map[string]int64 // psn_no → Unix seconds of its latest row
}

// orderKey is the members a row touches: its own and the family member
// whose account it may share; by ledger index (-1: none) over a
// FastLedger, else by psn_no ("": none).
type orderKey struct {
	idx   [2]int32
	names [2]string
}

func newOrderCheck(fast *FastLedger) *orderCheck {
	return &orderCheck{fast: fast, family: fast == nil || fast.anyBalance(), last: map[string]int64{}}
}

// key is the orderKey of a row of psnNo sharing mulaid's account.
func (o *orderCheck) key(psnNo, mulaid string) orderKey {
	if !o.family {
		mulaid = ""
	}
	if o.fast == nil {
		return orderKey{names: [2]string{psnNo, mulaid}}
	}
	k := orderKey{idx: [2]int32{o.fast.member(psnNo), -1}}
	if mulaid != "" && mulaid != psnNo {
		k.idx[1] = o.fast.member(mulaid)
	}
	return k
}

// fastKey is the orderKey of a claim bound to o's FastLedger.
func (o *orderCheck) fastKey(fc *FastClaim) orderKey {
	k := orderKey{idx: [2]int32{fc.member, fc.mulaid}}
	if !o.family {
		k.idx[1] = -1
	}
	return k
}

// late reports the member a row at t comes too late for, if any.
func (o *orderCheck) late(k orderKey, t time.Time) (string, bool) {
	unix := t.Unix()
	if o.fast != nil {
		for _, i := range k.idx {
			if i >= 0 && int(i) < o.lastFast.len() && unix < *o.lastFast.at(i) {
				return strings.Clone(o.fast.nameOf(i)), true
			}
		}
		return "", false
	}
	for _, m := range k.names {
		if last, ok := o.last[m]; ok && m != "" && unix < last {
			return m, true
		}
	}
	return "", false
}

// record notes a row settled at t.
func (o *orderCheck) record(k orderKey, t time.Time) {
	unix := t.Unix()
	if o.fast != nil {
		for _, i := range k.idx {
			if i < 0 {
				continue
			}
			for int(i) >= o.lastFast.len() {
				o.lastFast.add(math.MinInt64)
			}
			last := o.lastFast.at(i)
			*last = max(*last, unix)
		}
		return
	}
	for _, m := range k.names {
		if m == "" {
			continue
		}
		if last, ok := o.last[m]; ok {
			o.last[m] = max(last, unix)
		} else {
			o.last[strings.Clone(m)] = unix // a Flat's strings share its line's memory
		}
	}
}

func lateRow(psnNo string, t time.Time, setlID string, line int) error {
	return &claim.Error{SetlID: setlID, Line: line, Field: "setl_time", Code: claim.CodeClaim,
		Msg: "settled " + t.Format("2006-01-02 15:04:05") + ", before an earlier row of member " + psnNo +
			": a stream settles rows in input order, so each member's rows must come in setl_time order" +
			" (sort the batch by setl_time, or settle it whole rather than streamed)"}
}
