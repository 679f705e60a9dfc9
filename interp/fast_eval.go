package interp

import (
	"errors"
	"fmt"

	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
)

// fastFrame is what a fast expression sees of one claim: every field as an
// fx (enum ordinals, flags and day numbers with exponent 0, money in fen),
// and the first error of the expression being evaluated. The claim's
// fields are read where DecodeFast put them (val points into the
// FastClaim, which settling does not change), rather than copied in for
// each settlement; the admission, which settling works out, is the
// frame's own.
type fastFrame struct {
	fxOps
	val       *[lang.FieldCount]fx
	admission fx
	noAge     bool
}

// field is the value of fld.
func (f *fastFrame) field(fld lang.Field) fx {
	if fld == lang.FieldAdmission {
		return f.admission
	}
	return f.val[fld]
}

// fastFn evaluates a planned expression. On failure it records the error
// in the frame and returns a harmless value (0, a valid band index).
type fastFn func(f *fastFrame) fx

// fastBands is a band schedule in fx, with its bounds in fen too for the
// working setl_proc_info shows.
type fastBands struct {
	from, to, rates []fx
	fromFen, toFen  []int64
	open            bool
}

// apply is BandsValue.Apply in fx: each band's slice of amount times its rate.
func (b *fastBands) apply(o *fxOps, amount fx) fx {
	sum := fx{}
	last := len(b.from) - 1
	for i, lo := range b.from {
		if o.cmp(amount, lo) <= 0 {
			break
		}
		hi := amount
		if !(i == last && b.open) && o.cmp(b.to[i], hi) < 0 {
			hi = b.to[i]
		}
		sum = o.add(sum, o.mul(o.sub(hi, lo), b.rates[i]))
	}
	return sum
}

// errNotPlannable says a policy uses what the fast path cannot do exactly.
var errNotPlannable = errors.New("not plannable on the fast path")

// fastPlanner plans checked expressions into fastFns, once per policy.
// It panics with errNotPlannable, which compileFast recovers.
type fastPlanner struct {
	params map[*lang.Param]fastFn
	bands  []*fastBands
	byBand map[*lang.BandsValue]int
}

func notPlannable(format string, args ...any) {
	panic(fmt.Errorf("%w: %s", errNotPlannable, fmt.Sprintf(format, args...)))
}

func (p *fastPlanner) constant(n *lang.Const) fx {
	switch n.Type().Kind {
	case lang.KindMoney, lang.KindRatio, lang.KindNumber:
		x, ok := fxOf(n.Val.Dec)
		if !ok {
			notPlannable("constant %s does not fit an int64 with at most %d places", n.Val.Dec, fxMaxScale)
		}
		// Without its trailing zeros: 85% is 0.8500000000000000 as the
		// checker divides it, and a product with it would overflow its
		// int64 and be trimmed on every claim.
		return trim(x, 0)
	case lang.KindEnum, lang.KindBool, lang.KindDate:
		return fx{m: int64(n.Val.Int)}
	case lang.KindBands:
		return fx{m: int64(p.band(n.Val.Bands))}
	}
	notPlannable("constant of kind %s", n.Type().Kind)
	return fx{}
}

func (p *fastPlanner) band(bv *lang.BandsValue) int {
	if i, ok := p.byBand[bv]; ok {
		return i
	}
	b := &fastBands{open: bv.Open}
	conv := func(ds []decimal.Decimal) []fx {
		out := make([]fx, len(ds))
		for i, d := range ds {
			x, ok := fxOf(d)
			if !ok {
				notPlannable("band figure %s does not fit", d)
			}
			out[i] = trim(x, 0) // as a constant's
		}
		return out
	}
	b.from, b.to, b.rates = conv(bv.From), conv(bv.To), conv(bv.Rates)
	fens := func(xs []fx) []int64 {
		out := make([]int64, len(xs))
		for i, x := range xs {
			v, ok := fenOf(x)
			if !ok {
				// setl_proc_info writes each band's slice to the fen.
				notPlannable("band bound %s is not a whole number of fen", x.dec())
			}
			out[i] = v
		}
		return out
	}
	b.fromFen, b.toFen = fens(b.from), fens(b.to)
	p.bands = append(p.bands, b)
	p.byBand[bv] = len(p.bands) - 1
	return len(p.bands) - 1
}

