package report

import (
	"context"
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/policies"
	"github.com/shopspring/decimal"
)

// claimLine is a JSON Lines claim of the fields these tests vary; the
// rest are zero.
func claimLine(id, psn, insutype, psnType, medType, lv, day, inscp string) string {
	return `{"setl_id":"` + id + `","psn_no":"` + psn + `","insutype":"` + insutype + `","psn_type":"` + psnType +
		`","med_type":"` + medType + `","medins_lv":"` + lv + `","setl_time":"2025-` + day + `","medfee_sumamt":"` + inscp +
		`","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"` + inscp + `"}` + "\n"
}

// A policy that rounds down, and one with a per-admission deductible
// schedule, as the findings' reproductions have them.
var testPolicies = fstest.MapFS{
	"down.mpl": {Data: []byte(`policy "截尾测试" {
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "test" year 2025
    rounding  down
}
benefit 住院 "普通住院" {
    covers     普通住院
    deductible ¥100 per year pool 住院
    ratio      85%
}
`)},
	"even.mpl": {Data: []byte(`policy "银行家舍入" {
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "test" year 2025
    rounding  half_even
}
benefit 住院 "普通住院" {
    covers     普通住院
    ratio      50%
}
`)},
	"held.mpl": {Data: []byte(`policy "两道基金" {
    insutype  390
    effective 2025-01-01 to 2025-12-31
    source    "test" year 2025
}
benefit 住院 "普通住院" {
    covers 普通住院
    ratio  50%
}
fund 大额 {
    code  330100
    base  share
    ratio 50%
}
fund 大病 {
    code  390200
    base  oop
    ratio 80%
}
`)},
	"sched.mpl": {Data: []byte(`policy "分次起付线测试" {
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "test" year 2025
}
benefit 住院 "普通住院" {
    covers     普通住院
    deductible ¥400 per admission schedule [¥400, ¥280, ¥200]
    ratio      80%
}
`)},
}

