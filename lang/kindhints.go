package lang

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// Hints for a value of the wrong kind: a plain number or a percentage
// where money is wanted, a number or an amount where a ratio is. Where
// the value is a constant the hint writes it as it should be (0.05 as
// 5%, 600% as ¥600); where it is a parameter's, the hint names the line
// that declares it, the line the author must change, as the error stands
// at the use.

// asMoney writes v, of kind k, as the money an author most likely meant:
// 600 as ¥600, and 600% as ¥600 too, the figure with the wrong mark.
func asMoney(v Value, k Kind) string {
	d := v.Dec
	if k == KindRatio {
		d = d.Mul(hundred)
	}
	return "¥" + d.String()
}

// asRatio writes v, of kind k, as the percentage an author most likely
// meant: a fraction up to 1 as a share (0.05 as 5%, 1 as 100%), a larger
// number or an amount as the points it says (5 as 5%, ¥10 as 10%).
func asRatio(v Value, k Kind) string {
	d := v.Dec
	if k == KindNumber && d.Abs().LessThanOrEqual(decimal.NewFromInt(1)) {
		d = d.Mul(hundred)
	}
	return d.String() + "%"
}

// kindHint is the hint for n, of the wrong kind, where want (money or a
// ratio) is wanted; op goes before a written ratio (× in a remote row).
// It is "" for kinds it has no advice for.
func kindHint(n Node, want Kind, op string) string {
	got := n.Type().Kind
	var how, example string
	switch {
	case want == KindMoney && (got == KindNumber || got == KindRatio):
		how, example = "write money with ¥ or 元", "¥1500 or 1500 元"
		if v, ok := fold(n); ok {
			example = asMoney(v, got)
		}
	case want == KindRatio && (got == KindNumber || got == KindMoney):
		how, example = "write a ratio as a percentage", "85%"
		if v, ok := fold(n); ok {
			example = asRatio(v, got)
		}
	default:
		return ""
	}
	if op != "" {
		example = op + " " + example
	}
	if p, ok := n.(*ParamRef); ok {
		return fmt.Sprintf("%s where param %s is declared (%s): %s", how, p.Param.Name, lineOf(p.Param.Pos, n.Position()), example)
	}
	return how + ": " + example
}

// scheduleHint is the hint for a schedule entry that is neither a ratio
// nor money: a fraction up to 1 is a share of the deductible (0.75 as
// 75%); a larger number may be either.
func scheduleHint(n Node) string {
	v, ok := fold(n)
	if n.Type().Kind != KindNumber || !ok {
		return ""
	}
	if v.Dec.Abs().LessThanOrEqual(decimal.NewFromInt(1)) {
		return "write a share of the deductible as a percentage: " + asRatio(v, KindNumber)
	}
	return fmt.Sprintf("write %s%% for a share of the deductible, ¥%s for an amount", v.Dec, v.Dec)
}

// thousandsHint is the hint for three digits (group, at offset at) read
// as a value of their own where they follow, after a comma and nothing
// else, an amount written before them (amount, at offset from): ¥1,500 in
// a table's row or a schedule, where a comma separates values. It is ""
// where they do not.
func thousandsHint(amount string, from int, group string, at int) string {
	if amount == "" || strings.HasSuffix(amount, "元") || len(group) != 3 || strings.Trim(group, "0123456789") != "" || at != from+len(amount)+1 {
		return ""
	}
	return "amounts are written without thousands separators: write " + amount + group
}
