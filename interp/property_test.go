package interp_test

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"math/rand/v2"
	"os"
	"path"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
	"golang.org/x/tools/txtar"
)

// propertyPolicy is a compiled policy under test and where it came from.
type propertyPolicy struct {
	name string
	prog *interp.Program
}

// propertyPolicies loads every policy shipped under ../policies and a few of
// the golden archives' policies.
func propertyPolicies(t *testing.T) []propertyPolicy {
	t.Helper()
	var out []propertyPolicy
	pfs := os.DirFS("../policies")
	err := fs.WalkDir(pfs, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".mpl" {
			return err
		}
		prog, _, err := interp.LoadFS(pfs, p)
		if err != nil {
			t.Errorf("policies/%s: %v", p, err)
			return nil
		}
		out = append(out, propertyPolicy{"policies/" + p, prog})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("no policies under ../policies")
	}
	for _, name := range []string{"yearly_cap", "serious_illness", "civil_servant", "remote", "bands", "deductible_admission", "admissions_pool", "primary_care"} {
		file := "testdata/settle/" + name + ".txtar"
		prog, _, err := interp.LoadFS(archiveFS(t, file), "policy.mpl")
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		out = append(out, propertyPolicy{file, prog})
	}
	return out
}

// archiveFS reads the txtar archive file as a file system of its files.
func archiveFS(t *testing.T, file string) fstest.MapFS {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range txtar.Parse(data).Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data}
	}
	return fsys
}

// constMoney is the amount of a cap written as a constant (or a parameter
// that is one).
func constMoney(n lang.Node) (decimal.Decimal, bool) {
	switch n := n.(type) {
	case *lang.Const:
		return n.Val.Dec, n.Type().Kind == lang.KindMoney
	case *lang.ParamRef:
		return constMoney(n.Param.Value)
	}
	return decimal.Zero, false
}

// yearlyCap bounds what one kind of capped payment may total in a member's
// year: the smallest constant yearly cap among caps; ok is false when none.
func yearlyCap(caps []*lang.CapRule) (decimal.Decimal, bool) {
	var min decimal.Decimal
	ok := false
	for _, c := range caps {
		if c.PerVisit || c.When != nil {
			continue
		}
		if v, isConst := constMoney(c.Amount); isConst && (!ok || v.LessThan(min)) {
			min, ok = v, true
		}
	}
	return min, ok
}

// pooledCap bounds the pooled fund's yearly payments to one member: the sum
// of each benefit's yearly cap, a benefit with a constant 0% ratio adding
// nothing; ok is false when some paying benefit has no constant yearly cap.
func pooledCap(pol *lang.Policy) (decimal.Decimal, bool) {
	sum := decimal.Zero
	for _, b := range pol.Benefits {
		if b.Refuse != nil {
			continue // it pays nothing
		}
		if c, isConst := b.Ratio.(*lang.Const); isConst && c.Type().Kind == lang.KindRatio && c.Val.Dec.IsZero() && len(b.Adjusts) == 0 {
			continue
		}
		c, ok := yearlyCap(b.Caps)
		if !ok {
			return decimal.Zero, false
		}
		sum = sum.Add(c)
	}
	return sum, true
}

// claimGen makes random claims that a policy accepts.
type claimGen struct {
	rng      *rand.Rand
	pol      *lang.Policy
	members  []string
	covered  []int        // med_type ordinals some benefit covers
	condOnly map[int]bool // covered only by benefits with a condition
	n        int
}

func newClaimGen(rng *rand.Rand, pol *lang.Policy, members int) *claimGen {
	g := &claimGen{rng: rng, pol: pol}
	for i := range members {
		g.members = append(g.members, fmt.Sprintf("M%03d", i))
	}
	g.condOnly = map[int]bool{}
	mt := pol.Enums["med_type"]
	for i := range mt.Labels {
		covered, always := false, false
		for _, b := range pol.Benefits {
			if i < len(b.Covers) && b.Covers[i] {
				covered = true
				always = always || b.When == nil
			}
		}
		if covered {
			g.covered = append(g.covered, i)
			g.condOnly[i] = !always
		}
	}
	return g
}

