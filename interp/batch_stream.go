package interp

import (
	"hash/maphash"
	"io"
	"math/bits"
	"slices"
	"time"

	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp/claim"
)

// StreamsAsBatch reads a whole batch of JSON Lines claims from r and
// reports whether RunStream, against a fresh WhatIfLedger, settles it to
// the very rows and counts RunRows writes for it against a fresh
// MemoryLedger, so that a batch already in order may be settled as a
// stream: without holding its claims, sorting them or converting them to
// decimals. It is so when
//
//   - the batch fits a what-if ledger (see FitsWhatIf): no claim reverses
//     another, no setl_id comes twice, the totals stay within range;
//   - each member's claims come in setl_time order, as the batch would
//     settle them; or every claim does, where a member may draw on a
//     family member's account: when balances are seeded (seeded), or the
//     policy is one the fast path does not take (one with an account
//     block, say), as the stream's own order check has it.
//
// A line that is no claim (too long, not JSON, a field wrong) is an error
// row both ways, worded alike (see TestStreamEqualsBatch), and asks
// nothing. It reads every line as the stream will, with claim.LineParser,
// or just the fields it needs where the line is plain, and says no at the
// first that breaks a rule. A setl_id is remembered by a 64-bit hash, so
// that two ids sharing one (about one batch in 10⁷ at a million claims)
// send the batch the slow way, never a wrong one. It holds 8 bytes a
// claim, and returns the error of a failing r.
func (p *Program) StreamsAsBatch(r io.Reader, seeded bool) (bool, error) {
	inOrder := seeded || p.fast.reason != "" // every claim, not each member's
	cr := claim.NewChunkReader(r)
	lp := claim.NewLineParser()
	seed := maphash.MakeSeed()
	var ids []uint64 // of the setl_ids, to sort and compare at the end
	// By member (by a hash too: two members sharing one must then keep
	// order together, which asks more, never less), the latest setl_time.
	lastOf := make(map[uint64]time.Time)
	var last time.Time // of any claim
	var total int64    // in fen, of |medfee_sumamt|
	var ch claim.Chunk
	var f claim.Flat
	for {
		switch err := cr.Next(&ch, streamChunkBytes); {
		case err == io.EOF:
			return !twice(ids), nil
		case err != nil:
			return false, err
		}
		for _, ln := range ch.Lines {
			if ln.TooLong {
				continue // an error row
			}
			k, ok := batchKeys(lp, ch.Text[ln.Start:ln.End], ln.No, &f)
			if !ok {
				continue // an error row
			}
			if k.reverses {
				return false, nil
			}
			ids = append(ids, maphash.String(seed, k.setlID))
			if total += k.fen; total > fastMaxFen {
				return false, nil
			}
			member := maphash.String(seed, k.psnNo)
			if prev, ok := lastOf[member]; ok && k.setlTime.Before(prev) || inOrder && k.setlTime.Before(last) {
				return false, nil
			}
			lastOf[member], last = k.setlTime, k.setlTime
		}
	}
}

// twice reports whether hashes, spread evenly, hold a value twice: the
// same values side by side once sorted, sorted here in two steps, by their
// top bits into buckets of about 16, then each bucket on its own, which
// takes a million a third of the time slices.Sort does (BenchmarkTwice,
// BenchmarkTwiceBySort).
func twice(hashes []uint64) bool {
	shift := 64 - min(max(bits.Len(uint(len(hashes)))-4, 0), 16)
	if shift == 64 {
		return twiceSorted(hashes)
	}
	// starts[b] is where bucket b starts in spread, once counted.
	starts := make([]int, 1<<(64-shift)+1)
	for _, h := range hashes {
		starts[h>>shift+1]++
	}
	for b := 1; b < len(starts); b++ {
		starts[b] += starts[b-1]
	}
	spread := make([]uint64, len(hashes))
	next := slices.Clone(starts[:len(starts)-1])
	for _, h := range hashes {
		spread[next[h>>shift]] = h
		next[h>>shift]++
	}
	for b := 0; b+1 < len(starts); b++ {
		if twiceSorted(spread[starts[b]:starts[b+1]]) {
			return true
		}
	}
	return false
}

// twiceSorted sorts hashes and reports whether one comes twice.
func twiceSorted(hashes []uint64) bool {
	slices.Sort(hashes)
	for i := 1; i < len(hashes); i++ {
		if hashes[i] == hashes[i-1] {
			return true
		}
	}
	return false
}

// lineKeys is what StreamsAsBatch needs of a claim.
type lineKeys struct {
	psnNo, setlID string
	setlTime      time.Time
	fen           int64 // |medfee_sumamt| in fen, rounded up; past fastMaxFen when beyond it
	reverses      bool
}

// batchKeys reads line as the stream will, but as little as it must: its
// keys alone when the line is plain (claim.ReadLineKeys), else on the
// flat path when it can, else in full. ok is false when the line is no
// claim.
func batchKeys(lp *claim.LineParser, line string, no int, f *claim.Flat) (k lineKeys, ok bool) {
	if lk, ok := claim.ReadLineKeys(line); ok {
		return lineKeys{psnNo: lk.PsnNo, setlID: lk.SetlID, setlTime: lk.SetlTime, fen: lk.MedfeeSumamt}, true
	}
	if lp.Flat(line, no, f) {
		fen := f.MedfeeSumamt
		if fen < 0 {
			fen = -fen
		}
		return lineKeys{psnNo: f.PsnNo, setlID: f.SetlID, setlTime: f.SetlTime, fen: fen, reverses: f.Reverses != ""}, true
	}
	c, err := lp.Claim([]byte(line), no)
	if err != nil {
		return lineKeys{}, false
	}
	k = lineKeys{psnNo: c.PsnNo, setlID: c.SetlID, setlTime: c.SetlTime, fen: fastMaxFen + 1, reverses: c.Reverses != ""}
	if fen := c.MedfeeSumamt.Abs().Shift(2).Ceil(); !fen.GreaterThan(decimal.NewFromInt(fastMaxFen)) {
		k.fen = fen.IntPart()
	}
	return k, true
}