func (p *fastPlanner) plan(n lang.Node) fastFn {
	if n.Type().Kind == lang.KindString {
		notPlannable("string values (dise_code)")
	}
	switch n := n.(type) {
	case *lang.Const:
		v := p.constant(n)
		return func(*fastFrame) fx { return v }
	case *lang.FieldRef:
		return planFastField(n)
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
			return func(f *fastFrame) fx { return fxBool(x(f).m == 0) }
		}
		return func(f *fastFrame) fx { return f.sub(fx{}, x(f)) }
	case *lang.Binary:
		return p.planBinary(n)
	case *lang.In:
		return p.planIn(n)
	case *lang.Cond:
		c, a, b := p.plan(n.If), p.plan(n.Then), p.plan(n.Else)
		return func(f *fastFrame) fx {
			v := c(f)
			switch {
			case f.err != nil:
				return fx{}
			case v.m != 0:
				return a(f)
			}
			return b(f)
		}
	case *lang.Call:
		return p.planCall(n)
	case *lang.Lookup:
		l := p.lookup(n)
		if vals := p.constCells(n); vals != nil {
			// A table of figures (a ratio or a deductible by person
			// type): the cell's value, without a call to make it.
			if len(l.keys) == 1 {
				key := l.keys[0]
				return func(f *fastFrame) fx { return vals[f.field(key).m] }
			}
			return func(f *fastFrame) fx { return vals[l.index(f)] }
		}
		return func(f *fastFrame) fx { return l.fns[l.index(f)](f) }
	}
	notPlannable("node %T", n)
	return nil
}

func fxBool(b bool) fx {
	if b {
		return fx{m: 1}
	}
	return fx{}
}

func planFastField(n *lang.FieldRef) fastFn {
	fld := n.Field
	if lang.IsContributionField(fld) {
		notPlannable("contribution field %s", fld)
	}
	if fld == lang.FieldAge {
		return func(f *fastFrame) fx {
			if f.noAge {
				return f.fail(errNoAge)
			}
			return f.val[fld]
		}
	}
	if fld == lang.FieldAdmission {
		return func(f *fastFrame) fx { return f.admission }
	}
	return func(f *fastFrame) fx { return f.val[fld] }
}

func (p *fastPlanner) planBinary(n *lang.Binary) fastFn {
	l, r := p.plan(n.L), p.plan(n.R)
	switch n.Op {
	case "and":
		return func(f *fastFrame) fx {
			if v := l(f); v.m == 0 || f.err != nil {
				return v
			}
			return r(f)
		}
	case "or":
		return func(f *fastFrame) fx {
			if v := l(f); v.m != 0 || f.err != nil {
				return v
			}
			return r(f)
		}
	case "+":
		return func(f *fastFrame) fx { return f.add(l(f), r(f)) }
	case "-":
		return func(f *fastFrame) fx { return f.sub(l(f), r(f)) }
	case "*":
		return func(f *fastFrame) fx { return f.mul(l(f), r(f)) }
	case "/":
		return func(f *fastFrame) fx {
			a, b := l(f), r(f)
			if f.err != nil {
				return fx{}
			}
			return f.divRound(a, b, divisionPrecision)
		}
	}
	test := comparison(n.Op)
	if test == nil {
		notPlannable("operator %s", n.Op)
	}
	switch n.L.Type().Kind {
	case lang.KindMoney, lang.KindRatio, lang.KindNumber:
		return func(f *fastFrame) fx { return fxBool(test(f.cmp(l(f), r(f)))) }
	}
	// Ordinals, flags and days: exponent 0 on both sides.
	return func(f *fastFrame) fx { return fxBool(test(cmp64(l(f).m, r(f).m))) }
}

// divisionPrecision is lang.Arith's: a quotient keeps 10 places.
const divisionPrecision = 10

func comparison(op string) func(int) bool {
	switch op {
	case "==":
		return func(c int) bool { return c == 0 }
	case "!=":
		return func(c int) bool { return c != 0 }
	case "<":
		return func(c int) bool { return c < 0 }
	case "<=":
		return func(c int) bool { return c <= 0 }
	case ">":
		return func(c int) bool { return c > 0 }
	case ">=":
		return func(c int) bool { return c >= 0 }
	}
	return nil
}

