package claim

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mpl-lang/mpl/internal/spaces"
	"github.com/shopspring/decimal"
)

// The claim's fields, in the order of settlement-io.md's table, which is
// also the order they are checked in: the first that fails names the error.
const (
	fSetlID = iota
	fPsnNo
	fInsutype
	fPsnType
	fMedType
	fMedinsLv
	fSetlTime
	fMedfeeSumamt
	fFulamtOwnpayAmt
	fOverlmtSelfpay
	fPreselfpayAmt
	fInscpScpAmt
	fFeeDetails
	fAge
	fCvlservFlag
	fMdtrtArea
	fRemoteFiling
	fAcctUsedFlag
	fMulaidPsnNo
	fDiseCode
	fReverses
	fPsnInsuStas
	numClaimFields
)

var claimFieldNames = [numClaimFields]string{
	"setl_id", "psn_no", "insutype", "psn_type", "med_type", "medins_lv",
	"setl_time", "medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay",
	"preselfpay_amt", "inscp_scp_amt", "fee_details", "age", "cvlserv_flag",
	"mdtrt_area", "remote_filing", "acct_used_flag", "mulaid_psn_no",
	"dise_code", "reverses", "psn_insu_stas",
}

// claimField returns the index of the claim field called name, or -1. It is
// a switch rather than a loop over claimFieldNames because every key of
// every line goes through it.
func claimField(name string) int {
	switch name {
	case "setl_id":
		return fSetlID
	case "psn_no":
		return fPsnNo
	case "insutype":
		return fInsutype
	case "psn_type":
		return fPsnType
	case "med_type":
		return fMedType
	case "medins_lv":
		return fMedinsLv
	case "setl_time":
		return fSetlTime
	case "medfee_sumamt":
		return fMedfeeSumamt
	case "fulamt_ownpay_amt":
		return fFulamtOwnpayAmt
	case "overlmt_selfpay":
		return fOverlmtSelfpay
	case "preselfpay_amt":
		return fPreselfpayAmt
	case "inscp_scp_amt":
		return fInscpScpAmt
	case "fee_details":
		return fFeeDetails
	case "age":
		return fAge
	case "cvlserv_flag":
		return fCvlservFlag
	case "mdtrt_area":
		return fMdtrtArea
	case "remote_filing":
		return fRemoteFiling
	case "acct_used_flag":
		return fAcctUsedFlag
	case "mulaid_psn_no":
		return fMulaidPsnNo
	case "dise_code", "dise_codg": // dise_codg: the national platform's name
		return fDiseCode
	case "reverses":
		return fReverses
	case "psn_insu_stas":
		return fPsnInsuStas
	}
	return -1
}

// The fields of a fee line, in the order they are checked.
const (
	dItemCode = iota
	dChrgItemLv
	dSumAmt
	dSelfpayProp
	dLmtPrice
	dCnt
	dPric
	numDetailFields
)

var detailFieldNames = [numDetailFields]string{
	"item_code", "chrg_item_lv", "det_item_fee_sumamt", "selfpay_prop", "lmt_price", "cnt", "pric",
}

// detailField returns the index of the fee line field called name, or -1.
// A fee line may give its price limit and its item class under the
// national platform's names, pric_uplmt_amt and chrgitm_lv (domain.md),
// as well as lmt_price and chrg_item_lv (settlement-io.md).
func detailField(name string) int {
	for i, n := range detailFieldNames {
		if n == name {
			return i
		}
	}
	switch name {
	case "pric_uplmt_amt":
		return dLmtPrice
	case "chrgitm_lv":
		return dChrgItemLv
	}
	return -1
}

// Values of mdtrt_area and remote_filing (settlement-io.md lists them all).
const (
	areaLocal = "本地"
)

var (
	mdtrtAreas    = []string{areaLocal, "省内异地", "跨省异地"}
	remoteFilings = []string{"长期", "临时", "转诊", "急诊", "未备案"}
)

