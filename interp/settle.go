package interp

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mpl-lang/mpl/internal/spaces"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
)

// Options changes how a claim is settled.
type Options struct {
	// Explain adds the trace: each step's rule, position, source, inputs and amount.
	// A claim sent again is answered with its stored settlement, and the
	// trace it was stored with: none, when it was first settled without
	// Explain.
	Explain bool
}

// Settle settles a claim and commits its effects to the ledger: it reads
// the member's year, works the settlement out and commits it, and nothing
// keeps another settlement of the member from committing in between. Use
// it on a Ledger that one goroutine settles into, or inside a Store's
// Update; to settle into a Store that several goroutines (or processes)
// share, use SettleIn, which locks the member for the whole of it. A
// *MemoryLedger, a Store as well as a Ledger, is settled into as SettleIn
// would, so that goroutines settling into one directly are safe too.
//
// A setl_id the ledger already holds returns the stored settlement and
// changes nothing, when the claim sent again is the same member's with
// the same figures and labels (docs/claims.md lists which), reversed
// since or not; otherwise it is an error naming the first field that
// differs. Any other claim, or reversal, dated before its member's latest
// settlement that stands (AccountState.Latest) is an error on setl_time,
// as the member's year would take it out of setl_time order (SettleOrder
// says which of two claims at one setl_time comes first); a what-if
// ledger records no latest settlement.
// The settlement returned is the caller's to change, but for its trace,
// which is read-only: the ledger keeps a copy of its own (see Ledger).
// A settlement with a fraction of a fen (see claim.CheckFen; no construct
// of the language leaves one, as payments, deductibles and caps are
// rounded where they are worked out) is an error and changes nothing either.
// Errors are *claim.Error, naming the claim, the field and the rule, but
// for a failure of the ledger itself (an error of a Ledger method that is
// not a refusal of the entry), which is a *StoreError. A claim built in Go
// is checked first as a claim.Reader checks one it reads
// (claim.Claim.Validate).
func (p *Program) Settle(l Ledger, c *claim.Claim, opt Options) (*claim.Settlement, error) {
	if err := p.checkArgs("ledger", l); err != nil {
		return nil, err
	}
	if err := checkClaim(c); err != nil {
		return nil, err
	}
	if m, ok := l.(*MemoryLedger); ok {
		// Two goroutines settling one member directly would both read
		// the year before either commits (a yearly deductible charged
		// twice): settle in an Update, as SettleIn does.
		return p.settleIn(m, c, opt)
	}
	return p.settle(l, c, opt)
}

// settle is Settle for a claim checked already, on a ledger the caller
// has to itself.
func (p *Program) settle(l Ledger, c *claim.Claim, opt Options) (*claim.Settlement, error) {
	if e, ok, err := p.sentBefore(l, c); err != nil {
		return nil, err
	} else if ok {
		// Reversed since or not, the stored settlement is the answer: a run
		// started again over the same batch (a claim, then its reversal)
		// must write the rows the first run wrote.
		return e.Settlement, nil
	}
	e, rollovers, err := p.presettle(l, c, opt)
	if err != nil {
		return nil, err
	}
	// A figure with a fraction of a fen (left by a policy that does not
	// round) can be written in no row: the claim is an error row, and its
	// settlement must not change the member's year.
	if refused := claim.CheckFen(e.Settlement); refused != nil {
		return nil, refusedRow(refused, c)
	}
	if err := commitAll(l, rollovers); err != nil {
		return nil, p.ledgerError(c, err)
	}
	if err := l.Commit(e); err != nil {
		return nil, p.ledgerError(c, err)
	}
	return e.Settlement, nil
}

// checkClaim refuses a nil claim, and one that claim.Claim.Validate faults.
func checkClaim(c *claim.Claim) error {
	if c == nil {
		return &claim.Error{Code: claim.CodeClaim, Msg: "no claim to settle (nil)"}
	}
	if e := c.Validate(); e != nil {
		return e
	}
	return nil
}

// sentBefore is the stored entry that answers a claim sent again: ok is
// false for a setl_id the ledger does not hold, and the error says why
// the claim cannot be sent again as it is (another member's id, another
// figure, an operation's id).
func (p *Program) sentBefore(l Ledger, c *claim.Claim) (e *Entry, ok bool, err error) {
	if e, ok, err = l.Entry(c.SetlID); err != nil {
		return nil, false, p.ledgerError(c, err)
	} else if !ok {
		return nil, false, nil
	}
	switch {
	case e.Kind != KindSettlement || e.Settlement == nil:
		err = claimErr(c, "setl_id", "%s is the id of a ledger operation (%s), not of a settlement; a claim takes an id of its own", c.SetlID, e.Kind)
	case e.PsnNo != c.PsnNo:
		err = claimErr(c, "setl_id", "setl_id %s was already settled for member %s", c.SetlID, e.PsnNo)
	default:
		err = p.sentAgainDiffers(e, c)
	}
	if err != nil {
		return nil, false, err
	}
	if e.Reverses != "" && e.Settlement.Reverses == "" {
		// Stored by an mpl that wrote no reverses in a reversal's row: the
		// row sent again says what it reverses, as the first would now.
		// (The entry is a copy of the ledger's, see Ledger.)
		e.Settlement.Reverses = e.Reverses
	}
	return e, true, nil
}

// sentAgainDiffers compares a claim sent again with the entry its setl_id
// already has: the error on the first field that differs, or nil when they
// agree. A reversal is compared by what it reverses, its figures being the
// negation of that settlement's; a claim with fee lines by the amounts its
// fee lines split into. Its amounts are compared first, then the rest of
// the claim as first sent (see firstFieldDiff).
func (p *Program) sentAgainDiffers(e *Entry, c *claim.Claim) error {
	differs := func(field, was, now string) error {
		return claimErr(c, field, "setl_id %s was already settled with %s %s, not %s; a claim sent again must repeat its figures (a correction is a reversal and a new setl_id)",
			c.SetlID, field, was, now)
	}
	switch {
	case e.Reverses == c.Reverses:
	case e.Reverses == "":
		return claimErr(c, "reverses", "setl_id %s was already settled as a claim, not as the reversal of %s; a reversal takes a setl_id of its own", c.SetlID, c.Reverses)
	case c.Reverses == "":
		return claimErr(c, "reverses", "setl_id %s was already settled as the reversal of %s; a claim sent again must repeat its figures", c.SetlID, e.Reverses)
	default:
		return differs("reverses", e.Reverses, c.Reverses)
	}
	s := e.Settlement
	if s == nil {
		return nil
	}
	was := s.Setlinfo
	if e.Reverses != "" {
		// A reversal's row negates the figures its claim repeats.
		was = negate(was)
	}
	if err := amountsDiffer(c, &was, differs); err != nil {
		return err
	}
	return p.fieldsDiffer(&e.Claim, c, func(field, was, now string) error {
		return claimErr(c, field, "setl_id %s was already settled with %s %s, not %s; a claim sent again repeats the claim as first sent (a correction is a reversal and a new setl_id)",
			c.SetlID, field, was, now)
	})
}

// amountsDiffer compares the amounts of c (for a claim with fee lines, the
// amounts its lines split into) with those of a settlement, was: the
// error differs makes of the first that differs, or nil when all agree.
func amountsDiffer(c *claim.Claim, was *claim.Setlinfo, differs func(field, was, now string) error) error {
	var split claim.Setlinfo
	if err := splitInto(c, &split); err != nil {
		return err // as the claim would be refused were it new
	}
	for _, p := range []struct {
		name     string
		was, now decimal.Decimal
	}{
		{"medfee_sumamt", was.MedfeeSumamt, split.MedfeeSumamt},
		{"fulamt_ownpay_amt", was.FulamtOwnpayAmt, split.FulamtOwnpayAmt},
		{"overlmt_selfpay", was.OverlmtSelfpay, split.OverlmtSelfpay},
		{"preselfpay_amt", was.PreselfpayAmt, split.PreselfpayAmt},
		{"inscp_scp_amt", was.InscpScpAmt, split.InscpScpAmt},
	} {
		if !p.was.Equal(p.now) {
			return differs(p.name, p.was.StringFixed(2), p.now.StringFixed(2))
		}
	}
	return nil
}

