package interp

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
)

// This file holds the personal account's operations other than paying a
// claim: year-end rollover, monthly credits, 断缴 and back-payment, family
// links, withdrawal, and importing a member's figures. Each is one Entry,
// with an id made from what it is, so repeating an operation changes
// nothing (Commit answers ErrDuplicate, which the operations treat as done).

// InputError is an account operation (Credit, Link, Withdraw, Lapse,
// Backpay) refused for what it was asked: a relation, a reason or a
// person type it does not take, a member linked to itself, an account
// closed, a month credited before with another amount. It is the
// caller's to correct, and the ledger is as it was. A failure of the
// ledger itself is a *StoreError, and the ledger's refusal of the
// operation's entry (a balance it would take below zero) a *RefusedError.
type InputError struct {
	PsnNo string // the member the operation was for
	Msg   string
}

// Error is what is wrong with the operation's input.
func (e *InputError) Error() string { return e.Msg }

// inputErr is an *InputError of the member's.
func inputErr(psnNo, format string, args ...any) error {
	return &InputError{PsnNo: psnNo, Msg: fmt.Sprintf(format, args...)}
}

// ledgerFailed is err, an error of the ledger during an account
// operation, as the operation returns it: a refusal of its entry stays a
// *RefusedError (and a *StoreError stays one); any other error, the
// ledger failing, becomes a *StoreError.
func ledgerFailed(err error) error {
	var refused *RefusedError
	var failed *StoreError
	if err == nil || errors.As(err, &refused) || errors.As(err, &failed) {
		return err
	}
	return &StoreError{Err: err}
}

// Contribution is one month's contribution of a member, the input of a
// monthly credit (`mpl ledger credit`).
type Contribution struct {
	PsnNo   string
	Month   time.Time       // any day of the month credited
	PsnType string          // person type, a code or a label of the policy
	Age     int             // age in years that month
	Base    decimal.Decimal // contribution base (缴费基数)
	Own     decimal.Decimal // the member's own contribution (个人缴费)
	Pension decimal.Decimal // monthly pension, for retirees' fixed credits
}

// rollovers returns the account as it stands in year, after the year-end
// rollovers (当年 → 历年, with the policy's interest) of every year before
// it, and the entries that apply those rollovers.
func (p *Program) rollovers(psnNo string, a Account, year int) (Account, []*Entry, error) {
	var out []*Entry
	for a.Year != 0 && a.Year < year {
		e, err := p.rolloverEntry(psnNo, a)
		if err != nil {
			return a, nil, err
		}
		for _, mv := range e.Moves {
			a.Current, a.Carried = a.Current.Add(mv.Current), a.Carried.Add(mv.Carried)
		}
		a.AccountState = *e.State
		out = append(out, e)
	}
	return a, out, nil
}

// rolloverEntry moves a's current-year balance to carried-over on 31
// December of a.Year and pays the year's interest on the whole balance.
func (p *Program) rolloverEntry(psnNo string, a Account) (*Entry, error) {
	interest := decimal.Zero
	note := fmt.Sprintf("%d 年终结转: 当年 %s → 历年", a.Year, a.Current.StringFixed(2))
	if p.interest != nil {
		v, err := p.interest(&frame{})
		if err != nil {
			return nil, fmt.Errorf("interest (at %s): %v", p.pol.AccountRules.Interest.Position(), err)
		}
		// Interest is the bank's, rounded half up whatever the policy
		// rounds its funds' payments by (docs/ledger.md).
		interest = lang.HalfUp.Round(a.Balance().Mul(v.Dec))
		note += fmt.Sprintf(", 利息 %s × %s = %s", a.Balance().StringFixed(2), pct(v.Dec), interest.StringFixed(2))
	}
	state := a.Clone().AccountState
	state.Year = a.Year + 1
	return &Entry{
		SetlID: fmt.Sprintf("rollover/%s/%d", psnNo, a.Year), Kind: KindRollover, PsnNo: psnNo, Year: a.Year,
		Moves: []AccountMove{{PsnNo: psnNo, Current: a.Current.Neg(), Carried: a.Current.Add(interest)}},
		State: &state, Note: note,
	}, nil
}

