package peerbench

import (
	"errors"
	"fmt"
	"math"
	"reflect"

	"github.com/expr-lang/expr"
	"github.com/expr-lang/expr/vm"
	"github.com/shopspring/decimal"
)

// The policy's enums and the claim's checks in expr, shared by both expr
// programs after their own split_ok: `x in [constant list]` compiles to one
// lookup in a set built at compile time, where a map literal would be
// rebuilt on every run.
const exprChecks = `
let p = trim(psn_type);
let person =
    p in ["1101", "1102", "1103", "在职", "职工在职", "公务员在职", "灵活就业在职"] ? "在职" :
    p in ["1201", "1202", "1203", "退休", "职工退休", "公务员退休", "灵活就业退休"] ? "退休" :
    p in ["原退休"] ? "原退休" :
    fail("psn_type: unknown person type");
let m = trim(med_type);
let benefit =
    m in ["21", "22", "23", "24", "普通住院", "外伤住院", "转外诊治住院", "急诊转住院"] ? "住院" :
    m in ["11", "12", "13", "41", "普通门诊", "门诊挂号", "急诊", "定点药店购药"] ? "门诊" :
    fail("med_type: no benefit covers this kind of care");
let checked =
    (trim(insutype) in ["310", "职工基本医疗保险"] || fail("insutype: not this policy's scheme")) &&
    (trim(medins_lv) in ["1", "2", "3", "一级", "二级", "三级", "基层", "药店"] || fail("medins_lv: unknown provider level")) &&
    (setl_day >= 20250101 && setl_day <= 20251231 || fail("setl_time: outside the policy's effective period")) &&
    (split_ok || fail("medfee_sumamt: the split does not add up"));
let inpatient = checked && benefit == "住院";
`

// exprFloatRules settles in float64 yuan, as an expr user would write it:
// round(x × 100) / 100 for the fen, a tolerance for the split.
const exprFloatRules = `
let split_ok = abs(fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt - medfee_sumamt) < 0.005;
` + exprChecks + `
let deductible = person == "在职" ? 1500.0 : person == "退休" ? 1200.0 : 700.0;
let ratio = !inpatient ? 0.0 : person == "在职" ? 0.85 : 0.92;
let dedc = inpatient ? min(inscp_scp_amt, max(0.0, deductible - deductible_borne)) : 0.0;
let fund = inpatient ? min(round((inscp_scp_amt - dedc) * ratio * 100) / 100, max(0.0, 460000.0 - cap_paid)) : 0.0;
let share = medfee_sumamt - fund;
let acct = acct_used ? min(share, max(balance, 0.0)) : 0.0;
[dedc, ratio, fund, acct, share - acct]
`

// exprDecimalRules settles in shopspring decimals: the arithmetic and
// comparison operators are overloaded for decimal.Decimal, and D("…") is
// folded into a constant at compile time.
const exprDecimalRules = `
let split_ok = fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt == medfee_sumamt;
` + exprChecks + `
let zero = D("0");
let deductible = person == "在职" ? D("1500") : person == "退休" ? D("1200") : D("700");
let ratio = !inpatient ? zero : person == "在职" ? D("0.85") : D("0.92");
let dedc = inpatient ? decMin(inscp_scp_amt, decMax(zero, deductible - deductible_borne)) : zero;
let fund = inpatient ? decMin(roundFen((inscp_scp_amt - dedc) * ratio), decMax(zero, D("460000") - cap_paid)) : zero;
let share = medfee_sumamt - fund;
let acct = acct_used ? decMin(share, decMax(balance, zero)) : zero;
[dedc, ratio, fund, acct, share - acct]
`

