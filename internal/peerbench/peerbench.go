package peerbench

import (
	"errors"
	"fmt"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// Year is what the ledger holds of a member's year before a claim.
type Year struct {
	DeductibleBorne decimal.Decimal // 起付线 borne so far in pool 住院 (Q0000_住院)
	CapPaid         decimal.Decimal // paid so far against 统筹年度限额 (L_统筹年度限额)
	Balance         decimal.Decimal // personal account balance
}

// Input is one claim and its member's year: what every variant settles.
type Input struct {
	Claim *claim.Claim
	Year  Year
}

// Split is what a settlement pays, in fen (the ratio in basis points), the
// common ground on which the variants are compared.
type Split struct {
	Deductible Fen   // act_pay_dedc: deductible borne by this claim
	Ratio      int64 // pool_prop_selfpay in basis points (8500 is 85%)
	Fund       Fen   // hifp_pay: the pooled fund, the policy's only fund
	Account    Fen   // acct_pay: the personal account
	Cash       Fen   // psn_cash_pay
}

// Fen is an amount in fen (分).
type Fen int64

// String prints the amount in yuan with two places.
func (f Fen) String() string {
	sign, v := "", int64(f)
	if v < 0 {
		sign, v = "-", -v
	}
	return fmt.Sprintf("%s%d.%02d", sign, v/100, v%100)
}

// Variant is one way of settling. Its programs are compiled when the
// Variant is made; Prepare readies one input (for MPL, seeds a ledger with
// the member's year) and returns the call the benchmarks time: settle that
// claim once.
type Variant struct {
	Name    string
	Prepare func(in Input) func() (Split, error)
}

// Variants compiles every variant, MPL first, hand-written int64 second
// (the baseline of the ratios), then MPL's int64 fast path.
func Variants() ([]Variant, error) {
	mpl, err := newMPL()
	if err != nil {
		return nil, fmt.Errorf("MPL: %w", err)
	}
	mplFast, err := newMPLFast()
	if err != nil {
		return nil, fmt.Errorf("MPL fast path: %w", err)
	}
	exprFloat, err := newExprFloat()
	if err != nil {
		return nil, fmt.Errorf("expr float64: %w", err)
	}
	exprDec, err := newExprDecimal()
	if err != nil {
		return nil, fmt.Errorf("expr decimal: %w", err)
	}
	cel, err := newCEL()
	if err != nil {
		return nil, fmt.Errorf("cel-go: %w", err)
	}
	return []Variant{mpl, handInt64(), mplFast, handDecimal(), exprFloat, exprDec, cel}, nil
}

// Variant names, as the table prints them.
const (
	NameMPL         = "MPL, decimal path"
	NameMPLFast     = "MPL fast path"
	NameHandInt64   = "hand-written int64"
	NameHandDecimal = "hand-written decimal"
	NameExprFloat   = "expr float64"
	NameExprDecimal = "expr decimal"
	NameCEL         = "cel-go int64"
)

// PolicyRoot is the repository's policies directory, found from this
// source file so that tests and `go run` work from any directory.
func PolicyRoot() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "policies")
}

// NanjingPolicy is the policy every variant implements, under PolicyRoot.
const NanjingPolicy = "cn/nanjing/employee-2025.mpl"

// NanjingCases is the policy's test file, under PolicyRoot.
const NanjingCases = "cn/nanjing/employee-2025_test.jsonl"

// typicalClaim is claim c1 of NanjingCases: an 在职 member's inpatient stay
// at a level-3 hospital, 10000 yuan of which 9000 in scope.
const typicalClaim = `{"setl_id":"c1","psn_no":"E1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"10000.00","fulamt_ownpay_amt":"500.00","overlmt_selfpay":"0","preselfpay_amt":"500.00","inscp_scp_amt":"9000.00"}`

// Typical is the benchmarked settlement: claim c1 of NanjingCases, for a
// member who has already borne 900 of the 1500 yuan deductible and been
// paid 12000 yuan this year, with 2000 yuan in the personal account. It
// bears the remaining 600; the fund pays (9000 − 600) × 85% = 7140.00; of
// the member's 2860.00 the account pays 2000.00 and cash 860.00.
func Typical() Input {
	c, err := ParseClaim(typicalClaim)
	if err != nil {
		panic(err)
	}
	return Input{Claim: c, Year: Year{
		DeductibleBorne: decimal.RequireFromString("900.00"),
		CapPaid:         decimal.RequireFromString("12000.00"),
		Balance:         decimal.RequireFromString("2000.00"),
	}}
}

// TypicalSplit is Typical's settlement.
var TypicalSplit = Split{Deductible: 60000, Ratio: 8500, Fund: 714000, Account: 200000, Cash: 86000}

