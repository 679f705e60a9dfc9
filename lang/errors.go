package lang

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// Pos is a position in a source file: 1-based line and column, columns
// counted in runes. The zero Pos means "no position".
type Pos struct {
	File string
	Line int
	Col  int
}

// String prints the position as file:line:col.
func (p Pos) String() string {
	if p.Line == 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// IsValid reports whether the position points into a file.
func (p Pos) IsValid() bool { return p.Line > 0 }

// Code is a stable error code; tests match codes, golden files match wording.
type Code string

// Error codes. They are stable: tools and tests may match them.
const (
	CodeParse   Code = "mpl_parse_error"   // the text is not MPL
	CodeLimit   Code = "mpl_limit_error"   // a file is too large or too deeply nested
	CodeName    Code = "mpl_name_error"    // an unknown or duplicate name or label
	CodeType    Code = "mpl_type_error"    // an expression of the wrong type
	CodeTable   Code = "mpl_table_error"   // a table misses a combination or repeats one
	CodeBands   Code = "mpl_bands_error"   // bands with gaps, overlaps or unsorted bounds
	CodeValue   Code = "mpl_value_error"   // a ratio outside [0, 1], negative money, a bad date
	CodeExtends Code = "mpl_extends_error" // a cycle or a missing file in extends
	CodeRule    Code = "mpl_rule_error"    // a rule that can never apply, or is incomplete
	CodeIO      Code = "mpl_io_error"      // a file could not be read
)

// Error implements error so that errors.Is(err, lang.CodeType) works.
func (c Code) Error() string { return string(c) }

// Error is one diagnostic: where, what kind, what. Its Error method prints one
// line; Print adds the source line, a caret and the hint.
type Error struct {
	Pos  Pos
	Code Code
	Msg  string
	Hint string // optional, e.g. `did you mean "退休"?`
	// Note, optional, says where a figure the message names comes from
	// when another file declared it: a parameter an extending file
	// replaced, in an error at the extended file's line.
	Note string
	// Err, when not nil, is what caused the diagnostic: for a file that
	// could not be read, the file system's error, so that
	// errors.Is(err, fs.ErrNotExist) holds for a missing one.
	Err error
}

// Error is the diagnostic on one line, file:line:col: message, or the
// message alone where it has no position. Print adds the source line, the
// caret and the hint.
func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	if e.Pos.File == "" && e.Pos.Line == 0 {
		return e.Msg
	}
	return e.Pos.String() + ": " + e.Msg
}

// Unwrap returns what caused the diagnostic, if anything did (see Err).
func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Is lets errors.Is match an Error against its Code.
func (e *Error) Is(target error) bool {
	c, ok := target.(Code)
	return ok && e != nil && c == e.Code
}

// ErrorList is a list of diagnostics, sorted by position by Sort.
type ErrorList []*Error

// Add appends a diagnostic.
func (l *ErrorList) Add(pos Pos, code Code, format string, args ...any) *Error {
	e := &Error{Pos: pos, Code: code, Msg: fmt.Sprintf(format, args...)}
	*l = append(*l, e)
	return e
}

// Sort orders the list by file, line and column, keeping the order of
// diagnostics at the same position.
func (l ErrorList) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i].Pos, l[j].Pos
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		return a.Col < b.Col
	})
}

// Err returns the list as an error, or nil when it is empty.
func (l ErrorList) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error is the first diagnostic on one line, with how many more there
// are.
func (l ErrorList) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Unwrap returns the diagnostics, so that errors.As finds an *Error in
// the list and errors.Is what caused one (fs.ErrNotExist).
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// Is reports whether any error in the list has the target code.
func (l ErrorList) Is(target error) bool {
	for _, e := range l {
		if e.Is(target) {
			return true
		}
	}
	return false
}

// Sources gives the text of files by name, for printing source lines.
type Sources interface {
	Source(file string) ([]byte, bool)
}

