package peerbench

import (
	"github.com/shopspring/decimal"
)

// The policy's figures as decimals, indexed by personClass.
var (
	deductibleDec = [...]decimal.Decimal{active: decimal.New(1500, 0), retired: decimal.New(1200, 0), retiredEarly: decimal.New(700, 0)}
	ratioDec      = [...]decimal.Decimal{active: decimal.New(85, -2), retired: decimal.New(92, -2), retiredEarly: decimal.New(92, -2)}
	yearCapDec    = decimal.New(460000, 0)
)

// handDecimal settles with shopspring/decimal, as MPL does inside, rounding
// the fund's payment to the fen half up (Round rounds half away from zero,
// which is half up for amounts that are never negative).
func handDecimal() Variant {
	return Variant{Name: NameHandDecimal, Prepare: func(in Input) func() (Split, error) {
		return func() (Split, error) { return settleDecimal(&in) }
	}}
}

func settleDecimal(in *Input) (Split, error) {
	c := in.Claim
	person, benefit, err := classify(c)
	if err != nil {
		return Split{}, err
	}
	inscp := c.InscpScpAmt
	if !c.FulamtOwnpayAmt.Add(c.OverlmtSelfpay).Add(c.PreselfpayAmt).Add(inscp).Equal(c.MedfeeSumamt) {
		return Split{}, errSplit
	}

	dedc, ratio, fund := decimal.Zero, decimal.Zero, decimal.Zero
	if benefit == inpatient {
		dedc = decimal.Min(inscp, decimal.Max(decimal.Zero, deductibleDec[person].Sub(in.Year.DeductibleBorne)))
		ratio = ratioDec[person]
		room := decimal.Max(decimal.Zero, yearCapDec.Sub(in.Year.CapPaid))
		fund = decimal.Min(inscp.Sub(dedc).Mul(ratio).Round(2), room)
	}

	share := c.MedfeeSumamt.Sub(fund)
	acct := decimal.Zero
	if !c.AcctNotUsed {
		acct = decimal.Min(share, decimal.Max(in.Year.Balance, decimal.Zero))
	}
	return splitOf(dedc, ratio, fund, acct, share.Sub(acct))
}