// Rollover carries every year of the member's account up to year over:
// 当年 moves to 历年 on 31 December and the year's interest is paid. It
// is what settling or crediting in a later year does first anyway, for an
// account with a year; run it at year end to see the figures. An account
// that no credit has given a year yet, holding money, is rolled over from
// year here, and only here (settling does not know which year such an
// account's money is of). It returns the entries applied.
func (p *Program) Rollover(l Ledger, psnNo string, year int) ([]*Entry, error) {
	if err := p.checkArgs("ledger", l); err != nil {
		return nil, err
	}
	if err := p.yearInPeriod(year); err != nil {
		return nil, inputErr(psnNo, "%v", err)
	}
	a, err := l.Account(psnNo)
	if err != nil {
		return nil, ledgerFailed(err)
	}
	if a.Year == 0 && !a.Balance().IsZero() && a.Closed == "" {
		// An account no credit has opened a year of (a balance imported,
		// then spent from) is taken to be in the year closed here, so that
		// its balance earns the year's interest.
		a.Year = year
	}
	_, entries, err := p.rollovers(psnNo, a, year+1)
	if err != nil {
		return nil, err
	}
	return entries, ledgerFailed(commitAll(l, entries))
}

// yearInPeriod refuses a year more than a year from the policy's
// effective period: a rollover to the end of it would compound interest
// under rules not in force then (a typo, --year 20255, ran for ever). The
// year after the period is closed under it, until the next policy.
func (p *Program) yearInPeriod(year int) error {
	if p.pol.From.IsZero() {
		return nil
	}
	if year < p.pol.From.Year()-1 || year > p.pol.To.Year()+1 {
		return fmt.Errorf("policy %s is effective %s to %s: it closes no year as far from it as %d", p.pol.Name, p.pol.From.Format("2006-01-02"), p.pol.To.Format("2006-01-02"), year)
	}
	return nil
}

// commitAll commits entries in order; one already applied is skipped.
func commitAll(l Ledger, entries []*Entry) error {
	for _, e := range entries {
		if err := l.Commit(e); err != nil && err != ErrDuplicate {
			return err
		}
	}
	return nil
}

// Credited is what Credit did with a month's contribution.
type Credited struct {
	// Amount is the month's credit.
	Amount decimal.Decimal
	// Done is false when the month was credited before: Amount is what
	// was credited then, and nothing changed.
	Done bool
	// Carried is true when the credit went to 历年, not 当年: the month's
	// year was carried over already (a December contribution posted in
	// January, after the member's January credit or claim rolled the
	// year over).
	Carried bool
}

