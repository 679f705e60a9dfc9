package claim

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"
)

// Record is a CSV row as a Reader reads it (NextRecord), before its cells
// are taken for a claim (RowParser.Parse): the line it starts on, and its
// cells.
type Record struct {
	Line  int
	Cells []string
}

// NextRecord reads the next CSV row into rec, reusing its Cells, for a
// RowParser to take for a claim, perhaps on another goroutine: the cells
// are strings of their own, which later reading leaves alone. A row that
// can be no claim, whatever its cells say, yields a *Error, as Next would:
// the header or the row could not be read, a line is too long, the row
// has more or fewer cells than the header. Such an error names the row's
// setl_id when the row has a cell in the header's setl_id column. Rows
// whose cells are all empty are skipped. At the end of the input
// NextRecord returns io.EOF; any other error is the source's, and every
// later call returns it again. A Reader of JSON Lines has no CSV rows:
// NextRecord on one returns an error.
func (r *Reader) NextRecord(rec *Record) error {
	if err := r.made(); err != nil {
		return err
	}
	if r.format != CSV {
		return errNotCSV("NextRecord", r.format)
	}
	if r.err != nil {
		return r.err
	}
	e, err := r.nextRecord(rec, true)
	switch {
	case err != nil:
		r.err = err
		return err
	case e != nil:
		return e
	}
	return nil
}

// LineReady reports whether the input read ahead holds the end of a line,
// so that the next CSV row can most likely be read without waiting on the
// source (a row whose quoted cell spans lines may still wait): a program
// reading a live source (a pipe) can hand on the rows it has before it
// asks for more.
func (r *Reader) LineReady() bool {
	if r.br == nil {
		return false
	}
	ahead, _ := r.br.Peek(r.br.Buffered())
	return bytes.IndexByte(ahead, '\n') >= 0
}

// errNotCSV is the error of a method that reads CSV rows called on a
// Reader of format f.
func errNotCSV(method string, f Format) error {
	return fmt.Errorf("claim: %s reads CSV rows, and the Reader reads %s; use Next or NextFlat", method, f)
}

// nextRecord reads the next row into rec, its cells csv's own record
// unless own, and so valid only until the next read.
func (r *Reader) nextRecord(rec *Record, own bool) (*Error, error) {
	if !r.header {
		if err := r.readHeader(); err != nil {
			return nil, err
		}
		r.header = true
	}
	if r.headerBad && !r.headerTold {
		r.headerTold = true
		return r.headerError(), nil
	}
	for {
		cells, err := r.csv.Read()
		if err != nil {
			// perr is declared here, not before Read: errors.As takes
			// its address, which would put it on the heap for every row.
			var perr *csv.ParseError
			switch {
			case err == io.EOF && r.headerMsg != "":
				msg := r.headerMsg
				r.headerMsg = "" // told once
				return &Error{Line: 1, Code: CodeRead, Msg: msg}, nil
			case err == io.EOF:
				return nil, io.EOF
			case errors.As(err, &perr):
				r.headerMsg = "" // a row came, if a broken one: its error says what is wrong
				// cells are those read whole before the error.
				if r.guard.cut(perr.StartLine, perr.Line) {
					return r.tooLong(perr.StartLine, cells), nil
				}
				return &Error{SetlID: r.rows.setlIDOf(cells), Line: perr.StartLine, Code: CodeRead, Msg: csvMessage(perr)}, nil
			}
			return nil, err
		}
		line, _ := r.csv.FieldPos(0)
		end, _ := r.csv.FieldPos(len(cells) - 1)
		if r.guard.cut(line, end) {
			r.headerMsg = ""
			return r.tooLong(line, cells), nil
		}
		if allEmpty(cells) {
			continue
		}
		if r.headerBad {
			return &Error{Line: line, Code: CodeRead, Msg: "the header row could not be read"}, nil
		}
		r.headerMsg = "" // a row came: it says what is wrong with it
		if len(cells) != len(r.rows.cols) {
			return &Error{SetlID: r.rows.setlIDOf(cells), Line: line, Code: CodeRead,
				Msg: fmt.Sprintf("the row has %d fields, but the header has %d", len(cells), len(r.rows.cols))}, nil
		}
		rec.Line = line
		if own {
			// ReuseRecord: csv's slice is refilled by the next row, but
			// not its strings.
			rec.Cells = append(rec.Cells[:0], cells...)
		} else {
			rec.Cells = cells
		}
		return nil, nil
	}
}

