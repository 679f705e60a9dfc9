package lang

import (
	"strings"

	"github.com/shopspring/decimal"
)

// maxLabellings bounds the combinations of labels the checker tries when it
// works out a rule for every kind of claim; a rule over more is left to run
// time.
const maxLabellings = 1 << 16

// labellings calls fn with every combination of labels that decides what
// fn works out, med_type limited to the kinds of care covers marks when
// covers is not nil, until fn returns false. fn works out its answer with
// foldIn on env; where that leaves env.need set (it had to know a field
// env does not bind), fn returns true without acting, and labellings calls
// it again with that field bound to each of its labels in turn. So a rule
// is tried on the combinations of the fields it decides on, not of all it
// reads (which can number a million). It stops after maxLabellings
// combinations, or once it has spent the policy's maxLabelSteps; the rest
// are left to run time.
func (c *checker) labellings(covers []bool, fn func(*labels) bool) {
	tried := 0
	env := labels{steps: &c.labelSteps}
	var rec func() bool
	rec = func() bool {
		if tried++; tried > maxLabellings {
			return false
		}
		env.need = FieldInvalid
		if !fn(&env) {
			return false
		}
		f := env.need
		if f == FieldInvalid {
			return true
		}
		if f == overBudget {
			return false
		}
		e := c.pol.Enums[f.String()]
		if e == nil || env.bound[f] {
			return true
		}
		env.bound[f] = true
		defer func() { env.bound[f] = false }()
		for o := 0; o < e.Len(); o++ {
			if f == FieldMedType && covers != nil && !(o < len(covers) && covers[o]) {
				continue
			}
			env.ord[f] = o
			if !rec() {
				return false
			}
		}
		return true
	}
	rec()
}

// describeLabels names the labels env binds, for messages: "psn_type 退休,
// medins_lv 一级". A field whose every label gives the same fault (bad
// holds) with the others as they are is left out: the rule does not
// depend on it. med_type, limited to the kinds of care a rule covers, is
// always named.
func (c *checker) describeLabels(env *labels, bad func(*labels) bool) string {
	var parts []string
	for _, f := range EnumFields {
		if !env.bound[f] {
			continue
		}
		e := c.pol.Enums[f.String()]
		if f != FieldMedType && bad != nil && everyLabel(env, f, e.Len(), bad) {
			continue
		}
		parts = append(parts, f.String()+" "+e.Labels[env.ord[f]])
	}
	if len(parts) == 0 {
		return "every claim"
	}
	return strings.Join(parts, ", ")
}

// everyLabel reports whether bad holds for env with each of the n labels
// of field f, leaving env as it was.
func everyLabel(env *labels, f Field, n int, bad func(*labels) bool) bool {
	was := env.ord[f]
	defer func() { env.ord[f] = was }()
	for o := 0; o < n; o++ {
		env.ord[f] = o
		if !bad(env) {
			return false
		}
	}
	return true
}

var one = decimal.NewFromInt(1)

func outsideUnit(d decimal.Decimal) bool {
	return d.IsNegative() || d.GreaterThan(one)
}

// AdjustRatio is what an adjustment (adjust, or a remote row) makes of a
// ratio r: + and - add and take away x, × multiplies by it, = replaces r
// with it. The checker works a rule out with it, and Settle applies it.
func AdjustRatio(op string, r, x decimal.Decimal) decimal.Decimal {
	switch op {
	case "+":
		return r.Add(x)
	case "-":
		return r.Sub(x)
	case "×":
		return r.Mul(x)
	}
	return x
}

