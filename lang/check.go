package lang

import (
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
	"github.com/shopspring/decimal"
)

// checker resolves and types one policy, collecting every error.
type checker struct {
	errs      ErrorList
	national  map[string]*Enum
	pol       *Policy
	params    map[string]*paramState
	benefits  map[string]int
	checking  []string            // parameters being checked, outermost first, to name a cycle
	inCredit  bool                // checking an account credit rule: contribution fields are visible
	dead      int                 // > 0 while checking a branch of an if that a constant condition rules out
	limits    map[string]limitUse // named yearly limits, by name: the first cap naming each
	totals    totalNames          // every place that names a pool or a limit, for nearTotals
	replaced  []replacement       // declarations an extending file replaced (see noteReplaced)
	cells     int                 // cells of the policy's tables so far, against MaxPolicyCells
	rowCombos int                 // combinations the rows of its tables name so far, against MaxRowCombinations
	// labelSteps counts the nodes foldIn has visited working rules out
	// for combinations of labels, against maxLabelSteps.
	labelSteps int
}

// Limits on a policy's tables, which hold a cell for every combination of
// their keys' labels: a policy from outside may declare enums of thousands
// of labels.
const (
	MaxTableCells  = 1 << 20 // cells of one table
	MaxPolicyCells = 1 << 22 // cells of all the tables of a policy
	// MaxRowCombinations bounds the combinations the rows of a policy's
	// tables name in all, each row counted on its own.
	MaxRowCombinations = 1 << 24
)

type paramState struct {
	decl   *ParamDecl
	param  *Param
	busy   bool // being checked: a reference now is a cycle
	failed bool // checked, with errors already reported
}

// merged is a policy's extends chain flattened: the child's declarations
// replace the parent's of the same name, in the parent's place.
type merged struct {
	header   map[string]*HeaderItem
	name     string
	namePos  Pos
	kind     string
	enums    []*EnumDecl
	params   []*ParamDecl
	benefits []*BenefitDecl
	funds    []*FundDecl
	account  *AccountDecl // the last file's account block wins whole
	// replaced lists the declarations an extending file replaced, for
	// errors at the extended file's lines to say so (see noteReplaced),
	// replacedAt where each is in it by kind and name.
	replaced   []replacement
	replacedAt map[declKey]int
}

// replacement is a declaration that replaced an extended file's one of
// the same kind and name.
type replacement struct {
	kind, name string
	by, was    Pos
}

func (c *checker) merge(chain []*File) *merged {
	m := &merged{header: map[string]*HeaderItem{}}
	n := 0
	for _, f := range chain {
		n += len(f.Decls)
	}
	at := make(map[declKey]int, n) // the index of each declaration in m's lists
	for _, f := range chain {
		h := f.Header
		m.name, m.namePos, m.kind = h.Name, position(h.Pos), h.Kind
		seen := map[string]Pos{}
		for _, it := range h.Items {
			key := headerKey(it)
			if p, dup := seen[key]; dup {
				c.errs.Add(position(it.Pos), CodeName, "%s is given twice in the header (first at line %d)", key, p.Line)
				continue
			}
			seen[key] = position(it.Pos)
			if key != "note" {
				m.header[key] = it
			}
		}
		local := map[string]Pos{}
		dup := func(kind, name string, p Pos) bool {
			k := kind + " " + name
			if first, ok := local[k]; ok {
				c.errs.Add(p, CodeName, "%s %s is declared twice in this file (first at line %d)", kind, name, first.Line)
				return true
			}
			local[k] = p
			return false
		}
		for _, d := range f.Decls {
			switch {
			case d.Enum != nil:
				if !dup("enum", d.Enum.Name, position(d.Pos)) {
					var was *EnumDecl
					m.enums, was = replaceOrAppend(m.enums, at, declKey{"enum", d.Enum.Name}, d.Enum)
					if was != nil {
						m.replace("enum", d.Enum.Name, position(d.Enum.Pos), position(was.Pos))
					}
				}
			case d.Param != nil:
				if !dup("param", d.Param.Name, position(d.Pos)) {
					var was *ParamDecl
					m.params, was = replaceOrAppend(m.params, at, declKey{"param", d.Param.Name}, d.Param)
					if was != nil {
						m.replace("param", d.Param.Name, position(d.Param.Pos), position(was.Pos))
					}
				}
			case d.Benefit != nil:
				if !dup("benefit", d.Benefit.Name, position(d.Pos)) {
					m.benefits, _ = replaceOrAppend(m.benefits, at, declKey{"benefit", d.Benefit.Name}, d.Benefit)
				}
			case d.Fund != nil:
				if !dup("fund", d.Fund.Name, position(d.Pos)) {
					m.funds, _ = replaceOrAppend(m.funds, at, declKey{"fund", d.Fund.Name}, d.Fund)
				}
			case d.Account != nil:
				if !dup("account", "block", position(d.Pos)) {
					m.account = d.Account
				}
			}
		}
	}
	return m
}

// declKey is a declaration's kind and name: param 住院起付线.
type declKey struct{ kind, name string }

// replace records that the declaration of kind and name at by replaced
// the one at was: one record a declaration, naming the latest file's
// (down a chain of three files, the one that stands) and the first's.
func (m *merged) replace(kind, name string, by, was Pos) {
	key := declKey{kind, name}
	if i, ok := m.replacedAt[key]; ok {
		m.replaced[i].by = by
		return
	}
	if m.replacedAt == nil {
		m.replacedAt = map[declKey]int{}
	}
	m.replacedAt[key] = len(m.replaced)
	m.replaced = append(m.replaced, replacement{kind, name, by, was})
}

// replaceOrAppend puts x in the place of the element of list with x's key,
// returning that element too, or appends x, returning the zero T. at holds
// the index in list of each key: a policy may declare tens of thousands
// of names, and a search of the list for each would take their square.
func replaceOrAppend[T any](list []T, at map[declKey]int, key declKey, x T) ([]T, T) {
	if i, ok := at[key]; ok {
		y := list[i]
		list[i] = x
		return list, y
	}
	at[key] = len(list)
	var none T
	return append(list, x), none
}

func headerKey(it *HeaderItem) string {
	switch {
	case it.Region != nil:
		return "region"
	case it.Insutype != nil:
		return "insutype"
	case it.Effective != nil:
		return "effective"
	case it.Source != nil:
		return "source"
	case it.Extends != nil:
		return "extends"
	case it.Rounding != nil:
		return "rounding"
	case it.Account != nil:
		return "account"
	}
	return "note"
}

