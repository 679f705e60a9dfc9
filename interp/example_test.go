package interp_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"

	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/interp/store"
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

// examplePolicy is the policy of the examples below.
const examplePolicy = `
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
`

// exampleProgram loads examplePolicy from a string, as ExampleCompile does.
func exampleProgram() *interp.Program {
	loader := &lang.Loader{ReadFile: func(string) ([]byte, error) { return []byte(examplePolicy), nil }}
	pol, err := loader.Load("policy.mpl")
	if err != nil {
		panic(err)
	}
	prog, err := interp.Compile(pol)
	if err != nil {
		panic(err)
	}
	return prog
}

// exampleClaim is a 2025 inpatient claim of P1's, of amount yuan, all of
// it within the scope.
func exampleClaim(id string, day int, amount string) *claim.Claim {
	return &claim.Claim{
		SetlID: id, PsnNo: "P1", Insutype: "310", PsnType: "1101", MedType: "21", MedinsLv: "3",
		SetlTime:     time.Date(2025, 3, day, 0, 0, 0, 0, time.UTC),
		MedfeeSumamt: decimal.RequireFromString(amount),
		InscpScpAmt:  decimal.RequireFromString(amount),
	}
}

// A policy held in a string (a database column, a request body) loads
// through a lang.Loader whose ReadFile returns it; Compile makes the
// Program. Where the text has mistakes, print them with lang.Print and
// stop: there is no Program to settle with.
func ExampleCompile() {
	loader := &lang.Loader{ReadFile: func(name string) ([]byte, error) {
		if name != "policy.mpl" {
			return nil, fmt.Errorf("no policy %s", name) // what an extends names
		}
		return []byte(examplePolicy), nil
	}}
	pol, err := loader.Load("policy.mpl")
	if err != nil {
		lang.Print(os.Stderr, err, loader, "")
		return
	}
	prog, err := interp.Compile(pol)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(prog.Policy().Name, prog.Policy().Insutype)
	// Output:
	// 示例 310
}

// A policy file on disk, and the files it extends beside it, load with
// LoadFile; a file that is not there is an error that errors.Is matches
// to fs.ErrNotExist.
func ExampleLoadFile() {
	prog, loader, err := interp.LoadFile("../policies/cn/nanjing/employee-2025.mpl")
	if err != nil {
		lang.Print(os.Stderr, err, loader, "")
		return
	}
	fmt.Println(prog.Policy().Name)

	_, _, err = interp.LoadFile("../policies/cn/nanjing/missing.mpl")
	fmt.Println(errors.Is(err, os.ErrNotExist))
	// Output:
	// 南京市职工基本医疗保险（2025）
	// true
}