// nextCSV reads the next row: into *f when f is not nil and the row is
// flat, else as a Claim.
func (r *Reader) nextCSV(f *Flat) (flat bool, c *Claim, e *Error, err error) {
	if e, err = r.nextRecord(&r.rec, false); e != nil || err != nil {
		return false, nil, e, err
	}
	flat, c, e = r.rows.Parse(&r.rec, f)
	return flat, c, e, nil
}

// RowParser takes the cells of the CSV rows a Reader reads (NextRecord)
// for claims, by the Reader's header, as the Reader itself would. Each
// goroutine needs its own: a RowParser is not safe for concurrent use.
type RowParser struct {
	cols    []int // column → claim field, or -1; shared, never changed
	colDup  [numClaimFields]bool
	near    []int8   // column → the contract field no column is that its name looks like, or -1 (see misspelt.go)
	names   []string // the columns' names, trimmed
	psnCol  int      // the psn_no column + 1; 0: none, or two
	setlCol int      // the setl_id column + 1; 0: none, or two
	general bool
	b       *builder
}

// RowParser returns a RowParser of the rows r reads, reading the header
// first when r has not: an error is then the source's (io.EOF: the input
// is empty). A Reader of JSON Lines has no header: RowParser on one
// returns an error.
func (r *Reader) RowParser() (*RowParser, error) {
	if err := r.made(); err != nil {
		return nil, err
	}
	if r.format != CSV {
		return nil, errNotCSV("RowParser", r.format)
	}
	if !r.header && r.err == nil {
		if err := r.readHeader(); err != nil {
			r.err = err
		} else {
			r.header = true
		}
	}
	if r.err != nil {
		return nil, r.err
	}
	p := r.rows
	p.b = &builder{}
	return &p, nil
}

// Member is the psn_no of rec's claim, if rec is a claim at all: ok is
// false when the header names no psn_no column, or names it twice.
func (p *RowParser) Member(rec *Record) (psnNo string, ok bool) {
	if i := p.psnCol - 1; i >= 0 && i < len(rec.Cells) {
		return rec.Cells[i], true
	}
	return "", false
}

// Parse takes rec's cells into *f when f is not nil and the row is flat
// (f's strings then share the cells), else for a Claim, or the *Error
// that keeps the row from being one.
func (p *RowParser) Parse(rec *Record, f *Flat) (flat bool, c *Claim, e *Error) {
	b := p.b
	b.vals = [numClaimFields]value{}
	b.miss.fields = 0
	dup := false
	for i, cell := range rec.Cells {
		fld := p.cols[i]
		if fld < 0 {
			if g := p.near[i]; g >= 0 && cell != "" {
				b.miss.note(int(g), p.names[i], value{kind: kString, text: cell})
			}
			continue
		}
		if !utf8.ValidString(cell) {
			return false, nil, &Error{SetlID: p.setlIDOf(rec.Cells), Line: rec.Line, Code: CodeRead,
				Msg: "the row is not valid UTF-8 (if the file is GBK-encoded, convert it to UTF-8)"}
		}
		switch {
		case p.colDup[fld]:
			b.vals[fld] = value{kind: kString, text: cell, dup: true}
			dup = true
		case cell == "":
		case fld == fFeeDetails:
			b.vals[fld] = jsonValue(cell)
		default:
			b.vals[fld] = value{kind: kString, text: cell}
		}
	}
	// A cell holds what a JSON string of the same text would, so the row
	// is flat where such a JSON line would be; a column given twice is
	// build's to word.
	if f != nil && !dup && !p.general && b.miss.fields == 0 && buildFlat(&b.vals, rec.Line, f) {
		return true, nil, nil
	}
	c, e = b.build(rec.Line)
	return false, c, e
}