// check turns a parsed chain into a Policy.
func (c *checker) check(chain []*File) *Policy {
	m := c.merge(chain)
	c.pol = &Policy{Name: m.name, Pos: m.namePos, Enums: map[string]*Enum{}}
	for _, f := range chain {
		c.pol.Files = append(c.pol.Files, f.Pos.Filename)
		for _, it := range f.Header.Items {
			if it.Note != nil {
				c.pol.Notes = append(c.pol.Notes, *it.Note)
			}
		}
	}
	c.enums(m)
	c.header(m)
	c.params = map[string]*paramState{}
	for _, d := range m.params {
		c.params[d.Name] = &paramState{decl: d}
	}
	for _, d := range m.params {
		if p := c.param(d.Name, position(d.Pos)); p != nil {
			c.pol.Params = append(c.pol.Params, p)
		}
	}
	c.benefits = map[string]int{}
	for _, d := range m.benefits {
		c.pol.Benefits = append(c.pol.Benefits, c.benefit(d))
		c.benefits[d.Name] = len(c.pol.Benefits) - 1
	}
	c.shadowedBenefits()
	for _, d := range m.funds {
		c.pol.Funds = append(c.pol.Funds, c.fund(d))
	}
	c.fundOrder()
	c.limitsNamedAfterBenefits()
	c.nearTotals()
	if m.account != nil {
		c.pol.AccountRules = c.account(m.account)
	}
	if m.kind == "policy" && len(c.pol.Benefits) == 0 {
		c.errs.Add(m.namePos, CodeRule, "policy %q has no benefit: add `benefit 住院 { covers 普通住院 … }`", m.name)
	}
	c.replaced = m.replaced
	return c.pol
}

// noteReplaced gives each error at a line of one file that is about a
// parameter or enum another file of the chain replaced a note saying so:
// the figure at fault may be the extending file's, while the error stands
// where the extended file uses it. An error is about a declaration when
// its message names it or it stands on a use of its name; source gives a
// file's text.
func (c *checker) noteReplaced(source func(file string) ([]byte, bool)) {
	for _, e := range c.errs {
		for _, r := range c.replaced {
			if e.Pos.File == "" || e.Pos.File == r.by.File {
				continue
			}
			if !namesWord(e.Msg, r.name) && !standsOn(source, e.Pos, r.name) {
				continue
			}
			note := fmt.Sprintf("%s %s is %s's (line %d), in place of %s's (line %d)",
				r.kind, r.name, r.by.File, r.by.Line, r.was.File, r.was.Line)
			if e.Note != "" {
				note = e.Note + "; " + note
			}
			e.Note = note
		}
	}
}

// namesWord reports whether msg holds name as a word of its own: not
// within a longer name (住院 is not in 住院起付线).
func namesWord(msg, name string) bool {
	for from := 0; ; {
		i := strings.Index(msg[from:], name)
		if i < 0 {
			return false
		}
		i += from
		before, _ := utf8.DecodeLastRuneInString(msg[:i])
		after, _ := utf8.DecodeRuneInString(msg[i+len(name):])
		if !isNameRune(before) && !isNameRune(after) {
			return true
		}
		from = i + len(name)
	}
}

// standsOn reports whether the text at pos is name, as a word of its own.
func standsOn(source func(file string) ([]byte, bool), pos Pos, name string) bool {
	text, ok := source(pos.File)
	if !ok {
		return false
	}
	line, ok := sourceLine(text, pos.Line)
	if !ok {
		return false
	}
	runes := []rune(line)
	if pos.Col < 1 || pos.Col > len(runes) {
		return false
	}
	rest := string(runes[pos.Col-1:])
	if !strings.HasPrefix(rest, name) {
		return false
	}
	after, _ := utf8.DecodeRuneInString(rest[len(name):])
	return !isNameRune(after)
}

// isNameRune reports whether r may be part of a name (utf8.RuneError, for
// the start or end of a text, is not).
func isNameRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

func (c *checker) header(m *merged) {
	p := c.pol
	if m.kind != "policy" {
		return
	}
	if it := m.header["region"]; it != nil {
		p.Region = *it.Region
		if len(p.Region) != 6 || strings.Trim(p.Region, "0123456789") != "" {
			c.errs.Add(valueAt(it.Tokens, p.Region, it.Pos), CodeValue, "region is the six-digit area code (行政区划代码) of the place the policy is for, 320100 for 南京, not %q", p.Region)
		}
	}
	if it := m.header["insutype"]; it != nil {
		e := p.Enums["insutype"]
		if i, ok := e.Lookup(*it.Insutype); ok && len(e.Codes[i]) > 0 {
			p.Insutype = e.Codes[i][0]
		} else {
			c.errs.Add(valueAt(it.Tokens, *it.Insutype, it.Pos), CodeName, "unknown insutype %q", *it.Insutype).Hint = didYouMean(*it.Insutype, e.Keys())
		}
	} else {
		c.errs.Add(m.namePos, CodeRule, "policy %q does not say its scheme: add `insutype 310` (employee) or `insutype 390` (resident)", m.name)
	}
	if it := m.header["effective"]; it != nil {
		from, ok1 := c.date(it.Effective.From, position(it.Effective.Pos))
		toPos := it.Effective.Pos
		if n := len(it.Effective.Tokens); n > 0 {
			toPos = it.Effective.Tokens[n-1].Pos // the end date
		}
		to, ok2 := c.date(it.Effective.To, position(toPos))
		if ok1 && ok2 {
			if to.Before(from) {
				c.errs.Add(position(it.Effective.Pos), CodeValue, "effective period ends (%s) before it starts (%s)", it.Effective.To, it.Effective.From)
			}
			p.From, p.To = from, to
		}
	}
	if it := m.header["source"]; it != nil {
		s := it.Source
		p.Source = Source{Title: s.Title, Issuer: s.Issuer, Number: s.Number, Year: s.Year, URL: s.URL}
		if y, err := strconv.Atoi(s.Year); s.Year != "" && (err != nil || y < 1949 || y > 2100) {
			c.errs.Add(valueAt(it.Tokens, s.Year, it.Pos), CodeValue, "source year %s is no year a document was issued in", s.Year)
		}
	} else {
		c.errs.Add(m.namePos, CodeRule, "policy %q cites no source: add `source \"《文件名》\" by \"发文机关\" year 2025`", m.name)
	}
	if it := m.header["rounding"]; it != nil {
		r, ok := roundingNames[*it.Rounding]
		if !ok {
			c.errs.Add(valueAt(it.Tokens, *it.Rounding, it.Pos), CodeName, "unknown rounding %q", *it.Rounding).Hint = hintList(*it.Rounding, []string{"half_up", "half_even", "down"})
		}
		p.Rounding = r
	}
	p.Account = AccountNone
	if p.Insutype == "310" {
		p.Account = AccountAll
	}
	if it := m.header["account"]; it != nil {
		switch *it.Account {
		case "all":
			p.Account = AccountAll
		case "none":
			p.Account = AccountNone
		default:
			c.errs.Add(valueAt(it.Tokens, *it.Account, it.Pos), CodeName, "unknown account rule %q", *it.Account).Hint = hintList(*it.Account, []string{"all", "none"})
		}
	}
}

