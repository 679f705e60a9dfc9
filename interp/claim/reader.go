package claim

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Format is how a batch of claims or settlements is encoded.
type Format int

const (
	// JSONL is JSON Lines: one JSON object per line.
	JSONL Format = iota
	// CSV is comma-separated values: a header row naming the columns with
	// the claim's flat field names, then one row per claim.
	CSV
)

// String returns the format's usual file extension without the dot.
func (f Format) String() string {
	switch f {
	case JSONL:
		return "jsonl"
	case CSV:
		return "csv"
	}
	return fmt.Sprintf("Format(%d)", int(f))
}

// FormatFromName returns the format a file name's extension names, ignoring
// case: .jsonl, .ndjson and .json are JSONL (a .json file must still hold one
// object per line), .csv is CSV. It reports false for any other extension.
func FormatFromName(path string) (Format, bool) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".jsonl", ".ndjson", ".json":
		return JSONL, true
	case ".csv":
		return CSV, true
	}
	return 0, false
}

// maxLineBytes bounds one line of input (one JSON Lines record, one physical
// CSV line), so a corrupt file cannot exhaust memory.
const maxLineBytes = 16 << 20

// utf8BOM is the byte order mark Windows programs put at the start of a
// UTF-8 file.
const utf8BOM = "\xef\xbb\xbf"

// Reader reads claims from JSON Lines or CSV and checks each against the
// contract of settlement-io.md.
//
// Fields not in the contract are ignored, since a HIS sends many more; field
// names are matched exactly (case matters). null, an empty string and an
// empty CSV cell all mean a field is not given. A field given twice in one
// JSON object, or a column named twice in a CSV header, is an error on that
// field rather than a silent choice between the two values. Text fields
// (ids, codes, labels) may be JSON strings or numbers, kept as written.
// Amounts may be JSON strings ("1234.50", never with an exponent) or
// numbers (1234.5, 1.2345e3), and are read exactly; "100.000" is accepted,
// as its extra places are zeros; an amount has at most 15 digits before the
// point. setl_time, a local time without a zone, is returned in time.UTC so
// that its wall clock reads as written. Flags (cvlserv_flag, acct_used_flag)
// are 1 or 0, true or false, as numbers, strings or booleans. mdtrt_area and
// remote_filing must be one of the values settlement-io.md lists, and
// remote_filing is required when mdtrt_area is not 本地. selfpay_prop and
// cnt have at most 8 decimal places. A fee line's place in an error's Field
// counts from 0: fee_details[0] is the first.
//
// CSV input has a header row naming the columns with the claim's flat field
// names, in any order; columns with other names are ignored, optional
// columns may be left out. Fee lines, which are not flat, go in a
// fee_details column holding a JSON list of fee line objects, written as in
// JSON Lines. Every cell is text, so amounts are read as JSON strings are.
// Line numbers count physical lines with the header as line 1; a claim's
// Line is where its record starts.
//
// A Reader is not safe for concurrent use.
type Reader struct {
	format  Format
	br      *bufio.Reader
	maxLine int
	err     error // sticky: io.EOF or an I/O error from the source

	// JSON Lines
	line  int    // lines read so far
	buf   []byte // a line longer than br's buffer
	first bool   // the first line has been read (and any BOM dropped)

	// CSV
	csv       *csv.Reader
	guard     *lineGuard
	header    bool // the header has been read
	headerBad bool // the header could not be read
	headerErr *csv.ParseError
	cols      []int // column → claim field, or -1
	colDup    [numClaimFields]bool

	vals  [numClaimFields]value
	dvals [numDetailFields]value
	strs  map[string]string // interned codes
	decs  map[decKey]decimal.Decimal
}

// NewReader returns a Reader of claims in format f from r. It panics if f is
// not JSONL or CSV.
//
// A JSON Lines line, or a physical CSV line, longer than 16 MiB yields a
// CodeRead error for that line, and reading goes on with the next one. In
// both formats a UTF-8 byte order mark at the start of r is skipped, and
// CRLF line ends are accepted.
func NewReader(r io.Reader, f Format) *Reader {
	return newReaderSize(r, f, maxLineBytes)
}

func newReaderSize(r io.Reader, f Format, maxLine int) *Reader {
	rd := &Reader{format: f, maxLine: maxLine, strs: make(map[string]string)}
	switch f {
	case JSONL:
		rd.br = bufio.NewReaderSize(r, 64<<10)
	case CSV:
		rd.guard = &lineGuard{r: r, max: maxLine, line: 1}
		rd.br = bufio.NewReaderSize(rd.guard, 64<<10)
		rd.csv = csv.NewReader(rd.br)
		rd.csv.ReuseRecord = true
		rd.csv.FieldsPerRecord = -1
	default:
		panic("claim: unknown format " + f.String())
	}
	return rd
}