// TestExplainSteps checks each step's words and cited line against the
// settlement they explain: the fund a cap holds, the policy's rounding,
// bands worked band by band, a deductible schedule's amount due, care at
// the insured place, and a serious-illness fund's working, in both
// languages.
func TestExplainSteps(t *testing.T) {
	const (
		sh = "cn/shanghai/resident-2025.mpl"
		gd = "cn/guangdong/rural-2025.mpl"
		tj = "cn/tianjin/resident-2025.mpl"
		ty = "cn/taiyuan/employee-2025.mpl"
		fj = "cn/fujian/rural-2025.mpl"
	)
	shanghai := claimLine("Sh1", "S8", "390", "1501", "21", "3", "03-01", "600000.00") +
		claimLine("Sh2", "S8", "390", "1501", "21", "3", "04-01", "30000.00")
	tianjin := claimLine("Ta1", "T01", "390", "1501", "21", "3", "03-01", "16000.00") +
		claimLine("Ta2", "T01", "390", "1501", "21", "3", "05-01", "10000.00")
	sched := claimLine("A1", "X", "310", "1101", "21", "3", "03-01", "1000.00") +
		claimLine("A2", "X", "310", "1101", "21", "3", "04-01", "1000.00") +
		claimLine("A3", "X", "310", "1101", "21", "3", "05-01", "150.00")
	fujian := claimLine("s4", "S1", "380", "1501", "21", "3", "04-20", "30000.00") +
		claimLine("s5", "S1", "380", "1501", "11", "3", "05-20", "100.00")
	tests := []struct {
		name   string
		fsys   fs.FS
		policy string
		claims string
		id     string
		lang   Lang
		want   []Step
	}{{
		name: "a 大病 fund's yearly cap names that fund", fsys: policies.FS, policy: sh, claims: shanghai, id: "Sh2", lang: Chinese,
		want: []Step{
			{Text: "适用待遇「住院」(住院（基本统筹，本文件所设）)", Pos: sh + ":58:1"},
			{Text: "统筹基金：30000.00 × 50% = 15000.00", Pos: sh + ":60:12"},
			{Text: "城乡居民大病医疗保险资金（大病保险）：起付标准 10000.00，本年合规自付累计 300000.00 → 315000.00，分段累进 15000.00 × 60% = 9000.00", Pos: sh + ":67:1"},
			{Text: "年度限额 180000.00，本年已付 174000.00：城乡居民大病医疗保险资金由 9000.00 降为 6000.00", Pos: sh + ":71:5"},
			{Text: "现金：9000.00"},
		},
	}, {
		name: "a 大病 fund's yearly cap in English", fsys: policies.FS, policy: sh, claims: shanghai, id: "Sh2", lang: English,
		want: []Step{
			{Text: `Benefit "住院" applies (住院（基本统筹，本文件所设）)`, Pos: sh + ":58:1"},
			{Text: "Pooled fund: 30000.00 × 50% = 15000.00", Pos: sh + ":60:12"},
			{Text: "Serious-illness insurance (大病保险): threshold 10000.00, in-scope out-of-pocket this year 300000.00 → 315000.00, in bands 15000.00 × 60% = 9000.00", Pos: sh + ":67:1"},
			{Text: "Yearly limit 180000.00, 174000.00 already paid: serious-illness insurance cut from 9000.00 to 6000.00", Pos: sh + ":71:5"},
			{Text: "Cash: 9000.00"},
		},
	}, {
		name: "rounding down shows the amount paid", fsys: testPolicies, policy: "down.mpl", id: "D3", lang: Chinese,
		claims: claimLine("D3", "Z", "310", "1101", "21", "3", "03-01", "200.95"),
		want: []Step{
			{Text: "适用待遇「住院」(普通住院)", Pos: "down.mpl:7:1"},
			{Text: "起付线：本年已付 0.00，本次承担 100.00（应付 100.00）", Pos: "down.mpl:9:5"},
			{Text: "统筹基金：(200.95 − 100.00) × 85% = 85.80（分以下舍去）", Pos: "down.mpl:10:16"},
			{Text: "个人账户：余额 0.00，支付 0.00"},
			{Text: "现金：115.15"},
		},
	}, {
		name: "rounding down to nothing", fsys: testPolicies, policy: "down.mpl", id: "D4", lang: English,
		claims: claimLine("D4", "Z", "310", "1101", "21", "3", "03-01", "100.01"),
		want: []Step{
			{Text: `Benefit "住院" applies (普通住院)`, Pos: "down.mpl:7:1"},
			{Text: "Deductible: 0.00 already borne this year, 100.00 borne now (deductible 100.00)", Pos: "down.mpl:9:5"},
			{Text: "Pooled fund: (100.01 − 100.00) × 85% = 0.00 (fractions of a fen dropped, as the policy rounds down)", Pos: "down.mpl:10:16"},
			{Text: "Personal account: balance 0.00, pays 0.00"},
			{Text: "Cash: 100.01"},
		},
	}, {
		name: "rounding half to even", fsys: testPolicies, policy: "even.mpl", id: "E1", lang: Chinese,
		claims: claimLine("E1", "Z", "310", "1101", "21", "3", "03-01", "0.05"),
		want: []Step{
			{Text: "适用待遇「住院」(普通住院)", Pos: "even.mpl:7:1"},
			{Text: "统筹基金：0.05 × 50% = 0.02（分以下四舍六入五成双）", Pos: "even.mpl:9:16"},
			{Text: "个人账户：余额 0.00，支付 0.00"},
			{Text: "现金：0.03"},
		},
	}, {
		name: "bands worked band by band, citing the bands", fsys: policies.FS, policy: gd, id: "GB1", lang: Chinese,
		claims: claimLine("GB1", "G91", "390", "1501", "21", "县级医院", "03-01", "10237.57"),
		want: []Step{
			{Text: "适用待遇「县级住院」(县级及二级医院住院（分段）)", Pos: gd + ":89:1"},
			{Text: "统筹基金：10237.57 分段累进 500.00 × 25% + 9500.00 × 65% + 237.57 × 50% = 6418.79", Pos: gd + ":57:24"},
			{Text: "现金：3818.78"},
		},
	}, {
		name: "bands in English", fsys: policies.FS, policy: gd, id: "b8", lang: English,
		claims: claimLine("b8", "G92", "390", "1501", "21", "二级", "03-01", "10500.00"),
		want: []Step{
			{Text: `Benefit "县级住院" applies (县级及二级医院住院（分段）)`, Pos: gd + ":89:1"},
			{Text: "Pooled fund: 10500.00 in bands 500.00 × 25% + 9500.00 × 65% + 500.00 × 50% = 6550.00", Pos: gd + ":57:24"},
			{Text: "Cash: 3950.00"},
		},
	}, {
		name: "a fund held to the in-scope share left", fsys: testPolicies, policy: "held.mpl", id: "H1", lang: Chinese,
		claims: claimLine("H1", "R", "390", "1501", "21", "3", "03-01", "1000.00"),
		want: []Step{
			{Text: "适用待遇「住院」(普通住院)", Pos: "held.mpl:6:1"},
			{Text: "统筹基金：1000.00 × 50% = 500.00", Pos: "held.mpl:8:12"},
			{Text: "大额医疗费用补助基金（大额）：剩余合规自付 500.00 × 50% = 250.00", Pos: "held.mpl:10:1"},
			{Text: "城乡居民大病医疗保险资金（大病）：本次合规自付 500.00 × 80% = 400.00，以剩余合规自付 250.00 为限：250.00", Pos: "held.mpl:15:1"},
			{Text: "现金：0.00"},
		},
	}, {
		name: "the second admission's deductible is the schedule's", fsys: testPolicies, policy: "sched.mpl", claims: sched, id: "A2", lang: Chinese,
		want: []Step{
			{Text: "适用待遇「住院」(普通住院)", Pos: "sched.mpl:6:1"},
			{Text: "起付线（按次）：本次承担 280.00（应付 280.00，本年第 2 次）", Pos: "sched.mpl:8:5"},
			{Text: "统筹基金：(1000.00 − 280.00) × 80% = 576.00", Pos: "sched.mpl:9:16"},
			{Text: "个人账户：余额 0.00，支付 0.00"},
			{Text: "现金：424.00"},
		},
	}, {
		name: "the third admission's deductible is the schedule's", fsys: testPolicies, policy: "sched.mpl", claims: sched, id: "A3", lang: English,
		want: []Step{
			{Text: `Benefit "住院" applies (普通住院)`, Pos: "sched.mpl:6:1"},
			{Text: "Deductible per admission: 150.00 borne now (deductible 200.00, admission 3 this year)", Pos: "sched.mpl:8:5"},
			{Text: "Pooled fund: (150.00 − 150.00) × 80% = 0.00", Pos: "sched.mpl:9:16"},
			{Text: "Personal account: balance 0.00, pays 0.00"},
			{Text: "Cash: 150.00"},
		},
	}, {
		name: "care at the insured place is not remote care", fsys: policies.FS, policy: ty, id: "a2", lang: Chinese,
		claims: claimLine("a2", "T1", "310", "1101", "21", "3", "05-01", "10000.00"),
		want: []Step{
			{Text: "适用待遇「住院」(住院)", Pos: ty + ":68:1"},
			{Text: "统筹基金：10000.00 × 85% = 8500.00", Pos: ty + ":70:12"},
			{Text: "个人账户：余额 0.00，支付 0.00"},
			{Text: "现金：1500.00"},
		},
	}, {
		name: "a filing's adjustment at the insured place says what it does", fsys: policies.FS, policy: ty, id: "a3", lang: Chinese,
		claims: strings.Replace(claimLine("a3", "T2", "310", "1101", "21", "3", "05-01", "10000.00"), `"setl_time"`, `"remote_filing":"长期","setl_time"`, 1),
		want: []Step{
			{Text: "适用待遇「住院」(住院)", Pos: ty + ":68:1"},
			{Text: "统筹基金：10000.00 × 85% = 8500.00", Pos: ty + ":70:12"},
			{Text: "就医地调整（本地，备案 长期）：比例 - 5%，调整后比例 80%，统筹基金 8000.00", Pos: ty + ":72:9"},
			{Text: "个人账户：余额 0.00，支付 0.00"},
			{Text: "现金：2000.00"},
		},
	}, {
		name: "大病 bands ending within the claim say so", fsys: policies.FS, policy: fj, claims: fujian, id: "s4", lang: English,
		want: []Step{
			{Text: `Benefit "住院" applies (住院)`, Pos: fj + ":109:1"},
			{Text: "Pooled fund: 30000.00 × 30% = 9000.00", Pos: fj + ":112:12"},
			{Text: "Serious-illness insurance (大病保险): threshold 5000.00, in-scope out-of-pocket this year 0.00 → 21000.00, in bands 5000.00 × 65% + 8000.00 × 70% = 8850.00, the part above 18000.00 is beyond the bands", Pos: fj + ":116:1"},
			{Text: "Cash: 12150.00"},
		},
	}, {
		name: "大病 below its threshold says so", fsys: policies.FS, policy: tj, claims: tianjin, id: "Ta1", lang: Chinese,
		want: []Step{
			{Text: "适用待遇「住院」(住院（基本统筹，本文件所设）)", Pos: tj + ":54:1"},
			{Text: "统筹基金：16000.00 × 50% = 8000.00", Pos: tj + ":56:12"},
			{Text: "城乡居民大病医疗保险资金（大病保险）：起付标准 10000.00，本年合规自付累计 0.00 → 8000.00，未超过起付标准：0.00", Pos: tj + ":62:1"},
			{Text: "现金：8000.00"},
		},
	}, {
		name: "大病 over its threshold shows its working", fsys: policies.FS, policy: tj, claims: tianjin, id: "Ta2", lang: English,
		want: []Step{
			{Text: `Benefit "住院" applies (住院（基本统筹，本文件所设）)`, Pos: tj + ":54:1"},
			{Text: "Pooled fund: 10000.00 × 50% = 5000.00", Pos: tj + ":56:12"},
			{Text: "Serious-illness insurance (大病保险): threshold 10000.00, in-scope out-of-pocket this year 8000.00 → 13000.00, in bands 3000.00 × 60% = 1800.00", Pos: tj + ":62:1"},
			{Text: "Cash: 3200.00"},
		},
	}, {
		name: "大病 bands used up say so", fsys: policies.FS, policy: fj, claims: fujian, id: "s5", lang: Chinese,
		want: []Step{
			{Text: "适用待遇「门诊」(门诊)", Pos: fj + ":96:1"},
			{Text: "统筹基金：100.00 × 20% = 20.00", Pos: fj + ":98:12"},
			{Text: "城乡居民大病医疗保险资金（大病保险）：分段至 18000.00 为止，本年合规自付累计 21000.00 → 21080.00，分段已用完：0.00", Pos: fj + ":116:1"},
			{Text: "现金：80.00"},
		},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := explainOne(t, tt.fsys, tt.policy, tt.claims, tt.id, tt.lang).Steps
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("steps of %s (-want +got):\n%s", tt.id, diff)
			}
		})
	}
}

