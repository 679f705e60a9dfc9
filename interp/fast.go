package interp

import (
	"errors"
	"fmt"

	"github.com/mpl-lang/mpl/internal/spaces"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
)

// This file is the settlement's fast path: the same algorithm as settle.go,
// on int64 fixed-point numbers (fx: money in fen, ratios with as many
// places as their constants have), over a FastLedger whose accumulators
// are slots resolved when the policy is compiled. It allocates nothing per
// claim once a member's year exists. It is an internal detail behind the
// same figures: fast_test.go settles random claims through both paths and
// compares every figure, text and accumulator.
//
// What it does not do it refuses with ErrNotFast, before changing
// anything, and the caller settles the claim with Settle instead:
// reversals, policies with an account block (当年/历年 rules, credits,
// interest, sharing rules), string rules (dise_code), a figure that would
// leave whole fen where settle.go would fail or keep fractions (a cap
// worked out to a fraction of a fen), and any int64 overflow. It does not
// check setl_id resubmission: the caller (or its store) keeps ids.

// ErrNotFast is returned by DecodeFast and SettleFast for a claim or policy
// the fast path does not settle; settle it with Settle instead.
var ErrNotFast = errors.New("interp: not settled by the fast path; use Settle")

// Bounds of the fixed-size arrays of a FastResult.
const (
	maxFastFunds   = 8
	maxFastDetails = maxFastFunds + 1
	maxFastDeltas  = 64
	maxFastCaps    = 64
)

// fastProgram is a policy planned for the fast path; reason says why not,
// when the policy needs something the fast path does not do.
type fastProgram struct {
	reason   string
	keys     []string // slot → accumulator key
	slots    map[string]int32
	benefits []*fastBenefit
	// covering holds, by med_type ordinal, the benefits that cover it, in
	// the policy's order: those a claim of that kind may settle under.
	covering [][]*fastBenefit
	funds    []*fastFund
	bands    []*fastBands

	dedSlot, pooledSlot, countSlot int32
	pooledBiz, countBiz            []int32 // by med_type ordinal
	pooledName                     string
	accountAll                     bool
}

type fastBenefit struct {
	bp       *benefitPlan
	index    int
	when     fastFn
	ded      *fastDeductible
	ratio    fastFn
	bands    bool
	adjusts  []fastAdjust
	remote   *fastLookup
	caps     []fastCap
	admSlot  int32   // this benefit's admissions, counted
	admSlots []int32 // the admissions its admission number counts (benefitPlan.admKeys)
}

type fastDeductible struct {
	amount   fastFn
	schedule []fastFn
	money    []bool
	poolSlot int32
}

type fastAdjust struct {
	ap    *adjustPlan
	op    byte
	value fastFn
	when  fastFn
}

type fastCap struct {
	cp     *capPlan
	amount fastFn
	when   fastFn
	slot   int32 // -1: per visit
}

type fastFund struct {
	fp       *fundPlan
	when     fastFn
	rate     fastFn
	bands    bool
	oop      bool
	caps     []fastCap
	paidSlot int32
	oopSlot  int32
	field    int // fundFieldIndex
}

