package lang

import (
	"errors"

	"github.com/shopspring/decimal"
)

// ErrDivideByZero is returned when an expression divides by zero.
var ErrDivideByZero = errors.New("division by zero")

// arithType gives the type of `l op r` for + - * /, or false when the
// operation makes no sense (money + ratio, money × money).
func arithType(op string, l, r Type) (Type, bool) {
	lk, rk := l.Kind, r.Kind
	num := func(k Kind) bool { return k == KindMoney || k == KindRatio || k == KindNumber }
	if !num(lk) || !num(rk) {
		return TInvalid, false
	}
	switch op {
	case "+", "-":
		if lk == rk {
			return l, true
		}
	case "*":
		switch {
		case lk == KindMoney && rk == KindMoney:
			return TInvalid, false
		case lk == KindMoney && rk != KindMoney:
			return TMoney, true
		case rk == KindMoney && lk != KindMoney:
			return TMoney, true
		case lk == KindRatio || rk == KindRatio:
			return TRatio, true
		default:
			return TNumber, true
		}
	case "/":
		switch {
		case lk == KindMoney && rk == KindNumber:
			return TMoney, true
		case lk == KindMoney && rk == KindMoney:
			return TRatio, true
		case lk == KindRatio && rk == KindNumber:
			return TRatio, true
		case lk == KindNumber && rk == KindNumber:
			return TNumber, true
		}
	}
	return TInvalid, false
}

// divisionPrecision is the number of decimal places a quotient keeps. Money
// is rounded to the fen only at a fund step, so quotients keep more.
const divisionPrecision = 10

// Arith applies + - * / to two numeric values.
func Arith(op string, a, b Value) (Value, error) {
	switch op {
	case "+":
		return Value{Dec: a.Dec.Add(b.Dec)}, nil
	case "-":
		return Value{Dec: a.Dec.Sub(b.Dec)}, nil
	case "*":
		return Value{Dec: a.Dec.Mul(b.Dec)}, nil
	case "/":
		if b.Dec.IsZero() {
			return Value{}, ErrDivideByZero
		}
		return Value{Dec: a.Dec.DivRound(b.Dec, divisionPrecision)}, nil
	}
	return Value{}, errors.New("unknown operator " + op)
}

// Compare applies a comparison to two values of type t.
func Compare(op string, t Type, a, b Value) bool {
	var c int
	switch t.Kind {
	case KindMoney, KindRatio, KindNumber:
		c = a.Dec.Cmp(b.Dec)
	case KindString:
		switch {
		case a.Str < b.Str:
			c = -1
		case a.Str > b.Str:
			c = 1
		}
	default:
		c = a.Int - b.Int
	}
	switch op {
	case "==":
		return c == 0
	case "!=":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return false
}

// Bool makes a boolean value.
func Bool(b bool) Value {
	if b {
		return Value{Int: 1}
	}
	return Value{}
}

var hundred = decimal.NewFromInt(100)
