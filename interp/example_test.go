package interp_test

import (
	"fmt"
	"os"
	"strings"
	"testing/fstest"
	"time"

	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
)

func ExampleProgram_Settle() {
	fsys := fstest.MapFS{"policy.mpl": {Data: []byte(`
policy "示例" {
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "example" year 2025
}
benefit 住院 {
    covers     普通住院
    deductible ¥1500 per year
    ratio      85%
    cap        ¥460000 per year
}
`)}}
	prog, _, err := interp.LoadFS(fsys, "policy.mpl")
	if err != nil {
		panic(err)
	}
	c, err := claim.NewReader(strings.NewReader(`{"setl_id":"1","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"10000.00","fulamt_ownpay_amt":"500.00","overlmt_selfpay":"0","preselfpay_amt":"500.00","inscp_scp_amt":"9000.00"}`), claim.JSONL).Next()
	if err != nil {
		panic(err)
	}
	s, err := prog.Settle(interp.NewMemoryLedger(), c, interp.Options{})
	if err != nil {
		panic(err)
	}
	// (9000 − 1500) × 85% = 6375; the member pays the rest of 10000.
	fmt.Println("hifp_pay", s.Setlinfo.HifpPay.StringFixed(2))
	fmt.Println("psn_cash_pay", s.Setlinfo.PsnCashPay.StringFixed(2))
	// Output:
	// hifp_pay 6375.00
	// psn_cash_pay 3625.00
}

// A policy with a mistake does not load; lang.Print shows each error as a
// compiler does, the source line with a caret and a hint, for the author.
func ExampleLoadFS_errors() {
	fsys := fstest.MapFS{"policy.mpl": {Data: []byte(`policy "示例" {
    insutype  310
    source    "example" year 2025
}
enum psn_type {
    在职 = 1101
    退休 = 1201
}
param 起付 = match psn_type {
    在职:  ¥1500
    退修:  ¥1200
    default: ¥700
}
benefit 住院 {
    covers     普通住院
    deductible 起付 per year
    ratio      85%
}
`)}}
	_, loader, err := interp.LoadFS(fsys, "policy.mpl")
	if err != nil {
		lang.Print(os.Stdout, err, loader, "")
	}
	// Output:
	// policy.mpl:11:5: unknown person type "退修"
	//         退修:  ¥1200
	//         ^
	//     hint: did you mean "退休"?
}

// A claim built in Go rather than read from a file: set the fields a
// reader would, amounts as decimals. The zero value of every flag is what
// an absent field means (AcctNotUsed false: the personal account pays).
// Settle checks the claim as a claim.Reader checks a line (Claim.Validate),
// so a claim built wrong gets the error a bad line gets.
func ExampleProgram_Settle_claimBuiltInGo() {
	fsys := fstest.MapFS{"policy.mpl": {Data: []byte(`
policy "示例" {
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "example" year 2025
    account   all
}
benefit 住院 {
    covers     普通住院
    deductible ¥1500 per year
    ratio      85%
}
`)}}
	prog, _, err := interp.LoadFS(fsys, "policy.mpl")
	if err != nil {
		panic(err)
	}
	ledger := interp.NewMemoryLedger()
	if err := ledger.SetBalance("P1", decimal.RequireFromString("300.00")); err != nil {
		panic(err)
	}
	c := &claim.Claim{
		SetlID: "1", PsnNo: "P1", Insutype: "310", PsnType: "1101", MedType: "21", MedinsLv: "3",
		SetlTime:     time.Date(2025, 3, 10, 0, 0, 0, 0, time.UTC),
		MedfeeSumamt: decimal.RequireFromString("2000.00"),
		InscpScpAmt:  decimal.RequireFromString("2000.00"),
	}
	s, err := prog.Settle(ledger, c, interp.Options{})
	if err != nil {
		panic(err)
	}
	// (2000 − 1500) × 85% = 425; of the member's 1575, the account pays 300.
	fmt.Println("hifp_pay", s.Setlinfo.HifpPay.StringFixed(2))
	fmt.Println("acct_pay", s.Setlinfo.AcctPay.StringFixed(2))
	fmt.Println("psn_cash_pay", s.Setlinfo.PsnCashPay.StringFixed(2))
	// Output:
	// hifp_pay 425.00
	// acct_pay 300.00
	// psn_cash_pay 1275.00
}