func hintList(name string, options []string) string {
	if h := didYouMean(name, options); h != "" {
		return h
	}
	return "one of: " + strings.Join(options, ", ")
}

var dateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

func (c *checker) date(s string, pos Pos) (time.Time, bool) {
	t, err := time.Parse("2006-01-02", s)
	if err != nil || !dateRE.MatchString(s) {
		c.errs.Add(pos, CodeValue, "%q is not a date", s)
		return time.Time{}, false
	}
	return t, true
}

// enums gives the policy an enum for every claim field: the policy's own
// labels where it declares them, the national table otherwise.
func (c *checker) enums(m *merged) {
	own := map[string]*EnumDecl{}
	for _, d := range m.enums {
		if _, ok := FieldOfEnum(d.Name); !ok {
			var names []string
			for _, f := range EnumFields {
				names = append(names, f.String())
			}
			c.errs.Add(position(d.Pos), CodeName, "a policy can label only claim fields, not %q", d.Name).Hint = hintList(d.Name, names)
			continue
		}
		own[d.Name] = d
	}
	for _, f := range EnumFields {
		name := f.String()
		if d, ok := own[name]; ok {
			c.pol.Enums[name] = c.enum(d, c.national[name])
		} else {
			c.pol.Enums[name] = c.national[name]
		}
	}
}

// enum builds an Enum from its declaration. A policy's enum (nat != nil)
// also accepts the national label of each code it lists.
func (c *checker) enum(d *EnumDecl, nat *Enum) *Enum {
	e := &Enum{Name: d.Name, Title: d.Title, Decl: position(d.Pos), lookup: map[string]int{}}
	if e.Title == "" && nat != nil {
		e.Title = nat.Title
	}
	add := func(key string, i int, pos Pos, what string) {
		if j, dup := e.lookup[key]; dup && j != i {
			c.errs.Add(pos, CodeName, "%s %q of %s already stands for %s", what, key, d.Name, e.Labels[j])
			return
		}
		e.lookup[key] = i
	}
	for _, v := range d.Values {
		i := len(e.Labels)
		pos := position(v.Pos)
		if j, dup := e.lookup[v.Label]; dup {
			c.errs.Add(pos, CodeName, "label %q of %s is declared twice (also %s)", v.Label, d.Name, e.Labels[j])
			continue
		}
		e.Labels = append(e.Labels, v.Label)
		e.Codes = append(e.Codes, v.Codes)
		e.Pos = append(e.Pos, pos)
		add(v.Label, i, pos, "label")
		for _, code := range v.Codes {
			// A claim's codes are read without spaces around them, so a
			// code written with them would never match one.
			if t := strings.TrimSpace(code); t != code {
				c.errs.Add(pos, CodeValue, "code %q of %s has spaces at its start or end, which a claim's code never has", code, d.Name).Hint = fmt.Sprintf("write %q", t)
			}
			add(code, i, pos, "code")
			if nat == nil {
				continue
			}
			if n, ok := nat.Lookup(code); ok && nat.Labels[n] != v.Label {
				add(nat.Labels[n], i, pos, "national label")
			}
		}
	}
	if len(e.Labels) == 0 {
		c.errs.Add(position(d.Pos), CodeRule, "enum %s has no labels", d.Name)
	}
	e.index = newCodeIndex(e.lookup)
	return e
}

// param checks a parameter on first use, so parameters may be declared in
// any order; a parameter that reaches itself is a cycle.
func (c *checker) param(name string, use Pos) *Param {
	st := c.params[name]
	if st == nil {
		return nil
	}
	if st.param != nil || st.failed {
		return st.param
	}
	if st.busy {
		cycle := []string{name}
		for i := len(c.checking) - 1; i >= 0 && c.checking[i] != name; i-- {
			cycle = append([]string{c.checking[i]}, cycle...)
		}
		cycle = append([]string{name}, cycle...)
		c.errs.Add(use, CodeName, "parameter cycle: %s", strings.Join(cycle, " → "))
		return nil
	}
	st.busy = true
	c.checking = append(c.checking, name)
	// A parameter is checked where it is first used, but its value is
	// worked out wherever it is used: a dead branch around the first use
	// does not make the parameter's own divisions dead.
	dead := c.dead
	c.dead = 0
	defer func() {
		c.dead = dead
		st.busy = false
		c.checking = c.checking[:len(c.checking)-1]
		st.failed = st.param == nil
	}()
	d := st.decl
	var want *Type
	if d.Type != "" {
		t, ok := c.typeName(d.Type)
		if !ok {
			c.errs.Add(position(d.Pos), CodeName, "unknown type %q", d.Type).Hint = hintList(d.Type, typeNames())
		} else {
			want = &t
		}
	}
	var hint *Enum
	if want != nil {
		hint = want.Enum
	}
	v := c.expr(d.Value, hint)
	if v == nil {
		return nil
	}
	if want != nil && !v.Type().Same(*want) {
		c.errs.Add(position(d.Value.Pos), CodeType, "parameter %s is declared %s but its value is %s", name, *want, v.Type())
	}
	ops, over := c.tooManyOperations(v, position(d.Pos), "parameter "+name)
	if over {
		return nil
	}
	st.param = &Param{Name: name, Pos: position(d.Pos), Type: v.Type(), Value: v, ops: ops, folded: true}
	st.param.konst, st.param.isConst = fold(v)
	return st.param
}

func typeNames() []string {
	names := []string{"money", "ratio", "count", "number", "date", "bool", "string", "bands"}
	for _, f := range EnumFields {
		names = append(names, f.String())
	}
	return names
}

func (c *checker) typeName(s string) (Type, bool) {
	switch s {
	case "money":
		return TMoney, true
	case "ratio":
		return TRatio, true
	case "count", "number":
		return TNumber, true
	case "date":
		return TDate, true
	case "bool":
		return TBool, true
	case "string":
		return TString, true
	case "bands":
		return TBands, true
	}
	if e := c.pol.Enums[s]; e != nil {
		return Type{Kind: KindEnum, Enum: e}, true
	}
	return TInvalid, false
}