// SettleIn settles a claim in one transaction of a shared store, locking
// the member and the family member whose account shares, so concurrent
// settlements of the same member are serialised: the way for several
// goroutines, processes or services to settle into one ledger. Its errors
// are Settle's; a transaction that fails to begin, lock or commit is a
// *StoreError.
//
// A claim sent again returns its stored settlement only from a store that
// keeps settlements (MemoryLedger, the stores of package store): a
// WhatIfLedger keeps none unless told which (WhatIfLedger.Keep), and
// settles and pays a claim sent again to it a second time (see Store).
func (p *Program) SettleIn(st Store, c *claim.Claim, opt Options) (*claim.Settlement, error) {
	if err := p.checkArgs("store", st); err != nil {
		return nil, err
	}
	if err := checkClaim(c); err != nil {
		return nil, err // before a transaction is begun for it
	}
	return p.settleIn(st, c, opt)
}

// settleIn is SettleIn for a claim checked already (by the reader that
// read it).
func (p *Program) settleIn(st Store, c *claim.Claim, opt Options) (*claim.Settlement, error) {
	members := []string{c.PsnNo}
	if c.MulaidPsnNo != "" && c.MulaidPsnNo != c.PsnNo {
		members = append(members, c.MulaidPsnNo)
	}
	return inStore(p, c, func(fn func(Ledger) error) error { return st.Update(members, fn) },
		func(l Ledger) (*claim.Settlement, error) { return p.settle(l, c, opt) })
}

// presettleIn presettles a claim over a view of st; its errors are
// SettleIn's.
func (p *Program) presettleIn(st Store, c *claim.Claim, opt Options) (*claim.Settlement, error) {
	return inStore(p, c, st.View, func(l Ledger) (*claim.Settlement, error) {
		e, ok, err := p.sentBefore(l, c) // checked by the caller (row.fault)
		if err == nil && !ok {
			e, _, err = p.presettle(l, c, opt)
		}
		if err != nil {
			return nil, err
		}
		return e.Settlement, nil
	})
}

// inStore runs fn on a ledger of a store, through its Update or View
// (through), for claim c, and returns what fn returned: fn's error as it
// is (the claim's error row, or the store failing as fn met it), and an
// error of the store around fn (a transaction that would not begin or
// commit) as c's (see ledgerError). A store may run fn more than once (it
// retries a deadlock or a busy file); only the last run's outcome counts.
func inStore[T any](p *Program, c *claim.Claim, through func(func(Ledger) error) error, fn func(Ledger) (T, error)) (T, error) {
	var out, none T
	var fnErr error
	err := through(func(l Ledger) error {
		out, fnErr = fn(l)
		return fnErr
	})
	if fnErr != nil {
		return none, fnErr
	}
	if err != nil {
		return none, p.ledgerError(c, err)
	}
	return out, nil
}

// ledgerError is the error of c when its ledger returned err: a claim
// error row when the ledger refused the claim's entry (*RefusedError) or
// a what-if ledger cannot hold its figures; else the store failed, and
// it is a *StoreError.
func (p *Program) ledgerError(c *claim.Claim, err error) error {
	var failed *StoreError
	if errors.As(err, &failed) {
		if failed.SetlID == "" {
			// The store's own, from its Update: name the claim.
			return &StoreError{SetlID: c.SetlID, Line: c.Line, Err: failed.Err}
		}
		return err // Settle's, through SettleIn
	}
	var beyond *beyondWhatIf
	if errors.As(err, &beyond) {
		// Only a stream on a what-if ledger gets here: a whole batch
		// whose totals would not fit settles on a MemoryLedger
		// (FitsWhatIf).
		return &claim.Error{SetlID: c.SetlID, Line: c.Line, Field: "medfee_sumamt", Code: claim.CodeSettlement,
			Msg: "this claim takes the member's year past what a what-if ledger holds, 10¹³ yuan a figure (" + beyond.figure +
				"); settle the batch whole rather than streamed, or against a ledger that keeps settlements"}
	}
	var refused *RefusedError
	if errors.As(err, &refused) {
		return ledgerRow(c, err)
	}
	return &StoreError{SetlID: c.SetlID, Line: c.Line, Err: err}
}

// ledgerRow is the error row of a claim whose ledger entry could not be
// made or was refused.
func ledgerRow(c *claim.Claim, err error) *claim.Error {
	return &claim.Error{SetlID: c.SetlID, Line: c.Line, Code: claim.CodeSettlement, Msg: "ledger: " + err.Error()}
}

func claimErr(c *claim.Claim, field, format string, args ...any) *claim.Error {
	return &claim.Error{SetlID: c.SetlID, Line: c.Line, Field: field, Code: claim.CodeClaim, Msg: fmt.Sprintf(format, args...)}
}

// ruleErr is a run-time failure of a rule: it names the rule and where it is.
func ruleErr(c *claim.Claim, rule string, pos lang.Pos, format string, args ...any) *claim.Error {
	msg := fmt.Sprintf(format, args...)
	e := &claim.Error{SetlID: c.SetlID, Line: c.Line, Code: claim.CodeSettlement,
		Msg: fmt.Sprintf("%s (rule %s at %s)", msg, rule, pos)}
	for _, a := range args {
		var missing missingField
		if err, ok := a.(error); ok && errors.As(err, &missing) {
			e.Field, e.Code = missing.field.String(), claim.CodeClaim
		}
	}
	return e
}

// run is the state of one settlement in progress.
type run struct {
	p      *Program
	c      *claim.Claim
	f      frame
	acc    Accumulators
	s      *claim.Settlement
	e      *Entry
	trace  bool
	inscp  decimal.Decimal
	medTyp string // the kind of care's code, for _BIZ keys

	own        Account  // the member's account, rolled over to the claim's year
	lapsed     bool     // contributions stopped, or not insured: no pooled benefits
	notInsured bool     // psn_insu_stas says so: the account pays only where it would after 断缴
	rollovers  []*Entry // year-end rollovers to commit before this settlement
}

// accountOf reads a member's account as it stands in the claim's year,
// noting the rollovers that get it there.
func (r *run) accountOf(l Ledger, psnNo string) (Account, error) {
	a, err := l.Account(psnNo)
	if err != nil {
		return a, r.p.ledgerError(r.c, err)
	}
	a, entries, err := r.p.rollovers(psnNo, a, r.c.SetlTime.Year())
	if err != nil {
		return a, ledgerRow(r.c, err) // the policy's interest rule failed
	}
	r.rollovers = append(r.rollovers, entries...)
	return a, nil
}

func (r *run) step(step, rule string, pos lang.Pos, amount decimal.Decimal, note string, inputs ...string) {
	if !r.trace {
		return
	}
	t := claim.TraceStep{Step: step, Rule: rule, Amount: amount, Note: note, Source: r.p.source}
	if pos.IsValid() {
		t.Pos = pos.String()
	}
	if len(inputs) > 0 {
		t.Inputs = map[string]string{}
		for i := 0; i+1 < len(inputs); i += 2 {
			t.Inputs[inputs[i]] = inputs[i+1]
		}
	}
	r.s.Trace = append(r.s.Trace, t)
}

func (r *run) delta(key string, amount decimal.Decimal) {
	if amount.IsZero() {
		return
	}
	r.e.Deltas = append(r.e.Deltas, Delta{Key: key, Amount: amount})
}

// Presettle computes a claim's settlement and the ledger entry that would
// apply it, without writing anything (the platform's 2206 pre-settlement).
// A claim the ledger holds already is answered with its stored entry, as
// Settle answers it.
func (p *Program) Presettle(l Ledger, c *claim.Claim, opt Options) (*Entry, error) {
	if err := p.checkArgs("ledger", l); err != nil {
		return nil, err
	}
	if err := checkClaim(c); err != nil {
		return nil, err
	}
	if e, ok, err := p.sentBefore(l, c); err != nil || ok {
		return e, err
	}
	e, _, err := p.presettle(l, c, opt)
	return e, err
}

