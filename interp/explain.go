package interp

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// Basis is what Program.ExplainIn's explanation of a claim rests on.
type Basis int

const (
	// Presettled: the ledger does not hold the claim. It is worked out
	// against the ledger as it stands, as the platform's 2206
	// pre-settlement is, and nothing is written.
	Presettled Basis = iota + 1
	// Stored: the settlement the ledger holds, with the trace stored with
	// it (settled with Options.Explain), or, for a reversal, the one step
	// every reversal has (it works nothing out of its own).
	Stored
	// Rebuilt: the settlement the ledger holds, stored without a trace,
	// settled again against the ledger as it stood before it (see
	// Program.ExplainIn); every figure of the settlement again, and every
	// change it makes to the member's year and to the accounts, equals
	// the stored one to the fen. The figures shown are the stored ones.
	Rebuilt
)

// Explained is a claim's settlement with its trace, as Program.ExplainIn
// found it in a ledger.
type Explained struct {
	Settlement *claim.Settlement // the caller's; its trace is read-only
	Basis      Basis
	// ReversedBy is, for a settlement the ledger holds (Stored, Rebuilt),
	// the setl_id of the reversal that has undone it since; "" while it
	// stands.
	ReversedBy string
}

// ExplainIn explains a claim against a store's ledger without changing
// it, in one read-only view (Store.View): what a counter shows a member
// the morning after a run.
//
// A claim whose setl_id the ledger holds (sent again as first sent, as
// Settle checks) is explained as it was settled: with the trace stored
// with it, else by settling it again against the ledger as it stood
// before it. That ledger is the one there is, with this settlement's
// changes undone, and those of every later settlement of the member that
// stands (the chain AccountState.Latest and Entry.After keep) and of every
// reversal since of a settlement before it, the
// member's account state (its links, gaps and year) set back to what the
// settlement found, and its latest settlement to the one before it. The
// settlement again must equal the stored one to the fen, in every figure
// and every change to the member's year and to the accounts; where it does
// not (a credit or a family member's claim since changed an account it
// read, the member's account has been carried into a later year since, the
// policy has changed) there is no exact explanation, and ExplainIn says
// why in a *claim.Error rather than explain other figures than the ones
// paid. A reversal the ledger holds is explained by its one step.
//
// A claim the ledger does not hold is pre-settled against the ledger as it
// stands (Basis Presettled): what Settle would pay now, with nothing
// written.
//
// Errors are Settle's: a *claim.Error for the claim, a *StoreError when
// the store fails.
func (p *Program) ExplainIn(st Store, c *claim.Claim) (*Explained, error) {
	if err := p.checkArgs("store", st); err != nil {
		return nil, err
	}
	if err := checkClaim(c); err != nil {
		return nil, err
	}
	return inStore(p, c, st.View, func(l Ledger) (*Explained, error) { return p.explainIn(l, c) })
}

// explainIn is ExplainIn over a view of the ledger.
func (p *Program) explainIn(l Ledger, c *claim.Claim) (*Explained, error) {
	stored, ok, err := p.sentBefore(l, c)
	if err != nil {
		return nil, err
	}
	if !ok {
		e, _, err := p.presettle(l, c, Options{Explain: true})
		if err != nil {
			return nil, err
		}
		return &Explained{Settlement: e.Settlement, Basis: Presettled}, nil
	}
	by, _, err := l.Reversed(stored.SetlID)
	if err != nil {
		return nil, p.ledgerError(c, err)
	}
	x := &Explained{Settlement: stored.Settlement, Basis: Stored, ReversedBy: by}
	switch {
	case len(stored.Settlement.Trace) > 0:
		if why := p.notTracedHere(stored.Settlement.Trace); why != "" {
			return nil, &claim.Error{SetlID: c.SetlID, Line: c.Line, Field: "setl_id", Code: claim.CodeSettlement,
				Msg: fmt.Sprintf("settlement %s was settled under another policy than %s (%s): explain it with the policy it was settled under", c.SetlID, p.pol.Name, why)}
		}
	case stored.Reverses != "":
		x.Settlement.Trace = p.reversalTrace(stored.Reverses, stored.Settlement.Setlinfo.MedfeeSumamt)
	default:
		trace, err := p.rebuild(l, stored, c)
		if err != nil {
			return nil, err
		}
		x.Settlement.Trace, x.Basis = trace, Rebuilt
	}
	return x, nil
}

