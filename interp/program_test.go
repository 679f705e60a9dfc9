package interp_test

import (
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
