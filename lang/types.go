package lang

import (
	"fmt"
	"time"

	"github.com/shopspring/decimal"
)

// Kind is the kind of a value.
type Kind uint8

// The kinds of value an MPL expression can have.
const (
	KindInvalid Kind = iota
	KindMoney        // yuan, exact decimal (¥1500, 1500 元)
	KindRatio        // a share in [0, 1] (85%); arithmetic may leave the range
	KindNumber       // a count or plain number (age, admission)
	KindDate         // a calendar day (2025-01-01)
	KindBool         // true or false
	KindString       // text (dise_code)
	KindEnum         // a label of a code table (在职, 三级)
	KindBands        // progressive amount bands
)

var kindNames = [...]string{"invalid", "money", "ratio", "number", "date", "bool", "string", "enum", "bands"}

// String names the kind as messages do: "money", "ratio", ….
func (k Kind) String() string { return kindNames[k] }

// Type is the type of an expression: a kind, and for enums which one.
type Type struct {
	Kind Kind
	Enum *Enum
}

// Common types.
var (
	TInvalid = Type{}
	TMoney   = Type{Kind: KindMoney}
	TRatio   = Type{Kind: KindRatio}
	TNumber  = Type{Kind: KindNumber}
	TDate    = Type{Kind: KindDate}
	TBool    = Type{Kind: KindBool}
	TString  = Type{Kind: KindString}
	TBands   = Type{Kind: KindBands}
)

// String names the type as messages do: its enum's name (psn_type) for
// a code table's labels, else its kind.
func (t Type) String() string {
	if t.Kind == KindEnum && t.Enum != nil {
		return t.Enum.Name
	}
	return t.Kind.String()
}

// Same reports whether two types are the same.
func (t Type) Same(u Type) bool {
	return t.Kind == u.Kind && (t.Kind != KindEnum || t.Enum == u.Enum)
}

// Value is a constant or run-time value. Money, ratios and numbers live in
// Dec; enum ordinals, booleans (0/1) and dates (days since 1970-01-01) in Int.
type Value struct {
	Dec   decimal.Decimal
	Int   int
	Str   string
	Bands *BandsValue
}

// BandsValue is a checked band schedule: bounds in yuan, rates as ratios.
// Band i covers [From[i], To[i]); the last band may be open (Open).
type BandsValue struct {
	From  []decimal.Decimal
	To    []decimal.Decimal // To[last] is unused when Open
	Rates []decimal.Decimal
	Open  bool
	Pos   []Pos // each band's position, for traces
}

// Apply returns the progressive sum over the bands of amount: each band's
// slice of amount times its rate, unrounded.
func (b *BandsValue) Apply(amount decimal.Decimal) decimal.Decimal {
	sum := decimal.Zero
	last := len(b.From) - 1
	for i := range b.From {
		lo := b.From[i]
		if amount.LessThanOrEqual(lo) {
			break
		}
		hi := amount
		if !(i == last && b.Open) && b.To[i].LessThan(hi) {
			hi = b.To[i]
		}
		sum = sum.Add(hi.Sub(lo).Mul(b.Rates[i]))
	}
	return sum
}

// DayNumber converts a date to days since 1970-01-01: t's date where t
// is, so that 2025-03-01 00:30 at +08:00 is 2025-03-01's number. A time in
// UTC, as the claim readers make every setl_time without an offset, is
// counted from its Unix seconds, where going through its date took twice
// as long.
func DayNumber(t time.Time) int {
	if t.Location() == time.UTC {
		sec := t.Unix()
		days := sec / 86400
		if sec%86400 < 0 {
			days-- // before 1970: down to the day's start
		}
		return int(days)
	}
	y, m, d := t.Date()
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// DayString formats a day number as YYYY-MM-DD.
func DayString(days int) string {
	return time.Unix(int64(days)*86400, 0).UTC().Format("2006-01-02")
}

// Format prints a value of type t for traces and messages.
func (v Value) Format(t Type) string {
	switch t.Kind {
	case KindMoney:
		return v.Dec.StringFixed(2)
	case KindRatio:
		return v.Dec.Mul(decimal.NewFromInt(100)).String() + "%"
	case KindNumber:
		return v.Dec.String()
	case KindDate:
		return DayString(v.Int)
	case KindBool:
		if v.Int != 0 {
			return "true"
		}
		return "false"
	case KindString:
		return v.Str
	case KindEnum:
		if t.Enum != nil && v.Int >= 0 && v.Int < len(t.Enum.Labels) {
			return t.Enum.Labels[v.Int]
		}
		return fmt.Sprint(v.Int)
	case KindBands:
		return "bands"
	}
	return "?"
}
