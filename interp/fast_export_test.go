package interp

import (
	"context"
	"fmt"
	"io"

	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// FastReason says why p settles nothing on the fast path; empty when it does.
func FastReason(p *Program) string { return p.fast.reason }

// FastKeys lists the accumulator keys p's fast path reads and writes.
func FastKeys(p *Program) []string { return p.fast.keys }

// StreamsAsBatchAtSpilling is p.StreamsAsBatchAt with the setl_ids its
// check records written to a temporary file a block of block at a time,
// none held in memory but the blocks being filled.
func StreamsAsBatchAtSpilling(p *Program, r io.ReaderAt, n int64, f claim.Format, seeded bool, parts, block int) (*KeepSet, bool, error) {
	return p.streamsAsBatchAt(r, n, f, seeded, parts, refLimits{block: block}, backReading{window: streamChunkBytes})
}

// StreamsAsBatchAtWindow is p.StreamsAsBatchAt with each JSON Lines span
// read window bytes at a time, not a stream chunk's 64 KiB, so that a
// short batch is read from both ends; backFirst has each span's forward
// reading wait until its back reading is done, so that the back one reads
// as far as it may whatever the scheduler does.
func StreamsAsBatchAtWindow(p *Program, r io.ReaderAt, n int64, f claim.Format, seeded bool, parts, window int, backFirst bool) (*KeepSet, bool, error) {
	return p.streamsAsBatchAt(r, n, f, seeded, parts, refLimits{refBlock, refsInMemory}, backReading{window: window, first: backFirst})
}

// RunStreamWatched is p.RunStream with parsed called by each worker each
// time it has parsed a chunk, with the chunk's place in the input (0 for
// the first): a worker is held up for as long as parsed takes.
func RunStreamWatched(p *Program, ctx context.Context, st Store, in io.Reader, f claim.Format, w *claim.Writer, opt BatchOptions, parsed func(worker, chunk int)) (BatchStats, error) {
	return p.runStream(ctx, st, in, f, w, opt, parsed)
}

// StreamChunksPerWorker is how many chunks a stream's worker holds at
// most.
const StreamChunksPerWorker = chunksPerWorker

// KeptLeft says what w's fast path still keeps (see KeepUntilLast): how
// many settlements, entries, reversals and counts of claims yet to come;
// "" when none.
func KeptLeft(w *WhatIfLedger) string {
	if w.fast == nil || w.fast.kept == nil {
		return ""
	}
	k := w.fast.kept
	k.mu.Lock()
	defer k.mu.Unlock()
	if len(k.fast)+len(k.entries)+len(k.reversed)+len(k.left) == 0 {
		return ""
	}
	return fmt.Sprintf("%d fast, %d entries, %d reversed, %d counts", len(k.fast), len(k.entries), len(k.reversed), len(k.left))
}

// KeepSetMembers is how many members the batch k was made of names (the
// room a ledger told to keep k makes); 0 for a nil k.
func KeepSetMembers(k *KeepSet) int {
	if k == nil {
		return 0
	}
	return k.members
}

// SetBalancesUnchecked sets a member's balances on a MemoryLedger or a
// WhatIfLedger as SetBalances does, but without its checks: a balance
// below zero that no method sets, but that a persistent store edited by
// hand could hold.
func SetBalancesUnchecked(st Store, psnNo string, current, carried decimal.Decimal) error {
	switch l := st.(type) {
	case *MemoryLedger:
		l.mu.Lock()
		defer l.mu.Unlock()
		a := l.accounts[psnNo]
		a.Current, a.Carried = current, carried
		l.accounts[psnNo] = a
		return nil
	case *WhatIfLedger:
		l.lockToChange()
		defer l.mu.Unlock()
		car, ok1 := moneyFen(carried)
		cur, ok2 := moneyFen(current)
		if !ok1 || !ok2 {
			return fmt.Errorf("SetBalancesUnchecked: not whole fen")
		}
		*l.fast.account(l.fast.member(psnNo)) = fastAccount{current: cur, carried: car}
		return nil
	}
	return fmt.Errorf("SetBalancesUnchecked: %T", st)
}
