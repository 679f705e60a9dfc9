package interp

import "testing"

// TestInvariantsHold: a fast result fails its invariants when any one
// figure is below zero, however large the others, or when a fund pays
// past its limit; and holds them when none is.
func TestInvariantsHold(t *testing.T) {
	figures := func(r *FastResult) []*int64 {
		return []*int64{&r.MedfeeSumamt, &r.FulamtOwnpayAmt, &r.OverlmtSelfpay, &r.PreselfpayAmt, &r.InscpScpAmt,
			&r.ActPayDedc, &r.HifpPay, &r.HifobPay, &r.HifmiPay, &r.CvlservPay, &r.HifesPay, &r.MafPay, &r.OthPay,
			&r.FundPaySumamt, &r.PsnPartAmt, &r.AcctPay, &r.AcctMulaidPay, &r.PsnCashPay, &r.Balc}
	}
	var ok FastResult
	for _, v := range figures(&ok) {
		*v = fastMaxFen
	}
	ok.Details[0] = FastDetail{CrtPaybLmtAmt: 500, FundPayamt: 500}
	ok.NDetails = 1
	if !ok.invariantsHold() {
		t.Fatal("figures at or above zero, a fund within its limit: the invariants fail")
	}
	for i := range figures(&ok) {
		for _, neg := range []int64{-1, -fastMaxFen} {
			r := ok
			*figures(&r)[i] = neg
			if r.invariantsHold() {
				t.Errorf("figure %d at %d: the invariants hold", i, neg)
			}
		}
	}
	r := ok
	r.Details[0].FundPayamt = 501
	if r.invariantsHold() {
		t.Error("a fund paying a fen past its limit: the invariants hold")
	}
}

// TestBigDeltaMarked: a change to an accumulator past 2^56, either sign,
// marks the result for the decimal path; one at 2^56 does not, and reset
// clears the mark.
func TestBigDeltaMarked(t *testing.T) {
	for _, tc := range []struct {
		amt int64
		big bool
	}{{1 << 56, false}, {-1 << 56, false}, {1<<56 + 1, true}, {-1<<56 - 1, true}, {1 << 62, true}} {
		var r FastResult
		r.delta(0, 100)
		r.delta(1, tc.amt)
		if r.bigDelta != tc.big {
			t.Errorf("delta %d: marked %v, want %v", tc.amt, r.bigDelta, tc.big)
		}
		r.reset(nil, &FastClaim{})
		if r.bigDelta {
			t.Errorf("delta %d: still marked after reset", tc.amt)
		}
	}
}
