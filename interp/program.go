package interp

import (
	"errors"
	"fmt"
	"slices"

	"github.com/mpl-lang/mpl/interp/claim"

	"github.com/mpl-lang/mpl/lang"
)

// Program is a compiled policy: every rule planned once, ready to settle
// many claims. It is immutable and safe for concurrent use.
type Program struct {
	pol        *lang.Policy // a copy of given, so that a caller setting given's fields changes no settlement
	given      *lang.Policy // the policy Compile was given, for Policy
	source     string
	pooledCode string // the basic pooled fund's code: 310100, 390100
	from, to   int    // effective period as day numbers; to == 0: open
	enums      [lang.FieldCount]*lang.Enum
	benefits   []*benefitPlan
	funds      []*fundPlan
	local      int // mdtrt_area ordinal of 本地
	noFiling   int // remote_filing ordinal of 未备案
	credits    []creditPlan
	interest   evalFn // nil: no interest
	fast       *fastProgram
}

type creditPlan struct {
	rule   *lang.CreditRule
	amount evalFn
	when   evalFn // nil: always
}

type benefitPlan struct {
	rule     *lang.Benefit
	when     evalFn
	ded      *deductiblePlan
	ratio    evalFn
	bands    bool
	adjusts  []adjustPlan
	remote   *plannedLookup
	caps     []capPlan
	admKey   string   // this benefit's admissions, counted
	admKeys  []string // the admissions its admission number counts, admKey first (see countAdmissions)
	ratioPos lang.Pos
	// ratioField and remoteField name the claim field that chose the
	// ratio and the remote row, for the error row of a claim whose ratio
	// works out outside [0%, 100%]; adjustPlan.field does for adjustments.
	ratioField, remoteField string
}

type deductiblePlan struct {
	rule     *lang.DeductibleRule
	amount   evalFn
	schedule []evalFn
	money    []bool // schedule entry i is an amount (else a ratio of the deductible)
	poolKey  string
}

type adjustPlan struct {
	rule  *lang.AdjustRule
	value evalFn
	when  evalFn
	field string // the field its when (else its value) reads first
}

type capPlan struct {
	rule   *lang.CapRule
	amount evalFn
	when   evalFn // nil: always
	key    string // accumulator for a yearly cap; empty per visit
}

type fundPlan struct {
	rule    *lang.Fund
	when    evalFn
	rate    evalFn
	bands   bool
	caps    []capPlan
	paidKey string
	oopKey  string
	name    string
}

// errNotCompiled is the error of a Program not made by Compile or Load:
// the zero Program, or a nil one.
var errNotCompiled = errors.New("interp: the Program was not made by Compile, LoadFile or LoadFS (a zero or nil Program settles nothing)")

// usable returns errNotCompiled for a Program not made by Compile.
func (p *Program) usable() error {
	if p == nil || p.pol == nil {
		return errNotCompiled
	}
	return nil
}

// checkArgs is the error of an entry point given a zero Program or a nil
// argument it needs (named by what), rather than a nil-pointer panic.
func (p *Program) checkArgs(args ...any) error {
	if err := p.usable(); err != nil {
		return err
	}
	for i := 0; i+1 < len(args); i += 2 {
		if isNil(args[i+1]) {
			return fmt.Errorf("interp: no %s (nil)", args[i])
		}
		if w, ok := args[i+1].(*claim.Writer); ok {
			if err := w.Ready(); err != nil {
				return err // a zero Writer: before any claim is settled without its row
			}
		}
		if owner, ok := layoutOwner(args[i+1]); ok && owner != p {
			if err := owner.usable(); err != nil {
				return err // a ledger of the zero Program, which holds nothing
			}
			return ErrOtherProgram
		}
	}
	return nil
}

// checkFormat refuses a claim.Format that is neither JSONL nor CSV, which
// a reader would panic on, or take for JSON Lines.
func checkFormat(f claim.Format) error {
	if f != claim.JSONL && f != claim.CSV {
		return fmt.Errorf("interp: claims in an unknown format, %v: want claim.JSONL or claim.CSV", f)
	}
	return nil
}

