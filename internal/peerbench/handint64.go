package peerbench

import (
	"math/bits"
	"strings"

	"github.com/mpl-lang/mpl/interp/claim"
)

// The policy's figures in fen and basis points, indexed by personClass.
var (
	deductibleFen = [...]int64{active: 150000, retired: 120000, retiredEarly: 70000} // 住院起付线
	ratioBP       = [...]int64{active: 8500, retired: 9200, retiredEarly: 9200}      // 住院统筹比例
)

const yearCapFen = 46000000 // 年度最高支付限额 ¥460000

// handInt64 settles with int64 fen: exact, since every step is a sum, a
// difference, a minimum or one product with a ratio rounded half up.
func handInt64() Variant {
	return Variant{Name: NameHandInt64, Prepare: func(in Input) func() (Split, error) {
		return func() (Split, error) { return settleInt64(&in) }
	}}
}

func settleInt64(in *Input) (Split, error) {
	c := in.Claim
	person, benefit, err := classify(c)
	if err != nil {
		return Split{}, err
	}
	var sc scaler
	total, fulamt, overlmt, pre, inscp := sc.fen(c.MedfeeSumamt), sc.fen(c.FulamtOwnpayAmt),
		sc.fen(c.OverlmtSelfpay), sc.fen(c.PreselfpayAmt), sc.fen(c.InscpScpAmt)
	borne, capPaid, balance := sc.fen(in.Year.DeductibleBorne), sc.fen(in.Year.CapPaid), sc.fen(in.Year.Balance)
	if sc.bad {
		return Split{}, errNotWhole
	}
	if fulamt+overlmt+pre+inscp != total {
		return Split{}, errSplit
	}

	var dedc, ratio, fund int64
	if benefit == inpatient {
		dedc = min(inscp, max(0, deductibleFen[person]-borne))
		ratio = ratioBP[person]
		fund = min(mulRatioHalfUp(inscp-dedc, ratio), max(0, yearCapFen-capPaid))
	}

	share := total - fund
	var acct int64
	if !c.AcctNotUsed {
		acct = min(share, max(balance, 0))
	}
	return Split{Deductible: Fen(dedc), Ratio: ratio, Fund: Fen(fund), Account: Fen(acct), Cash: Fen(share - acct)}, nil
}

// mulRatioHalfUp is fen × bp / 10000 rounded half up, for 0 ≤ fen < 10¹⁷
// and 0 ≤ bp ≤ 10000; the product is taken in 128 bits so it cannot overflow.
func mulRatioHalfUp(fen, bp int64) int64 {
	hi, lo := bits.Mul64(uint64(fen), uint64(bp))
	lo, carry := bits.Add64(lo, 5000, 0)
	q, _ := bits.Div64(hi+carry, lo, 10000)
	return int64(q)
}

// classify checks the claim's scheme, codes and date as the policy does, and
// returns its person class and benefit; both hand-written variants share it.
func classify(c *claim.Claim) (personClass, benefitKind, error) {
	if !isScheme(strings.TrimSpace(c.Insutype)) {
		return 0, 0, errScheme
	}
	person, ok := personClasses[strings.TrimSpace(c.PsnType)]
	if !ok {
		return 0, 0, errPerson
	}
	benefit, ok := benefits[strings.TrimSpace(c.MedType)]
	if !ok {
		return 0, 0, errBenefit
	}
	if !providerLevels[strings.TrimSpace(c.MedinsLv)] {
		return 0, 0, errLevel
	}
	if day := settleDay(c); day < periodFrom || day > periodTo {
		return 0, 0, errPeriod
	}
	return person, benefit, nil
}
