package interp

import (
	"context"
	"sync"

	"github.com/mpl-lang/mpl/interp/claim"
)

// runRowsWhatIf is RunRows against a what-if ledger that keeps its figures
// for the fast path: each claim is settled in setl_time order, on the fast
// path where it can, and its row formatted at once, so that the batch
// keeps bytes, not a Settlement a claim; then the rows are written in
// input order. With opt.Workers above one and no account holding money,
// the members are split among that many goroutines, each with a part of
// the ledger's figures (see WhatIfLedger.lend). It writes what RunRows writes against a
// MemoryLedger (TestWhatIfBatchEqualsMemory), given a batch that fits (see
// FitsWhatIf).
func (p *Program) runRowsWhatIf(ctx context.Context, wl *WhatIfLedger, rows []Result, w *claim.Writer, opt BatchOptions) (BatchStats, error) {
	stats := BatchStats{Rows: len(rows)}
	if len(rows) == 0 {
		return stats, w.Flush()
	}
	// The CSV header first, so that no row made by the Append methods
	// carries it.
	if err := w.WriteRows(nil); err != nil {
		return stats, err
	}
	made := make([][]byte, len(rows)) // each claim's row
	if err := p.settleWhatIfRows(ctx, wl, rows, made, w, opt); err != nil {
		return BatchStats{}, err // cancelled: no row written
	}
	stats.Through = len(rows)
	for i, rw := range rows {
		if rw.Err != nil {
			stats.Errors++
		} else {
			stats.Settled++
		}
		var err error
		if rw.Claim == nil {
			err = w.WriteError(rw.Err) // unreadable: not settled
		} else {
			err = w.WriteRows(made[i])
		}
		if err != nil {
			return stats, err
		}
	}
	return stats, w.Flush()
}

// settleWhatIfRows settles rows' claims in setl_time order against wl,
// into made and the rows' Err, on opt.Workers goroutines split by member
// (one when an account holds money: a claim may draw on a family member's).
// For the run the goroutines have wl's figures: changes wait, reads see
// the start.
func (p *Program) settleWhatIfRows(ctx context.Context, wl *WhatIfLedger, rows []Result, made [][]byte, w *claim.Writer, opt BatchOptions) error {
	ledgers, pt, giveBack := wl.lend(max(1, min(opt.Workers, maxSplitParts)))
	defer giveBack()
	n := len(ledgers)

	queues := make([][]int, n) // each partition's rows, in settling order
	order := SettleOrder(rows)
	for _, i := range order {
		k := pt.of(rows[i].Claim.PsnNo)
		queues[k] = append(queues[k], i)
	}
	var wg sync.WaitGroup
	progress := batchProgress{fn: opt.Progress, total: len(order)}
	for k := range n {
		// A Formatter of its own for the rows it makes.
		fw := w.Formatter()
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := whatIfRows{p: p, l: ledgers[k], w: fw}
			for _, i := range queues[k] {
				if err := ctx.Err(); err != nil {
					progress.fail(err)
					return
				}
				made[i] = r.settle(&rows[i])
				progress.step()
			}
		}()
	}
	wg.Wait()
	return progress.err
}

// whatIfRows settles one partition's claims and formats their rows into
// blocks of its own, of a fixed size rather than one growing buffer,
// which would copy them all each time it doubled.
type whatIfRows struct {
	p     *Program
	l     *FastLedger
	w     *claim.Writer // a Formatter of the batch's
	block []byte
	res   FastResult
}

const whatIfBlockBytes = 1 << 20

// settle settles row's claim and formats its row: the settlement, or the
// error, which it also sets in row.Err. A settlement the Writer refuses (a
// fraction of a fen, which only Settle leaves) is an error row, as RunRows
// and a stream make it.
func (r *whatIfRows) settle(row *Result) []byte {
	if cap(r.block)-len(r.block) < whatIfBlockBytes/16 {
		r.block = make([]byte, 0, whatIfBlockBytes)
	}
	start := len(r.block)
	res := Result{Claim: row.Claim, read: row.read} // the row keeps no Settlement
	switch {
	case r.p.settleOnFast(r.l, &res, BatchOptions{}, &r.res):
		r.block = r.res.AppendRow(r.block, r.w)
	case res.Err != nil:
		row.Err = res.Err
		r.block = r.w.AppendError(r.block, row.Err)
	default:
		var refused *claim.Error
		if r.block, refused = r.w.AppendSettlement(r.block, res.Settlement); refused != nil {
			row.Err = refusedRow(refused, row.Claim)
			r.block = r.w.AppendError(r.block, row.Err)
		}
	}
	return r.block[start:len(r.block):len(r.block)]
}
