package interp

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// fastFeeSplit splits random fee lines to the fen as the decimal path's
// split does: every class, ratios and quantities of every scale the Reader
// takes, limits above and below the line, amounts up to 2×10¹⁴ fen, halves
// of a fen to round.
func TestFastFeeSplitMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	amount := func() int64 {
		return rng.Int64N([]int64{1, 10, 1000, 1e6, 2e14}[rng.IntN(5)])
	}
	scaled := func(maxCoef int64) (int64, int32) {
		exp := -int32(rng.IntN(9))
		return rng.Int64N(maxCoef + 1), exp
	}
	for n := range 20000 {
		f := claim.Flat{SetlID: "S", SetlTime: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
		for range 1 + rng.IntN(4) {
			d := claim.FlatFee{ItemCode: "X", ChrgItemLv: []string{"甲", "乙", "丙"}[rng.IntN(3)], SumAmt: amount()}
			d.SelfpayExp = -int32(rng.IntN(9))
			d.SelfpayCoef = rng.Int64N(int64(pow10u[-d.SelfpayExp]) + 1)
			if rng.IntN(2) == 0 {
				d.LmtPrice, d.HasLmtPrice = amount(), true
				if rng.IntN(2) == 0 {
					d.CntCoef, d.CntExp = scaled(int64(pow10u[9+rng.IntN(9)]) - 1)
					d.CntCoef = max(d.CntCoef, 1)
					d.HasCnt = true
				}
			}
			f.Fees = append(f.Fees, d)
			f.MedfeeSumamt += d.SumAmt
		}
		r := &run{c: f.Claim(), s: &claim.Settlement{}}
		if err := r.split(); err != nil {
			t.Fatalf("claim %d: the decimal split fails: %v", n, err)
		}
		si := r.s.Setlinfo
		var want [4]int64
		for i, d := range [...]decimal.Decimal{si.FulamtOwnpayAmt, si.OverlmtSelfpay, si.PreselfpayAmt, si.InscpScpAmt} {
			fen, ok := moneyFen(d)
			if !ok {
				t.Fatalf("claim %d: amount %d is not whole fen: %v", n, i, d)
			}
			want[i] = fen
		}
		if diff := cmp.Diff(want, fastFeeSplit(f.Fees)); diff != "" {
			t.Fatalf("claim %d, fee lines %+v (-decimal +fast):\n%s", n, f.Fees, diff)
		}
	}
}
