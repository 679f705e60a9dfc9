package claim

import (
	"encoding/json"
	"math/bits"
	"time"
	"unicode/utf8"
	"unsafe"
)

// LineParser reads claims from JSON Lines lines one at a time, for a caller
// that reads the lines itself (a batch splitting its input among workers).
// Flat reads the common simple line without allocating; Claim reads any
// line, exactly as a Reader does.
//
// Both expect one non-blank line without its line end: the caller skips
// blank lines (only spaces, tabs and carriage returns), as a Reader does.
//
// A LineParser is not safe for concurrent use: give each goroutine its own.
type LineParser struct {
	b builder
}

// NewLineParser returns a LineParser.
func NewLineParser() *LineParser {
	return &LineParser{}
}

// Claim reads the claim on line, line number lineNo, as a Reader does: a
// claim, or a *Error (CodeRead when the line is not valid UTF-8 or not a
// JSON object, CodeClaim when a field breaks the contract). The claim's
// strings are its own: it does not keep line alive.
func (p *LineParser) Claim(line []byte, lineNo int) (*Claim, *Error) {
	// The common flat line reads in a fifth of the time by Flat, to the
	// same claim (FuzzFlatMatchesReader); the claim copies what it keeps,
	// so line may be viewed as a string meanwhile.
	var f Flat
	if p.Flat(unsafe.String(unsafe.SliceData(line), len(line)), lineNo, &f) {
		return f.claim(p.b.intern), nil
	}
	return p.claimGeneral(line, lineNo)
}

// claimGeneral is Claim for any line, without trying Flat first.
func (p *LineParser) claimGeneral(line []byte, lineNo int) (*Claim, *Error) {
	text := string(line)
	// The strict scanner Flat uses passes the usual line faster than
	// utf8.Valid and json.Valid together; they judge, and word, the rest.
	if !validJSON(text) {
		if !utf8.Valid(line) {
			return nil, lineError(lineNo, msgNotUTF8)
		}
		if !json.Valid(line) {
			return nil, lineError(lineNo, syntaxMessage(line))
		}
	}
	sc := jsonScanner{s: text}
	if !sc.open('{') {
		return nil, lineError(lineNo, "the line is not a JSON object")
	}
	b := &p.b
	b.vals = [numClaimFields]value{}
	b.miss.fields = 0
	for unknown := 0; sc.more(); {
		k := sc.key()
		v := sc.value()
		if f := claimField(k); f >= 0 {
			b.set(f, v)
			continue
		}
		if g := b.near.field(unknown, k); g >= 0 {
			b.miss.note(g, k, v)
		}
		unknown++
	}
	return b.build(lineNo)
}

// Flat reads the claim on line, line number lineNo, into *f without
// allocating (but to grow f.Fees), and reports whether it could. It can when
// line is a JSON object whose contract fields are all strings, numbers,
// booleans or null, or fee_details a list of such fee line objects, whose
// amounts are whole fen, and which Claim would read as a claim: then
// f.Claim() is what Claim returns. For any other line, and for anything
// unusual (an escape in a key or in a contract field's string, a field
// given twice, nesting deeper than 64 levels), it reports false, leaving *f
// undefined, and the caller reads the line with Claim, which gives the
// claim or the error.
//
// The strings of *f share line's memory.
func (p *LineParser) Flat(line string, lineNo int, f *Flat) bool {
	if len(line) > maxLineBytes {
		return false // a Reader refuses the line unread
	}
	b := &p.b
	b.vals = [numClaimFields]value{}
	b.miss.fields = 0
	if !scanFlat(line, &b.vals, &b.near, &b.miss) {
		return false
	}
	return buildFlat(&b.vals, lineNo, f)
}