// Credit credits one month's contribution to the member's current-year
// account by the policy's credit rules (the first rule whose condition
// holds), or, for a month of a year the account has carried over since,
// to 历年. A month already credited is not credited again (Done false,
// with what was credited then); a contribution sent again that gives
// another amount is an error, as a claim sent again with other figures
// is.
func (p *Program) Credit(l Ledger, c Contribution) (Credited, error) {
	if err := p.checkArgs("ledger", l); err != nil {
		return Credited{}, err
	}
	if !p.pol.From.IsZero() {
		// The rules go on crediting until the next policy comes out, but
		// not a year past the period, nor a year before it (1990-01 for
		// 2025-01 compounded 35 years of interest).
		first := time.Date(p.pol.From.Year()-1, p.pol.From.Month(), 1, 0, 0, 0, 0, time.UTC)
		if m := c.Month; m.Before(first) || m.After(p.pol.To.AddDate(1, 0, 0)) {
			return Credited{}, inputErr(c.PsnNo, "member %s: month %s is more than a year outside policy %s's effective period %s to %s: its rules credit no month so far from it",
				c.PsnNo, m.Format("2006-01"), p.pol.Name, p.pol.From.Format("2006-01-02"), p.pol.To.Format("2006-01-02"))
		}
	}
	amount, rule, err := p.creditAmount(c)
	if err != nil {
		return Credited{}, err
	}
	id := fmt.Sprintf("credit/%s/%s", c.PsnNo, c.Month.Format("2006-01"))
	if e, dup, err := applied(l, id, KindCredit); err != nil {
		return Credited{}, ledgerFailed(err)
	} else if dup {
		var was Credited
		for _, mv := range e.Moves {
			was.Amount = was.Amount.Add(mv.Current).Add(mv.Carried)
			was.Carried = was.Carried || !mv.Carried.IsZero()
		}
		if !was.Amount.Equal(amount) {
			return was, inputErr(c.PsnNo, "member %s: %s was credited %s; this contribution gives %s (a month is credited once: correct it in the ledger's source, not by sending it again)",
				c.PsnNo, c.Month.Format("2006-01"), was.Amount.StringFixed(2), amount.StringFixed(2))
		}
		return was, nil
	}
	a, err := l.Account(c.PsnNo)
	if err != nil {
		return Credited{}, ledgerFailed(err)
	}
	if a.Closed != "" {
		return Credited{}, inputErr(c.PsnNo, "member %s: the account was closed (%s)", c.PsnNo, a.Closed)
	}
	year := c.Month.Year()
	if a.Year > year {
		// A month of a year the account has closed since (a December
		// contribution posted in January): its credit is what that year's
		// end would have made of it, 历年 money, without the interest the
		// year end paid on the balance it did not yet hold.
		return Credited{Amount: amount, Done: true, Carried: true}, ledgerFailed(commitAll(l, []*Entry{{
			SetlID: id, Kind: KindCredit, PsnNo: c.PsnNo, Year: year,
			Moves: []AccountMove{{PsnNo: c.PsnNo, Carried: amount}},
			Note:  fmt.Sprintf("%s 月划入 %s (%s), 该年已结转, 记入历年账户", c.Month.Format("2006-01"), amount.StringFixed(2), rule),
		}}))
	}
	a, entries, err := p.rollovers(c.PsnNo, a, year)
	if err != nil {
		return Credited{}, err
	}
	state := a.Clone().AccountState
	state.Year = year
	entries = append(entries, &Entry{
		SetlID: id, Kind: KindCredit,
		PsnNo: c.PsnNo, Year: year, Moves: []AccountMove{{PsnNo: c.PsnNo, Current: amount}}, State: &state,
		Note: fmt.Sprintf("%s 月划入 %s (%s)", c.Month.Format("2006-01"), amount.StringFixed(2), rule),
	})
	return Credited{Amount: amount, Done: true}, ledgerFailed(commitAll(l, entries))
}

// creditAmount evaluates the policy's credit rules for one contribution.
func (p *Program) creditAmount(c Contribution) (decimal.Decimal, string, error) {
	if len(p.credits) == 0 {
		return decimal.Zero, "", inputErr(c.PsnNo, "policy %s has no account credit rules", p.pol.Name)
	}
	var f frame
	e := p.enums[lang.FieldPsnType]
	i, ok := e.Lookup(c.PsnType)
	if !ok {
		msg := fmt.Sprintf("member %s: unknown person type %q in policy %s", c.PsnNo, c.PsnType, p.pol.Name)
		return decimal.Zero, "", inputErr(c.PsnNo, "%s%s", msg, unknownLabelHint(c.PsnType, e))
	}
	f.ord[lang.FieldPsnType] = i
	f.dec[lang.FieldAge] = decimal.NewFromInt(int64(c.Age))
	f.dec[lang.FieldContributionBase] = c.Base
	f.dec[lang.FieldOwnContribution] = c.Own
	f.dec[lang.FieldPension] = c.Pension
	for _, cp := range p.credits {
		cr := cp.rule
		if cp.when != nil {
			v, err := cp.when(&f)
			if err != nil {
				return decimal.Zero, "", fmt.Errorf("credit rule at %s: %v", cr.Pos, err)
			}
			if v.Int == 0 {
				continue
			}
		}
		v, err := cp.amount(&f)
		if err != nil {
			return decimal.Zero, "", fmt.Errorf("credit rule at %s: %v", cr.Pos, err)
		}
		amount := p.pol.Rounding.Round(v.Dec)
		if amount.IsNegative() {
			return decimal.Zero, "", fmt.Errorf("credit rule at %s gives %s, below zero", cr.Pos, amount.StringFixed(2))
		}
		return amount, "rule at " + cr.Pos.String(), nil
	}
	return decimal.Zero, "no credit rule holds", nil
}