// builder checks a claim's fields, read from a JSON object or a CSV row,
// against the contract and makes the Claim. Its tables let codes and
// decimals that repeat from claim to claim cost no allocation.
type builder struct {
	vals  [numClaimFields]value
	dvals [numDetailFields]value
	miss  misspellings // keys that look like contract fields (see misspelt.go)
	near  nearNames
	strs  map[string]string // interned codes
	decs  map[decKey]decimal.Decimal
}

// set records v as field f's value; a second value marks the field as given twice.
func (b *builder) set(f int, v value) {
	if b.vals[f].kind != kAbsent {
		b.vals[f].dup = true
		return
	}
	b.vals[f] = v
}

// intern returns a copy of s that does not share the input's memory, so a
// claim kept after reading does not keep its whole line alive. Short strings
// that repeat from claim to claim (codes, labels, members) share one copy
// from a bounded table, so they cost no allocation after the first.
func (b *builder) intern(s string) string {
	if t, ok := b.strs[s]; ok {
		return t
	}
	t := strings.Clone(s)
	if len(s) <= 32 && len(b.strs) < 4096 {
		if b.strs == nil {
			b.strs = make(map[string]string)
		}
		b.strs[t] = t
	}
	return t
}

// build checks the fields in b.vals against the contract and makes the claim.
func (b *builder) build(line int) (*Claim, *Error) {
	v := &b.vals
	c := &Claim{Line: line}
	fail := func(f int, msg string) (*Claim, *Error) {
		if msg == msgRequired {
			msg += b.miss.hint(f)
		}
		if strings.HasSuffix(msg, msgNegative) && !v[fReverses].absent() {
			msg += " (a reversal repeats the amounts of the settlement it reverses, as they were sent: the settlement's figures come back negated)"
		}
		return nil, &Error{SetlID: c.SetlID, Line: line, Field: claimFieldNames[f], Code: CodeClaim, Msg: msg}
	}
	var msg string

	// A misspelt field says more than what its absence leads to.
	missF, missKey := b.miss.misspelt(v)
	misspelt := func() (*Claim, *Error) {
		return nil, &Error{SetlID: c.SetlID, Line: line, Field: strings.Clone(missKey), Code: CodeClaim, Msg: misspeltMessage(missF)}
	}
	var setlID string
	if setlID, msg = idField(v[fSetlID], true); msg != "" {
		if missF >= 0 {
			return misspelt()
		}
		return fail(fSetlID, msg)
	}
	c.SetlID = strings.Clone(setlID) // unique to the claim: not worth interning
	if missF >= 0 {
		return misspelt()
	}
	codes := [...]struct {
		f   int
		dst *string
	}{
		{fPsnNo, &c.PsnNo}, {fInsutype, &c.Insutype}, {fPsnType, &c.PsnType}, {fMedType, &c.MedType}, {fMedinsLv, &c.MedinsLv},
	}
	for _, code := range codes {
		read := textField
		if code.f == fPsnNo {
			read = idField
		}
		s, msg := read(v[code.f], true)
		if msg != "" {
			return fail(code.f, msg)
		}
		*code.dst = b.intern(s)
	}
	if c.SetlTime, msg = timeField(v[fSetlTime]); msg != "" {
		return fail(fSetlTime, msg)
	}

	var total amount
	if total, msg = moneyField(v[fMedfeeSumamt], true); msg != "" {
		return fail(fMedfeeSumamt, msg)
	}
	c.MedfeeSumamt = total.d

	// The four split amounts, or fee_details.
	split := [...]struct {
		f   int
		dst *decimal.Decimal
	}{
		{fFulamtOwnpayAmt, &c.FulamtOwnpayAmt}, {fOverlmtSelfpay, &c.OverlmtSelfpay},
		{fPreselfpayAmt, &c.PreselfpayAmt}, {fInscpScpAmt, &c.InscpScpAmt},
	}
	var parts [len(split)]amount
	for i, s := range split {
		if parts[i], msg = moneyField(v[s.f], false); msg != "" {
			return fail(s.f, msg)
		}
		*s.dst = parts[i].d
	}
	switch fd := v[fFeeDetails]; {
	case fd.dup:
		return fail(fFeeDetails, msgTwice)
	case !fd.absent():
		// What fee_details is comes first: a value that is no list of
		// fee lines, or an empty list, is fee_details' fault, not the
		// four amounts'.
		amountsGiven := parts[0].given || parts[1].given || parts[2].given || parts[3].given
		switch {
		case fd.kind == kBadJSON:
			return fail(fFeeDetails, "must be a JSON list of fee lines, not "+fd.describe())
		case fd.kind != kArray:
			return fail(fFeeDetails, "must be a list of fee lines, not "+fd.describe())
		case amountsGiven && emptyList(fd.text):
			return fail(fFeeDetails, "is an empty list, and the four amounts are given: leave fee_details out (null, or an empty CSV cell) for a claim without fee lines")
		}
		for i, s := range split {
			if parts[i].given {
				return fail(s.f, "must not be given with fee_details: the policy derives the four amounts from the fee lines")
			}
		}
		details, e := b.feeDetails(fd, c.SetlID, line, total)
		if e != nil {
			return nil, e
		}
		c.FeeDetails = details
	default:
		var sum int64
		for i, s := range split {
			if !parts[i].given {
				if i == 0 && !parts[1].given && !parts[2].given && !parts[3].given {
					return fail(fFeeDetails, "is required when the four amounts fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt and inscp_scp_amt are not given")
				}
				return fail(s.f, "is required: give all four amounts fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt and inscp_scp_amt, or fee_details instead")
			}
			sum += parts[i].fen
		}
		if sum != total.fen {
			return fail(fMedfeeSumamt, "the four amounts add up to "+fenText(sum)+", not medfee_sumamt "+fenText(total.fen))
		}
	}

	if c.Age, c.HasAge, msg = ageField(v[fAge]); msg != "" {
		return fail(fAge, msg)
	}
	if c.CvlservFlag, msg = flagField(v[fCvlservFlag], false); msg != "" {
		return fail(fCvlservFlag, msg)
	}
	if c.MdtrtArea, msg = oneOfField(v[fMdtrtArea], mdtrtAreas); msg != "" {
		return fail(fMdtrtArea, msg)
	}
	if c.MdtrtArea == "" {
		c.MdtrtArea = areaLocal
	}
	c.MdtrtArea = b.intern(c.MdtrtArea)
	if c.RemoteFiling, msg = oneOfField(v[fRemoteFiling], remoteFilings); msg != "" {
		return fail(fRemoteFiling, msg)
	}
	if c.RemoteFiling == "" && c.MdtrtArea != areaLocal {
		return fail(fRemoteFiling, "is required when mdtrt_area is "+c.MdtrtArea+" (write 未备案 when there is no filing)")
	}
	c.RemoteFiling = b.intern(c.RemoteFiling)
	acctUsed, msg := flagField(v[fAcctUsedFlag], true)
	if msg != "" {
		return fail(fAcctUsedFlag, msg)
	}
	c.AcctNotUsed = !acctUsed
	if c.MulaidPsnNo, msg = idField(v[fMulaidPsnNo], false); msg != "" {
		return fail(fMulaidPsnNo, msg)
	}
	c.MulaidPsnNo = b.intern(c.MulaidPsnNo)
	if c.DiseCode, msg = textField(v[fDiseCode], false); msg == msgTwice {
		return fail(fDiseCode, msg+" (as dise_code, or as dise_codg, the national platform's name for it)")
	} else if msg != "" {
		return fail(fDiseCode, msg)
	}
	c.DiseCode = b.intern(c.DiseCode)
	if c.Reverses, msg = idField(v[fReverses], false); msg != "" {
		return fail(fReverses, msg)
	}
	if c.PsnInsuStas, msg = insuStasField(v[fPsnInsuStas]); msg != "" {
		return fail(fPsnInsuStas, msg)
	}
	c.Reverses = strings.Clone(c.Reverses)
	return c, nil
}

