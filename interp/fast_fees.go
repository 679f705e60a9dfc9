package interp

import (
	"math/bits"

	"github.com/mpl-lang/mpl/interp/claim"
)

// pow10u are the powers of ten a fee line's ratio or quantity is scaled by.
var pow10u = func() (p [19]uint64) {
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

// fastFeeSplit is run.split on a flat claim's fee lines, in fen: the four
// amounts fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt and
// inscp_scp_amt that the lines come to. The amounts are whole fen within
// 10¹⁷, each ratio within [0, 1] and each quantity positive, as the Reader
// reads them; the sums stay within the claim's total.
func fastFeeSplit(fees []claim.FlatFee) (split [4]int64) {
	ful, over, pre, inscp := &split[0], &split[1], &split[2], &split[3]
	for _, d := range fees {
		if d.ChrgItemLv == "丙" {
			*ful += d.SumAmt
			continue
		}
		rest := d.SumAmt
		if d.HasLmtPrice {
			o := overLimit(rest, d)
			*over += o
			rest -= o
		}
		var p int64
		if d.ChrgItemLv == "乙" {
			p = mulRatioHalfUp(rest, d.SelfpayCoef, -d.SelfpayExp)
		}
		*pre += p
		*inscp += rest - p
	}
	return split
}

// overLimit is how much of sum lies over d's price limit: LmtPrice, or
// LmtPrice × the quantity rounded half up to the fen when one is given.
func overLimit(sum int64, d claim.FlatFee) int64 {
	if !d.HasCnt {
		return max(sum-d.LmtPrice, 0)
	}
	// limit = ⌊(LmtPrice × CntCoef + scale/2) / scale⌋, in 128 bits: scale
	// is 1 or even.
	scale := pow10u[-d.CntExp]
	hi, lo := bits.Mul64(uint64(d.LmtPrice), uint64(d.CntCoef))
	var carry uint64
	lo, carry = bits.Add64(lo, scale/2, 0)
	hi += carry
	// Within the limit when limit ≥ sum, that is when the numerator is
	// at least sum × scale.
	shi, slo := bits.Mul64(uint64(sum), scale)
	if hi > shi || hi == shi && lo >= slo {
		return 0
	}
	limit, _ := bits.Div64(hi, lo, scale) // limit < sum < 2⁶³: it fits
	return sum - int64(limit)
}

// mulRatioHalfUp is amount × coef / 10^places rounded half up to the fen,
// for amount ≥ 0 and 0 ≤ coef ≤ 10^places.
func mulRatioHalfUp(amount, coef int64, places int32) int64 {
	scale := pow10u[places]
	hi, lo := bits.Mul64(uint64(amount), uint64(coef))
	q, rem := bits.Div64(hi, lo, scale) // q ≤ amount: it fits
	if rem >= scale-rem {
		q++
	}
	return int64(q)
}
