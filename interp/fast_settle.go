package interp

import (
	"errors"
	"fmt"

	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
)

// FastResult is a settlement worked out by the fast path: setlinfo's
// figures in fen, setldetail in a fixed array, and what the ledger must
// apply. Reuse one across claims; Settlement converts it to the decimal
// form Settle returns.
type FastResult struct {
	// setlinfo's figures, in fen.
	MedfeeSumamt, FulamtOwnpayAmt, OverlmtSelfpay, PreselfpayAmt, InscpScpAmt int64
	ActPayDedc, HifpPay                                                       int64
	// PoolPropSelfpay is the pooled fund's effective ratio in ten-thousandths
	// (4 places, as setlinfo carries it).
	PoolPropSelfpay                                               int64
	HifobPay, HifmiPay, CvlservPay, HifesPay, MafPay, OthPay      int64
	FundPaySumamt, PsnPartAmt, AcctPay, AcctMulaidPay, PsnCashPay int64
	Balc                                                          int64

	// Details are setldetail: Details[:NDetails], room for the pooled
	// fund and eight further funds (a policy with more is not settled
	// on the fast path).
	Details  [maxFastDetails]FastDetail
	NDetails int

	p             *Program
	setlID, psnNo string
	frame         fastFrame
	deltas        [maxFastDeltas]fastDelta // to the member's year
	nDeltas       int
	bigDelta      bool  // a delta past 2^56 either sign: the claim is left to the decimal path
	acc           int32 // the member's year
	member        int32
	ownMove       fastAccount // taken from the member's account (≥ 0)
}

// FastDetail is one setldetail entry in fen.
type FastDetail struct {
	FundPayType     string // fund code, e.g. 310100
	FundPayTypeName string
	InscpScpAmt     int64
	CrtPaybLmtAmt   int64
	FundPayamt      int64

	// What setl_proc_info is written from.
	kind    uint8 // detailPooled or a fund note kind
	rule    string
	rate    fx
	a, b, c int64      // pooled: deductible, in scope, computed; fund: OOP before, OOP of the claim, computed
	bands   *fastBands // pooled with bands: the bands, worked band by band
}

// The kinds of setl_proc_info text.
const (
	detailPooled              = iota
	detailPooledBands         // the pooled fund's bands, worked band by band
	detailPooledBandsAdjusted // as detailPooledBands, then adjusted
	detailOOPBands
	detailOOP
	detailShareBands
	detailShare
)

type fastDelta struct {
	slot int32
	amt  int64
}

func (r *FastResult) delta(slot int32, amt int64) {
	if amt == 0 {
		return
	}
	if abs64(amt) > 1<<56 {
		r.bigDelta = true
	}
	r.deltas[r.nDeltas] = fastDelta{slot, amt}
	r.nDeltas++
}

func (r *FastResult) fundField(i int) *int64 {
	switch i {
	case fieldHifob:
		return &r.HifobPay
	case fieldHifmi:
		return &r.HifmiPay
	case fieldCvlserv:
		return &r.CvlservPay
	case fieldHifes:
		return &r.HifesPay
	case fieldMaf:
		return &r.MafPay
	}
	return &r.OthPay
}

// SettleFast settles a decoded claim and applies its effects to l, as
// Settle does with a Ledger, with the same figures and the same errors. It
// allocates nothing once the member's year exists, except to report an
// error. ErrNotFast (which changes nothing) means: settle the claim with
// Settle instead.
func (p *Program) SettleFast(l *FastLedger, c *FastClaim, out *FastResult) error {
	if err := p.PresettleFast(l, c, out); err != nil {
		return err
	}
	l.apply(out)
	return nil
}

// apply commits a presettled result.
func (l *FastLedger) apply(r *FastResult) {
	if row := l.years.toChange(r.acc); row != nil {
		for _, d := range r.deltas[:r.nDeltas] {
			row[d.slot] += d.amt
			l.years.grow(d.amt)
		}
	} else {
		for _, d := range r.deltas[:r.nDeltas] {
			l.years.addTo(r.acc, d.slot, d.amt)
		}
	}
	a := l.account(r.member)
	a.current -= r.ownMove.current
	a.carried -= r.ownMove.carried
}