// notTracedHere says why a stored trace was not made by this policy, or
// "": it cites another source, or its benefit is none of this policy's
// at the line and column the trace names (the file's path may differ, as
// a policy given by another path is the same policy).
func (p *Program) notTracedHere(trace []claim.TraceStep) string {
	lineCol := func(pos string) string {
		parts := strings.Split(pos, ":")
		if len(parts) < 3 {
			return pos
		}
		return strings.Join(parts[len(parts)-2:], ":")
	}
	for _, t := range trace {
		if t.Source != p.source {
			return fmt.Sprintf("its trace cites %q, this policy %q", t.Source, p.source)
		}
		if t.Step != "benefit" {
			continue
		}
		i := slices.IndexFunc(p.benefits, func(b *benefitPlan) bool {
			return b.rule.Name == t.Rule && lineCol(b.rule.Pos.String()) == lineCol(t.Pos)
		})
		if i < 0 {
			return fmt.Sprintf("its benefit %s at %s is not this policy's", t.Rule, t.Pos)
		}
	}
	return ""
}

// reversalTrace is the one step of a reversal of setlID, whose
// medfee_sumamt is amount: it works nothing out of its own.
func (p *Program) reversalTrace(setlID string, amount decimal.Decimal) []claim.TraceStep {
	return []claim.TraceStep{{Step: "reversal", Rule: "冲正", Source: p.source,
		Inputs: map[string]string{"reverses": setlID}, Amount: amount,
		Note: "every figure of " + setlID + " negated, the accumulators and account moves it applied given back"}}
}

// rebuild settles c, whose settlement stored is, again with its trace
// against l as it stood before stored (see ExplainIn), and returns the
// trace when the settlement again equals stored to the fen.
func (p *Program) rebuild(l Ledger, stored *Entry, c *claim.Claim) ([]claim.TraceStep, error) {
	notExact := func(why string) error {
		return &claim.Error{SetlID: c.SetlID, Line: c.Line, Field: "setl_id", Code: claim.CodeSettlement,
			Msg: fmt.Sprintf("settlement %s is in the ledger without its trace (settled with explanations off), and cannot be explained exactly: %s;"+
				" its figures stand as stored (settling with explanations on keeps a trace with each settlement)", c.SetlID, why)}
	}
	before, why, err := ledgerBefore(l, stored)
	if err != nil {
		return nil, p.ledgerError(c, err)
	}
	if why != "" {
		return nil, notExact(why)
	}
	again, _, err := p.presettle(before, c, Options{Explain: true})
	if err != nil {
		if ce, ok := err.(*claim.Error); ok {
			return nil, notExact("settled again against the ledger as it stood before it, it is refused: " + ce.Msg)
		}
		return nil, err
	}
	if diff := entryDiff(stored, again); diff != "" {
		return nil, notExact("settled again against the ledger as it stood before it, " + diff +
			"; the ledger has changed since in ways it keeps no record of undoing (a credit, a family member's claim, a change of policy)")
	}
	return again.Settlement.Trace, nil
}

// beforeLedger is a ledger as it stood before a settlement: the ledger
// there is, with the settlements hidden that were not yet made, and the
// years and accounts they changed as they were.
type beforeLedger struct {
	Ledger
	hidden     map[string]bool
	unreversed map[string]bool // settlements whose reversal is hidden
	years      map[yearKey]Accumulators
	accounts   map[string]Account
}

// ledgerBefore is l as it stood before the settlement x (see ExplainIn),
// or why it cannot be told.
func ledgerBefore(l Ledger, x *Entry) (b *beforeLedger, why string, err error) {
	b = &beforeLedger{Ledger: l, hidden: map[string]bool{x.SetlID: true}, unreversed: map[string]bool{},
		years: map[yearKey]Accumulators{}, accounts: map[string]Account{}}
	own, err := l.Account(x.PsnNo)
	if err != nil {
		return nil, "", err
	}
	// The member's settlements that stand, latest first, back to x (or,
	// when x was reversed, to the one it came after).
	var undo []*Entry
	s := own.Latest
	for s.SetlID != "" && s.SetlID != x.SetlID && s.SetlID != x.After.SetlID {
		if b.hidden[s.SetlID] {
			return nil, "the ledger's chain of the member's settlements goes round at " + s.SetlID, nil
		}
		e, ok, err := l.Entry(s.SetlID)
		if err != nil {
			return nil, "", err
		}
		if !ok {
			return nil, "the ledger does not hold settlement " + s.SetlID + ", which came after it", nil
		}
		b.hidden[s.SetlID] = true
		if _, reversed, err := l.Reversed(s.SetlID); err != nil {
			return nil, "", err
		} else if !reversed {
			undo = append(undo, e)
		}
		s = e.After
	}
	if s.SetlID != x.SetlID && s.SetlID != x.After.SetlID {
		// The chain ended before it: what came after it cannot be told.
		return nil, "the ledger's chain of the member's settlements, from the latest back, does not reach it", nil
	}
	if _, reversed, err := l.Reversed(x.SetlID); err != nil {
		return nil, "", err
	} else if !reversed {
		undo = append(undo, x)
	}
	for _, u := range undo {
		if err := b.undo(u); err != nil {
			return nil, "", err
		}
	}
	if why, err := b.undoReversalsSince(l, x); why != "" || err != nil {
		return nil, why, err
	}
	if x.State != nil {
		a, err := b.Account(x.PsnNo)
		if err != nil {
			return nil, "", err
		}
		if a.Year != x.State.Year {
			return nil, fmt.Sprintf("member %s's account has moved on to year %d since (a credit, a year-end rollover)", x.PsnNo, a.Year), nil
		}
		a.AccountState = Account{AccountState: *x.State}.Clone().AccountState
		a.Latest = x.After
		b.accounts[x.PsnNo] = a
	}
	return b, "", nil
}