// ratioSense reports a benefit whose ratio, after its adjustments and its
// remote row, works out outside [0%, 100%] for some labels of the claim
// fields it reads, where the checker can work it out without the rest of a
// claim: such a benefit would pay more than the claim's amount (or take
// money from the member) on every claim with those labels. The error is at
// the step that took the ratio out, as the error row at run time is.
func (c *checker) ratioSense(b *Benefit) {
	if b.Ratio == nil || b.Ratio.Type().Kind != KindRatio {
		return
	}
	var earlier []*Benefit
	for _, e := range c.pol.Benefits {
		if e != b && overlaps(e.Covers, b.Covers) {
			earlier = append(earlier, e)
		}
	}
	// bad is whether b takes the claims with env's labels and pays a
	// ratio outside [0%, 100%] on them; env.need is set where that
	// depends on a field env does not bind.
	bad := func(env *labels) bool {
		env.need = FieldInvalid
		if c.takenBefore(earlier, b.Covers, env) || env.need != FieldInvalid {
			return false
		}
		r, _, ok := c.benefitRatio(b, env)
		return env.need == FieldInvalid && ok && outsideUnit(r)
	}
	c.labellings(b.Covers, func(env *labels) bool {
		if !bad(env) {
			return true
		}
		r, cause, _ := c.benefitRatio(b, env)
		err := c.errs.Add(cause, CodeValue, "benefit %s's ratio works out at %s for %s: outside [0%%, 100%%]",
			b.Name, Value{Dec: r}.Format(TRatio), c.describeLabels(env, bad))
		err.Hint = "a ratio pays that share of the claim: × 1.1 multiplies it, + 10% adds ten points; lower the value or limit the adjustment with `when`"
		return false
	})
}

// takenBefore reports whether one of the benefits earlier in the policy
// (those that cover some kind of care covers marks) takes the claims with
// env's labels, so that a later benefit never settles them: benefits are
// tried in order and the first that applies settles. Where an earlier
// benefit's when depends on more than labels, the claims may be its, and
// takenBefore says so: a warning missed is better than a correct policy
// refused. It sets env.need where it needs a field env does not bind.
func (c *checker) takenBefore(earlier []*Benefit, covers []bool, env *labels) bool {
	for _, e := range earlier {
		if env.bound[FieldMedType] {
			if mt := env.ord[FieldMedType]; mt >= len(e.Covers) || !e.Covers[mt] {
				continue
			}
		} else if !coversAll(e.Covers, covers) {
			env.need = FieldMedType
			return false
		}
		if e.When == nil {
			return true
		}
		w, ok := foldIn(e.When, env)
		if env.need != FieldInvalid {
			return false
		}
		if !ok || w.Int != 0 {
			return true
		}
	}
	return false
}

// overlaps reports whether two sets of kinds of care share one.
func overlaps(a, b []bool) bool {
	for i := range a {
		if a[i] && i < len(b) && b[i] {
			return true
		}
	}
	return false
}

// coversAll reports whether a holds every kind of care b holds.
func coversAll(a, b []bool) bool {
	for i := range b {
		if b[i] && !(i < len(a) && a[i]) {
			return false
		}
	}
	return true
}

// benefitRatio works out b's ratio for the labels env binds, after the
// adjustments that apply and the remote row, and where it went out of
// [0%, 100%] (the step that last took it out); false when it depends on
// more than env, or b does not apply.
func (c *checker) benefitRatio(b *Benefit, env *labels) (decimal.Decimal, Pos, bool) {
	if b.When != nil {
		if w, ok := foldIn(b.When, env); ok && w.Int == 0 || env.need != FieldInvalid {
			return decimal.Zero, Pos{}, false
		}
	}
	v, ok := foldIn(b.Ratio, env)
	if !ok {
		return decimal.Zero, Pos{}, false
	}
	r, cause := v.Dec, b.Ratio.Position()
	step := func(op string, x decimal.Decimal, pos Pos) {
		was := outsideUnit(r)
		r = AdjustRatio(op, r, x)
		if !was && outsideUnit(r) {
			cause = pos
		}
	}
	for _, a := range b.Adjusts {
		if a.When != nil {
			w, ok := foldIn(a.When, env)
			if !ok {
				return decimal.Zero, Pos{}, false
			}
			if w.Int == 0 {
				continue
			}
		}
		x, ok := foldIn(a.Value, env)
		if !ok {
			return decimal.Zero, Pos{}, false
		}
		step(a.Op, x.Dec, a.Pos)
	}
	if b.Remote != nil {
		cell, ok := cellIn(b.Remote, env)
		if !ok {
			return decimal.Zero, Pos{}, false
		}
		x, ok := foldIn(cell.Value, env)
		if !ok {
			return decimal.Zero, Pos{}, false
		}
		step(cell.Op, x.Dec, cell.Pos)
	}
	return r, cause, true
}