// ErrOtherProgram is the error of a WhatIfLedger or FastLedger given to a
// Program other than the one whose NewWhatIfLedger or NewFastLedger made
// it. Such a ledger keeps a member's year in the accumulators its own
// Program reads and no others, so another Program's settlement would lose
// the figures it alone keeps (a yearly cap's total, say) and pay again
// what the member was paid. A Program loaded again from the same text is
// another Program. Every entry point refuses the ledger with this error
// before it settles anything: make a ledger with the Program that settles
// into it, or keep members' years across Programs in a MemoryLedger or a
// store of package store, which keep every accumulator.
var ErrOtherProgram = errors.New("interp: the what-if (or fast) ledger was made by another Program, and holds only that Program's accumulators; " +
	"make one with this Program's NewWhatIfLedger (a Program loaded again is another), " +
	"or keep members' years across Programs in a MemoryLedger or a store")

// layoutOwner is the Program a ledger laid out for one Program was made
// by (nil for the zero WhatIfLedger or FastLedger, which no Program
// made); ok is false for a ledger any Program may settle into.
func layoutOwner(v any) (owner *Program, ok bool) {
	switch x := v.(type) {
	case *WhatIfLedger:
		return x.p, true
	case *FastLedger:
		return x.p, true
	case fastView:
		return x.l.p, true
	case readOnly:
		return layoutOwner(x.Ledger)
	}
	return nil, false
}

// isNil reports whether v is nil or a nil pointer in an interface.
func isNil(v any) bool {
	if v == nil {
		return true
	}
	switch x := v.(type) {
	case *claim.Writer:
		return x == nil
	case *claim.Reader:
		return x == nil
	case *MemoryLedger:
		return x == nil
	case *WhatIfLedger:
		return x == nil
	case *FastLedger:
		return x == nil
	case *FastClaim:
		return x == nil
	case *FastResult:
		return x == nil
	}
	return false
}

// Policy returns the checked policy the program was compiled from, to
// read: its parts are shared with the program, and changing one would
// change settlements under way in other goroutines. To settle under other
// rules, change the policy's text and load it again. A Program not made
// by Compile (the zero Program, or a nil one) has none: nil.
func (p *Program) Policy() *lang.Policy {
	if p == nil {
		return nil
	}
	return p.given
}

// Compile plans a checked policy into a Program. The policy must come
// from lang.Loader.Load (lang.Policy.Checked); one built by hand is an
// error, as nil is.
func Compile(pol *lang.Policy) (*Program, error) {
	if pol == nil {
		return nil, errors.New("interp: no policy to compile (nil)")
	}
	if pol.Library {
		return nil, fmt.Errorf("%s is a library of code tables, not a policy: settle against a policy that uses it", pol.Name)
	}
	if !pol.Checked() {
		return nil, fmt.Errorf("interp: policy %q was not checked: Compile takes a Policy from lang.Loader.Load (or use LoadFile or LoadFS), not one built by hand", pol.Name)
	}
	pl := &planner{params: map[*lang.Param]evalFn{}}
	own := *pol
	p := &Program{pol: &own, given: pol, source: pol.Source.Cite(), pooledCode: pooledFundCode(pol.Insutype)}
	if !pol.From.IsZero() {
		p.from, p.to = lang.DayNumber(pol.From), lang.DayNumber(pol.To)
	}
	for _, f := range lang.EnumFields {
		p.enums[f] = pol.Enums[f.String()]
	}
	p.local, _ = p.enums[lang.FieldMdtrtArea].Lookup("本地")
	p.noFiling, _ = p.enums[lang.FieldRemoteFiling].Lookup("未备案")
	for _, b := range pol.Benefits {
		bp := &benefitPlan{rule: b, admKey: KeyAdmissions + b.Name}
		if b.When != nil {
			bp.when = pl.plan(b.When)
		}
		if d := b.Deductible; d != nil {
			dp := &deductiblePlan{rule: d, amount: pl.plan(d.Amount), poolKey: KeyDeductible + "_" + d.Pool}
			for _, s := range d.Schedule {
				dp.schedule = append(dp.schedule, pl.plan(s))
				dp.money = append(dp.money, s.Type().Kind == lang.KindMoney)
			}
			bp.ded = dp
		}
		if b.Refuse != nil {
			p.benefits = append(p.benefits, bp)
			continue
		}
		bp.ratio = pl.plan(b.Ratio)
		bp.bands = b.Ratio.Type().Kind == lang.KindBands
		bp.ratioPos = b.Ratio.Position()
		bp.ratioField = fieldName(b.Ratio)
		for _, a := range b.Adjusts {
			ap := adjustPlan{rule: a, value: pl.plan(a.Value), field: fieldName(a.Value)}
			if a.When != nil {
				ap.when = pl.plan(a.When)
				if f := fieldName(a.When); f != "" {
					ap.field = f
				}
			}
			bp.adjusts = append(bp.adjusts, ap)
		}
		if b.Remote != nil {
			bp.remote = pl.lookup(b.Remote)
			bp.remoteField = fieldName(b.Remote)
		}
		for _, c := range b.Caps {
			bp.caps = append(bp.caps, planCap(pl, c, KeyLimit+b.Name))
		}
		p.benefits = append(p.benefits, bp)
	}
	countAdmissions(p.benefits)
	for _, f := range pol.Funds {
		fp := &fundPlan{rule: f, rate: pl.plan(f.Rate), bands: f.Rate.Type().Kind == lang.KindBands,
			paidKey: FundKey(f.Code), oopKey: KeyOOP + f.Name, name: fundName(f)}
		if f.When != nil {
			fp.when = pl.plan(f.When)
		}
		for _, c := range f.Caps {
			fp.caps = append(fp.caps, planCap(pl, c, FundKey(f.Code)))
		}
		p.funds = append(p.funds, fp)
	}
	if ar := pol.AccountRules; ar != nil {
		for _, cr := range ar.Credits {
			cp := creditPlan{rule: cr, amount: pl.plan(cr.Amount)}
			if cr.When != nil {
				cp.when = pl.plan(cr.When)
			}
			p.credits = append(p.credits, cp)
		}
		if ar.Interest != nil {
			p.interest = pl.plan(ar.Interest)
		}
	}
	p.fast = compileFast(p)
	return p, nil
}