// scanFlat reads the JSON object line into v, taking nothing that
// utf8.Valid or json.Valid would refuse. It reports false when line is not
// such an object, or when it is one that Flat leaves to Claim: one with a
// key that looks like an optional contract field it does not give, holding
// a value that field would take (see misspelt.go).
func scanFlat(s string, v *[numClaimFields]value, names *nearNames, miss *misspellings) bool {
	unknown := 0 // keys not in the contract so far
	i := skipSpace(s, 0)
	if i >= len(s) || s[i] != '{' {
		return false
	}
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == '}' {
		return false // {} lacks every required field
	}
	for {
		if i >= len(s) || s[i] != '"' {
			return false
		}
		end, esc := scanString(s, i+1)
		if end < 0 || esc {
			return false // an escaped key could spell a contract field
		}
		key := s[i+1 : end-1]
		i = skipSpace(s, end)
		if i >= len(s) || s[i] != ':' {
			return false
		}
		i = skipSpace(s, i+1)
		switch f := claimField(key); {
		case f < 0:
			g := names.field(unknown, key)
			unknown++
			if g < 0 || !guarded(g) {
				i = skipValue(s, i, 0)
				break
			}
			var nv value
			if i < len(s) && s[i] == '[' {
				start := i
				if i = skipValue(s, i, 0); i >= 0 {
					nv = value{kind: kArray, text: s[start:i]}
				}
			} else {
				nv, i = scalar(s, i)
			}
			if i >= 0 {
				miss.note(g, key, nv)
			}
		case v[f].kind != kAbsent:
			return false // given twice: an error, which Claim words
		case f == fFeeDetails && i < len(s) && s[i] == '[':
			start := i
			if i = skipValue(s, i, 0); i >= 0 {
				v[f] = value{kind: kArray, text: s[start:i]}
			}
		default:
			v[f], i = scalar(s, i)
		}
		if i < 0 {
			return false
		}
		i = skipSpace(s, i)
		if i >= len(s) {
			return false
		}
		switch s[i] {
		case ',':
			i = skipSpace(s, i+1)
		case '}':
			if f, _ := miss.misspelt(v); f >= 0 {
				return false // the general path words it
			}
			return skipSpace(s, i+1) == len(s)
		default:
			return false
		}
	}
}

// buildFlat is build for a claim without fee lines, reading the same values
// the same way into f; it reports false where build would fail.
func buildFlat(v *[numClaimFields]value, lineNo int, f *Flat) bool {
	var codes [fMedinsLv + 1]string
	for i := range codes {
		read := textField
		if i == fSetlID || i == fPsnNo {
			read = idField
		}
		s, msg := read(v[i], true)
		if msg != "" {
			return false
		}
		codes[i] = s
	}
	setlTime, ok := flatTime(v[fSetlTime])
	if !ok {
		return false
	}
	var fen [fInscpScpAmt - fMedfeeSumamt + 1]int64
	fees := f.Fees[:0] // the memory of f's last filling
	if fen[0], ok = flatMoney(v[fMedfeeSumamt]); !ok {
		return false
	}
	if v[fFeeDetails].absent() {
		for i := 1; i < len(fen); i++ {
			if fen[i], ok = flatMoney(v[fMedfeeSumamt+i]); !ok {
				return false
			}
		}
		if fen[1]+fen[2]+fen[3]+fen[4] != fen[0] {
			return false // each is below 10¹⁷ fen: the sum cannot overflow
		}
	} else {
		for i := 1; i < len(fen); i++ {
			if !v[fMedfeeSumamt+i].absent() {
				return false // an error: the policy derives them from the fee lines
			}
		}
		if v[fFeeDetails].kind != kArray {
			return false
		}
		if fees, ok = flatFees(v[fFeeDetails].text, fees, fen[0]); !ok {
			return false
		}
	}
	*f = Flat{
		Line: lineNo, SetlID: codes[fSetlID], PsnNo: codes[fPsnNo], Insutype: codes[fInsutype],
		PsnType: codes[fPsnType], MedType: codes[fMedType], MedinsLv: codes[fMedinsLv], SetlTime: setlTime,
		MedfeeSumamt: fen[0], FulamtOwnpayAmt: fen[1], OverlmtSelfpay: fen[2], PreselfpayAmt: fen[3], InscpScpAmt: fen[4],
		Fees: fees,
	}
	var msg string
	if f.Age, f.HasAge, msg = ageField(v[fAge]); msg != "" {
		return false
	}
	if f.CvlservFlag, msg = flagField(v[fCvlservFlag], false); msg != "" {
		return false
	}
	if f.MdtrtArea, msg = oneOfField(v[fMdtrtArea], mdtrtAreas); msg != "" {
		return false
	}
	if f.MdtrtArea == "" {
		f.MdtrtArea = areaLocal
	}
	if f.RemoteFiling, msg = oneOfField(v[fRemoteFiling], remoteFilings); msg != "" {
		return false
	}
	if f.RemoteFiling == "" && f.MdtrtArea != areaLocal {
		return false
	}
	acctUsed, msg := flagField(v[fAcctUsedFlag], true)
	if msg != "" {
		return false
	}
	f.AcctNotUsed = !acctUsed
	texts := [...]*string{&f.MulaidPsnNo, &f.DiseCode, &f.Reverses}
	for i, dst := range texts {
		read := textField
		if fMulaidPsnNo+i != fDiseCode {
			read = idField
		}
		if *dst, msg = read(v[fMulaidPsnNo+i], false); msg != "" {
			return false
		}
	}
	if f.PsnInsuStas, msg = insuStasField(v[fPsnInsuStas]); msg != "" {
		return false
	}
	return true
}

