package lang

import (
	"bytes"
	"fmt"
	"slices"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// headerSlip reports two mistakes in a header line that the parser meets
// only at the next line or the next part, where its own error would stand
// (unexpected "}", unexpected "source"): an effective period without its
// "to" or end date, pointed at the end of its line; and the parts of a
// source out of their order (title, by, number, year, url). fail is the
// token parsing failed at; nil when neither applies.
func headerSlip(filename string, src []byte, fail lexer.Token) *Error {
	lex, err := mplLexer.Lex(filename, bytes.NewReader(src))
	if err != nil {
		return nil
	}
	var toks []lexer.Token
	p := -1
	for {
		t, err := lex.Next()
		if err != nil {
			return nil
		}
		if elided[t.Type] {
			continue
		}
		if t.Pos.Offset == fail.Pos.Offset && p < 0 {
			p = len(toks)
		}
		toks = append(toks, t)
		if t.EOF() {
			break
		}
	}
	if p <= 0 {
		return nil
	}
	// The statement the token before the failing one belongs to (the first
	// token on its line), or the failing one's own, where the parser backed
	// out of the whole statement to its first token.
	lineStart := func(i int) int {
		for i > 0 && toks[i-1].Pos.Line == toks[i].Pos.Line {
			i--
		}
		return i
	}
	for _, st := range []int{lineStart(p - 1), lineStart(p)} {
		if e := effectiveCut(filename, src, toks, st); e != nil {
			return e
		}
	}
	st := lineStart(p - 1)
	zh := toks[st].Type == keywordToken
	if toks[st].Value == "source" {
		order := []string{"by", "number", "year", "url"}
		at := slices.Index(order, toks[p].Value)
		if at < 0 || toks[p].Pos.Line != toks[st].Pos.Line {
			return nil
		}
		for k := st + 1; k < p; k++ {
			if before := slices.Index(order, toks[k].Value); before > at {
				form := formSource
				if zh {
					form = zhForm(form)
				}
				return &Error{Pos: position(toks[p].Pos), Code: CodeParse,
					Msg:  fmt.Sprintf("%q goes before %q in source: its parts go title, by, number, year, url", spelled(src, toks[p]), spelled(src, toks[k])),
					Hint: "write: " + form}
			}
		}
	}
	return nil
}

// effectiveCut reports an effective period, starting at token st, whose
// line ends before its "to" or its end date: at the end of the line.
func effectiveCut(filename string, src []byte, toks []lexer.Token, st int) *Error {
	if toks[st].Value != "effective" {
		return nil
	}
	last := st
	for last+1 < len(toks) && toks[last+1].Pos.Line == toks[st].Pos.Line && !toks[last+1].EOF() {
		last++
	}
	line := toks[st : last+1]
	to := "to"
	if toks[st].Type == keywordToken {
		to = "至"
	}
	var msg string
	switch {
	case len(line) == 2 && line[1].Type == dateToken:
		msg = fmt.Sprintf(`expected %q and the last day after %s, found the end of the line`, to, line[1].Value)
	case len(line) == 3 && line[1].Type == dateToken && line[2].Value == "to":
		msg = fmt.Sprintf(`expected the last day after %q, found the end of the line`, spelled(src, line[2]))
	default:
		return nil
	}
	form := "effective 2025-01-01 to 2025-12-31"
	if toks[st].Type == keywordToken {
		form = "有效期 2025-01-01 至 2025-12-31"
	}
	end := Pos{File: filename, Line: toks[last].Pos.Line, Col: toks[last].Pos.Column + utf8.RuneCountInString(spelled(src, toks[last]))}
	return &Error{Pos: end, Code: CodeParse, Msg: msg, Hint: "write: " + form}
}

// spelled is a token as the author wrote it: a Chinese keyword in
// Chinese.
func spelled(src []byte, t lexer.Token) string {
	if t.Type == keywordToken {
		if w := chineseKeywordAt(src, t.Pos.Offset); w != "" {
			return w
		}
	}
	return t.Value
}