// countAdmissions sets each benefit's admKeys: its own admissions, and,
// for a per-admission deductible in a pool, those of every benefit whose
// per-admission deductible is in that pool, so that inpatient care cut
// into benefits by level counts its admissions together (the second
// admission in a year is the second whichever level it is at). Each
// benefit keeps its own count (C0000_ADM_{benefit}), as ledgers before
// kept it; the schedule reads their sum.
func countAdmissions(benefits []*benefitPlan) {
	pooled := func(b *benefitPlan) string {
		if d := b.rule.Deductible; d != nil && d.PerAdmission && d.Pool != "" && b.rule.Refuse == nil {
			return d.Pool
		}
		return ""
	}
	for _, b := range benefits {
		b.admKeys = []string{b.admKey}
		pool := pooled(b)
		if pool == "" {
			continue
		}
		for _, o := range benefits {
			if o != b && pooled(o) == pool && !slices.Contains(b.admKeys, o.admKey) {
				b.admKeys = append(b.admKeys, o.admKey)
			}
		}
	}
}

// fieldName is the name of the first claim field n reads; "" for none.
func fieldName(n lang.Node) string {
	if f, ok := lang.FirstField(n); ok {
		return f.String()
	}
	return ""
}

func planCap(pl *planner, c *lang.CapRule, defaultKey string) capPlan {
	cp := capPlan{rule: c, amount: pl.plan(c.Amount)}
	if c.When != nil {
		cp.when = pl.plan(c.When)
	}
	switch {
	case c.PerVisit:
	case c.Limit != "":
		cp.key = KeyLimit + c.Limit
	default:
		cp.key = defaultKey
	}
	return cp
}

// fundName is the fund's national name (fund_pay_type) or its title.
func fundName(f *lang.Fund) string {
	if e := lang.NationalEnum("fund_pay_type"); e != nil {
		if i, ok := e.Lookup(f.Code); ok {
			return e.Labels[i]
		}
	}
	if f.Title != "" {
		return f.Title
	}
	return f.Name
}

// pooledFundCode is the national fund_pay_type code of the basic pooled
// fund of scheme insutype: insutype + "100" (310100, 390100, and for a
// scheme a policy adds, its local code so made). 新农合 (380) has no code
// of its own in the national table: it is the rural form of the resident
// scheme (domain.md: 城乡居民基本医疗保险, formerly 新农合 in rural areas),
// whose pooled fund, 390100, pays it, and which a HIS's settlements name.
func pooledFundCode(insutype string) string {
	if insutype == insutypeRural {
		return residentPooledFund
	}
	return insutype + "100"
}

const (
	insutypeRural      = "380"    // 新型农村合作医疗
	residentPooledFund = "390100" // 城乡居民基本医疗保险统筹基金
)

// pooledName is the national name of a pooled fund code.
func pooledName(code string) string {
	if e := lang.NationalEnum("fund_pay_type"); e != nil {
		if i, ok := e.Lookup(code); ok {
			return e.Labels[i]
		}
	}
	return "统筹基金"
}