func (p *fastPlanner) planIn(n *lang.In) fastFn {
	x := p.plan(n.X)
	numeric := false
	switch n.X.Type().Kind {
	case lang.KindMoney, lang.KindRatio, lang.KindNumber:
		numeric = true
	}
	// An enum against constant labels is a bit test.
	if !numeric {
		var mask uint64
		allConst := true
		for _, s := range n.Set {
			c, ok := s.(*lang.Const)
			if !ok || c.Val.Int < 0 || c.Val.Int >= 64 {
				allConst = false
				break
			}
			mask |= 1 << uint(c.Val.Int)
		}
		if allConst {
			return func(f *fastFrame) fx {
				v := x(f).m
				return fxBool(v >= 0 && v < 64 && mask&(1<<uint64(v)) != 0)
			}
		}
	}
	set := make([]fastFn, len(n.Set))
	for i, s := range n.Set {
		set[i] = p.plan(s)
	}
	return func(f *fastFrame) fx {
		v := x(f)
		if f.err != nil {
			return fx{}
		}
		for _, s := range set {
			w := s(f)
			if f.err != nil {
				return fx{}
			}
			if numeric && f.cmp(v, w) == 0 || !numeric && v.m == w.m {
				return fxBool(true)
			}
		}
		return fxBool(false)
	}
}

func (p *fastPlanner) planCall(n *lang.Call) fastFn {
	args := make([]fastFn, len(n.Args))
	for i, a := range n.Args {
		args[i] = p.plan(a)
	}
	switch n.Type().Kind {
	case lang.KindMoney, lang.KindRatio, lang.KindNumber:
	default:
		notPlannable("%s of %s", n.Fn, n.Type())
	}
	isMin := n.Fn == "min"
	if n.Fn != "min" && n.Fn != "max" {
		notPlannable("function %s", n.Fn)
	}
	return func(f *fastFrame) fx {
		best := args[0](f)
		for _, a := range args[1:] {
			if f.err != nil {
				return fx{}
			}
			v := a(f)
			// As the decimal path: a later argument wins only when strictly better.
			if c := f.cmp(v, best); (isMin && c < 0) || (!isMin && c > 0) {
				best = v
			}
		}
		return best
	}
}

// fastLookup is a table with its keys and cells planned.
type fastLookup struct {
	keys  []lang.Field
	dims  []int
	cells []*lang.Cell
	fns   []fastFn
	ops   []byte // by cell: the remote op
}

func (p *fastPlanner) lookup(n *lang.Lookup) *fastLookup {
	l := &fastLookup{dims: n.Dims, cells: n.Cells, fns: make([]fastFn, len(n.Cells)), ops: make([]byte, len(n.Cells))}
	for _, k := range n.Keys {
		fr, ok := k.(*lang.FieldRef)
		if !ok {
			notPlannable("table key %T", k)
		}
		l.keys = append(l.keys, fr.Field)
	}
	byCell := map[*lang.Cell]fastFn{}
	for i, c := range n.Cells {
		fn, ok := byCell[c]
		if !ok {
			fn = p.plan(c.Value)
			byCell[c] = fn
		}
		l.fns[i] = fn
		l.ops[i] = adjustOp(c.Op)
	}
	return l
}

// constCells is the value of each cell of n when every cell is a
// constant; nil when one is not.
func (p *fastPlanner) constCells(n *lang.Lookup) []fx {
	vals := make([]fx, len(n.Cells))
	for i, c := range n.Cells {
		k, ok := c.Value.(*lang.Const)
		if !ok {
			return nil
		}
		vals[i] = p.constant(k)
	}
	return vals
}

func (l *fastLookup) index(f *fastFrame) int {
	i := 0
	for k, fld := range l.keys {
		i = i*l.dims[k] + int(f.field(fld).m)
	}
	return i
}

// Adjustment operators, as bytes.
const (
	opNone = 0
	opAdd  = '+'
	opSub  = '-'
	opMul  = '*'
	opSet  = '='
)

func adjustOp(op string) byte {
	switch op {
	case "+":
		return opAdd
	case "-":
		return opSub
	case "×":
		return opMul
	case "=":
		return opSet
	}
	return opNone
}