// flatFees is builder.feeDetails for the JSON list s, appending the fee
// lines to fees; it reports false where feeDetails would fail (or the
// lines add up to other than total), and for anything Flat leaves to it: a
// line that is not an object of scalars under keys without escapes, or
// spaces other than blanks, tabs and carriage returns. s is valid JSON.
func flatFees(s string, fees []FlatFee, total int64) ([]FlatFee, bool) {
	var sum int64
	i := skipSpace(s, 1) // past '['
	if i < len(s) && s[i] == ']' {
		return nil, false // no fee line: an error
	}
	for {
		if i >= len(s) || s[i] != '{' {
			return nil, false
		}
		var dv [numDetailFields]value
		i = skipSpace(s, i+1)
		for i < len(s) && s[i] != '}' {
			if s[i] != '"' {
				return nil, false
			}
			end, esc := scanString(s, i+1)
			if end < 0 || esc {
				return nil, false
			}
			key := s[i+1 : end-1]
			if i = skipSpace(s, end); i >= len(s) || s[i] != ':' {
				return nil, false
			}
			i = skipSpace(s, i+1)
			switch d := detailField(key); {
			case d < 0 && nearDetailField(key) >= 0:
				return nil, false // perhaps a misspelt field: feeDetails judges it
			case d < 0:
				i = skipValue(s, i, 2)
			case dv[d].kind != kAbsent:
				return nil, false // given twice: an error
			default:
				dv[d], i = scalar(s, i)
			}
			if i < 0 {
				return nil, false
			}
			if i = skipSpace(s, i); i < len(s) && s[i] == ',' {
				i = skipSpace(s, i+1)
				if i >= len(s) || s[i] != '"' {
					return nil, false
				}
			}
		}
		fee, ok := flatFee(&dv)
		if !ok || fee.SumAmt > maxInt64-sum {
			return nil, false
		}
		sum += fee.SumAmt
		fees = append(fees, fee)
		i = skipSpace(s, i+1) // past '}'
		if i >= len(s) {
			return nil, false
		}
		switch s[i] {
		case ',':
			i = skipSpace(s, i+1)
		case ']':
			if skipSpace(s, i+1) != len(s) || sum != total {
				return nil, false
			}
			return fees, true
		default:
			return nil, false
		}
	}
}

