package lang

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Checks on amounts that type-check but make a fund pay what no policy
// means: a cap of nothing, a yearly cap under the deductible, one shared
// limit given two amounts, two caps of one rule on one yearly total, a
// limit that has a benefit's name, a credit of a plain number times the
// contribution where a percentage was meant.

// limitUse is the first cap that names a shared yearly limit.
type limitUse struct {
	cap   *CapRule
	owner string // "benefit 住院", "fund 大额"
	when  []Node // the conditions of the cap and of its owner, where given
}

// capSense checks one cap of a benefit or a fund.
func (c *checker) capSense(r *CapRule) {
	if r.PerVisit && r.Limit != "" {
		err := c.errs.Add(r.LimitPos, CodeRule, "a cap per visit has no yearly total to name: limit %s names a yearly total that caps share, and a cap per visit bounds each claim alone", r.Limit)
		err.Hint = fmt.Sprintf("drop `limit %s`; to count these claims against that total too, add `cap … per year limit %s`", r.Limit, r.Limit)
	}
	if r.Amount == nil {
		return
	}
	if v, ok := fold(r.Amount); ok && v.Dec.IsZero() && r.When == nil {
		err := c.errs.Add(r.Pos, CodeValue, "a cap of ¥0 on every claim means the fund never pays: no policy means that")
		err.Hint = "write the amount the source gives; to pay nothing on some claims, add `when …`; to turn claims away, use refuse"
	}
}

// limitAmounts reports a yearly cap of owner (a benefit or a fund) that
// gives a shared limit another amount than its first cap did for some
// member: every cap of a limit draws on one yearly total. Caps or owners
// whose conditions (when; ownerWhen is owner's, nil for none) pick
// different claims (在职, 退休) may give the one total different ceilings:
// the amounts are compared only for the labels every condition takes.
func (c *checker) limitAmounts(caps []*CapRule, owner string, ownerWhen Node) {
	for _, r := range caps {
		if r.Amount == nil || r.Limit == "" || r.PerVisit {
			continue
		}
		if c.limits == nil {
			c.limits = map[string]limitUse{}
		}
		use := limitUse{cap: r, owner: owner}
		for _, w := range []Node{ownerWhen, r.When} {
			if w != nil {
				use.when = append(use.when, w)
			}
		}
		first, seen := c.limits[r.Limit]
		if !seen {
			c.limits[r.Limit] = use
			continue
		}
		// Two caps of one owner on one limit are an error of their own
		// (oneCapPerTotal), whatever their amounts.
		if first.owner == owner || first.cap.Amount == nil {
			continue
		}
		when := append(first.when[:len(first.when):len(first.when)], use.when...)
		at, differ := c.differentAt(first.cap.Amount, r.Amount, when)
		if !differ {
			continue
		}
		here, there := describeAmount(r.Amount), describeAmount(first.cap.Amount)
		x, xok := fold(r.Amount)
		y, yok := fold(first.cap.Amount)
		if at != nil {
			x, xok = foldIn(r.Amount, at)
			y, yok = foldIn(first.cap.Amount, at)
			here, there = amountText(r.Amount, x), amountText(first.cap.Amount, y)
			if labels := c.describeLabels(at, nil); labels != "every claim" {
				here += " for " + labels
			}
		}
		err := c.errs.Add(r.Pos, CodeRule, "limit %s is capped at %s here but at %s in %s (%s): every cap of a limit draws on one yearly total, so they must give the same amount",
			r.Limit, here, there, first.owner, lineOf(first.cap.Pos, r.Pos))
		// The hint gives the smaller amount a cap of its own and leaves
		// the shared total at the larger: the other way round would cap
		// the larger benefit at the smaller amount.
		small, smallAmount, total := owner, r.Amount, first.cap.Amount
		if xok && yok && x.Dec.GreaterThan(y.Dec) {
			small, smallAmount, total = first.owner, first.cap.Amount, r.Amount
		}
		err.Hint = fmt.Sprintf("to give %s a ceiling of its own within the shared total, write two caps in it: `cap %s per year limit %s` and `cap %s per year`",
			small, exprText(total), r.Limit, exprText(smallAmount))
	}
}

