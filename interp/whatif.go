package interp

import (
	"errors"
	"hash/maphash"
	"sort"
	"strings"
	"sync"

	"github.com/shopspring/decimal"
)

// WhatIfLedger is an in-memory Store for what-if runs over batches too
// large to keep: it holds each member's accumulators and personal account
// but none of the settlements, so its memory grows with the members, not
// with the claims. Without settlements it cannot reverse one (a claim with
// reverses finds nothing to reverse) nor recognise a setl_id it has seen
// (a repeated claim is settled again), unless it is told which to keep
// (Keep). Use MemoryLedger, or a persistent store, where those matter.
//
// It belongs to the Program whose NewWhatIfLedger made it: it keeps the
// accumulators that Program reads and no others. Every entry point of
// another Program (one loaded again from the same text too) refuses it
// with ErrOtherProgram before settling anything, rather than drop what
// the ledger has no room for; a member's year that outlives a Program
// belongs in a MemoryLedger or a store of package store.
//
// For a policy the int64 fast path takes, it keeps its figures in the
// fast path's layout, so that RunStream settles on that path. It is safe
// for concurrent use. A stream holds it while it settles each chunk of
// rows, so that another stream over it takes turns with it between
// chunks. While a batch held whole (RunBatch) runs on it split by member,
// the batch has the figures: what changes them (Update, the Set methods,
// a stream) waits for its end, and what reads them (View, Members,
// Years) sees them as they were at its start. The split batch's parts
// are joined again only when the figures are next read or changed, so
// that a run that drops the ledger at its end (mpl run) never pays for
// the joining: a second of a million members. Until then w holds both
// its figures from before the run and the parts'.
type WhatIfLedger struct {
	p     *Program
	mu    sync.Mutex
	given sync.Cond     // on mu: a split batch has given the figures back
	split bool          // a split batch has the figures
	fast  *FastLedger   // when p takes the fast path
	mem   *MemoryLedger // otherwise; it keeps no entries but those of keep
	keep  *KeepSet      // nil: keeps no settlements (see Keep)
	// The parts a split batch gave back, by partitioner backOf, not yet
	// joined into fast (see lock); nil when there are none.
	back   []*FastLedger
	backOf partitioner
}

// NewWhatIfLedger returns an empty what-if ledger laid out for p. For a
// Program not made by Compile (the zero Program, or a nil one) it returns
// a ledger that holds nothing: its Set methods, Update, View, Members and
// Years return the error that p was not compiled, as every entry point of
// such a Program does, and so settling into it fails. (It returns no error
// itself, as NewFastLedger returns none.)
func (p *Program) NewWhatIfLedger() *WhatIfLedger {
	w := &WhatIfLedger{p: p}
	w.given.L = &w.mu
	if p.usable() == nil && p.fast.reason == "" {
		w.fast = p.NewFastLedger()
	} else {
		w.mem = NewMemoryLedger()
		w.mem.forget = true
	}
	return w
}

// lock locks w to read its figures: as a split batch running found them,
// else with the parts one gave back joined in (see join).
func (w *WhatIfLedger) lock() {
	w.mu.Lock()
	w.join()
}

// lockToChange locks w to change its figures, once no split batch has
// them, with the parts one gave back joined in.
func (w *WhatIfLedger) lockToChange() {
	w.mu.Lock()
	for w.split {
		w.given.Wait()
	}
	w.join()
}

// join takes the figures of the parts a split batch gave back into
// fast, unless a split batch has them now (what reads w then sees the
// figures as they were at its start; the parts of an earlier one were
// joined before it began).
func (w *WhatIfLedger) join() {
	if w.split || w.back == nil {
		return
	}
	w.fast.absorb(w.back, w.backOf.of)
	w.back = nil
}

// maxSplitParts bounds the parts lend splits a ledger into.
const maxSplitParts = 64

// partitioner assigns members to the parts of a split ledger.
type partitioner struct {
	seed maphash.Seed
	n    uint64
}

// of is the part psnNo's member is in.
func (pt partitioner) of(psnNo string) int {
	return int(maphash.String(pt.seed, psnNo) % pt.n)
}