// emptyList reports whether the JSON list text holds nothing: [ ] with
// white space at most.
func emptyList(text string) bool {
	return strings.TrimSpace(strings.TrimSpace(text)[1:]) == "]"
}

// feeDetails reads the fee lines of fee_details, a list (the caller has
// checked), and checks that they add up to total.
func (b *builder) feeDetails(fd value, setlID string, line int, total amount) ([]FeeDetail, *Error) {
	fail := func(field, msg string) ([]FeeDetail, *Error) {
		return nil, &Error{SetlID: setlID, Line: line, Field: field, Code: CodeClaim, Msg: msg}
	}
	name := claimFieldNames[fFeeDetails]
	var details []FeeDetail
	var sum int64
	overflow := false
	sc := jsonScanner{s: fd.text}
	sc.open('[')
	for i := 0; sc.more(); i++ {
		elem := sc.value()
		if elem.kind != kObject {
			return fail(detailName(i, -1), "must be a fee line object, not "+elem.describe())
		}
		d, f, msg := b.feeDetail(elem.text)
		if msg != "" {
			return fail(detailName(i, f), msg)
		}
		details = append(details, d)
		fen := d.SumAmt.CoefficientInt64() // amounts read here have exponent -2
		if sum > maxInt64-fen {
			overflow = true
		}
		sum += fen
	}
	if len(details) == 0 {
		return fail(name, "must list at least one fee line")
	}
	if overflow || sum != total.fen {
		got := fenText(sum)
		if overflow {
			s := decimal.Zero
			for _, d := range details {
				s = s.Add(d.SumAmt)
			}
			got = s.StringFixed(moneyPlaces)
		}
		return fail(claimFieldNames[fMedfeeSumamt], "the fee lines' det_item_fee_sumamt add up to "+got+", not medfee_sumamt "+fenText(total.fen))
	}
	return details, nil
}