// flatFee is builder.feeDetail on the values of one fee line, in fen and
// as coefficients; it reports false where feeDetail would fail.
func flatFee(dv *[numDetailFields]value) (fee FlatFee, ok bool) {
	var msg string
	if fee.ItemCode, msg = textField(dv[dItemCode], true); msg != "" {
		return fee, false
	}
	if fee.ChrgItemLv, msg = chrgItemLvField(dv[dChrgItemLv]); msg != "" {
		return fee, false
	}
	if fee.SumAmt, ok = flatMoney(dv[dSumAmt]); !ok {
		return fee, false
	}
	// selfpay_prop, as ratioField reads it.
	v := dv[dSelfpayProp]
	if v.absent() || v.kind != kString && v.kind != kNumber {
		return fee, false
	}
	var p decimalProblem
	fee.SelfpayCoef, fee.SelfpayExp, p = parseDecimal(v.text, v.kind == kNumber, ratioPlaces, ratioIntDigits)
	if p != decOK || fee.SelfpayCoef < 0 || fee.SelfpayCoef > pow10[-fee.SelfpayExp] {
		return fee, false
	}
	if !dv[dLmtPrice].absent() {
		if fee.LmtPrice, ok = flatMoney(dv[dLmtPrice]); !ok {
			return fee, false
		}
		fee.HasLmtPrice = true
	}
	cnt, msg := cntField(dv[dCnt])
	if msg != "" {
		return fee, false
	}
	pric, msg := pricField(dv[dPric])
	if msg != "" {
		return fee, false
	}
	if pric.given {
		if cnt, msg = pricCount(fee.SumAmt, pric, cnt); msg != "" {
			return fee, false
		}
		fee.PricCoef, fee.PricExp, fee.HasPric = pric.coef, pric.exp, true
	}
	fee.CntCoef, fee.CntExp, fee.HasCnt = cnt.coef, cnt.exp, cnt.given
	return fee, true
}

// flatMoney is moneyField for a required amount, in fen, without the
// decimal.
func flatMoney(v value) (int64, bool) {
	if v.absent() || v.kind != kString && v.kind != kNumber {
		return 0, false
	}
	if fen, ok := plainFen(v.text); ok {
		return fen, true
	}
	coef, exp, p := parseDecimal(v.text, v.kind == kNumber, moneyPlaces, moneyIntDigits)
	if p != decOK || coef < 0 {
		return 0, false
	}
	return coef * pow10[exp+moneyPlaces], true
}

// plainFen reads the common amount in fen: 1 to 15 digits, then perhaps a
// point and 1 or 2 more. It reports false for any other text, which
// parseDecimal then reads: this is only its quick case.
func plainFen(s string) (int64, bool) {
	var n int64
	i := 0
	for i < len(s) && isDigit(s[i]) {
		n = n*10 + int64(s[i]-'0')
		i++
	}
	if i == 0 || i > moneyIntDigits {
		return 0, false
	}
	switch len(s) - i {
	case 0:
		return n * 100, true
	case 2:
		if s[i] == '.' && isDigit(s[i+1]) {
			return n*100 + int64(s[i+1]-'0')*10, true
		}
	case 3:
		if s[i] == '.' && isDigit(s[i+1]) && isDigit(s[i+2]) {
			return n*100 + int64(s[i+1]-'0')*10 + int64(s[i+2]-'0'), true
		}
	}
	return 0, false
}

// flatTime is timeField without time.Parse: it takes YYYY-MM-DD and
// YYYY-MM-DD HH:MM:SS written exactly so, all a HIS writes, and reports
// false for anything else, including what time.Parse would also take: a
// signed year ("+999-01-01"), two spaces before a one-digit hour.
func flatTime(v value) (time.Time, bool) {
	s := v.text
	if v.kind != kString || len(s) != len(time.DateOnly) && len(s) != len(time.DateTime) {
		return time.Time{}, false
	}
	year, ok1 := digits2(s, 0)
	y2, ok2 := digits2(s, 2)
	month, ok3 := digits2(s, 5)
	day, ok4 := digits2(s, 8)
	if !(ok1 && ok2 && ok3 && ok4) || s[4] != '-' || s[7] != '-' {
		return time.Time{}, false
	}
	year = year*100 + y2
	if month < 1 || month > 12 || day < 1 || day > daysIn(month, year) {
		return time.Time{}, false
	}
	hour, minute, second := 0, 0, 0
	if len(s) == len(time.DateTime) {
		var ok5, ok6, ok7 bool
		hour, ok5 = digits2(s, 11)
		minute, ok6 = digits2(s, 14)
		second, ok7 = digits2(s, 17)
		if !(ok5 && ok6 && ok7) || s[10] != ' ' || s[13] != ':' || s[16] != ':' ||
			hour > 23 || minute > 59 || second > 59 {
			return time.Time{}, false
		}
	}
	return time.Date(year, time.Month(month), day, hour, minute, second, 0, time.UTC), true
}

