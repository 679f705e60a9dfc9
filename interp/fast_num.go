package interp

import (
	"errors"
	"math"
	"math/big"
	"math/bits"

	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
)

// fx is an exact decimal with a small exponent: m × 10^-e, 0 ≤ e ≤ fxMaxScale.
// It is the fast path's number: money, ratios and counts alike, so the
// arithmetic is the decimal path's (exact + − ×, rounding only at the named
// points) as long as nothing overflows. Every operation checks; an overflow
// sends the claim back to the decimal path rather than give a wrong figure.
// Enum ordinals, booleans, dates and band indexes are fx with e = 0.
type fx struct {
	m int64
	e int32
}

// fxMaxScale bounds the exponent so that 10^e fits an int64.
const fxMaxScale = 18

var pow10i64 = [fxMaxScale + 1]int64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// errFastOverflow is what an operation that does not fit says. It is never
// shown to a user: SettleFast turns it into ErrNotFast.
var errFastOverflow = errors.New("fast path: int64 overflow")

func fen(v int64) fx { return fx{m: v, e: 2} }

func abs64(x int64) uint64 {
	if x < 0 {
		return uint64(-x)
	}
	return uint64(x)
}

// mul64 multiplies with an overflow check.
func mul64(a, b int64) (int64, bool) {
	if a == 0 || b == 0 {
		return 0, true
	}
	if a == math.MinInt64 || b == math.MinInt64 {
		return 0, false
	}
	hi, lo := bits.Mul64(abs64(a), abs64(b))
	if hi != 0 || lo > math.MaxInt64 {
		return 0, false
	}
	if (a < 0) != (b < 0) {
		return -int64(lo), true
	}
	return int64(lo), true
}

// add64 is a + b, or false where the sum would leave int64.
func add64(a, b int64) (int64, bool) {
	s := a + b
	if (a >= 0) == (b >= 0) && (s >= 0) != (a >= 0) {
		return 0, false
	}
	return s, true
}

// scaleLimit[k] is the largest m that m × 10^k does not overflow.
var scaleLimit = func() (lim [fxMaxScale + 1]int64) {
	for k := range lim {
		lim[k] = math.MaxInt64 / pow10i64[k]
	}
	return lim
}()

// scaleTo rewrites x with exponent e ≥ x.e.
func scaleTo(x fx, e int32) (int64, bool) {
	k := e - x.e
	if k == 0 {
		return x.m, true
	}
	// One bound for the product, rather than mul64's general checks: the
	// fast path aligns exponents at every sum and comparison.
	if lim := scaleLimit[k]; x.m > lim || x.m < -lim {
		return 0, false
	}
	return x.m * pow10i64[k], true
}

// align brings a and b to the larger exponent.
func align(a, b fx) (am, bm int64, e int32, ok bool) {
	e = max(a.e, b.e)
	am, ok1 := scaleTo(a, e)
	bm, ok2 := scaleTo(b, e)
	return am, bm, e, ok1 && ok2
}

// trim drops trailing zeros while the exponent is above lo: exact, and it
// keeps products of ratios from growing the exponent without need.
func trim(x fx, lo int32) fx {
	for x.e > lo && x.m%10 == 0 {
		x.m /= 10
		x.e--
	}
	return x
}

// fxOps carries the first error of a run of operations, so the planned
// closures need not return one each.
type fxOps struct {
	err error
}

func (o *fxOps) fail(err error) fx {
	if o.err == nil {
		o.err = err
	}
	return fx{}
}

func (o *fxOps) add(a, b fx) fx {
	am, bm, e, ok := align(a, b)
	if !ok {
		return o.fail(errFastOverflow)
	}
	s, ok := add64(am, bm)
	if !ok {
		return o.fail(errFastOverflow)
	}
	return fx{s, e}
}

func (o *fxOps) sub(a, b fx) fx {
	if b.m == math.MinInt64 {
		return o.fail(errFastOverflow)
	}
	return o.add(a, fx{-b.m, b.e})
}

func (o *fxOps) mul(a, b fx) fx {
	m, ok := mul64(a.m, b.m)
	if !ok {
		// Trailing zeros may be all that is in the way.
		a, b = trim(a, 0), trim(b, 0)
		if m, ok = mul64(a.m, b.m); !ok {
			return o.fail(errFastOverflow)
		}
	}
	r := fx{m, a.e + b.e}
	if r.e > 8 {
		r = trim(r, 8)
	}
	if r.e > fxMaxScale {
		return o.fail(errFastOverflow)
	}
	return r
}