// conditional reports whether only benefits with a condition cover the
// kind of care a claim names.
func (g *claimGen) conditional(medType string) bool {
	i, ok := g.pol.Enums["med_type"].Lookup(medType)
	return ok && g.condOnly[i]
}

// text is a label or one of its codes, chosen at random.
func (g *claimGen) text(e *lang.Enum, i int) string {
	if len(e.Codes[i]) > 0 && g.rng.IntN(2) == 0 {
		return e.Codes[i][g.rng.IntN(len(e.Codes[i]))]
	}
	return e.Labels[i]
}

func (g *claimGen) pick(field string) string {
	e := g.pol.Enums[field]
	return g.text(e, g.rng.IntN(e.Len()))
}

// fen is a random amount in whole fen, spread over several orders of magnitude.
func (g *claimGen) fen(maxYuan float64) int64 {
	x := math.Exp(g.rng.Float64() * math.Log(maxYuan*100))
	return int64(x)
}

func yuan(fen int64) decimal.Decimal { return decimal.New(fen, -2) }

func (g *claimGen) valid() *claim.Claim {
	g.n++
	from, to := g.pol.From, g.pol.To
	if from.IsZero() {
		from, to = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2025, 12, 31, 0, 0, 0, 0, time.UTC)
	}
	days := int(to.Sub(from).Hours()/24) + 1
	c := &claim.Claim{
		SetlID:      fmt.Sprintf("S%06d", g.n),
		PsnNo:       g.members[g.rng.IntN(len(g.members))],
		Insutype:    g.pol.Insutype,
		PsnType:     g.pick("psn_type"),
		MedType:     g.text(g.pol.Enums["med_type"], g.covered[g.rng.IntN(len(g.covered))]),
		MedinsLv:    g.pick("medins_lv"),
		SetlTime:    from.AddDate(0, 0, g.rng.IntN(days)).Add(time.Duration(g.rng.IntN(86400)) * time.Second),
		AcctNotUsed: g.rng.IntN(5) == 0,
		CvlservFlag: g.rng.IntN(3) == 0,
	}
	if g.rng.IntN(2) == 0 {
		c.Age, c.HasAge = g.rng.IntN(100), true
	}
	if g.rng.IntN(4) == 0 {
		c.MdtrtArea = []string{"省内异地", "跨省异地"}[g.rng.IntN(2)]
		c.RemoteFiling = g.pick("remote_filing")
	}
	if g.rng.IntN(8) == 0 {
		c.MulaidPsnNo = g.members[g.rng.IntN(len(g.members))]
	}
	if g.rng.IntN(3) == 0 {
		total := int64(0)
		for range 1 + g.rng.IntN(5) {
			d := claim.FeeDetail{ItemCode: "X", ChrgItemLv: []string{"甲", "乙", "丙"}[g.rng.IntN(3)]}
			amt := g.fen(20000)
			d.SumAmt = yuan(amt)
			total += amt
			if d.ChrgItemLv == "乙" {
				d.SelfpayProp = decimal.RequireFromString([]string{"0", "0.05", "0.1", "0.125", "0.15", "0.2", "0.333"}[g.rng.IntN(7)])
			}
			if g.rng.IntN(4) == 0 {
				d.LmtPrice, d.HasLmtPrice = yuan(g.fen(20000)), true
				switch g.rng.IntN(4) {
				case 0, 1:
					// A quantity: a price limit times 0.333 may leave a
					// fraction of a fen over it.
					d.Cnt, d.HasCnt = decimal.RequireFromString([]string{"1", "2", "0.5", "2.5", "3", "0.333"}[g.rng.IntN(6)]), true
				case 2:
					// A unit price without a quantity: the count is the
					// total over it, which the price divides exactly.
					cnt := decimal.RequireFromString([]string{"1", "2", "4", "8", "0.5", "2.5", "0.125"}[g.rng.IntN(7)])
					d.Pric, d.HasPric = d.SumAmt.Div(cnt), true
				}
				if g.rng.IntN(4) == 0 {
					// A unit price beside the quantity, to 6 places:
					// within a fen of the total.
					cnt := decimal.RequireFromString([]string{"3", "7", "0.3"}[g.rng.IntN(3)])
					d.Cnt, d.HasCnt = cnt, true
					d.Pric, d.HasPric = d.SumAmt.DivRound(cnt, 6), true
				}
			}
			c.FeeDetails = append(c.FeeDetails, d)
		}
		c.MedfeeSumamt = yuan(total)
		return c
	}
	total := g.fen(300000)
	parts := [4]int64{}
	rest := total
	for i := range 3 {
		if g.rng.IntN(2) == 0 && rest > 0 {
			parts[i] = g.rng.Int64N(rest/4 + 1)
			rest -= parts[i]
		}
	}
	parts[3] = rest
	c.MedfeeSumamt = yuan(total)
	c.FulamtOwnpayAmt, c.OverlmtSelfpay, c.PreselfpayAmt, c.InscpScpAmt = yuan(parts[0]), yuan(parts[1]), yuan(parts[2]), yuan(parts[3])
	return c
}

