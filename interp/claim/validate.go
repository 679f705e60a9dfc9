package claim

import (
	"fmt"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/internal/spaces"
)

// Validate checks a claim as a Reader checks one it reads, for a claim
// built in Go: the fields settlement-io.md requires, ids without spaces at
// their ends or characters that cannot be seen, amounts in whole fen that
// are not negative and add up to medfee_sumamt, the fee lines, age, and
// remote_filing when the care was away from home. It returns the first
// fault, naming the claim and the field, or nil. A claim a Reader returned
// passes; Program.Settle checks every claim with it.
//
// Validate checks what a claim says, not what a policy makes of it: an
// unknown person type or a setl_time outside the policy's period (the zero
// time among them) is the policy's to refuse. An empty MdtrtArea is 本地, as
// an absent mdtrt_area is; spaces around it and RemoteFiling are ignored,
// as a Reader ignores them.
func (c *Claim) Validate() *Error {
	fail := func(field, msg string) *Error {
		return &Error{SetlID: c.SetlID, Line: c.Line, Field: field, Code: CodeClaim, Msg: msg}
	}
	ids := [...]struct {
		name     string
		s        string
		required bool
	}{
		{"setl_id", c.SetlID, true}, {"psn_no", c.PsnNo, true},
		{"mulaid_psn_no", c.MulaidPsnNo, false}, {"reverses", c.Reverses, false},
	}
	for _, id := range ids {
		if msg := checkID(id.s, id.required); msg != "" {
			return fail(id.name, msg)
		}
	}
	codes := [...]struct{ name, s string }{
		{"insutype", c.Insutype}, {"psn_type", c.PsnType}, {"med_type", c.MedType}, {"medins_lv", c.MedinsLv},
	}
	for _, code := range codes {
		if code.s == "" {
			return fail(code.name, msgRequired)
		}
	}
	if msg := checkMoney(c.MedfeeSumamt); msg != "" {
		return fail("medfee_sumamt", msg)
	}
	split := [...]struct {
		name string
		d    decimal.Decimal
	}{
		{"fulamt_ownpay_amt", c.FulamtOwnpayAmt}, {"overlmt_selfpay", c.OverlmtSelfpay},
		{"preselfpay_amt", c.PreselfpayAmt}, {"inscp_scp_amt", c.InscpScpAmt},
	}
	sum := decimal.Zero
	for _, s := range split {
		if msg := checkMoney(s.d); msg != "" {
			return fail(s.name, msg)
		}
		if len(c.FeeDetails) > 0 && !s.d.IsZero() {
			return fail(s.name, "must be zero with fee_details: the policy derives the four amounts from the fee lines")
		}
		sum = sum.Add(s.d)
	}
	if len(c.FeeDetails) == 0 && !sum.Equal(c.MedfeeSumamt) {
		return fail("medfee_sumamt", "the four amounts add up to "+sum.StringFixed(moneyPlaces)+", not medfee_sumamt "+c.MedfeeSumamt.StringFixed(moneyPlaces))
	}
	if e := c.validateFees(); e != nil {
		return e
	}
	if c.HasAge && (c.Age < 0 || c.Age > 150) {
		return fail("age", "must be a whole number of years from 0 to 150, not "+strconv.Itoa(c.Age))
	}
	area, filing := spaces.Trim(c.MdtrtArea), spaces.Trim(c.RemoteFiling)
	if area != "" && !oneOf(area, mdtrtAreas) {
		return fail("mdtrt_area", "must be one of "+listOf(mdtrtAreas)+"; not "+strconv.Quote(c.MdtrtArea))
	}
	if filing != "" && !oneOf(filing, remoteFilings) {
		return fail("remote_filing", "must be one of "+listOf(remoteFilings)+"; not "+strconv.Quote(c.RemoteFiling))
	}
	if filing == "" && area != "" && area != areaLocal {
		return fail("remote_filing", "is required when mdtrt_area is "+area+" (write 未备案 when there is no filing)")
	}
	if c.PsnInsuStas != "" {
		if code, msg := insuStasCode(c.PsnInsuStas); msg != "" {
			return fail("psn_insu_stas", msg)
		} else if code != c.PsnInsuStas {
			return fail("psn_insu_stas", "must be the code, "+code+", not the label "+strconv.Quote(c.PsnInsuStas))
		}
	}
	return nil
}