// fundRateSense is ratioSense for a further fund's rate.
func (c *checker) fundRateSense(f *Fund) {
	if f.Rate == nil || f.Rate.Type().Kind != KindRatio {
		return
	}
	c.labellings(nil, func(env *labels) bool {
		if f.When != nil {
			if w, ok := foldIn(f.When, env); ok && w.Int == 0 || env.need != FieldInvalid {
				return true
			}
		}
		v, ok := foldIn(f.Rate, env)
		if env.need != FieldInvalid || !ok || !outsideUnit(v.Dec) {
			return true
		}
		bad := func(env *labels) bool {
			v, ok := foldIn(f.Rate, env)
			return ok && outsideUnit(v.Dec)
		}
		c.errs.Add(f.Rate.Position(), CodeValue, "fund %s's ratio works out at %s for %s: outside [0%%, 100%%]",
			f.Name, v.Format(TRatio), c.describeLabels(env, bad))
		return false
	})
}

// capUnderDeductible reports a yearly cap, on every claim, smaller than the
// deductible the same benefit charges some claim: the member bears the
// deductible first and the fund then pays less than that in the whole
// year, which is an amount that lost its zeros (¥400 for ¥400000), not a
// policy. Cap and deductible are compared for each combination of labels
// the benefit takes (a cap from a table by psn_type against a deductible
// by psn_type, row by row). Only a deductible of the benefit's own, per
// year, is compared: a cap per visit may well be smaller than a yearly
// deductible (¥10 a visit, ¥600 a year); a deductible shared with other
// benefits (pool) may be met by their claims, and one per admission is
// borne on each claim, not once before the year's payments.
func (c *checker) capUnderDeductible(b *Benefit) {
	d := b.Deductible
	if d == nil || d.Amount == nil || d.PerAdmission || d.Pool != b.Name {
		return
	}
	for _, r := range b.Caps {
		if r.PerVisit || r.When != nil || r.Amount == nil {
			continue
		}
		// under works out the cap and the deductible for env's labels:
		// decided reports whether both could be, under whether the cap
		// is the smaller (a cap of 0 is reported on its own).
		under := func(env *labels) (decided, under bool) {
			limit, ok1 := foldIn(r.Amount, env)
			ded, ok2 := foldIn(d.Amount, env)
			if env.need != FieldInvalid || !ok1 || !ok2 {
				return false, false
			}
			return true, !limit.Dec.IsZero() && limit.Dec.LessThan(ded.Dec)
		}
		var at labels
		found := false
		c.labellings(b.Covers, func(env *labels) bool {
			if b.When != nil {
				if w, ok := foldIn(b.When, env); ok && w.Int == 0 || env.need != FieldInvalid {
					return true
				}
			}
			if _, bad := under(env); bad {
				at, found = *env, true
				at.steps = nil // its values are worked out again for the message, whatever the budget left
				return false
			}
			return true
		})
		if !found {
			continue
		}
		limit, _ := foldIn(r.Amount, &at)
		ded, _ := foldIn(d.Amount, &at)
		err := c.errs.Add(r.Pos, CodeValue, "benefit %s's yearly cap %s is less than its deductible %s for %s (%s): no policy pays less in a year than it has the member bear first",
			b.Name, amountText(r.Amount, limit), amountText(d.Amount, ded), c.describeLabels(&at, func(env *labels) bool {
				_, bad := under(env)
				return bad
			}), lineOf(d.Pos, r.Pos))
		err.Hint = "check the amounts against the source: has one lost some zeros (¥400 for ¥400000)?"
	}
}

// amountText is an amount as a message quotes it, with its value v for
// the labels at hand when that is not what it says: 住院起付线 (¥1500).
func amountText(n Node, v Value) string {
	text, value := exprText(n), moneyText(v)
	if text == value || strings.HasPrefix(text, "the amount at ") {
		return value
	}
	return text + " (" + value + ")"
}

// FirstField is the first claim field n reads, in the order written,
// through parameters; false when n reads none. A run-time error on a rule
// names it as the field at fault.
func FirstField(n Node) (Field, bool) {
	var first Field
	seen := map[*Param]bool{}
	var find func(Node)
	find = func(n Node) {
		walk(n, func(n Node) {
			if first != FieldInvalid {
				return
			}
			switch n := n.(type) {
			case *FieldRef:
				first = n.Field
			case *ParamRef:
				if n.Param != nil && !seen[n.Param] {
					seen[n.Param] = true
					find(n.Param.Value)
				}
			}
		})
	}
	find(n)
	return first, first != FieldInvalid
}