// digits2 reads the two decimal digits at s[i:i+2].
func digits2(s string, i int) (int, bool) {
	a, b := s[i]-'0', s[i+1]-'0'
	return int(a)*10 + int(b), a <= 9 && b <= 9
}

// daysIn is the number of days in month of year, in the proleptic Gregorian
// calendar time uses.
func daysIn(month, year int) int {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// The strict scanner below checks what json.Valid checks (and, inside
// strings, what utf8.Valid checks), returning the index after what it read,
// or -1. Whitespace is JSON's without the line feed, which a line cannot
// hold.

// validJSON reports whether s is one JSON value, in valid UTF-8. When it
// reports true, utf8.Valid and json.Valid would too; it may report false on
// what they take (a line feed, nesting deeper than maxFlatDepth).
func validJSON(s string) bool {
	i := skipValue(s, skipSpace(s, 0), 0)
	return i >= 0 && skipSpace(s, i) == len(s)
}

// skipSpace returns the index of the first byte at or after i that is not
// a space, tab or carriage return.
func skipSpace(s string, i int) int {
	for i < len(s) && s[i] <= ' ' && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r') {
		i++
	}
	return i
}

// plainByte marks the bytes a JSON string holds as themselves without
// further checking: printable ASCII but the quote and the backslash.
var plainByte = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// scanString reads the rest of the string whose opening quote is before
// s[i], and reports whether it holds an escape.
func scanString(s string, i int) (end int, esc bool) {
	for {
		i = skipPlain(s, i)
		if i >= len(s) {
			return -1, false
		}
		switch c := s[i]; {
		case c == '"':
			return i + 1, esc
		case c == '\\':
			esc = true
			if i = skipEscape(s, i); i < 0 {
				return -1, false
			}
		case c < 0x20:
			return -1, false
		case 0xe1 <= c && c <= 0xef && c != 0xed && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80:
			// A three-byte sequence that is valid whatever its
			// continuation bytes: most of Chinese text.
			i += 3
		default:
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				return -1, false
			}
			i += size
		}
	}
}

// Masks for finding, eight bytes at a time, a byte that is not plain.
const (
	ones  = 0x0101010101010101
	highs = 0x8080808080808080
)

// skipPlain returns the index of the first byte at or after i that is not
// plain (see plainByte), or len(s).
func skipPlain(s string, i int) int {
	for ; len(s)-i >= 8; i += 8 {
		t := s[i : i+8]
		x := uint64(t[0]) | uint64(t[1])<<8 | uint64(t[2])<<16 | uint64(t[3])<<24 |
			uint64(t[4])<<32 | uint64(t[5])<<40 | uint64(t[6])<<48 | uint64(t[7])<<56
		// Each term flags (in a byte's high bit) a byte ≥ 0x80, one below
		// 0x20, a quote, a backslash. A flag can be false only above a
		// true one, so the lowest flag is always right.
		q, bs := x^(ones*'"'), x^(ones*'\\')
		m := x | (x-ones*0x20)&^x | (q-ones)&^q | (bs-ones)&^bs
		if m &= highs; m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for i < len(s) && plainByte[s[i]] {
		i++
	}
	return i
}

// skipEscape reads the escape whose backslash is at s[i].
func skipEscape(s string, i int) int {
	if i+1 >= len(s) {
		return -1
	}
	switch s[i+1] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return i + 2
	case 'u':
		if i+6 > len(s) {
			return -1
		}
		for _, c := range []byte(s[i+2 : i+6]) {
			if !isHex(c) {
				return -1
			}
		}
		return i + 6
	}
	return -1
}