// oneCapPerTotal reports a second yearly cap of one benefit or fund (owner)
// on a yearly total its first already draws on: two caps without a name,
// or two naming one limit. Each cap that applies adds the claim's payment
// to its total, so a claim under both would count twice; and a second cap
// with a when reads as a total of those claims alone, which it is not. One
// cap whose amount depends on the claim, or a limit of its own, says
// either meaning. code is a fund's code, "" for a benefit.
func (c *checker) oneCapPerTotal(caps []*CapRule, owner, code string) {
	first := map[string]*CapRule{}
	for _, r := range caps {
		if r.PerVisit {
			continue
		}
		f, seen := first[r.Limit]
		if !seen {
			first[r.Limit] = r
			continue
		}
		total := "limit " + r.Limit
		switch {
		case r.Limit != "":
		case code != "":
			total = fmt.Sprintf("its own yearly total (what fund type %s has paid)", code)
		default:
			total = "its own yearly total"
		}
		err := c.errs.Add(r.Pos, CodeRule, "%s has a second yearly cap on %s (first at %s): a claim's payment counts once against a yearly total, so a benefit or fund has one cap on each",
			owner, total, lineOf(f.Pos, r.Pos))
		if r.When == nil && f.When == nil {
			err.Hint = fmt.Sprintf("both apply to every claim, so only the smaller can bind: keep one of the caps at %s and %s", lineOf(f.Pos, r.Pos), lineOf(r.Pos, r.Pos))
			continue
		}
		limit := ""
		if r.Limit != "" {
			limit = " limit " + r.Limit
		}
		err.Hint = fmt.Sprintf("for an amount that depends on the claim, write one cap: `cap if … then %s else %s per year%s`; for a total of these claims alone, give this cap a limit of its own: `limit NAME`",
			capText(r.Amount), capText(f.Amount), limit)
	}
}

// limitsNamedAfterBenefits reports a limit with the name of a benefit that
// has a yearly cap without a name: the ledger keeps that benefit's own
// yearly total under the benefit's name, where it keeps a limit's (L_住院
// for both), so the two would be one total. A new key for one of them
// would move a total a ledger already holds whenever a corrected policy
// added or dropped the other, so the clash is an error instead.
func (c *checker) limitsNamedAfterBenefits() {
	for _, b := range c.pol.Benefits {
		use, named := c.limits[b.Name]
		if !named {
			continue
		}
		for _, r := range b.Caps {
			if r.PerVisit || r.Limit != "" {
				continue
			}
			err := c.errs.Add(use.cap.LimitPos, CodeName, "limit %s has the name of benefit %s, whose yearly cap without a name (%s) keeps the benefit's own yearly total under that name too: the two caps would draw on one total",
				b.Name, b.Name, lineOf(r.Pos, use.cap.LimitPos))
			err.Hint = fmt.Sprintf("give the limit another name (%s年度限额); if benefit %s's cap is meant to draw on it, write `limit %s` on that cap too", b.Name, b.Name, b.Name)
			break
		}
	}
}

// describeAmount names an amount for a message: the parameter and its
// value, or the value.
func describeAmount(n Node) string {
	v, ok := fold(n)
	text := exprText(n)
	switch {
	case !ok:
		return text
	case text != moneyText(v):
		return fmt.Sprintf("%s (%s)", text, moneyText(v))
	}
	return text
}

// exprText writes an amount the way a message can quote it: a parameter
// or a field by name, a constant as money, anything else by its position.
func exprText(n Node) string {
	switch n := n.(type) {
	case *ParamRef:
		return n.Param.Name
	case *FieldRef:
		return n.Field.String()
	}
	if v, ok := fold(n); ok {
		return moneyText(v)
	}
	return "the amount at " + n.Position().String()
}

// capText is exprText of a cap's amount, or … for one that failed to
// check (nil), whose error is reported already.
func capText(n Node) string {
	if n == nil {
		return "…"
	}
	return exprText(n)
}

// moneyText writes an amount as MPL does: ¥400000, ¥0.5.
func moneyText(v Value) string {
	return "¥" + v.Dec.String()
}

// sameAmount reports whether two amounts are the same: equal constants, or
// the same parameter.
func sameAmount(a, b Node) bool {
	if b == nil {
		return true
	}
	x, ok1 := fold(a)
	y, ok2 := fold(b)
	if ok1 && ok2 {
		return x.Dec.Equal(y.Dec)
	}
	p, ok1 := a.(*ParamRef)
	q, ok2 := b.(*ParamRef)
	return ok1 && ok2 && p.Param == q.Param
}