// lend lends w's figures to a run on n goroutines split by member: each
// part a FastLedger of its own members (partitioner pt), until giveBack
// hands the parts back, to be joined into w when it is next read or
// changed (see join). Meanwhile what would change w waits and
// what reads it sees the figures as they were. When an account holds
// money a claim may draw on a family member's, in another part, so w
// lends its figures whole, as one part. w must keep its figures for the
// fast path.
func (w *WhatIfLedger) lend(n int) (parts []*FastLedger, pt partitioner, giveBack func()) {
	w.lockToChange()
	defer w.mu.Unlock()
	if w.fast.anyBalance() {
		n = 1
	}
	pt = partitioner{seed: maphash.MakeSeed(), n: uint64(n)}
	parts = w.fast.split(n, pt.of)
	w.split = true
	return parts, pt, func() {
		w.mu.Lock()
		defer w.mu.Unlock()
		w.back, w.backOf = parts, pt // joined when next read or changed
		w.split = false
		w.given.Broadcast()
	}
}

// Keep makes w keep the settlements of the setl_ids keep names, and only
// those, from here on: what a batch's later claims reverse or send again
// (see StreamsAsBatch). The fast path settles the first claim of such a
// setl_id and keeps what Settle would have kept; it answers the claim sent
// again, and a reversal of what it kept, as Settle would, and leaves to
// Settle any case it would word differently from Settle. With
// keep set, even empty, a reversal is settled as a ledger that keeps
// every settlement settles it (when what it reverses was not kept: "no
// settlement to reverse"), not refused as a what-if run's (see
// RunStream). On the zero WhatIfLedger, or one of a Program not made by
// Compile, Keep does nothing: its other methods return the error that says
// why.
func (w *WhatIfLedger) Keep(keep *KeepSet) { w.keepOf(keep, false) }

// KeepUntilLast is Keep for a stream of the very batch StreamsAsBatch made
// keep of: each settlement the fast path keeps is let go once the last of
// the batch's claims that name its setl_id has been settled (see
// KeepSet), so that a long batch holds the settlements still to be asked
// for, not every one it has had. Settled against a stream of another
// batch, a settlement may be let go before a claim asks for it; use Keep.
// A policy off the fast path, or a stream with Explain (which settles
// every claim with Settle), keeps every settlement keep names, as Keep.
func (w *WhatIfLedger) KeepUntilLast(keep *KeepSet) { w.keepOf(keep, true) }

// keepOf is Keep, letting each settlement go after its last claim when
// untilLast.
func (w *WhatIfLedger) keepOf(keep *KeepSet, untilLast bool) {
	if w.p.usable() != nil {
		return
	}
	w.lockToChange()
	defer w.mu.Unlock()
	if keep == nil {
		keep = &KeepSet{}
	}
	w.keep = keep
	if w.fast != nil {
		w.fast.expect(keep.members)
		w.fast.kept = newKeptEntries(keep)
		w.fast.kept.untilLast = untilLast
	} else {
		w.mem.keep = keep
	}
}

// keeps reports whether w was told what to keep (see Keep).
func (w *WhatIfLedger) keeps() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.keep != nil
}

// keepsUntilLast reports whether w keeps settlements until their last
// claim (see KeepUntilLast).
func (w *WhatIfLedger) keepsUntilLast() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.fast != nil && w.fast.kept.untilLastOn()
}

// SetBalances sets a member's current-year (当年) and carried-over (历年)
// balances, for seeding a run, as MemoryLedger.SetBalances: either below
// zero or with a fraction of a fen is an error.
func (w *WhatIfLedger) SetBalances(psnNo string, current, carried decimal.Decimal) error {
	if err := w.p.usable(); err != nil {
		return err
	}
	if err := checkSeed(psnNo, "当年 balance", current); err != nil {
		return err
	}
	if err := checkSeed(psnNo, "历年 balance", carried); err != nil {
		return err
	}
	w.lockToChange()
	defer w.mu.Unlock()
	if w.fast != nil {
		return w.fast.SetBalances(psnNo, current, carried)
	}
	return w.mem.SetBalances(psnNo, current, carried)
}