// Lapse records that the member's contributions stopped on day stopped
// (断缴): pooled benefits stop from the first day of the next month.
func Lapse(l Ledger, psnNo string, stopped time.Time) error {
	if err := checkLedger(l); err != nil {
		return err
	}
	id := fmt.Sprintf("lapse/%s/%s", psnNo, stopped.Format("2006-01-02"))
	if _, done, err := applied(l, id, KindStatus); done || err != nil {
		return ledgerFailed(err) // the same lapse again changes nothing
	}
	a, err := l.Account(psnNo)
	if err != nil {
		return ledgerFailed(err)
	}
	for _, g := range a.Gaps {
		if g.To.IsZero() {
			return inputErr(psnNo, "member %s: contributions already stopped (benefits off since %s)", psnNo, g.From.Format("2006-01-02"))
		}
	}
	from := time.Date(stopped.Year(), stopped.Month()+1, 1, 0, 0, 0, 0, time.UTC)
	state := a.Clone().AccountState
	state.Gaps = append(state.Gaps, Gap{From: from})
	return ledgerFailed(commitAll(l, []*Entry{{
		SetlID: id, Kind: KindStatus,
		PsnNo: psnNo, Year: stopped.Year(), State: &state,
		Note: "断缴: 自 " + from.Format("2006-01-02") + " 起停止统筹待遇",
	}}))
}

// Backpay records a back-payment (补缴) on day paid. Within the policy's
// window (months after benefits stopped) it restores the whole gap, as if
// contributions had never stopped; later, benefits resume from that day
// and the gap stays.
func (p *Program) Backpay(l Ledger, psnNo string, paid time.Time) error {
	if err := p.checkArgs("ledger", l); err != nil {
		return err
	}
	id := fmt.Sprintf("backpay/%s/%s", psnNo, paid.Format("2006-01-02"))
	if _, done, err := applied(l, id, KindStatus); done || err != nil {
		return ledgerFailed(err) // the same back-payment again changes nothing
	}
	a, err := l.Account(psnNo)
	if err != nil {
		return ledgerFailed(err)
	}
	state := a.Clone().AccountState
	i := slices.IndexFunc(state.Gaps, func(g Gap) bool { return g.To.IsZero() })
	if i < 0 {
		return inputErr(psnNo, "member %s: contributions have not stopped; nothing to pay back", psnNo)
	}
	window := 0
	if ar := p.pol.AccountRules; ar != nil {
		window = ar.BackpayMonths
	}
	g := state.Gaps[i]
	if paid.Before(g.From.AddDate(0, -1, 0)) {
		// The gap starts the month after contributions stopped: a back-
		// payment before that month is before they stopped, and would
		// close the gap before it opens.
		return inputErr(psnNo, "member %s: a back-payment on %s is before contributions stopped (benefits stop from %s)", psnNo, paid.Format("2006-01-02"), g.From.Format("2006-01-02"))
	}
	var note string
	switch {
	case !paid.After(g.From):
		// Paid back before benefits stopped: they never do.
		state.Gaps = slices.Delete(state.Gaps, i, i+1)
		note = fmt.Sprintf("补缴 on %s, before benefits stopped on %s: no gap", paid.Format("2006-01-02"), g.From.Format("2006-01-02"))
	case window > 0 && paid.Before(g.From.AddDate(0, window, 0)):
		state.Gaps = slices.Delete(state.Gaps, i, i+1)
		note = fmt.Sprintf("补缴 within %d months: the gap from %s is restored", window, g.From.Format("2006-01-02"))
	default:
		state.Gaps[i].To = paid
		note = fmt.Sprintf("补缴 after the window: benefits resume on %s; %s to %s stays without pooled benefits",
			paid.Format("2006-01-02"), g.From.Format("2006-01-02"), paid.Format("2006-01-02"))
	}
	return ledgerFailed(commitAll(l, []*Entry{{
		SetlID: id, Kind: KindStatus,
		PsnNo: psnNo, Year: paid.Year(), State: &state, Note: note,
	}}))
}