func (c *checker) benefit(d *BenefitDecl) *Benefit {
	b := &Benefit{Name: d.Name, Title: d.Title, Pos: position(d.Pos)}
	before := len(c.errs)
	medType := c.pol.Enums["med_type"]
	hasRatio := false
	seen := map[string]Pos{}
	once := func(what string, p Pos) bool {
		if first, ok := seen[what]; ok {
			c.errs.Add(p, CodeRule, "benefit %s has a second %s (first at line %d)", d.Name, what, first.Line)
			return false
		}
		seen[what] = p
		return true
	}
	for _, it := range d.Items {
		pos := position(it.Pos)
		switch {
		case it.Covers != nil:
			if b.Covers == nil {
				b.Covers = make([]bool, medType.Len())
			}
			for _, a := range it.Covers {
				i, ok := c.label(medType, a)
				if ok && b.Covers[i] {
					// 普通住院, 21: one kind of care written twice, most
					// likely where another was meant.
					c.errs.Add(position(a.Pos), CodeName, "benefit %s covers %s twice", d.Name, medType.Labels[i])
				}
				if ok {
					b.Covers[i] = true
				}
			}
		case it.When != nil:
			if once("when", pos) {
				b.When = c.cond(it.When, "benefit "+d.Name)
			}
		case it.Deductible != nil:
			if once("deductible", pos) {
				b.Deductible = c.deductible(it.Deductible, d.Name)
			}
		case it.Ratio != nil:
			if once("ratio", pos) {
				b.Ratio = c.rate(it.Ratio, "ratio")
			}
			hasRatio = true
		case it.Adjust != nil:
			a := it.Adjust
			op := a.Op
			if op == "*" {
				op = "×"
			}
			r := &AdjustRule{Pos: pos, Op: op, Value: c.typed(a.Value, TRatio, "an adjustment")}
			if a.When != nil {
				r.When = c.cond(a.When, "this adjustment")
			}
			b.Adjusts = append(b.Adjusts, r)
		case it.Remote != nil:
			if once("remote", pos) {
				b.Remote = c.table(it.Remote, true)
			}
		case it.Cap != nil:
			b.Caps = append(b.Caps, c.cap(it.Cap))
		case it.Refuse != nil:
			if once("refuse", pos) {
				b.Refuse = c.refuse(it.Refuse)
			}
		}
	}
	c.oneCapPerTotal(b.Caps, "benefit "+d.Name, "")
	c.limitAmounts(b.Caps, "benefit "+d.Name, b.When)
	if b.Refuse != nil {
		if hasRatio || b.Deductible != nil || len(b.Caps) > 0 || len(b.Adjusts) > 0 || b.Remote != nil {
			c.errs.Add(b.Pos, CodeRule, "benefit %s refuses its claims, so its ratio, deductible, caps and adjustments can never apply", d.Name)
		}
		hasRatio = true
	}
	if b.Covers == nil {
		c.errs.Add(b.Pos, CodeRule, "benefit %s covers no kind of care: add `covers 普通住院` (med_type labels or codes)", d.Name)
	}
	if !hasRatio {
		c.errs.Add(b.Pos, CodeRule, "benefit %s has no ratio: add `ratio 85%%`", d.Name)
	}
	// Worked out only on a benefit that checks clean, so that a bad value
	// is reported once, where it is written.
	if len(c.errs) == before {
		c.ratioSense(b)
		c.capUnderDeductible(b)
	}
	return b
}

// shadowedBenefits reports kinds of care a benefit covers that an earlier,
// unconditional benefit already takes: that part of the rule never applies.
func (c *checker) shadowedBenefits() {
	medType := c.pol.Enums["med_type"]
	taken := make([]string, medType.Len())
	for _, b := range c.pol.Benefits {
		if b.Covers == nil {
			continue
		}
		for i, on := range b.Covers {
			if !on {
				continue
			}
			if taken[i] != "" {
				c.errs.Add(b.Pos, CodeRule, "benefit %s can never apply to %s: benefit %s above already covers it", b.Name, medType.Labels[i], taken[i])
			}
		}
		if b.When == nil {
			for i, on := range b.Covers {
				if on && taken[i] == "" {
					taken[i] = b.Name
				}
			}
		}
	}
}

func (c *checker) deductible(d *Deductible, benefit string) *DeductibleRule {
	r := &DeductibleRule{Pos: position(d.Pos), Amount: c.typed(d.Amount, TMoney, "a deductible"), Pool: d.Pool}
	r.PerAdmission = d.Per == "admission"
	if r.Pool == "" {
		r.Pool = benefit
		c.totals.pools = append(c.totals.pools, totalName{name: benefit, pos: r.Pos})
	} else {
		at := namedAfter(d.Tokens, "pool", d.Pool, r.Pos)
		c.totals.pools = append(c.totals.pools, totalName{name: d.Pool, pos: at, explicit: true})
	}
	if len(d.Schedule) > 0 && !r.PerAdmission {
		c.errs.Add(position(d.Pos), CodeRule, "a deductible schedule counts admissions: write `per admission`")
	}
	for i, e := range d.Schedule {
		n := c.bounded(c.expr(e, nil))
		if n == nil {
			continue
		}
		if k := n.Type().Kind; k != KindRatio && k != KindMoney {
			err := c.errs.Add(position(e.Pos), CodeType, "a schedule entry is a ratio of the deductible (50%%) or an amount (¥280), not %s", n.Type())
			err.Hint = scheduleHint(n)
			if i > 0 {
				prev := d.Schedule[i-1]
				if h := thousandsHint(writtenAmount(prev), prev.Pos.Offset, writtenAmount(e), e.Pos.Offset); h != "" {
					err.Hint = h
				}
			}
			continue
		}
		c.checkConst(n)
		r.Schedule = append(r.Schedule, n)
	}
	return r
}

// keywordPos is where the keyword kw stands among a statement's tokens, in
// either language; the zero position, which breaks no line, when it is not
// there.
// valueAt is where an item's value stands among its tokens: the last
// token that reads value (a keyword before it may read the same), or the
// item's own position where none does.
func valueAt(tokens []lexer.Token, value string, item lexer.Position) Pos {
	for i := len(tokens) - 1; i >= 0; i-- {
		if tokens[i].Value == value {
			return position(tokens[i].Pos)
		}
	}
	return position(item)
}

func keywordPos(tokens []lexer.Token, kw string) lexer.Position {
	for _, t := range tokens {
		if t.Value == kw {
			return t.Pos
		}
	}
	return lexer.Position{}
}

// cap checks a cap of a benefit or a fund.
func (c *checker) cap(d *Cap) *CapRule {
	r := &CapRule{Pos: position(d.Pos), Amount: c.typed(d.Amount, TMoney, "a cap"), PerVisit: d.Per == "visit", Limit: d.Limit}
	if r.Limit != "" {
		r.LimitPos = position(keywordPos(d.Tokens, "limit"))
		if r.LimitPos.Line == 0 {
			r.LimitPos = r.Pos
		}
		at := namedAfter(d.Tokens, "limit", d.Limit, r.LimitPos)
		c.totals.limits = append(c.totals.limits, totalName{name: d.Limit, pos: at, explicit: true})
	}
	if d.When != nil {
		r.When = c.cond(d.When, "this cap")
	}
	c.capSense(r)
	return r
}