// PresettleFast works out a decoded claim's settlement without applying it.
func (p *Program) PresettleFast(l *FastLedger, c *FastClaim, out *FastResult) error {
	if p.usable() != nil || l == nil || c == nil || out == nil {
		// Inside the if: building checkArgs's arguments allocates.
		return p.checkArgs("fast ledger", l, "fast claim", c, "result", out)
	}
	fp := p.fast
	if fp.reason != "" {
		return ErrNotFast
	}
	if l.p != p {
		return ErrOtherProgram
	}
	if c.ledger != l {
		return errors.New("interp: SettleFast with a claim DecodeFast decoded for another ledger")
	}
	out.reset(p, c)
	if p.to != 0 && (c.day < p.from || c.day > p.to) {
		sc := c.claim()
		return claimErr(sc, "setl_time", "settled %s, outside policy %s's effective period %s to %s",
			sc.SetlTime.Format("2006-01-02"), p.pol.Name, lang.DayString(p.from), lang.DayString(p.to))
	}
	b, err := p.fastBenefit(c, out)
	if err != nil {
		return err
	}
	acc := l.years.at(c.acc)
	if err := p.fastPooled(b, c, acc, out); err != nil {
		return err
	}
	if err := p.fastFurther(b, c, acc, out); err != nil {
		return err
	}
	if !p.fastAccount(l, c, out) {
		return notLinkedErr(c.claim())
	}
	if !out.invariantsHold() {
		return p.fastInvariantError(c, out)
	}
	// Keep every accumulator far from overflow, so apply cannot wrap;
	// each one's amount is looked at only once the ledger's bound says
	// one may be near.
	if out.bigDelta {
		return ErrNotFast
	}
	if l.years.bound > 1<<60 {
		for _, d := range out.deltas[:out.nDeltas] {
			if abs64(acc.get(d.slot)) > 1<<60 {
				return ErrNotFast
			}
		}
	}
	return nil
}

func (r *FastResult) reset(p *Program, c *FastClaim) {
	// Details and deltas are written before they are read (up to NDetails
	// and nDeltas), so they are not cleared: that would cost more than the
	// rest of a settlement.
	r.MedfeeSumamt, r.FulamtOwnpayAmt, r.OverlmtSelfpay, r.PreselfpayAmt, r.InscpScpAmt = c.medfee, c.fulamt, c.overlmt, c.preself, c.inscp
	r.ActPayDedc, r.HifpPay, r.PoolPropSelfpay = 0, 0, 0
	r.HifobPay, r.HifmiPay, r.CvlservPay, r.HifesPay, r.MafPay, r.OthPay = 0, 0, 0, 0, 0, 0
	r.FundPaySumamt, r.PsnPartAmt, r.AcctPay, r.AcctMulaidPay, r.PsnCashPay, r.Balc = 0, 0, 0, 0, 0, 0
	r.NDetails, r.nDeltas, r.bigDelta = 0, 0, false
	r.p, r.setlID, r.psnNo = p, c.setlID, c.psnNo
	r.acc, r.member = c.acc, c.member
	r.ownMove = fastAccount{}
	r.frame.err = nil
	r.frame.val = &c.val
	r.frame.admission = fx{}
	r.frame.noAge = c.noAge
}

// fastRuleErr is ruleErr for an expression's failure; an overflow is not
// the claim's fault but the fast path's limit.
func fastRuleErr(c *FastClaim, err error, rule string, pos lang.Pos, format string) error {
	if errors.Is(err, errFastOverflow) {
		return ErrNotFast
	}
	return ruleErr(c.claim(), rule, pos, format, err)
}

