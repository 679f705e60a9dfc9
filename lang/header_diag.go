package lang

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// Slips the parser meets only after the token at fault, so that its own
// error stands elsewhere: diagnose tries them at the token parsing failed
// at, f, before anything else.

// headerCut reports an effective period without its "to" or end date,
// pointed at the end of its line (the parser fails at the next line's
// "}" or "source"), and the parts of a source out of their order (title,
// by, number, year, url), at the part.
func (d *diagnosis) headerCut(f int) *Error {
	if f <= 0 {
		return nil
	}
	// The statement the token before the failing one belongs to, or the
	// failing one's own, where the parser backed out of the whole
	// statement to its first token.
	for _, st := range []int{d.lineStart(f - 1), d.lineStart(f)} {
		if e := d.effectiveCut(st); e != nil {
			return e
		}
	}
	st := d.lineStart(f - 1)
	if d.toks[st].Value != "source" || d.toks[f].Pos.Line != d.toks[st].Pos.Line {
		return nil
	}
	order := []string{"by", "number", "year", "url"}
	at := slices.Index(order, d.toks[f].Value)
	if at < 0 {
		return nil
	}
	for k := st + 1; k < f; k++ {
		if slices.Index(order, d.toks[k].Value) > at {
			form := formSource
			if d.toks[st].Type == keywordToken {
				form = zhForm(form)
			}
			return &Error{Pos: position(d.toks[f].Pos), Code: CodeParse,
				Msg:  fmt.Sprintf("%q goes before %q in source: its parts go title, by, number, year, url", d.word(d.toks[f]), d.word(d.toks[k])),
				Hint: "write: " + form}
		}
	}
	return nil
}

// lineStart is the first token on token i's line.
func (d *diagnosis) lineStart(i int) int {
	for i > 0 && d.toks[i-1].Pos.Line == d.toks[i].Pos.Line {
		i--
	}
	return i
}

// effectiveCut reports an effective period, starting at token st, whose
// line ends before its "to" or its end date: at the end of the line.
func (d *diagnosis) effectiveCut(st int) *Error {
	if d.toks[st].Value != "effective" {
		return nil
	}
	last := st
	for last+1 < len(d.toks) && d.toks[last+1].Pos.Line == d.toks[st].Pos.Line && !d.toks[last+1].EOF() {
		last++
	}
	line := d.toks[st : last+1]
	zh := d.toks[st].Type == keywordToken
	to, form := "to", "effective 2025-01-01 to 2025-12-31"
	if zh {
		to, form = "至", "有效期 2025-01-01 至 2025-12-31"
	}
	var msg string
	switch {
	case len(line) == 2 && line[1].Type == dateToken:
		msg = fmt.Sprintf(`expected %q and the last day after %s, found the end of the line`, to, line[1].Value)
	case len(line) == 3 && line[1].Type == dateToken && line[2].Value == "to":
		msg = fmt.Sprintf(`expected the last day after %q, found the end of the line`, d.word(line[2]))
	default:
		return nil
	}
	t := d.toks[last]
	end := Pos{File: t.Pos.Filename, Line: t.Pos.Line, Col: t.Pos.Column + utf8.RuneCountInString(d.word(t))}
	return &Error{Pos: end, Code: CodeParse, Msg: msg, Hint: "write: " + form}
}

// keywordOperand reports a Chinese keyword written as an operand (a +
// 起付线): the parser backs out of the expression and fails at the
// operator, where the mistake is the keyword after it, taken for a name.
func (d *diagnosis) keywordOperand(f int) *Error {
	op := d.toks[f]
	if op.EOF() || f+1 >= len(d.toks) || !strings.Contains("+-*/×", op.Value) {
		return nil
	}
	next := d.toks[f+1]
	if next.Type != keywordToken || next.Pos.Line != op.Pos.Line {
		return nil
	}
	word := d.word(next)
	return &Error{Pos: position(next.Pos), Code: CodeParse,
		Msg:  fmt.Sprintf("expected a value after %q, found keyword %q (%s)", op.Value, word, strings.Join(zhKeywords[word], " ")),
		Hint: "Chinese keywords are reserved, as names too; name the parameter otherwise, e.g. 住院" + word}
}
