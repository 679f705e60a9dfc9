package lang

import (
	"strings"
)

// MaxOperations bounds the operations an expression takes worked out in
// full, a parameter's value counted again at each use: that is the work
// of settling a claim by it, and of the checker working it out. Without a
// bound, thirty lines (param p0 = p1 + p1, param p1 = p2 + p2, …) take
// 2³¹ operations. A policy's expressions take a few hundred.
const MaxOperations = 100_000

// maxLabelSteps bounds the operations the checker spends in all working
// rules out for combinations of labels (see labellings); checks past it
// are left to run time.
const maxLabelSteps = 1 << 22

// operations is the number of operations n takes worked out in full: each
// node once, and at a parameter's use the operations of its value (which
// the parameter holds, worked out once, so that this is linear in n). A
// table counts its keys and the value of each row once, so that it
// bounds also the walks over every row's value.
func operations(n Node) int {
	ops := 0
	walk(n, func(n Node) {
		ops++
		if p, ok := n.(*ParamRef); ok && p.Param != nil {
			ops += p.Param.ops
		}
	})
	return ops
}

// heaviestParam is the parameter n uses that takes the most operations
// worked out in full, or nil.
func heaviestParam(n Node) *Param {
	var heaviest *Param
	walk(n, func(n Node) {
		if p, ok := n.(*ParamRef); ok && p.Param != nil && (heaviest == nil || p.Param.ops > heaviest.ops) {
			heaviest = p.Param
		}
	})
	return heaviest
}

// heavyChain names the parameters through which n's operations grow, the
// heaviest each step: "p1 → p2 → … → p30". Long chains are cut.
func heavyChain(n Node) string {
	var names []string
	for p := heaviestParam(n); p != nil; p = heaviestParam(p.Value) {
		names = append(names, p.Name)
	}
	if len(names) > 8 {
		names = append(names[:6:6], "…", names[len(names)-1])
	}
	return strings.Join(names, " → ")
}

// tooManyOperations reports, at pos, an expression (what: "parameter
// p0", "this expression") that takes more than MaxOperations worked out
// in full; ops is what it takes.
func (c *checker) tooManyOperations(n Node, pos Pos, what string) (ops int, over bool) {
	ops = operations(n)
	if ops <= MaxOperations {
		return ops, false
	}
	msg := "%s takes %d operations worked out in full; the limit is %d"
	args := []any{what, ops, MaxOperations}
	if chain := heavyChain(n); chain != "" {
		msg = "%s takes %d operations worked out in full, through %s; the limit is %d"
		args = []any{what, ops, chain, MaxOperations}
	}
	err := c.errs.Add(pos, CodeLimit, msg, args...)
	err.Hint = "a parameter's value is worked out again at each use: a parameter that uses another twice doubles its work, and a chain of them doubles it at each step"
	return ops, true
}

// bounded is n, or nil when n takes more than MaxOperations worked out in
// full (reported at n).
func (c *checker) bounded(n Node) Node {
	if n == nil {
		return nil
	}
	if _, over := c.tooManyOperations(n, n.Position(), "this expression"); over {
		return nil
	}
	return n
}