// fastBenefit is benefit in settle.go.
func (p *Program) fastBenefit(c *FastClaim, out *FastResult) (*fastBenefit, error) {
	f := &out.frame
	var covering []*fastBenefit
	if c.medType < len(p.fast.covering) {
		covering = p.fast.covering[c.medType]
	}
	for _, b := range covering {
		rule := b.bp.rule
		if b.when != nil {
			v := b.when(f)
			if f.err != nil {
				return nil, fastRuleErr(c, f.err, rule.Name, rule.Pos, "%v")
			}
			if v.m == 0 {
				continue
			}
		}
		if rf := rule.Refuse; rf != nil {
			return nil, claimErr(c.claim(), rf.Field.String(), "not covered by policy %s: %s (benefit %s at %s)", p.pol.Name, rf.Reason, rule.Name, rf.Pos)
		}
		return b, nil
	}
	sc := c.claim()
	return nil, claimErr(sc, "med_type", "no benefit of policy %s covers med_type %s (%s) for this claim",
		p.pol.Name, sc.MedType, p.enums[lang.FieldMedType].Labels[c.medType])
}

// fastPooled is pooled in settle.go.
func (p *Program) fastPooled(b *fastBenefit, c *FastClaim, acc yearRef, out *FastResult) error {
	f, fp := &out.frame, p.fast
	name := b.bp.rule.Name
	var admissions int64
	for _, slot := range b.admSlots {
		admissions += acc.get(slot)
	}
	f.admission = f.add(fx{admissions, 2}, fx{100, 2})

	// Deductible (起付线).
	var dedc int64
	if d := b.ded; d != nil {
		rule := b.bp.ded.rule
		v := f.wholeFen(d.amount(f), p.pol.Rounding) // as in pooled
		if f.err != nil {
			return fastRuleErr(c, f.err, name, rule.Pos, "deductible: %v")
		}
		if v.m < 0 {
			return ErrNotFast // Settle words the error row (belowZero)
		}
		remaining := v
		if rule.PerAdmission {
			if n := len(d.schedule); n > 0 {
				i := int(admissions / 100)
				if i >= n {
					i = n - 1
				}
				s := d.schedule[i](f)
				if f.err != nil {
					return fastRuleErr(c, f.err, name, rule.Pos, "deductible schedule: %v")
				}
				if d.money[i] {
					remaining = f.wholeFen(s, p.pol.Rounding)
				} else {
					remaining = f.roundTo(f.mul(v, s), 2, p.pol.Rounding)
				}
				if remaining.m < 0 {
					return ErrNotFast // as above
				}
			}
		} else {
			remaining = f.max(fx{}, f.sub(v, fen(acc.get(d.poolSlot))))
		}
		x := f.min(fen(c.inscp), remaining)
		if f.err != nil {
			return ErrNotFast
		}
		var ok bool
		if dedc, ok = fenOf(x); !ok {
			return ErrNotFast
		}
		out.delta(fp.dedSlot, dedc)
		out.delta(d.poolSlot, dedc)
	}
	out.ActPayDedc = dedc
	baseFen := c.inscp - dedc
	base := fen(baseFen)

	// Ratio (报销比例), adjustments and remote care.
	v := b.ratio(f)
	if f.err != nil {
		return fastRuleErr(c, f.err, name, b.bp.ratioPos, "ratio: %v")
	}
	var raw, rate fx
	var bands *fastBands
	if b.bands {
		bands = fp.bands[v.m]
		raw = bands.apply(&f.fxOps, base)
		rate = f.effectiveRate(raw, base)
	} else {
		rate = v
		raw = f.mul(base, rate)
	}
	bandsRaw := raw // the bands' sum, before any adjustment
	apply := func(op byte, a fx) {
		switch op {
		case opAdd:
			raw = f.add(raw, f.mul(base, a))
		case opSub:
			raw = f.sub(raw, f.mul(base, a))
		case opMul:
			raw = f.mul(raw, a)
		case opSet:
			raw = f.mul(base, a)
		}
		if b.bands {
			rate = f.effectiveRate(raw, base)
			return
		}
		switch op {
		case opAdd:
			rate = f.add(rate, a)
		case opSub:
			rate = f.sub(rate, a)
		case opMul:
			rate = f.mul(rate, a)
		case opSet:
			rate = a
		}
	}
	for i := range b.adjusts {
		a := &b.adjusts[i]
		if a.when != nil {
			w := a.when(f)
			if f.err != nil {
				return fastRuleErr(c, f.err, name, a.ap.rule.Pos, "adjust: %v")
			}
			if w.m == 0 {
				continue
			}
		}
		x := a.value(f)
		if f.err != nil {
			return fastRuleErr(c, f.err, name, a.ap.rule.Pos, "adjust: %v")
		}
		apply(a.op, x)
	}
	if b.remote != nil {
		i := b.remote.index(f)
		x := b.remote.fns[i](f)
		if f.err != nil {
			return fastRuleErr(c, f.err, name, b.remote.cells[i].Pos, "remote: %v")
		}
		apply(b.remote.ops[i], x)
	}
	bad := rate.m < 0 || f.cmp(rate, fx{1, 0}) > 0 || raw.m < 0 || f.cmp(raw, base) > 0
	if f.err != nil {
		return ErrNotFast
	}
	if bad {
		// Settle's error row names the field that took the ratio out,
		// which it follows step by step; such claims are rare enough to
		// leave to it.
		return ErrNotFast
	}
	computed := f.roundTo(raw, 2, p.pol.Rounding)
	pay := computed

	// Caps (封顶线).
	pay, limit, applied, failed := applyCapsFast(f, b.caps, acc, p.pol.Rounding, pay, fen(c.inscp))
	if failed != nil {
		return fastCapErr(c, f.err, name, failed)
	}
	payFen, ok1 := fenOf(pay)
	limitFen, ok2 := fenOf(limit)
	if f.err != nil || !ok1 || (payFen > 0 && !ok2) {
		return ErrNotFast
	}
	for i := range b.caps {
		if applied&(1<<i) != 0 && b.caps[i].slot >= 0 {
			out.delta(b.caps[i].slot, payFen)
		}
	}
	out.HifpPay = payFen
	out.PoolPropSelfpay = f.roundTo(rate, 4, lang.HalfUp).m
	out.delta(fp.pooledSlot, payFen)
	out.delta(fp.pooledBiz[c.medType], payFen)
	out.delta(fp.countSlot, 100)
	out.delta(fp.countBiz[c.medType], 100)
	out.delta(b.admSlot, 100)
	if f.err != nil {
		return ErrNotFast
	}
	if payFen > 0 {
		kind := uint8(detailPooled)
		if bands != nil {
			kind = detailPooledBands
			if f.cmp(raw, bandsRaw) != 0 {
				kind = detailPooledBandsAdjusted
			}
		}
		// Field by field: the profile put a twelfth of a settlement on a
		// composite literal here, built aside and copied in whole.
		d := &out.Details[out.NDetails]
		d.FundPayType, d.FundPayTypeName, d.rule = p.pooledCode, fp.pooledName, name
		d.InscpScpAmt, d.CrtPaybLmtAmt, d.FundPayamt = baseFen, limitFen, payFen
		d.kind, d.rate, d.a, d.b, d.c, d.bands = kind, rate, dedc, c.inscp, computed.m, bands
		out.NDetails++
	}
	return nil
}