// ParseClaim reads one JSONL claim with package claim's reader.
func ParseClaim(line string) (*claim.Claim, error) {
	return claim.NewReader(strings.NewReader(line), claim.JSONL).Next()
}

// The policy's tables, as the hand-written variants hold them; expr and CEL
// spell the same tables in their programs.

// personClass is the policy's psn_type enum: 在职, 退休, 原退休.
type personClass uint8

const (
	active       personClass = iota // 在职
	retired                         // 退休
	retiredEarly                    // 原退休: retired before the reform
)

// personClasses maps a claim's psn_type (the policy's codes, its labels and
// the national labels of its codes) to the policy's class.
var personClasses = map[string]personClass{
	"1101": active, "1102": active, "1103": active,
	"在职": active, "职工在职": active, "公务员在职": active, "灵活就业在职": active,
	"1201": retired, "1202": retired, "1203": retired,
	"退休": retired, "职工退休": retired, "公务员退休": retired, "灵活就业退休": retired,
	"原退休": retiredEarly,
}

// benefitKind is which of the policy's benefits covers a kind of care.
type benefitKind uint8

const (
	inpatient  benefitKind = iota // 住院: deductible, ratio, yearly cap
	outpatient                    // 门诊: the pooled fund pays 0%
)

// benefits maps a claim's med_type (code or national label) to the benefit
// that covers it; kinds of care no benefit covers are absent.
var benefits = map[string]benefitKind{
	"21": inpatient, "22": inpatient, "23": inpatient, "24": inpatient,
	"普通住院": inpatient, "外伤住院": inpatient, "转外诊治住院": inpatient, "急诊转住院": inpatient,
	"11": outpatient, "12": outpatient, "13": outpatient, "41": outpatient,
	"普通门诊": outpatient, "门诊挂号": outpatient, "急诊": outpatient, "定点药店购药": outpatient,
}

// providerLevels are the medins_lv values the national table knows.
var providerLevels = map[string]bool{
	"1": true, "2": true, "3": true, "一级": true, "二级": true, "三级": true, "基层": true, "药店": true,
}

// isScheme reports whether insutype is the policy's scheme, 310.
func isScheme(insutype string) bool {
	return insutype == "310" || insutype == "职工基本医疗保险"
}

// The policy's effective period, as yyyymmdd.
const (
	periodFrom = 20250101
	periodTo   = 20251231
)

// settleDay is the claim's settlement date as yyyymmdd.
func settleDay(c *claim.Claim) int64 {
	y, m, d := c.SetlTime.Date()
	return int64(y)*10000 + int64(m)*100 + int64(d)
}

// Claim errors the peers return, one per check.
var (
	errScheme   = errors.New("insutype: not this policy's scheme")
	errPerson   = errors.New("psn_type: unknown person type")
	errBenefit  = errors.New("med_type: no benefit covers this kind of care")
	errLevel    = errors.New("medins_lv: unknown provider level")
	errPeriod   = errors.New("setl_time: outside the policy's effective period")
	errSplit    = errors.New("medfee_sumamt: the split does not add up")
	errNotWhole = errors.New("amount is not whole fen or too large")
)

// scaled is d × 10^places as an int64, when that is whole and fits: fen for
// places 2, basis points for places 4. It allocates nothing for the
// amounts package claim reads (coefficient × 10⁻²).
func scaled(d decimal.Decimal, places int32) (int64, bool) {
	if d.NumDigits() > 18 {
		return 0, false
	}
	c, e := d.CoefficientInt64(), d.Exponent()+places
	for ; e > 0; e-- {
		if c > maxFen/10 || c < -maxFen/10 {
			return 0, false
		}
		c *= 10
	}
	for ; e < 0; e++ {
		if c%10 != 0 {
			return 0, false
		}
		c /= 10
	}
	return c, true
}

// maxFen bounds every amount in fen: 10¹⁵ yuan, the claim reader's limit,
// so that products with a ratio in basis points stay inside 128 bits and
// sums inside int64.
const maxFen = 1e17

// scaler converts decimals with scaled and remembers whether one failed,
// so that a run of conversions is checked once.
type scaler struct{ bad bool }

func (s *scaler) fen(d decimal.Decimal) int64 { return s.scale(d, 2) }

func (s *scaler) scale(d decimal.Decimal, places int32) int64 {
	v, ok := scaled(d, places)
	s.bad = s.bad || !ok
	return v
}

// splitOf converts a decimal settlement to a Split.
func splitOf(dedc, ratio, fund, acct, cash decimal.Decimal) (Split, error) {
	var sc scaler
	s := Split{Deductible: Fen(sc.fen(dedc)), Ratio: sc.scale(ratio, 4), Fund: Fen(sc.fen(fund)),
		Account: Fen(sc.fen(acct)), Cash: Fen(sc.fen(cash))}
	if sc.bad {
		return Split{}, errNotWhole
	}
	return s, nil
}