// differentAt reports whether a and b may be different amounts for some
// combination of labels that each of when takes, and the labels where
// they are when they depend on labels alone (nil when they depend on
// more). Two tables by psn_type of equal rows, under two names, are the
// same amount; so are ¥1000 when 在职 and ¥2000 when 退休. Amounts that
// depend on more than labels (a claim's money) are the same only when
// they are one parameter; a condition that does (a claim's amount, its
// age) may tell the claims apart; combinations past maxLabellings are left
// to run time.
func (c *checker) differentAt(a, b Node, when []Node) (*labels, bool) {
	if len(when) == 0 && sameAmount(a, b) {
		return nil, false
	}
	var at *labels
	differ := false
	c.labellings(nil, func(env *labels) bool {
		for _, w := range when {
			v, ok := foldIn(w, env)
			if env.need != FieldInvalid {
				return true
			}
			if !ok || v.Int == 0 {
				return true // not these labels' claims, or not known to be
			}
		}
		if sameAmount(a, b) {
			return true
		}
		x, ok1 := foldIn(a, env)
		if env.need != FieldInvalid {
			return true
		}
		y, ok2 := foldIn(b, env)
		if env.need != FieldInvalid {
			return true
		}
		switch {
		case !ok1 || !ok2:
			differ = true
		case !x.Dec.Equal(y.Dec):
			labels := *env
			labels.steps = nil // its values are worked out again for the message, whatever the budget left
			at, differ = &labels, true
		}
		return !differ
	})
	return at, differ
}

// plainFactors reports money multiplied by a constant plain number above 1
// in a credit (contribution_base × 1.5): a credit is a share of the
// contribution row, never a multiple of it, so the number is a percentage
// that lost its %. A deductible or a cap may well be a multiple (住院起付线
// × 2 for twice the local one, 月限额 × 12) and is not checked.
func (c *checker) plainFactors(n Node) {
	walk(n, func(n Node) {
		b, ok := n.(*Binary)
		if !ok || b.Op != "*" {
			return
		}
		money, number := b.L, b.R
		if money.Type().Kind != KindMoney {
			money, number = number, money
		}
		if money.Type().Kind != KindMoney || number.Type().Kind != KindNumber {
			return
		}
		v, ok := fold(number)
		if !ok || !v.Dec.GreaterThan(decimal.NewFromInt(1)) {
			return
		}
		x, k := exprText(money), v.Dec.String()
		err := c.errs.Add(number.Position(), CodeType, "%s × %s is %s times %s: a credit takes a percentage of it", x, k, k, x)
		err.Hint = fmt.Sprintf("write %s × %s%%", x, k)
	})
}

// walk calls fn on n and the nodes under it, not following parameters: a
// parameter is checked where it is declared.
func walk(n Node, fn func(Node)) {
	if n == nil {
		return
	}
	fn(n)
	switch n := n.(type) {
	case *Unary:
		walk(n.X, fn)
	case *Binary:
		walk(n.L, fn)
		walk(n.R, fn)
	case *In:
		walk(n.X, fn)
		for _, m := range n.Set {
			walk(m, fn)
		}
	case *Cond:
		walk(n.If, fn)
		walk(n.Then, fn)
		walk(n.Else, fn)
	case *Call:
		for _, a := range n.Args {
			walk(a, fn)
		}
	case *Lookup:
		for _, k := range n.Keys {
			walk(k, fn)
		}
		seen := map[*Cell]bool{} // a row fills many cells
		for _, cell := range n.Cells {
			if cell != nil && !seen[cell] {
				seen[cell] = true
				walk(cell.Value, fn)
			}
		}
	}
}

// lineOf names where at is, for a message about a place here: "line 13"
// in the same file, "parent.mpl:13" in another (a policy this one extends),
// which "line 13" would send the author to look for in the wrong file.
func lineOf(at, here Pos) string {
	if at.File != "" && at.File != here.File {
		return fmt.Sprintf("%s:%d", at.File, at.Line)
	}
	return fmt.Sprintf("line %d", at.Line)
}
