package interp_test

import (
	"os"
	"strings"
	"testing"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// benchCase is a policy, one claim and the ledger state it is settled
// against, for both paths.
type benchCase struct {
	policy string
	claim  string
	acc    map[string]string // accumulators of P1's 2025 before the claim
	balc   string
}

var (
	// The claim and (empty) ledger of BenchmarkSettleNanjing.
	benchNanjing = benchCase{policy: nanjingPath, claim: nanjingInpatient}
	// 福建 employee has the most rules of the shipped policies: four
	// benefits, two sharing one yearly deductible pool, a primary-care
	// adjustment and six parameters. The claim is a retiree's ordinary
	// outpatient visit at 基层 with part of the deductible borne: the
	// deductible, the ratio by person type, the adjustment and the
	// personal account all run.
	benchFujian = benchCase{policy: "cn/fujian/employee-2025.mpl",
		claim: `{"setl_id":"F1","psn_no":"P1","insutype":"310","psn_type":"1201","med_type":"11","medins_lv":"基层","setl_time":"2025-05-10","medfee_sumamt":"1280.00","fulamt_ownpay_amt":"80.00","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"1200.00"}`,
		acc:   map[string]string{"Q0000": "300.00", "Q0000_门诊": "300.00"}, balc: "500.00"}
	// 福建 rural does the most per inpatient claim: a refusal's condition,
	// a benefit's condition, a ratio table by level and the 大病 fund's
	// bands over the year's out-of-pocket, crossing from the first band
	// into the second.
	benchFujianRural = benchCase{policy: "cn/fujian/rural-2025.mpl",
		claim: `{"setl_id":"R1","psn_no":"P1","insutype":"380","psn_type":"1501","med_type":"21","medins_lv":"2","setl_time":"2025-05-10","medfee_sumamt":"12000.00","fulamt_ownpay_amt":"1000.00","overlmt_selfpay":"0","preselfpay_amt":"1000.00","inscp_scp_amt":"10000.00"}`,
		acc:   map[string]string{"OOP_大病保险": "4000.00"}}
)

func (bc benchCase) load(b *testing.B) (*interp.Program, *claim.Claim) {
	b.Helper()
	prog, _, err := interp.LoadFS(os.DirFS("../policies"), bc.policy)
	if err != nil {
		b.Fatal(err)
	}
	c, err := claim.NewReader(strings.NewReader(bc.claim), claim.JSONL).Next()
	if err != nil {
		b.Fatal(err)
	}
	return prog, c
}

func (bc benchCase) benchDecimal(b *testing.B) {
	prog, c := bc.load(b)
	l := interp.NewMemoryLedger()
	for k, v := range bc.acc {
		if err := l.SetAccumulator(c.PsnNo, 2025, k, decimal.RequireFromString(v)); err != nil {
			b.Fatal(err)
		}
	}
	if bc.balc != "" {
		if err := l.SetBalance(c.PsnNo, decimal.RequireFromString(bc.balc)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := prog.Presettle(l, c, interp.Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func (bc benchCase) benchFast(b *testing.B) {
	prog, c := bc.load(b)
	l := prog.NewFastLedger()
	for k, v := range bc.acc {
		if err := l.SetAccumulator(c.PsnNo, 2025, k, decimal.RequireFromString(v)); err != nil {
			b.Fatal(err)
		}
	}
	if bc.balc != "" {
		if err := l.SetBalance(c.PsnNo, decimal.RequireFromString(bc.balc)); err != nil {
			b.Fatal(err)
		}
	}
	var fc interp.FastClaim
	if err := prog.DecodeFast(l, c, &fc); err != nil {
		b.Fatal(err)
	}
	var out interp.FastResult
	b.ReportAllocs()
	for b.Loop() {
		// As BenchmarkSettleNanjing: presettle, so every iteration sees the
		// same ledger.
		if err := prog.PresettleFast(l, &fc, &out); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSettleFastNanjing(b *testing.B)     { benchNanjing.benchFast(b) }
func BenchmarkSettleFastComplex(b *testing.B)     { benchFujian.benchFast(b) }
func BenchmarkSettleFastFujianRural(b *testing.B) { benchFujianRural.benchFast(b) }

// The decimal path on the same claims and ledgers, for comparison.
func BenchmarkSettleComplex(b *testing.B)     { benchFujian.benchDecimal(b) }
func BenchmarkSettleFujianRural(b *testing.B) { benchFujianRural.benchDecimal(b) }

// BenchmarkSettleFastCommit settles and commits a stream of Nanjing claims
// to one FastLedger: caps and deductibles fill as they would over a year.
func BenchmarkSettleFastCommit(b *testing.B) {
	prog, c := benchNanjing.load(b)
	l := prog.NewFastLedger()
	var fc interp.FastClaim
	if err := prog.DecodeFast(l, c, &fc); err != nil {
		b.Fatal(err)
	}
	var out interp.FastResult
	b.ReportAllocs()
	for b.Loop() {
		if err := prog.SettleFast(l, &fc, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeFast is the step before SettleFast: the split, the labels
// and the ledger indexes.
func BenchmarkDecodeFast(b *testing.B) {
	prog, c := benchNanjing.load(b)
	l := prog.NewFastLedger()
	var fc interp.FastClaim
	b.ReportAllocs()
	for b.Loop() {
		if err := prog.DecodeFast(l, c, &fc); err != nil {
			b.Fatal(err)
		}
	}
}
