package lang

import (
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"
)

// expr checks an expression. hint, when not nil, is the enum a bare label
// should be read in (the other side of a comparison, a table's values).
func (c *checker) expr(e *Expr, hint *Enum) Node {
	n := c.and(e.Left, hint)
	for _, r := range e.Rest {
		rn := c.and(r, hint)
		n = c.logic("or", position(r.Pos), n, rn)
	}
	return n
}

func (c *checker) and(e *AndExpr, hint *Enum) Node {
	n := c.not(e.Left, hint)
	for _, r := range e.Rest {
		rn := c.not(r, hint)
		n = c.logic("and", position(r.Pos), n, rn)
	}
	return n
}

func (c *checker) logic(op string, pos Pos, l, r Node) Node {
	if l == nil || r == nil {
		return nil
	}
	for _, x := range []Node{l, r} {
		if x.Type().Kind != KindBool {
			c.errs.Add(x.Position(), CodeType, "%s needs conditions on both sides, not %s", op, x.Type())
			return nil
		}
	}
	return &Binary{nodeBase: mk(pos, TBool), Op: op, L: l, R: r}
}

func (c *checker) not(e *NotExpr, hint *Enum) Node {
	n := c.cmp(e.Cmp, hint)
	if !e.Not || n == nil {
		return n
	}
	if n.Type().Kind != KindBool {
		c.errs.Add(position(e.Pos), CodeType, "not needs a condition, not %s", n.Type())
		return nil
	}
	return &Unary{nodeBase: mk(position(e.Pos), TBool), Op: "not", X: n}
}

func (c *checker) cmp(e *CmpExpr, hint *Enum) Node {
	pos := position(e.Pos)
	switch {
	case e.Op != "":
		l, r := c.pair(e.Left, e.Right)
		if l == nil || r == nil {
			return nil
		}
		if !l.Type().Same(r.Type()) {
			if c.unknownCode(l, r) || c.unknownCode(r, l) {
				return nil
			}
			c.errs.Add(pos, CodeType, "cannot compare %s with %s", l.Type(), r.Type())
			return nil
		}
		if e.Op != "==" && e.Op != "!=" {
			switch l.Type().Kind {
			case KindMoney, KindRatio, KindNumber, KindDate:
			default:
				c.errs.Add(pos, CodeType, "%s values have no order; use == or !=", l.Type())
				return nil
			}
		}
		if l.Type().Kind == KindBands {
			c.errs.Add(pos, CodeType, "bands cannot be compared")
			return nil
		}
		return &Binary{nodeBase: mk(pos, TBool), Op: e.Op, L: l, R: r}
	case e.In != nil:
		x := c.add(e.Left, nil)
		if x == nil {
			return nil
		}
		in := &In{nodeBase: mk(pos, TBool), X: x}
		for _, item := range e.In {
			n := c.add(item, x.Type().Enum)
			if n == nil {
				return nil
			}
			if !n.Type().Same(x.Type()) {
				if c.unknownCode(x, n) {
					return nil
				}
				c.errs.Add(n.Position(), CodeType, "the list holds %s, but the value before in is %s", n.Type(), x.Type())
				return nil
			}
			in.Set = append(in.Set, n)
		}
		return in
	}
	return c.add(e.Left, hint)
}

// pair checks the two sides of a comparison so that a bare label on either
// side is read in the enum of the other side: `psn_type == 退休`.
func (c *checker) pair(a, b *AddExpr) (Node, Node) {
	if isBareName(a) && c.isLabelOnly(a) {
		r := c.add(b, nil)
		if r == nil {
			return nil, nil
		}
		return c.add(a, r.Type().Enum), r
	}
	l := c.add(a, nil)
	if l == nil {
		return nil, nil
	}
	return l, c.add(b, l.Type().Enum)
}

// unknownCode reports, when x is a claim field's code table and n a plain
// number (psn_type == 9999), that n is no code of it, as a table row with
// that code says; false, reporting nothing, for any other pair.
func (c *checker) unknownCode(x, n Node) bool {
	k, isConst := n.(*Const)
	if x.Type().Kind != KindEnum || x.Type().Enum == nil || !isConst || k.Type().Kind != KindNumber {
		return false
	}
	c.unknownLabel(n.Position(), x.Type().Enum, k.Val.Dec.String())
	return true
}