// exprFloatEnv is what the float64 program reads: amounts in yuan.
type exprFloatEnv struct {
	Insutype        string  `expr:"insutype"`
	PsnType         string  `expr:"psn_type"`
	MedType         string  `expr:"med_type"`
	MedinsLv        string  `expr:"medins_lv"`
	SetlDay         int64   `expr:"setl_day"`
	MedfeeSumamt    float64 `expr:"medfee_sumamt"`
	FulamtOwnpayAmt float64 `expr:"fulamt_ownpay_amt"`
	OverlmtSelfpay  float64 `expr:"overlmt_selfpay"`
	PreselfpayAmt   float64 `expr:"preselfpay_amt"`
	InscpScpAmt     float64 `expr:"inscp_scp_amt"`
	DeductibleBorne float64 `expr:"deductible_borne"`
	CapPaid         float64 `expr:"cap_paid"`
	Balance         float64 `expr:"balance"`
	AcctUsed        bool    `expr:"acct_used"`
}

// exprDecimalEnv is what the decimal program reads.
type exprDecimalEnv struct {
	Insutype        string          `expr:"insutype"`
	PsnType         string          `expr:"psn_type"`
	MedType         string          `expr:"med_type"`
	MedinsLv        string          `expr:"medins_lv"`
	SetlDay         int64           `expr:"setl_day"`
	MedfeeSumamt    decimal.Decimal `expr:"medfee_sumamt"`
	FulamtOwnpayAmt decimal.Decimal `expr:"fulamt_ownpay_amt"`
	OverlmtSelfpay  decimal.Decimal `expr:"overlmt_selfpay"`
	PreselfpayAmt   decimal.Decimal `expr:"preselfpay_amt"`
	InscpScpAmt     decimal.Decimal `expr:"inscp_scp_amt"`
	DeductibleBorne decimal.Decimal `expr:"deductible_borne"`
	CapPaid         decimal.Decimal `expr:"cap_paid"`
	Balance         decimal.Decimal `expr:"balance"`
	AcctUsed        bool            `expr:"acct_used"`
}