// presettle computes a claim's entry, and the year-end rollovers that must
// be committed before it.
func (p *Program) presettle(l Ledger, c *claim.Claim, opt Options) (*Entry, []*Entry, error) {
	if c.Reverses != "" {
		e, err := p.reversal(l, c)
		if err == nil && opt.Explain {
			// One step: the reversal works nothing out of its own.
			e.Settlement.Trace = p.reversalTrace(c.Reverses, e.Settlement.Setlinfo.MedfeeSumamt)
		}
		return e, nil, err
	}
	r := &run{p: p, c: c, trace: opt.Explain}
	r.s = &claim.Settlement{SetlID: c.SetlID, PsnNo: c.PsnNo}
	r.e = &Entry{SetlID: c.SetlID, Kind: KindSettlement, PsnNo: c.PsnNo, Year: c.SetlTime.Year(), Settlement: r.s,
		Claim: claimFieldsOf(c)}
	e, err := r.settle(l)
	return e, r.rollovers, err
}

func (r *run) settle(l Ledger) (*Entry, error) {
	p, c := r.p, r.c
	if err := r.split(); err != nil {
		return nil, err
	}
	if err := r.fill(); err != nil {
		return nil, err
	}
	if err := r.eligible(); err != nil {
		return nil, err
	}
	b, err := r.benefit()
	if err != nil {
		return nil, err
	}
	acc, err := l.Year(c.PsnNo, r.e.Year)
	if err != nil {
		return nil, p.ledgerError(c, err)
	}
	r.acc = acc
	if r.own, err = r.accountOf(l, c.PsnNo); err != nil {
		return nil, err
	}
	if keepsOrder(l) {
		if err := r.inOrder(); err != nil {
			return nil, err
		}
	}
	if stas := c.PsnInsuStas; stas != "" && stas != claim.InsuStasNormal {
		// Not insured, or insurance suspended or ended (参保状态), as the
		// claim says: as 断缴, no pooled fund or further fund pays.
		r.lapsed, r.notInsured = true, true
		if r.trace {
			r.step("eligibility", "psn_insu_stas", lang.Pos{}, decimal.Zero,
				"参保状态 "+claim.InsuStasLabel(stas)+": 统筹基金不予支付 (not insured as of the claim; pooled benefits off)",
				"psn_insu_stas", stas)
		}
	} else if r.own.Lapsed(c.SetlTime) {
		// 断缴: no pooled fund or further fund pays; the account may.
		r.lapsed = true
		if r.trace {
			r.step("eligibility", "lapse", lang.Pos{}, decimal.Zero, "断缴: 统筹基金不予支付 (contributions stopped; pooled benefits off)",
				"setl_time", c.SetlTime.Format("2006-01-02"))
		}
	} else {
		if err := r.pooled(b); err != nil {
			return nil, err
		}
		if err := r.further(b); err != nil {
			return nil, err
		}
	}
	if err := r.account(l); err != nil {
		return nil, err
	}
	if err := checkInvariants(r.s, false); err != nil {
		return nil, &claim.Error{SetlID: c.SetlID, Line: c.Line, Field: err.field, Code: claim.CodeSettlement,
			Msg: "invariant broken: " + err.msg + " (policy " + p.pol.Name + ")"}
	}
	return r.e, nil
}

// inOrder refuses a claim dated before its member's latest settlement
// that stands, and has the entry record the claim as the latest (see
// order.go).
func (r *run) inOrder() error {
	c, latest := r.c, r.own.Latest
	if c.SetlTime.Before(latest.SetlTime) {
		return lateClaim(c, latest)
	}
	state := r.own.Clone().AccountState
	state.Latest = Settled{SetlID: c.SetlID, SetlTime: c.SetlTime}
	r.e.State, r.e.After = &state, latest
	return nil
}

// split fills the four split amounts, deriving them from fee lines when the
// claim has them: 丙 is wholly self-paid; above the price limit is 超限价;
// of the rest, selfpay_prop of a 乙 item is self-paid first, rounded half up
// to the fen per item; what remains is in scope.
func (r *run) split() error {
	c, si := r.c, &r.s.Setlinfo
	if err := splitInto(c, si); err != nil {
		return err
	}
	r.inscp = si.InscpScpAmt
	sum := si.FulamtOwnpayAmt.Add(si.OverlmtSelfpay).Add(si.PreselfpayAmt).Add(si.InscpScpAmt)
	if !sum.Equal(si.MedfeeSumamt) {
		return claimErr(c, "medfee_sumamt", "the four amounts add up to %s, not medfee_sumamt %s", sum.StringFixed(2), si.MedfeeSumamt.StringFixed(2))
	}
	if r.trace {
		r.step("split", "split", lang.Pos{}, si.InscpScpAmt, "符合政策范围金额 = 总额 − 全自费 − 超限价 − 先行自付",
			"medfee_sumamt", si.MedfeeSumamt.StringFixed(2), "fulamt_ownpay_amt", si.FulamtOwnpayAmt.StringFixed(2),
			"overlmt_selfpay", si.OverlmtSelfpay.StringFixed(2), "preselfpay_amt", si.PreselfpayAmt.StringFixed(2))
	}
	return nil
}

// splitInto sets the five amounts of si from c: as given, or worked out
// from c's fee lines (see split).
func splitInto(c *claim.Claim, si *claim.Setlinfo) error {
	si.MedfeeSumamt = c.MedfeeSumamt
	if len(c.FeeDetails) == 0 {
		si.FulamtOwnpayAmt, si.OverlmtSelfpay = c.FulamtOwnpayAmt, c.OverlmtSelfpay
		si.PreselfpayAmt, si.InscpScpAmt = c.PreselfpayAmt, c.InscpScpAmt
	} else {
		for i, d := range c.FeeDetails {
			switch d.ChrgItemLv {
			case "丙":
				si.FulamtOwnpayAmt = si.FulamtOwnpayAmt.Add(d.SumAmt)
				continue
			case "甲", "乙":
			default:
				return claimErr(c, fmt.Sprintf("fee_details[%d].chrg_item_lv", i), "unknown item class %q (甲, 乙 or 丙)", d.ChrgItemLv)
			}
			rest := d.SumAmt
			if d.HasLmtPrice {
				limit := d.LmtPrice
				if cnt, ok := d.Quantity(); ok {
					// The limit of the line is money: to the fen, as
					// every amount is.
					limit = lang.HalfUp.Round(limit.Mul(cnt))
				}
				if over := rest.Sub(limit); over.IsPositive() {
					si.OverlmtSelfpay = si.OverlmtSelfpay.Add(over)
					rest = limit
				}
			}
			pre := decimal.Zero
			if d.ChrgItemLv == "乙" {
				pre = lang.HalfUp.Round(rest.Mul(d.SelfpayProp))
			}
			si.PreselfpayAmt = si.PreselfpayAmt.Add(pre)
			si.InscpScpAmt = si.InscpScpAmt.Add(rest.Sub(pre))
		}
	}
	return nil
}