// SetBalance sets a member's balance, all of it carried over (历年).
func (w *WhatIfLedger) SetBalance(psnNo string, balance decimal.Decimal) error {
	return w.SetBalances(psnNo, decimal.Zero, balance)
}

// SetAccumulator sets one accumulator of a member's year, as
// MemoryLedger.SetAccumulator: an amount with a fraction of a fen is an
// error.
func (w *WhatIfLedger) SetAccumulator(psnNo string, year int, key string, amount decimal.Decimal) error {
	if err := w.p.usable(); err != nil {
		return err
	}
	if err := checkFen(psnNo, "accumulator "+key, amount); err != nil {
		return err
	}
	w.lockToChange()
	defer w.mu.Unlock()
	if w.fast != nil {
		return w.fast.SetAccumulator(psnNo, year, key, amount)
	}
	return w.mem.SetAccumulator(psnNo, year, key, amount)
}

// ledger is the Ledger over w's figures; the caller holds w.mu.
func (w *WhatIfLedger) ledger() Ledger {
	if w.fast != nil {
		return fastView{w.fast}
	}
	return memoryHeld{w.mem}
}

// Update implements Store.
func (w *WhatIfLedger) Update(psnNos []string, fn func(Ledger) error) error {
	if err := w.p.usable(); err != nil {
		return err
	}
	w.lockToChange()
	defer w.mu.Unlock()
	if w.fast != nil {
		return fn(fastView{w.fast})
	}
	// memoryHeld's Commit refuses: the memory ledger commits under its
	// own lock. w.mu serialises the Updates: Settle need not take the
	// memory ledger's members' locks as well.
	return fn(memoryUpdate{w.mem})
}

// View implements Store.
func (w *WhatIfLedger) View(fn func(Ledger) error) error {
	if err := w.p.usable(); err != nil {
		return err
	}
	w.lock()
	defer w.mu.Unlock()
	return fn(readOnly{w.ledger()})
}

// Members implements Store. A what-if ledger knows every member a claim
// has named, whether or not the claim settled.
func (w *WhatIfLedger) Members() ([]string, error) {
	if err := w.p.usable(); err != nil {
		return nil, err
	}
	w.lock()
	defer w.mu.Unlock()
	if w.fast == nil {
		return w.mem.Members()
	}
	out := make([]string, 0, w.fast.byIndex.len())
	for m := range int32(w.fast.byIndex.len()) {
		out = append(out, strings.Clone(w.fast.nameOf(m))) // not holding the ledger's names
	}
	sort.Strings(out)
	return out, nil
}

// Years implements Store.
func (w *WhatIfLedger) Years(psnNo string) ([]int, error) {
	if err := w.p.usable(); err != nil {
		return nil, err
	}
	w.lock()
	defer w.mu.Unlock()
	if w.fast == nil {
		return w.mem.Years(psnNo)
	}
	var out []int
	if m, ok := w.fast.find(psnNo); ok {
		if first := w.fast.of(m).first; first.idx >= 0 {
			out = append(out, first.year)
		}
		for k := range w.fast.yearIdx {
			if k.member == m {
				out = append(out, k.year)
			}
		}
	}
	sort.Ints(out)
	return out, nil
}

// Close implements Store.
func (w *WhatIfLedger) Close() error { return nil }

// fastView is the Ledger over a FastLedger, for the claims the fast path
// leaves to Settle. It keeps the entries its ledger's kept names.
type fastView struct{ l *FastLedger }

func (v fastView) Entry(id string) (*Entry, bool, error) {
	k := v.l.kept
	if !k.keeps(id) {
		return nil, false, nil
	}
	e := k.entry(id, v.l.p.fast.keys)
	return e.Clone(), e != nil, nil // as Ledger.Entry: the caller's to change
}

