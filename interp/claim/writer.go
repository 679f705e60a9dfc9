package claim

import (
	"bufio"
	"bytes"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Writer writes settlements and error rows, one per claim, as JSON Lines or
// CSV.
//
// A JSON Lines settlement row is
//
//	{"setl_id":…,"psn_no":…,"setlinfo":{…},"setldetail":[…],"trace":[…]}
//
// with setlinfo's fields in the order of Setlinfo, every amount a string with
// exactly two places, and pool_prop_selfpay, a ratio, with exactly four
// (rounded half up). setldetail is always present, [] when no fund paid;
// trace only when the settlement has one. A trace step is
// {"step","rule","pos","source","inputs","amount","note"}, leaving out an
// empty pos, source, inputs or note; inputs' keys are sorted; amount has two
// places, or more when it has a fraction of a fen, so that a trace never
// hides one.
//
// A JSON Lines error row is {"setl_id":…,"line":…,"error":{"field":…,
// "message":…,"code":…}}, leaving out setl_id, line and field when they are
// not known and code when it is empty.
//
// A reversal's row has "reverses", the setl_id it reverses, after psn_no;
// no other row has it.
//
// CSV has a header row, then one row per claim: setl_id, psn_no, the
// setlinfo fields under their own names, then error_field, error_message
// and error_code, which are empty on a settlement row, and reverses,
// which only a reversal's row fills; on an error row the
// amounts are empty, error_code tells a row that could not be read
// (mpl_read_error) from a claim that breaks a rule (mpl_claim_error) or
// could not be settled (mpl_settlement_error), and error_message starts
// with "line N: " when the claim's setl_id is not known or the row could
// not be read (Code CodeRead): such a row's setl_id is only what its cells
// seemed to say, and its line is where to look. CSV
// holds neither setldetail nor the trace, which are not flat: use JSON
// Lines for them. CSV cells are written as they are, but for the quoting
// CSV needs, unless the Writer guards them for a spreadsheet (see
// GuardFormulas).
//
// Output is buffered: call Flush when done. A Writer is not safe for
// concurrent use, but for AppendFen.
type Writer struct {
	w      *bufio.Writer
	format Format
	buf    []byte   // the row being written, reused
	keys   []string // a trace step's input names, reused
	header bool     // the CSV header has been written

	// Set by NewWriter's options, and never changed after.
	guardFormulas bool // see GuardFormulas
}

// A WriterOption changes how a Writer writes rows; pass it to NewWriter.
type WriterOption func(*Writer)

// GuardFormulas makes a CSV Writer write its output for a spreadsheet
// (mpl run --bom, for Excel): a text cell (setl_id, psn_no, error_field,
// error_message, reverses) that begins with a character a spreadsheet starts a
// formula with, = + - @, a tab or a carriage return, is written with an
// apostrophe before it, so that a claim's setl_id =HYPERLINK("…") is shown
// as text rather than run when the file is opened (OWASP's guard against
// CSV injection). The apostrophe shows in the cell; it is not part of the
// id. And a text cell of digits alone that a spreadsheet would make a
// number of, losing part of it (more than 15 digits, as a national psn_no
// has, or a 0 first, as in 000123), is written as the formula ="…", in
// CSV's quotes ("=""000123"""), which the spreadsheet shows as the text
// itself. Amounts and ratios are numbers, and are written as they are: a
// reversal's -12.34 stays a number.
//
// Without it, CSV cells are written as they are: the same bytes for the
// same settlements, for a program to read back or to diff against another
// run, which an apostrophe would change. GuardFormulas does nothing to
// JSON Lines, which no spreadsheet opens as cells.
func GuardFormulas() WriterOption {
	return func(w *Writer) { w.guardFormulas = true }
}

// NewWriter returns a Writer of format f to w, changed by opts. It panics
// if f is not JSONL or CSV.
func NewWriter(w io.Writer, f Format, opts ...WriterOption) *Writer {
	if f != JSONL && f != CSV {
		panic("claim: unknown format " + f.String())
	}
	wr := &Writer{w: bufio.NewWriterSize(w, 64<<10), format: f}
	for _, opt := range opts {
		opt(wr)
	}
	return wr
}

// Formatter returns a Writer that makes rows exactly as w does, with w's
// format and options, for another goroutine to make rows with its Append
// methods and hand them to w's WriteRows, in order. It writes nothing
// itself, and its CSV header counts as written, so that no row it makes
// carries one.
func (w *Writer) Formatter() *Writer {
	return &Writer{w: bufio.NewWriterSize(io.Discard, 16), format: w.format, header: true, guardFormulas: w.guardFormulas}
}

// WriteSettlement writes s as one row. An amount with a fraction of a fen
// means a rule did not round where the policy says it should; rather than
// round it silently, WriteSettlement writes nothing and returns a *Error with
// Code CodeSettlement naming the field, which the caller may write with
// WriteError. Any other error is the underlying writer's.
func (w *Writer) WriteSettlement(s *Settlement) error {
	if err := w.Ready(); err != nil {
		return err
	}
	b, e := w.AppendSettlement(w.buf[:0], s)
	if e != nil {
		return e
	}
	w.buf = b
	_, err := w.w.Write(b)
	return err
}

// WriteError writes e as one error row.
func (w *Writer) WriteError(e *Error) error {
	if err := w.Ready(); err != nil {
		return err
	}
	w.buf = w.AppendError(w.buf[:0], e)
	_, err := w.w.Write(w.buf)
	return err
}

// Flush writes any buffered rows to the underlying writer; for CSV with no
// rows it writes the header, so that an empty batch still has one.
func (w *Writer) Flush() error {
	if err := w.Ready(); err != nil {
		return err
	}
	if w.format == CSV && !w.header {
		w.buf = w.appendCSVHeader(w.buf[:0])
		if _, err := w.w.Write(w.buf); err != nil {
			return err
		}
	}
	return w.w.Flush()
}

// namedAmount is one setlinfo figure with its JSON name.
type namedAmount struct {
	name string
	d    decimal.Decimal
}

const (
	numSetlinfo    = 20
	poolPropIndex  = 7 // pool_prop_selfpay: a ratio, written with 4 places
	ratioOutPlaces = 4
)

// setlinfoFields is si's figures with their names, in the order rows
// write them.
func setlinfoFields(si *Setlinfo) [numSetlinfo]namedAmount {
	var fields [numSetlinfo]namedAmount
	for i, p := range setlinfoAmounts(si) {
		fields[i] = namedAmount{setlinfoNames[i], *p}
	}
	return fields
}

// setlinfoNames are setlinfo's fields in the order rows write them; and
// setlinfoAmounts the figures of si they name, in that order, to read or
// set.
var setlinfoNames = [numSetlinfo]string{
	"medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt",
	"act_pay_dedc", "hifp_pay", "pool_prop_selfpay", "hifob_pay", "hifmi_pay",
	"cvlserv_pay", "hifes_pay", "maf_pay", "oth_pay", "fund_pay_sumamt",
	"psn_part_amt", "acct_pay", "acct_mulaid_pay", "psn_cash_pay", "balc",
}

func setlinfoAmounts(si *Setlinfo) [numSetlinfo]*decimal.Decimal {
	return [numSetlinfo]*decimal.Decimal{
		&si.MedfeeSumamt, &si.FulamtOwnpayAmt, &si.OverlmtSelfpay, &si.PreselfpayAmt, &si.InscpScpAmt,
		&si.ActPayDedc, &si.HifpPay, &si.PoolPropSelfpay, &si.HifobPay, &si.HifmiPay,
		&si.CvlservPay, &si.HifesPay, &si.MafPay, &si.OthPay, &si.FundPaySumamt,
		&si.PsnPartAmt, &si.AcctPay, &si.AcctMulaidPay, &si.PsnCashPay, &si.Balc,
	}
}

// CheckFen returns an error naming the first amount of s with a fraction of
// a fen, which no row can hold: the error the Writer answers for s. A
// settler asks it before it stores s, so that a settlement no row can show
// changes no ledger.
func CheckFen(s *Settlement) *Error {
	fail := func(field string, d decimal.Decimal) *Error {
		return &Error{SetlID: s.SetlID, Field: field, Code: CodeSettlement,
			Msg: d.String() + " has a fraction of a fen: a rule must round it before it is written"}
	}
	for i, f := range setlinfoFields(&s.Setlinfo) {
		if i != poolPropIndex && !exactTo(f.d, moneyPlaces) {
			return fail("setlinfo."+f.name, f.d)
		}
	}
	for i := range s.Setldetail {
		fd := &s.Setldetail[i]
		for _, f := range [...]namedAmount{
			{"inscp_scp_amt", fd.InscpScpAmt},
			{"crt_payb_lmt_amt", fd.CrtPaybLmtAmt},
			{"fund_payamt", fd.FundPayamt},
		} {
			if !exactTo(f.d, moneyPlaces) {
				return fail("setldetail["+strconv.Itoa(i)+"]."+f.name, f.d)
			}
		}
	}
	return nil
}

// exactTo reports whether d has no digits beyond places after the point.
func exactTo(d decimal.Decimal, places int32) bool {
	exp := d.Exponent()
	if exp >= -places {
		return true
	}
	if k := -places - exp; k <= 18 && d.NumDigits() <= 18 {
		return d.CoefficientInt64()%pow10[k] == 0
	}
	return d.Round(places).Equal(d)
}

// appendTraceAmount appends d with two places, or with as many as it needs
// when it has a fraction of a fen.
func appendTraceAmount(dst []byte, d decimal.Decimal) []byte {
	places := int32(moneyPlaces)
	if exp := d.Exponent(); exp < -places {
		places = -exp
	}
	dst = appendFixed(dst, d, places)
	// Trim trailing zeros back down to two places.
	for places > moneyPlaces && dst[len(dst)-1] == '0' {
		dst = dst[:len(dst)-1]
		places--
	}
	return dst
}

func (w *Writer) appendJSONSettlement(b []byte, s *Settlement) []byte {
	b = append(b, `{"setl_id":`...)
	b = appendJSONString(b, s.SetlID)
	b = append(b, `,"psn_no":`...)
	b = appendJSONString(b, s.PsnNo)
	b = appendJSONReverses(b, s.Reverses)
	b = append(b, `,"setlinfo":`...)
	b = appendJSONSetlinfo(b, &s.Setlinfo)
	b = append(b, `,"setldetail":[`...)
	for i := range s.Setldetail {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONFundDetail(b, &s.Setldetail[i])
	}
	b = append(b, ']')
	if len(s.Trace) > 0 {
		b = append(b, `,"trace":[`...)
		for i := range s.Trace {
			if i > 0 {
				b = append(b, ',')
			}
			b = w.appendTraceStep(b, &s.Trace[i])
		}
		b = append(b, ']')
	}
	return append(b, '}', '\n')
}

func (w *Writer) appendTraceStep(b []byte, t *TraceStep) []byte {
	b = append(b, `{"step":`...)
	b = appendJSONString(b, t.Step)
	b = append(b, `,"rule":`...)
	b = appendJSONString(b, t.Rule)
	if t.Pos != "" {
		b = append(b, `,"pos":`...)
		b = appendJSONString(b, t.Pos)
	}
	if t.Source != "" {
		b = append(b, `,"source":`...)
		b = appendJSONString(b, t.Source)
	}
	if len(t.Inputs) > 0 {
		w.keys = w.keys[:0]
		for k := range t.Inputs {
			w.keys = append(w.keys, k)
		}
		slices.Sort(w.keys)
		b = append(b, `,"inputs":{`...)
		for i, k := range w.keys {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, k)
			b = append(b, ':')
			b = appendJSONString(b, t.Inputs[k])
		}
		b = append(b, '}')
	}
	b = append(b, `,"amount":"`...)
	b = appendTraceAmount(b, t.Amount)
	b = append(b, '"')
	if t.Note != "" {
		b = append(b, `,"note":`...)
		b = appendJSONString(b, t.Note)
	}
	return append(b, '}')
}

