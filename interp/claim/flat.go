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
		MdtrtArea: own(f.MdtrtArea), RemoteFiling: own(f.RemoteFiling), AcctUsedFlag: f.AcctUsedFlag,
		MulaidPsnNo: own(f.MulaidPsnNo), DiseCode: own(f.DiseCode), Reverses: strings.Clone(f.Reverses),
	}
}

// fenDecimal is an amount in fen as the Reader would have read it.
func fenDecimal(fen int64) decimal.Decimal { return decimal.New(fen, -2) }
