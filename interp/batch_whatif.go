package interp

import (
	"context"
	"errors"

	"github.com/mpl-lang/mpl/interp/claim"
)

// runRowsWhatIf is RunRows against a what-if ledger that keeps its figures
// for the fast path: each claim is settled in setl_time order, on the fast
// path where it can, and its row formatted at once, so that the batch
// keeps bytes, not a Settlement a claim; then the rows are
// written in input order. It writes what RunRows writes against a
// MemoryLedger (TestWhatIfBatchEqualsMemory), given a batch that fits (see
// FitsWhatIf) — even to stopping, as RunRows does, at the first row in
// input order whose settlement the Writer refuses (a fraction of a fen),
// after writing the rows before it.
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
	// The rows go into blocks of a fixed size rather than one growing
	// buffer, which would copy them all each time it doubled.
	const blockBytes = 1 << 20
	var blocks [][]byte
	type place struct {
		block, start, end int
		refused           *claim.Error // the Writer refuses the settlement
	}
	at := make([]place, len(rows)) // where rows[i]'s bytes are
	order := settleOrder(rows)
	for n, i := range order {
		if err := ctx.Err(); err != nil {
			return stats, err
		}
		if len(blocks) == 0 || cap(blocks[len(blocks)-1])-len(blocks[len(blocks)-1]) < blockBytes/16 {
			blocks = append(blocks, make([]byte, 0, blockBytes))
		}
		b := len(blocks) - 1
		start := len(blocks[b])
		var refused *claim.Error
		blocks[b], refused = p.settleWhatIfRow(wl, &rows[i], blocks[b], w)
		at[i] = place{b, start, len(blocks[b]), refused}
		if opt.Progress != nil {
			opt.Progress(n+1, len(order))
		}
	}
	for i, rw := range rows {
		if rw.Err != nil {
			stats.Errors++
		} else {
			stats.Settled++
		}
		var err error
		switch {
		case rw.Claim == nil:
			err = w.WriteError(rw.Err) // unreadable: not settled
		case at[i].refused != nil:
			err = at[i].refused
		default:
			err = w.WriteRows(blocks[at[i].block][at[i].start:at[i].end])
		}
		if err != nil {
			return stats, err
		}
	}
	return stats, w.Flush()
}

// settleWhatIfRow settles row's claim against wl and appends its row to
// out: the settlement, or the error, which it also sets in row.Err. A
// settlement the Writer refuses (a fraction of a fen, which only Settle
// leaves) appends nothing and comes back as refused.
func (p *Program) settleWhatIfRow(wl *WhatIfLedger, row *Result, out []byte, w *claim.Writer) (_ []byte, refused *claim.Error) {
	c := row.Claim
	wl.lockToChange()
	var fc FastClaim
	err := p.DecodeFast(wl.fast, c, &fc)
	if err == nil {
		err = p.SettleFast(wl.fast, &fc, &wl.res)
	}
	if err == nil {
		out = wl.res.AppendRow(out, w.Format())
	}
	wl.mu.Unlock()
	if errors.Is(err, ErrNotFast) {
		// Settle over the what-if ledger, as the decimal path does.
		var s *claim.Settlement
		if s, err = p.SettleIn(wl, c, Options{}); err == nil {
			return w.AppendSettlement(out, s)
		}
	}
	if err != nil {
		row.fill(nil, err)
		return w.AppendError(out, row.Err), nil
	}
	return out, nil
}
