package interp_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// TestNotInsuredGetsNoPooledFund checks a claim's psn_insu_stas (参保状态,
// domain.md): a member not insured (0), suspended (2) or ended (4) gets no
// pooled fund, the deductible counts nothing and the account pays as after
// 断缴; 正常 (1), or no status, settles as usual. The decimal path (Settle)
// and a what-if stream (the fast path, which leaves such claims to Settle)
// give the same rows.
func TestNotInsuredGetsNoPooledFund(t *testing.T) {
	prog := loadNanjing(t)
	// 10000.00: 9000.00 in scope; 500.00 wholly and 500.00 first self-paid.
	tests := []struct {
		stas string
		want []string // act_pay_dedc, hifp_pay, acct_pay, psn_cash_pay
	}{
		{"", []string{"1500.00", "6375.00", "2000.00", "1625.00"}},
		{"1", []string{"1500.00", "6375.00", "2000.00", "1625.00"}},
		{"0", []string{"0.00", "0.00", "2000.00", "8000.00"}},
		{"2", []string{"0.00", "0.00", "2000.00", "8000.00"}},
		{"4", []string{"0.00", "0.00", "2000.00", "8000.00"}},
	}
	figures := func(si claim.Setlinfo) []string {
		return []string{si.ActPayDedc.StringFixed(2), si.HifpPay.StringFixed(2), si.AcctPay.StringFixed(2), si.PsnCashPay.StringFixed(2)}
	}
	for _, tt := range tests {
		line := nanjingInpatient
		if tt.stas != "" {
			line = strings.Replace(line, `"psn_no":"P1"`, `"psn_no":"P1","psn_insu_stas":"`+tt.stas+`"`, 1)
		}
		c := readClaim(t, line)
		l := interp.NewMemoryLedger()
		if err := l.SetBalance("P1", decimal.RequireFromString("2000")); err != nil {
			t.Fatal(err)
		}
		s, err := prog.Settle(l, c, interp.Options{})
		if err != nil {
			t.Fatalf("psn_insu_stas %q: %v", tt.stas, err)
		}
		if diff := cmp.Diff(tt.want, figures(s.Setlinfo)); diff != "" {
			t.Errorf("psn_insu_stas %q, Settle (-want +got):\n%s", tt.stas, diff)
		}
		var batch, stream bytes.Buffer
		bw := claim.NewWriter(&batch, claim.JSONL)
		if err := bw.WriteSettlement(s); err != nil {
			t.Fatal(err)
		}
		if err := bw.Flush(); err != nil {
			t.Fatal(err)
		}
		w := prog.NewWhatIfLedger()
		if err := w.SetBalance("P1", decimal.RequireFromString("2000")); err != nil {
			t.Fatal(err)
		}
		if _, err := prog.RunStream(context.Background(), w, strings.NewReader(line+"\n"), claim.JSONL,
			claim.NewWriter(&stream, claim.JSONL), interp.BatchOptions{}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(batch.String(), stream.String()); diff != "" {
			t.Errorf("psn_insu_stas %q: the what-if stream's row differs from Settle's (-settle +stream):\n%s", tt.stas, diff)
		}
	}
}
