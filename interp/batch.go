package interp

import (
	"context"
	"errors"
	"io"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// BatchOptions changes how a batch is settled.
type BatchOptions struct {
	Options
	// Progress, when set, is called after each claim is settled with the
	// number done and the number read.
	Progress func(done, total int)
	// Presettle computes each settlement against the ledger as it stands
	// and writes nothing (the platform's 2206): a what-if over a batch.
	Presettle bool
	// Workers is how many goroutines settle at once; 0 or 1 settles one
	// claim at a time. Claims that touch each other (the same member, a
	// family member's account, the same setl_id, a reversal and what it
	// reverses) always go to the same worker, in setl_time order, so the
	// result is the same as one worker's whatever the number. RunStream
	// runs on this many goroutines (0 means GOMAXPROCS), which settle its
	// chunks of rows in turn, in input order (see RunStream).
	Workers int
}

// BatchStats counts a batch's rows.
type BatchStats struct {
	Rows    int // input rows: claims and unreadable lines
	Settled int // settlement rows written
	Errors  int // error rows written
	// Through counts the input rows, from the first, whose claims had
	// been settled when the run ended: more than the rows written when
	// the writer failed after claims were settled whose rows it never
	// wrote (a batch held whole settles every claim before it writes a
	// row). A store that keeps settlements answers those claims from them
	// in a run again.
	Through int
	// Untraced counts, with Explain, the settlement rows written without
	// a trace: claims the ledger held already, answered with the
	// settlement it stored, which was settled without Explain. (The
	// trace is not worked out again here: a run again writes the rows
	// the first run wrote; Program.ExplainIn explains them.)
	Untraced int
}

// Result is the outcome of one input row: a settlement, or an error naming
// the claim (or the line, for a row that could not be read).
type Result struct {
	Claim      *claim.Claim // nil for an unreadable row
	Settlement *claim.Settlement
	Err        *claim.Error

	read bool // Claim is as a claim.Reader returned it, checked
}

// fault is what is wrong with the row's claim before it is settled: for a
// claim built in Go (not read by ReadAll or a stream, whose readers check
// what they read) what claim.Claim.Validate finds, and for a row with
// neither a claim nor an error, that; else nil.
func (row *Result) fault() error {
	if row.read {
		return nil
	}
	return checkClaim(row.Claim)
}

// ReadAll reads every row of r: a claim, or the error that kept the row from
// being one. Only a failure of the source itself stops it.
func ReadAll(r *claim.Reader) ([]Result, error) {
	var rows []Result
	for {
		c, err := r.Next()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err == nil {
			rows = append(rows, Result{Claim: c, read: true})
			continue
		}
		// ce only here: errors.As takes its address, which would put it
		// on the heap for every row.
		var ce *claim.Error
		if !errors.As(err, &ce) {
			return rows, err
		}
		rows = append(rows, Result{Err: ce})
	}
}

// SettleAll settles the claims among rows against st in setl_time order (so
// each member's year accumulates in time order; claims at the same time keep
// input order) and fills in each row's settlement or error, in place. The
// claims are taken as a claim.Reader returns them, checked (see RunRows). Each
// claim is settled in its own transaction: a batch stopped at any point and
// run again ends where one whole run would, since claims already settled
// return their stored settlements. A failure of the store (a *StoreError)
// stops it, as ctx does: the claims not yet settled, the one the store
// failed on among them, are left with neither settlement nor error. On
// several goroutines the others stop before their next claim: none of
// the failed claim's member or family settles after it, though another
// member's claim under way may.
func (p *Program) SettleAll(ctx context.Context, st Store, rows []Result, opt BatchOptions) error {
	if err := p.checkArgs("context", ctx, "store", st); err != nil {
		return err
	}
	markEmpty(rows)
	order := SettleOrder(rows)
	if opt.Workers <= 1 || len(order) < 2 {
		for n, i := range order {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err := p.settleRow(st, &rows[i], opt); err != nil {
				return err
			}
			if opt.Progress != nil {
				opt.Progress(n+1, len(order))
			}
		}
		return nil
	}
	queues := partition(rows, order, opt.Workers)
	var wg sync.WaitGroup
	progress := batchProgress{fn: opt.Progress, total: len(order)}
	for _, q := range queues {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, i := range q {
				if err := ctx.Err(); err != nil {
					progress.fail(err)
					return
				}
				if progress.failed.Load() {
					return // another worker's store failed
				}
				if err := p.settleRow(st, &rows[i], opt); err != nil {
					progress.fail(err)
					return
				}
				progress.step()
			}
		}()
	}
	wg.Wait()
	return progress.err
}

