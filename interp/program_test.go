package interp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
)

// TestPolicySetAfterCompile: a caller setting a field of the policy
// Program.Policy returns (here: no personal account) changes no settlement
// of the compiled program, which other goroutines may be running.
func TestPolicySetAfterCompile(t *testing.T) {
	prog := loadNanjing(t)
	c, err := claim.NewReader(strings.NewReader(nanjingInpatient), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	settle := func() decimal.Decimal {
		l := interp.NewMemoryLedger()
		l.SetBalance("P1", decimal.RequireFromString("300.00"))
		s, err := prog.Settle(l, c, interp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s.Setlinfo.AcctPay
	}
	before := settle()
	if !before.Equal(decimal.RequireFromString("300")) {
		t.Fatalf("acct_pay %s before, want 300.00", before)
	}
	prog.Policy().Account = lang.AccountNone
	if after := settle(); !after.Equal(before) {
		t.Errorf("acct_pay %s after the caller set Policy().Account, want %s as before", after, before)
	}
}

// TestSettleChecksClaimsBuiltInGo: a claim built in Go gets the error a
// Reader gives the same fault, from every way into settlement, and a nil
// claim an error rather than a panic; the ledger is not touched.
func TestSettleChecksClaimsBuiltInGo(t *testing.T) {
	prog := loadNanjing(t)
	good, err := claim.NewReader(strings.NewReader(nanjingInpatient), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	bad := *good
	bad.PsnNo = "P1 " // a member of its own beside P1, with a deductible of its own
	ledger := interp.NewMemoryLedger()
	ways := map[string]func(c *claim.Claim) error{
		"Settle": func(c *claim.Claim) error { _, err := prog.Settle(ledger, c, interp.Options{}); return err },
		"SettleIn": func(c *claim.Claim) error {
			_, err := prog.SettleIn(ledger, c, interp.Options{})
			return err
		},
		"Presettle": func(c *claim.Claim) error { _, err := prog.Presettle(ledger, c, interp.Options{}); return err },
	}
	for name, settle := range ways {
		var ce *claim.Error
		if err := settle(&bad); !errors.As(err, &ce) || ce.Field != "psn_no" || ce.SetlID != "B1" {
			t.Errorf("%s(psn_no %q): %v; want a claim error on psn_no naming B1", name, bad.PsnNo, err)
		}
		if err := settle(nil); err == nil {
			t.Errorf("%s(nil): no error", name)
		}
	}
	if ms, _ := ledger.Members(); len(ms) != 0 {
		t.Errorf("the ledger knows members %v after only refused claims", ms)
	}
}