// undoReversalsSince undoes the reversals, made since x, of the member's
// settlements before it (A settled, then x, then A reversed): what they
// took back, the ledger held when x was settled. b.hidden holds x and the
// member's settlements after it. A reversal came after x when the
// member's latest settlement then was x or one of those (the reversal's
// After); in a ledger kept before reversals recorded it, when it reverses
// the one x came after, which stood when x was settled. The settlement
// again that ExplainIn compares with the stored one tells any other
// reversal it takes for one made before x.
func (b *beforeLedger) undoReversalsSince(l Ledger, x *Entry) (why string, err error) {
	seen := map[string]bool{}
	for s := x.After; s.SetlID != ""; {
		if seen[s.SetlID] {
			return "the ledger's chain of the member's settlements goes round at " + s.SetlID, nil
		}
		seen[s.SetlID] = true
		e, ok, err := l.Entry(s.SetlID)
		if err != nil || !ok {
			return "", err // a ledger started from an export holds no more
		}
		by, reversed, err := l.Reversed(s.SetlID)
		if err != nil {
			return "", err
		}
		if reversed {
			r, ok, err := l.Entry(by)
			if err != nil {
				return "", err
			}
			if !ok {
				return "the ledger does not hold " + by + ", which reversed settlement " + s.SetlID, nil
			}
			if b.hidden[r.After.SetlID] || r.After.SetlID == "" && s == x.After {
				b.hidden[by], b.unreversed[s.SetlID] = true, true
				if err := b.undo(r); err != nil {
					return "", err
				}
			}
		}
		s = e.After
	}
	return "", nil
}

// undo takes e's deltas and moves back out of b's years and accounts.
func (b *beforeLedger) undo(e *Entry) error {
	if len(e.Deltas) > 0 {
		acc, err := b.Year(e.PsnNo, e.Year)
		if err != nil {
			return err
		}
		if acc == nil {
			acc = Accumulators{}
		}
		for _, d := range e.Deltas {
			acc[d.Key] = acc[d.Key].Sub(d.Amount)
		}
		b.years[yearKey{e.PsnNo, e.Year}] = acc
	}
	for _, mv := range e.Moves {
		a, err := b.Account(mv.PsnNo)
		if err != nil {
			return err
		}
		a.Current, a.Carried = a.Current.Sub(mv.Current), a.Carried.Sub(mv.Carried)
		b.accounts[mv.PsnNo] = a
	}
	return nil
}

// Entry implements Ledger: a settlement not yet made is not there.
func (b *beforeLedger) Entry(id string) (*Entry, bool, error) {
	if b.hidden[id] {
		return nil, false, nil
	}
	return b.Ledger.Entry(id)
}

// Reversed implements Ledger: a reversal not yet made is not there.
func (b *beforeLedger) Reversed(setlID string) (string, bool, error) {
	if b.unreversed[setlID] {
		return "", false, nil
	}
	return b.Ledger.Reversed(setlID)
}

// Year implements Ledger.
func (b *beforeLedger) Year(psnNo string, year int) (Accumulators, error) {
	if acc, ok := b.years[yearKey{psnNo, year}]; ok {
		return maps.Clone(acc), nil
	}
	return b.Ledger.Year(psnNo, year)
}

// Account implements Ledger.
func (b *beforeLedger) Account(psnNo string) (Account, error) {
	if a, ok := b.accounts[psnNo]; ok {
		return a.Clone(), nil
	}
	return b.Ledger.Account(psnNo)
}

// Commit implements Ledger: a ledger as it stood is only read.
func (b *beforeLedger) Commit(*Entry) error { return ErrReadOnly }

