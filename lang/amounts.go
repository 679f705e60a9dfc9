package lang

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Checks on amounts that type-check but make a fund pay what no policy
// means: a cap of nothing, a yearly cap under the deductible, one shared
// limit given two amounts, a plain number where a percentage was meant.

// limitUse is the first cap that names a shared yearly limit.
type limitUse struct {
	cap   *CapRule
	owner string // "benefit 住院", "fund 大额"
}

// capSense checks one cap of owner (a benefit or a fund).
func (c *checker) capSense(r *CapRule, owner string) {
	if r.Amount == nil {
		return
	}
	if v, ok := fold(r.Amount); ok && v.Dec.IsZero() && r.When == nil {
		err := c.errs.Add(r.Pos, CodeValue, "a cap of ¥0 on every claim means the fund never pays: no policy means that")
		err.Hint = "write the amount the source gives; to pay nothing on some claims, add `when …`; to turn claims away, use refuse"
	}
	if r.Limit == "" || r.PerVisit {
		return
	}
	if c.limits == nil {
		c.limits = map[string]limitUse{}
	}
	first, seen := c.limits[r.Limit]
	if !seen {
		c.limits[r.Limit] = limitUse{r, owner}
		return
	}
	if first.cap.Amount == nil || sameAmount(first.cap.Amount, r.Amount) {
		return
	}
	// Caps whose conditions pick different claims (在职, 退休) may give
	// the one yearly total different ceilings.
	if first.cap.When != nil && r.When != nil {
		return
	}
	err := c.errs.Add(r.Pos, CodeRule, "limit %s is capped at %s here but at %s in %s (line %d): every cap of a limit draws on one yearly total, so they must give the same amount",
		r.Limit, describeAmount(r.Amount), describeAmount(first.cap.Amount), first.owner, first.cap.Pos.Line)
	err.Hint = fmt.Sprintf("to give %s a ceiling of its own within the shared total, write two caps: `cap %s per year limit %s` and `cap %s per year`",
		owner, exprText(first.cap.Amount), r.Limit, exprText(r.Amount))
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

// plainFactors reports money multiplied by a constant plain number above 1
// in a credit or a deductible (contribution_base × 1.5, 起付线 × 50): a
// credit is a share of the contribution row and a deductible's variants are
// shares of it, so the number is a percentage that lost its %. A count that
// varies with the claim (¥100 × (admission - 1)) is not constant and is
// let through; caps may be multiples (月限额 × 12).
func (c *checker) plainFactors(n Node, what string) {
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
		err := c.errs.Add(number.Position(), CodeType, "%s × %s is %s times %s: %s takes a percentage of it", x, k, k, x, what)
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