// SettleIn settles each claim in one transaction of a Store: here a SQLite
// file, created on first use, that keeps members' years across runs and
// processes. A claim sent again is answered from the ledger, and pays
// nothing twice.
func ExampleProgram_SettleIn() {
	dir, err := os.MkdirTemp("", "mpl-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ledger, err := store.Open(filepath.Join(dir, "mpl.db"))
	if err != nil {
		panic(err)
	}
	defer ledger.Close()
	prog := exampleProgram()
	for _, c := range []*claim.Claim{exampleClaim("A", 10, "10000.00"), exampleClaim("B", 20, "3000.00"), exampleClaim("A", 10, "10000.00")} {
		s, err := prog.SettleIn(ledger, c, interp.Options{})
		if err != nil {
			panic(err)
		}
		fmt.Println(s.SetlID, "hifp_pay", s.Setlinfo.HifpPay.StringFixed(2), "act_pay_dedc", s.Setlinfo.ActPayDedc.StringFixed(2))
	}
	// Output:
	// A hifp_pay 7225.00 act_pay_dedc 1500.00
	// B hifp_pay 2550.00 act_pay_dedc 0.00
	// A hifp_pay 7225.00 act_pay_dedc 1500.00
}

// A reversal is a claim of its own, with a setl_id of its own, that names
// the settlement it takes back in Reverses and repeats that claim's
// figures: its settlement is the first one's negated, and the member's
// year is as if the first had never been (here: the deductible is met
// again by the next claim).
func ExampleProgram_Settle_reversal() {
	prog := exampleProgram()
	ledger := interp.NewMemoryLedger()
	if _, err := prog.Settle(ledger, exampleClaim("A", 10, "10000.00"), interp.Options{}); err != nil {
		panic(err)
	}
	r := exampleClaim("A-R", 11, "10000.00")
	r.Reverses = "A"
	s, err := prog.Settle(ledger, r, interp.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(s.SetlID, "hifp_pay", s.Setlinfo.HifpPay.StringFixed(2))
	s, err = prog.Settle(ledger, exampleClaim("B", 12, "3000.00"), interp.Options{})
	if err != nil {
		panic(err)
	}
	fmt.Println(s.SetlID, "act_pay_dedc", s.Setlinfo.ActPayDedc.StringFixed(2))
	// Output:
	// A-R hifp_pay -7225.00
	// B act_pay_dedc 1500.00
}

// With Options.Explain a settlement carries its trace: each step's rule,
// where the policy writes it, what it read and what it moved.
func ExampleProgram_Settle_trace() {
	prog := exampleProgram()
	s, err := prog.Settle(interp.NewMemoryLedger(), exampleClaim("A", 10, "10000.00"), interp.Options{Explain: true})
	if err != nil {
		panic(err)
	}
	for _, step := range s.Trace {
		if step.Pos != "" { // the steps of the policy's rules, not the arithmetic between them
			fmt.Println(step.Step, step.Rule, step.Pos, step.Amount.StringFixed(2))
		}
	}
	// Output:
	// benefit 住院 policy.mpl:7:1 0.00
	// deductible 住院 policy.mpl:9:5 1500.00
	// ratio 住院 policy.mpl:10:16 7225.00
}

// A claim at fault (*claim.Error: the caller's to correct), a policy that
// does not load (lang.ErrorList of *lang.Error: its author's) and a ledger
// that fails (*interp.StoreError: retry once it works) are told apart
// with errors.As.
func Example_errors() {
	classify := func(err error) string {
		var claimErr *claim.Error
		var policyErr *lang.Error
		var failed *interp.StoreError
		switch {
		case err == nil:
			return "settled"
		case errors.As(err, &claimErr):
			return "claim error on " + claimErr.Field + ": " + claimErr.Code
		case errors.As(err, &policyErr):
			return "policy error at " + policyErr.Pos.String() + ": " + string(policyErr.Code)
		case errors.As(err, &failed):
			return "ledger failed: " + failed.Err.Error()
		}
		return "other: " + err.Error()
	}
	prog := exampleProgram()

	bad := exampleClaim("A", 10, "10000.00")
	bad.PsnType = "9999"
	_, err := prog.Settle(interp.NewMemoryLedger(), bad, interp.Options{})
	fmt.Println(classify(err))

	wrong := strings.Replace(examplePolicy, "ratio      85%", "ratio      185%", 1)
	_, _, err = interp.LoadFS(fstest.MapFS{"policy.mpl": {Data: []byte(wrong)}}, "policy.mpl")
	fmt.Println(classify(err))

	dir, err := os.MkdirTemp("", "mpl-example")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)
	ledger, err := store.Open(filepath.Join(dir, "mpl.db"))
	if err != nil {
		panic(err)
	}
	ledger.Close() // a database gone away
	_, err = prog.SettleIn(ledger, exampleClaim("A", 10, "10000.00"), interp.Options{})
	fmt.Println(classify(err))
	// Output:
	// claim error on psn_type: mpl_claim_error
	// policy error at policy.mpl:10:16: mpl_value_error
	// ledger failed: sql: database is closed
}