// isBareName reports whether an expression is a single name or literal.
func isBareName(a *AddExpr) bool {
	return len(a.Rest) == 0 && len(a.Left.Rest) == 0 && !a.Left.Left.Neg && a.Left.Left.Prim.Ref != nil && !a.Left.Left.Prim.Ref.Call
}

// isLabelOnly reports whether a bare name is neither a parameter nor a field.
func (c *checker) isLabelOnly(a *AddExpr) bool {
	name := a.Left.Left.Prim.Ref.Name
	if _, ok := c.params[name]; ok {
		return false
	}
	_, ok := fieldByName(name)
	return !ok
}

func (c *checker) add(e *AddExpr, hint *Enum) Node {
	n := c.mul(e.Left, hint)
	for _, r := range e.Rest {
		rn := c.mul(r.Right, hint)
		n = c.arith(r.Op, position(r.Pos), n, rn)
	}
	return n
}

func (c *checker) mul(e *MulExpr, hint *Enum) Node {
	n := c.unary(e.Left, hint)
	for _, r := range e.Rest {
		rn := c.unary(r.Right, hint)
		op := r.Op
		if op == "×" {
			op = "*"
		}
		n = c.arith(op, position(r.Pos), n, rn)
	}
	return n
}

var opWords = map[string]string{"+": "add", "-": "subtract", "*": "multiply", "/": "divide"}

func (c *checker) arith(op string, pos Pos, l, r Node) Node {
	if l == nil || r == nil {
		return nil
	}
	t, ok := arithType(op, l.Type(), r.Type())
	if k, literal := r.(*Const); ok && op == "/" && literal && k.Val.Dec.IsZero() {
		// A zero written as the divisor would make every claim that
		// reaches it an error row. (A parameter that is zero may sit in a
		// branch that never divides by it: if n == 0 then … else ¥1 / n.)
		c.errs.Add(r.Position(), CodeValue, "division by zero")
		return nil
	}
	if v, konst := fold(r); ok && op == "/" && konst && v.Dec.IsZero() && c.dead == 0 {
		// A divisor that works out at zero without a claim divides every
		// claim that reaches it by zero, unless it sits in a branch that
		// never runs (c.dead).
		err := c.errs.Add(r.Position(), CodeValue, "division by zero: the divisor works out at 0")
		if p, isParam := r.(*ParamRef); isParam {
			err.Msg = fmt.Sprintf("division by zero: parameter %s is 0", p.Param.Name)
		}
		err.Hint = "guard it if the zero is meant: if n == 0 then … else ¥100 / n"
		return nil
	}
	if !ok {
		err := c.errs.Add(pos, CodeType, "cannot %s %s and %s", opWords[op], l.Type(), r.Type())
		lk, rk := l.Type().Kind, r.Type().Kind
		switch {
		case (lk == KindMoney && rk == KindRatio || lk == KindRatio && rk == KindMoney) && (op == "+" || op == "-"):
			err.Hint = "a ratio applies to money by multiplying: amount × 85%"
		case (lk == KindNumber || rk == KindNumber) && (op == "+" || op == "-"):
			err.Hint = "write money with ¥ or 元 (¥10) and ratios with % (10%)"
		}
		return nil
	}
	return &Binary{nodeBase: mk(pos, t), Op: op, L: l, R: r}
}

func (c *checker) unary(e *UnaryExpr, hint *Enum) Node {
	n := c.primary(e.Prim, hint)
	if !e.Neg || n == nil {
		return n
	}
	switch n.Type().Kind {
	case KindMoney, KindRatio, KindNumber:
	default:
		c.errs.Add(position(e.Pos), CodeType, "cannot negate %s", n.Type())
		return nil
	}
	u := &Unary{nodeBase: mk(position(e.Pos), n.Type()), Op: "-", X: n}
	if v, ok := fold(u); ok && v.Dec.IsNegative() {
		switch n.Type().Kind {
		case KindMoney:
			c.errs.Add(position(e.Pos), CodeValue, "money %s is negative", v.Format(TMoney))
		case KindRatio:
			c.errs.Add(position(e.Pos), CodeValue, "ratio %s is outside [0%%, 100%%]", v.Format(TRatio))
		}
	}
	return u
}

