package claim

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		in         string
		jsonNumber bool
		want       string // the value, or the problem
	}{
		{"0", false, "0"},
		{"-0", false, "0"},
		{"-0.00", true, "0"},
		{"007", false, "7"},
		{"1234.5", true, "1234.5"},
		{"1234.50", false, "1234.5"},
		{"1.000", false, "1"},
		{"1.2345e3", true, "1234.5"},
		{"1.2345E+3", true, "1234.5"},
		{"12345e-2", true, "123.45"},
		{"0e999999999999999999999", true, "0"},
		{"999999999999999.99", false, "999999999999999.99"},
		{"-12.5", false, "-12.5"},
		{"1e3", false, "syntax"},
		{"", false, "syntax"},
		{"-", false, "syntax"},
		{".5", false, "syntax"},
		{"5.", false, "syntax"},
		{"+5", false, "syntax"},
		{"1,000", false, "syntax"},
		{"１２", false, "syntax"}, // full-width digits
		{"5e", true, "syntax"},
		{"1.005", false, "places"},
		{"1e-3", true, "places"},
		{"1e-99999999999999999999999", true, "places"},
		{"1000000000000000", false, "large"},
		{"1e15", true, "large"},
		{"1e99999999999999999999", true, "large"},
	}
	for _, tt := range tests {
		coef, exp, p := parseDecimal(tt.in, tt.jsonNumber, moneyPlaces, moneyIntDigits)
		got := [...]string{decOK: "", decSyntax: "syntax", decPlaces: "places", decLarge: "large"}[p]
		if p == decOK {
			got = decimal.New(coef, exp).String()
		}
		if got != tt.want {
			t.Errorf("parseDecimal(%q, %v) = %s, want %s", tt.in, tt.jsonNumber, got, tt.want)
		}
	}
}

// parseDecimal agrees with decimal.NewFromString, the slow exact path, on
// random decimals.
func TestParseDecimalAgreesWithDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	digits := func(n int) string {
		var b strings.Builder
		for range n {
			b.WriteByte(byte('0' + rng.IntN(10)))
		}
		return b.String()
	}
	for range 20000 {
		s := digits(1 + rng.IntN(17))
		if rng.IntN(3) > 0 {
			s += "." + digits(1+rng.IntN(5))
		}
		if rng.IntN(4) == 0 {
			s = "-" + s
		}
		jsonNumber := rng.IntN(2) == 0
		if jsonNumber && rng.IntN(3) == 0 {
			s += "e" + strconv.Itoa(rng.IntN(30)-15)
		}
		want, err := decimal.NewFromString(s)
		if err != nil {
			t.Fatal(err)
		}
		coef, exp, p := parseDecimal(s, jsonNumber, moneyPlaces, moneyIntDigits)
		switch {
		case p == decOK && !decimal.New(coef, exp).Equal(want):
			t.Errorf("parseDecimal(%q) = %s, want %s", s, decimal.New(coef, exp), want)
		case p == decPlaces && want.Round(2).Equal(want):
			t.Errorf("parseDecimal(%q): more than 2 places, but it has %s", s, want)
		case p == decLarge && want.Abs().LessThan(decimal.New(1, moneyIntDigits)):
			t.Errorf("parseDecimal(%q): too large, but it is %s", s, want)
		case p == decOK && (!want.Round(2).Equal(want) || !want.Abs().LessThan(decimal.New(1, moneyIntDigits))):
			t.Errorf("parseDecimal(%q) accepted %s", s, want)
		case p == decSyntax:
			t.Errorf("parseDecimal(%q): syntax error", s)
		}
	}
}

// appendFixed writes what StringFixed does, on random decimals.
func TestAppendFixedAgreesWithStringFixed(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	check := func(d decimal.Decimal, places int32) {
		t.Helper()
		if got, want := string(appendFixed(nil, d, places)), d.StringFixed(places); got != want {
			t.Errorf("appendFixed(%s, %d) = %s, want %s", d, places, got, want)
		}
	}
	for range 20000 {
		c := rng.Int64N(1 << uint(rng.IntN(62)+1))
		if rng.IntN(2) == 0 {
			c = -c
		}
		d := decimal.New(c, int32(rng.IntN(40)-25))
		check(d, 2)
		check(d, 4)
	}
	for _, s := range []string{"0", "-0.001", "-0.005", "0.005", "0.0049", "999999999999999999.995",
		"123456789012345678901234567890.125", "1e30", "-1e-30", "0.00005"} {
		check(dec(s), 2)
		check(dec(s), 4)
	}
	check(decimal.Decimal{}, 2)
}

func TestTraceAmount(t *testing.T) {
	for in, want := range map[string]string{
		"12": "12.00", "12.3": "12.30", "12.345": "12.345", "12.3450": "12.345", "12.3400": "12.34",
		"-0.005": "-0.005", "1e-20": "0.00000000000000000001",
	} {
		if got := string(appendTraceAmount(nil, dec(in))); got != want {
			t.Errorf("appendTraceAmount(%s) = %s, want %s", in, got, want)
		}
	}
}