// Print writes err in the compiler style: one `file:line:col: msg` line per
// diagnostic, the source line, a caret under the column, the note and the
// hint. Paths
// are shown relative to base when base is not empty. Errors that are not
// diagnostics are printed as they are.
func Print(w io.Writer, err error, src Sources, base string) {
	var list ErrorList
	var one *Error
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = ErrorList{one}
	case err == nil:
		return // nothing to print
	default:
		fmt.Fprintln(w, err)
		return
	}
	for _, e := range list {
		if e == nil {
			continue
		}
		pos := e.Pos
		pos.File = Visible(relPath(pos.File, base))
		if pos.File == "" && pos.Line == 0 {
			fmt.Fprintln(w, Visible(e.Msg))
		} else {
			fmt.Fprintf(w, "%s: %s\n", pos, Visible(e.Msg))
		}
		if src != nil && e.Pos.Line > 0 {
			if text, ok := src.Source(e.Pos.File); ok {
				if line, ok := sourceLine(text, e.Pos.Line); ok {
					line, col := echoWindow(line, e.Pos.Col)
					fmt.Fprintf(w, "    %s\n    %s^\n", Visible(line), caretPad(line, col))
				}
			}
		}
		if e.Note != "" {
			fmt.Fprintf(w, "    note: %s\n", Visible(e.Note))
		}
		if e.Hint != "" {
			fmt.Fprintf(w, "    hint: %s\n", Visible(e.Hint))
		}
	}
}

func relPath(file, base string) string {
	if base == "" || file == "" || !filepath.IsAbs(file) {
		return file
	}
	if rel, err := filepath.Rel(base, file); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return file
}

func sourceLine(text []byte, line int) (string, bool) {
	lines := strings.Split(string(text), "\n")
	if line < 1 || line > len(lines) {
		return "", false
	}
	return strings.TrimRight(lines[line-1], "\r"), true
}

// Visible writes the control characters of s visibly (\x1b), and those
// that reorder text (\u202e), so that printing it cannot act on the
// terminal: a policy's comments, a line a message quotes, a test file's
// note, may hold anything.
func Visible(s string) string {
	if !strings.ContainsFunc(s, isControlOrCR) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isControlOrCR(r) {
			b.WriteString(quoteControl(r))
		} else {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isControlOrCR(r rune) bool { return r == '\r' || r == '\n' || isControl(r) || isBidi(r) }

// maxEcho is how many characters of a source line Print shows: a file
// whose lines end in CR alone is one line, which may be the whole file.
const maxEcho = 160

// echoWindow cuts a line longer than maxEcho to the part around rune
// column col, marking what it leaves out with …, and gives col in it.
func echoWindow(line string, col int) (string, int) {
	runes := []rune(line)
	if len(runes) <= maxEcho {
		return line, col
	}
	from := max(0, min(col-1-maxEcho/2, len(runes)-maxEcho))
	to := min(len(runes), from+maxEcho)
	out := string(runes[from:to])
	if to < len(runes) {
		out += "…"
	}
	if from > 0 {
		return "…" + out, col - from + 1
	}
	return out, col
}

// caretPad returns the white space that puts a caret under rune column col of
// line, keeping tabs, counting wide (CJK) characters as two cells and a
// control character as the cells visible writes it in.
func caretPad(line string, col int) string {
	var b strings.Builder
	i := 1
	for _, r := range line {
		if i >= col {
			break
		}
		switch {
		case isControlOrCR(r):
			b.WriteString(strings.Repeat(" ", len(quoteControl(r))))
		case r == '\t':
			b.WriteByte('\t')
		case isWide(r):
			b.WriteString("  ")
		default:
			b.WriteByte(' ')
		}
		i++
	}
	return b.String()
}

// isWide reports whether r takes two cells in a terminal (CJK ideographs,
// full-width forms and punctuation).
func isWide(r rune) bool {
	return (r >= 0x1100 && r <= 0x115F) || (r >= 0x2E80 && r <= 0xA4CF) ||
		(r >= 0xAC00 && r <= 0xD7A3) || (r >= 0xF900 && r <= 0xFAFF) ||
		(r >= 0xFE30 && r <= 0xFE4F) || (r >= 0xFF00 && r <= 0xFF60) ||
		(r >= 0xFFE0 && r <= 0xFFE6) ||
		(r >= 0x1F300 && r <= 0x1F64F) || (r >= 0x1F900 && r <= 0x1F9FF) || // emoji
		(r >= 0x20000 && r <= 0x3FFFD) // CJK extensions B on (错𬌗畸形)
}
