package interp

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"

	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
)

// randFx is a random fx over many magnitudes and exponents.
func randFx(rng *rand.Rand) fx {
	m := rng.Int64N(int64(math.Pow10(1 + rng.IntN(15))))
	if rng.IntN(4) == 0 {
		m = -m
	}
	return fx{m: m, e: int32(rng.IntN(13))}
}

// TestFxMatchesDecimal checks each fixed-point operation against
// shopspring on random operands: exact, or an overflow, never a wrong value.
func TestFxMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	same := func(op string, a, b fx, got fx, o *fxOps, want decimal.Decimal) {
		t.Helper()
		if o.err != nil {
			if o.err != errFastOverflow {
				t.Fatalf("%s(%v, %v): %v", op, a, b, o.err)
			}
			return
		}
		if !got.dec().Equal(want) {
			t.Fatalf("%s(%s, %s) = %s, want %s", op, a.dec(), b.dec(), got.dec(), want)
		}
	}
	modes := map[lang.Rounding]string{lang.HalfUp: "half_up", lang.HalfEven: "half_even", lang.Down: "down"}
	for range 200000 {
		a, b := randFx(rng), randFx(rng)
		ad, bd := a.dec(), b.dec()
		var o fxOps
		same("add", a, b, o.add(a, b), &o, ad.Add(bd))
		o = fxOps{}
		same("sub", a, b, o.sub(a, b), &o, ad.Sub(bd))
		o = fxOps{}
		same("mul", a, b, o.mul(a, b), &o, ad.Mul(bd))
		o = fxOps{}
		if c := o.cmp(a, b); o.err == nil && c != ad.Cmp(bd) {
			t.Fatalf("cmp(%s, %s) = %d", ad, bd, c)
		}
		if !bd.IsZero() {
			o = fxOps{}
			same("div", a, b, o.divRound(a, b, 10), &o, ad.DivRound(bd, 10))
			o = fxOps{}
			same("rate", a, b, o.divRound(a, b, 6), &o, ad.DivRound(bd, 6))
		}
		for mode := range modes {
			o = fxOps{}
			same("round "+modes[mode], a, b, o.roundTo(a, 2, mode), &o, mode.Round(ad))
		}
		o = fxOps{}
		same("round4", a, b, o.roundTo(a, 4, lang.HalfUp), &o, ad.Round(4))
	}
}

// TestFxHalves checks the rounding of exact halves, where the modes differ.
func TestFxHalves(t *testing.T) {
	for _, s := range []string{"0.005", "0.015", "0.025", "-0.005", "-0.015", "2.345", "2.355", "1.0049999", "-7.12500"} {
		d := decimal.RequireFromString(s)
		x, ok := fxOf(d)
		if !ok {
			t.Fatal(s)
		}
		for _, mode := range []lang.Rounding{lang.HalfUp, lang.HalfEven, lang.Down} {
			var o fxOps
			if got, want := o.roundTo(x, 2, mode).dec(), mode.Round(d); !got.Equal(want) {
				t.Errorf("round %s mode %d = %s, want %s", s, mode, got, want)
			}
		}
	}
}

// TestFxOverflow: what does not fit is an overflow, not a wrong figure.
func TestFxOverflow(t *testing.T) {
	var o fxOps
	o.mul(fx{m: math.MaxInt64 / 3, e: 2}, fx{m: 7, e: 0})
	if o.err != errFastOverflow {
		t.Errorf("mul: %v", o.err)
	}
	o = fxOps{}
	o.add(fx{m: math.MaxInt64 - 1}, fx{m: 2})
	if o.err != errFastOverflow {
		t.Errorf("add: %v", o.err)
	}
	o = fxOps{}
	o.add(fx{m: math.MaxInt64 / 10, e: 0}, fx{m: 1, e: 3})
	if o.err != errFastOverflow {
		t.Errorf("align: %v", o.err)
	}
	o = fxOps{}
	o.divRound(fx{m: 1}, fx{}, 10)
	if o.err != lang.ErrDivideByZero {
		t.Errorf("divide by zero: %v", o.err)
	}
	if _, ok := fxOf(decimal.RequireFromString("1e-30")); ok {
		t.Error("1e-30 fits")
	}
	if x, ok := fxOf(decimal.RequireFromString("1.5000000000000000000000")); !ok || !x.dec().Equal(decimal.RequireFromString("1.5")) {
		t.Errorf("trailing zeros: %v %v", x, ok)
	}
}

// TestScaleToBounds: scaling by 10^k gives the exact product up to the
// largest m that fits, either sign, and says no one past it, for every k.
func TestScaleToBounds(t *testing.T) {
	for k := int32(0); k <= fxMaxScale; k++ {
		lim := int64(math.MaxInt64) / pow10i64[k]
		for _, m := range []int64{0, 1, -1, lim - 1, lim, -lim, lim + 1, -lim - 1, math.MaxInt64, math.MinInt64, math.MinInt64 + 1} {
			exact := new(big.Int).Mul(big.NewInt(m), big.NewInt(pow10i64[k]))
			fits := exact.IsInt64()
			got, ok := scaleTo(fx{m: m, e: 3}, 3+k)
			if k == 0 {
				fits = true // nothing to scale
			}
			if ok != fits || ok && got != exact.Int64() {
				t.Errorf("scaleTo(%d, ×10^%d) = %d, %v; want %s, fits %v", m, k, got, ok, exact, fits)
			}
		}
	}
}