// entryDiff is how the settlement again differs from the stored one, to
// the fen: its first figure, fund detail, settlement it came after (see
// Entry.After), change to the member's year or account move that
// differs; "" when none does.
func entryDiff(stored, again *Entry) string {
	differs := func(what string, was, now decimal.Decimal) string {
		return fmt.Sprintf("its %s is %s where the ledger holds %s", what, figure(now), figure(was))
	}
	was, now := setlinfoFigures(&stored.Settlement.Setlinfo), setlinfoFigures(&again.Settlement.Setlinfo)
	for i := range was {
		if !was[i].amount.Equal(now[i].amount) {
			return differs(was[i].name, was[i].amount, now[i].amount)
		}
	}
	sd, ad := stored.Settlement.Setldetail, again.Settlement.Setldetail
	if len(sd) != len(ad) {
		return fmt.Sprintf("%d funds pay where the ledger holds %d", len(ad), len(sd))
	}
	for i := range sd {
		s, a := sd[i], ad[i]
		switch {
		case s.FundPayType != a.FundPayType:
			return fmt.Sprintf("fund %s pays where the ledger holds fund %s", a.FundPayType, s.FundPayType)
		case !s.FundPayamt.Equal(a.FundPayamt):
			return differs("fund "+s.FundPayType+" fund_payamt", s.FundPayamt, a.FundPayamt)
		case !s.InscpScpAmt.Equal(a.InscpScpAmt):
			return differs("fund "+s.FundPayType+" inscp_scp_amt", s.InscpScpAmt, a.InscpScpAmt)
		case !s.CrtPaybLmtAmt.Equal(a.CrtPaybLmtAmt):
			return differs("fund "+s.FundPayType+" crt_payb_lmt_amt", s.CrtPaybLmtAmt, a.CrtPaybLmtAmt)
		}
	}
	if stored.State != nil && stored.After.SetlID != again.After.SetlID {
		return fmt.Sprintf("it comes after settlement %q where the ledger holds it came after %q", again.After.SetlID, stored.After.SetlID)
	}
	sums := func(ds []Delta) map[string]decimal.Decimal {
		m := map[string]decimal.Decimal{}
		for _, d := range ds {
			m[d.Key] = m[d.Key].Add(d.Amount)
		}
		return m
	}
	sdel, adel := sums(stored.Deltas), sums(again.Deltas)
	for _, k := range slices.Sorted(maps.Keys(mergeKeys(sdel, adel))) {
		if !sdel[k].Equal(adel[k]) {
			return differs("change to accumulator "+k, sdel[k], adel[k])
		}
	}
	moves := func(ms []AccountMove) map[string]AccountMove {
		m := map[string]AccountMove{}
		for _, mv := range ms {
			s := m[mv.PsnNo]
			s.Current, s.Carried = s.Current.Add(mv.Current), s.Carried.Add(mv.Carried)
			m[mv.PsnNo] = s
		}
		return m
	}
	smv, amv := moves(stored.Moves), moves(again.Moves)
	for _, psn := range slices.Sorted(maps.Keys(mergeKeys(smv, amv))) {
		s, a := smv[psn], amv[psn]
		if !s.Current.Equal(a.Current) {
			return differs("move of "+psn+"'s 当年 account", s.Current, a.Current)
		}
		if !s.Carried.Equal(a.Carried) {
			return differs("move of "+psn+"'s 历年 account", s.Carried, a.Carried)
		}
	}
	return ""
}

// figure writes an amount as a settlement does: to the fen, or to its
// places where it has more (pool_prop_selfpay's four).
func figure(d decimal.Decimal) string {
	if d.Exponent() < -2 {
		return d.String()
	}
	return d.StringFixed(2)
}

// mergeKeys is the set of the keys of a and b.
func mergeKeys[V any](a, b map[string]V) map[string]bool {
	keys := make(map[string]bool, len(a)+len(b))
	for k := range a {
		keys[k] = true
	}
	for k := range b {
		keys[k] = true
	}
	return keys
}

// namedAmount is one figure of a settlement, by its field's name.
type namedAmount struct {
	name   string
	amount decimal.Decimal
}

// setlinfoFigures lists every figure of si by its setlinfo field.
func setlinfoFigures(si *claim.Setlinfo) []namedAmount {
	return []namedAmount{
		{"medfee_sumamt", si.MedfeeSumamt}, {"fulamt_ownpay_amt", si.FulamtOwnpayAmt}, {"overlmt_selfpay", si.OverlmtSelfpay},
		{"preselfpay_amt", si.PreselfpayAmt}, {"inscp_scp_amt", si.InscpScpAmt}, {"act_pay_dedc", si.ActPayDedc},
		{"hifp_pay", si.HifpPay}, {"pool_prop_selfpay", si.PoolPropSelfpay}, {"hifob_pay", si.HifobPay},
		{"hifmi_pay", si.HifmiPay}, {"cvlserv_pay", si.CvlservPay}, {"hifes_pay", si.HifesPay}, {"maf_pay", si.MafPay},
		{"oth_pay", si.OthPay}, {"fund_pay_sumamt", si.FundPaySumamt}, {"psn_part_amt", si.PsnPartAmt},
		{"acct_pay", si.AcctPay}, {"acct_mulaid_pay", si.AcctMulaidPay}, {"psn_cash_pay", si.PsnCashPay}, {"balc", si.Balc},
	}
}