// readHeader reads the header row and maps its columns to claim fields,
// in r.rows, which every RowParser of r starts as. An empty input is not
// an error: it holds no claims.
func (r *Reader) readHeader() error {
	if b, err := r.br.Peek(len(utf8BOM)); err == nil && string(b) == utf8BOM {
		r.br.Discard(len(utf8BOM))
	}
	rec, err := r.csv.Read()
	var perr *csv.ParseError
	switch {
	case errors.As(err, &perr):
		r.headerBad = true
		r.headerErr = perr
		return nil
	case err != nil:
		return err // io.EOF included: no header, no claims
	}
	line, _ := r.csv.FieldPos(0)
	end, _ := r.csv.FieldPos(len(rec) - 1)
	if r.guard.cut(line, end) {
		r.headerBad = true
		return nil
	}
	p := RowParser{cols: make([]int, len(rec)), general: r.general, b: r.builder}
	for i, name := range rec {
		f := claimField(strings.TrimSpace(name))
		p.cols[i] = f
		if f < 0 {
			continue
		}
		for _, g := range p.cols[:i] {
			if g == f {
				p.colDup[f] = true
			}
		}
		switch f {
		case fPsnNo:
			p.psnCol = i + 1
		case fSetlID:
			p.setlCol = i + 1
		}
	}
	if p.colDup[fPsnNo] {
		p.psnCol = 0
	}
	if p.colDup[fSetlID] {
		p.setlCol = 0
	}
	// A header no claim can be read under, with no row after it, is no
	// batch of none but a mistake, told at the end when no row came (see
	// nextRecord): a file whose lines end in CR alone reads as one header
	// row. Under such a header each row says what is wrong with it.
	switch {
	case strings.Contains(strings.Join(rec, ","), "\r"):
		r.headerMsg = "the lines end in a carriage return alone (an old Mac CSV), so the whole file reads as one header row: save it with LF or CRLF line ends"
	case !slices.Contains(p.cols, fSetlID):
		r.headerMsg = "the header row names no setl_id column, and no row follows it"
	}
	// A column named like a field no column is: its cells are read as a
	// JSON line's key of that name would be (build words what they mean).
	p.near, p.names = make([]int8, len(rec)), make([]string, len(rec))
	for i, name := range rec {
		p.near[i], p.names[i] = -1, strings.TrimSpace(name)
		if p.cols[i] >= 0 {
			continue
		}
		if g := nearField(p.names[i]); g >= 0 && !slices.Contains(p.cols, g) {
			p.near[i] = int8(g)
		}
	}
	r.rows = p
	return nil
}

// headerError explains why the header could not be read.
func (r *Reader) headerError() *Error {
	if r.headerErr != nil {
		return &Error{Line: r.headerErr.StartLine, Code: CodeRead, Msg: "the header row could not be read: " + csvMessage(r.headerErr)}
	}

	return &Error{Line: 1, Code: CodeRead, Msg: "the header row could not be read: it is longer than " + sizeText(r.maxLine)}
}

// tooLong is the error of a row with a line cut short, cells the row's
// cells as read: the last may have been cut, but not those before it.
func (r *Reader) tooLong(line int, cells []string) *Error {
	var setlID string
	if len(cells) > 0 {
		setlID = r.rows.setlIDOf(cells[:len(cells)-1])
	}
	return &Error{SetlID: setlID, Line: line, Code: CodeRead, Msg: "the line is longer than " + sizeText(r.maxLine)}
}

// setlIDOf is the setl_id of a row that can be no claim, for its error row
// (a HIS matches error rows to its claims by setl_id), or "": cells are
// the row's cells as far as they could be read whole, and the setl_id is
// the one in the header's setl_id column, if they reach it and it is an
// id the row's claim could have (build would take it). The cells are
// counted from the start of the row, so a row with a cell too many or too
// few before that column gives the text of its neighbour: one reason to
// make setl_id the first column, as settlement-io.md and mpl's own output
// do.
func (p *RowParser) setlIDOf(cells []string) string {
	i := p.setlCol - 1
	if i < 0 || i >= len(cells) || !utf8.ValidString(cells[i]) {
		return ""
	}
	id, msg := idField(value{kind: kString, text: cells[i]}, true)
	if msg != "" {
		return ""
	}
	// The cells may be the CSV reader's, which share one string: keep
	// only the id.
	return strings.Clone(id)
}

// csvMessage words a CSV syntax error in our own terms (encoding/csv's
// wording is not part of our contract).
func csvMessage(perr *csv.ParseError) string {
	switch {
	case errors.Is(perr.Err, csv.ErrBareQuote):
		return fmt.Sprintf(`a " in an unquoted field at line %d, column %d (quote the field and double the ")`, perr.Line, perr.Column)
	case errors.Is(perr.Err, csv.ErrQuote) && perr.Line > perr.StartLine:
		// A quoted cell may hold line breaks, so every line to where
		// reading stopped went into this record: their claims with it.
		return fmt.Sprintf(`a quoted field is not closed properly at line %d, column %d; the quote that opens it may be on line %d, `+
			`and lines %d to %d are read as this one record`, perr.Line, perr.Column, perr.StartLine, perr.StartLine, perr.Line)
	case errors.Is(perr.Err, csv.ErrQuote):
		return fmt.Sprintf(`a quoted field is not closed properly at line %d, column %d`, perr.Line, perr.Column)
	}
	return perr.Err.Error()
}

