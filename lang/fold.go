package lang

// labels binds enum claim fields to label ordinals, for working out at
// check time what an expression gives on claims with those labels. A field
// it does not bind (bound[f] false) is unknown; need is the first such
// enum field that foldIn found it had to know, or overBudget.
type labels struct {
	ord   [numFields]int
	bound [numFields]bool
	need  Field
	// steps, when not nil, counts the nodes foldIn visits against
	// maxLabelSteps; past it, foldIn gives up and sets need to
	// overBudget.
	steps *int
}

// overBudget is labels.need once foldIn has used up the checker's steps:
// what it was working out is left to run time.
const overBudget = numFields

// fold evaluates a constant expression, reporting false when it depends on
// a claim.
func fold(n Node) (Value, bool) {
	return foldIn(n, nil)
}

// foldIn evaluates n with the enum fields env binds (env may be nil),
// reporting false when n depends on anything else a claim carries.
func foldIn(n Node, env *labels) (Value, bool) {
	if env != nil && env.steps != nil {
		if *env.steps >= maxLabelSteps {
			env.need = overBudget
			return Value{}, false
		}
		*env.steps++
	}
	switch n := n.(type) {
	case *Const:
		return n.Val, true
	case *FieldRef:
		if env == nil || !env.bound[n.Field] {
			if env != nil && env.need == FieldInvalid && n.Type().Kind == KindEnum {
				env.need = n.Field
			}
			return Value{}, false
		}
		return Value{Int: env.ord[n.Field]}, true
	case *ParamRef:
		p := n.Param
		if p == nil || p.Value == nil {
			return Value{}, false
		}
		// A parameter's constant is worked out once, where it is
		// checked: working it out at each use is exponential in a chain
		// of parameters that each use the next twice. A constant is the
		// same whatever labels env binds.
		if p.folded && (p.isConst || env == nil) {
			return p.konst, p.isConst
		}
		return foldIn(p.Value, env)
	case *Unary:
		x, ok := foldIn(n.X, env)
		if !ok {
			return Value{}, false
		}
		if n.Op == "not" {
			return Bool(x.Int == 0), true
		}
		return Value{Dec: x.Dec.Neg()}, true
	case *Binary:
		return foldBinary(n, env)
	case *In:
		x, ok := foldIn(n.X, env)
		if !ok {
			return Value{}, false
		}
		for _, m := range n.Set {
			v, ok := foldIn(m, env)
			if !ok {
				return Value{}, false
			}
			if Compare("==", n.X.Type(), x, v) {
				return Bool(true), true
			}
		}
		return Bool(false), true
	case *Cond:
		c, ok := foldIn(n.If, env)
		if !ok {
			return Value{}, false
		}
		if c.Int != 0 {
			return foldIn(n.Then, env)
		}
		return foldIn(n.Else, env)
	case *Call:
		var best Value
		for i, a := range n.Args {
			v, ok := foldIn(a, env)
			if !ok {
				return Value{}, false
			}
			if i == 0 || n.Fn == "min" && Compare("<", n.Type(), v, best) || n.Fn == "max" && Compare(">", n.Type(), v, best) {
				best = v
			}
		}
		return best, true
	case *Lookup:
		cell, ok := cellIn(n, env)
		if !ok || cell.Op != "" {
			return Value{}, false
		}
		return foldIn(cell.Value, env)
	}
	return Value{}, false
}

func foldBinary(n *Binary, env *labels) (Value, bool) {
	var need Field
	if env != nil {
		need = env.need
	}
	l, ok1 := foldIn(n.L, env)
	r, ok2 := foldIn(n.R, env)
	// One constant side can decide a logical operator by itself, and then
	// the other side's unknown fields are not needed.
	if n.Op == "and" && (ok1 && l.Int == 0 || ok2 && r.Int == 0) {
		if env != nil {
			env.need = need
		}
		return Bool(false), true
	}
	if n.Op == "or" && (ok1 && l.Int != 0 || ok2 && r.Int != 0) {
		if env != nil {
			env.need = need
		}
		return Bool(true), true
	}
	if !ok1 || !ok2 {
		return Value{}, false
	}
	switch n.Op {
	case "+", "-", "*", "/":
		v, err := Arith(n.Op, l, r)
		return v, err == nil
	case "and":
		return Bool(l.Int != 0 && r.Int != 0), true
	case "or":
		return Bool(l.Int != 0 || r.Int != 0), true
	default:
		return Bool(Compare(n.Op, n.L.Type(), l, r)), true
	}
}

// cellIn is the cell of a table that the labels env binds choose.
func cellIn(lk *Lookup, env *labels) (*Cell, bool) {
	i := 0
	for k, key := range lk.Keys {
		v, ok := foldIn(key, env)
		if !ok || v.Int < 0 || v.Int >= lk.Dims[k] {
			return nil, false
		}
		i = i*lk.Dims[k] + v.Int
	}
	if i >= len(lk.Cells) || lk.Cells[i] == nil {
		return nil, false
	}
	return lk.Cells[i], true
}