// explainOne settles claims (JSON Lines) under the policy at path in fsys,
// with their traces, and explains the one with setl_id id.
func explainOne(t *testing.T, fsys fs.FS, path, claims, id string, lang Lang) *Explanation {
	t.Helper()
	prog, _, err := interp.LoadFS(fsys, path)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := interp.ReadAll(claim.NewReader(strings.NewReader(claims), claim.JSONL))
	if err != nil {
		t.Fatal(err)
	}
	if err := prog.SettleAll(context.Background(), interp.NewMemoryLedger(), rows, interp.BatchOptions{Options: interp.Options{Explain: true}}); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if r.Err != nil {
			t.Fatalf("%v", r.Err)
		}
		if r.Settlement.SetlID == id {
			return Explain(r.Settlement, prog.Policy().Name, "", lang)
		}
	}
	t.Fatalf("no settlement %s", id)
	return nil
}

// TestExplainOldFundStep checks that a fund step traced before steps
// carried their working (a ledger's stored trace) still reads as it did:
// the fund's own name and amount, not the pooled fund's.
func TestExplainOldFundStep(t *testing.T) {
	step := claim.TraceStep{Step: "fund", Rule: "大病保险", Amount: decimal.RequireFromString("1800.00"),
		Inputs: map[string]string{"fund_pay_type": "390200", "fund_name": "城乡居民大病医疗保险资金", "share": "5000.00"}}
	if diff := cmp.Diff("城乡居民大病医疗保险资金（大病保险）：1800.00", Chinese.sentence(step)); diff != "" {
		t.Errorf("old fund step (-want +got):\n%s", diff)
	}
}