func appendJSONError(b []byte, e *Error) []byte {
	b = append(b, '{')
	if e.SetlID != "" {
		b = append(b, `"setl_id":`...)
		b = appendJSONString(b, e.SetlID)
		b = append(b, ',')
	}
	if e.Line > 0 {
		b = append(b, `"line":`...)
		b = strconv.AppendInt(b, int64(e.Line), 10)
		b = append(b, ',')
	}
	b = append(b, `"error":{`...)
	if e.Field != "" {
		b = append(b, `"field":`...)
		b = appendJSONString(b, e.Field)
		b = append(b, ',')
	}
	b = append(b, `"message":`...)
	b = appendJSONString(b, e.Msg)
	if e.Code != "" {
		b = append(b, `,"code":`...)
		b = appendJSONString(b, e.Code)
	}
	return append(b, '}', '}', '\n')
}

const hexDigits = "0123456789abcdef"

// appendJSONString appends s as a JSON string. Unlike strconv.Quote, whose
// escapes are Go's, it writes only escapes JSON has, and keeps non-ASCII
// text (Chinese) as UTF-8. Invalid UTF-8 becomes U+FFFD, and U+2028 and
// U+2029 are escaped, as encoding/json does.
func appendJSONString(dst []byte, s string) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\r':
				dst = append(dst, '\\', 'r')
			case '\t':
				dst = append(dst, '\\', 't')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
			}
			i++
			start = i
			continue
		}
		if c >= 0xe1 && i+2 < len(s) && plain3(c, s[i+1], s[i+2]) {
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xf])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// plain3 reports whether c0 c1 c2 is a three-byte UTF-8 sequence that
// appendJSONString keeps as it is, which most Chinese text is, so that
// such text needs no full decoding. Sequences led by E0 or ED (whose
// second byte has a narrower range) and E2 80 (U+2000 to U+203F, which
// hold U+2028 and U+2029) are left to the decoder.
func plain3(c0, c1, c2 byte) bool {
	return c0 >= 0xe1 && c0 <= 0xef && c0 != 0xed && c1&0xc0 == 0x80 && c2&0xc0 == 0x80 &&
		(c0 != 0xe2 || c1 != 0x80)
}