// fill resolves the claim's fields into the frame the rules read.
func (r *run) fill() error {
	c, p, f := r.c, r.p, &r.f
	texts := map[lang.Field]string{
		lang.FieldPsnType: c.PsnType, lang.FieldMedType: c.MedType, lang.FieldMedinsLv: c.MedinsLv,
		lang.FieldInsutype: c.Insutype, lang.FieldMdtrtArea: c.MdtrtArea, lang.FieldRemoteFiling: c.RemoteFiling,
	}
	// insutype first: a claim of another scheme is best told so, not that
	// its person type is unknown here.
	fields := append([]lang.Field{lang.FieldInsutype}, lang.EnumFields...)
	for _, fld := range fields {
		text := spaces.Trim(texts[fld])
		switch {
		case fld == lang.FieldMdtrtArea && text == "":
			f.ord[fld] = p.local
			continue
		case fld == lang.FieldRemoteFiling && text == "":
			f.ord[fld] = p.noFiling
			continue
		}
		e := p.enums[fld]
		i, ok := e.Lookup(text)
		if !ok {
			err := claimErr(c, fld.String(), "unknown %s %q in policy %s", fieldNoun(fld), texts[fld], p.pol.Name)
			err.Msg += unknownLabelHint(text, e)
			return err
		}
		f.ord[fld] = i
		if fld == lang.FieldInsutype {
			if err := r.scheme(); err != nil {
				return err
			}
		}
	}
	if c.HasAge {
		f.dec[lang.FieldAge] = decimal.NewFromInt(int64(c.Age))
	} else {
		f.noAge = true
	}
	if c.CvlservFlag {
		f.ord[lang.FieldCvlservFlag] = 1
	}
	f.str[lang.FieldDiseCode] = c.DiseCode
	f.ord[lang.FieldSetlTime] = lang.DayNumber(c.SetlTime)
	si := &r.s.Setlinfo
	f.dec[lang.FieldMedfeeSumamt] = si.MedfeeSumamt
	f.dec[lang.FieldFulamtOwnpayAmt] = si.FulamtOwnpayAmt
	f.dec[lang.FieldOverlmtSelfpay] = si.OverlmtSelfpay
	f.dec[lang.FieldPreselfpayAmt] = si.PreselfpayAmt
	f.dec[lang.FieldInscpScpAmt] = si.InscpScpAmt
	mt := p.enums[lang.FieldMedType]
	r.medTyp = mt.Labels[f.ord[lang.FieldMedType]]
	if codes := mt.Codes[f.ord[lang.FieldMedType]]; len(codes) > 0 {
		r.medTyp = codes[0]
	}
	return nil
}

func fieldNoun(f lang.Field) string {
	switch f {
	case lang.FieldPsnType:
		return "person type"
	case lang.FieldMedType:
		return "kind of care"
	case lang.FieldMedinsLv:
		return "provider level"
	case lang.FieldMdtrtArea:
		return "treatment area"
	case lang.FieldRemoteFiling:
		return "remote filing"
	}
	return f.String()
}

// scheme checks the claim belongs to this policy's scheme (insutype).
func (r *run) scheme() error {
	c, p := r.c, r.p
	ins := p.enums[lang.FieldInsutype]
	if code := ins.Codes[r.f.ord[lang.FieldInsutype]]; len(code) == 0 || code[0] != p.pol.Insutype {
		return claimErr(c, "insutype", "insutype %s is not this policy's scheme (%s, policy %s)", c.Insutype, p.pol.Insutype, p.pol.Name)
	}
	return nil
}

// eligible checks the claim falls in the policy's effective period.
func (r *run) eligible() error {
	c, p := r.c, r.p
	day := r.f.ord[lang.FieldSetlTime]
	if p.to != 0 && (day < p.from || day > p.to) {
		return claimErr(c, "setl_time", "settled %s, outside policy %s's effective period %s to %s",
			c.SetlTime.Format("2006-01-02"), p.pol.Name, lang.DayString(p.from), lang.DayString(p.to))
	}
	return nil
}

// benefit picks the first benefit that covers the claim's kind of care and
// whose condition holds.
func (r *run) benefit() (*benefitPlan, error) {
	mt := r.f.ord[lang.FieldMedType]
	for _, b := range r.p.benefits {
		if !b.rule.Covers[mt] {
			continue
		}
		if b.when != nil {
			v, err := b.when(&r.f)
			if err != nil {
				return nil, ruleErr(r.c, b.rule.Name, b.rule.Pos, "%v", err)
			}
			if v.Int == 0 {
				continue
			}
		}
		if rf := b.rule.Refuse; rf != nil {
			return nil, claimErr(r.c, rf.Field.String(), "not covered by policy %s: %s (benefit %s at %s)", r.p.pol.Name, rf.Reason, b.rule.Name, rf.Pos)
		}
		if r.trace {
			r.step("benefit", b.rule.Name, b.rule.Pos, decimal.Zero, "适用待遇 "+b.rule.Title, "med_type", r.c.MedType)
		}
		return b, nil
	}
	return nil, claimErr(r.c, "med_type", "no benefit of policy %s covers med_type %s (%s) for this claim",
		r.p.pol.Name, r.c.MedType, r.p.enums[lang.FieldMedType].Labels[mt])
}

