package lang

import (
	"time"

	"github.com/shopspring/decimal"
)

// Node is a checked, typed expression. Package interp plans each node once
// into code that evaluates it per claim.
type Node interface {
	Type() Type
	Position() Pos
}

type nodeBase struct {
	P Pos
	T Type
}

func (n *nodeBase) Type() Type    { return n.T }
func (n *nodeBase) Position() Pos { return n.P }
func mk(p Pos, t Type) nodeBase   { return nodeBase{P: p, T: t} }

// Const is a literal or a folded constant.
type Const struct {
	nodeBase
	Val Value
}

// FieldRef reads a claim field.
type FieldRef struct {
	nodeBase
	Field Field
}

// ParamRef reads a parameter.
type ParamRef struct {
	nodeBase
	Param *Param
}

// Unary is negation (`-`) or `not`.
type Unary struct {
	nodeBase
	Op string
	X  Node
}

// Binary is arithmetic (+ - * /), comparison (== != < <= > >=) or logic (and or).
type Binary struct {
	nodeBase
	Op   string
	L, R Node
}

// In tests membership: `x in [a, b]`.
type In struct {
	nodeBase
	X   Node
	Set []Node
}

// Cond is `if c then a else b`.
type Cond struct {
	nodeBase
	If, Then, Else Node
}

// Call is a built-in function: min, max.
type Call struct {
	nodeBase
	Fn   string
	Args []Node
}

// Lookup is a table by enums. Cells is dense, row-major over the keys'
// ordinals; every cell is filled (from the first row that covers it, or the
// default) once the table has passed the checker.
type Lookup struct {
	nodeBase
	Keys  []Node // enum-typed, usually claim fields
	Dims  []int
	Cells []*Cell
}

// Cell is one value of a Lookup, with the row that gave it.
type Cell struct {
	Op    string // for remote tables: × + - =; empty for plain values
	Value Node
	Pos   Pos // the row
}

// Index returns the cell for the given key ordinals.
func (l *Lookup) Index(ords []int) *Cell {
	i := 0
	for k, o := range ords {
		i = i*l.Dims[k] + o
	}
	return l.Cells[i]
}

// Policy is a checked policy: its extends chain merged, names resolved and
// expressions typed. It is immutable once returned by the checker.
type Policy struct {
	Name     string
	Pos      Pos // the header
	Region   string
	Insutype string
	From, To time.Time // effective period, inclusive; zero when not given
	Source   Source
	Rounding Rounding
	Account  AccountMode
	Notes    []string
	Files    []string // the extends chain, the base first
	// Library is set for a library file (code tables only): it checks, but
	// there is nothing to settle against.
	Library bool

	Enums    map[string]*Enum // by field name
	Params   []*Param
	Benefits []*Benefit
	Funds    []*Fund
	// AccountRules are the personal account's rules (an `account { … }`
	// block); nil when the policy declares none, which means: spend 当年
	// first, no credits or interest, the account stays usable after 断缴,
	// and any family link may share.
	AccountRules *AccountRules

	checked bool // made by the checker (see Checked)
}

// Checked reports whether p came from the checker, through Loader.Load:
// only such a policy has its names resolved and its expressions typed,
// which is what interp.Compile needs. A Policy built field by field, the
// zero Policy among them, is not checked; write its text and load it.
// A copy of a checked Policy is checked.
func (p *Policy) Checked() bool { return p != nil && p.checked }

// AccountRules say how the personal account is credited, spent, carried
// over and shared.
type AccountRules struct {
	Pos Pos
	// CarriedFirst spends 历年 before 当年 (`spend carried`); the default
	// spends 当年 first.
	CarriedFirst bool
	// Credits are the monthly credit rules; the first whose When holds
	// gives the month's credit. No rule holding means no credit.
	Credits []*CreditRule
	// Interest is the yearly rate paid on the balance at rollover; nil for none.
	Interest Node
	// FreezeOnLapse makes the account unusable while contributions have
	// stopped (`lapse freeze`); by default it stays usable.
	FreezeOnLapse bool
	// BackpayMonths is how many months after benefits stopped a
	// back-payment still restores the gap; 0: never.
	BackpayMonths int
	// Share lists the relations family sharing (家庭共济) may pay for; nil
	// when the policy does not restrict it.
	Share []string
}