func (c *checker) refuse(d *Refuse) *RefuseRule {
	r := &RefuseRule{Pos: position(d.Pos), Field: FieldMedType, Reason: d.Reason}
	if d.Field != "" {
		f, ok := fieldByName(d.Field)
		if !ok {
			var names []string
			for f := Field(1); f < numFields; f++ {
				names = append(names, f.String())
			}
			c.errs.Add(r.Pos, CodeName, "refuse names a claim field, not %q", d.Field).Hint = hintList(d.Field, names)
		}
		r.Field = f
	}
	if strings.TrimSpace(d.Reason) == "" {
		c.errs.Add(r.Pos, CodeRule, "refuse needs a reason a member can read")
	}
	return r
}

// fundSteps are the places of the national further funds in the order a
// settlement pays them (domain notes, steps 6 and 7): serious illness or
// the large-amount subsidy, then the civil-servant subsidy, enterprise
// supplementary insurance and medical assistance, each out of what the
// ones before leave the member. Other codes (离休, local ones) have no
// place.
var fundSteps = map[string]struct {
	rank int
	name string
}{
	"330100": {1, "large-amount subsidy (大额)"}, "390200": {1, "serious illness (大病)"},
	"320100": {2, "civil-servant subsidy (公务员)"}, "370100": {3, "enterprise supplementary (企业补充)"},
	"610100": {4, "medical assistance (医疗救助)"},
}

// fundOrder reports a fund declared after one the national order pays
// after it: funds pay in file order, each out of what the ones before
// leave, so 医疗救助 before 大病 would pay its share of the whole and leave
// 大病 less, and the member other figures than the platform's.
func (c *checker) fundOrder() {
	for i, f := range c.pol.Funds {
		step, ok := fundSteps[f.Code]
		if !ok {
			continue
		}
		for _, g := range c.pol.Funds[:i] {
			if before, ok := fundSteps[g.Code]; ok && before.rank > step.rank {
				err := c.errs.Add(f.Pos, CodeRule, "fund %s (%s, %s) pays before fund %s (%s, %s), so it comes first in the file: funds pay in file order, each out of what the ones before leave",
					f.Name, f.Code, step.name, g.Name, g.Code, before.name)
				err.Hint = "the national order: 大病 or 大额, then 公务员, 企业补充, 医疗救助; move fund " + f.Name + " above fund " + g.Name
				break
			}
		}
	}
}

func (c *checker) fund(d *FundDecl) *Fund {
	f := &Fund{Name: d.Name, Title: d.Title, Pos: position(d.Pos)}
	before := len(c.errs)
	hasRatio := false
	for _, it := range d.Items {
		switch {
		case it.Code != nil:
			f.Code = *it.Code
			if len(f.Code) != 6 || strings.Trim(f.Code, "0123456789") != "" {
				c.errs.Add(valueAt(it.Tokens, f.Code, it.Pos), CodeValue, "a fund code has six digits (390200), not %q", f.Code)
			}
		case it.Applies != nil:
			f.Applies = make([]bool, len(c.pol.Benefits))
			for _, name := range it.Applies {
				i, ok := c.benefits[name]
				if !ok {
					c.errs.Add(valueAt(it.Tokens, name, it.Pos), CodeName, "fund %s applies to unknown benefit %q", d.Name, name).Hint = didYouMean(name, keys(c.benefits))
					continue
				}
				f.Applies[i] = true
			}
		case it.When != nil:
			f.When = c.cond(it.When, "fund "+d.Name)
		case it.Base != nil:
			if *it.Base == "oop" {
				f.Base = BaseOOP
			}
		case it.Ratio != nil:
			f.Rate = c.rate(it.Ratio, "ratio")
			hasRatio = true
		case it.Cap != nil:
			f.Caps = append(f.Caps, c.cap(it.Cap))
		}
	}
	c.oneCapPerTotal(f.Caps, "fund "+d.Name, f.Code)
	c.limitAmounts(f.Caps, "fund "+d.Name, f.When)
	if f.Code == "" {
		c.errs.Add(f.Pos, CodeRule, "fund %s has no code: add `code 390200` (the national fund_pay_type)", d.Name)
	}
	if !hasRatio {
		c.errs.Add(f.Pos, CodeRule, "fund %s has no ratio: add `ratio 60%%` or `ratio bands { … }`", d.Name)
	}
	if len(c.errs) == before {
		c.fundRateSense(f)
	}
	return f
}