const maxInt64 = 1<<63 - 1

// detailName names field f (or the whole line, when f < 0) of fee line i.
func detailName(i, f int) string {
	s := claimFieldNames[fFeeDetails] + "[" + strconv.Itoa(i) + "]"
	if f >= 0 {
		s += "." + detailFieldNames[f]
	}
	return s
}

// feeDetail reads one fee line, the JSON object obj. On failure it returns
// the failing field and why.
func (b *builder) feeDetail(obj string) (FeeDetail, int, string) {
	v := &b.dvals
	*v = [numDetailFields]value{}
	var nearKeys [numDetailFields]string // a key that looks like an optional field (see nearDetailField)
	var nearVals [numDetailFields]value
	sc := jsonScanner{s: obj}
	sc.open('{')
	for sc.more() {
		k := sc.key()
		val := sc.value()
		if f := detailField(k); f >= 0 {
			if v[f].kind != kAbsent {
				v[f].dup = true
			} else {
				v[f] = val
			}
		} else if g := nearDetailName(k); g >= 0 && nearKeys[g] == "" {
			nearKeys[g], nearVals[g] = k, val
		}
	}
	for _, f := range [...]int{dLmtPrice, dCnt, dPric} {
		key := nearKeys[f]
		if key == "" || !v[f].absent() {
			continue
		}
		var msg string
		switch f {
		case dLmtPrice:
			_, msg = moneyField(nearVals[f], true)
		case dCnt:
			_, msg = cntField(nearVals[f])
		default:
			_, msg = pricField(nearVals[f])
		}
		if msg == "" && !nearVals[f].absent() {
			return FeeDetail{}, f, "is not given, but " + strconv.Quote(key) + " is: did you mean " + detailFieldNames[f] +
				"? (a field under another name is ignored, and the line would settle without it)"
		}
	}
	d, f, msg := b.feeDetailFields(v)
	if msg == msgRequired && nearKeys[f] != "" {
		msg += " (the line gives " + strconv.Quote(nearKeys[f]) + ": a misspelling of " + detailFieldNames[f] + "?)"
	}
	return d, f, msg
}