// pooled runs the deductible, the pooled ratio and the caps.
func (r *run) pooled(b *benefitPlan) error {
	c, si, p := r.c, &r.s.Setlinfo, r.p
	name := b.rule.Name
	admissions := r.acc.Get(b.admKey) // admKeys[0]: no Add for the benefit counted alone
	for _, k := range b.admKeys[1:] {
		admissions = admissions.Add(r.acc.Get(k))
	}
	r.f.dec[lang.FieldAdmission] = admissions.Add(decimal.NewFromInt(1))

	// Deductible (起付线).
	dedc := decimal.Zero
	if d := b.ded; d != nil {
		v, err := d.amount(&r.f)
		if err != nil {
			return ruleErr(c, name, d.rule.Pos, "deductible: %v", err)
		}
		// A deductible the policy's arithmetic leaves with a fraction of a
		// fen (¥1000 / 3) is rounded to the fen as a payment is: it is a
		// figure of the settlement (act_pay_dedc).
		amount := p.pol.Rounding.Round(v.Dec)
		if amount.IsNegative() {
			return belowZero(c, name, d.rule.Pos, "deductible", amount, d.rule.Amount)
		}
		remaining := amount
		if d.rule.PerAdmission {
			if n := len(d.schedule); n > 0 {
				i := int(admissions.IntPart())
				if i >= n {
					i = n - 1
				}
				s, err := d.schedule[i](&r.f)
				if err != nil {
					return ruleErr(c, name, d.rule.Pos, "deductible schedule: %v", err)
				}
				if d.money[i] {
					remaining = p.pol.Rounding.Round(s.Dec)
				} else {
					remaining = p.pol.Rounding.Round(amount.Mul(s.Dec))
				}
				if remaining.IsNegative() {
					return belowZero(c, name, d.rule.Pos, "deductible schedule", remaining, d.rule.Schedule[min(i, len(d.rule.Schedule)-1)])
				}
			}
		} else {
			remaining = decimal.Max(decimal.Zero, amount.Sub(r.acc.Get(d.poolKey)))
		}
		dedc = decimal.Min(r.inscp, remaining)
		per := "年度累计"
		if d.rule.PerAdmission {
			per = "按次"
		}
		if r.trace {
			// due is what this claim owes: the year's deductible less
			// what was borne, or this admission's (a schedule's entry).
			r.step("deductible", name, d.rule.Pos, dedc, "起付线("+per+")",
				"deductible", amount.StringFixed(2), "due", remaining.StringFixed(2), "borne_before", r.acc.Get(d.poolKey).StringFixed(2),
				"admission", r.f.dec[lang.FieldAdmission].String(), "inscp_scp_amt", r.inscp.StringFixed(2))
		}
		r.delta(KeyDeductible, dedc)
		r.delta(d.poolKey, dedc)
	}
	si.ActPayDedc = dedc
	base := r.inscp.Sub(dedc)

	// Ratio (报销比例), adjustments and remote care.
	v, err := b.ratio(&r.f)
	if err != nil {
		return ruleErr(c, name, b.ratioPos, "ratio: %v", err)
	}
	var raw, rate decimal.Decimal
	if b.bands {
		raw = v.Bands.Apply(base)
		rate = effectiveRate(raw, base)
	} else {
		rate = v.Dec
		raw = base.Mul(rate)
	}
	bandsRaw := raw // the bands' sum, before any adjustment
	if r.trace {
		// rounded is what the step comes to as the policy rounds a
		// payment; with bands, each band's share is the working, and
		// the bands' line is the one behind the figures.
		pos := b.ratioPos
		inputs := []string{"base", base.StringFixed(2), "ratio", pct(rate),
			"inscp_scp_amt", r.inscp.StringFixed(2), "act_pay_dedc", dedc.StringFixed(2),
			"rounded", p.pol.Rounding.Round(raw).StringFixed(2), "rounding", p.pol.Rounding.String()}
		if b.bands {
			inputs = append(inputs, "bands", bandTerms(v.Bands, decimal.Zero, base))
			if len(v.Bands.Pos) > 0 && v.Bands.Pos[0].IsValid() {
				pos = v.Bands.Pos[0]
			}
		}
		r.step("ratio", name, pos, raw, "统筹支付 = (符合范围 − 起付线) × 比例", inputs...)
	}
	// cause is the field that chose the step that last took the ratio
	// out of [0%, 100%], for the error row.
	cause := b.ratioField
	one := decimal.NewFromInt(1)
	out := func() bool {
		return rate.IsNegative() || rate.GreaterThan(one) || raw.IsNegative() || raw.GreaterThan(base)
	}
	step := func(op string, a decimal.Decimal) {
		switch op {
		case "+":
			raw = raw.Add(base.Mul(a))
		case "-":
			raw = raw.Sub(base.Mul(a))
		case "×":
			raw = raw.Mul(a)
		case "=":
			raw = base.Mul(a)
		}
		if b.bands {
			rate = effectiveRate(raw, base)
			return
		}
		rate = lang.AdjustRatio(op, rate, a)
	}
	apply := func(op string, a decimal.Decimal, field string) {
		was := out()
		step(op, a)
		if !was && out() && field != "" {
			cause = field
		}
	}
	for _, a := range b.adjusts {
		if a.when != nil {
			w, err := a.when(&r.f)
			if err != nil {
				return ruleErr(c, name, a.rule.Pos, "adjust: %v", err)
			}
			if w.Int == 0 {
				continue
			}
		}
		x, err := a.value(&r.f)
		if err != nil {
			return ruleErr(c, name, a.rule.Pos, "adjust: %v", err)
		}
		apply(a.rule.Op, x.Dec, a.field)
		if r.trace {
			r.step("adjust", name, a.rule.Pos, raw, "比例调整 "+a.rule.Op+" "+pct(x.Dec), "op", a.rule.Op, "value", pct(x.Dec), "ratio", pct(rate),
				"rounded", p.pol.Rounding.Round(raw).StringFixed(2), "rounding", p.pol.Rounding.String())
		}
	}
	if b.remote != nil {
		i := b.remote.index(&r.f)
		cell := b.remote.cells[i]
		x, err := b.remote.fns[i](&r.f)
		if err != nil {
			return ruleErr(c, name, cell.Pos, "remote: %v", err)
		}
		apply(cell.Op, x.Dec, b.remoteField)
		if r.trace {
			r.step("remote", name, cell.Pos, raw, "异地就医调整 "+cell.Op+" "+pct(x.Dec),
				"mdtrt_area", c.MdtrtArea, "remote_filing", c.RemoteFiling, "op", cell.Op, "value", pct(x.Dec), "ratio", pct(rate),
				"rounded", p.pol.Rounding.Round(raw).StringFixed(2), "rounding", p.pol.Rounding.String())
		}
	}
	if out() {
		e := ruleErr(c, name, b.ratioPos, "pooled ratio works out at %s for this claim, outside [0%%, 100%%]", pct(rate))
		e.Field = cause
		return e
	}
	computed := p.pol.Rounding.Round(raw)
	pay := computed

	// Caps (封顶线). crt_payb_lmt_amt is what the fund could still pay
	// this year before this claim: the smallest cap's room; with no cap,
	// nothing limits it but the claim's in-scope amount.
	pay, limit, applied, err := r.applyCaps(b.caps, name, "达到封顶线，统筹支付以剩余额度为限", "hifp_pay", pooledName(p.pooledCode), pay, r.inscp)
	if err != nil {
		return err
	}
	for _, cp := range applied {
		if cp.key != "" {
			r.delta(cp.key, pay)
		}
	}
	si.HifpPay = pay
	si.PoolPropSelfpay = rate.Round(4)
	code := p.pooledCode
	r.delta(FundKey(code), pay)
	r.delta(FundKey(code)+"_BIZ"+r.medTyp, pay)
	r.delta(KeyCount, decimal.NewFromInt(1))
	r.delta(KeyCount+"_BIZ"+r.medTyp, decimal.NewFromInt(1))
	r.delta(b.admKey, decimal.NewFromInt(1))
	if pay.IsPositive() {
		// Bands are worked band by band: one blended ratio would not
		// multiply out to the amount.
		info := fmt.Sprintf("%s: 起付线 %s, (%s − %s) × %s = %s", b.rule.Name, dedc.StringFixed(2),
			r.inscp.StringFixed(2), dedc.StringFixed(2), pct(rate), computed.StringFixed(2))
		if b.bands {
			terms := bandTerms(v.Bands, decimal.Zero, base)
			if terms == "" {
				terms = "0.00" // only an adjustment pays
			}
			info = fmt.Sprintf("%s: 起付线 %s, (%s − %s) 分段累进 %s", b.rule.Name, dedc.StringFixed(2),
				r.inscp.StringFixed(2), dedc.StringFixed(2), terms)
			if !raw.Equal(bandsRaw) {
				info += ", 比例调整后"
			}
			info += " = " + computed.StringFixed(2)
		}
		if !pay.Equal(computed) {
			info += ", 封顶后 " + pay.StringFixed(2)
		}
		r.s.Setldetail = append(r.s.Setldetail, claim.FundDetail{
			FundPayType: code, FundPayTypeName: pooledName(code), InscpScpAmt: base, CrtPaybLmtAmt: limit, FundPayamt: pay,
			SetlProcInfo: info,
		})
	}
	return nil
}

// applyCaps holds pay to the room of every cap that applies, tracing the
// cap that binds with note and the fund it holds (its setlinfo field and
// name). It returns the payment, the limit (the
// smallest room, or noCap when no cap applies: crt_payb_lmt_amt) and the
// caps that applied, or the error of a cap whose rule failed.
func (r *run) applyCaps(caps []capPlan, rule, note, fund, fundName string, pay, noCap decimal.Decimal) (_, limit decimal.Decimal, applied []capPlan, err error) {
	limit = noCap
	for _, cp := range caps {
		x, room, applies, err := r.capRoom(cp)
		if err != nil {
			return pay, limit, nil, ruleErr(r.c, rule, cp.rule.Pos, "cap: %v", err)
		}
		if applies && x.Dec.IsNegative() {
			return pay, limit, nil, belowZero(r.c, rule, cp.rule.Pos, "cap", x.Dec, cp.rule.Amount)
		}
		if !applies {
			continue
		}
		if len(applied) == 0 {
			limit = room
		}
		applied = append(applied, cp)
		limit = decimal.Min(limit, room)
		if pay.GreaterThan(room) {
			if r.trace {
				r.step("cap", rule, cp.rule.Pos, room, note, "cap", x.Dec.StringFixed(2),
					"paid_before", r.acc.Get(cp.key).StringFixed(2), "computed", pay.StringFixed(2), "per", capPer(cp),
					"fund", fund, "fund_name", fundName)
			}
			pay = room
		}
	}
	return pay, limit, applied, nil
}

// capRoom evaluates a cap, rounded to the fen, and returns it with what is
// left of it: the cap itself per visit, the cap less what was paid against
// it this year. applies is false when the cap's condition does not hold
// for the claim.
func (r *run) capRoom(cp capPlan) (capValue lang.Value, room decimal.Decimal, applies bool, err error) {
	if cp.when != nil {
		w, err := cp.when(&r.f)
		if err != nil || w.Int == 0 {
			return capValue, room, false, err
		}
	}
	capValue, err = cp.amount(&r.f)
	if err != nil {
		return capValue, room, false, err
	}
	// A cap the policy's arithmetic leaves with a fraction of a fen
	// (min(¥6, inscp_scp_amt × 60%)) is rounded to the fen as a payment
	// is: it bounds one and is written as crt_payb_lmt_amt.
	capValue.Dec = r.p.pol.Rounding.Round(capValue.Dec)
	room = capValue.Dec
	if cp.key != "" {
		room = decimal.Max(decimal.Zero, room.Sub(r.acc.Get(cp.key)))
	}
	return capValue, room, true, nil
}

