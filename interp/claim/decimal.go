package claim

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// Limits on the decimals a claim may carry. An amount needs at most 15 digits
// before the point (below 10¹⁵ yuan) and 2 after; every limit keeps the
// coefficient inside an int64, so reading a decimal never needs a big.Int
// beyond the one decimal.New makes.
const (
	moneyPlaces    = 2
	moneyIntDigits = 15
	ratioPlaces    = 8
	ratioIntDigits = 1
	cntPlaces      = 8
	cntIntDigits   = 9
)

// zeroMoney is the zero amount with the exponent every amount read here
// carries. Sharing it is safe: decimal.Decimal never mutates its coefficient.
var zeroMoney = decimal.New(0, -moneyPlaces)

var pow10 = [...]int64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
}

// decimalProblem says why a text is not an acceptable decimal.
type decimalProblem uint8

const (
	decOK decimalProblem = iota
	decSyntax
	decPlaces
	decLarge
)

// parseDecimal reads s as coef × 10^exp, with -places ≤ exp ≤ 0. A plain
// decimal ("-1234.50", "007") is always accepted; when jsonNumber is set, s
// is a JSON number and may also carry an exponent ("1.2345e3"). Trailing
// zeros beyond places are not an error ("1.000" is 1.00): they change no
// value. The value must have at most intDigits digits before the point.
//
// It works on the digits, never through float64 or an unbounded big.Int, so
// its cost is linear in len(s) whatever the exponent.
func parseDecimal(s string, jsonNumber bool, places, intDigits int) (coef int64, exp int32, p decimalProblem) {
	i := 0
	neg := false
	if i < len(s) && s[i] == '-' {
		neg = true
		i++
	}
	intStart := i
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	intEnd := i
	if intEnd == intStart {
		return 0, 0, decSyntax
	}
	fracStart, fracEnd := i, i
	if i < len(s) && s[i] == '.' {
		i++
		fracStart = i
		for i < len(s) && isDigit(s[i]) {
			i++
		}
		fracEnd = i
		if fracEnd == fracStart {
			return 0, 0, decSyntax
		}
	}
	// e10 saturates far beyond any length a line may have, so the
	// classification below stays exact without overflowing.
	const expCap = 1 << 40
	var e10 int64
	if jsonNumber && i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		eneg := false
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			eneg = s[i] == '-'
			i++
		}
		start := i
		for i < len(s) && isDigit(s[i]) {
			if e10 < expCap {
				e10 = e10*10 + int64(s[i]-'0')
			}
			i++
		}
		if i == start {
			return 0, 0, decSyntax
		}
		if eneg {
			e10 = -e10
		}
	}
	if i != len(s) {
		return 0, 0, decSyntax
	}

	// The digits are s[intStart:intEnd] followed by s[fracStart:fracEnd];
	// digit k of that sequence is at(k).
	nInt := intEnd - intStart
	n := nInt + fracEnd - fracStart
	at := func(k int) byte {
		if k < nInt {
			return s[intStart+k]
		}
		return s[fracStart+k-nInt]
	}
	first := 0
	for first < n && at(first) == '0' {
		first++
	}
	if first == n {
		return 0, 0, decOK // zero, including "-0"
	}
	last := n - 1
	for at(last) == '0' {
		last--
	}
	sig := int64(last - first + 1)
	e10 += int64(n-1-last) - int64(fracEnd-fracStart)
	if e10 < -int64(places) {
		return 0, 0, decPlaces
	}
	if sig+e10 > int64(intDigits) {
		return 0, 0, decLarge
	}
	for k := first; k <= last; k++ {
		coef = coef*10 + int64(at(k)-'0')
	}
	if e10 > 0 {
		coef *= pow10[e10]
		e10 = 0
	}
	if neg {
		coef = -coef
	}
	return coef, int32(e10), decOK
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// appendFixed appends d with exactly places digits after the point, rounded
// half away from zero as d.StringFixed(places) does, without allocating when
// the coefficient fits an int64.
func appendFixed(dst []byte, d decimal.Decimal, places int32) []byte {
	exp := d.Exponent()
	nd := d.NumDigits()
	if nd > 18 || exp < -18 || exp > 18 {
		return append(dst, d.StringFixed(places)...)
	}
	c := d.CoefficientInt64()
	shift := exp + places
	switch {
	case shift >= 0 && int(shift)+nd <= 18:
		c *= pow10[shift]
	case shift < 0 && -shift <= 18:
		q := pow10[-shift]
		r := c % q
		c /= q
		if r < 0 {
			r = -r
		}
		if 2*r >= q {
			if d.Sign() < 0 {
				c--
			} else {
				c++
			}
		}
	default:
		return append(dst, d.StringFixed(places)...)
	}
	return appendUnits(dst, c, int(places))
}

// appendUnits appends c × 10^-places with exactly places digits after the point.
func appendUnits(dst []byte, c int64, places int) []byte {
	u := uint64(c)
	if c < 0 {
		dst = append(dst, '-')
		u = -u
	}
	var tmp [24]byte
	digits := strconv.AppendUint(tmp[:0], u, 10)
	if places == 0 {
		return append(dst, digits...)
	}
	if len(digits) <= places {
		dst = append(dst, '0', '.')
		for k := len(digits); k < places; k++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	split := len(digits) - places
	dst = append(dst, digits[:split]...)
	dst = append(dst, '.')
	return append(dst, digits[split:]...)
}