// checkLedger is the error of an operation given no ledger, rather than a
// nil-pointer panic.
func checkLedger(l Ledger) error {
	if isNil(l) {
		return errors.New("interp: no ledger (nil)")
	}
	return nil
}

// applied returns the entry id, of kind, when the ledger holds it: an
// operation done already, which repeating changes nothing. An entry of
// another kind under the id (a claim whose setl_id took it) is an error.
func applied(l Ledger, id, kind string) (*Entry, bool, error) {
	e, ok, err := l.Entry(id)
	if err == nil && ok && e.Kind != kind {
		return nil, false, &RefusedError{Msg: fmt.Sprintf("the ledger holds a %s under %s, this operation's id", e.Kind, id)}
	}
	return e, ok, err
}

// Link lets owner's account pay for relative's care by family sharing
// (家庭共济), as relation (配偶, 子女, …); relation "" removes the link.
func Link(l Ledger, owner, relative, relation string) error {
	if err := checkLedger(l); err != nil {
		return err
	}
	if relation != "" && !slices.Contains(lang.Relations, relation) {
		msg := fmt.Sprintf("unknown relation %q", relation)
		if h := lang.Suggest(relation, lang.Relations); h != "" {
			msg += fmt.Sprintf(` (did you mean "%s"?)`, h)
		}
		return inputErr(owner, "%s; the relations are %s", msg, strings.Join(lang.Relations, ", "))
	}
	if owner == relative {
		return inputErr(owner, "member %s cannot be linked to itself", owner)
	}
	a, err := l.Account(owner)
	if err != nil {
		return ledgerFailed(err)
	}
	if a.Links[relative] == relation {
		return nil
	}
	state := a.Clone().AccountState
	if state.Links == nil {
		state.Links = map[string]string{}
	}
	if relation == "" {
		delete(state.Links, relative)
	} else {
		state.Links[relative] = relation
	}
	n := 0
	for id := fmt.Sprintf("link/%s/%s/%s", owner, relative, relation); ; n++ {
		e := &Entry{SetlID: id, Kind: KindStatus, PsnNo: owner, State: &state,
			Note: fmt.Sprintf("家庭共济: %s → %s (%s)", owner, relative, relation)}
		if n > 0 {
			e.SetlID = fmt.Sprintf("%s#%d", id, n)
		}
		// The same link made again after it was removed is a new operation.
		if err := l.Commit(e); err != ErrDuplicate {
			return ledgerFailed(err)
		}
	}
}

// Withdrawal reasons: the only two on which an account is paid out in cash.
var withdrawalReasons = []string{"死亡", "出国定居"}