// feeDetailFields reads a fee line's fields from v, as feeDetail.
func (b *builder) feeDetailFields(v *[numDetailFields]value) (FeeDetail, int, string) {
	var d FeeDetail
	var msg string
	if d.ItemCode, msg = textField(v[dItemCode], true); msg != "" {
		return d, dItemCode, msg
	}
	d.ItemCode = b.intern(d.ItemCode)
	if d.ChrgItemLv, msg = chrgItemLvField(v[dChrgItemLv]); msg == msgTwice {
		return d, dChrgItemLv, msg + " (as chrg_item_lv, or as chrgitm_lv, the national platform's name for it)"
	} else if msg != "" {
		return d, dChrgItemLv, msg
	}
	var a amount
	if a, msg = moneyField(v[dSumAmt], true); msg != "" {
		return d, dSumAmt, msg
	}
	d.SumAmt = a.d
	sumFen := a.fen
	if d.SelfpayProp, msg = b.ratioField(v[dSelfpayProp]); msg != "" {
		return d, dSelfpayProp, msg
	}
	if a, msg = moneyField(v[dLmtPrice], false); msg == msgTwice {
		return d, dLmtPrice, msg + " (as lmt_price, or as pric_uplmt_amt, the national platform's name for it)"
	} else if msg != "" {
		return d, dLmtPrice, msg
	}
	d.LmtPrice, d.HasLmtPrice = a.d, a.given
	var cnt, pric quantity
	if cnt, msg = cntField(v[dCnt]); msg != "" {
		return d, dCnt, msg
	}
	if pric, msg = pricField(v[dPric]); msg != "" {
		return d, dPric, msg
	}
	if pric.given {
		if cnt, msg = pricCount(sumFen, pric, cnt); msg != "" {
			return d, dPric, msg
		}
		d.Pric, d.HasPric = b.decimal(pric.coef, pric.exp), true
	}
	if cnt.given {
		d.Cnt, d.HasCnt = b.decimal(cnt.coef, cnt.exp), true
	}
	return d, -1, ""
}

const (
	msgRequired = "is required"
	msgTwice    = "is given twice"
	msgNegative = " is negative"
)

// present handles what every field shares: given twice, or not given.
// It returns ok when the value needs reading.
func present(v value, required bool) (ok bool, msg string) {
	switch {
	case v.dup:
		return false, msgTwice
	case v.absent() && required:
		return false, msgRequired
	case v.absent():
		return false, ""
	}
	return true, ""
}

// textField reads text: a JSON string, or a number kept as written (codes
// and ids are often numbers in a HIS's JSON).
func textField(v value, required bool) (string, string) {
	if ok, msg := present(v, required); !ok {
		return "", msg
	}
	if v.kind != kString && v.kind != kNumber {
		return "", "must be text, not " + v.describe()
	}
	return v.text, ""
}

// idField reads a member's or a settlement's id (psn_no, setl_id,
// mulaid_psn_no, reverses): text, as textField reads it, without spaces at
// its start or end. Ids are compared exactly, so " P1" would be a member of
// its own beside P1; it is refused rather than trimmed, since every reader
// of a line (the member's partition, the order check) would have to trim
// it alike.
func idField(v value, required bool) (string, string) {
	s, msg := textField(v, required)
	if msg == "" {
		if msg = idFault(s, v.describe); msg != "" {
			return "", msg
		}
	}
	return s, msg
}

// idFault says why the text s is no id, or "": a space at its start or
// end (the message shows s as shown gives it, made only then), or a rune
// unseenRune finds.
func idFault(s string, shown func() string) string {
	if spaces.Trim(s) != s {
		return "must not begin or end with a space (ids are compared exactly), not " + shown()
	}
	if r, ok := unseenRune(s); ok && r == utf8.RuneError {
		return "must not hold U+FFFD, which stands for a character lost (as an escaped lone surrogate, \\ud800, reads), not " + strconv.QuoteToASCII(s)
	} else if ok {
		return fmt.Sprintf("must not hold %U, a character that cannot be seen (ids are compared exactly), not %s", r, strconv.QuoteToASCII(s))
	}
	return ""
}