// Next returns the next claim. A claim that cannot be read, or that breaks
// the contract, yields a *Error instead (Code CodeRead with Line for a line
// that could not be read at all, CodeClaim with SetlID when known, Field and
// Line for a field that breaks the contract); the next call goes on with the
// next record. Blank lines, and CSV rows whose cells are all empty, are
// skipped. At the end of the input Next returns io.EOF; any other error is
// the source's, and every later call returns it again.
func (r *Reader) Next() (*Claim, error) {
	if r.err != nil {
		return nil, r.err
	}
	var c *Claim
	var e *Error
	var err error
	if r.format == CSV {
		c, e, err = r.nextCSV()
	} else {
		c, e, err = r.nextJSONL()
	}
	switch {
	case err != nil:
		r.err = err
		return nil, err
	case e != nil:
		return nil, e
	}
	return c, nil
}

func (r *Reader) nextJSONL() (*Claim, *Error, error) {
	for {
		line, tooLong, err := r.readLine()
		if err != nil {
			return nil, nil, err
		}
		if tooLong {
			return nil, r.readError("the line is longer than " + sizeText(r.maxLine)), nil
		}
		if isBlank(line) {
			continue
		}
		if !utf8.Valid(line) {
			return nil, r.readError(msgNotUTF8), nil
		}
		if !json.Valid(line) {
			return nil, r.readError(syntaxMessage(line)), nil
		}
		sc := jsonScanner{s: string(line)}
		if !sc.open('{') {
			return nil, r.readError("the line is not a JSON object"), nil
		}
		r.vals = [numClaimFields]value{}
		for sc.more() {
			k := sc.key()
			v := sc.value()
			if f := claimField(k); f >= 0 {
				r.set(f, v)
			}
		}
		c, e := r.build(r.line)
		return c, e, nil
	}
}

const msgNotUTF8 = "the line is not valid UTF-8 (if the file is GBK-encoded, convert it to UTF-8)"

func (r *Reader) readError(msg string) *Error {
	return &Error{Line: r.line, Code: CodeRead, Msg: msg}
}

// set records v as field f's value; a second value marks the field as given twice.
func (r *Reader) set(f int, v value) {
	if r.vals[f].kind != kAbsent {
		r.vals[f].dup = true
		return
	}
	r.vals[f] = v
}

// readLine returns the next line without its line end, in a buffer reused by
// the next call. A line longer than r.maxLine is skipped to its end and
// reported with tooLong.
func (r *Reader) readLine() (line []byte, tooLong bool, err error) {
	r.buf = r.buf[:0]
	long := false // the line so far is in r.buf
	for {
		chunk, err := r.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			if !tooLong {
				if len(r.buf)+len(chunk) > r.maxLine {
					tooLong = true
					r.buf = r.buf[:0]
				} else {
					r.buf = append(r.buf, chunk...)
					long = true
				}
			}
			continue
		}
		if err != nil && err != io.EOF {
			return nil, false, err
		}
		if err == io.EOF && len(chunk) == 0 && !long && !tooLong {
			return nil, false, io.EOF
		}
		r.line++
		if long {
			r.buf = append(r.buf, chunk...)
			chunk = r.buf
		}
		chunk = trimLineEnd(chunk)
		if !r.first {
			r.first = true
			chunk = bytes.TrimPrefix(chunk, []byte(utf8BOM))
		}
		if tooLong || len(chunk) > r.maxLine {
			return nil, true, nil
		}
		return chunk, false, nil
	}
}

func trimLineEnd(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' && c != '\r' {
			return false
		}
	}
	return true
}

// syntaxMessage explains why line is not valid JSON, with the column (in
// runes) where encoding/json gave up.
func syntaxMessage(line []byte) string {
	var raw json.RawMessage
	err := json.Unmarshal(line, &raw)
	var se *json.SyntaxError
	if errors.As(err, &se) {
		off := min(max(int(se.Offset), 1), len(line))
		col := utf8.RuneCount(line[:off])
		return fmt.Sprintf("not valid JSON at column %d: %s", col, se.Error())
	}
	return "not valid JSON"
}

// sizeText writes a size in bytes for a message.
func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.Itoa(n>>20) + " MiB"
	}
	return strconv.Itoa(n) + " bytes"
}

// intern returns a copy of s that does not share the input's memory, so a
// claim kept after reading does not keep its whole line alive. Short strings
// that repeat from claim to claim (codes, labels, members) share one copy
// from a bounded table, so they cost no allocation after the first.
func (r *Reader) intern(s string) string {
	if t, ok := r.strs[s]; ok {
		return t
	}
	t := strings.Clone(s)
	if len(s) <= 32 && len(r.strs) < 4096 {
		r.strs[t] = t
	}
	return t
}
