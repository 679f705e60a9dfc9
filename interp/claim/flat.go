package claim

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Flat is a claim whose amounts are whole fen: the common claim of a large
// batch, in a form that costs no allocation to read. Its fields mean what
// Claim's mean; the amounts are in fen. A LineParser fills one from a JSON
// Lines line when the line is simple enough; any other line is read into a
// Claim.
//
// The strings of a Flat filled by LineParser.Flat share the memory of the
// line they were read from; its Fees reuse the memory of the Flat's last
// filling.
type Flat struct {
	Line int

	SetlID, PsnNo, Insutype, PsnType, MedType, MedinsLv string

	SetlTime time.Time

	// The split amounts, in fen: when the claim has fee lines, the four
	// after MedfeeSumamt are 0, and the policy derives them from Fees.
	MedfeeSumamt, FulamtOwnpayAmt, OverlmtSelfpay, PreselfpayAmt, InscpScpAmt int64

	// Fees are the fee lines (fee_details), if any.
	Fees []FlatFee

	Age          int
	HasAge       bool
	CvlservFlag  bool
	MdtrtArea    string
	RemoteFiling string
	AcctNotUsed  bool
	MulaidPsnNo  string
	DiseCode     string
	Reverses     string
	PsnInsuStas  string // as its code, or ""
}

// FlatFee is a fee line of a Flat: a FeeDetail with its amounts in fen,
// and its ratio, quantity and unit price as read, coefficient and
// exponent (selfpay_prop = SelfpayCoef × 10^SelfpayExp).
type FlatFee struct {
	ItemCode    string
	ChrgItemLv  string // 甲, 乙 or 丙
	SumAmt      int64  // fen
	SelfpayCoef int64
	SelfpayExp  int32
	LmtPrice    int64 // fen
	HasLmtPrice bool
	CntCoef     int64 // given, or worked out from pric as FeeDetail.Cnt is
	CntExp      int32
	HasCnt      bool
	PricCoef    int64
	PricExp     int32
	HasPric     bool
}

// Claim returns the same claim as a Claim, with strings of its own, so
// that it does not keep its line alive.
func (f *Flat) Claim() *Claim { return f.claim(strings.Clone) }

// claim is Claim, with own making the copies of the codes (a Reader's
// interning table, or strings.Clone). Ids are always cloned: they do not
// repeat.
func (f *Flat) claim(own func(string) string) *Claim {
	return &Claim{
		Line: f.Line, SetlID: strings.Clone(f.SetlID), PsnNo: own(f.PsnNo), Insutype: own(f.Insutype),
		PsnType: own(f.PsnType), MedType: own(f.MedType), MedinsLv: own(f.MedinsLv),
		SetlTime:     f.SetlTime,
		MedfeeSumamt: fenDecimal(f.MedfeeSumamt), FulamtOwnpayAmt: fenDecimal(f.FulamtOwnpayAmt),
		OverlmtSelfpay: fenDecimal(f.OverlmtSelfpay), PreselfpayAmt: fenDecimal(f.PreselfpayAmt),
		InscpScpAmt: fenDecimal(f.InscpScpAmt),
		Age:         f.Age, HasAge: f.HasAge, CvlservFlag: f.CvlservFlag,
		MdtrtArea: own(f.MdtrtArea), RemoteFiling: own(f.RemoteFiling), AcctNotUsed: f.AcctNotUsed,
		MulaidPsnNo: own(f.MulaidPsnNo), DiseCode: own(f.DiseCode), Reverses: strings.Clone(f.Reverses),
		PsnInsuStas: f.PsnInsuStas,
		FeeDetails:  feeDetails(f.Fees, own),
	}
}

// feeDetails is fees as the Reader reads them (see builder.feeDetail).
func feeDetails(fees []FlatFee, own func(string) string) []FeeDetail {
	if len(fees) == 0 {
		return nil
	}
	details := make([]FeeDetail, len(fees))
	for i, fee := range fees {
		d := &details[i]
		d.ItemCode, d.ChrgItemLv = own(fee.ItemCode), fee.ChrgItemLv
		d.SumAmt = moneyDecimal(fee.SumAmt)
		d.SelfpayProp = decimal.New(fee.SelfpayCoef, fee.SelfpayExp)
		d.LmtPrice, d.HasLmtPrice = zeroMoney, fee.HasLmtPrice
		if fee.HasLmtPrice {
			d.LmtPrice = moneyDecimal(fee.LmtPrice)
		}
		if d.HasCnt = fee.HasCnt; fee.HasCnt {
			d.Cnt = decimal.New(fee.CntCoef, fee.CntExp)
		}
		if d.HasPric = fee.HasPric; fee.HasPric {
			d.Pric = decimal.New(fee.PricCoef, fee.PricExp)
		}
	}
	return details
}

// fenDecimal is an amount in fen as the Reader would have read it.
func fenDecimal(fen int64) decimal.Decimal { return decimal.New(fen, -2) }
