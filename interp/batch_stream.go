package interp

import (
	"cmp"
	"hash/maphash"
	"io"
	"math/bits"
	"slices"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp/claim"
)

// StreamsAsBatch reads a whole batch of claims, in format f, from r and
// reports whether RunStream, against a fresh WhatIfLedger that keeps the
// settlements keep names (see WhatIfLedger.Keep), settles it to the very
// rows and counts RunRows writes for it against a fresh MemoryLedger, so
// that a batch already in order may be settled as a stream: without
// holding its claims, sorting them or converting them to decimals. It is
// so when
//
//   - each member's claims come in setl_time order, as the batch would
//     settle them; or every claim does, where a member may draw on a
//     family member's account: when balances are seeded (seeded), or the
//     policy is one the fast path does not take (one with an account
//     block, say), as the stream's own order check has it;
//   - every setl_id the batch names more than once (a claim and its
//     reversal, a claim sent again) is named by one member's claims only,
//     so that their order is that member's; keep names those setl_ids;
//   - the claims' totals stay within the fast ledger's range (see
//     FitsWhatIf).
//
// A row that is no claim (too long, not JSON, a field wrong) is an error
// row both ways, worded alike (see TestStreamEqualsBatch), and asks
// nothing. It reads every row as the stream will: a JSON Lines line with
// claim.LineParser, or just the fields it needs where the line is plain
// (claim.ReadLineKeys); a CSV row with a claim.Reader. It says no at the
// first claim that breaks a rule. A setl_id or psn_no is known by a 64-bit hash:
// two members sharing one are told apart by name (and send the batch the
// slow way); two setl_ids sharing one are both kept when one member names
// them, which asks more, never less, and send the batch the slow way when
// two members do. It holds 16 bytes for every setl_id a claim names (32 for
// a reversal) and a map entry a member, and returns the error of a failing
// r.
func (p *Program) StreamsAsBatch(r io.Reader, f claim.Format, seeded bool) (keep *KeepSet, ok bool, err error) {
	bc := &batchCheck{
		inOrder: seeded || p.fast.reason != "", // every claim, not each member's
		seed:    maphash.MakeSeed(),
		lastOf:  make(map[uint64]memberLast),
	}
	if f == claim.CSV {
		ok, err = bc.readCSV(r)
	} else {
		ok, err = bc.readJSONL(r)
	}
	if !ok || err != nil {
		return nil, false, err
	}
	return bc.keep()
}

// batchCheck is StreamsAsBatch's reading of a batch, claim by claim.
type batchCheck struct {
	inOrder bool // every claim in setl_time order, not each member's
	seed    maphash.Seed
	refs    []idRef // every setl_id named, by whom: to sort and compare at the end
	// By member, its name and latest setl_time.
	lastOf map[uint64]memberLast
	last   time.Time // of any claim
	total  int64     // in fen, of |medfee_sumamt|
}

// readJSONL reads the claims of JSON Lines r, as RunStream will, and
// reports false at the first that breaks a rule.
func (bc *batchCheck) readJSONL(r io.Reader) (bool, error) {
	cr := claim.NewChunkReader(r)
	lp := claim.NewLineParser()
	var ch claim.Chunk
	var f claim.Flat
	for {
		switch err := cr.Next(&ch, streamChunkBytes); {
		case err == io.EOF:
			return true, nil
		case err != nil:
			return false, err
		}
		for _, ln := range ch.Lines {
			if ln.TooLong {
				continue // an error row
			}
			k, ok := batchKeys(lp, ch.Text[ln.Start:ln.End], ln.No, &f)
			if ok && !bc.add(k) {
				return false, nil
			} // else an error row
		}
	}
}

// readCSV reads the claims of CSV r, as RunStream will, with a Reader, and
// reports false at the first that breaks a rule.
func (bc *batchCheck) readCSV(r io.Reader) (bool, error) {
	cr := claim.NewReader(r, claim.CSV)
	var f claim.Flat
	for {
		flat, c, err := cr.NextFlat(&f)
		var k lineKeys
		switch _, bad := err.(*claim.Error); {
		case err == io.EOF:
			return true, nil
		case bad:
			continue // an error row
		case err != nil:
			return false, err
		case flat:
			k = lineKeys{psnNo: f.PsnNo, setlID: f.SetlID, setlTime: f.SetlTime, fen: max(f.MedfeeSumamt, -f.MedfeeSumamt), reverses: f.Reverses}
		default:
			k = claimKeys(c)
		}
		if !bc.add(k) {
			return false, nil
		}
	}
}

// add takes one claim's keys, reporting false when the claim breaks a rule.
func (bc *batchCheck) add(k lineKeys) bool {
	member := maphash.String(bc.seed, k.psnNo)
	bc.refs = append(bc.refs, idRef{id: maphash.String(bc.seed, k.setlID), member: member})
	if k.reverses != "" {
		bc.refs = append(bc.refs, idRef{id: maphash.String(bc.seed, k.reverses), member: member})
	}
	if bc.total += k.fen; bc.total > fastMaxFen {
		return false
	}
	prev, seen := bc.lastOf[member]
	switch {
	case !seen:
		// A Flat's strings may share a chunk's memory.
		prev.psnNo = strings.Clone(k.psnNo)
	case prev.psnNo != k.psnNo: // two members, one hash
		return false
	case k.setlTime.Before(prev.setlTime):
		return false
	}
	if bc.inOrder && k.setlTime.Before(bc.last) {
		return false
	}
	prev.setlTime, bc.last = k.setlTime, k.setlTime
	bc.lastOf[member] = prev
	return true
}