// capPer says whether a cap is per visit or per year, for traces.
func capPer(cp capPlan) string {
	if cp.rule.PerVisit {
		return "visit"
	}
	return "year"
}

// belowZero is the error row of a claim for which a deductible or cap
// works out below zero (¥500 - inscp_scp_amt on a claim of ¥1000): no
// amount the policy meant, so the claim is not settled on a guess. It
// names the rule, and the first claim field the amount reads.
func belowZero(c *claim.Claim, rule string, pos lang.Pos, what string, amount decimal.Decimal, n lang.Node) *claim.Error {
	e := ruleErr(c, rule, pos, "%s works out at %s for this claim, below zero", what, amount.StringFixed(2))
	e.Field = fieldName(n)
	return e
}

// effectiveRate is paid / base, the ratio a band schedule works out at.
func effectiveRate(paid, base decimal.Decimal) decimal.Decimal {
	if base.IsZero() {
		return decimal.Zero
	}
	return paid.DivRound(base, 6)
}

func pct(d decimal.Decimal) string {
	return d.Mul(decimal.NewFromInt(100)).Round(4).String() + "%"
}

// further runs the funds after the pooled fund, in the policy's order, on
// the member's remaining in-scope share.
func (r *run) further(b *benefitPlan) error {
	c, si, p := r.c, &r.s.Setlinfo, r.p
	oop := r.inscp.Sub(si.HifpPay) // in-scope out-of-pocket of this claim
	share := oop
	bi := -1
	for i, x := range p.benefits {
		if x == b {
			bi = i
		}
	}
	for _, fp := range p.funds {
		f := fp.rule
		if f.Applies != nil && !f.Applies[bi] {
			continue
		}
		if fp.when != nil {
			w, err := fp.when(&r.f)
			if err != nil {
				return ruleErr(c, f.Name, f.Pos, "when: %v", err)
			}
			if w.Int == 0 {
				continue
			}
		}
		v, err := fp.rate(&r.f)
		if err != nil {
			return ruleErr(c, f.Name, f.Pos, "ratio: %v", err)
		}
		var raw decimal.Decimal
		var note string
		switch {
		case f.Base == lang.BaseOOP && fp.bands:
			before := r.acc.Get(fp.oopKey)
			raw = v.Bands.Apply(before.Add(oop)).Sub(v.Bands.Apply(before))
			note = fmt.Sprintf("年度合规自付累计 %s → %s, 分段累进", before.StringFixed(2), before.Add(oop).StringFixed(2))
		case f.Base == lang.BaseOOP:
			raw = oop.Mul(v.Dec)
			note = "合规自付 × " + pct(v.Dec)
		case fp.bands:
			raw = v.Bands.Apply(share)
			note = "剩余合规自付, 分段累进"
		default:
			raw = share.Mul(v.Dec)
			note = "剩余合规自付 × " + pct(v.Dec)
		}
		if f.Base == lang.BaseOOP {
			r.delta(fp.oopKey, oop)
		}
		computed := decimal.Min(p.pol.Rounding.Round(raw), share)
		if r.trace {
			// The fund's working, before its caps (traced after it).
			r.step("fund", f.Name, f.Pos, computed, note, r.fundInputs(fp, v, raw, oop, share)...)
		}
		// As for the pooled fund: the limit is the caps' room, else the share.
		pay, limit, applied, err := r.applyCaps(fp.caps, f.Name, "达到封顶线", fundKey(f.Code), fp.name, computed, share)
		if err != nil {
			return err
		}
		if !pay.IsPositive() {
			continue
		}
		share = share.Sub(pay)
		for _, cp := range applied {
			if cp.key != "" && cp.key != fp.paidKey {
				r.delta(cp.key, pay)
			}
		}
		r.delta(fp.paidKey, pay)
		*fundField(si, f.Code) = fundField(si, f.Code).Add(pay)
		info := f.Name + ": " + note + " = " + computed.StringFixed(2)
		if !pay.Equal(computed) {
			info += ", 封顶后 " + pay.StringFixed(2)
		}
		r.s.Setldetail = append(r.s.Setldetail, claim.FundDetail{
			FundPayType: f.Code, FundPayTypeName: fp.name, InscpScpAmt: share.Add(pay), CrtPaybLmtAmt: limit,
			FundPayamt: pay, SetlProcInfo: info,
		})
	}
	return nil
}

// fundInputs are a further fund's step's inputs for its trace: the
// amount it works on (the claim's out-of-pocket, with the year's total
// before and after it, or the share left), its ratio or its bands'
// working and where they start and end, and its amount rounded as the
// policy rounds a payment.
func (r *run) fundInputs(fp *fundPlan, v lang.Value, raw, oop, share decimal.Decimal) []string {
	f := fp.rule
	in := []string{"fund_pay_type", f.Code, "fund", fundKey(f.Code), "fund_name", fp.name, "share", share.StringFixed(2),
		"oop", oop.StringFixed(2), "raw", raw.String(), "rounded", r.p.pol.Rounding.Round(raw).StringFixed(2),
		"rounding", r.p.pol.Rounding.String()}
	base := "share"
	if f.Base == lang.BaseOOP {
		base = "oop"
	}
	in = append(in, "base", base)
	if !fp.bands {
		return append(in, "ratio", pct(v.Dec))
	}
	lo, hi := decimal.Zero, share
	if f.Base == lang.BaseOOP {
		lo = r.acc.Get(fp.oopKey) // the year's total before this claim (the delta is not applied yet)
		hi = lo.Add(oop)
		in = append(in, "oop_before", lo.StringFixed(2), "oop_after", hi.StringFixed(2))
	}
	in = append(in, "bands", bandTerms(v.Bands, lo, hi))
	for i, rate := range v.Bands.Rates {
		if rate.IsPositive() {
			if from := v.Bands.From[i]; from.IsPositive() {
				in = append(in, "threshold", from.StringFixed(2))
			}
			break
		}
	}
	if last := len(v.Bands.To) - 1; last >= 0 && !v.Bands.Open {
		in = append(in, "bands_top", v.Bands.To[last].StringFixed(2))
	}
	return in
}

// bandTerms is the working of bands over the amounts from lo to hi: each
// band's slice of them times its rate, "500.00 × 25% + 9500.00 × 65%",
// or "" when no band holds any of them.
func bandTerms(b *lang.BandsValue, lo, hi decimal.Decimal) string {
	var terms []string
	last := len(b.From) - 1
	for i := range b.From {
		top := hi
		if !(i == last && b.Open) && b.To[i].LessThan(top) {
			top = b.To[i]
		}
		slice := top.Sub(decimal.Max(lo, b.From[i]))
		if slice.IsPositive() {
			terms = append(terms, slice.StringFixed(2)+" × "+pct(b.Rates[i]))
		}
	}
	return strings.Join(terms, " + ")
}

// fundKey is the setlinfo field a fund code pays into, by name, as
// fundField picks it: a trace says which fund a step is about.
func fundKey(code string) string {
	switch code {
	case "330100":
		return "hifob_pay"
	case "390200":
		return "hifmi_pay"
	case "320100":
		return "cvlserv_pay"
	case "370100":
		return "hifes_pay"
	case "610100":
		return "maf_pay"
	}
	return "oth_pay"
}

// fundField is the setlinfo field a fund code pays into.
func fundField(si *claim.Setlinfo, code string) *decimal.Decimal {
	switch code {
	case "330100":
		return &si.HifobPay
	case "390200":
		return &si.HifmiPay
	case "320100":
		return &si.CvlservPay
	case "370100":
		return &si.HifesPay
	case "610100":
		return &si.MafPay
	}
	return &si.OthPay
}

