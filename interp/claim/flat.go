package claim

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Flat is a claim without fee lines whose amounts are whole fen: the common
// claim of a large batch, in a form that costs no allocation to read. Its
// fields mean what Claim's mean; the five amounts are in fen. A LineParser
// fills one from a JSON Lines line when the line is simple enough; any other
// line is read into a Claim.
//
// The strings of a Flat filled by LineParser.Flat share the memory of the
// line they were read from.
type Flat struct {
	Line int

	SetlID, PsnNo, Insutype, PsnType, MedType, MedinsLv string

	SetlTime time.Time

	// The split amounts, in fen.
	MedfeeSumamt, FulamtOwnpayAmt, OverlmtSelfpay, PreselfpayAmt, InscpScpAmt int64

	Age          int
	HasAge       bool
	CvlservFlag  bool
	MdtrtArea    string
	RemoteFiling string
	AcctUsedFlag bool
	MulaidPsnNo  string
	DiseCode     string
	Reverses     string
}

// Claim returns the same claim as a Claim, with strings of its own, so
// that it does not keep its line alive.
func (f *Flat) Claim() *Claim {
	return &Claim{
		Line: f.Line, SetlID: strings.Clone(f.SetlID), PsnNo: strings.Clone(f.PsnNo), Insutype: strings.Clone(f.Insutype),
		PsnType: strings.Clone(f.PsnType), MedType: strings.Clone(f.MedType), MedinsLv: strings.Clone(f.MedinsLv),
		SetlTime:     f.SetlTime,
		MedfeeSumamt: fenDecimal(f.MedfeeSumamt), FulamtOwnpayAmt: fenDecimal(f.FulamtOwnpayAmt),
		OverlmtSelfpay: fenDecimal(f.OverlmtSelfpay), PreselfpayAmt: fenDecimal(f.PreselfpayAmt),
		InscpScpAmt: fenDecimal(f.InscpScpAmt),
		Age:         f.Age, HasAge: f.HasAge, CvlservFlag: f.CvlservFlag,
		MdtrtArea: strings.Clone(f.MdtrtArea), RemoteFiling: strings.Clone(f.RemoteFiling), AcctUsedFlag: f.AcctUsedFlag,
		MulaidPsnNo: strings.Clone(f.MulaidPsnNo), DiseCode: strings.Clone(f.DiseCode), Reverses: strings.Clone(f.Reverses),
	}
}

// fenDecimal is an amount in fen as the Reader would have read it.
func fenDecimal(fen int64) decimal.Decimal { return decimal.New(fen, -2) }