func (w *Writer) appendCSVHeader(b []byte) []byte {
	w.header = true
	b = append(b, "setl_id,psn_no"...)
	var si Setlinfo
	for _, f := range setlinfoFields(&si) {
		b = append(b, ',')
		b = append(b, f.name...)
	}
	return append(b, ",error_field,error_message,error_code,reverses\n"...)
}

// appendJSONReverses appends a reversal's "reverses" member, after
// psn_no; a settlement that reverses nothing has none.
func appendJSONReverses(b []byte, reverses string) []byte {
	if reverses == "" {
		return b
	}
	b = append(b, `,"reverses":`...)
	return appendJSONString(b, reverses)
}

// appendCSVReverses ends a settlement's CSV row: error_field,
// error_message and error_code empty, then reverses, the last column,
// which only a reversal fills (it came last, so that the columns before
// it kept their places).
func appendCSVReverses(b []byte, reverses string, guard bool) []byte {
	b = append(b, ",,,,"...)
	b = appendCSVField(b, reverses, guard)
	return append(b, '\n')
}

func (w *Writer) appendCSVSettlement(b []byte, s *Settlement) []byte {
	if !w.header {
		b = w.appendCSVHeader(b)
	}
	b = appendCSVField(b, s.SetlID, w.guardFormulas)
	b = append(b, ',')
	b = appendCSVField(b, s.PsnNo, w.guardFormulas)
	for i, f := range setlinfoFields(&s.Setlinfo) {
		b = append(b, ',')
		if i == poolPropIndex {
			b = appendFixed(b, f.d, ratioOutPlaces)
		} else {
			b = appendFixed(b, f.d, moneyPlaces)
		}
	}
	return appendCSVReverses(b, s.Reverses, w.guardFormulas)
}

