package interp_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// A cap or a deductible that a policy's arithmetic leaves with a fraction
// of a fen is rounded to the fen by the policy's rounding, as a payment
// is, on the decimal path and the fast path alike: it is a figure of the
// settlement (crt_payb_lmt_amt, act_pay_dedc), and it bounds a payment
// that must be whole fen. The figures are worked by hand in each row.
func TestFractionalCapAndDeductible(t *testing.T) {
	policy := func(rounding string) string {
		return `
policy "p" {
    insutype  390
    effective 2025-01-01 to 2025-12-31
    source    "test" year 2025
    rounding  ` + rounding + `
}
param 每次限额 = min(¥6, inscp_scp_amt × 60%)
benefit 门诊 {
    covers 普通门诊
    ratio  60%
    cap    每次限额 per visit
}
benefit 住院 {
    covers     普通住院
    deductible ¥1000 / 3 per year
    ratio      50%
}
benefit 慢特病 {
    covers 门诊慢特病
    ratio  60%
    cap    inscp_scp_amt × 50% per visit
}
`
	}
	type figures struct{ Dedc, Hifp, Limit, Cash string }
	tests := []struct {
		rounding, medType, inscp string
		want                     figures
	}{
		// 0.01 × 60% = 0.006: the cap and the payment round to 0.01.
		{"half_up", "11", "0.01", figures{"0.00", "0.01", "0.01", "0.00"}},
		// 5.01 × 60% = 3.006 → 3.01 both.
		{"half_up", "11", "5.01", figures{"0.00", "3.01", "3.01", "2.00"}},
		// 9.99 × 60% = 5.994 → 5.99 both, under the ¥6 cap.
		{"half_up", "11", "9.99", figures{"0.00", "5.99", "5.99", "4.00"}},
		{"half_up", "11", "100.00", figures{"0.00", "6.00", "6.00", "94.00"}},
		// Cut off instead: 3.006 → 3.00.
		{"down", "11", "5.01", figures{"0.00", "3.00", "3.00", "2.01"}},
		// ¥1000 / 3 = 333.333… → 333.33; (1000 − 333.33) × 50% = 333.335 → 333.34.
		// A tie: 0.05 × 50% = 0.025 is 0.03 half up, 0.02 to the even fen
		// and cut off; the payment, 0.05 × 60% = 0.03, is held to it.
		{"half_up", "14", "0.05", figures{"0.00", "0.03", "0.03", "0.02"}},
		{"half_even", "14", "0.05", figures{"0.00", "0.02", "0.02", "0.03"}},
		{"down", "14", "0.05", figures{"0.00", "0.02", "0.02", "0.03"}},
		// 0.07 × 50% = 0.035: half up and to the even fen 0.04, cut off 0.03.
		{"half_even", "14", "0.07", figures{"0.00", "0.04", "0.04", "0.03"}},
		// Cash is the rest, deductible included: 1000 − 333.34 = 666.66.
		{"half_up", "21", "1000.00", figures{"333.33", "333.34", "1000.00", "666.66"}},
		// Banker's rounding: 333.335 → 333.34 (to the even fen).
		{"half_even", "21", "1000.00", figures{"333.33", "333.34", "1000.00", "666.66"}},
		// 1000 / 3 cut off is 333.33 too; 333.335 cut off is 333.33.
		{"down", "21", "1000.00", figures{"333.33", "333.33", "1000.00", "666.67"}},
	}
	for _, tt := range tests {
		t.Run(tt.rounding+"/"+tt.medType+"/"+tt.inscp, func(t *testing.T) {
			prog, _, err := interp.LoadFS(mapFS("p.mpl", policy(tt.rounding)), "p.mpl")
			if err != nil {
				t.Fatal(err)
			}
			line := fmt.Sprintf(`{"setl_id":"S","psn_no":"P","insutype":"390","psn_type":"1101","med_type":%q,"medins_lv":"3","setl_time":"2025-03-10",`+
				`"medfee_sumamt":%q,"fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":%q}`, tt.medType, tt.inscp, tt.inscp)
			c, err := claim.NewReader(strings.NewReader(line), claim.JSONL).Next()
			if err != nil {
				t.Fatal(err)
			}
			s, err := prog.Settle(interp.NewMemoryLedger(), c, interp.Options{})
			if err != nil {
				t.Fatal(err)
			}
			got := figures{s.Setlinfo.ActPayDedc.StringFixed(2), s.Setlinfo.HifpPay.StringFixed(2), "", s.Setlinfo.PsnCashPay.StringFixed(2)}
			got.Limit = tt.inscp
			if len(s.Setldetail) > 0 {
				got.Limit = s.Setldetail[0].CrtPaybLmtAmt.StringFixed(2)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("decimal path (-want +got):\n%s", diff)
			}

			// The stream settles on the fast path, and writes the same row.
			if r := interp.FastReason(prog); r != "" {
				t.Fatalf("the fast path does not take the policy: %s", r)
			}
			var want, stream bytes.Buffer
			w := claim.NewWriter(&want, claim.JSONL)
			if err := w.WriteSettlement(s); err != nil {
				t.Fatal(err)
			}
			w.Flush()
			if _, err := prog.RunStream(context.Background(), prog.NewWhatIfLedger(), strings.NewReader(line+"\n"), claim.JSONL,
				claim.NewWriter(&stream, claim.JSONL), interp.BatchOptions{Workers: 1}); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want.String(), stream.String()); diff != "" {
				t.Errorf("fast path differs (-decimal +fast):\n%s", diff)
			}
		})
	}
}