func (c *checker) primary(p *Primary, hint *Enum) Node {
	pos := position(p.Pos)
	konst := func(t Type, v Value) Node { return &Const{nodeBase: mk(pos, t), Val: v} }
	switch {
	case p.Money != nil:
		d, err := parseAmount(*p.Money)
		if err != nil {
			c.errs.Add(pos, CodeValue, "%q is not an amount", *p.Money)
			return nil
		}
		if d.Exponent() < -2 {
			c.errs.Add(pos, CodeValue, "money %s has more than two decimal places (fen)", *p.Money)
		}
		return konst(TMoney, Value{Dec: d})
	case p.Percent != nil:
		d, err := decimal.NewFromString(strings.TrimSuffix(*p.Percent, "%"))
		if err != nil {
			c.errs.Add(pos, CodeValue, "%q is not a percentage", *p.Percent)
			return nil
		}
		return konst(TRatio, Value{Dec: d.Div(hundred)})
	case p.Date != nil:
		t, ok := c.date(*p.Date, pos)
		if !ok {
			return nil
		}
		return konst(TDate, Value{Int: DayNumber(t)})
	case p.Number != nil:
		if hint != nil {
			if i, ok := hint.Lookup(*p.Number); ok {
				return c.enumConst(pos, hint, i, *p.Number)
			}
		}
		d, _ := decimal.NewFromString(*p.Number)
		return konst(TNumber, Value{Dec: d})
	case p.String != nil:
		if hint != nil {
			if i, ok := hint.Lookup(*p.String); ok {
				return c.enumConst(pos, hint, i, *p.String)
			}
		}
		return konst(TString, Value{Str: *p.String})
	case p.Bool != nil:
		return konst(TBool, Bool(*p.Bool == "true"))
	case p.If != nil:
		return c.ifExpr(p.If, hint)
	case p.Table != nil:
		lk := c.table(p.Table, false)
		if lk == nil {
			return nil
		}
		return lk
	case p.Bands != nil:
		return c.bands(p.Bands)
	case p.Ref != nil:
		if p.Ref.Call {
			return c.call(p.Ref, hint)
		}
		return c.name(pos, p.Ref.Name, hint)
	case p.Paren != nil:
		return c.expr(p.Paren, hint)
	}
	c.errs.Add(pos, CodeParse, "empty expression")
	return nil
}

func (c *checker) ifExpr(e *IfExpr, hint *Enum) Node {
	cond := c.typed(e.Cond, TBool, "the condition of if")
	// A branch that a constant condition rules out never runs: a division
	// by zero there is no error.
	v, konst := Value{}, false
	if cond != nil {
		v, konst = fold(cond)
	}
	then := c.branch(e.Then, hint, konst && v.Int == 0)
	if then != nil && hint == nil {
		hint = then.Type().Enum
	}
	els := c.branch(e.Else, hint, konst && v.Int != 0)
	if cond == nil || then == nil || els == nil {
		return nil
	}
	if !then.Type().Same(els.Type()) {
		c.errs.Add(position(e.Else.Pos), CodeType, "if gives %s in one branch and %s in the other", then.Type(), els.Type())
		return nil
	}
	return &Cond{nodeBase: mk(position(e.Pos), then.Type()), If: cond, Then: then, Else: els}
}

// branch checks a branch of an if; dead says it never runs.
func (c *checker) branch(e *Expr, hint *Enum, dead bool) Node {
	if dead {
		c.dead++
		defer func() { c.dead-- }()
	}
	return c.expr(e, hint)
}

func (c *checker) call(r *Ref, hint *Enum) Node {
	pos := position(r.Pos)
	switch r.Name {
	case "min", "max":
	default:
		c.errs.Add(pos, CodeName, "unknown function %s", r.Name).Hint = hintList(r.Name, []string{"min", "max"})
		return nil
	}
	if len(r.Args) < 2 {
		c.errs.Add(pos, CodeType, "%s takes two or more values", r.Name)
		return nil
	}
	call := &Call{Fn: r.Name}
	var t Type
	for i, a := range r.Args {
		n := c.expr(a, hint)
		if n == nil {
			return nil
		}
		switch n.Type().Kind {
		case KindMoney, KindRatio, KindNumber, KindDate:
		default:
			c.errs.Add(n.Position(), CodeType, "%s compares amounts, ratios, numbers or dates, not %s", r.Name, n.Type())
			return nil
		}
		if i == 0 {
			t = n.Type()
		} else if !n.Type().Same(t) {
			c.errs.Add(n.Position(), CodeType, "%s of %s and %s", r.Name, t, n.Type())
			return nil
		}
		call.Args = append(call.Args, n)
	}
	call.nodeBase = mk(pos, t)
	return call
}