// batchProgress counts the claims a batch's goroutines settle and reports
// each to fn (if any), one at a time, and keeps the first error a
// goroutine stops on.
type batchProgress struct {
	mu     sync.Mutex
	fn     func(done, total int)
	done   int
	total  int
	err    error
	failed atomic.Bool // a goroutine has stopped on err: the others stop too
}

// step reports one more claim settled.
func (b *batchProgress) step() {
	if b.fn == nil {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	b.done++
	b.fn(b.done, b.total)
}

// fail records that a goroutine stopped on err.
func (b *batchProgress) fail(err error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.err == nil {
		b.err = err
	}
	b.failed.Store(true)
}

// markEmpty gives a row with neither a claim nor an error (a Result{} a
// caller left) the error that says so, so that it is an error row rather
// than nothing to write.
func markEmpty(rows []Result) {
	for i := range rows {
		if rows[i].Claim == nil && rows[i].Err == nil {
			rows[i].Err = &claim.Error{Code: claim.CodeClaim, Msg: "row " + strconv.Itoa(i+1) + " has neither a claim nor an error"}
		}
	}
}

// SettleOrder is the order SettleAll and RunRows settle rows' claims in:
// by setl_time, claims at the same time in input order, but for a
// reversal listed before the claim it reverses at the same time (a
// date-only setl_time, a HIS that stamps both alike), which settles right
// after that claim: settled before it, the reversal would find nothing to
// reverse, and a run again, finding the claim in the ledger, would reverse
// it. Rows without a claim are left out. Its items index rows. A report
// over settled rows reads them in this order to tell the settlement of a
// setl_id from the answers to it sent again.
func SettleOrder(rows []Result) []int {
	order := make([]int, 0, len(rows))
	for i, rw := range rows {
		if rw.Claim != nil {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		return rows[order[a]].Claim.SetlTime.Before(rows[order[b]].Claim.SetlTime)
	})
	return reversalsAfterClaims(rows, order)
}

// reversalsAfterClaims moves each reversal in order that comes before the
// claim it reverses at the same setl_time to just after that claim (its
// first row, a claim sent again being answered by the first).
func reversalsAfterClaims(rows []Result, order []int) []int {
	first := map[string]int{} // setl_id → position in order of its first claim, for setl_ids reversed
	for _, i := range order {
		if c := rows[i].Claim; c.Reverses != "" {
			first[c.Reverses] = -1
		}
	}
	if len(first) == 0 {
		return order
	}
	for at, i := range order {
		c := rows[i].Claim
		if k, ok := first[c.SetlID]; ok && k < 0 && c.Reverses == "" {
			first[c.SetlID] = at
		}
	}
	var held map[string][]int // by the setl_id they reverse, the reversals moved
	out := make([]int, 0, len(order))
	for at, i := range order {
		c := rows[i].Claim
		if c.Reverses != "" {
			if k := first[c.Reverses]; k > at && rows[order[k]].Claim.SetlTime.Equal(c.SetlTime) {
				if held == nil {
					held = map[string][]int{}
				}
				held[c.Reverses] = append(held[c.Reverses], i)
				continue
			}
		}
		out = append(out, i)
		if c.Reverses == "" && first[c.SetlID] == at {
			out = append(out, held[c.SetlID]...)
			delete(held, c.SetlID)
		}
	}
	return out
}

// settleRow settles (or presettles) one row's claim, filling in its
// settlement or error; a failure of the store is no row's, and is
// returned, the row left as it was.
func (p *Program) settleRow(st Store, row *Result, opt BatchOptions) error {
	if err := row.fault(); err != nil {
		row.fill(nil, err)
		return nil
	}
	c := row.Claim
	var s *claim.Settlement
	var err error
	if opt.Presettle {
		s, err = p.presettleIn(st, c, opt.Options)
	} else {
		s, err = p.settleIn(st, c, opt.Options) // checked: row.fault
	}
	if failed := storeFailure(err); failed != nil {
		return failed
	}
	row.fill(s, err)
	return nil
}

// storeFailure is err's *StoreError, or nil when it is none.
func storeFailure(err error) *StoreError {
	if err == nil {
		return nil
	}
	// failed only here: errors.As takes its address, which would put it
	// on the heap for every row.
	var failed *StoreError
	if errors.As(err, &failed) {
		return failed
	}
	return nil
}

// settled reports whether the row has its outcome: it is no claim, or its
// claim has a settlement or an error.
func (row *Result) settled() bool {
	return row.Claim == nil || row.Settlement != nil || row.Err != nil
}

// fill records a row's settlement, or its error as a claim error row.
func (row *Result) fill(s *claim.Settlement, err error) {
	if err != nil {
		var ce *claim.Error
		if !errors.As(err, &ce) {
			c := row.Claim
			ce = &claim.Error{SetlID: c.SetlID, Line: c.Line, Code: claim.CodeSettlement, Msg: err.Error()}
		}
		row.Err = ce
		return
	}
	row.Settlement = s
}

// partition splits the claims (indices into rows, in settling order) over
// n workers. Claims that touch each other are joined into one group (a
// union-find over members, family members, setl_ids and reversed ids);
// groups go whole to the least-loaded worker, largest first, and each
// worker's queue keeps the settling order.
func partition(rows []Result, order []int, n int) [][]int {
	ids := map[string]int{}
	var parent []int
	id := func(key string) int {
		if i, ok := ids[key]; ok {
			return i
		}
		ids[key] = len(parent)
		parent = append(parent, len(parent))
		return len(parent) - 1
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, b int) { parent[find(a)] = find(b) }
	first := make([]int, len(order))
	for k, i := range order {
		c := rows[i].Claim
		first[k] = id("psn\x00" + c.PsnNo)
		union(first[k], id("id\x00"+c.SetlID))
		if c.MulaidPsnNo != "" {
			union(first[k], id("psn\x00"+c.MulaidPsnNo))
		}
		if c.Reverses != "" {
			union(first[k], id("id\x00"+c.Reverses))
		}
	}
	size := map[int]int{}
	for k := range order {
		size[find(first[k])]++
	}
	groups := make([]int, 0, len(size))
	for g := range size {
		groups = append(groups, g)
	}
	sort.Slice(groups, func(a, b int) bool {
		if size[groups[a]] != size[groups[b]] {
			return size[groups[a]] > size[groups[b]]
		}
		return groups[a] < groups[b]
	})
	load := make([]int, n)
	worker := map[int]int{}
	for _, g := range groups {
		w := 0
		for i := range load {
			if load[i] < load[w] {
				w = i
			}
		}
		worker[g] = w
		load[w] += size[g]
	}
	queues := make([][]int, n)
	for k, i := range order {
		w := worker[find(first[k])]
		queues[w] = append(queues[w], i)
	}
	return queues
}

// RunBatch reads every claim from r, settles them against st (see
// SettleAll), and writes one row per input row to w, in input order: a
// settlement, or an error naming the claim or line. A bad row never stops
// the batch; only a failure to read or write, a failure of the store, or
// ctx being cancelled, does. After a failure of the store (a *StoreError,
// returned) it writes the rows as far as the first claim not settled, and
// flushes them; see RunRows. Once ctx is cancelled it settles no more
// claims (ctx is checked before each) and writes no row: the
// claims settled before stay in st, and a run again over the batch
// answers them from it.
func (p *Program) RunBatch(ctx context.Context, st Store, r *claim.Reader, w *claim.Writer, opt BatchOptions) (BatchStats, error) {
	if err := p.checkArgs("context", ctx, "store", st, "claim reader", r, "writer", w); err != nil {
		return BatchStats{}, err
	}
	rows, err := ReadAll(r)
	if err != nil {
		return BatchStats{Rows: len(rows)}, err
	}
	return p.RunRows(ctx, st, rows, w, opt)
}

// KeepsSettlements reports whether rows need a ledger that keeps
// settlements: whether a claim reverses another or a setl_id comes twice
// (a resubmission returns the stored settlement). Without such claims, and
// within the fast path's range (see FitsWhatIf), a fresh WhatIfLedger
// settles rows exactly as a fresh MemoryLedger does, on the fast path
// where the policy allows.
func KeepsSettlements(rows []Result) bool {
	seen := make(map[string]struct{}, len(rows))
	for _, rw := range rows {
		c := rw.Claim
		if c == nil {
			continue
		}
		if c.Reverses != "" {
			return true
		}
		if _, ok := seen[c.SetlID]; ok {
			return true
		}
		seen[c.SetlID] = struct{}{}
	}
	return false
}

// FitsWhatIf reports whether a fresh WhatIfLedger settles rows to the rows
// a fresh MemoryLedger does: when no claim needs a kept settlement (see
// KeepsSettlements), and the claims' totals together stay within what the
// fast path's ledger holds (10¹³ yuan), so that no figure of a member's
// year can leave its range. mpl run settles such a batch on a what-if
// ledger.
func FitsWhatIf(rows []Result) bool {
	if KeepsSettlements(rows) {
		return false
	}
	limit := decimal.New(fastMaxFen, -2)
	total := decimal.Zero
	for _, rw := range rows {
		if rw.Claim == nil {
			continue
		}
		if total = total.Add(rw.Claim.MedfeeSumamt.Abs()); total.GreaterThan(limit) {
			return false
		}
	}
	return true
}

// RunRows is RunBatch on rows already read (by ReadAll): it settles them
// against st and writes one row per input row to w, in input order. The
// rows' claims are taken as a claim.Reader returns them, checked: a claim
// built in Go goes through Settle or SettleIn, which check it.
// Against a WhatIfLedger it settles on the int64 fast path where it can
// and formats each settlement as it settles, keeping bytes rather than
// Settlements: it sets each row's Err, but not its Settlement. A
// settlement the Writer refuses (a figure with a fraction of a fen, left
// by a policy that does not round it) is an error row.
//
// When the store fails (SettleAll returns a *StoreError), RunRows writes
// the rows in input order as far as the first claim not settled when it
// stopped (the claim the store failed on, or one that would have been
// settled after it), flushes them and returns the error. The output is
// then the start of what a whole run writes, and a run again over the
// batch once the store works writes all of it, the claims settled before
// answered from the ledger. Stats count the rows written.
func (p *Program) RunRows(ctx context.Context, st Store, rows []Result, w *claim.Writer, opt BatchOptions) (BatchStats, error) {
	if err := p.checkArgs("context", ctx, "store", st, "writer", w); err != nil {
		return BatchStats{}, err
	}
	markEmpty(rows)
	if wl, ok := st.(*WhatIfLedger); ok && wl.fast != nil && wl.p == p && !opt.Explain && !opt.Presettle {
		return p.runRowsWhatIf(ctx, wl, rows, w, opt)
	}
	stats := BatchStats{Rows: len(rows)}
	var failed *StoreError
	if err := p.SettleAll(ctx, st, rows, opt); err != nil && !errors.As(err, &failed) {
		return BatchStats{}, err // cancelled: no row written
	}
	stats.Through = len(rows)
	for i := range rows {
		rw := &rows[i]
		if failed != nil && !rw.settled() {
			stats.Rows, stats.Through = i, i
			return stats, stopped(failed, w)
		}
		if rw.Err == nil {
			var refused *claim.Error
			if err := w.WriteSettlement(rw.Settlement); !errors.As(err, &refused) {
				if err != nil {
					return stats, err
				}
				stats.Settled++
				if opt.Explain && len(rw.Settlement.Trace) == 0 {
					stats.Untraced++
				}
				continue
			}
			rw.Err = refusedRow(refused, rw.Claim)
		}
		stats.Errors++
		if err := w.WriteError(rw.Err); err != nil {
			return stats, err
		}
	}
	if failed != nil {
		return stats, stopped(failed, w)
	}
	return stats, w.Flush()
}

// stopped ends a run the store's failure (or ctx) stopped: it flushes the
// rows written before it and returns why it stopped (with the Writer's
// error, if the flush fails too).
func stopped(why error, w *claim.Writer) error {
	if err := w.Flush(); err != nil {
		return errors.Join(why, err)
	}
	return why
}

// refusedRow is the error row of c, whose settlement the Writer refused
// (a figure with a fraction of a fen, which a policy that does not round
// can leave): the row is an error, as a bad claim's is, and the batch
// goes on, so that every claim still has its row.
func refusedRow(refused *claim.Error, c *claim.Claim) *claim.Error {
	refused.SetlID, refused.Line = c.SetlID, c.Line
	return refused
}