// unseenRune returns the first rune of an id that a reader of it cannot
// see or that stands for a character lost: a control or format character
// (a zero-width space, a byte order mark, a direction mark), a variation
// selector or another character Unicode says to ignore in display (a
// Hangul filler), or U+FFFD, to
// which the reader turns an escaped lone surrogate ("\ud800"). Two ids
// that differ by such a rune look the same, and would be two members or
// two settlements.
func unseenRune(s string) (rune, bool) {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c-0x20 < 0x7f-0x20 {
			continue // printable ASCII, nearly every byte of every id: one test
		}
		if c < 0x20 || c == 0x7f {
			return rune(c), true
		} else if c >= utf8.RuneSelf {
			for _, r := range s[i:] {
				if r == utf8.RuneError || unicode.In(r, unicode.Cc, unicode.Cf, unicode.Variation_Selector, unicode.Other_Default_Ignorable_Code_Point) {
					return r, true
				}
			}
			return 0, false
		}
	}
	return 0, false
}

// oneOfField reads text that must be one of allowed, spaces around it
// ignored; spaces alone are the field not given.
func oneOfField(v value, allowed []string) (string, string) {
	s, msg := textField(v, false)
	if msg != "" {
		return "", msg
	}
	// Spaces around the value are ignored, as they are around the codes a
	// policy looks up (psn_type, med_type, …): " 本地" is 本地, and a value of
	// spaces alone is not given.
	s = spaces.Trim(s)
	if s == "" {
		return "", ""
	}
	for _, a := range allowed {
		if s == a {
			return a, ""
		}
	}
	return "", "must be one of " + listOf(allowed) + "; not " + v.describe()
}

// The codes of psn_insu_stas (参保状态, domain.md), with their national
// labels: a claim of a member whose status is other than 正常 gets no
// pooled benefits.
const (
	InsuStasNone       = "0" // 未参保: not insured
	InsuStasNormal     = "1" // 正常
	InsuStasSuspended  = "2" // 暂停
	InsuStasTerminated = "4" // 终止
)

// insuStasLabels are the national labels of the psn_insu_stas codes.
var insuStasLabels = map[string]string{InsuStasNone: "未参保", InsuStasNormal: "正常", InsuStasSuspended: "暂停", InsuStasTerminated: "终止"}

// InsuStasLabel is the national label of a psn_insu_stas code, or the code.
func InsuStasLabel(code string) string {
	if l, ok := insuStasLabels[code]; ok {
		return l
	}
	return code
}

// insuStasField reads psn_insu_stas: a code (0, 1, 2, 4) or its label, as
// the code; "" when not given, which is 正常.
func insuStasField(v value) (string, string) {
	s, msg := textField(v, false)
	if msg != "" {
		return "", msg
	}
	return insuStasCode(spaces.Trim(s))
}

// insuStasCode is the psn_insu_stas code of text, a code or its label;
// "" for "".
func insuStasCode(text string) (string, string) {
	if text == "" {
		return "", ""
	}
	for code, label := range insuStasLabels {
		if text == code || text == label {
			return code, ""
		}
	}
	return "", "must be 0 (未参保), 1 (正常), 2 (暂停) or 4 (终止); not " + strconv.Quote(text)
}

// amount is money read from a claim: its decimal (exponent -2) and the same
// in fen, for exact sums without allocating.
type amount struct {
	d     decimal.Decimal
	fen   int64
	given bool
}

// moneyField reads money: a JSON string or number in yuan, at most 2
// decimal places, not negative.
func moneyField(v value, required bool) (amount, string) {
	if ok, msg := present(v, required); !ok {
		return amount{d: zeroMoney}, msg
	}
	if v.kind != kString && v.kind != kNumber {
		return amount{d: zeroMoney}, "must be an amount, not " + v.describe()
	}
	coef, exp, p := parseDecimal(v.text, v.kind == kNumber, moneyPlaces, moneyIntDigits)
	switch {
	case p == decSyntax:
		return amount{d: zeroMoney}, v.describe() + " is not an amount"
	case p == decPlaces:
		return amount{d: zeroMoney}, v.describe() + " has more than 2 decimal places"
	case p == decLarge:
		return amount{d: zeroMoney}, v.describe() + " is too large an amount"
	case coef < 0:
		return amount{d: zeroMoney}, v.describe() + msgNegative
	}
	fen := coef * pow10[exp+moneyPlaces]
	return amount{d: moneyDecimal(fen), fen: fen, given: true}, ""
}