// name resolves a bare name: a label of the hinted enum, a parameter, a
// claim field, or a label that only one enum has.
func (c *checker) name(pos Pos, name string, hint *Enum) Node {
	if hint != nil {
		if i, ok := hint.Lookup(name); ok {
			return c.enumConst(pos, hint, i, name)
		}
	}
	if _, ok := c.params[name]; ok {
		p := c.param(name, pos)
		if p == nil {
			return nil
		}
		return &ParamRef{nodeBase: mk(pos, p.Type), Param: p}
	}
	if f, ok := fieldByName(name); ok {
		direct := c.inCredit && len(c.checking) == 0
		switch {
		case IsContributionField(f) && !direct:
			c.errs.Add(pos, CodeName, "%s is a field of a contribution row: only an account credit rule can read it", name)
			return nil
		case direct && !IsContributionField(f) && f != FieldPsnType && f != FieldAge:
			c.errs.Add(pos, CodeName, "a credit rule reads a contribution row, not claim field %s", name).Hint =
				"a credit rule sees psn_type, age, contribution_base, own_contribution and pension"
			return nil
		}
		t := Type{Kind: fieldInfo[f].kind}
		if t.Kind == KindEnum {
			t.Enum = c.pol.Enums[name]
		}
		return &FieldRef{nodeBase: mk(pos, t), Field: f}
	}
	var found []*Enum
	var ords []int
	for _, f := range EnumFields {
		e := c.pol.Enums[f.String()]
		if i, ok := e.Lookup(name); ok {
			found = append(found, e)
			ords = append(ords, i)
		}
	}
	switch len(found) {
	case 1:
		return c.enumConst(pos, found[0], ords[0], name)
	case 0:
		err := c.errs.Add(pos, CodeName, "unknown name %q", name)
		if rest, ok := strings.CutPrefix(name, "非"); ok && rest != "" && slices.Contains(c.knownNames(), rest) {
			// 非cvlserv_flag: 非 (not) without its space is part of the
			// name; "did you mean cvlserv_flag" would drop the negation.
			err.Hint = fmt.Sprintf("%q is one name to MPL; put a space after 非: 非 %s", name, rest)
			return nil
		}
		if hint != nil {
			err.Msg = "unknown " + enumNoun(hint) + " \"" + name + "\""
			err.Hint = didYouMean(name, hint.Labels)
		} else {
			err.Hint = didYouMean(name, c.knownNames())
		}
		if err.Hint == "" && englishKeywords[name] {
			// deductible ratio: English keywords may be names, so the
			// parser took this one for the missing value's name.
			err.Hint = fmt.Sprintf("%q is a keyword, taken here for a name: is the value before it missing?", name)
		}
		return nil
	}
	var names []string
	for _, e := range found {
		names = append(names, e.Name)
	}
	c.errs.Add(pos, CodeName, "%q is a label of %s: compare it with a field to say which", name, strings.Join(names, " and "))
	return nil
}

// enumConst is label i of e, written as text: the label itself, or one of
// its codes or their national labels (see grouped).
func (c *checker) enumConst(pos Pos, e *Enum, i int, text string) Node {
	if c.grouped(pos, e, i, text) {
		return nil
	}
	return &Const{nodeBase: mk(pos, Type{Kind: KindEnum, Enum: e}), Val: Value{Int: i}}
}

// grouped refuses, reporting true, text that names label i of e by one of
// its codes or their national labels when the label has several: the
// policy tells claims apart by its labels, so a rule on it (psn_type ==
// 灵活就业在职, where 在职 is 1101, 1102 and 1103) would hold for every code
// of the label, not just the one written.
func (c *checker) grouped(pos Pos, e *Enum, i int, text string) bool {
	label := e.Labels[i]
	if text == label || len(e.Codes[i]) < 2 {
		return false
	}
	err := c.errs.Add(pos, CodeName, "%s %q is one of the codes of %s here (%s), so a rule on it would hold for all of them",
		enumNoun(e), text, label, strings.Join(e.Codes[i], ", "))
	err.Hint = fmt.Sprintf("write %s to mean all of them; to tell %s apart, give it a label of its own in enum %s", label, text, e.Name)
	return true
}

// knownNames lists parameters, fields and labels, for hints.
func (c *checker) knownNames() []string {
	names := keys(c.params)
	for f := Field(1); f < numFields; f++ {
		names = append(names, f.String())
	}
	for _, f := range EnumFields {
		names = append(names, c.pol.Enums[f.String()].Labels...)
	}
	return names
}