// CreditRule is one `credit AMOUNT when COND` line of an account block.
type CreditRule struct {
	Pos    Pos
	Amount Node // money, over a contribution row's fields
	When   Node // bool; nil for always
}

// Relations are the family relations family sharing (家庭共济) can name, as
// the 2021 national guidance and regional rules list them.
var Relations = []string{"配偶", "父母", "子女", "兄弟姐妹", "祖父母", "外祖父母", "孙子女", "外孙子女"}

// Source is the document a policy cites.
type Source struct {
	Title, Issuer, Number, Year, URL string
}

// Cite formats the source in one line.
func (s Source) Cite() string {
	out := s.Title
	if s.Issuer != "" {
		out = s.Issuer + " " + out
	}
	if s.Number != "" {
		out += " " + s.Number
	}
	if s.Year != "" {
		out += " (" + s.Year + ")"
	}
	return out
}

// Rounding is how a fund's payment is rounded to the fen.
type Rounding uint8

// Rounding modes. HalfUp is the default, as settlement-io.md says.
const (
	HalfUp   Rounding = iota // 四舍五入
	HalfEven                 // banker's rounding
	Down                     // truncate toward zero
)

var roundingNames = map[string]Rounding{"half_up": HalfUp, "half_even": HalfEven, "down": Down}

// String is the rounding's name as a policy writes it: half_up,
// half_even or down.
func (r Rounding) String() string {
	switch r {
	case HalfEven:
		return "half_even"
	case Down:
		return "down"
	}
	return "half_up"
}

// Round rounds a non-negative or negative amount to the fen.
func (r Rounding) Round(d decimal.Decimal) decimal.Decimal {
	switch r {
	case HalfEven:
		return d.RoundBank(2)
	case Down:
		return d.Truncate(2)
	}
	return d.Round(2) // shopspring rounds half away from zero: half up for amounts ≥ 0
}

// AccountMode says what the personal account may pay.
type AccountMode uint8

// Account modes.
const (
	AccountAll  AccountMode = iota // the member's whole share (default for insutype 310)
	AccountNone                    // nothing (default for other schemes)
)

// Param is a named value.
type Param struct {
	Name  string
	Pos   Pos
	Type  Type
	Value Node

	// Worked out once by the checker, so that no use works them out
	// again: the operations Value takes worked out in full (see
	// operations), and, when folded is set, whether Value is a constant
	// (isConst) and which (konst).
	ops     int
	folded  bool
	isConst bool
	konst   Value
}

// Benefit is the rule for one kind of care.
type Benefit struct {
	Name       string
	Title      string
	Pos        Pos
	Covers     []bool // by med_type ordinal
	When       Node   // nil: always
	Deductible *DeductibleRule
	Ratio      Node // ratio or bands
	Adjusts    []*AdjustRule
	Remote     *Lookup // cells carry ops
	Caps       []*CapRule
	Refuse     *RefuseRule // when set, the benefit settles nothing: its claims get this error
}

// RefuseRule turns a benefit's claims away with a reason naming a field.
type RefuseRule struct {
	Pos    Pos
	Field  Field
	Reason string
}

// DeductibleRule is a benefit's 起付线.
type DeductibleRule struct {
	Pos          Pos
	Amount       Node
	PerAdmission bool
	Pool         string // accumulation pool; benefits naming the same pool share it
	Schedule     []Node // by admission ordinal: ratios multiply Amount, money replaces it; the last repeats
}

// AdjustRule changes the ratio: Op is + - × =.
type AdjustRule struct {
	Pos   Pos
	Op    string
	Value Node
	When  Node
}

// CapRule limits a fund's payment.
type CapRule struct {
	Pos      Pos
	Amount   Node
	PerVisit bool
	Limit    string // named yearly limit; empty: the fund's own yearly total
	LimitPos Pos    // where `limit` is written; zero without one
	When     Node   // nil: always
}

// FundBase is what a further fund's rate applies to.
type FundBase uint8

// Fund bases.
const (
	BaseShare FundBase = iota // the member's remaining in-scope share of this claim
	BaseOOP                   // the yearly in-scope out-of-pocket, cumulative (bands over the year)
)

// Fund is a further fund paid after the pooled fund.
type Fund struct {
	Name    string
	Title   string
	Pos     Pos
	Code    string
	Applies []bool // by benefit index; nil: all
	When    Node
	Base    FundBase
	Rate    Node // ratio or bands
	Caps    []*CapRule
}
