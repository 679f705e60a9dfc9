package interp

import (
	"slices"
	"strings"
	"sync"

	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// keptEntries are the settlements a WhatIfLedger laid out for the fast
// path keeps (see WhatIfLedger.Keep), shared by the parts a batch split by
// member settles on (see WhatIfLedger.lend): a kept setl_id is named by one member's claims alone, all
// settled in that member's part, so that the lock guards the maps, not the
// order. (A line that is no claim may name it from another part, see
// named: it only counts down, and in any order the count comes to zero
// after the last claim naming the id.) A settlement the fast path made is kept as it made it (fast)
// until the decimal path asks for its Entry, and (untilLast) let go once
// the last claim of the batch that names its setl_id has been settled (see
// named).
type keptEntries struct {
	keep     *KeepSet
	mu       sync.Mutex
	fast     map[string]*fastKept
	entries  map[string]*Entry
	reversed map[string]string // by the setl_id reversed, the reversal's
	left     map[uint64]int    // by setl_id hash, how many claims are yet to name it, once one has
	// untilLast: let each go after the batch's last claim naming it (see
	// WhatIfLedger.KeepUntilLast).
	untilLast bool
}

func newKeptEntries(keep *KeepSet) *keptEntries {
	return &keptEntries{keep: keep, fast: map[string]*fastKept{}, entries: map[string]*Entry{}, reversed: map[string]string{}, left: map[uint64]int{}}
}

// untilLastOn reports whether k lets each settlement go after its last
// claim; a nil keptEntries keeps none.
func (k *keptEntries) untilLastOn() bool { return k != nil && k.untilLast }

// named notes that a claim just settled, or failed, named setlID, as its
// own or as the one it reverses, or that a plain line that is no claim
// named it (see streamItem.errSetlID). Once as many claims have named it
// as the batch has (KeepSet counted them), no claim to come asks for its
// settlement, and what is kept of it goes: a batch then holds the
// settlements of the reversals and resends still to come, not of every
// one it has had. Two ids of one hash are counted together, so each is
// let go after the last claim naming either, or kept.
func (k *keptEntries) named(setlID string) {
	if !k.untilLast {
		return
	}
	h, times, ok := k.keep.named(setlID)
	if !ok {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	left, ok := k.left[h]
	if !ok {
		left = times
	}
	if left--; left > 0 {
		k.left[h] = left
		return
	}
	delete(k.left, h)
	delete(k.fast, setlID)
	delete(k.entries, setlID)
	delete(k.reversed, setlID)
}

// keeps reports whether the settlement of setlID is to be kept; a nil
// keptEntries keeps none.
func (k *keptEntries) keeps(setlID string) bool {
	return k != nil && k.keep.Has(setlID)
}

// has reports whether an entry of setlID is kept already.
func (k *keptEntries) has(setlID string) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	_, ok := k.entries[setlID]
	if !ok {
		_, ok = k.fast[setlID]
	}
	return ok
}

// entry is the Entry kept for setlID, nil when none is; one the fast path
// kept becomes an Entry here, its accumulator slots named by keys.
func (k *keptEntries) entry(setlID string, keys []string) *Entry {
	k.mu.Lock()
	defer k.mu.Unlock()
	if e, ok := k.entries[setlID]; ok {
		return e
	}
	f, ok := k.fast[setlID]
	if !ok {
		return nil
	}
	e := f.entry(keys)
	k.entries[setlID] = e
	delete(k.fast, setlID)
	return e
}

// keptFast says how a claim of setlID settles where l keeps what it
// keeps: on the fast path (fast), keeping the entry it makes there (keep,
// see keepFast), but for a kept setl_id sent again, which returns the
// settlement kept (Settle's). A presettlement keeps nothing, so it is
// always fast.
func (l *FastLedger) keptFast(setlID string) (fast, keep bool) {
	if !l.kept.keeps(setlID) {
		return true, false
	}
	return !l.kept.has(setlID), true
}

// fastKept is a settlement the fast path made and a WhatIfLedger keeps
// (see keepFast), in fen, as the fast path has it: the row the claim sent
// again writes, and what a reversal takes back. It becomes the Entry
// Settle would have kept only when the decimal path asks for it.
type fastKept struct {
	row     claim.FenSettlement // each detail's ProcInfo is its entry in details
	details []FastDetail
	year    int
	deltas  []fastDelta // to the member's year
	acctPay int64
	ownMove fastAccount // drawn from the member's account (the fast path draws on no other's)
	fields  ClaimFields // what the claim gave beside its amounts, its strings its own
}

// keepFast keeps the settlement the fast path made of the claim into r,
// whose setl_id l keeps (see keptFast): its row, its changes to the
// member's year, what it drew from the accounts. A later reversal, or the
// claim sent again, finds it as it would Settle's entry:
// TestStreamsAsBatchSettlesAsBatch holds the rows alike.
func (l *FastLedger) keepFast(fc *FastClaim, r *FastResult) {
	f := &fastKept{year: fc.year, details: slices.Clone(r.Details[:r.NDetails]), deltas: slices.Clone(r.deltas[:r.nDeltas]),
		acctPay: r.AcctPay, ownMove: r.ownMove, fields: fc.fields().owned()}
	r.fenSetlinfo(&f.row)
	var details [maxFastDetails]claim.FenDetail
	f.row.Setldetail = slices.Clone(r.fenDetails(&details))
	for i := range f.row.Setldetail {
		f.row.Setldetail[i].ProcInfo = &f.details[i]
	}
	// A claim read by Flat names its member and itself in the chunk's
	// memory, which the next chunk overwrites.
	f.row.SetlID, f.row.PsnNo = strings.Clone(fc.setlID), strings.Clone(fc.psnNo)
	k := l.kept
	k.mu.Lock()
	defer k.mu.Unlock()
	k.fast[f.row.SetlID] = f
}

// entry is the Entry Settle would have committed for f, its accumulator
// slots named by keys.
func (f *fastKept) entry(keys []string) *Entry {
	e := &Entry{SetlID: f.row.SetlID, Kind: KindSettlement, PsnNo: f.row.PsnNo, Year: f.year, Settlement: f.row.Settlement(),
		Claim: f.fields}
	for _, d := range f.deltas {
		e.Deltas = append(e.Deltas, Delta{Key: keys[d.slot], Amount: decFen(d.amt)})
	}
	if f.acctPay > 0 {
		e.Moves = append(e.Moves, AccountMove{PsnNo: f.row.PsnNo, Current: decFen(-f.ownMove.current), Carried: decFen(-f.ownMove.carried)})
	}
	return e
}

// sentAgain writes to *rows, as w makes rows, the row of fc, a claim sent
// again whose first settlement the fast path kept: that settlement's, as
// Settle returns it. It reports false, writing nothing, where the fast path
// kept none for its setl_id, or kept it for another member, with other
// amounts or of a claim with other fields (Settle words those), as p,
// fc's program, resolves them.
func (k *keptEntries) sentAgain(p *Program, rows *[]byte, w *claim.Writer, fc *FastClaim) bool {
	k.mu.Lock()
	defer k.mu.Unlock()
	kept, ok := k.fast[fc.setlID]
	if !ok || kept.row.PsnNo != fc.psnNo {
		return false
	}
	if [5]int64(kept.row.Setlinfo[:5]) != [5]int64{fc.medfee, fc.fulamt, fc.overlmt, fc.preself, fc.inscp} {
		return false
	}
	if now := fc.fields(); p.anyFieldDiffers(&kept.fields, &now) {
		return false
	}
	*rows = w.AppendFen(*rows, &kept.row)
	return true
}

// The places in a FenSettlement's Setlinfo (see FastResult.fenSetlinfo)
// that a reversal does not negate.
const (
	fenPoolPropSelfpay = 7  // a ratio
	fenBalc            = 19 // the account's balance after
)

// reverseFast settles c, a reversal of a settlement the fast path kept, as
// Settle would: every figure of it negated but the ratio, balc the
// member's balance, each setldetail entry's amounts negated (not its
// limit) and its setl_proc_info marked 冲正, and the member's year given
// back what the settlement added to it. It writes the row to *rows, as w
// makes rows, and reports true. Where Settle has more to do or to say, it
// changes nothing and reports false: what c reverses was not kept by the
// fast path, or is reversed already, or is another member's, or drew on
// an account; c's own settlement is to be kept; the member's balance is
// below zero (checkInvariants refuses such a balc; the rest of what it
// asks of a reversal holds for the negation of a settlement the fast path
// made, which met it); a figure of the year would pass what the fast
// ledger holds; c does not repeat the claim the settlement was made of
// (see firstFieldDiff).
func (l *FastLedger) reverseFast(rows *[]byte, w *claim.Writer, c *claim.Claim) bool {
	k := l.kept
	if !k.keeps(c.Reverses) || k.keeps(c.SetlID) {
		return false
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	orig, ok := k.fast[c.Reverses]
	if !ok || orig.row.PsnNo != c.PsnNo || orig.acctPay != 0 {
		return false
	}
	if _, done := k.reversed[c.Reverses]; done {
		return false
	}
	if !sameFenAmounts(c, orig.row.Setlinfo[:5]) {
		return false
	}
	now := claimFieldsOf(c)
	now.reversing(&orig.fields)
	if l.p.anyFieldDiffers(&orig.fields, &now) {
		return false
	}
	m := l.member(c.PsnNo)
	own := *l.account(m)
	balc := own.current + own.carried + orig.acctPay
	if balc < 0 {
		return false
	}
	yi := l.year(m, orig.year)
	acc := l.years.at(yi)
	// Every figure worked out before any changes, as Commit does.
	next := make(map[int32]int64, len(orig.deltas))
	for _, d := range orig.deltas {
		cur, ok := next[d.slot]
		if !ok {
			cur = acc.get(d.slot)
		}
		sum, ok := add64(cur, -d.amt) // a delta is within ±2^56
		if !ok {
			return false
		}
		next[d.slot] = sum
	}
	// A reversal only takes back what the original's apply added (and
	// counted in the overflow guard's bound); set grows the bound all the
	// same, as every writer does.
	for slot, v := range next {
		l.years.set(yi, slot, v)
	}
	k.reversed[c.Reverses] = c.SetlID

	rev := claim.FenSettlement{SetlID: c.SetlID, PsnNo: c.PsnNo, Reverses: c.Reverses}
	for i, v := range orig.row.Setlinfo {
		rev.Setlinfo[i] = -v
	}
	rev.Setlinfo[fenPoolPropSelfpay] = orig.row.Setlinfo[fenPoolPropSelfpay]
	rev.Setlinfo[fenBalc] = balc
	for _, d := range orig.row.Setldetail {
		d.InscpScpAmt, d.FundPayamt = -d.InscpScpAmt, -d.FundPayamt
		d.ProcInfo = reversalProcInfo{reverses: c.Reverses, of: d.ProcInfo}
		rev.Setldetail = append(rev.Setldetail, d)
	}
	*rows = w.AppendFen(*rows, &rev)
	return true
}

// sameFenAmounts reports whether c, a claim without fee lines, gives the
// amounts was holds in fen (medfee_sumamt and the four split amounts, in
// the order of a FenSettlement's Setlinfo). A claim with fee lines is
// left to Settle, which compares the amounts they split into.
func sameFenAmounts(c *claim.Claim, was []int64) bool {
	if len(c.FeeDetails) > 0 {
		return false
	}
	for i, d := range [...]decimal.Decimal{c.MedfeeSumamt, c.FulamtOwnpayAmt, c.OverlmtSelfpay, c.PreselfpayAmt, c.InscpScpAmt} {
		if v, ok := moneyFen(d); !ok || v != was[i] {
			return false
		}
	}
	return true
}

// reversalProcInfo is the setl_proc_info of a reversal's setldetail entry:
// the reversed entry's, marked with what it reverses.
type reversalProcInfo struct {
	reverses string
	of       claim.ProcInfoAppender
}

func (r reversalProcInfo) AppendProcInfo(dst []byte) []byte {
	dst = append(dst, "冲正 "...)
	dst = append(dst, r.reverses...)
	dst = append(dst, ": "...)
	return r.of.AppendProcInfo(dst)
}