// compileFast plans p for the fast path. It never fails: what it cannot
// plan, it records as the reason SettleFast answers ErrNotFast.
func compileFast(p *Program) (fp *fastProgram) {
	fp = &fastProgram{slots: map[string]int32{}}
	defer func() {
		if r := recover(); r != nil {
			err, ok := r.(error)
			if !ok || !errors.Is(err, errNotPlannable) {
				panic(r)
			}
			fp = &fastProgram{reason: err.Error()}
		}
	}()
	pol := p.pol
	if pol.AccountRules != nil {
		notPlannable("the policy has an account block")
	}
	if len(pol.Funds) > maxFastFunds {
		notPlannable("more than %d funds", maxFastFunds)
	}
	pl := &fastPlanner{params: map[*lang.Param]fastFn{}, byBand: map[*lang.BandsValue]int{}}
	fp.accountAll = pol.Account == lang.AccountAll
	fp.dedSlot = fp.slot(KeyDeductible)
	fp.pooledSlot = fp.slot(FundKey(p.pooledCode))
	fp.countSlot = fp.slot(KeyCount)
	fp.pooledName = pooledName(p.pooledCode)
	mt := p.enums[lang.FieldMedType]
	for i := range mt.Labels {
		medTyp := mt.Labels[i]
		if codes := mt.Codes[i]; len(codes) > 0 {
			medTyp = codes[0]
		}
		fp.pooledBiz = append(fp.pooledBiz, fp.slot(FundKey(p.pooledCode)+"_BIZ"+medTyp))
		fp.countBiz = append(fp.countBiz, fp.slot(KeyCount+"_BIZ"+medTyp))
	}
	fundDeltas := 0
	for _, f := range p.funds {
		ff := &fastFund{fp: f, rate: pl.plan(f.rule.Rate), bands: f.bands, oop: f.rule.Base == lang.BaseOOP,
			paidSlot: fp.slot(f.paidKey), oopSlot: fp.slot(f.oopKey), field: fundFieldIndex(f.rule.Code)}
		if f.when != nil {
			ff.when = pl.plan(f.rule.When)
		}
		ff.caps = fp.caps(pl, f.caps)
		fundDeltas += 2 + len(ff.caps)
		fp.funds = append(fp.funds, ff)
	}
	for i, b := range p.benefits {
		fb := &fastBenefit{bp: b, index: i, admSlot: fp.slot(b.admKey)}
		for _, k := range b.admKeys {
			fb.admSlots = append(fb.admSlots, fp.slot(k))
		}
		if b.when != nil {
			fb.when = pl.plan(b.rule.When)
		}
		if d := b.ded; d != nil {
			fd := &fastDeductible{amount: pl.plan(d.rule.Amount), money: d.money, poolSlot: fp.slot(d.poolKey)}
			for _, s := range d.rule.Schedule {
				fd.schedule = append(fd.schedule, pl.plan(s))
			}
			fb.ded = fd
		}
		fp.benefits = append(fp.benefits, fb)
		if b.rule.Refuse != nil {
			continue
		}
		fb.ratio, fb.bands = pl.plan(b.rule.Ratio), b.bands
		for j := range b.adjusts {
			a := &b.adjusts[j]
			fa := fastAdjust{ap: a, op: adjustOp(a.rule.Op), value: pl.plan(a.rule.Value)}
			if a.when != nil {
				fa.when = pl.plan(a.rule.When)
			}
			fb.adjusts = append(fb.adjusts, fa)
		}
		if b.remote != nil {
			fb.remote = pl.lookup(b.rule.Remote)
		}
		fb.caps = fp.caps(pl, b.caps)
		if n := 2 + len(fb.caps) + 5 + fundDeltas; n > maxFastDeltas {
			notPlannable("up to %d accumulator changes a claim", n)
		}
	}
	fp.bands = pl.bands
	for _, b := range fp.benefits {
		covers := b.bp.rule.Covers
		if len(fp.covering) < len(covers) {
			fp.covering = append(fp.covering, make([][]*fastBenefit, len(covers)-len(fp.covering))...)
		}
		for medType, ok := range covers {
			if ok {
				fp.covering[medType] = append(fp.covering[medType], b)
			}
		}
	}
	return fp
}

// maxFastSlots bounds a policy's accumulators on the fast path: a sparse
// year names its slots in 16 bits (see sparseYear). The shipped policies
// have up to a few dozen.
const maxFastSlots = 1 << 16

func (fp *fastProgram) slot(key string) int32 {
	if s, ok := fp.slots[key]; ok {
		return s
	}
	if len(fp.keys) == maxFastSlots {
		notPlannable("more than %d accumulators", maxFastSlots)
	}
	fp.keys = append(fp.keys, key)
	fp.slots[key] = int32(len(fp.keys) - 1)
	return fp.slots[key]
}

func (fp *fastProgram) caps(pl *fastPlanner, caps []capPlan) []fastCap {
	if len(caps) > maxFastCaps {
		notPlannable("more than %d caps on one rule", maxFastCaps)
	}
	var out []fastCap
	for i := range caps {
		cp := &caps[i]
		fc := fastCap{cp: cp, amount: pl.plan(cp.rule.Amount), slot: -1}
		if cp.when != nil {
			fc.when = pl.plan(cp.rule.When)
		}
		if cp.key != "" {
			fc.slot = fp.slot(cp.key)
		}
		out = append(out, fc)
	}
	return out
}

// The setlinfo fund fields a further fund pays into, as fundField says.
const (
	fieldHifob = iota
	fieldHifmi
	fieldCvlserv
	fieldHifes
	fieldMaf
	fieldOth
	numFundFields
)