// account checks the personal account's rules.
func (c *checker) account(d *AccountDecl) *AccountRules {
	ar := &AccountRules{Pos: position(d.Pos)}
	seen := map[string]Pos{}
	once := func(what string, pos Pos) bool {
		if first, dup := seen[what]; dup {
			c.errs.Add(pos, CodeName, "%s is given twice in the account block (first at line %d)", what, first.Line)
			return false
		}
		seen[what] = pos
		return true
	}
	for _, it := range d.Items {
		pos := position(it.Pos)
		switch {
		case it.Spend != nil:
			if !once("spend", pos) {
				continue
			}
			switch *it.Spend {
			case "current":
			case "carried":
				ar.CarriedFirst = true
			default:
				c.errs.Add(pos, CodeName, "spend names the balance spent first: current (当年) or carried (历年), not %q", *it.Spend).Hint = hintList(*it.Spend, []string{"current", "carried"})
			}
		case it.Credit != nil:
			c.inCredit = true
			cr := &CreditRule{Pos: position(it.Credit.Pos), Amount: c.typed(it.Credit.Amount, TMoney, "a credit")}
			c.plainFactors(cr.Amount)
			if it.Credit.When != nil {
				cr.When = c.cond(it.Credit.When, "this credit rule")
			}
			c.inCredit = false
			ar.Credits = append(ar.Credits, cr)
		case it.Interest != nil:
			if once("interest", pos) {
				ar.Interest = c.typed(it.Interest, TRatio, "interest")
			}
		case it.Lapse != nil:
			if !once("lapse", pos) {
				continue
			}
			switch *it.Lapse {
			case "keep":
			case "freeze":
				ar.FreezeOnLapse = true
			default:
				c.errs.Add(pos, CodeName, "lapse says what 断缴 does to the account: keep (可用) or freeze (冻结), not %q", *it.Lapse).Hint = hintList(*it.Lapse, []string{"keep", "freeze"})
			}
		case it.Backpay != nil:
			if !once("backpay", pos) {
				continue
			}
			n := c.typed(it.Backpay, TNumber, "a back-payment window (months)")
			if v, ok := fold(n); ok && n != nil {
				months := v.Dec
				if !months.IsInteger() || months.IsNegative() || months.GreaterThan(decimal.NewFromInt(120)) {
					c.errs.Add(pos, CodeValue, "a back-payment window is a whole number of months from 0 to 120, not %s", months)
				} else {
					ar.BackpayMonths = int(months.IntPart())
				}
			} else if n != nil {
				c.errs.Add(pos, CodeType, "a back-payment window is a constant number of months")
			}
		case it.Share != nil:
			if !once("share", pos) {
				continue
			}
			ar.Share = []string{}
			for _, rel := range it.Share {
				if !slices.Contains(Relations, rel) {
					c.errs.Add(pos, CodeName, "unknown family relation %q", rel).Hint = hintList(rel, Relations)
					continue
				}
				ar.Share = append(ar.Share, rel)
			}
		}
	}
	return ar
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// rate checks a pooled or fund ratio: a ratio expression or bands.
func (c *checker) rate(e *Expr, what string) Node {
	n := c.bounded(c.expr(e, nil))
	if n == nil {
		return nil
	}
	if k := n.Type().Kind; k != KindRatio && k != KindBands {
		err := c.errs.Add(position(e.Pos), CodeType, "a %s is a ratio (85%%) or bands, not %s", what, n.Type())
		err.Hint = kindHint(n, KindRatio, "")
		return nil
	}
	c.checkConst(n)
	return n
}

// typed checks an expression that must have type want.
func (c *checker) typed(e *Expr, want Type, what string) Node {
	n := c.bounded(c.expr(e, want.Enum))
	if n == nil {
		return nil
	}
	if !n.Type().Same(want) {
		err := c.errs.Add(position(e.Pos), CodeType, "%s is %s, not %s", what, want, n.Type())
		err.Hint = kindHint(n, want.Kind, "")
		return nil
	}
	c.checkConst(n)
	return n
}

// cond checks a condition; one that is always false is a rule that can never apply.
func (c *checker) cond(e *Expr, what string) Node {
	n := c.typed(e, TBool, "a condition")
	if n == nil {
		return nil
	}
	if v, ok := fold(n); ok && v.Int == 0 {
		c.errs.Add(position(e.Pos), CodeRule, "%s can never apply: its condition is always false", what)
	}
	return n
}

// checkConst reports constant ratios outside [0, 1] and negative money.
func (c *checker) checkConst(n Node) {
	v, ok := fold(n)
	if !ok {
		return
	}
	switch n.Type().Kind {
	case KindRatio:
		if v.Dec.IsNegative() || v.Dec.GreaterThan(decimal.NewFromInt(1)) {
			c.errs.Add(n.Position(), CodeValue, "ratio %s is outside [0%%, 100%%]", v.Format(TRatio))
		}
	case KindMoney:
		if v.Dec.IsNegative() {
			c.errs.Add(n.Position(), CodeValue, "money %s is negative", v.Format(TMoney))
		}
	}
}

// label resolves an atom (a label or a code) in an enum. As in an
// expression, a code or national label of a label with several codes is
// refused (see grouped).
func (c *checker) label(e *Enum, a *Atom) (int, bool) {
	i, ok := e.Lookup(a.Text())
	if ok && c.grouped(position(a.Pos), e, i, a.Text()) {
		return i, false
	}
	if !ok {
		c.unknownLabel(position(a.Pos), e, a.Text())
	}
	return i, ok
}

// unknownLabel reports text, which is no label or code of e, with the
// label it is nearest or else e's labels.
func (c *checker) unknownLabel(pos Pos, e *Enum, text string) {
	err := c.errs.Add(pos, CodeName, "unknown %s %q", enumNoun(e), text)
	err.Hint = didYouMean(text, e.Labels)
	if err.Hint == "" && len(e.Labels) > 0 {
		err.Hint = "labels of " + e.Name + ": " + strings.Join(e.Labels, ", ")
	}
}

// enumNoun names what an enum's labels are, for messages.
func enumNoun(e *Enum) string {
	switch e.Name {
	case "psn_type":
		return "person type"
	case "med_type":
		return "kind of care"
	case "medins_lv":
		return "provider level"
	case "mdtrt_area":
		return "treatment area"
	case "remote_filing":
		return "remote filing"
	}
	return e.Name
}

// table checks a lookup table. withOps is true for remote tables, whose
// values are adjustments (× 90%, - 5%).
func (c *checker) table(t *Table, withOps bool) *Lookup {
	pos := position(t.Pos)
	lk := &Lookup{}
	var enums []*Enum
	for _, k := range t.Keys {
		f, ok := FieldOfEnum(k)
		if !ok {
			var names []string
			for _, f := range EnumFields {
				names = append(names, f.String())
			}
			c.errs.Add(pos, CodeName, "a table is keyed by claim fields with labels, not %q", k).Hint = hintList(k, names)
			return nil
		}
		e := c.pol.Enums[k]
		enums = append(enums, e)
		lk.Keys = append(lk.Keys, &FieldRef{nodeBase: mk(pos, Type{Kind: KindEnum, Enum: e}), Field: f})
		lk.Dims = append(lk.Dims, e.Len())
	}
	size, ok := c.tableSize(pos, t.Keys, lk.Dims)
	if !ok {
		return nil
	}
	lk.Cells = make([]*Cell, size)
	// The table's values are of the type most rows write as a literal
	// (ratios, say), not the first row's: one row written wrong (0.9 for
	// 90%) is then the error, not every row but it.
	valueType := literalMajority(t.Rows)
	var def *Row
	var defCell *Cell
	failed := false // a row has an error the table cannot see past: it is not told missing rows
	// maybe marks the combinations a row in error might have filled: its
	// labels, any label where it names one the enum lacks (a typo may
	// stand for any). Those are not missing; its error says what to mend.
	maybe := make([]bool, size)
	for i, row := range t.Rows {
		rpos := position(row.Pos)
		cell := c.cell(row, withOps, &valueType)
		if row.Default {
			if def != nil {
				c.errs.Add(rpos, CodeTable, "a second default (first at line %d)", def.Pos.Line)
			}
			def, defCell = row, cell
			continue
		}
		if len(row.Keys) != len(enums) {
			err := c.errs.Add(rpos, CodeTable, "row has %d keys; the table is by %s", len(row.Keys), strings.Join(t.Keys, ", "))
			if first := row.Keys[0].Alts[0]; i > 0 && first.Code != nil {
				prev := t.Rows[i-1]
				err.Hint = thousandsHint(writtenAmount(prev.Value), prev.Value.Pos.Offset, *first.Code, first.Pos.Offset)
			}
			failed = true
			continue
		}
		sets := make([][]int, len(enums))
		bad := false
		for k, key := range row.Keys {
			every := len(key.Alts) == 1 && key.Alts[0].Ident != nil && *key.Alts[0].Ident == "_"
			if !every {
				for _, a := range key.Alts {
					i, ok := c.label(enums[k], a)
					if !ok {
						bad, every = true, true
						break
					}
					sets[k] = append(sets[k], i)
				}
			}
			if every {
				sets[k] = sets[k][:0]
				for o := 0; o < enums[k].Len(); o++ {
					sets[k] = append(sets[k], o)
				}
			}
		}
		if !c.rowCombinations(rpos, sets) {
			return nil
		}
		if bad || cell == nil {
			eachCombination(sets, func(ords []int) { maybe[flatIndex(lk.Dims, ords)] = true })
			continue
		}
		added := 0
		eachCombination(sets, func(ords []int) {
			i := flatIndex(lk.Dims, ords)
			if lk.Cells[i] == nil {
				lk.Cells[i] = cell
				added++
			}
		})
		if added == 0 {
			c.errs.Add(rpos, CodeTable, "row can never apply: earlier rows cover every combination it names")
		}
	}
	// The default fills what the rows leave, wherever it stands among them.
	if defCell != nil {
		c.fillDefault(lk, defCell, position(def.Pos))
	}
	if valueType != nil {
		lk.nodeBase = mk(pos, *valueType)
	} else {
		lk.nodeBase = mk(pos, TInvalid)
	}
	// With a row in error, the combinations it may name are not missing
	// (see maybe): its error says what to mend.
	if def == nil && !failed {
		var missing []string
		all := make([][]int, len(enums))
		for k, e := range enums {
			for o := 0; o < e.Len(); o++ {
				all[k] = append(all[k], o)
			}
		}
		eachCombination(all, func(ords []int) {
			if i := flatIndex(lk.Dims, ords); lk.Cells[i] == nil && !maybe[i] {
				var names []string
				for k, o := range ords {
					names = append(names, enums[k].Labels[o])
				}
				missing = append(missing, strings.Join(names, ", "))
			}
		})
		if len(missing) > 0 {
			shown := missing
			if len(shown) > 4 {
				shown = append(shown[:4:4], "…")
			}
			err := c.errs.Add(pos, CodeTable, "table misses %d combination(s) of %s and has no default: %s", len(missing), strings.Join(t.Keys, " × "), strings.Join(shown, "; "))
			err.Hint = "add rows for them or a `default: …` row"
		}
	}
	if valueType == nil {
		return nil
	}
	return lk
}

// tableSize is the number of cells of a table by keys, whose enums have
// dims labels: one for each combination of labels. A table past
// MaxTableCells, or one that takes the policy's tables past
// MaxPolicyCells, is refused at pos before anything is allocated for it.
func (c *checker) tableSize(pos Pos, keys []string, dims []int) (int, bool) {
	size, over := 1, false
	for _, d := range dims {
		if d > 0 && size > MaxTableCells/d {
			over = true // the product would pass the limit, or overflow
			break
		}
		size *= d
	}
	if over || size > MaxTableCells {
		product := big.NewInt(1)
		var factors []string
		for _, d := range dims {
			product.Mul(product, big.NewInt(int64(d)))
			factors = append(factors, strconv.Itoa(d))
		}
		err := c.errs.Add(pos, CodeLimit, "table by %s has %s combinations of labels (%s); the limit is %d",
			strings.Join(keys, ", "), product, strings.Join(factors, " × "), MaxTableCells)
		err.Hint = "a table holds a value for every combination of its keys' labels: key it by fewer fields, or give the enums fewer labels (one label may stand for several codes: 在职 = 1101, 1102)"
		return 0, false
	}
	if c.cells+size > MaxPolicyCells {
		err := c.errs.Add(pos, CodeLimit, "this table's %d combinations take the policy's tables past %d in all", size, MaxPolicyCells)
		err.Hint = "key some tables by fewer fields, or give the enums fewer labels (one label may stand for several codes: 在职 = 1101, 1102)"
		return 0, false
	}
	c.cells += size
	return size, true
}

// rowCombinations counts the combinations of labels a table row names
// (sets holds each key's labels) against MaxRowCombinations, which bounds
// the checker's work on rows: a row with _ names every label of its key,
// and a table may repeat such rows many times over.
func (c *checker) rowCombinations(pos Pos, sets [][]int) bool {
	n := 1
	for _, s := range sets {
		n *= len(s) // at most the table's cells, which tableSize bounds
	}
	if c.rowCombos+n > MaxRowCombinations {
		err := c.errs.Add(pos, CodeLimit, "the rows of this policy's tables name more than %d combinations of labels in all (a _ names every label of its key)", MaxRowCombinations)
		err.Hint = "write fewer rows: a `default: …` row gives every combination the rows above leave"
		return false
	}
	c.rowCombos += n
	return true
}

func (c *checker) fillDefault(lk *Lookup, def *Cell, pos Pos) {
	filled := 0
	for i, cell := range lk.Cells {
		if cell == nil {
			lk.Cells[i] = def
			filled++
		}
	}
	if filled == 0 {
		c.errs.Add(pos, CodeTable, "default can never apply: the rows above cover every combination")
	}
}

// cell checks one row's value (and operator, in a remote table).
func (c *checker) cell(row *Row, withOps bool, valueType **Type) *Cell {
	rpos := position(row.Pos)
	if withOps && row.Op == "" {
		c.errs.Add(position(row.Value.Pos), CodeRule, "a remote row adjusts the ratio: write `× 90%%`, `- 5%%`, `+ 5%%` or `= 60%%`")
		return nil
	}
	if !withOps && row.Op != "" {
		c.errs.Add(rpos, CodeRule, "only a remote table takes an operator (%s) before its value", row.Op)
		return nil
	}
	var hint *Enum
	if *valueType != nil {
		hint = (*valueType).Enum
	}
	n := c.expr(row.Value, hint)
	if n == nil {
		return nil
	}
	if withOps && n.Type().Kind != KindRatio {
		err := c.errs.Add(position(row.Value.Pos), CodeType, "a remote adjustment is a ratio, not %s", n.Type())
		op := row.Op
		if op == "*" {
			op = "×"
		}
		err.Hint = kindHint(n, KindRatio, op)
		return nil
	}
	if *valueType == nil {
		t := n.Type()
		*valueType = &t
	} else if !n.Type().Same(**valueType) {
		err := c.errs.Add(position(row.Value.Pos), CodeType, "row value is %s; the table's values are %s", n.Type(), **valueType)
		switch {
		case n.Type().Kind == KindNumber && (*valueType).Kind == KindRatio:
			err.Hint = "a ratio is written with %: 92 is the number ninety-two, 92% a ratio"
			if v, ok := fold(n); ok {
				err.Hint = fmt.Sprintf("a ratio is written with %%: %s%%", v.Dec.String())
			}
		case n.Type().Kind == KindRatio && (*valueType).Kind == KindNumber:
			err.Hint = "the rows above are plain numbers: if they are ratios, write them with % (92%)"
		}
		return nil
	}
	if !withOps || row.Op == "=" {
		c.checkConst(n)
	}
	op := row.Op
	if op == "*" {
		op = "×"
	}
	return &Cell{Op: op, Value: n, Pos: rpos}
}

// literalMajority is the type most of rows' values have where they are a
// literal (money, a ratio, a number), when more than one row has one and
// more of them than of any other type; else nil, and the first row's value
// sets the type.
func literalMajority(rows []*Row) *Type {
	counts := map[Kind]int{}
	total := 0
	for _, r := range rows {
		if k, ok := literalKind(r.Value); ok {
			counts[k]++
			total++
		}
	}
	for _, k := range []Kind{KindRatio, KindMoney, KindNumber} {
		if n := counts[k]; n > 1 && 2*n > total {
			t := Type{Kind: k}
			return &t
		}
	}
	return nil
}

// literalKind is the kind of e when e is a literal amount, ratio or
// number, and nothing else.
func literalKind(e *Expr) (Kind, bool) {
	p := literal(e)
	switch {
	case p == nil:
	case p.Money != nil:
		return KindMoney, true
	case p.Percent != nil:
		return KindRatio, true
	case p.Number != nil:
		return KindNumber, true
	}
	return 0, false
}

// literal is the primary e is alone, or nil when e is more than one.
func literal(e *Expr) *Primary {
	if e == nil || len(e.Rest) > 0 || len(e.Left.Rest) > 0 || e.Left.Left.Not || e.Left.Left.Cmp.Op != "" || e.Left.Left.Cmp.In != nil {
		return nil
	}
	add := e.Left.Left.Cmp.Left
	if len(add.Rest) > 0 || len(add.Left.Rest) > 0 {
		return nil
	}
	return add.Left.Left.Prim
}

// writtenAmount is e as written where it is an amount or a number alone
// (¥1, 400), else "".
func writtenAmount(e *Expr) string {
	switch p := literal(e); {
	case p == nil:
	case p.Money != nil:
		return *p.Money
	case p.Number != nil:
		return *p.Number
	}
	return ""
}

func eachCombination(sets [][]int, fn func([]int)) {
	ords := make([]int, len(sets))
	var rec func(k int)
	rec = func(k int) {
		if k == len(sets) {
			fn(ords)
			return
		}
		for _, o := range sets[k] {
			ords[k] = o
			rec(k + 1)
		}
	}
	rec(0)
}

func flatIndex(dims, ords []int) int {
	i := 0
	for k, o := range ords {
		i = i*dims[k] + o
	}
	return i
}

// bands checks a band schedule: sorted, without gaps or overlaps, constant
// ratios in [0, 1], only the last band open.
func (c *checker) bands(b *Bands) Node {
	pos := position(b.Pos)
	bv := &BandsValue{}
	ok := true
	if len(b.Bands) == 0 {
		c.errs.Add(pos, CodeBands, "bands without a band")
		return nil
	}
	// Bands listed out of order would read as an overlap and a gap that
	// are neither: say what is wrong once, and leave the rest unmeasured.
	sorted := true
	for i := 1; i < len(b.Bands); i++ {
		prev, err1 := parseAmount(b.Bands[i-1].From)
		from, err2 := parseAmount(b.Bands[i].From)
		prevTo, err3 := parseAmount(b.Bands[i-1].To)
		wellFormed := b.Bands[i-1].To == "" || err3 == nil && prev.LessThan(prevTo) // else that band's own error says it
		if err1 == nil && err2 == nil && wellFormed && from.LessThan(prev) {
			err := c.errs.Add(position(b.Bands[i].Pos), CodeBands, "band %s.. comes after band %s..: bands are listed from the lowest amount up", b.Bands[i].From, b.Bands[i-1].From)
			err.Hint = "put the bands in order of their amounts"
			sorted, ok = false, false
			break
		}
	}
	for i, band := range b.Bands {
		bpos := position(band.Pos)
		from, err1 := parseAmount(band.From)
		var to decimal.Decimal
		var err2 error
		open := band.To == ""
		if !open {
			to, err2 = parseAmount(band.To)
		}
		if err1 != nil || err2 != nil {
			c.errs.Add(bpos, CodeBands, "band bounds are amounts in yuan")
			ok = false
			continue
		}
		if open && i != len(b.Bands)-1 {
			// Left out of bv, so the next band is not measured against it.
			c.errs.Add(bpos, CodeBands, "only the last band may be open (%s..)", band.From)
			ok = false
			continue
		}
		switch {
		case !open && from.Equal(to):
			c.errs.Add(bpos, CodeBands, "band %s..%s is empty: it ends where it starts", band.From, band.To)
			ok = false
		case !open && !from.LessThan(to):
			c.errs.Add(bpos, CodeBands, "band %s..%s ends before it starts", band.From, band.To)
			ok = false
		}
		if sorted && i > 0 && len(bv.To) == i {
			prev := bv.To[i-1]
			switch {
			case from.LessThan(prev):
				c.errs.Add(bpos, CodeBands, "band %s.. overlaps the band before, which ends at %s", band.From, prev.String())
				ok = false
			case from.GreaterThan(prev):
				err := c.errs.Add(bpos, CodeBands, "gap between bands: nothing covers %s..%s", prev.String(), from.String())
				err.Hint = "start this band where the one before ends, or add a band at 0% for the gap"
				ok = false
			}
		}
		n := c.expr(band.Value, nil)
		rate := decimal.Zero
		if n != nil {
			if n.Type().Kind != KindRatio {
				c.errs.Add(position(band.Value.Pos), CodeType, "a band's rate is a ratio (65%%), not %s", n.Type())
				ok = false
			} else if v, isConst := fold(n); !isConst {
				c.errs.Add(position(band.Value.Pos), CodeBands, "a band's rate must be a constant ratio")
				ok = false
			} else {
				c.checkConst(n)
				rate = v.Dec
			}
		} else {
			ok = false
		}
		bv.From = append(bv.From, from)
		bv.To = append(bv.To, to)
		bv.Rates = append(bv.Rates, rate)
		bv.Pos = append(bv.Pos, bpos)
		bv.Open = open
	}
	if !ok {
		return nil
	}
	return &Const{nodeBase: mk(pos, TBands), Val: Value{Bands: bv}}
}

// parseAmount reads a money literal or a bare number as yuan.
func parseAmount(s string) (decimal.Decimal, error) {
	s = strings.TrimSpace(strings.TrimSuffix(strings.TrimLeft(s, "¥￥"), "元"))
	return decimal.NewFromString(s)
}