// effectiveRate is paid / base to 6 places, as effectiveRate in settle.go.
func (o *fxOps) effectiveRate(paid, base fx) fx {
	if base.m == 0 {
		return fx{}
	}
	return o.divRound(paid, base, 6)
}

// fastCapErr is the error of the cap that failed: its rule's error, or,
// where the cap works out below zero (f.err nil), ErrNotFast, so that
// Settle words the error row (belowZero).
func fastCapErr(c *FastClaim, err error, rule string, failed *fastCap) error {
	if err == nil {
		return ErrNotFast
	}
	return fastRuleErr(c, err, rule, failed.cp.rule.Pos, "cap: %v")
}

// applyCapsFast holds pay to the room of every cap that applies. It
// returns the payment, the limit (the smallest room, or noCap when no cap
// applies: crt_payb_lmt_amt), the caps that applied as a bit set, and the
// cap whose rule failed (its error in f.err), or that works out below
// zero (f.err nil), if one did.
func applyCapsFast(f *fastFrame, caps []fastCap, acc yearRef, rounding lang.Rounding, pay, noCap fx) (_, limit fx, applied uint64, failed *fastCap) {
	limit = noCap
	for i := range caps {
		cp := &caps[i]
		room, applies, negative := capRoomFast(f, cp, acc, rounding)
		if f.err != nil || negative {
			return pay, limit, applied, cp
		}
		if !applies {
			continue
		}
		if applied == 0 {
			limit = room
		}
		applied |= 1 << i
		limit = f.min(limit, room)
		if f.cmp(pay, room) > 0 {
			pay = room
		}
	}
	return pay, limit, applied, nil
}

