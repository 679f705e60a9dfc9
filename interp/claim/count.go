package claim

import (
	"math/bits"
	"strconv"

	"github.com/shopspring/decimal"
)

// A fee line's unit price, pric (单价), and quantity, cnt (数量), are the
// national platform's: its fee lines (2204) carry pric with 6 decimal
// places and cnt with 4 beside det_item_fee_sumamt, their product rounded
// to the fen, and pric_uplmt_amt (lmt_price) is a limit on pric, per unit.
// A line's limit is so lmt_price × cnt, which needs the quantity. A line
// that gives pric but not cnt gives it as det_item_fee_sumamt / pric,
// which must then be a quantity as cnt may be written; a line that gives
// all three must have pric × cnt within a fen of det_item_fee_sumamt, the
// rounding a HIS's product may have, or the limit would be applied to a
// quantity the line's total does not bear out.
const (
	pricPlaces    = 6
	pricIntDigits = 11 // pric × 10⁸ fits a uint64, for unitCount
)

// unitCount is det_item_fee_sumamt / pric, sumFen / 100 over pricCoef ×
// 10^pricExp (pricCoef ≥ 0, -pricPlaces ≤ pricExp ≤ 0), as a quantity
// cntField would read from cnt: coef × 10^exp with coef > 0, at most
// cntPlaces places and cntIntDigits digits before the point, the exponent
// as parseDecimal gives it. ok is false when the quotient is no such
// quantity: not exact to cntPlaces places, 0, too large, or pric 0.
func unitCount(sumFen, pricCoef int64, pricExp int32) (coef int64, exp int32, ok bool) {
	if sumFen <= 0 || pricCoef <= 0 {
		return 0, 0, false
	}
	// sum / pric = sumFen × 10^(-pricExp) / (pricCoef × 100); times 10^k
	// it is the coefficient of a quantity of k places, when whole. The
	// first whole k gives the exponent parseDecimal would.
	den := uint64(pricCoef) * 100 // below 10¹⁹: it fits
	for k := 0; k <= cntPlaces; k++ {
		hi, lo := bits.Mul64(uint64(sumFen), pow10u[int(-pricExp)+k])
		if hi >= den {
			return 0, 0, false // the quotient needs more than 64 bits
		}
		q, rem := bits.Div64(hi, lo, den)
		if rem != 0 {
			continue
		}
		if q >= uint64(pow10[cntIntDigits+k]) {
			return 0, 0, false
		}
		return int64(q), int32(-k), true
	}
	return 0, 0, false
}

// countAgrees reports whether pric × cnt, pricCoef × 10^pricExp times
// cntCoef × 10^cntExp (coefficients ≥ 0, exponents within -pricPlaces
// and -cntPlaces and 0), lies within a fen of sumFen / 100.
func countAgrees(sumFen, pricCoef int64, pricExp int32, cntCoef int64, cntExp int32) bool {
	// Compare at 10^-m, m the places of the product or of the fen,
	// whichever is more.
	places := int(-pricExp - cntExp)
	m := max(places, moneyPlaces)
	hi, lo := bits.Mul64(uint64(pricCoef), uint64(cntCoef))
	prod := mulSmall(u128{hi, lo}, pow10u[m-places])
	sum := mulSmall(u128{0, uint64(sumFen)}, pow10u[m-moneyPlaces])
	fen := u128{0, pow10u[m-moneyPlaces]}
	if prod.less(sum) {
		prod, sum = sum, prod
	}
	return !fen.less(prod.sub(sum))
}

// u128 is an unsigned 128-bit integer, for countAgrees: below 10³⁸ a
// product of a price and a quantity, scaled, stays exact.
type u128 struct{ hi, lo uint64 }

// mulSmall is x × m, which the caller knows fits.
func mulSmall(x u128, m uint64) u128 {
	hi, lo := bits.Mul64(x.lo, m)
	return u128{x.hi*m + hi, lo}
}

func (x u128) less(y u128) bool { return x.hi < y.hi || x.hi == y.hi && x.lo < y.lo }

// sub is x − y, for y ≤ x.
func (x u128) sub(y u128) u128 {
	lo, borrow := bits.Sub64(x.lo, y.lo, 0)
	return u128{x.hi - y.hi - borrow, lo}
}

// Quantity is the line's quantity: Cnt when given, otherwise
// det_item_fee_sumamt / pric when Pric is given and the quotient is a
// quantity (see unitCount), as a Reader works it out. ok is false when
// the line has neither, or a Pric that gives no quantity (which
// Claim.Validate refuses).
func (d *FeeDetail) Quantity() (q decimal.Decimal, ok bool) {
	if d.HasCnt {
		return d.Cnt, true
	}
	if !d.HasPric || !d.Pric.IsPositive() || !d.SumAmt.IsPositive() {
		return decimal.Decimal{}, false
	}
	q = d.SumAmt.DivRound(d.Pric, cntPlaces)
	if !q.Mul(d.Pric).Equal(d.SumAmt) || !q.IsPositive() || q.Cmp(maxCnt) > 0 {
		return decimal.Decimal{}, false
	}
	return q, true
}

// maxCnt is the largest quantity a reader takes.
var maxCnt = decimal.New(1, cntIntDigits).Sub(decimal.New(1, -cntPlaces))

// pricFault says what is wrong with line d's pric beside its total and
// quantity, as a reader words it, or "" when nothing is: a price that is
// no price, one that gives no quantity when cnt is not given, one that
// disagrees with cnt and the total by more than a fen.
func pricFault(d *FeeDetail) string {
	if !d.HasPric {
		return ""
	}
	p := d.Pric
	switch {
	case p.IsNegative():
		return p.String() + msgNegative
	case !p.Round(pricPlaces).Equal(p):
		return p.String() + " has more than " + strconv.Itoa(pricPlaces) + " decimal places"
	case p.Cmp(decimal.New(1, pricIntDigits)) >= 0:
		return p.String() + " is too large a price"
	}
	if !d.HasCnt {
		if _, ok := d.Quantity(); !ok {
			return noCountMsg(d.SumAmt, p)
		}
		return ""
	}
	diff := p.Mul(d.Cnt).Sub(d.SumAmt).Abs()
	if diff.Cmp(decimal.New(1, -moneyPlaces)) > 0 {
		return disagreeMsg(p, d.Cnt, d.SumAmt)
	}
	return ""
}

// noCountMsg is the error of a line whose pric gives no quantity.
func noCountMsg(sum, pric decimal.Decimal) string {
	return "det_item_fee_sumamt " + sum.StringFixed(moneyPlaces) + " / pric " + pric.String() +
		" is no quantity above 0 of at most " + strconv.Itoa(cntPlaces) +
		" decimal places (give cnt beside pric: lmt_price is a limit per unit)"
}

// disagreeMsg is the error of a line whose pric × cnt is more than a fen
// from its total.
func disagreeMsg(pric, cnt, sum decimal.Decimal) string {
	return "pric " + pric.String() + " × cnt " + cnt.String() + " is " + pric.Mul(cnt).String() +
		", more than a fen from det_item_fee_sumamt " + sum.StringFixed(moneyPlaces)
}