// account pays the member's share from the personal account, then from a
// family member's by sharing (共济), and leaves the rest to cash.
func (r *run) account(l Ledger) error {
	c, si, p := r.c, &r.s.Setlinfo, r.p
	si.FundPaySumamt = si.HifpPay.Add(si.HifobPay).Add(si.HifmiPay).Add(si.CvlservPay).Add(si.HifesPay).Add(si.MafPay).Add(si.OthPay)
	si.PsnPartAmt = si.MedfeeSumamt.Sub(si.FundPaySumamt)
	rest := si.PsnPartAmt
	ar := p.pol.AccountRules
	if p.pol.Account == lang.AccountAll && !c.AcctNotUsed {
		var mv AccountMove
		si.AcctPay, mv = r.spend(c.PsnNo, r.own, rest)
		rest = rest.Sub(si.AcctPay)
		if si.AcctPay.IsPositive() {
			if err := carriedPast(c, c.PsnNo, r.own); err != nil {
				return err
			}
			r.e.Moves = append(r.e.Moves, mv)
		}
		if c.MulaidPsnNo != "" && c.MulaidPsnNo != c.PsnNo && rest.IsPositive() {
			owner, err := r.accountOf(l, c.MulaidPsnNo)
			if err != nil {
				return err
			}
			si.AcctMulaidPay, mv = r.spend(c.MulaidPsnNo, owner, rest)
			if si.AcctMulaidPay.IsPositive() {
				rel := owner.Links[c.PsnNo]
				if rel == "" {
					return notLinkedErr(c)
				}
				if ar != nil && ar.Share != nil && !slices.Contains(ar.Share, rel) {
					return claimErr(c, "mulaid_psn_no", "%s is %s's %s; policy %s shares only with %s", c.PsnNo, c.MulaidPsnNo, rel, p.pol.Name, strings.Join(ar.Share, ", "))
				}
				if err := carriedPast(c, c.MulaidPsnNo, owner); err != nil {
					return err
				}
				rest = rest.Sub(si.AcctMulaidPay)
				r.e.Moves = append(r.e.Moves, mv)
			}
		}
	}
	si.PsnCashPay = rest
	si.Balc = r.own.Balance().Sub(si.AcctPay)
	if r.trace && p.pol.Account == lang.AccountAll && !c.AcctNotUsed {
		r.step("account", "account", lang.Pos{}, si.AcctPay, "个人账户支付",
			"balance_before", r.own.Balance().StringFixed(2), "current_before", r.own.Current.StringFixed(2),
			"carried_before", r.own.Carried.StringFixed(2), "psn_part_amt", si.PsnPartAmt.StringFixed(2))
	}
	if si.AcctMulaidPay.IsPositive() {
		if r.trace {
			r.step("account", "family", lang.Pos{}, si.AcctMulaidPay, "家庭共济 "+c.MulaidPsnNo)
		}
	} else if r.trace && p.pol.Account == lang.AccountAll && !c.AcctNotUsed && c.MulaidPsnNo != "" && c.MulaidPsnNo != c.PsnNo && si.PsnCashPay.IsPositive() {
		// Asked for, and nothing paid: say so, rather than leave the
		// reader to wonder whether mulaid_psn_no was read at all.
		r.step("account", "family", lang.Pos{}, si.AcctMulaidPay, "家庭共济 "+c.MulaidPsnNo+" 未支付：其账户无可支付的余额")
	}
	if r.trace {
		r.step("cash", "cash", lang.Pos{}, si.PsnCashPay, "现金支付 = 个人负担 − 个人账户 − 共济")
	}
	return nil
}

// carriedPast is the error of a claim whose year member psnNo's account,
// which would pay for it, has been carried over from since (a credit or
// rollover of a later year): it would pay from the later year's money, and
// the year-end interest was paid on money it would spend. Nil when the
// account is in the claim's year or an earlier one.
func carriedPast(c *claim.Claim, psnNo string, a Account) *claim.Error {
	if a.Year <= c.SetlTime.Year() {
		return nil
	}
	return claimErr(c, "setl_time", "member %s's account was carried over from %d into %d (a credit or rollover of %d) before this claim of %d came; it would pay from %d's money: send the claim with acct_used_flag 0 (cash), or settle a year's claims before the next year's first credit (docs/ledger.md)",
		psnNo, c.SetlTime.Year(), a.Year, a.Year, c.SetlTime.Year(), a.Year)
}

// notLinkedErr is the error of a claim whose member's share the account
// of mulaid_psn_no would pay by family sharing, though its owner has not
// linked the member: an account pays only for the relatives its owner has
// linked (domain.md: a close relative), whatever the claim asks. A ledger
// that keeps no links (a what-if run, `mpl run` without --ledger) has
// linked no one. An account that would pay nothing refuses nothing.
func notLinkedErr(c *claim.Claim) *claim.Error {
	return claimErr(c, "mulaid_psn_no", "member %s's account would pay for %s by family sharing (家庭共济), but %s has not linked %s; link them in the ledger first, or leave mulaid_psn_no out",
		c.MulaidPsnNo, c.PsnNo, c.MulaidPsnNo, c.PsnNo)
}

// spend takes up to want from an account, in the policy's order (当年
// first unless it says 历年), and returns the amount and the move. A
// closed account pays nothing, nor one frozen by 断缴 where the policy
// freezes it.
func (r *run) spend(psnNo string, a Account, want decimal.Decimal) (decimal.Decimal, AccountMove) {
	mv := AccountMove{PsnNo: psnNo}
	ar := r.p.pol.AccountRules
	// The claim's own member not insured (psn_insu_stas) freezes their
	// account as 断缴 would.
	lapsed := a.Lapsed(r.c.SetlTime) || (r.notInsured && psnNo == r.c.PsnNo)
	if a.Closed != "" || (ar != nil && ar.FreezeOnLapse && lapsed) || !want.IsPositive() {
		return decimal.Zero, mv
	}
	first, second := &mv.Current, &mv.Carried
	firstBal, secondBal := a.Current, a.Carried
	if ar != nil && ar.CarriedFirst {
		first, second = second, first
		firstBal, secondBal = secondBal, firstBal
	}
	x := decimal.Min(want, decimal.Max(firstBal, decimal.Zero))
	y := decimal.Min(want.Sub(x), decimal.Max(secondBal, decimal.Zero))
	*first, *second = x.Neg(), y.Neg()
	return x.Add(y), mv
}

