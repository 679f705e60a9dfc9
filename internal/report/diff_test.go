package report

import (
	"bytes"
	"context"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// settleUnder settles testdata/diff/claims.jsonl under the policy at
// testdata/diff/name, against a fresh ledger.
func settleUnder(t *testing.T, name string) []interp.Result {
	t.Helper()
	prog, _, err := interp.LoadFS(os.DirFS("testdata/diff"), name)
	if err != nil {
		t.Fatal(err)
	}
	text, err := os.ReadFile("testdata/diff/claims.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	rows, err := interp.ReadAll(claim.NewReader(bytes.NewReader(text), claim.JSONL))
	if err != nil {
		t.Fatal(err)
	}
	if err := prog.SettleAll(context.Background(), interp.NewMemoryLedger(), rows, interp.BatchOptions{}); err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestCompare checks the sums of a diff by hand. old.mpl refuses
// outpatient claims and pays 80% of inpatient care above ¥1000 a year;
// new.mpl pays outpatient claims 50% and inpatient 90%. The claims:
//
//	C1  P1 inpatient 10000    old 7200, new 8100; reversed by R1: nets to 0
//	C2  P2 outpatient 1000    old turns it away (member bears 1000), new 500
//	D1  P3 inpatient          first in the file dated 06-01 for 2000, then
//	                          05-01 for 5000: the 05-01 row settles first
//	                          (old 3200, new 3600), the other is an error row
//	R1  P1 reversal of C1
//	X1  P4 unknown psn_type   an error under both
//	E1  P5 inpatient 3000     old 1600, new 1800; sent again, answered, not summed twice
func TestCompare(t *testing.T) {
	d, err := Compare("旧", "新", settleUnder(t, "old.mpl"), settleUnder(t, "new.mpl"), Options{Lang: Chinese, Top: 10})
	if err != nil {
		t.Fatal(err)
	}
	fund := func(key, label, old, new, change string) FundChange {
		return FundChange{Key: key, Label: label, Old: old, New: new, Change: change}
	}
	want := &Diff{
		Old: "旧", New: "新",
		Claims: 4, OnlyNew: 1, ErrorsOld: 3, ErrorsNew: 2, ErrorsBoth: 1, SentAgain: 1,
		Funds: []FundChange{
			fund("hifp_pay", "统筹基金支付", "4800.00", "5900.00", "+1100.00"),
			fund("fund_pay_sumamt", "基金支付合计", "4800.00", "5900.00", "+1100.00"),
			fund("psn_part_amt", "个人负担", "4200.00", "3100.00", "-1100.00"),
			fund("psn_cash_pay", "现金支付", "4200.00", "3100.00", "-1100.00"),
		},
		Members: 4, PayLess: 3,
		TopMembers: []ShareChange{
			{PsnNo: "P2", Old: "1000.00", New: "500.00", Change: "-500.00"},
			{PsnNo: "P3", Old: "1800.00", New: "1400.00", Change: "-400.00"},
			{PsnNo: "P5", Old: "1400.00", New: "1200.00", Change: "-200.00"},
		},
		TopClaims: []ShareChange{
			{SetlID: "C2", PsnNo: "P2", Old: "1000.00", New: "500.00", Change: "-500.00"},
			{SetlID: "D1", PsnNo: "P3", Old: "1800.00", New: "1400.00", Change: "-400.00"},
			{SetlID: "E1", PsnNo: "P5", Old: "1400.00", New: "1200.00", Change: "-200.00"},
		},
		// A reversal nets its claim's fund, and counts as the counts
		// above count it: 4 both + 1 new only.
		By: []Breakdown{
			{Field: "psn_type", Rows: []GroupTotal{{Label: "1101", Claims: 5, Old: "4800.00", New: "5900.00", Change: "+1100.00"}}},
			{Field: "med_type", Rows: []GroupTotal{
				{Label: "11", Claims: 1, Old: "0.00", New: "500.00", Change: "+500.00"},
				{Label: "21", Claims: 4, Old: "4800.00", New: "5400.00", Change: "+600.00"},
			}},
			{Field: "medins_lv", Rows: []GroupTotal{{Label: "3", Claims: 5, Old: "4800.00", New: "5900.00", Change: "+1100.00"}}},
		},
	}
	if diff := cmp.Diff(want, d, cmpopts.IgnoreUnexported(Diff{}, FundChange{}, ShareChange{}, GroupTotal{})); diff != "" {
		t.Errorf("Compare (-want +got):\n%s", diff)
	}
	// Labels named by Options.Label, where it names them.
	named, err := Compare("旧", "新", settleUnder(t, "old.mpl"), settleUnder(t, "new.mpl"), Options{Lang: Chinese, Top: 10,
		Label: func(field, text string) string { return map[string]string{"1101": "在职"}[text] }})
	if err != nil {
		t.Fatal(err)
	}
	if got := []string{named.By[0].Rows[0].Label, named.By[1].Rows[0].Label}; !cmp.Equal(got, []string{"在职", "11"}) {
		t.Errorf("labels %v, want [在职 11]", got)
	}
	// Lists are empty, not null, in JSON.
	empty, err := Compare("旧", "新", nil, nil, Options{Lang: Chinese, Top: 10})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := empty.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(out.Bytes(), []byte("null")) {
		t.Errorf("WriteJSON of an empty diff:\n%s\nwant [] for its lists", out.String())
	}
}

// TestCompareRowsDiffer checks that rows of unequal length are an error,
// not a panic.
func TestCompareRowsDiffer(t *testing.T) {
	if _, err := Compare("a", "b", settleUnder(t, "old.mpl"), nil, Options{Lang: Chinese, Top: 10}); err == nil {
		t.Error("Compare of 8 rows against none: no error")
	}
}

// TestCompareRefusedRows: a reversal one policy refuses while the claim it
// reverses settled under it leaves that settlement standing, and sums as
// nothing (it was summed as the member's whole claim given back in cash,
// a negative share); and a setl_id sent again that both policies refuse
// is counted among the rows refused under both (it was in no count).
func TestCompareRefusedRows(t *testing.T) {
	read := func(line string) *claim.Claim {
		c, err := claim.NewReader(bytes.NewReader([]byte(line)), claim.JSONL).Next()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	const head = `{"psn_no":"Q1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","medfee_sumamt":"5000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"5000.00",`
	v1 := read(head + `"setl_id":"V1","setl_time":"2025-03-01"}`)
	v1r := read(head + `"setl_id":"V1R","reverses":"V1","setl_time":"2025-07-02"}`)
	d1 := read(head + `"setl_id":"D1","setl_time":"2025-03-02"}`)
	d1again := read(`{"psn_no":"Q1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","medfee_sumamt":"5100.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"5100.00","setl_id":"D1","setl_time":"2025-03-02"}`)
	paid := func(c *claim.Claim, fund, own string, sign int) *claim.Settlement {
		f, o := decimal.RequireFromString(fund), decimal.RequireFromString(own)
		if sign < 0 {
			f, o = f.Neg(), o.Neg()
		}
		return &claim.Settlement{SetlID: c.SetlID, PsnNo: c.PsnNo, Reverses: c.Reverses, Setlinfo: claim.Setlinfo{
			MedfeeSumamt: f.Add(o), HifpPay: f, FundPaySumamt: f, PsnPartAmt: o, PsnCashPay: o}}
	}
	refused := func(c *claim.Claim) *claim.Error {
		return &claim.Error{SetlID: c.SetlID, Field: "psn_type", Code: claim.CodeClaim, Msg: "refused"}
	}
	oldRows := []interp.Result{
		{Claim: v1, Settlement: paid(v1, "2975.00", "2025.00", 1)},
		{Claim: v1r, Settlement: paid(v1r, "2975.00", "2025.00", -1)},
		{Claim: d1, Err: refused(d1)},
		{Claim: d1again, Err: refused(d1again)},
	}
	newRows := []interp.Result{
		{Claim: v1, Settlement: paid(v1, "2975.00", "2025.00", 1)},
		{Claim: v1r, Err: refused(v1r)},
		{Claim: d1, Err: refused(d1)},
		{Claim: d1again, Err: refused(d1again)},
	}
	d, err := Compare("old", "new", oldRows, newRows, Options{Lang: English, Top: 10})
	if err != nil {
		t.Fatal(err)
	}
	type counts struct{ Claims, OnlyOld, OnlyNew, ErrorsBoth int }
	if diff := cmp.Diff(counts{Claims: 1, OnlyOld: 1, ErrorsBoth: 2}, counts{d.Claims, d.OnlyOld, d.OnlyNew, d.ErrorsBoth}); diff != "" {
		t.Errorf("counts (-want +got):\n%s", diff)
	}
	got := map[string][2]string{}
	for _, f := range d.Funds {
		got[f.Key] = [2]string{f.Old, f.New}
	}
	want := map[string][2]string{
		"hifp_pay": {"0.00", "2975.00"}, "fund_pay_sumamt": {"0.00", "2975.00"},
		"psn_part_amt": {"0.00", "2025.00"}, "psn_cash_pay": {"0.00", "2025.00"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("totals, old and new (-want +got):\n%s", diff)
	}
}