func fundFieldIndex(code string) int {
	switch code {
	case "330100":
		return fieldHifob
	case "390200":
		return fieldHifmi
	case "320100":
		return fieldCvlserv
	case "370100":
		return fieldHifes
	case "610100":
		return fieldMaf
	}
	return fieldOth
}

// FastClaim is a claim decoded for SettleFast: its split worked out, its
// labels resolved to ordinals, its money in fen and its member and year
// resolved to ledger indexes. DecodeFast makes one; it may be settled
// many times (PresettleFast) but belongs to the ledger it was decoded for.
type FastClaim struct {
	src      *claim.Claim // nil when decoded from a Flat
	flat     *claim.Flat  // nil when decoded from a Claim
	ledger   *FastLedger  // the ledger its indexes are of
	setlID   string
	psnNo    string
	mulaidNo string
	line     int
	year     int
	val      [lang.FieldCount]fx
	noAge    bool
	medType  int
	member   int32
	mulaid   int32 // -1: no family sharing
	acc      int32 // the member's year in the ledger
	day      int
	acctUsed bool

	medfee, fulamt, overlmt, preself, inscp int64
}

// claim returns the claim fc was decoded from, as a Claim; for errors, so
// it may allocate.
func (fc *FastClaim) claim() *claim.Claim {
	if fc.src == nil && fc.flat != nil {
		fc.src = fc.flat.Claim()
	}
	return fc.src
}

// DecodeFast prepares c for SettleFast against l, adding the claim's
// members and year to l when it has not seen them. It allocates; the
// settlement after it does not. It returns the errors Settle would return
// for a claim whose split or labels are wrong, and ErrNotFast for a claim
// the fast path leaves to Settle. It checks c first, as Settle does.
func (p *Program) DecodeFast(l *FastLedger, c *claim.Claim, fc *FastClaim) error {
	if err := p.checkArgs("fast ledger", l, "fast claim", fc); err != nil {
		return err
	}
	if err := checkClaim(c); err != nil {
		return err
	}
	return p.decodeFast(l, c, fc)
}

// decodeFast is DecodeFast for a claim checked already.
func (p *Program) decodeFast(l *FastLedger, c *claim.Claim, fc *FastClaim) error {
	if l.p != p {
		return ErrOtherProgram
	}
	if err := p.prepareFast(c, fc); err != nil {
		return err
	}
	l.bind(fc)
	return nil
}

// insured reports whether a claim's psn_insu_stas lets the pooled fund
// pay: 正常, or not given. A claim of a member not insured settles on the
// decimal path, which pays it no pooled benefits (Settle).
func insured(psnInsuStas string) bool {
	return psnInsuStas == "" || psnInsuStas == claim.InsuStasNormal
}

// prepareFast is the part of DecodeFast that needs no ledger.
func (p *Program) prepareFast(c *claim.Claim, fc *FastClaim) error {
	if p.fast.reason != "" || c.Reverses != "" || !insured(c.PsnInsuStas) {
		return ErrNotFast
	}
	r := &run{p: p, c: c, s: &claim.Settlement{}}
	if err := r.split(); err != nil {
		return err
	}
	if err := r.fill(); err != nil {
		return err
	}
	*fc = FastClaim{src: c, setlID: c.SetlID, psnNo: c.PsnNo, mulaidNo: c.MulaidPsnNo, line: c.Line,
		year: c.SetlTime.Year(), noAge: r.f.noAge, medType: r.f.ord[lang.FieldMedType], mulaid: -1,
		day: r.f.ord[lang.FieldSetlTime], acctUsed: !c.AcctNotUsed}
	for _, fld := range fastEnumFields {
		fc.val[fld] = fx{m: int64(r.f.ord[fld])}
	}
	if c.HasAge {
		fc.val[lang.FieldAge] = fx{m: int64(c.Age)}
	}
	amounts := [...]decimal.Decimal{r.f.dec[lang.FieldMedfeeSumamt], r.f.dec[lang.FieldFulamtOwnpayAmt],
		r.f.dec[lang.FieldOverlmtSelfpay], r.f.dec[lang.FieldPreselfpayAmt], r.f.dec[lang.FieldInscpScpAmt]}
	var fen [len(amounts)]int64
	for i, d := range amounts {
		v, ok := moneyFen(d)
		if !ok {
			return ErrNotFast
		}
		fen[i] = v
	}
	fc.setMoney(fen)
	return nil
}

