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

// FormatLost formats as Format does, and reports whether the printer lost
// its place in the source, printing a word that was not the source's next:
// then a comment may have come out away from the token it followed.
func FormatLost(filename string, src []byte, opt FormatOptions) ([]byte, bool, error) {
	return format(filename, src, opt)
}
