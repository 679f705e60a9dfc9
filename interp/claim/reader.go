package claim

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
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
// names are matched exactly (case matters), but a field that looks like a
// misspelling of a contract field the claim does not give ("reverse" for
// reverses, "Acct_used_flag") is an error naming it rather than ignored,
// since the claim would settle as if the field were not given (a key the
// same as the field's name but for case or, for names of five letters or
// more, one letter added, dropped or changed, or two neighbours swapped).
// null, an empty string and an
// empty CSV cell all mean a field is not given. A field given twice in one
// JSON object, or a column named twice in a CSV header, is an error on that
// field rather than a silent choice between the two values. Text fields
// (ids, codes, labels) may be JSON strings or numbers, kept as written; an
// id (setl_id, psn_no, mulaid_psn_no, reverses) must not begin or end with a
// space, since ids are compared exactly.
// Amounts may be JSON strings ("1234.50", never with an exponent) or
// numbers (1234.5, 1.2345e3), and are read exactly; "100.000" is accepted,
// as its extra places are zeros; an amount has at most 15 digits before the
// point. setl_time, a local time without a zone, is returned in time.UTC so
// that its wall clock reads as written. Flags (cvlserv_flag, acct_used_flag)
// are 1 or 0, true or false, as numbers, strings or booleans. mdtrt_area and
// remote_filing must be one of the values settlement-io.md lists, and
// remote_filing is required when mdtrt_area is not 本地; spaces around these
// and a fee line's chrg_item_lv are ignored, as they are around the codes a
// policy looks up (psn_type, med_type, …). selfpay_prop and
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
// A LineParser reads single JSON Lines lines the same way, for a caller
// that splits its input into lines itself.
//
// A Reader is not safe for concurrent use.
type Reader struct {
	format  Format
	br      *bufio.Reader
	maxLine int
	err     error // sticky: io.EOF or an I/O error from the source

	// JSON Lines
	lines lineSource

	// CSV
	csv        *csv.Reader
	guard      *lineGuard
	header     bool // the header has been read
	headerBad  bool // the header could not be read
	headerTold bool // headerBad's error has been returned
	headerErr  *csv.ParseError
	headerMsg  string    // why a header that was read is no claims' header: told at the end when no row followed it, cleared by a row
	rows       RowParser // the header's columns, on the Reader's builder
	rec        Record    // the row being read

	// lp reads JSON Lines lines; CSV rows are checked by the same builder,
	// so that both formats share its tables.
	lp LineParser
	*builder

	general bool // tests: read every row on the general path
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
	rd := &Reader{format: f, maxLine: maxLine}
	rd.builder = &rd.lp.b
	switch f {
	case JSONL:
		rd.br = bufio.NewReaderSize(r, 64<<10)
		rd.lines = lineSource{br: rd.br, maxLine: maxLine}
	case CSV:
		rd.guard = &lineGuard{r: r, max: maxLine, line: 1}
		// 256 KiB: a stream ends a chunk of rows where the rows read
		// ahead end (see LineReady), so that a paused pipe's rows are
		// not held back; with 64 KiB that cut every fifth chunk short,
		// and 300k rows on two cores took 0.28-0.29 s, not 0.26-0.27.
		rd.br = bufio.NewReaderSize(rd.guard, 256<<10)
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
	if err := r.made(); err != nil {
		return nil, err
	}
	if r.format == CSV {
		// A CSV row's strings are its own: a flat row needs no copy
		// beyond the interning the claim makes.
		var f Flat
		flat, c, err := r.NextFlat(&f)
		if flat {
			return f.claim(r.intern), nil
		}
		return c, err
	}
	if r.err != nil {
		return nil, r.err
	}
	_, c, e, err := r.nextJSONL(nil)
	return r.result(c, e, err)
}

// NextFlat reads the next row as Next does, but a plain claim, one that
// LineParser.Flat would take (for CSV: the same values in cells), goes
// into *f without the decimals and copies of a Claim, and NextFlat
// reports flat true and no claim. Any other row is Next's claim or error.
// The strings of *f are its own: later reads leave them be.
func (r *Reader) NextFlat(f *Flat) (flat bool, c *Claim, err error) {
	if err := r.made(); err != nil {
		return false, nil, err
	}
	if r.err != nil {
		return false, nil, r.err
	}
	var e *Error
	if r.format == CSV {
		flat, c, e, err = r.nextCSV(f)
	} else {
		flat, c, e, err = r.nextJSONL(f)
	}
	if flat {
		return true, nil, nil
	}
	c, err = r.result(c, e, err)
	return false, c, err
}

// errNotMade is the error of a Reader not made by NewReader (the zero
// Reader, or a nil one), which has no input to read.
var errNotMade = errors.New("claim: the Reader was not made by NewReader, and has no input")

// made returns errNotMade for a Reader not made by NewReader.
func (r *Reader) made() error {
	if r == nil || r.br == nil {
		return errNotMade
	}
	return nil
}

// result is what Next returns for a row read as c, e or err.
func (r *Reader) result(c *Claim, e *Error, err error) (*Claim, error) {
	switch {
	case err != nil:
		r.err = err
		return nil, err
	case e != nil:
		return nil, e
	}
	return c, nil
}

// nextJSONL reads the next line: into *f when f is not nil and the line is
// flat (a copy of the line, which f's strings then share), else as a
// Claim.
func (r *Reader) nextJSONL(f *Flat) (flat bool, c *Claim, e *Error, err error) {
	for {
		line, tooLong, err := r.lines.next()
		if err != nil {
			return false, nil, nil, err
		}
		if tooLong {
			return false, nil, r.readError("the line is longer than " + sizeText(r.maxLine)), nil
		}
		if isBlank(line) {
			continue
		}
		if f != nil && !r.general && r.lp.Flat(string(line), r.lines.line, f) {
			return true, nil, nil, nil
		}
		c, e := r.lp.Claim(line, r.lines.line)
		return false, c, e, nil
	}
}

const msgNotUTF8 = "the line is not valid UTF-8 (if the file is GBK-encoded, convert it to UTF-8)"

func (r *Reader) readError(msg string) *Error {
	return lineError(r.lines.line, msg)
}

// lineError is a CodeRead error for a line that could not be read at all.
func lineError(line int, msg string) *Error {
	return &Error{Line: line, Code: CodeRead, Msg: msg}
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
		msg := se.Error()
		if c := line[off-1]; c >= utf8.RuneSelf {
			// encoding/json names the first byte of the character as
			// though it were one ('Â' for a no-break space): name the
			// character instead.
			if r, _ := utf8.DecodeRune(line[off-1:]); r != utf8.RuneError {
				msg = strings.Replace(msg, "'"+string(rune(c))+"'", runeText(r), 1)
			}
		}
		return fmt.Sprintf("not valid JSON at column %d: %s", col, msg)
	}
	return "not valid JSON"
}

// runeText names a character for a message: quoted when it shows, by its
// code point and name when it is a space or invisible.
func runeText(r rune) string {
	names := map[rune]string{0x00a0: "a no-break space", 0x3000: "a full-width space", 0xfeff: "a byte order mark", 0x200b: "a zero-width space"}
	if name, ok := names[r]; ok {
		return fmt.Sprintf("%s (U+%04X)", name, r)
	}
	if unicode.IsSpace(r) || !unicode.IsPrint(r) {
		return fmt.Sprintf("U+%04X", r)
	}
	return strconv.QuoteRune(r)
}

// sizeText writes a size in bytes for a message.
func sizeText(n int) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return strconv.Itoa(n>>20) + " MiB"
	}
	return strconv.Itoa(n) + " bytes"
}