func allEmpty(rec []string) bool {
	for _, s := range rec {
		if s != "" {
			return false
		}
	}
	return true
}

// lineGuard bounds the physical lines the CSV reader sees: the part of a
// line beyond max bytes is dropped, and the line is remembered so that the
// record holding it becomes an error rather than a claim read from half a
// line. encoding/csv has no limit of its own.
//
// So that a line cut inside a quoted field does not swallow the lines after
// it, the guard follows encoding/csv's quoting and closes such a field where
// it cuts the line.
type lineGuard struct {
	r     io.Reader
	max   int
	line  int   // the line the next byte belongs to
	n     int   // bytes of that line passed on so far
	cuts  []int // lines cut short, ascending
	state quoteState
}

// quoteState is where the CSV parser is within a line.
type quoteState uint8

const (
	atFieldStart quoteState = iota
	inUnquoted
	inQuoted
	afterQuote // a quote inside a quoted field: its end, or the first of ""
	inBadLine  // the parser reported an error and skips to the line end
)

func (g *lineGuard) Read(p []byte) (int, error) {
	for {
		n, err := g.r.Read(p)
		kept := g.pass(p[:n])
		// Never report 0 bytes with no error, which io.Reader discourages.
		if kept > 0 || err != nil || n == 0 {
			return kept, err
		}
	}
}

// pass follows the bytes in b, dropping those beyond the limit; it moves
// the bytes it keeps to the front of b and returns how many they are.
func (g *lineGuard) pass(b []byte) int {
	out := b[:0] // out never overtakes the byte being read
	for i := 0; i < len(b); {
		// The rest of the line, as far as b holds it.
		seg := b[i:]
		end := bytes.IndexByte(seg, '\n')
		if end >= 0 {
			seg = seg[:end]
		}
		if g.plain(seg) {
			// Within the limit and without a quote: the state moves
			// as the bytes' last says, each byte kept.
			if len(seg) > 0 && (g.state == atFieldStart || g.state == inUnquoted) {
				g.state = inUnquoted
				if seg[len(seg)-1] == ',' {
					g.state = atFieldStart
				}
			}
			g.n += len(seg)
			out = append(out, seg...)
		} else {
			for _, c := range seg {
				out = g.byte(out, c)
			}
		}
		i += len(seg)
		if end >= 0 {
			if g.state != inQuoted {
				g.state = atFieldStart
			}
			g.line++
			g.n = 0
			out = append(out, '\n')
			i++
		}
	}
	return len(out)
}

// plain reports whether seg, bytes of a line without its end, moves the
// state as a run of unquoted bytes does and fits within the limit.
func (g *lineGuard) plain(seg []byte) bool {
	return g.state != afterQuote && g.n+len(seg) <= g.max && bytes.IndexByte(seg, '"') < 0
}

// byte follows c, which is not a newline, appending it to out unless it
// is beyond the limit.
func (g *lineGuard) byte(out []byte, c byte) []byte {
	if g.n >= g.max {
		if len(g.cuts) == 0 || g.cuts[len(g.cuts)-1] != g.line {
			g.cuts = append(g.cuts, g.line)
			if g.state == inQuoted {
				out = append(out, '"')
				g.state = afterQuote
			}
		}
		return out
	}
	g.n++
	g.state = g.state.next(c)
	return append(out, c)
}

// next is the state after byte c, which is not a newline.
func (s quoteState) next(c byte) quoteState {
	switch s {
	case atFieldStart:
		switch c {
		case '"':
			return inQuoted
		case ',':
			return atFieldStart
		}
		return inUnquoted
	case inUnquoted:
		switch c {
		case ',':
			return atFieldStart
		case '"':
			return inBadLine
		}
		return inUnquoted
	case inQuoted:
		if c == '"' {
			return afterQuote
		}
		return inQuoted
	case afterQuote:
		switch c {
		case '"':
			return inQuoted
		case ',':
			return atFieldStart
		case '\r':
			return afterQuote
		}
		return inBadLine
	}
	return s
}

// cut reports whether a line in [from, to] was cut short, forgetting the
// cuts before from.
func (g *lineGuard) cut(from, to int) bool {
	for len(g.cuts) > 0 && g.cuts[0] < from {
		g.cuts = g.cuts[1:]
	}
	return len(g.cuts) > 0 && g.cuts[0] <= to
}
