package interp

import (
	"fmt"

	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
)

// frame is what an expression sees of one claim: its fields, resolved to
// enum ordinals and decimals before any rule runs.
type frame struct {
	ord [lang.FieldCount]int
	dec [lang.FieldCount]decimal.Decimal
	str [lang.FieldCount]string
	// noAge: the claim gave no age, so a rule that reads it cannot run.
	noAge bool
}

// evalFn evaluates a planned expression against a claim.
type evalFn func(f *frame) (lang.Value, error)

// planner turns checked expressions into closures, once per policy.
type planner struct {
	params map[*lang.Param]evalFn
}

func (p *planner) plan(n lang.Node) evalFn {
	switch n := n.(type) {
	case *lang.Const:
		v := n.Val
		return func(*frame) (lang.Value, error) { return v, nil }
	case *lang.FieldRef:
		return planField(n)
	case *lang.ParamRef:
		if fn, ok := p.params[n.Param]; ok {
			return fn
		}
		fn := p.plan(n.Param.Value)
		p.params[n.Param] = fn
		return fn
	case *lang.Unary:
		x := p.plan(n.X)
		if n.Op == "not" {
			return func(f *frame) (lang.Value, error) {
				v, err := x(f)
				return lang.Bool(v.Int == 0), err
			}
		}
		return func(f *frame) (lang.Value, error) {
			v, err := x(f)
			return lang.Value{Dec: v.Dec.Neg()}, err
		}
	case *lang.Binary:
		return p.planBinary(n)
	case *lang.In:
		x := p.plan(n.X)
		set := make([]evalFn, len(n.Set))
		for i, s := range n.Set {
			set[i] = p.plan(s)
		}
		t := n.X.Type()
		return func(f *frame) (lang.Value, error) {
			v, err := x(f)
			if err != nil {
				return v, err
			}
			for _, s := range set {
				w, err := s(f)
				if err != nil {
					return w, err
				}
				if lang.Compare("==", t, v, w) {
					return lang.Bool(true), nil
				}
			}
			return lang.Bool(false), nil
		}
	case *lang.Cond:
		c, a, b := p.plan(n.If), p.plan(n.Then), p.plan(n.Else)
		return func(f *frame) (lang.Value, error) {
			v, err := c(f)
			if err != nil {
				return v, err
			}
			if v.Int != 0 {
				return a(f)
			}
			return b(f)
		}
	case *lang.Call:
		args := make([]evalFn, len(n.Args))
		for i, a := range n.Args {
			args[i] = p.plan(a)
		}
		t := n.Type()
		wantLess := n.Fn == "min"
		return func(f *frame) (lang.Value, error) {
			best, err := args[0](f)
			if err != nil {
				return best, err
			}
			for _, a := range args[1:] {
				v, err := a(f)
				if err != nil {
					return v, err
				}
				if lang.Compare("<", t, v, best) == wantLess && !lang.Compare("==", t, v, best) {
					best = v
				}
			}
			return best, nil
		}
	case *lang.Lookup:
		return p.planLookup(n)
	}
	panic(fmt.Sprintf("interp: cannot plan %T", n))
}

func planField(n *lang.FieldRef) evalFn {
	fld := n.Field
	switch n.Type().Kind {
	case lang.KindEnum, lang.KindBool, lang.KindDate:
		return func(f *frame) (lang.Value, error) { return lang.Value{Int: f.ord[fld]}, nil }
	case lang.KindString:
		// dise_code is the one text field. A claim that sends none (or
		// sends "") cannot be judged by a rule that reads it: the spec
		// asks for it "when a rule needs it", so it is an error row, as a
		// missing age is, rather than a settlement as if it were "".
		return func(f *frame) (lang.Value, error) {
			if f.str[fld] == "" {
				return lang.Value{}, errNoText(fld)
			}
			return lang.Value{Str: f.str[fld]}, nil
		}
	}
	if fld == lang.FieldAge {
		return func(f *frame) (lang.Value, error) {
			if f.noAge {
				return lang.Value{}, errNoAge
			}
			return lang.Value{Dec: f.dec[fld]}, nil
		}
	}
	return func(f *frame) (lang.Value, error) { return lang.Value{Dec: f.dec[fld]}, nil }
}

// missingField is what a rule reading a field the claim did not send
// says: age, or the text field dise_code. The rule's error row names the
// field (see ruleErr).
type missingField struct{ field lang.Field }

func (e missingField) Error() string {
	return fmt.Sprintf("the claim has no %s, which this rule reads", e.field)
}

// errNoAge is what a rule reading age says of a claim without one.
var errNoAge error = missingField{lang.FieldAge}

// errNoText is what a rule reading the text field fld says of a claim
// that sent none.
func errNoText(fld lang.Field) error { return missingField{fld} }

func (p *planner) planBinary(n *lang.Binary) evalFn {
	l, r := p.plan(n.L), p.plan(n.R)
	switch n.Op {
	case "and", "or":
		isAnd := n.Op == "and"
		return func(f *frame) (lang.Value, error) {
			v, err := l(f)
			if err != nil || (v.Int != 0) != isAnd {
				return v, err
			}
			return r(f)
		}
	case "+", "-", "*", "/":
		op := n.Op
		return func(f *frame) (lang.Value, error) {
			a, b, err := operands(f, l, r)
			if err != nil {
				return a, err
			}
			return lang.Arith(op, a, b)
		}
	}
	op, t := n.Op, n.L.Type()
	return func(f *frame) (lang.Value, error) {
		a, b, err := operands(f, l, r)
		if err != nil {
			return a, err
		}
		return lang.Bool(lang.Compare(op, t, a, b)), nil
	}
}

// operands evaluates both sides of a binary operator, left first.
func operands(f *frame, l, r evalFn) (a, b lang.Value, err error) {
	if a, err = l(f); err != nil {
		return a, b, err
	}
	b, err = r(f)
	return a, b, err
}

// plannedLookup is a table with its keys and cells planned.
type plannedLookup struct {
	keys  []lang.Field
	dims  []int
	cells []*lang.Cell
	fns   []evalFn // by cell index
}

func (p *planner) lookup(n *lang.Lookup) *plannedLookup {
	pl := &plannedLookup{dims: n.Dims, cells: n.Cells, fns: make([]evalFn, len(n.Cells))}
	for _, k := range n.Keys {
		pl.keys = append(pl.keys, k.(*lang.FieldRef).Field)
	}
	byCell := map[*lang.Cell]evalFn{}
	for i, c := range n.Cells {
		fn, ok := byCell[c]
		if !ok {
			fn = p.plan(c.Value)
			byCell[c] = fn
		}
		pl.fns[i] = fn
	}
	return pl
}

// index finds the cell for the claim in f.
func (pl *plannedLookup) index(f *frame) int {
	i := 0
	for k, fld := range pl.keys {
		i = i*pl.dims[k] + f.ord[fld]
	}
	return i
}

func (p *planner) planLookup(n *lang.Lookup) evalFn {
	pl := p.lookup(n)
	return func(f *frame) (lang.Value, error) { return pl.fns[pl.index(f)](f) }
}