// csvErrorBlanks is what an error row has between setl_id and
// error_field: psn_no, which is not known, and the amounts, all empty.
var csvErrorBlanks = strings.Repeat(",", 2+numSetlinfo)

func (w *Writer) appendCSVError(b []byte, e *Error) []byte {
	if !w.header {
		b = w.appendCSVHeader(b)
	}
	guard := w.guardFormulas
	b = appendCSVField(b, e.SetlID, guard)
	b = append(b, csvErrorBlanks...)
	b = appendCSVField(b, e.Field, guard)
	b = append(b, ',')
	if e.Line > 0 && (e.SetlID == "" || e.Code == CodeRead) {
		// Starts with "line": no formula.
		msg := "line " + strconv.Itoa(e.Line) + ": " + e.Msg
		b = appendCSVField(b, msg, false)
	} else {
		b = appendCSVField(b, e.Msg, guard)
	}
	b = append(b, ',')
	b = appendCSVField(b, e.Code, guard)
	return append(b, ",\n"...) // reverses: an error row reverses nothing
}

// numberLost reports whether a spreadsheet would lose part of the text
// cell s by taking it for a number, as it takes a cell of digits alone:
// more than 15 digits (it keeps 15 significant ones: a psn_no of 26
// digits shows as 4.6E+25) or a 0 first (0012 becomes 12).
func numberLost(s string) bool {
	if s == "" || len(s) <= 15 && s[0] != '0' {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// startsFormula reports whether a cell that begins with c is a formula to
// a spreadsheet (or, for a tab or a carriage return, may become one as the
// spreadsheet trims it): OWASP's list for CSV injection.
func startsFormula(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// appendCSVField appends s as one CSV field, quoted when encoding/csv would
// need it to be. When guard is set (see GuardFormulas) and a spreadsheet
// would take s for a formula, the field is an apostrophe and s.
func appendCSVField(b []byte, s string, guard bool) []byte {
	if guard && s != "" && startsFormula(s[0]) {
		return appendGuardedCSVField(b, s)
	}
	if guard && numberLost(s) {
		// ="…" in CSV's quotes: the spreadsheet shows the text the
		// formula makes, the id as it is.
		b = append(b, `"=""`...)
		b = append(b, s...)
		return append(b, `"""`...)
	}
	if !csvNeedsQuotes(s) {
		return append(b, s...)
	}
	b = append(b, '"')
	b = appendCSVQuotedText(b, s)
	return append(b, '"')
}

// appendGuardedCSVField appends "'" + s as one CSV field, without making
// that string, quoted when s needs quotes.
func appendGuardedCSVField(b []byte, s string) []byte {
	if !csvNeedsQuotes(s) {
		b = append(b, '\'')
		return append(b, s...)
	}
	b = append(b, '"', '\'')
	b = appendCSVQuotedText(b, s)
	return append(b, '"')
}

// appendCSVQuotedText appends s as the inside of a quoted CSV field, each
// quote doubled.
func appendCSVQuotedText(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return b
}

func csvNeedsQuotes(s string) bool {
	if s == "" {
		return false
	}
	if s == `\.` || s[0] == ' ' || s[0] == '\t' {
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ',', '"', '\r', '\n':
			return true
		}
	}
	return false
}

// MarshalJSON encodes the settlement exactly as the JSON Lines writer does
// (money as two-place strings, pool_prop_selfpay with four), so that an
// embedding program's encoding/json output matches mpl run's, whether it
// holds the Settlement by value or by pointer. encoding/json escapes <, >
// and & in the strings a marshaller returns (in setl_id, psn_no and
// reverses, where a claim may have them) unless told not to: to match mpl
// run byte for byte, use a json.Encoder with SetEscapeHTML(false), or call
// MarshalJSON itself. A figure with a fraction of a fen is the Writer's
// error (see CheckFen).
func (s Settlement) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	w := NewWriter(&buf, JSONL)
	if err := w.WriteSettlement(&s); err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