func (v fastView) Reversed(id string) (string, bool, error) {
	k := v.l.kept
	if !k.keeps(id) {
		return "", false, nil
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	by, ok := k.reversed[id]
	return by, ok, nil
}

func (v fastView) Year(psn string, y int) (Accumulators, error) { return v.l.Accumulators(psn, y), nil }

func (v fastView) Account(psn string) (Account, error) {
	cur, car := v.l.Balances(psn)
	return Account{Current: cur, Carried: car}, nil
}

// beyondWhatIf is the error of an entry with a figure of a member's year or
// account past what a what-if ledger holds in fen (about 10¹³ yuan), or not
// whole fen: which figure.
type beyondWhatIf struct {
	figure string
}

func (e *beyondWhatIf) Error() string { return "past what a what-if ledger holds: " + e.figure }

// Commit applies e's deltas and moves. A key the policy never reads is
// dropped, as FastLedger.SetAccumulator drops it.
func (v fastView) Commit(e *Entry) error {
	if err := CheckEntry(v, e); err != nil {
		return err
	}
	if e.State != nil {
		return errors.New("interp: a what-if ledger of a policy without an account block keeps no account state")
	}
	fenOf := func(d decimal.Decimal, what string) (int64, error) {
		f, ok := moneyFen(d)
		if !ok {
			return 0, &beyondWhatIf{what + " " + d.String() + " yuan"}
		}
		return f, nil
	}
	tooBig := func() error { return &beyondWhatIf{"a figure of " + e.PsnNo + "'s year in fen"} }
	// Work out every figure before changing anything, members and years
	// added included: a figure that is not whole fen, or would leave
	// int64, refuses the whole entry and leaves the ledger as it was.
	var yi int32
	haveYear := false
	if m, ok := v.l.find(e.PsnNo); ok {
		yi, haveYear = v.l.findYear(m, e.Year)
	}
	nextSlot := make(map[int32]int64, len(e.Deltas))
	for _, d := range e.Deltas {
		s, ok := v.l.p.fast.slots[d.Key]
		if !ok {
			continue
		}
		f, err := fenOf(d.Amount, d.Key)
		if err != nil {
			return err
		}
		cur, ok := nextSlot[s]
		if !ok && haveYear {
			cur = v.l.years.at(yi).get(s)
		}
		if nextSlot[s], ok = add64(cur, f); !ok {
			return tooBig()
		}
	}
	type balances struct{ current, carried int64 }
	nextBalances := make(map[string]balances, len(e.Moves))
	for _, mv := range e.Moves {
		cur, err := fenOf(mv.Current, "move")
		if err != nil {
			return err
		}
		car, err := fenOf(mv.Carried, "move")
		if err != nil {
			return err
		}
		b, ok := nextBalances[mv.PsnNo]
		if !ok {
			if m, found := v.l.find(mv.PsnNo); found {
				a := v.l.account(m)
				b = balances{a.current, a.carried}
			}
		}
		var okCur, okCar bool
		b.current, okCur = add64(b.current, cur)
		b.carried, okCar = add64(b.carried, car)
		if !okCur || !okCar {
			return tooBig()
		}
		nextBalances[mv.PsnNo] = b
	}
	// Then change them, members and years added in the entry's order.
	// Slots change through set, which grows the bound the fast path's
	// overflow guard trusts (see yearSlots.bound).
	if len(e.Deltas) > 0 {
		yi = v.l.year(v.l.member(e.PsnNo), e.Year)
		for s, f := range nextSlot {
			v.l.years.set(yi, s, f)
		}
	}
	for _, mv := range e.Moves {
		if b, ok := nextBalances[mv.PsnNo]; ok {
			a := v.l.account(v.l.member(mv.PsnNo))
			a.current, a.carried = b.current, b.carried
			delete(nextBalances, mv.PsnNo)
		}
	}
	v.keepEntry(e)
	return nil
}

// keepEntry keeps e, and that it reversed what it reverses, where the
// ledger keeps those setl_ids.
func (v fastView) keepEntry(e *Entry) {
	k := v.l.kept
	keepOwn, keepReversal := k.keeps(e.SetlID), e.Reverses != "" && k.keeps(e.Reverses)
	if !keepOwn && !keepReversal {
		return
	}
	k.mu.Lock()
	defer k.mu.Unlock()
	if keepOwn {
		k.entries[e.SetlID] = e.Clone() // as Ledger.Commit: the caller's e is the caller's
	}
	if keepReversal {
		k.reversed[e.Reverses] = e.SetlID
	}
}