// keep ends the check: the setl_ids to keep, or false when one is named by
// two members.
func (bc *batchCheck) keep() (*KeepSet, bool, error) {
	shared, ok := sharedIDs(bc.refs)
	if !ok {
		return nil, false, nil
	}
	keep := &KeepSet{seed: bc.seed, hashes: make(map[uint64]struct{}, len(shared))}
	for _, h := range shared {
		keep.hashes[h] = struct{}{}
	}
	return keep, true, nil
}

// memberLast is a member's name and latest setl_time in StreamsAsBatch.
type memberLast struct {
	psnNo    string
	setlTime time.Time
}

// KeepSet names the setl_ids of a batch whose settlements a later claim of
// the batch asks for: one it reverses, or its own setl_id sent again. A
// WhatIfLedger told to keep them (WhatIfLedger.Keep) keeps those
// settlements and no others. It knows them by hash, so it may name an id
// outside the batch as well, whose settlement is then kept for nothing.
type KeepSet struct {
	seed   maphash.Seed
	hashes map[uint64]struct{}
}

// Has reports whether k names setlID; a nil KeepSet names none.
func (k *KeepSet) Has(setlID string) bool {
	if k == nil || len(k.hashes) == 0 {
		return false
	}
	_, ok := k.hashes[maphash.String(k.seed, setlID)]
	return ok
}

// Len is how many setl_ids k names.
func (k *KeepSet) Len() int {
	if k == nil {
		return 0
	}
	return len(k.hashes)
}

// idRef is a claim's naming of a setl_id, its own or the one it reverses,
// both hashed, as is the claim's member.
type idRef struct{ id, member uint64 }

// sharedIDs returns the ids refs name more than once, each once, and
// whether each of those is named by one member alone. refs, spread evenly
// by id, are sorted here in two steps: by their ids' top bits into buckets
// of about 16, then each bucket on its own, which takes a million a third
// of the time one sort of them all does (BenchmarkSharedIDs,
// BenchmarkSharedIDsBySort).
func sharedIDs(refs []idRef) (shared []uint64, ok bool) {
	shift := 64 - min(max(bits.Len(uint(len(refs)))-4, 0), 16)
	if shift == 64 {
		return sharedSorted(refs, nil)
	}
	// starts[b] is where bucket b starts in spread, once counted.
	starts := make([]int, 1<<(64-shift)+1)
	for _, r := range refs {
		starts[r.id>>shift+1]++
	}
	for b := 1; b < len(starts); b++ {
		starts[b] += starts[b-1]
	}
	spread := make([]idRef, len(refs))
	next := slices.Clone(starts[:len(starts)-1])
	for _, r := range refs {
		spread[next[r.id>>shift]] = r
		next[r.id>>shift]++
	}
	for b := 0; b+1 < len(starts); b++ {
		if shared, ok = sharedSorted(spread[starts[b]:starts[b+1]], shared); !ok {
			return nil, false
		}
	}
	return shared, true
}

// sharedSorted sorts refs and appends the ids named more than once to
// shared, or reports false when one is named by two members.
func sharedSorted(refs []idRef, shared []uint64) ([]uint64, bool) {
	slices.SortFunc(refs, func(a, b idRef) int { return cmp.Compare(a.id, b.id) })
	for i := 1; i < len(refs); i++ {
		if refs[i].id != refs[i-1].id {
			continue
		}
		if refs[i].member != refs[i-1].member {
			return nil, false
		}
		if len(shared) == 0 || shared[len(shared)-1] != refs[i].id {
			shared = append(shared, refs[i].id)
		}
	}
	return shared, true
}

// lineKeys is what StreamsAsBatch needs of a claim.
type lineKeys struct {
	psnNo, setlID, reverses string
	setlTime                time.Time
	fen                     int64 // |medfee_sumamt| in fen, rounded up; past fastMaxFen when beyond it
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
		return lineKeys{psnNo: f.PsnNo, setlID: f.SetlID, setlTime: f.SetlTime, fen: fen, reverses: f.Reverses}, true
	}
	c, err := lp.Claim([]byte(line), no)
	if err != nil {
		return lineKeys{}, false
	}
	return claimKeys(c), true
}

// claimKeys is what StreamsAsBatch needs of c.
func claimKeys(c *claim.Claim) lineKeys {
	k := lineKeys{psnNo: c.PsnNo, setlID: c.SetlID, setlTime: c.SetlTime, fen: fastMaxFen + 1, reverses: c.Reverses}
	if fen := c.MedfeeSumamt.Abs().Shift(2).Ceil(); !fen.GreaterThan(decimal.NewFromInt(fastMaxFen)) {
		k.fen = fen.IntPart()
	}
	return k
}