// Withdraw pays out a member's whole account in cash and closes it; only on
// death (死亡) or emigration (出国定居). It returns the amount paid out.
// The same withdrawal again changes nothing, and says what it paid; but
// money that came back to the closed account since (a reversal of a claim
// the account paid) is paid out by it too, as a payout of its own.
func Withdraw(l Ledger, psnNo, reason string, day time.Time) (decimal.Decimal, error) {
	if err := checkLedger(l); err != nil {
		return decimal.Zero, err
	}
	if !slices.Contains(withdrawalReasons, reason) {
		return decimal.Zero, inputErr(psnNo, "an account is paid out only on %s, not %q", strings.Join(withdrawalReasons, " or "), reason)
	}
	a, err := l.Account(psnNo)
	if err != nil {
		return decimal.Zero, ledgerFailed(err)
	}
	// The payouts' ids: withdrawal/P, then withdrawal/P#1, … for money
	// that came back after the first.
	id := func(n int) string {
		if n == 0 {
			return "withdrawal/" + psnNo
		}
		return fmt.Sprintf("withdrawal/%s#%d", psnNo, n)
	}
	n, last := 0, (*Entry)(nil)
	for ; ; n++ {
		e, done, err := applied(l, id(n), KindWithdrawal)
		if err != nil {
			return decimal.Zero, ledgerFailed(err)
		}
		if !done {
			break
		}
		last = e
	}
	total := a.Balance()
	note := fmt.Sprintf("%s: 个人账户 %s 一次性支付 (%s)", reason, total.StringFixed(2), day.Format("2006-01-02"))
	switch {
	case a.Closed != "" && a.Closed != reason:
		return decimal.Zero, inputErr(psnNo, "member %s: the account is already closed (%s)", psnNo, a.Closed)
	case a.Closed != "" && !total.IsPositive() && last != nil:
		paid := decimal.Zero
		for _, mv := range last.Moves {
			paid = paid.Sub(mv.Current).Sub(mv.Carried)
		}
		return paid, nil
	case a.Closed != "" && !total.IsPositive():
		return decimal.Zero, inputErr(psnNo, "member %s: the account is already closed (%s)", psnNo, a.Closed)
	case a.Closed != "":
		note = fmt.Sprintf("%s: 销户后退回个人账户 %s 一次性支付 (%s)", reason, total.StringFixed(2), day.Format("2006-01-02"))
	}
	state := a.Clone().AccountState
	state.Closed = reason
	return total, ledgerFailed(commitAll(l, []*Entry{{
		SetlID: id(n), Kind: KindWithdrawal, PsnNo: psnNo, Year: day.Year(),
		Moves: []AccountMove{{PsnNo: psnNo, Current: a.Current.Neg(), Carried: a.Carried.Neg()}},
		State: &state, Note: note,
	}}))
}

// ImportYear sets a member's accumulators for a year from the platform's
// figures (5206), so a member can start mid-year. Keys the figures do not
// name are left alone; importing the same figures again changes nothing.
// The deductible is read per pool (Q0000_{pool}): the figures must pass
// CheckKeys, which refuses the platform's Q0000 without its pools, and
// should pass the policy's Program.CheckYear, which ImportYear, knowing
// no policy, cannot check.
func ImportYear(l Ledger, psnNo string, year int, acc Accumulators) error {
	if err := checkLedger(l); err != nil {
		return err
	}
	if err := CheckKeys(acc); err != nil {
		return inputErr(psnNo, "member %s, %d: %v", psnNo, year, err)
	}
	cur, err := l.Year(psnNo, year)
	if err != nil {
		return ledgerFailed(err)
	}
	e := &Entry{Kind: KindImport, PsnNo: psnNo, Year: year, Note: fmt.Sprintf("导入 %d 年累计", year)}
	id := fmt.Sprintf("import/%s/%d", psnNo, year)
	for _, k := range slices.Sorted(maps.Keys(acc)) {
		if d := acc[k].Sub(cur[k]); !d.IsZero() {
			e.Deltas = append(e.Deltas, Delta{Key: k, Amount: d})
			id += "/" + k + "=" + acc[k].String()
		}
	}
	if len(e.Deltas) == 0 {
		return nil // the ledger already holds these figures
	}
	// The id names the figures, so importing new figures later is a new entry.
	e.SetlID = id
	return ledgerFailed(commitAll(l, []*Entry{e}))
}

