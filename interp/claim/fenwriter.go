package claim

import (
	"errors"
	"math/bits"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// FenSettlement is a settlement whose figures are integers: what a
// settlement engine working in fen hands the writer, so that writing it
// needs no decimal and no string. It is written exactly as WriteSettlement
// writes the Settlement with the same figures. It has no trace: traces
// (mpl explain) are written from a Settlement, by the decimal path.
type FenSettlement struct {
	SetlID, PsnNo string
	Reverses      string // a reversal's: the setl_id it reverses (see Settlement.Reverses)

	// Setlinfo holds setlinfo's figures in the order of Setlinfo's
	// fields, each in fen except Setlinfo[7], pool_prop_selfpay, which is
	// in ten-thousandths (a ratio of 0.8214 is 8214).
	Setlinfo [20]int64

	Setldetail []FenDetail
}

// FenDetail is one setldetail entry of a FenSettlement, its amounts in fen.
type FenDetail struct {
	FundPayType     string // fund_pay_type
	FundPayTypeName string // fund_pay_type_name
	InscpScpAmt     int64  // inscp_scp_amt
	CrtPaybLmtAmt   int64  // crt_payb_lmt_amt
	FundPayamt      int64  // fund_payamt

	// ProcInfo appends setl_proc_info's text; nil writes it empty.
	ProcInfo ProcInfoAppender
}

// ProcInfoAppender appends a setldetail entry's setl_proc_info text to dst
// and returns the extended slice, so that the text is written without ever
// being a string of its own.
type ProcInfoAppender interface {
	AppendProcInfo(dst []byte) []byte
}

// AppendFen appends s as one row of w's: the bytes WriteFen writes for it
// (a JSON Lines line, or a CSV row, with its newline), except that it
// never appends the CSV header, which is the Writer's to write (see
// WriteRows). It only reads what NewWriter set, w's format and options,
// so that workers can format rows in parallel, on one Writer, while it
// writes others; and it allocates nothing beyond growing dst, unless a
// setl_proc_info text holds something JSON escapes (a quote, a control
// character, invalid UTF-8), which is copied to be escaped.
func (w *Writer) AppendFen(dst []byte, s *FenSettlement) []byte {
	if w.format == CSV {
		return appendCSVFen(dst, s, w.guardFormulas)
	}
	return appendJSONFen(dst, s)
}

// WriteFen writes s as one row, as WriteSettlement writes the Settlement
// with the same figures. Unlike WriteSettlement it cannot refuse a figure:
// the fraction-of-a-fen check is there for a decimal that kept digits a
// rule failed to round, which a count of fen cannot have, and
// pool_prop_selfpay is already at the four places it is written with. So
// every error is the underlying writer's.
func (w *Writer) WriteFen(s *FenSettlement) error {
	w.buf = w.AppendFen(w.buf[:0], s)
	return w.WriteRows(w.buf)
}

// WriteRows writes rows made for w (by w's Append methods, or those of a
// Formatter of w) as they are, after the CSV header if w has not written
// it yet. Rows made elsewhere carry no header, so a pipeline that formats
// rows in parallel and hands them to WriteRows in order makes the output
// the Writer alone would have made. WriteRows(nil) writes just the header
// (for JSON Lines, nothing), and is what to call before the Append
// methods run on other goroutines, so that none of them appends it.
func (w *Writer) WriteRows(rows []byte) error {
	if err := w.Ready(); err != nil {
		return err
	}
	if w.format == CSV && !w.header {
		// Once per Writer, so the allocation does not matter.
		if _, err := w.w.Write(w.appendCSVHeader(nil)); err != nil {
			return err
		}
	}
	if len(rows) >= w.w.Size() && w.w.Buffered() > 0 {
		// A chunk of rows as large as the buffer goes to the underlying
		// writer as it is (bufio's Write does that into an empty buffer),
		// rather than a buffer's worth copied first to top up what it
		// holds.
		if err := w.w.Flush(); err != nil {
			return err
		}
	}
	_, err := w.w.Write(rows)
	return err
}

// Settlement is s as a Settlement: the one whose row WriteSettlement
// writes as WriteFen writes s's (setl_proc_info made a string).
func (s *FenSettlement) Settlement() *Settlement {
	d := &Settlement{SetlID: s.SetlID, PsnNo: s.PsnNo, Reverses: s.Reverses}
	for i, p := range setlinfoAmounts(&d.Setlinfo) {
		exp := int32(-moneyPlaces)
		if i == poolPropIndex {
			exp = -ratioOutPlaces
		}
		*p = decimal.New(s.Setlinfo[i], exp)
	}
	for _, fd := range s.Setldetail {
		var info string
		if fd.ProcInfo != nil {
			var buf [128]byte
			info = string(fd.ProcInfo.AppendProcInfo(buf[:0]))
		}
		d.Setldetail = append(d.Setldetail, FundDetail{FundPayType: fd.FundPayType, FundPayTypeName: fd.FundPayTypeName,
			InscpScpAmt: decimal.New(fd.InscpScpAmt, -moneyPlaces), CrtPaybLmtAmt: decimal.New(fd.CrtPaybLmtAmt, -moneyPlaces),
			FundPayamt: decimal.New(fd.FundPayamt, -moneyPlaces), SetlProcInfo: info})
	}
	return d
}

// Format returns the format w writes.
func (w *Writer) Format() Format { return w.format }

// errNoDestination is the error of a Writer not made by NewWriter (the
// zero Writer, or a nil one), which has nowhere to write.
var errNoDestination = errors.New("claim: the Writer was not made by NewWriter, and has nowhere to write")

// Ready returns nil for a Writer made by NewWriter, and an error for one
// that has nowhere to write: the zero Writer, or a nil one, whose Write
// methods and Flush return the same error. A caller that settles claims
// before it writes their rows (interp's RunBatch, RunRows, RunStream)
// asks first, so that no claim is settled without its row.
func (w *Writer) Ready() error {
	if w == nil || w.w == nil {
		return errNoDestination
	}
	return nil
}

// Setlinfo has a figure for each of setlinfo's fields.
var _ [numSetlinfo]int64 = FenSettlement{}.Setlinfo

// fenJSONKeys[i] is what goes before setlinfo's figure i in a JSON Lines
// row: its key and the quotes around it, and the close of the figure before.
var fenJSONKeys = func() (keys [numSetlinfo]string) {
	var si Setlinfo
	for i, f := range setlinfoFields(&si) {
		keys[i] = `","` + f.name + `":"`
	}
	keys[0] = `,"setlinfo":{"` + keys[0][3:]
	return keys
}()

func appendJSONFen(b []byte, s *FenSettlement) []byte {
	b = append(b, `{"setl_id":`...)
	b = appendJSONString(b, s.SetlID)
	b = append(b, `,"psn_no":`...)
	b = appendJSONString(b, s.PsnNo)
	b = appendJSONReverses(b, s.Reverses)
	for i, v := range &s.Setlinfo {
		b = append(b, fenJSONKeys[i]...)
		if i == poolPropIndex {
			b = appendUnits(b, v, ratioOutPlaces)
		} else {
			b = appendFenAmount(b, v)
		}
	}
	b = append(b, `"},"setldetail":[`...)
	for i := range s.Setldetail {
		fd := &s.Setldetail[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"fund_pay_type":`...)
		b = appendJSONString(b, fd.FundPayType)
		b = append(b, `,"fund_pay_type_name":`...)
		b = appendJSONString(b, fd.FundPayTypeName)
		b = append(b, `,"inscp_scp_amt":"`...)
		b = appendFenAmount(b, fd.InscpScpAmt)
		b = append(b, `","crt_payb_lmt_amt":"`...)
		b = appendFenAmount(b, fd.CrtPaybLmtAmt)
		b = append(b, `","fund_payamt":"`...)
		b = appendFenAmount(b, fd.FundPayamt)
		b = append(b, `","setl_proc_info":`...)
		b = appendJSONProcInfo(b, fd.ProcInfo)
		b = append(b, '}')
	}
	return append(b, ']', '}', '\n')
}

// appendCSVFen appends s as a CSV row, its ids guarded against formulas
// when guard is set (see GuardFormulas).
func appendCSVFen(b []byte, s *FenSettlement, guard bool) []byte {
	b = appendCSVField(b, s.SetlID, guard)
	b = append(b, ',')
	b = appendCSVField(b, s.PsnNo, guard)
	for i, v := range &s.Setlinfo {
		b = append(b, ',')
		if i == poolPropIndex {
			b = appendUnits(b, v, ratioOutPlaces)
		} else {
			b = appendFenAmount(b, v)
		}
	}
	return appendCSVReverses(b, s.Reverses, guard)
}

// appendJSONProcInfo appends p's text as a JSON string. The text is
// appended as it is, then checked: it almost never holds anything JSON
// escapes, and only when it does is it copied to be escaped.
func appendJSONProcInfo(b []byte, p ProcInfoAppender) []byte {
	b = append(b, '"')
	if p == nil {
		return append(b, '"')
	}
	start := len(b)
	b = p.AppendProcInfo(b)
	if jsonPlain(b[start:]) {
		return append(b, '"')
	}
	return appendJSONString(b[:start-1], string(b[start:]))
}

// jsonPlain reports whether appendJSONString would write t unchanged
// between its quotes.
func jsonPlain(t []byte) bool {
	for i := 0; i < len(t); {
		c := t[i]
		switch {
		case c >= 0x20 && c < utf8.RuneSelf && c != '"' && c != '\\':
			i++
		case c >= 0xe1 && i+2 < len(t) && plain3(c, t[i+1], t[i+2]):
			i += 3
		case c < utf8.RuneSelf:
			return false
		default:
			r, size := utf8.DecodeRune(t[i:])
			if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
				return false
			}
			i += size
		}
	}
	return true
}

// appendFenAmount appends an amount in fen with two places, as
// appendUnits(b, fen, 2) does, but about twice as fast (a row has two
// dozen amounts): it writes the digits in place, two at a time.
func appendFenAmount(b []byte, fen int64) []byte {
	u := uint64(fen)
	if fen < 0 {
		b = append(b, '-')
		u = -u
	}
	if u < 100 {
		return append(b, '0', '.', digitPairs[2*u], digitPairs[2*u+1])
	}
	n := decimalDigits(u) + 1 // and the point
	end := len(b) + n
	if end > cap(b) {
		b = append(b, make([]byte, n)...)
	}
	b = b[:end]
	r := u % 100
	u /= 100
	b[end-1], b[end-2], b[end-3] = digitPairs[2*r+1], digitPairs[2*r], '.'
	i := end - 4
	for u >= 100 {
		q := u / 100
		r := u - q*100
		b[i], b[i-1] = digitPairs[2*r+1], digitPairs[2*r]
		i -= 2
		u = q
	}
	if u >= 10 {
		b[i], b[i-1] = digitPairs[2*u+1], digitPairs[2*u]
	} else {
		b[i] = byte('0' + u)
	}
	return b
}

// digitPairs holds 00 to 99, two bytes each.
const digitPairs = "00010203040506070809101112131415161718192021222324252627282930313233343536373839" +
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879" +
	"8081828384858687888990919293949596979899"

// pow10u are the powers of ten a uint64 holds.
var pow10u = [...]uint64{
	1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9,
	1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19,
}

// decimalDigits is how many digits u has in base 10; 1 for 0.
func decimalDigits(u uint64) int {
	// 1233/4096 is just above log10(2), so t is the number of digits of
	// u's bit length, or one less.
	t := bits.Len64(u|1) * 1233 >> 12
	if t > 0 && u < pow10u[t] {
		return t
	}
	return t + 1
}
