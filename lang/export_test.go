package lang

import (
	"bytes"

	"github.com/alecthomas/participle/v2/lexer"
)

// Tokens lexes src as the parser does, Chinese keywords as their English
// tokens, and returns every token but whitespace, comments included.
func Tokens(src []byte) ([]lexer.Token, error) {
	l, err := mplLexer.Lex("t.mpl", bytes.NewReader(TrimBOM(src)))
	if err != nil {
		return nil, err
	}
	space := mplLexer.Symbols()["Whitespace"]
	var out []lexer.Token
	for {
		t, err := l.Next()
		if err != nil {
			return nil, err
		}
		if t.EOF() {
			return out, nil
		}
		if t.Type != space {
			out = append(out, t)
		}
	}
}

// IsComment reports whether t is a comment.
func IsComment(t lexer.Token) bool { return t.Type == mplLexer.Symbols()["Comment"] }