// capRoomFast is capRoom in settle.go; negative says the cap that applies
// works out below zero.
func capRoomFast(f *fastFrame, cp *fastCap, acc yearRef, rounding lang.Rounding) (room fx, applies, negative bool) {
	if cp.when != nil {
		if w := cp.when(f); f.err != nil || w.m == 0 {
			return fx{}, false, false
		}
	}
	room = f.wholeFen(cp.amount(f), rounding)
	if f.err == nil && room.m < 0 {
		return room, true, true
	}
	if cp.slot >= 0 {
		room = f.max(fx{}, f.sub(room, fen(acc.get(cp.slot))))
	}
	return room, f.err == nil, false
}

// fastFurther is further in settle.go.
func (p *Program) fastFurther(b *fastBenefit, c *FastClaim, acc yearRef, out *FastResult) error {
	f, fp := &out.frame, p.fast
	oop := c.inscp - out.HifpPay
	share := oop
	for _, ff := range fp.funds {
		rule := ff.fp.rule
		if rule.Applies != nil && !rule.Applies[b.index] {
			continue
		}
		if ff.when != nil {
			w := ff.when(f)
			if f.err != nil {
				return fastRuleErr(c, f.err, rule.Name, rule.Pos, "when: %v")
			}
			if w.m == 0 {
				continue
			}
		}
		v := ff.rate(f)
		if f.err != nil {
			return fastRuleErr(c, f.err, rule.Name, rule.Pos, "ratio: %v")
		}
		var raw fx
		var kind uint8
		var before int64
		switch {
		case ff.oop && ff.bands:
			before = acc.get(ff.oopSlot)
			bands := fp.bands[v.m]
			raw = f.sub(bands.apply(&f.fxOps, fen(before+oop)), bands.apply(&f.fxOps, fen(before)))
			kind = detailOOPBands
		case ff.oop:
			raw = f.mul(fen(oop), v)
			kind = detailOOP
		case ff.bands:
			raw = fp.bands[v.m].apply(&f.fxOps, fen(share))
			kind = detailShareBands
		default:
			raw = f.mul(fen(share), v)
			kind = detailShare
		}
		if ff.oop {
			out.delta(ff.oopSlot, oop)
		}
		computed := f.min(f.roundTo(raw, 2, p.pol.Rounding), fen(share))
		pay, limit, applied, failed := applyCapsFast(f, ff.caps, acc, p.pol.Rounding, computed, fen(share))
		if failed != nil {
			return fastCapErr(c, f.err, rule.Name, failed)
		}
		if f.err != nil {
			return ErrNotFast
		}
		if pay.m <= 0 {
			continue
		}
		payFen, ok1 := fenOf(pay)
		limitFen, ok2 := fenOf(limit)
		computedFen, ok3 := fenOf(computed)
		if !ok1 || !ok2 || !ok3 {
			return ErrNotFast
		}
		share -= payFen
		for i := range ff.caps {
			if s := ff.caps[i].slot; applied&(1<<i) != 0 && s >= 0 && s != ff.paidSlot {
				out.delta(s, payFen)
			}
		}
		out.delta(ff.paidSlot, payFen)
		*out.fundField(ff.field) += payFen
		out.Details[out.NDetails] = FastDetail{FundPayType: rule.Code, FundPayTypeName: ff.fp.name,
			InscpScpAmt: share + payFen, CrtPaybLmtAmt: limitFen, FundPayamt: payFen,
			kind: kind, rule: rule.Name, rate: v, a: before, b: oop, c: computedFen}
		out.NDetails++
	}
	return nil
}