// moneyDecimal is an amount in fen as moneyField makes it.
func moneyDecimal(fen int64) decimal.Decimal {
	if fen == 0 {
		return zeroMoney
	}
	return decimal.New(fen, -moneyPlaces)
}

// fenText writes an amount in fen as yuan with two places.
func fenText(fen int64) string {
	var buf [32]byte
	return string(appendUnits(buf[:0], fen, moneyPlaces))
}

// ratioField reads a required ratio in [0, 1].
func (b *builder) ratioField(v value) (decimal.Decimal, string) {
	if ok, msg := present(v, true); !ok {
		return decimal.Decimal{}, msg
	}
	if v.kind != kString && v.kind != kNumber {
		return decimal.Decimal{}, "must be a ratio between 0 and 1, not " + v.describe()
	}
	coef, exp, p := parseDecimal(v.text, v.kind == kNumber, ratioPlaces, ratioIntDigits)
	switch {
	case p == decSyntax:
		return decimal.Decimal{}, v.describe() + " is not a ratio"
	case p == decPlaces:
		return decimal.Decimal{}, v.describe() + " has more than " + strconv.Itoa(ratioPlaces) + " decimal places"
	case p == decLarge || coef < 0 || coef > pow10[-exp]:
		return decimal.Decimal{}, "must be between 0 and 1, not " + v.describe()
	}
	return b.decimal(coef, exp), ""
}

// quantity is a fee line's cnt or pric as read, coef × 10^exp, and
// whether it was given.
type quantity struct {
	coef  int64
	exp   int32
	given bool
}

// decimal is q as a Decimal, for a message.
func (q quantity) decimal() decimal.Decimal { return decimal.New(q.coef, q.exp) }

// cntField reads an optional positive quantity.
func cntField(v value) (quantity, string) {
	if ok, msg := present(v, false); !ok {
		return quantity{}, msg
	}
	if v.kind != kString && v.kind != kNumber {
		return quantity{}, "must be a quantity, not " + v.describe()
	}
	coef, exp, p := parseDecimal(v.text, v.kind == kNumber, cntPlaces, cntIntDigits)
	switch {
	case p == decSyntax:
		return quantity{}, v.describe() + " is not a quantity"
	case p == decPlaces:
		return quantity{}, v.describe() + " has more than " + strconv.Itoa(cntPlaces) + " decimal places"
	case p == decLarge:
		return quantity{}, v.describe() + " is too large a quantity"
	case coef <= 0:
		return quantity{}, "must be more than 0, not " + v.describe()
	}
	return quantity{coef, exp, true}, ""
}

// pricField reads an optional unit price: an amount of at most pricPlaces
// places (see count.go).
func pricField(v value) (quantity, string) {
	if ok, msg := present(v, false); !ok {
		return quantity{}, msg
	}
	if v.kind != kString && v.kind != kNumber {
		return quantity{}, "must be a price, not " + v.describe()
	}
	coef, exp, p := parseDecimal(v.text, v.kind == kNumber, pricPlaces, pricIntDigits)
	switch {
	case p == decSyntax:
		return quantity{}, v.describe() + " is not a price"
	case p == decPlaces:
		return quantity{}, v.describe() + " has more than " + strconv.Itoa(pricPlaces) + " decimal places"
	case p == decLarge:
		return quantity{}, v.describe() + " is too large a price"
	case coef < 0:
		return quantity{}, v.describe() + msgNegative
	}
	return quantity{coef, exp, true}, ""
}

