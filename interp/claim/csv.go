package claim

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// nextCSV reads the next row: into *f when f is not nil and the row is
// flat, else as a Claim.
func (r *Reader) nextCSV(f *Flat) (flat bool, c *Claim, e *Error, err error) {
	if !r.header {
		if err := r.readHeader(); err != nil {
			return false, nil, nil, err
		}
		if r.headerBad {
			r.header = true
			return false, nil, r.headerError(), nil
		}
		r.header = true
	}
	for {
		rec, err := r.csv.Read()
		if err != nil {
			// perr is declared here, not before Read: errors.As takes
			// its address, which would put it on the heap for every row.
			var perr *csv.ParseError
			switch {
			case err == io.EOF:
				return false, nil, nil, io.EOF
			case errors.As(err, &perr):
				if r.guard.cut(perr.StartLine, perr.Line) {
					return false, nil, r.tooLong(perr.StartLine), nil
				}
				return false, nil, &Error{Line: perr.StartLine, Code: CodeRead, Msg: csvMessage(perr)}, nil
			}
			return false, nil, nil, err
		}
		line, _ := r.csv.FieldPos(0)
		end, _ := r.csv.FieldPos(len(rec) - 1)
		if r.guard.cut(line, end) {
			return false, nil, r.tooLong(line), nil
		}
		if allEmpty(rec) {
			continue
		}
		if r.headerBad {
			return false, nil, &Error{Line: line, Code: CodeRead, Msg: "the header row could not be read"}, nil
		}
		if len(rec) != len(r.cols) {
			return false, nil, &Error{Line: line, Code: CodeRead, Msg: fmt.Sprintf("the row has %d fields, but the header has %d", len(rec), len(r.cols))}, nil
		}
		r.vals = [numClaimFields]value{}
		dup := false
		for i, cell := range rec {
			fld := r.cols[i]
			if fld < 0 {
				continue
			}
			if !utf8.ValidString(cell) {
				return false, nil, &Error{Line: line, Code: CodeRead, Msg: "the row is not valid UTF-8 (if the file is GBK-encoded, convert it to UTF-8)"}, nil
			}
			switch {
			case r.colDup[fld]:
				r.vals[fld] = value{kind: kString, text: cell, dup: true}
				dup = true
			case cell == "":
			case fld == fFeeDetails:
				r.vals[fld] = jsonValue(cell)
			default:
				r.vals[fld] = value{kind: kString, text: cell}
			}
		}
		// A cell holds what a JSON string of the same text would, so
		// the row is flat where such a JSON line would be; a column
		// given twice is build's to word.
		if f != nil && !dup && !r.general && buildFlat(&r.vals, line, f) {
			return true, nil, nil, nil
		}
		c, e := r.build(line)
		return false, c, e, nil
	}
}

// readHeader reads the header row and maps its columns to claim fields. An
// empty input is not an error: it holds no claims.
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
	r.cols = make([]int, len(rec))
	for i, name := range rec {
		f := claimField(strings.TrimSpace(name))
		r.cols[i] = f
		if f < 0 {
			continue
		}
		for _, g := range r.cols[:i] {
			if g == f {
				r.colDup[f] = true
			}
		}
	}
	return nil
}

// headerError explains why the header could not be read.
func (r *Reader) headerError() *Error {
	if r.headerErr != nil {
		return &Error{Line: r.headerErr.StartLine, Code: CodeRead, Msg: "the header row could not be read: " + csvMessage(r.headerErr)}
	}
	return &Error{Line: 1, Code: CodeRead, Msg: "the header row could not be read: it is longer than " + sizeText(r.maxLine)}
}

func (r *Reader) tooLong(line int) *Error {
	return &Error{Line: line, Code: CodeRead, Msg: "the line is longer than " + sizeText(r.maxLine)}
}

// csvMessage words a CSV syntax error in our own terms (encoding/csv's
// wording is not part of our contract).
func csvMessage(perr *csv.ParseError) string {
	switch {
	case errors.Is(perr.Err, csv.ErrBareQuote):
		return fmt.Sprintf(`a " in an unquoted field at line %d, column %d (quote the field and double the ")`, perr.Line, perr.Column)
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
