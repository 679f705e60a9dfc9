package peerbench

import (
	"fmt"

	"github.com/google/cel-go/cel"
	"github.com/google/cel-go/common/types"
	"github.com/google/cel-go/common/types/ref"
	"github.com/google/cel-go/common/types/traits"
	"github.com/google/cel-go/ext"
	"github.com/google/cel-go/interpreter"
)

// celRules settles in int64 fen and basis points, CEL having no decimal
// type; (x × bp + 5000) / 10000 rounds half up. Map literals are constant,
// so OptOptimize builds them once; a key they lack is an error, which is
// how an unknown psn_type or med_type fails.
const celRules = `
!(insutype.trim() in ["310", "职工基本医疗保险"]) ? fail("insutype: not this policy's scheme") :
!(medins_lv.trim() in ["1", "2", "3", "一级", "二级", "三级", "基层", "药店"]) ? fail("medins_lv: unknown provider level") :
setl_day < 20250101 || setl_day > 20251231 ? fail("setl_time: outside the policy's effective period") :
fulamt_ownpay_amt + overlmt_selfpay + preselfpay_amt + inscp_scp_amt != medfee_sumamt ? fail("medfee_sumamt: the split does not add up") :
cel.bind(person, {
    "1101": "在职", "1102": "在职", "1103": "在职",
    "在职": "在职", "职工在职": "在职", "公务员在职": "在职", "灵活就业在职": "在职",
    "1201": "退休", "1202": "退休", "1203": "退休",
    "退休": "退休", "职工退休": "退休", "公务员退休": "退休", "灵活就业退休": "退休",
    "原退休": "原退休",
  }[psn_type.trim()],
cel.bind(benefit, {
    "21": "住院", "22": "住院", "23": "住院", "24": "住院",
    "普通住院": "住院", "外伤住院": "住院", "转外诊治住院": "住院", "急诊转住院": "住院",
    "11": "门诊", "12": "门诊", "13": "门诊", "41": "门诊",
    "普通门诊": "门诊", "门诊挂号": "门诊", "急诊": "门诊", "定点药店购药": "门诊",
  }[med_type.trim()],
cel.bind(inpatient, benefit == "住院",
cel.bind(ratio, inpatient ? {"在职": 8500, "退休": 9200, "原退休": 9200}[person] : 0,
cel.bind(dedc, inpatient
    ? math.least(inscp_scp_amt, math.greatest(0, {"在职": 150000, "退休": 120000, "原退休": 70000}[person] - deductible_borne))
    : 0,
cel.bind(fund, inpatient
    ? math.least(((inscp_scp_amt - dedc) * ratio + 5000) / 10000, math.greatest(0, 46000000 - cap_paid))
    : 0,
cel.bind(share, medfee_sumamt - fund,
cel.bind(acct, acct_used ? math.least(share, math.greatest(balance, 0)) : 0,
  [dedc, ratio, fund, acct, share - acct]
))))))))
`

// celVars are the variables celRules reads, in the order celInput holds them.
var celVars = []string{
	"insutype", "psn_type", "med_type", "medins_lv", "setl_day",
	"medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt",
	"deductible_borne", "cap_paid", "balance", "acct_used",
}

func newCEL() (Variant, error) {
	opts := []cel.EnvOption{ext.Bindings(), ext.Math(), ext.Strings(),
		cel.Function("fail", cel.Overload("fail_string", []*cel.Type{cel.StringType}, cel.DynType,
			cel.UnaryBinding(func(msg ref.Val) ref.Val { return types.NewErr("%s", msg) })))}
	for i, name := range celVars {
		t := cel.IntType
		switch {
		case i < 4:
			t = cel.StringType
		case name == "acct_used":
			t = cel.BoolType
		}
		opts = append(opts, cel.Variable(name, t))
	}
	env, err := cel.NewEnv(opts...)
	if err != nil {
		return Variant{}, err
	}
	ast, iss := env.Compile(celRules)
	if iss.Err() != nil {
		return Variant{}, iss.Err()
	}
	prog, err := env.Program(ast, cel.EvalOptions(cel.OptOptimize))
	if err != nil {
		return Variant{}, err
	}
	return Variant{Name: NameCEL, Prepare: func(in Input) func() (Split, error) {
		return func() (Split, error) {
			c := in.Claim
			var sc scaler
			act := &celInput{
				strs: [4]string{c.Insutype, c.PsnType, c.MedType, c.MedinsLv},
				ints: [9]int64{settleDay(c), sc.fen(c.MedfeeSumamt), sc.fen(c.FulamtOwnpayAmt), sc.fen(c.OverlmtSelfpay),
					sc.fen(c.PreselfpayAmt), sc.fen(c.InscpScpAmt),
					sc.fen(in.Year.DeductibleBorne), sc.fen(in.Year.CapPaid), sc.fen(in.Year.Balance)},
				acctUsed: !c.AcctNotUsed,
			}
			if sc.bad {
				return Split{}, errNotWhole
			}
			out, _, err := prog.Eval(act)
			if err != nil {
				return Split{}, err
			}
			return celSplit(out)
		}
	}}, nil
}

// celInput is the activation: the claim's fields by name, without the map
// a map[string]any activation would build per claim.
type celInput struct {
	strs     [4]string
	ints     [9]int64
	acctUsed bool
}

// ResolveName implements interpreter.Activation.
func (a *celInput) ResolveName(name string) (any, bool) {
	for i, v := range celVars {
		if v != name {
			continue
		}
		switch {
		case i < 4:
			return types.String(a.strs[i]), true
		case i < 13:
			return types.Int(a.ints[i-4]), true
		default:
			return types.Bool(a.acctUsed), true
		}
	}
	return nil, false
}

// Parent implements interpreter.Activation.
func (a *celInput) Parent() interpreter.Activation { return nil }

func celSplit(out ref.Val) (Split, error) {
	list, ok := out.(traits.Lister)
	if !ok || list.Size() != types.Int(5) {
		return Split{}, fmt.Errorf("cel returned %v, not five integers", out)
	}
	var v [5]int64
	for i := range v {
		n, ok := list.Get(types.Int(i)).(types.Int)
		if !ok {
			return Split{}, fmt.Errorf("cel returned %v at %d, not an integer", list.Get(types.Int(i)), i)
		}
		v[i] = int64(n)
	}
	return Split{Deductible: Fen(v[0]), Ratio: v[1], Fund: Fen(v[2]), Account: Fen(v[3]), Cash: Fen(v[4])}, nil
}