// pricCount is the quantity of a fee line of total sumFen that gives
// pric: cnt when given, within a fen of the total at pric, or else the
// total / pric (see count.go); msg says why there is none.
func pricCount(sumFen int64, pric, cnt quantity) (quantity, string) {
	if cnt.given {
		if !countAgrees(sumFen, pric.coef, pric.exp, cnt.coef, cnt.exp) {
			return cnt, disagreeMsg(pric.decimal(), cnt.decimal(), moneyDecimal(sumFen))
		}
		return cnt, ""
	}
	coef, exp, ok := unitCount(sumFen, pric.coef, pric.exp)
	if !ok {
		return cnt, noCountMsg(moneyDecimal(sumFen), pric.decimal())
	}
	return quantity{coef, exp, true}, ""
}

// decimal returns coef × 10^exp, sharing one Decimal per value from a
// bounded table: ratios and quantities repeat from line to line, and a
// Decimal, which never changes, can be shared.
func (b *builder) decimal(coef int64, exp int32) decimal.Decimal {
	k := decKey{coef, exp}
	if d, ok := b.decs[k]; ok {
		return d
	}
	d := decimal.New(coef, exp)
	if len(b.decs) < 256 {
		if b.decs == nil {
			b.decs = make(map[decKey]decimal.Decimal)
		}
		b.decs[k] = d
	}
	return d
}

type decKey struct {
	coef int64
	exp  int32
}

// chrgItemLvField reads a fee line's class and normalises it to 甲, 乙 or 丙,
// spaces around it ignored as they are around mdtrt_area and the codes.
func chrgItemLvField(v value) (string, string) {
	s, msg := textField(v, true)
	if msg != "" {
		return "", msg
	}
	switch spaces.Trim(s) {
	case "甲", "01", "1":
		return "甲", ""
	case "乙", "02", "2":
		return "乙", ""
	case "丙", "03", "3":
		return "丙", ""
	}
	return "", "must be 甲, 乙 or 丙 (or 01, 02, 03), not " + v.describe()
}

// timeField reads setl_time: YYYY-MM-DD or YYYY-MM-DD HH:MM:SS, a local time
// without a zone, returned in time.UTC.
func timeField(v value) (time.Time, string) {
	if ok, msg := present(v, true); !ok {
		return time.Time{}, msg
	}
	const bad = " is not a date and time: write YYYY-MM-DD or YYYY-MM-DD HH:MM:SS"
	if v.kind != kString {
		return time.Time{}, v.describe() + bad
	}
	layout := ""
	switch len(v.text) {
	case len(time.DateOnly):
		layout = time.DateOnly
	case len(time.DateTime):
		layout = time.DateTime
	default:
		return time.Time{}, v.describe() + bad
	}
	t, err := time.Parse(layout, v.text)
	if err != nil {
		return time.Time{}, v.describe() + bad
	}
	return t, ""
}

// ageField reads age: a whole number of years, 0 to 150.
func ageField(v value) (int, bool, string) {
	if ok, msg := present(v, false); !ok {
		return 0, false, msg
	}
	const bad = "must be a whole number of years from 0 to 150, not "
	if (v.kind != kString && v.kind != kNumber) || len(v.text) > 3 {
		return 0, false, bad + v.describe()
	}
	n := 0
	for i := 0; i < len(v.text); i++ {
		if !isDigit(v.text[i]) {
			return 0, false, bad + v.describe()
		}
		n = n*10 + int(v.text[i]-'0')
	}
	if n > 150 {
		return 0, false, bad + v.describe()
	}
	return n, true, ""
}

// flagField reads a flag: 1 or 0, true or false, as a JSON number, string
// or boolean; def when not given.
func flagField(v value, def bool) (bool, string) {
	if ok, msg := present(v, false); !ok {
		return def, msg
	}
	switch v.kind {
	case kBool, kNumber, kString:
		switch v.text {
		case "1", "true":
			return true, ""
		case "0", "false":
			return false, ""
		}
	}
	return def, "must be 1 or 0 (or true or false), not " + v.describe()
}

// jsonValue turns a CSV cell holding JSON (the fee_details column) into the
// value it holds.
func jsonValue(cell string) value {
	if !json.Valid([]byte(cell)) {
		return value{kind: kBadJSON, text: cell}
	}
	sc := jsonScanner{s: cell}
	return sc.value()
}