// fastEnumFields are the fields a FastClaim holds as ordinals.
var fastEnumFields = [...]lang.Field{lang.FieldPsnType, lang.FieldMedType, lang.FieldMedinsLv, lang.FieldInsutype,
	lang.FieldMdtrtArea, lang.FieldRemoteFiling, lang.FieldCvlservFlag, lang.FieldSetlTime}

// fastMoneyFields are the split amounts, in the order setMoney takes them.
var fastMoneyFields = [...]lang.Field{lang.FieldMedfeeSumamt, lang.FieldFulamtOwnpayAmt,
	lang.FieldOverlmtSelfpay, lang.FieldPreselfpayAmt, lang.FieldInscpScpAmt}

// setMoney sets the split amounts, in fen, in the order of fastMoneyFields.
func (fc *FastClaim) setMoney(fen [5]int64) {
	fc.medfee, fc.fulamt, fc.overlmt, fc.preself, fc.inscp = fen[0], fen[1], fen[2], fen[3], fen[4]
	for i, fld := range fastMoneyFields {
		fc.val[fld] = fx{m: fen[i], e: 2}
	}
}

// prepareFlat is prepareFast for a flat claim, without allocating. It
// reports false when the claim is not plain enough to decode here (an
// unknown label, a split that does not add up, any doubt): DecodeFast on
// f.Claim() then gives the answer, settlement or error.
func (p *Program) prepareFlat(f *claim.Flat, fc *FastClaim) bool {
	if p.fast.reason != "" || f.Reverses != "" || !insured(f.PsnInsuStas) {
		return false
	}
	fen := [5]int64{f.MedfeeSumamt, f.FulamtOwnpayAmt, f.OverlmtSelfpay, f.PreselfpayAmt, f.InscpScpAmt}
	if len(f.Fees) > 0 {
		split := fastFeeSplit(f.Fees)
		copy(fen[1:], split[:])
	}
	for _, v := range fen {
		if abs64(v) > fastMaxFen {
			return false
		}
	}
	if fen[1]+fen[2]+fen[3]+fen[4] != fen[0] {
		return false
	}
	*fc = FastClaim{flat: f, setlID: f.SetlID, psnNo: f.PsnNo, mulaidNo: f.MulaidPsnNo, line: f.Line,
		year: f.SetlTime.Year(), noAge: !f.HasAge, mulaid: -1, day: lang.DayNumber(f.SetlTime), acctUsed: !f.AcctNotUsed}
	lookup := func(fld lang.Field, text string) bool {
		i, ok := p.enums[fld].Lookup(spaces.Trim(text))
		fc.val[fld] = fx{m: int64(i)}
		return ok
	}
	// The checks fill makes, in its order; any failure is left to it, so
	// that the error is its own.
	if !lookup(lang.FieldInsutype, f.Insutype) {
		return false
	}
	ins := p.enums[lang.FieldInsutype]
	if code := ins.Codes[fc.val[lang.FieldInsutype].m]; len(code) == 0 || code[0] != p.pol.Insutype {
		return false
	}
	if !lookup(lang.FieldPsnType, f.PsnType) || !lookup(lang.FieldMedType, f.MedType) || !lookup(lang.FieldMedinsLv, f.MedinsLv) {
		return false
	}
	// The readers give mdtrt_area and remote_filing as one of their values
	// (本地 where none is given); lookup trims any other Flat's.
	if f.MdtrtArea == "" {
		fc.val[lang.FieldMdtrtArea] = fx{m: int64(p.local)}
	} else if !lookup(lang.FieldMdtrtArea, f.MdtrtArea) {
		return false
	}
	if filing := f.RemoteFiling; filing == "" {
		if int(fc.val[lang.FieldMdtrtArea].m) != p.local {
			return false
		}
		fc.val[lang.FieldRemoteFiling] = fx{m: int64(p.noFiling)}
	} else if !lookup(lang.FieldRemoteFiling, filing) {
		return false
	}
	if f.CvlservFlag {
		fc.val[lang.FieldCvlservFlag] = fx{m: 1}
	}
	fc.val[lang.FieldSetlTime] = fx{m: int64(fc.day)}
	if f.HasAge {
		fc.val[lang.FieldAge] = fx{m: int64(f.Age)}
	}
	fc.medType = int(fc.val[lang.FieldMedType].m)
	fc.setMoney(fen)
	return true
}