// invalid breaks one rule of settlement-io.md.
func (g *claimGen) invalid() *claim.Claim {
	c := g.valid()
	c.SetlID = "BAD" + c.SetlID
	switch g.rng.IntN(4) {
	case 0:
		c.PsnType = "不存在的人员类别"
	case 1:
		c.FeeDetails = nil
		c.MedfeeSumamt = c.MedfeeSumamt.Add(yuan(1))
		c.InscpScpAmt = c.MedfeeSumamt.Sub(c.FulamtOwnpayAmt).Sub(c.OverlmtSelfpay).Sub(c.PreselfpayAmt).Add(yuan(1))
	case 2:
		c.Reverses = "NO-SUCH-SETTLEMENT"
	case 3:
		c.SetlTime = time.Date(1999, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	return c
}

func TestSettleProperties(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 500
	}
	for _, pp := range propertyPolicies(t) {
		t.Run(strings.ReplaceAll(pp.name, "/", "_"), func(t *testing.T) {
			pol := pp.prog.Policy()
			rng := rand.New(rand.NewPCG(2025, uint64(len(pp.name))))
			g := newClaimGen(rng, pol, 25)
			if len(g.covered) == 0 {
				t.Fatal("the policy covers no kind of care")
			}
			ledger := interp.NewMemoryLedger()
			for _, m := range g.members {
				if err := ledger.SetBalance(m, yuan(rng.Int64N(1000000))); err != nil {
					t.Fatal(err)
				}
			}
			// Every member has linked every other for family sharing, as
			// a relation the policy shares with: a claim's mulaid_psn_no
			// may draw on that member's account (TestFamilySharingNeedsLink
			// checks the refusal without a link).
			rel := "配偶"
			if ar := pol.AccountRules; ar != nil && len(ar.Share) > 0 {
				rel = ar.Share[0]
			}
			if err := ledger.Update(g.members, func(l interp.Ledger) error {
				for _, owner := range g.members {
					for _, relative := range g.members {
						if owner != relative {
							if err := interp.Link(l, owner, relative, rel); err != nil {
								return err
							}
						}
					}
				}
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			var claims []*claim.Claim
			bad := map[string]bool{}
			for i := range n {
				if i%97 == 0 {
					c := g.invalid()
					bad[c.SetlID] = true
					claims = append(claims, c)
					continue
				}
				claims = append(claims, g.valid())
			}
			sort.SliceStable(claims, func(a, b int) bool { return claims[a].SetlTime.Before(claims[b].SetlTime) })

			type yk struct {
				psn  string
				year int
			}
			pooled := map[yk]decimal.Decimal{}
			funds := map[yk]map[string]decimal.Decimal{}
			settled := map[string]*claim.Claim{}
			var ids []string
			reversals := 0
			check := func(c *claim.Claim, s *claim.Settlement, sign int64) {
				t.Helper()
				checkSettlement(t, c, s, sign)
				k := yk{c.PsnNo, c.SetlTime.Year()}
				pooled[k] = pooled[k].Add(s.Setlinfo.HifpPay)
				if funds[k] == nil {
					funds[k] = map[string]decimal.Decimal{}
				}
				for _, d := range s.Setldetail {
					funds[k][d.FundPayType] = funds[k][d.FundPayType].Add(d.FundPayamt)
				}
			}
			for _, c := range claims {
				// Now and then reverse an earlier settlement of the same year.
				if len(ids) > 0 && rng.IntN(40) == 0 {
					j := rng.IntN(len(ids))
					orig := settled[ids[j]]
					ids = append(ids[:j], ids[j+1:]...)
					if orig.SetlTime.Year() == c.SetlTime.Year() {
						rv := *orig
						rv.SetlID, rv.Reverses, rv.SetlTime = "R"+orig.SetlID, orig.SetlID, c.SetlTime
						s, err := pp.prog.Settle(ledger, &rv, interp.Options{})
						if err != nil {
							t.Fatalf("reversal %s of %s: %v", rv.SetlID, orig.SetlID, err)
						}
						reversals++
						check(orig, s, -1)
					}
				}
				s, err := pp.prog.Settle(ledger, c, interp.Options{})
				if bad[c.SetlID] {
					var ce *claim.Error
					if err == nil {
						t.Errorf("invalid claim %s settled: %+v", c.SetlID, c)
					} else if !errors.As(err, &ce) || ce.Code != claim.CodeClaim {
						t.Errorf("invalid claim %s: want a *claim.Error with code %s, got %T %v", c.SetlID, claim.CodeClaim, err, err)
					}
					continue
				}
				var ce *claim.Error
				if errors.As(err, &ce) && ce.Field == "med_type" && g.conditional(c.MedType) {
					continue // only conditional benefits cover it, and none applied: an error row is right
				}
				if errors.As(err, &ce) && ce.Code == claim.CodeClaim && strings.HasPrefix(ce.Msg, "not covered by policy") {
					continue // the policy refuses such claims, with its reason
				}
				if err != nil {
					t.Fatalf("valid claim %+v: %v", c, err)
				}
				settled[c.SetlID] = c
				ids = append(ids, c.SetlID)
				check(c, s, 1)
			}
			if reversals == 0 {
				t.Error("no reversals were exercised")
			}
			capAmt, ok := pooledCap(pol)
			if pol.Name == "南京市职工基本医疗保险（2025）" {
				if !ok || !capAmt.Equal(decimal.NewFromInt(460000)) {
					t.Errorf("南京 pooled yearly cap read as %s (ok %v), want 460000", capAmt, ok)
				}
			}
			hit := 0
			for k, v := range pooled {
				if ok && v.GreaterThan(capAmt) {
					t.Errorf("member %s paid %s by the pooled fund in %d, over the yearly cap %s", k.psn, v.StringFixed(2), k.year, capAmt.StringFixed(2))
				}
				if ok && v.Equal(capAmt) {
					hit++
				}
			}
			for _, f := range pol.Funds {
				fc, ok := yearlyCap(f.Caps)
				if !ok {
					continue
				}
				for k, m := range funds {
					if m[f.Code].GreaterThan(fc) {
						t.Errorf("member %s was paid %s by fund %s in %d, over its yearly cap %s", k.psn, m[f.Code].StringFixed(2), f.Code, k.year, fc.StringFixed(2))
					}
				}
			}
			t.Logf("%d claims, %d reversals, %d member-years at the pooled cap %s (bounded %v)", len(claims), reversals, hit, capAmt.StringFixed(2), ok)
		})
	}
}

// checkSettlement checks settlement-io.md's invariants on one settlement; a
// reversal (sign −1) has every money part ≤ 0 instead.
func checkSettlement(t *testing.T, c *claim.Claim, s *claim.Settlement, sign int64) {
	t.Helper()
	si := s.Setlinfo
	named := map[string]decimal.Decimal{
		"medfee_sumamt": si.MedfeeSumamt, "fulamt_ownpay_amt": si.FulamtOwnpayAmt, "overlmt_selfpay": si.OverlmtSelfpay,
		"preselfpay_amt": si.PreselfpayAmt, "inscp_scp_amt": si.InscpScpAmt, "act_pay_dedc": si.ActPayDedc,
		"hifp_pay": si.HifpPay, "hifob_pay": si.HifobPay, "hifmi_pay": si.HifmiPay, "cvlserv_pay": si.CvlservPay,
		"hifes_pay": si.HifesPay, "maf_pay": si.MafPay, "oth_pay": si.OthPay, "fund_pay_sumamt": si.FundPaySumamt,
		"psn_part_amt": si.PsnPartAmt, "acct_pay": si.AcctPay, "acct_mulaid_pay": si.AcctMulaidPay,
		"psn_cash_pay": si.PsnCashPay, "balc": si.Balc,
	}
	for name, v := range named {
		if name != "balc" && v.Sign()*int(sign) < 0 {
			t.Errorf("%s: %s = %s has the wrong sign", s.SetlID, name, v.StringFixed(2))
		}
		if !v.Equal(v.Round(2)) {
			t.Errorf("%s: %s = %s is not whole fen", s.SetlID, name, v.String())
		}
	}
	if si.Balc.IsNegative() {
		t.Errorf("%s: balc %s < 0", s.SetlID, si.Balc.StringFixed(2))
	}
	if sum := si.FundPaySumamt.Add(si.AcctPay).Add(si.AcctMulaidPay).Add(si.PsnCashPay); !sum.Equal(si.MedfeeSumamt) {
		t.Errorf("%s: fund + acct + mulaid + cash = %s, medfee_sumamt %s", s.SetlID, sum.StringFixed(2), si.MedfeeSumamt.StringFixed(2))
	}
	if f := si.HifpPay.Add(si.HifobPay).Add(si.HifmiPay).Add(si.CvlservPay).Add(si.HifesPay).Add(si.MafPay).Add(si.OthPay); !f.Equal(si.FundPaySumamt) {
		t.Errorf("%s: funds add up to %s, fund_pay_sumamt %s", s.SetlID, f.StringFixed(2), si.FundPaySumamt.StringFixed(2))
	}
	if split := si.FulamtOwnpayAmt.Add(si.OverlmtSelfpay).Add(si.PreselfpayAmt).Add(si.InscpScpAmt); !split.Equal(si.MedfeeSumamt) {
		t.Errorf("%s: split adds up to %s, medfee_sumamt %s", s.SetlID, split.StringFixed(2), si.MedfeeSumamt.StringFixed(2))
	}
	if !si.MedfeeSumamt.Equal(c.MedfeeSumamt.Mul(decimal.NewFromInt(sign))) {
		t.Errorf("%s: medfee_sumamt %s, claim %s", s.SetlID, si.MedfeeSumamt.StringFixed(2), c.MedfeeSumamt.StringFixed(2))
	}
	detail := decimal.Zero
	for _, d := range s.Setldetail {
		detail = detail.Add(d.FundPayamt)
		if sign > 0 && d.FundPayamt.GreaterThan(d.CrtPaybLmtAmt) {
			t.Errorf("%s: fund %s pays %s, more than crt_payb_lmt_amt %s", s.SetlID, d.FundPayType, d.FundPayamt.StringFixed(2), d.CrtPaybLmtAmt.StringFixed(2))
		}
		if !d.FundPayamt.Equal(d.FundPayamt.Round(2)) {
			t.Errorf("%s: fund %s pays %s, not whole fen", s.SetlID, d.FundPayType, d.FundPayamt.String())
		}
	}
	if !detail.Equal(si.FundPaySumamt) {
		t.Errorf("%s: setldetail adds up to %s, fund_pay_sumamt %s", s.SetlID, detail.StringFixed(2), si.FundPaySumamt.StringFixed(2))
	}
}
