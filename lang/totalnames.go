package lang

import (
	"fmt"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// A pool or a limit comes into being where a deductible or a cap first
// names it: nothing declares it. A slip of one character in the name
// (pool 门珍 beside pool 门诊) makes a second total that no error would
// catch, and the money moves: a second deductible, a second yearly cap.
// nearTotals reports a name written in one place alone that is a slip
// away from another pool's or limit's name.

// totalName is one place that names a pool or a limit.
type totalName struct {
	name     string
	pos      Pos  // of the name; of the deductible for a benefit's own pool
	explicit bool // written after pool or limit, not a benefit's own pool
}

// totalNames are the places that name the pools and the limits of a
// policy, in the order the checker meets them.
type totalNames struct {
	pools  []totalName
	limits []totalName
}

// namedAfter gives the position of the name written after keyword kw
// among tokens, or fallback where the tokens do not hold it.
func namedAfter(tokens []lexer.Token, kw, name string, fallback Pos) Pos {
	seen := false
	for _, t := range tokens {
		switch {
		case t.Value == kw:
			seen = true
		case seen && t.Value == name:
			return position(t.Pos)
		}
	}
	return fallback
}

// nearTotals reports, for pools and for limits, a name written in one
// place alone that is a slip away from another name of its kind.
func (c *checker) nearTotals() {
	c.nearNames("pool", "a deductible total", c.totals.pools)
	c.nearNames("limit", "a yearly total", c.totals.limits)
}

// nearNames reports each name of uses that is written in one place alone
// and is one edit (a character changed, added or dropped) from another
// name there. Where both are written once, neither is the obvious slip:
// the later one is reported as one of a pair, naming the earlier.
//
// The nearness is one edit, where did-you-mean hints take up to a third
// of the name: a hint only guesses, this decides whether a policy loads,
// and names two characters apart are how policies tell totals apart
// (药店统筹年度限额 within 统筹年度限额, 门诊统筹 beside 住院统筹).
func (c *checker) nearNames(kind, what string, uses []totalName) {
	count := map[string]int{}
	first := map[string]totalName{}
	for _, u := range uses {
		if count[u.name] == 0 {
			first[u.name] = u
		}
		count[u.name]++
	}
	for i, u := range uses {
		if !u.explicit || count[u.name] != 1 {
			continue
		}
		other, ok := nearTotal(u, uses[:i], uses[i+1:], count)
		if !ok {
			continue
		}
		there := first[other]
		at := lineOf(there.pos, u.pos)
		if count[other] == 1 && there.explicit {
			err := c.errs.Add(u.pos, CodeName, "%s %s here and %s %s at %s are each named in one place only, one character apart: as written they are two %ss, each with %s of its own",
				kind, u.name, kind, other, at, kind, what)
			err.Hint = fmt.Sprintf("if they are one %s, write the same name here and at %s; for two %ss, give them names that differ by more than one character",
				kind, at, kind)
			continue
		}
		owner := ""
		if !there.explicit {
			owner = fmt.Sprintf(", benefit %s's own", other)
		}
		err := c.errs.Add(u.pos, CodeName, "%s %s is named here only, one character from %s %s: as written it is another %s, with %s of its own",
			kind, u.name, kind, other, kind, what)
		err.Hint = fmt.Sprintf("did you mean %q (the %s at %s%s)? for a %s of its own, give it a name that differs from %s by more than one character",
			other, kind, at, owner, kind, other)
	}
}

// nearTotal finds a name one edit from u's: among the names before u,
// any; among those after it, one written in more than one place or a
// benefit's own pool, as of two names written once the later is reported.
func nearTotal(u totalName, before, after []totalName, count map[string]int) (string, bool) {
	for _, o := range before {
		if o.name != u.name && oneEdit(o.name, u.name) {
			return o.name, true
		}
	}
	for _, o := range after {
		if o.name != u.name && (count[o.name] > 1 || !o.explicit) && oneEdit(o.name, u.name) {
			return o.name, true
		}
	}
	return "", false
}

// oneEdit reports whether a and b are one character changed, added or
// dropped apart.
func oneEdit(a, b string) bool {
	if d := utf8.RuneCountInString(a) - utf8.RuneCountInString(b); d > 1 || d < -1 {
		return false
	}
	return editDistance(a, b) == 1
}
