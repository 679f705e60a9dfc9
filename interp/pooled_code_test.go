package interp_test

import (
	"os"
	"strings"
	"testing"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// 新农合 (insutype 380) has no pooled fund code of its own in the national
// fund_pay_type table: its pooled fund is the resident scheme's, 390100,
// which replaced it, on the decimal path and the fast path alike, and its
// year is kept under that fund's 5206 key. 380100 is no national code,
// and a HIS diffing against the platform would find it nowhere.
func TestRuralSchemePaysFromResidentPooledFund(t *testing.T) {
	prog, _, err := interp.LoadFS(os.DirFS("../policies"), "cn/fujian/rural-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	line := `{"setl_id":"F1","psn_no":"R1","insutype":"380","psn_type":"1501","med_type":"21","medins_lv":"3","setl_time":"2025-03-01",` +
		`"medfee_sumamt":"50000.00","fulamt_ownpay_amt":"1000","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"49000.00"}`
	c, err := claim.NewReader(strings.NewReader(line), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	dl := interp.NewMemoryLedger()
	s, err := prog.Settle(dl, c, interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fl := prog.NewFastLedger()
	fr := settleFastOK(t, prog, fl, c)
	for path, s := range map[string]*claim.Settlement{"decimal": s, "fast": fr.Settlement()} {
		if len(s.Setldetail) == 0 {
			t.Fatalf("%s: no fund paid", path)
		}
		if d := s.Setldetail[0]; d.FundPayType != "390100" || d.FundPayTypeName != "城乡居民基本医疗保险统筹基金" {
			t.Errorf("%s: the pooled fund is %s %s, want 390100 城乡居民基本医疗保险统筹基金", path, d.FundPayType, d.FundPayTypeName)
		}
	}
	year, err := dl.Year("R1", 2025)
	if err != nil {
		t.Fatal(err)
	}
	for name, acc := range map[string]interp.Accumulators{"decimal": year, "fast": fl.Accumulators("R1", 2025)} {
		if got := acc["D390101"]; !got.Equal(s.Setlinfo.HifpPay) {
			t.Errorf("%s: D390101 %s, want the pooled fund's %s (accumulators %v)", name, got, s.Setlinfo.HifpPay, acc)
		}
		if _, ok := acc["D380101"]; ok {
			t.Errorf("%s: a key D380101 of no national fund: %v", name, acc)
		}
	}
}