func isHex(c byte) bool {
	return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// scanNumber reads the JSON number at s[i]:
// -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(s string, i int) int {
	if i < len(s) && s[i] == '-' {
		i++
	}
	switch {
	case i >= len(s):
		return -1
	case s[i] == '0':
		i++
	case '1' <= s[i] && s[i] <= '9':
		i = skipDigits(s, i+1)
	default:
		return -1
	}
	if i < len(s) && s[i] == '.' {
		start := i + 1
		if i = skipDigits(s, start); i == start {
			return -1
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		start := i
		if i = skipDigits(s, start); i == start {
			return -1
		}
	}
	return i
}

func skipDigits(s string, i int) int {
	for i < len(s) && isDigit(s[i]) {
		i++
	}
	return i
}

// literal reads the literal word at s[i].
func literal(s string, i int, word string) int {
	if len(s)-i < len(word) || s[i:i+len(word)] != word {
		return -1
	}
	return i + len(word)
}

// scalar reads a contract field's value at s[i]: a string without escapes,
// a number, true, false or null. Anything else, an object or a list
// included, yields -1.
func scalar(s string, i int) (value, int) {
	if i >= len(s) {
		return value{}, -1
	}
	switch s[i] {
	case '"':
		end, esc := scanString(s, i+1)
		if end < 0 || esc {
			return value{}, -1
		}
		return value{kind: kString, text: s[i+1 : end-1]}, end
	case 't':
		return value{kind: kBool, text: "true"}, literal(s, i, "true")
	case 'f':
		return value{kind: kBool, text: "false"}, literal(s, i, "false")
	case 'n':
		return value{kind: kNull}, literal(s, i, "null")
	}
	end := scanNumber(s, i)
	if end < 0 {
		return value{}, -1
	}
	return value{kind: kNumber, text: s[i:end]}, end
}

// maxFlatDepth bounds the nesting of a value Flat skips. encoding/json
// allows 10000 levels; a HIS's extra fields need a handful.
const maxFlatDepth = 64

// skipValue reads any JSON value at s[i], at nesting depth depth.
func skipValue(s string, i, depth int) int {
	if i >= len(s) {
		return -1
	}
	switch s[i] {
	case '"':
		end, _ := scanString(s, i+1)
		return end
	case '{', '[':
		if depth >= maxFlatDepth {
			return -1
		}
		return skipComposite(s, i, depth+1)
	case 't':
		return literal(s, i, "true")
	case 'f':
		return literal(s, i, "false")
	case 'n':
		return literal(s, i, "null")
	}
	return scanNumber(s, i)
}

// skipComposite reads the object or list whose opening bracket is at s[i].
func skipComposite(s string, i, depth int) int {
	obj := s[i] == '{'
	closer := byte(']')
	if obj {
		closer = '}'
	}
	i = skipSpace(s, i+1)
	if i < len(s) && s[i] == closer {
		return i + 1
	}
	for {
		if obj {
			if i >= len(s) || s[i] != '"' {
				return -1
			}
			if i, _ = scanString(s, i+1); i < 0 {
				return -1
			}
			i = skipSpace(s, i)
			if i >= len(s) || s[i] != ':' {
				return -1
			}
			i = skipSpace(s, i+1)
		}
		if i = skipValue(s, i, depth); i < 0 {
			return -1
		}
		i = skipSpace(s, i)
		switch {
		case i >= len(s):
			return -1
		case s[i] == ',':
			i = skipSpace(s, i+1)
		case s[i] == closer:
			return i + 1
		default:
			return -1
		}
	}
}