// fastAccount is account in settle.go, without an account block: 当年
// first, then 历年. It reports false where a family member's account would
// pay some of what is left: a FastLedger keeps no links, so that member
// has linked no one (notLinkedErr).
func (p *Program) fastAccount(l *FastLedger, c *FastClaim, out *FastResult) bool {
	out.FundPaySumamt = out.HifpPay + out.HifobPay + out.HifmiPay + out.CvlservPay + out.HifesPay + out.MafPay + out.OthPay
	out.PsnPartAmt = out.MedfeeSumamt - out.FundPaySumamt
	rest := out.PsnPartAmt
	own := *l.account(c.member)
	if p.fast.accountAll && c.acctUsed {
		out.ownMove = spendFast(own, rest)
		out.AcctPay = out.ownMove.current + out.ownMove.carried
		rest -= out.AcctPay
		if c.mulaid >= 0 && spendFast(*l.account(c.mulaid), rest) != (fastAccount{}) {
			return false
		}
	}
	out.PsnCashPay = rest
	out.Balc = own.current + own.carried - out.AcctPay
	return true
}

// spendFast is spend in settle.go: what an account pays of want, 当年 first.
func spendFast(a fastAccount, want int64) fastAccount {
	if want <= 0 {
		return fastAccount{}
	}
	x := min(want, max(a.current, 0))
	y := min(want-x, max(a.carried, 0))
	return fastAccount{current: x, carried: y}
}

// invariantsHold is the fast test of checkInvariants: the sums hold by
// construction and every figure is whole fen, so only signs and limits
// are left to check.
func (r *FastResult) invariantsHold() bool {
	// The figures or'ed together are below zero when one of them is: its
	// sign bit is set.
	if r.MedfeeSumamt|r.FulamtOwnpayAmt|r.OverlmtSelfpay|r.PreselfpayAmt|r.InscpScpAmt|
		r.ActPayDedc|r.HifpPay|r.HifobPay|r.HifmiPay|r.CvlservPay|r.HifesPay|r.MafPay|r.OthPay|
		r.FundPaySumamt|r.PsnPartAmt|r.AcctPay|r.AcctMulaidPay|r.PsnCashPay|r.Balc < 0 {
		return false
	}
	for _, d := range r.Details[:r.NDetails] {
		if d.FundPayamt > d.CrtPaybLmtAmt {
			return false
		}
	}
	return true
}

// fastInvariantError reports a broken invariant in settle.go's words.
func (p *Program) fastInvariantError(c *FastClaim, out *FastResult) error {
	s := out.Settlement()
	ie := checkInvariants(s, false)
	if ie == nil {
		return fmt.Errorf("interp: fast path: invariants disagree on claim %s", c.setlID)
	}
	return &claim.Error{SetlID: c.setlID, Line: c.line, Field: ie.field, Code: claim.CodeSettlement,
		Msg: "invariant broken: " + ie.msg + " (policy " + p.pol.Name + ")"}
}

// Settlement converts the result to the form Settle returns, with
// setl_proc_info written as settle.go writes it. It allocates.
func (r *FastResult) Settlement() *claim.Settlement {
	var details [maxFastDetails]claim.FenDetail
	s := claim.FenSettlement{Setldetail: r.fenDetails(&details)}
	r.fenSetlinfo(&s)
	return s.Settlement()
}