// reversal builds the entry that undoes an earlier settlement: every figure
// negated, every accumulator and account move taken back.
func (p *Program) reversal(l Ledger, c *claim.Claim) (*Entry, error) {
	orig, ok, err := l.Entry(c.Reverses)
	if err != nil {
		return nil, p.ledgerError(c, err)
	}
	if !ok || orig.Kind != KindSettlement || orig.Settlement == nil {
		return nil, claimErr(c, "reverses", "no settlement %s to reverse", c.Reverses)
	}
	// Whose it is first: another member's settlement is not this claim's
	// to reverse whatever has become of it since, and what has (reversed
	// already, by which setl_id) is not told to another member's HIS.
	if orig.PsnNo != c.PsnNo {
		return nil, claimErr(c, "psn_no", "settlement %s belongs to member %s, not %s", c.Reverses, orig.PsnNo, c.PsnNo)
	}
	if orig.Reverses != "" {
		return nil, claimErr(c, "reverses", "%s is itself a reversal; to settle the claim again, send it with a new setl_id", c.Reverses)
	}
	if by, done, err := l.Reversed(c.Reverses); err != nil {
		return nil, p.ledgerError(c, err)
	} else if done {
		return nil, claimErr(c, "reverses", "settlement %s was already reversed by %s", c.Reverses, by)
	}
	// A reversal undoes a whole settlement: its amounts are the claim's as
	// first sent, and one that gives others (a partial refund) would
	// otherwise be settled as the whole.
	if err := amountsDiffer(c, &orig.Settlement.Setlinfo, func(field, was, now string) error {
		return claimErr(c, field, "the reversal of %s gives %s %s, but %s was settled with %s; a reversal repeats the figures of what it reverses (to refund part of a claim, reverse it and settle what remains under a new setl_id)",
			c.Reverses, field, now, c.Reverses, was)
	}); err != nil {
		return nil, err
	}
	// So does the rest of the claim: a reversal of another person type or
	// kind of care is no reversal of what was settled. An entry of an
	// older ledger, which kept no claim fields, is not checked.
	if err := p.fieldsDiffer(&orig.Claim, c, func(field, was, now string) error {
		return claimErr(c, field, "the reversal of %s gives %s %s, but %s was settled with %s; a reversal repeats the claim it reverses as first sent (to correct a claim, reverse it as sent and settle the corrected claim under a new setl_id)",
			c.Reverses, field, now, c.Reverses, was)
	}); err != nil {
		return nil, err
	}
	e := &Entry{SetlID: c.SetlID, Kind: KindSettlement, PsnNo: c.PsnNo, Year: orig.Year, Reverses: c.Reverses,
		Claim: claimFieldsOf(c)}
	for _, d := range orig.Deltas {
		e.Deltas = append(e.Deltas, Delta{Key: d.Key, Amount: d.Amount.Neg()})
	}
	for _, m := range orig.Moves {
		a, err := l.Account(m.PsnNo)
		if err != nil {
			return nil, p.ledgerError(c, err)
		}
		back := AccountMove{PsnNo: m.PsnNo, Current: m.Current.Neg(), Carried: m.Carried.Neg()}
		if a.Year > orig.Year {
			// The year has been carried over since: what comes back is 历年 money.
			back = AccountMove{PsnNo: m.PsnNo, Carried: back.Current.Add(back.Carried)}
		}
		e.Moves = append(e.Moves, back)
	}
	s := &claim.Settlement{SetlID: c.SetlID, PsnNo: c.PsnNo, Reverses: c.Reverses, Setlinfo: negate(orig.Settlement.Setlinfo)}
	own, err := l.Account(c.PsnNo)
	if err != nil {
		return nil, p.ledgerError(c, err)
	}
	if keepsOrder(l) {
		e.After = own.Latest
		// Not even the reversal of the latest itself: one dated before the
		// claim it reverses would reverse it on a run again of a batch
		// that, settled whole in setl_time order, found nothing to
		// reverse (a settlement mistakenly dated in December is reversed
		// by one dated no earlier, as the error says).
		if c.SetlTime.Before(own.Latest.SetlTime) {
			return nil, lateReversal(c, own.Latest)
		}
		if own.Latest.SetlID == c.Reverses {
			// The member's latest goes back to the one before it that stands.
			latest, err := standingFrom(l, orig.After)
			if err != nil {
				return nil, p.ledgerError(c, err)
			}
			state := own.Clone().AccountState
			state.Latest = latest
			e.State = &state
		}
	}
	s.Setlinfo.Balc = own.Balance().Add(orig.Settlement.Setlinfo.AcctPay)
	for _, d := range orig.Settlement.Setldetail {
		d.InscpScpAmt, d.FundPayamt = d.InscpScpAmt.Neg(), d.FundPayamt.Neg()
		d.SetlProcInfo = "冲正 " + c.Reverses + ": " + d.SetlProcInfo
		s.Setldetail = append(s.Setldetail, d)
	}
	e.Settlement = s
	if err := checkInvariants(s, true); err != nil {
		return nil, &claim.Error{SetlID: c.SetlID, Line: c.Line, Field: err.field, Code: claim.CodeSettlement, Msg: "invariant broken: " + err.msg}
	}
	return e, nil
}

func negate(si claim.Setlinfo) claim.Setlinfo {
	for _, d := range moneyFields(&si) {
		*d = d.Neg()
	}
	return si
}

// moneyFields lists the setlinfo figures that a reversal negates and that
// may never be negative in a settlement (balc and the ratio are not among them).
func moneyFields(si *claim.Setlinfo) []*decimal.Decimal {
	return []*decimal.Decimal{&si.MedfeeSumamt, &si.FulamtOwnpayAmt, &si.OverlmtSelfpay, &si.PreselfpayAmt,
		&si.InscpScpAmt, &si.ActPayDedc, &si.HifpPay, &si.HifobPay, &si.HifmiPay, &si.CvlservPay, &si.HifesPay,
		&si.MafPay, &si.OthPay, &si.FundPaySumamt, &si.PsnPartAmt, &si.AcctPay, &si.AcctMulaidPay, &si.PsnCashPay}
}

type invariantError struct{ field, msg string }

// checkInvariants checks settlement-io.md's invariants: no negative part (no
// positive one in a reversal), the parts add up to the total, no fund pays
// more than it could, the account never goes below zero.
func checkInvariants(s *claim.Settlement, reversal bool) *invariantError {
	si := &s.Setlinfo
	names := []string{"medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt",
		"act_pay_dedc", "hifp_pay", "hifob_pay", "hifmi_pay", "cvlserv_pay", "hifes_pay", "maf_pay", "oth_pay",
		"fund_pay_sumamt", "psn_part_amt", "acct_pay", "acct_mulaid_pay", "psn_cash_pay"}
	for i, d := range moneyFields(si) {
		if (!reversal && d.IsNegative()) || (reversal && d.IsPositive()) {
			return &invariantError{"setlinfo." + names[i], names[i] + " is " + d.StringFixed(2)}
		}
		if d.Exponent() < -2 && !d.Equal(d.Round(2)) {
			return &invariantError{"setlinfo." + names[i], names[i] + " is not whole fen: " + d.String()}
		}
	}
	sum := si.FundPaySumamt.Add(si.AcctPay).Add(si.AcctMulaidPay).Add(si.PsnCashPay)
	if !sum.Equal(si.MedfeeSumamt) {
		return &invariantError{"setlinfo.psn_cash_pay", fmt.Sprintf("fund_pay_sumamt + acct_pay + acct_mulaid_pay + psn_cash_pay = %s, not medfee_sumamt %s",
			sum.StringFixed(2), si.MedfeeSumamt.StringFixed(2))}
	}
	funds := si.HifpPay.Add(si.HifobPay).Add(si.HifmiPay).Add(si.CvlservPay).Add(si.HifesPay).Add(si.MafPay).Add(si.OthPay)
	if !funds.Equal(si.FundPaySumamt) {
		return &invariantError{"setlinfo.fund_pay_sumamt", "fund_pay_sumamt is not the sum of the funds"}
	}
	if !reversal {
		for _, d := range s.Setldetail {
			if d.FundPayamt.GreaterThan(d.CrtPaybLmtAmt) {
				return &invariantError{"setldetail." + d.FundPayType, fmt.Sprintf("fund %s pays %s, more than it could still pay (%s)",
					d.FundPayType, d.FundPayamt.StringFixed(2), d.CrtPaybLmtAmt.StringFixed(2))}
			}
		}
	}
	if si.Balc.IsNegative() {
		return &invariantError{"setlinfo.balc", "the account would go below zero: " + si.Balc.StringFixed(2)}
	}
	return nil
}

// unknownLabelHint is what to add to "unknown … %q in policy …" for a
// claim's text that e does not take: a national code or label says what it
// stands for, which the policy does not cover, since a code one digit away
// is another kind of person or care altogether (1300 离休 is not 1101 职工在职);
// other text a label of e close to it (" (did you mean …?)"), or nothing.
func unknownLabelHint(text string, e *lang.Enum) string {
	nat := lang.NationalEnum(e.Name)
	if nat != nil && nat != e {
		if i, ok := nat.Lookup(text); ok {
			if len(nat.Codes[i]) == 0 { // a label without a code: 药店
				return fmt.Sprintf(": the national %s %s is not one the policy covers", nat.Title, nat.Labels[i])
			}
			return fmt.Sprintf(": the national %s %s (%s) is not one the policy covers",
				nat.Title, nat.Labels[i], strings.Join(nat.Codes[i], ", "))
		}
	}
	if isDigits(text) {
		if nat != nil {
			return fmt.Sprintf(": %s is no national %s code either", text, nat.Title)
		}
		return ""
	}
	if h := lang.Suggest(text, e.Keys()); h != "" {
		return fmt.Sprintf(` (did you mean "%s"?)`, h)
	}
	return ""
}

// isDigits reports whether text is a code: digits alone.
func isDigits(text string) bool {
	if text == "" {
		return false
	}
	for _, r := range text {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