// cmp compares a and b as numbers.
func (o *fxOps) cmp(a, b fx) int {
	if a.e == b.e {
		return cmp64(a.m, b.m)
	}
	if (a.m < 0) != (b.m < 0) || a.m == 0 || b.m == 0 {
		return cmp64(sign(a.m), sign(b.m))
	}
	am, bm, _, ok := align(a, b)
	if !ok {
		o.fail(errFastOverflow)
		return 0
	}
	return cmp64(am, bm)
}

func cmp64(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func sign(x int64) int64 {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

func (o *fxOps) min(a, b fx) fx {
	if o.cmp(b, a) < 0 {
		return b
	}
	return a
}

func (o *fxOps) max(a, b fx) fx {
	if o.cmp(b, a) > 0 {
		return b
	}
	return a
}

// divRound is a / b rounded half away from zero to prec places, as
// shopspring's DivRound: the exact quotient, then one rounding.
func (o *fxOps) divRound(a, b fx, prec int32) fx {
	if b.m == 0 {
		return o.fail(lang.ErrDivideByZero)
	}
	// a/b × 10^prec = (a.m / b.m) × 10^k.
	k := b.e - a.e + prec
	n, d := abs64(a.m), abs64(b.m)
	var nhi, nlo uint64
	switch {
	case k >= 0:
		if k > fxMaxScale {
			return o.fail(errFastOverflow)
		}
		nhi, nlo = bits.Mul64(n, uint64(pow10i64[k]))
	default:
		if -k > fxMaxScale {
			return o.fail(errFastOverflow)
		}
		hi, lo := bits.Mul64(d, uint64(pow10i64[-k]))
		if hi != 0 {
			return o.fail(errFastOverflow)
		}
		nlo, d = n, lo
	}
	if nhi >= d {
		return o.fail(errFastOverflow)
	}
	q, r := bits.Div64(nhi, nlo, d)
	// Round away from zero when 2r ≥ d (r < d, so 2r cannot wrap past 2^64 unless d > 2^63).
	if r >= d-r {
		q++
	}
	if q > math.MaxInt64 {
		return o.fail(errFastOverflow)
	}
	m := int64(q)
	if (a.m < 0) != (b.m < 0) {
		m = -m
	}
	return fx{m, prec}
}

// wholeFen is money x rounded to the fen by mode where it has a fraction
// of one, and x as it is where it has none (most caps and deductibles: a
// constant, or whole fen already).
func (o *fxOps) wholeFen(x fx, mode lang.Rounding) fx {
	if x.e <= 2 {
		return x
	}
	return o.roundTo(x, 2, mode)
}

// roundTo rounds x to places decimal places with the mode: HalfUp is half
// away from zero (shopspring's Round), HalfEven banker's, Down truncation.
func (o *fxOps) roundTo(x fx, places int32, mode lang.Rounding) fx {
	if x.e <= places {
		m, ok := scaleTo(x, places)
		if !ok {
			return o.fail(errFastOverflow)
		}
		return fx{m, places}
	}
	div := uint64(pow10i64[x.e-places])
	n := abs64(x.m)
	q, r := n/div, n%div
	switch mode {
	case lang.HalfUp:
		if r >= div-r {
			q++
		}
	case lang.HalfEven:
		if r > div-r || (r == div-r && q%2 == 1) {
			q++
		}
	}
	m := int64(q)
	if x.m < 0 {
		m = -m
	}
	return fx{m, places}
}

// fenOf returns x in whole fen, or false when x has a fraction of a fen or
// does not fit.
func fenOf(x fx) (int64, bool) {
	if x.e <= 2 {
		return scaleTo(x, 2)
	}
	div := pow10i64[x.e-2]
	if x.m%div != 0 {
		return 0, false
	}
	return x.m / div, true
}

// fxOf converts a decimal, or says it does not fit.
func fxOf(d decimal.Decimal) (fx, bool) {
	c, exp := d.Coefficient(), d.Exponent()
	if !c.IsInt64() || exp < -fxMaxScale {
		// Trailing zeros may be all that is in the way ("1.50000…").
		ten, q, r := big.NewInt(10), new(big.Int), new(big.Int)
		for exp < 0 && c.Sign() != 0 {
			if q.QuoRem(c, ten, r); r.Sign() != 0 {
				break
			}
			c, exp = new(big.Int).Set(q), exp+1
		}
		if !c.IsInt64() || exp < -fxMaxScale {
			return fx{}, false
		}
	}
	if exp > 0 {
		if exp > fxMaxScale {
			return fx{}, false
		}
		m, ok := mul64(c.Int64(), pow10i64[exp])
		return fx{m: m}, ok
	}
	return fx{m: c.Int64(), e: -exp}, true
}

// dec converts back, exactly.
func (x fx) dec() decimal.Decimal { return decimal.New(x.m, -x.e) }

func decFen(v int64) decimal.Decimal { return decimal.New(v, -2) }
