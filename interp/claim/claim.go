package claim

import (
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// Claim is one settlement request, as described in settlement-io.md. Field
// names follow the national platform's 2207/2304 interface.
type Claim struct {
	// Line is the 1-based line the claim was read from (for CSV, the line
	// where its record starts, the header being line 1); 0 when not read
	// from a file.
	Line int

	SetlID   string // setl_id: unique id of this settlement
	PsnNo    string // psn_no: member (参保人) id
	Insutype string // insutype: scheme code, e.g. 310, 390
	PsnType  string // psn_type: national code or policy label
	MedType  string // med_type: kind of care, code or label
	MedinsLv string // medins_lv: provider level, code or label

	// SetlTime is setl_time: the settlement (discharge) date and wall-clock
	// time as written (local time, no zone), stored in time.UTC.
	SetlTime time.Time

	MedfeeSumamt    decimal.Decimal // medfee_sumamt: total cost (医疗费总额)
	FulamtOwnpayAmt decimal.Decimal // fulamt_ownpay_amt: wholly self-paid (全自费)
	OverlmtSelfpay  decimal.Decimal // overlmt_selfpay: over the price limit (超限价自费)
	PreselfpayAmt   decimal.Decimal // preselfpay_amt: self-paid first (先行自付)
	InscpScpAmt     decimal.Decimal // inscp_scp_amt: within policy scope (符合政策范围)

	// FeeDetails are the fee lines; when present, the four split amounts
	// above are zero on input and derived by the policy.
	FeeDetails []FeeDetail

	Age          int    // age: years at settlement
	HasAge       bool   // whether age was given
	CvlservFlag  bool   // cvlserv_flag: civil servant (公务员医疗补助 applies)
	MdtrtArea    string // mdtrt_area: 本地 (default), 省内异地, 跨省异地
	RemoteFiling string // remote_filing: 长期, 临时, 转诊, 急诊, 未备案
	AcctNotUsed  bool   // acct_used_flag 0: the personal account may not pay (the zero value lets it, as an absent flag does)
	MulaidPsnNo  string // mulaid_psn_no: relative whose account pays by sharing (共济)
	DiseCode     string // dise_code: disease code
	Reverses     string // reverses: setl_id this claim reverses (冲正)
	PsnInsuStas  string // psn_insu_stas: 参保状态 as its code (0, 1, 2, 4); "" when not given, as 正常 (1)
}

// FeeDetail is one fee line of a claim (fee_details).
type FeeDetail struct {
	ItemCode    string          // item_code
	ChrgItemLv  string          // chrg_item_lv: 甲, 乙, 丙 (or 01, 02, 03)
	SumAmt      decimal.Decimal // det_item_fee_sumamt: the line's total
	SelfpayProp decimal.Decimal // selfpay_prop: self-pay-first share of a class B item, in [0, 1]
	LmtPrice    decimal.Decimal // lmt_price (pric_uplmt_amt): price limit per unit (optional)
	HasLmtPrice bool            // whether lmt_price was given
	// Cnt is cnt, the quantity: the line's limit is lmt_price × cnt
	// rounded half up to the fen (lmt_price itself when there is no
	// quantity). A Reader works it out as det_item_fee_sumamt / pric when
	// pric is given and cnt is not (see Quantity).
	Cnt    decimal.Decimal
	HasCnt bool            // whether cnt was given or worked out from pric
	Pric   decimal.Decimal // pric: unit price (单价), at most 6 places (optional)
	// HasPric is whether pric was given: then pric × cnt is within a fen
	// of det_item_fee_sumamt.
	HasPric bool
}

// Settlement is the result of settling one claim (setlinfo, setldetail and,
// when asked for, the trace).
type Settlement struct {
	SetlID string `json:"setl_id"`
	PsnNo  string `json:"psn_no"`
	// Reverses is the setl_id of the settlement this one reverses (冲正),
	// on a reversal's row only, so that a reader of the output can tell
	// it from a settlement of negative figures, or of none.
	Reverses   string       `json:"reverses,omitempty"`
	Setlinfo   Setlinfo     `json:"setlinfo"`
	Setldetail []FundDetail `json:"setldetail"`
	// Trace is the explanation, when asked for. A ledger's copy of a
	// settlement shares it with the settlement a caller is given (their
	// figures and fund details are each their own): read it, do not change
	// it.
	Trace []TraceStep `json:"trace,omitempty"`
}

// Setlinfo holds the settlement's money figures, as the platform's 2207 output.
type Setlinfo struct {
	MedfeeSumamt    decimal.Decimal `json:"medfee_sumamt"`
	FulamtOwnpayAmt decimal.Decimal `json:"fulamt_ownpay_amt"`
	OverlmtSelfpay  decimal.Decimal `json:"overlmt_selfpay"`
	PreselfpayAmt   decimal.Decimal `json:"preselfpay_amt"`
	InscpScpAmt     decimal.Decimal `json:"inscp_scp_amt"`
	ActPayDedc      decimal.Decimal `json:"act_pay_dedc"`      // deductible borne (实际支付起付线)
	HifpPay         decimal.Decimal `json:"hifp_pay"`          // basic pooled fund (统筹基金)
	PoolPropSelfpay decimal.Decimal `json:"pool_prop_selfpay"` // pooled fund's effective ratio, 4 places
	HifobPay        decimal.Decimal `json:"hifob_pay"`         // employee large-amount subsidy (大额)
	HifmiPay        decimal.Decimal `json:"hifmi_pay"`         // resident serious illness (大病)
	CvlservPay      decimal.Decimal `json:"cvlserv_pay"`       // civil-servant subsidy
	HifesPay        decimal.Decimal `json:"hifes_pay"`         // enterprise supplementary
	MafPay          decimal.Decimal `json:"maf_pay"`           // medical assistance (医疗救助)
	OthPay          decimal.Decimal `json:"oth_pay"`           // other funds
	FundPaySumamt   decimal.Decimal `json:"fund_pay_sumamt"`   // sum of all fund payments
	PsnPartAmt      decimal.Decimal `json:"psn_part_amt"`      // member's share
	AcctPay         decimal.Decimal `json:"acct_pay"`          // own personal account
	AcctMulaidPay   decimal.Decimal `json:"acct_mulaid_pay"`   // family member's account (共济)
	PsnCashPay      decimal.Decimal `json:"psn_cash_pay"`      // cash
	Balc            decimal.Decimal `json:"balc"`              // account balance after
}

// FundDetail is one entry of setldetail: what one fund paid.
type FundDetail struct {
	FundPayType     string          `json:"fund_pay_type"`      // national fund code, e.g. 310100
	FundPayTypeName string          `json:"fund_pay_type_name"` // its name
	InscpScpAmt     decimal.Decimal `json:"inscp_scp_amt"`      // the amount the fund's rule applied to
	CrtPaybLmtAmt   decimal.Decimal `json:"crt_payb_lmt_amt"`   // what the fund could still pay before this claim
	FundPayamt      decimal.Decimal `json:"fund_payamt"`        // what it paid
	SetlProcInfo    string          `json:"setl_proc_info"`     // one-line explanation
}

// TraceStep is one step of a settlement's explanation: which rule ran, where
// it is written, what it read and what it moved.
type TraceStep struct {
	Step   string            `json:"step"`             // deductible, ratio, cap, fund, account, …
	Rule   string            `json:"rule"`             // the rule's name in the policy
	Pos    string            `json:"pos,omitempty"`    // file:line:col of the rule
	Source string            `json:"source,omitempty"` // the policy's cited source
	Inputs map[string]string `json:"inputs,omitempty"` // values read, as text
	Amount decimal.Decimal   `json:"amount"`           // amount moved by this step
	Note   string            `json:"note,omitempty"`   // human explanation
}

// Error is a claim that could not be read or settled: it names the claim (or
// the input line, when the claim could not be read at all) and the field.
type Error struct {
	SetlID string // the claim's setl_id, when known
	Line   int    // the input line, when known
	Field  string // the field at fault, when one is
	Code   string // stable error code, e.g. mpl_claim_error
	Msg    string
}

// Error codes carried by claim errors.
const (
	CodeClaim      = "mpl_claim_error"      // the claim breaks a rule of settlement-io.md
	CodeRead       = "mpl_read_error"       // the line could not be read at all
	CodeSettlement = "mpl_settlement_error" // settling failed (a rule's runtime error, an invariant)
)

// Is lets errors.Is match an Error by its code: errors.Is(err, claim.ErrCode(claim.CodeClaim)).
func (e *Error) Is(target error) bool {
	c, ok := target.(ErrCode)
	return ok && string(c) == e.Code
}

// ErrCode is an error code as an error value, for errors.Is.
type ErrCode string

// Error is the code itself (mpl_claim_error), so that errors.Is matches
// an *Error against it.
func (c ErrCode) Error() string { return string(c) }

// Error prints the claim (or line), the field and the message on one line.
func (e *Error) Error() string {
	var where string
	switch {
	case e.SetlID != "" && e.Line > 0:
		where = "claim " + e.SetlID + " (line " + strconv.Itoa(e.Line) + ")"
	case e.SetlID != "":
		where = "claim " + e.SetlID
	case e.Line > 0:
		where = "line " + strconv.Itoa(e.Line)
	default:
		where = "claim"
	}
	if e.Field != "" {
		where += ": " + e.Field
	}
	return where + ": " + e.Msg
}