// validateFees checks the fee lines as Validate does the claim.
func (c *Claim) validateFees() *Error {
	if len(c.FeeDetails) == 0 {
		return nil
	}
	fail := func(i int, field, msg string) *Error {
		return &Error{SetlID: c.SetlID, Line: c.Line, Field: fmt.Sprintf("fee_details[%d].%s", i, field), Code: CodeClaim, Msg: msg}
	}
	sum := decimal.Zero
	for i, d := range c.FeeDetails {
		switch {
		case d.ItemCode == "":
			return fail(i, "item_code", msgRequired)
		case d.ChrgItemLv != "甲" && d.ChrgItemLv != "乙" && d.ChrgItemLv != "丙":
			return fail(i, "chrg_item_lv", "must be 甲, 乙 or 丙, not "+strconv.Quote(d.ChrgItemLv))
		case d.SelfpayProp.IsNegative() || d.SelfpayProp.GreaterThan(decimal.NewFromInt(1)):
			return fail(i, "selfpay_prop", "must be between 0 and 1, not "+d.SelfpayProp.String())
		case d.HasCnt && !d.Cnt.IsPositive():
			return fail(i, "cnt", "must be more than 0, not "+d.Cnt.String())
		}
		if msg := checkMoney(d.SumAmt); msg != "" {
			return fail(i, "det_item_fee_sumamt", msg)
		}
		if d.HasLmtPrice {
			if msg := checkMoney(d.LmtPrice); msg != "" {
				return fail(i, "lmt_price", msg)
			}
		}
		if msg := pricFault(&d); msg != "" {
			return fail(i, "pric", msg)
		}
		sum = sum.Add(d.SumAmt)
	}
	if !sum.Equal(c.MedfeeSumamt) {
		return &Error{SetlID: c.SetlID, Line: c.Line, Field: "medfee_sumamt", Code: CodeClaim,
			Msg: "the fee lines' det_item_fee_sumamt add up to " + sum.StringFixed(moneyPlaces) + ", not medfee_sumamt " + c.MedfeeSumamt.StringFixed(moneyPlaces)}
	}
	return nil
}

// checkID is idField's check of an id already read: it says why s is no
// id, or "".
func checkID(s string, required bool) string {
	if s == "" && required {
		return msgRequired
	}
	return idFault(s, func() string { return strconv.Quote(s) })
}

// maxMoney is the largest amount a reader takes: moneyIntDigits digits of
// yuan and two of fen.
var maxMoney = decimal.New(1, moneyIntDigits).Sub(decimal.New(1, -moneyPlaces))

// AmountError says what is wrong with d as an amount of money a claim or
// a ledger may hold (a balance, say): below zero, a fraction of a fen, or
// past the largest amount a claim may give (15 digits of yuan); "" when
// nothing is.
func AmountError(d decimal.Decimal) string { return checkMoney(d) }

// checkMoney is moneyField's check of an amount already read.
func checkMoney(d decimal.Decimal) string {
	switch {
	case d.IsNegative():
		return d.String() + " is negative"
	case !d.Equal(d.Truncate(moneyPlaces)):
		return d.String() + " has more than 2 decimal places"
	case d.GreaterThan(maxMoney):
		text := d.String()
		if len(text) > 24 { // 1e9999 is ten thousand digits
			text = fmt.Sprintf("%s… (%d digits)", text[:12], len(text))
		}
		return text + " is too large an amount"
	}
	return ""
}

func oneOf(s string, allowed []string) bool {
	for _, a := range allowed {
		if s == a {
			return true
		}
	}
	return false
}

func listOf(allowed []string) string {
	s := ""
	for i, a := range allowed {
		if i > 0 {
			s += ", "
		}
		s += a
	}
	return s
}