// bind resolves a prepared claim's member, family member and year in l,
// adding them when l has not seen them.
func (l *FastLedger) bind(fc *FastClaim) {
	fc.ledger = l
	fc.member = l.member(fc.psnNo)
	fc.mulaid = -1
	if fc.mulaidNo != "" && fc.mulaidNo != fc.psnNo {
		fc.mulaid = l.member(fc.mulaidNo)
	}
	fc.acc = l.year(fc.member, fc.year)
}

// fastMaxFen bounds the amounts the fast path takes (10¹⁵ fen, ten
// trillion yuan), so that sums of a claim's figures cannot overflow.
const fastMaxFen = 1e15

// FastLedger is an in-memory ledger for the fast path, laid out for one
// Program: per member its personal account in fen, per member and year an
// array of accumulators indexed by slots fixed when the policy was
// compiled (counts in hundredths, so that every slot is in fen). It holds
// no entries of its own (no resubmission check, no reversal) but those a
// WhatIfLedger told what to keep has it keep (see WhatIfLedger.Keep). It
// is not safe for concurrent use. It belongs to the Program that made it:
// DecodeFast and SettleFast of any other Program refuse it with
// ErrOtherProgram.
type FastLedger struct {
	p        *Program
	expected int         // members the ledger is to hold, when known (see expect)
	members  memberIndex // by psn_no, the index in byIndex
	byIndex  memberList
	yearIdx  map[fastYearKey]int32 // a member's years but its first, by index in years
	years    yearSlots
	kept     *keptEntries // the settlements a WhatIfLedger keeps; nil: none
}

// fastMember is what a FastLedger holds of a member. It holds no
// pointer (see nameArena).
type fastMember struct {
	name    nameRef // in its memberList's names
	account fastAccount
	// The member's first year and its index in years, kept here rather
	// than in yearIdx, where most members would have just the one entry;
	// idx -1: none yet.
	first fastLastYear
	// The year last asked for, which saves a lookup for the member's
	// next claim, nearly always in the same year; idx -1: none yet.
	last fastLastYear
}

// fastLastYear is a year of a member's and its index in years.
type fastLastYear struct {
	year int
	idx  int32
}

type fastAccount struct{ current, carried int64 }

type fastYearKey struct {
	member int32
	year   int
}

// NewFastLedger returns an empty ledger laid out for p. For a Program not
// made by Compile (the zero Program, or a nil one), which has no layout,
// it returns a ledger that holds nothing: its Set methods, and DecodeFast,
// SettleFast and PresettleFast on it, return the error that p was not
// compiled, as every entry point of such a Program does. (It returns no
// error itself so that a caller with a compiled Program, the only one
// that can use a ledger, has none to handle.)
func (p *Program) NewFastLedger() *FastLedger {
	l := &FastLedger{p: p, yearIdx: map[fastYearKey]int32{}}
	if p.usable() == nil {
		l.years.per = len(p.fast.keys)
	}
	return l
}

// expect has an empty l make room for n members when it takes its first,
// and the parts it is split into for theirs, so that their member tables
// need not grow by doubling, each time moving every entry they hold (when
// they were maps, rehashing every psn_no took a tenth of a run of a million
// members' claims). A ledger split before it takes any (a split batch's)
// makes none.
func (l *FastLedger) expect(n int) {
	if l.byIndex.len() == 0 {
		l.expected = max(n, 0)
	}
}

// member is the index of psnNo, added when new.
func (l *FastLedger) member(psnNo string) int32 {
	if i, ok := l.find(psnNo); ok {
		return i
	}
	if l.byIndex.len() == 0 && l.expected > 0 {
		l.members.init(l.expected)
	}
	i := l.byIndex.add(psnNo)
	l.members.add(psnNo, i)
	return i
}

// find is the index of psnNo, if l holds it.
func (l *FastLedger) find(psnNo string) (int32, bool) {
	return l.members.find(psnNo, &l.byIndex)
}

// of is the member at index m.
func (l *FastLedger) of(m int32) *fastMember { return l.byIndex.at(m) }

// nameOf is the psn_no of the member at index m, sharing the ledger's
// memory.
func (l *FastLedger) nameOf(m int32) string { return l.byIndex.name(m) }

// account is the personal account of the member at index m.
func (l *FastLedger) account(m int32) *fastAccount { return &l.byIndex.at(m).account }

