package claim

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// unitCount and countAgrees, in integers for the fast reader, agree with
// FeeDetail.Quantity and pricFault, in decimals for a claim built in Go,
// on totals and prices of every scale the readers take: quantities that
// divide exactly and ones that do not, products a fen off and more.
func TestCountMatchesDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	scaled := func(maxDigits, maxPlaces int) (int64, int32) {
		exp := -int32(rng.IntN(maxPlaces + 1))
		return rng.Int64N(pow10[rng.IntN(maxDigits-int(exp)+1)]) + int64(rng.IntN(2)), exp
	}
	derived, agreed := 0, 0
	for n := range 200000 {
		var sumFen, pricCoef int64
		var pricExp int32
		if rng.IntN(2) == 0 {
			// A total that a price divides: price × a quantity.
			pricCoef, pricExp = scaled(6, pricPlaces)
			q, qExp := scaled(4, 4)
			p := decimal.New(pricCoef, pricExp).Mul(decimal.New(q, qExp))
			if !p.Round(2).Equal(p) || p.Cmp(maxMoney) > 0 {
				continue
			}
			sumFen = p.Shift(2).IntPart()
		} else {
			sumFen = rng.Int64N(pow10[1+rng.IntN(17)])
			pricCoef, pricExp = scaled(pricIntDigits, pricPlaces)
		}
		d := FeeDetail{SumAmt: moneyDecimal(sumFen), Pric: decimal.New(pricCoef, pricExp), HasPric: true}
		coef, exp, ok := unitCount(sumFen, pricCoef, pricExp)
		q, qok := d.Quantity()
		if ok != qok || ok && !decimal.New(coef, exp).Equal(q) {
			t.Fatalf("case %d: %s / %s: unitCount %d×10^%d %v, Quantity %s %v", n, d.SumAmt, d.Pric, coef, exp, ok, q, qok)
		}
		if ok {
			derived++
			// As parseDecimal would write it: no zero after the point.
			if exp < 0 && coef%10 == 0 {
				t.Fatalf("case %d: unitCount %d×10^%d has a trailing zero", n, coef, exp)
			}
		}
		cntCoef, cntExp := scaled(cntIntDigits, cntPlaces)
		if cntCoef == 0 {
			continue
		}
		if rng.IntN(2) == 0 && ok {
			// The quantity, a little off now and then.
			cntCoef, cntExp = coef+int64(rng.IntN(3))-1, exp
			if cntCoef <= 0 {
				continue
			}
		}
		d.Cnt, d.HasCnt = decimal.New(cntCoef, cntExp), true
		agrees := countAgrees(sumFen, pricCoef, pricExp, cntCoef, cntExp)
		if want := pricFault(&d) == ""; agrees != want {
			t.Fatalf("case %d: %s × %s against %s: countAgrees %v, pricFault %q", n, d.Pric, d.Cnt, d.SumAmt, agrees, pricFault(&d))
		}
		if agrees {
			agreed++
		}
	}
	if derived < 20000 || agreed < 10000 {
		t.Fatalf("only %d quantities worked out and %d agreeing: the cases miss what they test", derived, agreed)
	}
}

// unitCount's edges: the smallest and largest quantity a reader takes,
// and the quotients just beyond them.
func TestUnitCountEdges(t *testing.T) {
	for _, tt := range []struct {
		sum, pric string
		want      string // "" for none
	}{
		{"0.01", "1000000", "0.00000001"},
		{"0.01", "2000000", ""}, // 5×10⁻⁹: 9 places
		{"999999999.99", "1", "999999999.99"},
		{"1000000000.00", "1", ""}, // 10⁹: too large a quantity
		{"100.00", "0.000001", "100000000"},
		{"0.00", "1", ""},
		{"1.00", "0", ""},
		{"99999999999999.99", "0.000001", ""},
		{"10.00", "99999999999.999999", ""},
	} {
		sum, pric := decimal.RequireFromString(tt.sum), decimal.RequireFromString(tt.pric)
		coef, exp, ok := unitCount(sum.Shift(2).IntPart(), pric.Shift(6).IntPart(), -6)
		got := ""
		if ok {
			got = decimal.New(coef, exp).String()
		}
		if got != tt.want {
			t.Errorf("unitCount(%s / %s) = %q, want %q", tt.sum, tt.pric, got, tt.want)
		}
	}
}