// D reads a decimal literal; marked ConstExpr, it runs at compile time.
func (exprDecimalEnv) D(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// exprFail is fail(msg): it stops the run with msg as the error.
var exprFail = expr.Function("fail", func(p ...any) (any, error) {
	return nil, errors.New(p[0].(string))
}, new(func(string) bool))

func newExprFloat() (Variant, error) {
	prog, err := expr.Compile(exprFloatRules, expr.Env(exprFloatEnv{}), exprFail, expr.AsKind(reflect.Slice))
	if err != nil {
		return Variant{}, err
	}
	return Variant{Name: NameExprFloat, Prepare: func(in Input) func() (Split, error) {
		var machine vm.VM // reused across runs, as expr recommends; not shared
		return func() (Split, error) {
			c := in.Claim
			var sc scaler
			env := exprFloatEnv{
				Insutype: c.Insutype, PsnType: c.PsnType, MedType: c.MedType, MedinsLv: c.MedinsLv,
				SetlDay:         settleDay(c),
				MedfeeSumamt:    yuan(sc.fen(c.MedfeeSumamt)),
				FulamtOwnpayAmt: yuan(sc.fen(c.FulamtOwnpayAmt)),
				OverlmtSelfpay:  yuan(sc.fen(c.OverlmtSelfpay)),
				PreselfpayAmt:   yuan(sc.fen(c.PreselfpayAmt)),
				InscpScpAmt:     yuan(sc.fen(c.InscpScpAmt)),
				DeductibleBorne: yuan(sc.fen(in.Year.DeductibleBorne)),
				CapPaid:         yuan(sc.fen(in.Year.CapPaid)),
				Balance:         yuan(sc.fen(in.Year.Balance)),
				AcctUsed:        !c.AcctNotUsed,
			}
			if sc.bad {
				return Split{}, errNotWhole
			}
			out, err := machine.Run(prog, &env)
			if err != nil {
				return Split{}, err
			}
			return floatSplit(out)
		}
	}}, nil
}

// yuan is an amount in fen as float64 yuan: the nearest float64, the best
// a float64 program can start from.
func yuan(fen int64) float64 { return float64(fen) / 100 }

func floatSplit(out any) (Split, error) {
	list, ok := out.([]any)
	if !ok || len(list) != 5 {
		return Split{}, fmt.Errorf("expr returned %v, not five numbers", out)
	}
	var v [5]float64
	for i, x := range list {
		f, ok := x.(float64)
		if !ok {
			return Split{}, fmt.Errorf("expr returned %T at %d, not float64", x, i)
		}
		v[i] = f
	}
	return Split{Deductible: Fen(math.Round(v[0] * 100)), Ratio: int64(math.Round(v[1] * 10000)),
		Fund: Fen(math.Round(v[2] * 100)), Account: Fen(math.Round(v[3] * 100)), Cash: Fen(math.Round(v[4] * 100))}, nil
}

// decimalOps overloads expr's operators for decimal.Decimal and adds the
// decimal functions the rules call.
func decimalOps() []expr.Option {
	type dd = func(decimal.Decimal, decimal.Decimal) decimal.Decimal
	type cmp = func(decimal.Decimal, decimal.Decimal) bool
	binary := func(name string, f func(a, b decimal.Decimal) any, sig any) expr.Option {
		return expr.Function(name, func(p ...any) (any, error) {
			return f(p[0].(decimal.Decimal), p[1].(decimal.Decimal)), nil
		}, sig)
	}
	return []expr.Option{
		binary("decAdd", func(a, b decimal.Decimal) any { return a.Add(b) }, new(dd)),
		binary("decSub", func(a, b decimal.Decimal) any { return a.Sub(b) }, new(dd)),
		binary("decMul", func(a, b decimal.Decimal) any { return a.Mul(b) }, new(dd)),
		binary("decMin", func(a, b decimal.Decimal) any { return decimal.Min(a, b) }, new(dd)),
		binary("decMax", func(a, b decimal.Decimal) any { return decimal.Max(a, b) }, new(dd)),
		binary("decEq", func(a, b decimal.Decimal) any { return a.Equal(b) }, new(cmp)),
		expr.Function("roundFen", func(p ...any) (any, error) {
			return p[0].(decimal.Decimal).Round(2), nil // half away from zero: half up here
		}, new(func(decimal.Decimal) decimal.Decimal)),
		expr.Operator("+", "decAdd"),
		expr.Operator("-", "decSub"),
		expr.Operator("*", "decMul"),
		expr.Operator("==", "decEq"),
		expr.ConstExpr("D"),
	}
}

func newExprDecimal() (Variant, error) {
	opts := append([]expr.Option{expr.Env(exprDecimalEnv{}), exprFail, expr.AsKind(reflect.Slice)}, decimalOps()...)
	prog, err := expr.Compile(exprDecimalRules, opts...)
	if err != nil {
		return Variant{}, err
	}
	return Variant{Name: NameExprDecimal, Prepare: func(in Input) func() (Split, error) {
		var machine vm.VM
		return func() (Split, error) {
			c := in.Claim
			env := exprDecimalEnv{
				Insutype: c.Insutype, PsnType: c.PsnType, MedType: c.MedType, MedinsLv: c.MedinsLv,
				SetlDay:      settleDay(c),
				MedfeeSumamt: c.MedfeeSumamt, FulamtOwnpayAmt: c.FulamtOwnpayAmt, OverlmtSelfpay: c.OverlmtSelfpay,
				PreselfpayAmt: c.PreselfpayAmt, InscpScpAmt: c.InscpScpAmt,
				DeductibleBorne: in.Year.DeductibleBorne, CapPaid: in.Year.CapPaid, Balance: in.Year.Balance,
				AcctUsed: !c.AcctNotUsed,
			}
			out, err := machine.Run(prog, &env)
			if err != nil {
				return Split{}, err
			}
			list, ok := out.([]any)
			if !ok || len(list) != 5 {
				return Split{}, fmt.Errorf("expr returned %v, not five decimals", out)
			}
			var v [5]decimal.Decimal
			for i, x := range list {
				if v[i], ok = x.(decimal.Decimal); !ok {
					return Split{}, fmt.Errorf("expr returned %T at %d, not a decimal", x, i)
				}
			}
			return splitOf(v[0], v[1], v[2], v[3], v[4])
		}
	}}, nil
}