// year is the index in years of the member's year, added when new.
func (l *FastLedger) year(member int32, year int) int32 {
	m := l.of(member)
	if m.last.idx >= 0 && m.last.year == year {
		return m.last.idx
	}
	var i int32
	switch {
	case m.first.idx < 0:
		i = l.years.add()
		m.first = fastLastYear{year, i}
	case m.first.year == year:
		i = m.first.idx
	default:
		k := fastYearKey{member, year}
		var ok bool
		if i, ok = l.yearIdx[k]; !ok {
			i = l.years.add()
			l.yearIdx[k] = i
		}
	}
	m.last = fastLastYear{year, i}
	return i
}

// findYear is the index in years of the member's year, if it has one.
func (l *FastLedger) findYear(member int32, year int) (int32, bool) {
	if m := l.of(member); m.first.idx >= 0 && m.first.year == year {
		return m.first.idx, true
	}
	i, ok := l.yearIdx[fastYearKey{member, year}]
	return i, ok
}

// eachYear calls f with every member-year l holds and its index in
// years.
func (l *FastLedger) eachYear(f func(member int32, year int, idx int32)) {
	for m := range int32(l.byIndex.len()) {
		if first := l.of(m).first; first.idx >= 0 {
			f(m, first.year, first.idx)
		}
	}
	for k, i := range l.yearIdx {
		f(k.member, k.year, i)
	}
}

// SetBalance sets a member's personal account balance, all of it carried
// over (历年), as MemoryLedger.SetBalance. The amount must be whole fen.
func (l *FastLedger) SetBalance(psnNo string, balance decimal.Decimal) error {
	return l.SetBalances(psnNo, decimal.Decimal{}, balance)
}

// SetBalances sets a member's current-year (当年) and carried-over (历年)
// balances, as MemoryLedger.SetBalances. The amounts must be whole fen.
func (l *FastLedger) SetBalances(psnNo string, current, carried decimal.Decimal) error {
	if err := l.p.usable(); err != nil {
		return err
	}
	if current.IsNegative() || carried.IsNegative() {
		return fmt.Errorf("interp: balances of %s are below zero (当年 %s, 历年 %s)", psnNo, current, carried)
	}
	car, ok1 := moneyFen(carried)
	cur, ok2 := moneyFen(current)
	if !ok1 || !ok2 {
		return fmt.Errorf("interp: balances of %s are not whole fen within range", psnNo)
	}
	*l.account(l.member(psnNo)) = fastAccount{current: cur, carried: car}
	return nil
}

// SetAccumulator sets one accumulator of a member's year, as
// MemoryLedger.SetAccumulator. A key the policy never reads is ignored: it
// cannot change a settlement.
func (l *FastLedger) SetAccumulator(psnNo string, year int, key string, amount decimal.Decimal) error {
	if err := l.p.usable(); err != nil {
		return err
	}
	v, ok := moneyFen(amount)
	if !ok {
		return fmt.Errorf("interp: accumulator %s of %s is not whole fen within range", key, psnNo)
	}
	s, ok := l.p.fast.slots[key]
	if !ok {
		return nil
	}
	l.years.set(l.year(l.member(psnNo), year), s, v)
	return nil
}

// Accumulators returns a copy of the member's year: the keys the policy
// uses whose amount is not zero.
func (l *FastLedger) Accumulators(psnNo string, year int) Accumulators {
	out := Accumulators{}
	if l == nil {
		return out // a nil ledger holds nothing
	}
	m, ok := l.find(psnNo)
	if !ok {
		return out
	}
	i, ok := l.findYear(m, year)
	if !ok {
		return out
	}
	l.years.each(i, func(s int32, v int64) {
		if v != 0 {
			out[l.p.fast.keys[s]] = decFen(v)
		}
	})
	return out
}

// Balances returns a member's current-year (当年) and carried-over (历年)
// balances.
func (l *FastLedger) Balances(psnNo string) (current, carried decimal.Decimal) {
	if l == nil {
		return decimal.Decimal{}, decimal.Decimal{} // a nil ledger holds nothing
	}
	m, ok := l.find(psnNo)
	if !ok {
		return decimal.Decimal{}, decimal.Decimal{}
	}
	a := l.account(m)
	return decFen(a.current), decFen(a.carried)
}

// moneyFen converts an amount to fen, or says it is not whole fen or is
// beyond fastMaxFen.
func moneyFen(d decimal.Decimal) (int64, bool) {
	x, ok := fxOf(d)
	if !ok {
		return 0, false
	}
	v, ok := fenOf(x)
	return v, ok && abs64(v) <= fastMaxFen
}