// ImportAccount sets a member's personal account, balances and state, from
// the platform's figures or an export. Importing the same again changes
// nothing.
func ImportAccount(l Ledger, psnNo string, want Account) error {
	if err := checkLedger(l); err != nil {
		return err
	}
	a, err := l.Account(psnNo)
	if err != nil {
		return err
	}
	if want.Current.IsNegative() || want.Carried.IsNegative() {
		return fmt.Errorf("member %s: an account balance cannot be below zero", psnNo)
	}
	// What Link and Withdraw refuse, an import must not let in.
	if strings.TrimSpace(psnNo) != psnNo || psnNo == "" {
		return fmt.Errorf("member %q: a psn_no has no spaces around it (a claim's never has)", psnNo)
	}
	for _, rel := range slices.Sorted(maps.Keys(want.Links)) {
		switch relation := want.Links[rel]; {
		case rel == psnNo:
			return fmt.Errorf("member %s cannot be linked to itself", psnNo)
		case !slices.Contains(lang.Relations, relation):
			return fmt.Errorf("member %s: unknown relation %q of %s; the relations are %s", psnNo, relation, rel, strings.Join(lang.Relations, ", "))
		}
	}
	if want.Closed != "" && !slices.Contains(withdrawalReasons, want.Closed) {
		return fmt.Errorf("member %s: an account is closed for %s, not %q", psnNo, strings.Join(withdrawalReasons, " or "), want.Closed)
	}
	for _, b := range []decimal.Decimal{want.Current, want.Carried} {
		if msg := claim.AmountError(b); msg != "" {
			return fmt.Errorf("member %s: balance %s", psnNo, msg)
		}
	}
	if want.Latest.SetlID == "" {
		// The platform's figures name no settlement: the ledger's
		// latest still stands (see Settle).
		want.Latest = a.Latest
	}
	e := importEntry(psnNo, a, want, "导入个人账户")
	// The id is made from the account before and after: importing what
	// it holds already changes nothing, and importing figures it held
	// once, since changed (a file imported again after another), sets
	// them again.
	before, err := json.Marshal(a)
	if err != nil {
		return err
	}
	after, err := json.Marshal(want)
	if err != nil {
		return err
	}
	if string(before) == string(after) {
		return nil
	}
	e.SetlID = fmt.Sprintf("import/%s/account/%x", psnNo, sha256.Sum256(append(append(before, '\n'), after...)))
	return commitAll(l, []*Entry{e})
}

// ImportBalance sets a member's starting balance, all of it carried over
// (历年), keeping the account's state (gaps, links), as mpl run
// --balances seeds it, from the file of balances (or other source) that
// from names, such as its sha256. It is done once for each source and
// balance: importing the same again changes nothing, even once the
// member's claims have drawn on the account (where ImportAccount, which
// restores an account's figures, would fill it again); another source or
// balance is set anew. It reports whether it set the balance, false when
// it was imported before.
func ImportBalance(l Ledger, psnNo string, carried decimal.Decimal, from string) (bool, error) {
	if err := checkLedger(l); err != nil {
		return false, err
	}
	id := fmt.Sprintf("import/%s/balance/%s/%s", psnNo, from, carried.String())
	if _, done, err := l.Entry(id); err != nil || done {
		return false, err
	}
	a, err := l.Account(psnNo)
	if err != nil {
		return false, err
	}
	if msg := claim.AmountError(carried); msg != "" {
		return false, fmt.Errorf("member %s: balance %s", psnNo, msg)
	}
	if a.Closed != "" {
		// The account was paid out and closed (死亡, 出国定居): a starting
		// balance would put money in an account nothing may spend.
		return false, inputErr(psnNo, "member %s: the account was closed (%s); it takes no starting balance", psnNo, a.Closed)
	}
	want := a.Clone()
	want.Current, want.Carried = decimal.Zero, carried
	e := importEntry(psnNo, a, want, "导入期初余额")
	e.SetlID = id
	return true, commitAll(l, []*Entry{e})
}

// importEntry is the entry, without its id, that sets psnNo's account
// from a to want: want's state, and the move of the balances between.
func importEntry(psnNo string, a, want Account, note string) *Entry {
	state := want.Clone().AccountState
	e := &Entry{Kind: KindImport, PsnNo: psnNo, Year: want.Year, State: &state, Note: note}
	mv := AccountMove{PsnNo: psnNo, Current: want.Current.Sub(a.Current), Carried: want.Carried.Sub(a.Carried)}
	if !mv.Current.IsZero() || !mv.Carried.IsZero() {
		e.Moves = append(e.Moves, mv)
	}
	return e
}
