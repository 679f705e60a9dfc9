package interp

import (
	"context"
	"errors"
	"io"
	"sort"

	"github.com/mpl-lang/mpl/interp/claim"
)

// BatchOptions changes how a batch is settled.
type BatchOptions struct {
	Options
	// Progress, when set, is called after each claim is settled with the
	// number done and the number read.
	Progress func(done, total int)
}

// BatchStats counts a batch's rows.
type BatchStats struct {
	Rows    int // input rows: claims and unreadable lines
	Settled int // settlement rows written
	Errors  int // error rows written
}

// RunBatch reads every claim from r, settles them against l in setl_time
// order (so each member's year accumulates in time order; claims at the same
// time keep input order), and writes one row per input row to w, in input
// order: a settlement, or an error naming the claim or line. A bad row never
// stops the batch; only a failure to write, or ctx being cancelled, does.
func (p *Program) RunBatch(ctx context.Context, l Ledger, r *claim.Reader, w *claim.Writer, opt BatchOptions) (BatchStats, error) {
	type row struct {
		c   *claim.Claim
		s   *claim.Settlement
		err *claim.Error
	}
	var rows []row
	for {
		c, err := r.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		var ce *claim.Error
		switch {
		case errors.As(err, &ce):
			rows = append(rows, row{err: ce})
		case err != nil:
			return BatchStats{Rows: len(rows)}, err
		default:
			rows = append(rows, row{c: c})
		}
	}
	order := make([]int, 0, len(rows))
	for i, rw := range rows {
		if rw.c != nil {
			order = append(order, i)
		}
	}
	sort.SliceStable(order, func(a, b int) bool {
		return rows[order[a]].c.SetlTime.Before(rows[order[b]].c.SetlTime)
	})
	for n, i := range order {
		if err := ctx.Err(); err != nil {
			return BatchStats{Rows: len(rows)}, err
		}
		s, err := p.Settle(l, rows[i].c, opt.Options)
		if err != nil {
			var ce *claim.Error
			if !errors.As(err, &ce) {
				ce = &claim.Error{SetlID: rows[i].c.SetlID, Line: rows[i].c.Line, Code: claim.CodeSettlement, Msg: err.Error()}
			}
			rows[i].err = ce
		} else {
			rows[i].s = s
		}
		if opt.Progress != nil {
			opt.Progress(n+1, len(order))
		}
	}
	st := BatchStats{Rows: len(rows)}
	for _, rw := range rows {
		var err error
		if rw.err != nil {
			st.Errors++
			err = w.WriteError(rw.err)
		} else {
			st.Settled++
			err = w.WriteSettlement(rw.s)
		}
		if err != nil {
			return st, err
		}
	}
	return st, w.Flush()
}
