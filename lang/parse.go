package lang

import (
	"bytes"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// Limits on a source file, checked before parsing: a policy is data from
// outside.
const (
	MaxFileBytes = 1 << 20 // 1 MiB
	MaxDepth     = 64      // nesting of brackets and braces
)

// mplLexer tokenises MPL. Order matters: dates and money before plain
// numbers, multi-character operators before single ones. Number tokens are
// unsigned so that `x-1` lexes as three tokens.
var mplLexer = bilingualLexer{inner: simpleLexer}

// simpleLexer is the lexer proper; mplLexer adds the Chinese keywords.
var simpleLexer = lexer.MustSimple([]lexer.SimpleRule{
	{Name: "Comment", Pattern: `//[^\n]*`},
	{Name: "Whitespace", Pattern: `[ \t\r\n\x{3000}]+`},
	{Name: "Date", Pattern: `\d{4}-\d{2}-\d{2}`},
	{Name: "Money", Pattern: `[¥￥]\d+(\.\d+)?|\d+(\.\d+)?[ \t]*元`},
	{Name: "Percent", Pattern: `\d+(\.\d+)?%`},
	{Name: "Number", Pattern: `\d+(\.\d+)?`},
	{Name: "String", Pattern: `"(\\.|[^"\\\n])*"`},
	{Name: "Range", Pattern: `\.\.`},
	{Name: "Op", Pattern: `==|!=|<=|>=|[-+*/×<>=:,|{}\[\]()]`},
	{Name: "Ident", Pattern: `[\p{L}_][\p{L}\p{N}_]*`},
	// Stray is any other character, one at a time. The lexer never fails,
	// so the parser reports the first mistake in the file, whether it is
	// a stray character or a misplaced token (participle lexes the whole
	// file before parsing, and a lexer error would hide an earlier one).
	{Name: "Stray", Pattern: `.`},
})

// strayToken is the token type of a Stray character.
var strayToken = simpleLexer.Symbols()["Stray"]

// parserOptions build the file's parser, and the parsers of single
// statements that diagnose uses.
var parserOptions = []participle.Option{
	participle.Lexer(mplLexer),
	participle.Elide("Comment", "Whitespace"),
	participle.Unquote("String"),
	participle.UseLookahead(2),
}

// fileParser is the parser of a file, built once. Building it takes a few
// milliseconds at a program's start (participle reflects over the grammar's
// types), so init starts it on a goroutine of its own: it is built on
// another core while the rest of the program starts, and the first Parse
// waits for it only if it is not done.
var fileParser = sync.OnceValue(func() *participle.Parser[File] {
	return participle.MustBuild[File](parserOptions...)
})

func init() { go fileParser() }

// TrimBOM drops the byte order mark a Windows editor may save at the start
// of a file: no part of the policy, it would be an unexpected character no
// one can see. Parse and Format read past one; the Loader drops it as it
// reads a file, so that the lines it shows with errors are the policy's.
func TrimBOM(src []byte) []byte {
	return bytes.TrimPrefix(src, []byte("\ufeff"))
}

// Parse parses one MPL file, a byte order mark at its start read past.
// Errors carry positions and code CodeParse (or CodeLimit for a file over
// the limits).
func Parse(filename string, src []byte) (*File, error) {
	src = TrimBOM(src)
	if len(src) > MaxFileBytes {
		return nil, &Error{Pos: Pos{File: filename}, Code: CodeLimit,
			Msg: fmt.Sprintf("file is %d bytes; the limit is %d", len(src), MaxFileBytes)}
	}
	if !utf8.Valid(src) {
		return nil, notUTF8(filename, src)
	}
	if err := checkText(filename, src); err != nil {
		return nil, err
	}
	fp := fileParser()
	lex, err := fp.Lexer().Lex(filename, bytes.NewReader(src))
	if err != nil {
		return nil, parseError(filename, src, err)
	}
	// The parser's own tokens pass the watch on their way in, so that the
	// file is lexed once.
	watch := &glueWatch{Lexer: lex}
	peek, err := lexer.Upgrade(watch, elidedTypes...)
	if err != nil {
		return nil, parseError(filename, src, err)
	}
	f, err := fp.ParseFromLexer(peek)
	if err != nil {
		return nil, parseError(filename, src, err)
	}
	if watch.glued != nil {
		return nil, watch.glued
	}
	return f, nil
}

// elidedTypes are the token types the parser passes over, as
// parserOptions elide them.
var elidedTypes = []lexer.TokenType{mplLexer.Symbols()["Comment"], mplLexer.Symbols()["Whitespace"]}

// glueWatch passes a file's tokens on and notes the first name written
// straight after a number, with no space between: a letter typed into a
// code (12O3, letter O for zero) reads as the code 12 and a label O3 of its
// own, which an enum takes without a word, changing whom the policy
// covers. A keyword may follow a number so (90%否则85%, as Chinese is
// written without spaces); a Chinese unit (40万) is diagnosed where the
// grammar fails on it. Parse reports it when the file parses.
type glueWatch struct {
	lexer.Lexer
	prev  lexer.Token // the last token not elided
	glued *Error
}

func (g *glueWatch) Next() (lexer.Token, error) {
	t, err := g.Lexer.Next()
	if err != nil || elided[t.Type] {
		return t, err
	}
	prev := g.prev
	g.prev = t
	numeric := prev.Type == numberToken || prev.Type == moneyToken && !strings.HasSuffix(prev.Value, "元") || prev.Type == percentToken || prev.Type == dateToken
	if g.glued == nil && t.Type == identToken && !englishKeywords[t.Value] && numeric && prev.Pos.Offset+len(prev.Value) == t.Pos.Offset {
		g.glued = &Error{Pos: position(t.Pos), Code: CodeParse,
			Msg:  fmt.Sprintf("%q follows %s with no space between", t.Value, prev.Value),
			Hint: fmt.Sprintf("a code or an amount is digits; put a space or a comma before %q if it is a name, or correct the figure (a letter O for a zero?)", t.Value)}
	}
	return t, nil
}

// notUTF8 is the error for a file that is not valid UTF-8, at its first
// byte that is not, with a hint for the usual cause.
func notUTF8(filename string, src []byte) *Error {
	pos := Pos{File: filename, Line: 1, Col: 1}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			break
		}
		if r == '\n' {
			pos.Line, pos.Col = pos.Line+1, 1
		} else {
			pos.Col++
		}
		i += size
	}
	e := &Error{Pos: pos, Code: CodeParse, Msg: "the file is not valid UTF-8 here",
		Hint: "MPL files are UTF-8; if it was saved as GBK, convert it (iconv -f GBK -t UTF-8)"}
	if bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}) || bytes.IndexByte(src, 0) >= 0 {
		e.Hint = utf16Hint
	}
	return e
}

// checkText goes once through the text before participle does: it
// rejects bracket nesting deeper than MaxDepth before participle recurses
// into it, control characters outside comments (in a string, written or
// as an escape, they would reach the terminal in messages and in mpl
// explain: ESC starts colours and window titles), the characters that
// change the order text shows in, anywhere (see isBidi), and a carriage return
// that does not end a line with a line feed.
func checkText(filename string, src []byte) error {
	depth, line, col := 0, 1, 0
	inString, inComment, escaped := false, false, false
	at := func() Pos { return Pos{File: filename, Line: line, Col: col} }
	for i, r := range string(src) {
		col++
		if r == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			return bareCR(at(), src)
		}
		if isControl(r) && !inComment {
			return controlError(at(), r, src)
		}
		if isBidi(r) {
			return bidiError(at(), r)
		}
		switch {
		case r == '\n':
			line, col, inComment, inString = line+1, 0, false, false
		case inComment:
		case inString:
			switch {
			case escaped:
				escaped = false
				v, _, _, err := strconv.UnquoteChar(string(src[i-1:]), '"')
				switch {
				case err != nil:
				case isControl(v):
					e := controlError(Pos{File: filename, Line: line, Col: col - 1}, v, src)
					e.Msg = fmt.Sprintf("the escape %s in this string is a control character", quoteControl(v))
					return e
				case isBidi(v):
					e := bidiError(Pos{File: filename, Line: line, Col: col - 1}, v)
					e.Msg = fmt.Sprintf("the escape %s in this string is a bidirectional control character", quoteControl(v))
					return e
				}
			case r == '\\':
				escaped = true
			case r == '"':
				inString = false
			}
		case r == '"':
			inString = true
		case r == '/' && i+1 < len(src) && src[i+1] == '/':
			inComment = true
		case r == '(' || r == '[' || r == '{':
			depth++
			if depth > MaxDepth {
				return &Error{Pos: at(), Code: CodeLimit,
					Msg: fmt.Sprintf("nesting deeper than %d", MaxDepth)}
			}
		case r == ')' || r == ']' || r == '}':
			depth--
		}
	}
	return nil
}

// isControl reports whether r is a control character a policy may not
// hold outside a comment: C0 but tab and the line ends, DEL, and C1.
func isControl(r rune) bool {
	return r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0x7f && r <= 0x9f
}

// isBidi reports whether r is one of the characters that embed, override
// or isolate a run of text in another direction (U+202A–U+202E,
// U+2066–U+2069). An editor then shows the text in another order than
// the checker reads it: in a comment or a string it can make a rule look
// other than it is ("Trojan Source"). A policy holds none, comments
// included.
func isBidi(r rune) bool {
	return r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
}

// bidiError is the error for bidirectional control character r at pos.
func bidiError(pos Pos, r rune) *Error {
	return &Error{Pos: pos, Code: CodeParse,
		Msg:  fmt.Sprintf("bidirectional control character %s: a policy holds none, comments included", quoteControl(r)),
		Hint: "it makes an editor show the text around it in another order than mpl reads it: delete it"}
}

// quoteControl writes a control character visibly: \x1b, \u0085.
func quoteControl(r rune) string {
	if r < 0x80 {
		return fmt.Sprintf(`\x%02x`, r)
	}
	return fmt.Sprintf(`\u%04x`, r)
}

// controlError is the error for control character r at pos. A NUL is the
// mark of UTF-16 text, whose ASCII characters each have a zero byte.
func controlError(pos Pos, r rune, src []byte) *Error {
	e := &Error{Pos: pos, Code: CodeParse,
		Msg:  fmt.Sprintf("control character %s: a policy holds none outside comments", quoteControl(r)),
		Hint: "a terminal acts on control characters (ESC starts colours and window titles): delete it"}
	if r == 0 {
		e.Msg = "NUL byte (\\x00): a policy holds none"
		e.Hint = utf16Hint
	}
	return e
}

// utf16Hint is the hint for a file that looks like UTF-16.
const utf16Hint = "MPL files are UTF-8 and this one looks like UTF-16 (a UTF-16 byte order mark, or a zero byte beside each ASCII character); convert it (iconv -f UTF-16 -t UTF-8)"

// bareCR is the error for a carriage return at pos that no line feed
// follows: a file saved with the line ends of classic Mac OS, which is
// one long line to MPL, or a CR within a line, which makes a terminal
// write the rest of the line over its start.
func bareCR(pos Pos, src []byte) *Error {
	if !bytes.Contains(src, []byte("\n")) {
		return &Error{Pos: pos, Code: CodeParse,
			Msg:  "the lines of this file end in a carriage return (CR) alone, as classic Mac OS wrote them; MPL lines end in LF or CRLF",
			Hint: `convert the line ends: tr '\r' '\n' < old.mpl > new.mpl`}
	}
	return &Error{Pos: pos, Code: CodeParse,
		Msg:  "a carriage return (CR) that does not end the line: MPL lines end in LF or CRLF",
		Hint: "delete it"}
}

// parseError wraps participle's error in ours: its wording changes between
// versions, ours must not.
func parseError(filename string, src []byte, err error) error {
	var perr participle.Error
	if !errors.As(err, &perr) {
		return &Error{Pos: Pos{File: filename}, Code: CodeParse, Msg: err.Error()}
	}
	p := perr.Position()
	msg := perr.Message()
	var ut *participle.UnexpectedTokenError
	if errors.As(err, &ut) && ut.Unexpected.Type != strayToken {
		// A stray character on the line where parsing gave up is the
		// likelier mistake: participle may give up at the start of the
		// item the character breaks (`insutype： 310`).
		if stray, ok := firstStray(filename, src); ok && stray.Pos.Line == p.Line && stray.Pos.Offset > p.Offset {
			ut = &participle.UnexpectedTokenError{Unexpected: stray}
			p = stray.Pos
		}
	}
	if e := blockCommentAround(filename, src, p.Offset); e != nil {
		return e
	}
	inStatement := false
	if ut != nil && ut.Unexpected.Type != strayToken {
		diag, fail := diagnose(filename, src, ut.Unexpected)
		if diag != nil {
			return diag
		}
		if fail.tok != ut.Unexpected {
			ut = &participle.UnexpectedTokenError{Unexpected: fail.tok}
			p = fail.tok.Pos
		}
		inStatement = fail.statement
	}
	if ut != nil {
		msg = "unexpected " + describeToken(ut.Unexpected)
		if ut.Expect != "" {
			msg += ", expected " + ut.Expect
		}
	}
	e := &Error{Pos: Pos{File: filename, Line: p.Line, Col: p.Column}, Code: CodeParse, Msg: msg}
	if ut != nil && ut.Unexpected.EOF() && onlyComments(filename, src) {
		e.Msg = "the file holds no policy, only blanks and comments"
		e.Hint = `a policy file starts with its header: policy "某市职工基本医疗保险（2025）" { insutype 310 … }`
		return e
	}
	if ut != nil && ut.Unexpected.Type == strayToken {
		r, _ := utf8.DecodeRuneInString(ut.Unexpected.Value)
		e.Msg = fmt.Sprintf("unexpected character %q", r)
		if ascii, ok := fullWidth[r]; ok {
			e.Hint = fmt.Sprintf("%q is the full-width form; write %q", r, ascii)
		}
		if digits := fullWidthDigitsAt(src, p.Offset); digits != "" {
			// ¥３００: the ¥ is stray only for the digits after it, and
			// the first of them is what the author must change.
			e.Hint = fmt.Sprintf("%q are full-width digits; write %q", digits, asciiDigits(digits))
			if first, _ := utf8.DecodeRuneInString(digits); first != r {
				e.Msg = fmt.Sprintf("unexpected character %q", first)
				e.Pos.Col++
			}
		}
		if (r == '（' || r == '｛') && braceWanted(filename, src, p.Offset) {
			e.Hint = tableBraceHint
		}
		if h := rangeHint(src, p.Offset, r); h != "" {
			e.Hint = h
		}
		if h := negativeMoneyHint(src, p.Offset, r); h != "" {
			e.Hint = h
		}
		if r == '"' {
			e.Msg = "unterminated string"
			e.Hint = `a string ends with " on the line it starts on`
		}
	}
	if ut != nil && ut.Unexpected.Type != strayToken && e.Hint == "" {
		switch v := strings.TrimSpace(ut.Unexpected.Value); {
		case v == "=":
			e.Hint = "to compare two values, write == (= only replaces a ratio: adjust = 50%)"
		case v == "元" && p.Offset > 0 && isDigit(rune(src[p.Offset-1])):
			e.Hint = "an amount is written with ¥ before it or 元 after it, not both"
		case isWord(v) && misspeltBefore(src, p.Offset) != "":
			// iff age > 60: the word before is the misspelt keyword, read
			// as a name; the grammar stopped only at the one after it.
			// The error stands at the word.
			w, start := wordBefore(src, p.Offset)
			e.Pos.Col -= utf8.RuneCount(src[start:p.Offset])
			e.Msg = fmt.Sprintf("unexpected %q before %q", w, v)
			e.Hint = fmt.Sprintf("did you mean the keyword %q?", misspeltBefore(src, p.Offset))
		case isWord(v) && utf8.RuneCountInString(v) > 1 && !isFieldName(v):
			// A word of one character is near every keyword of one (x
			// and 且), and a claim field is no misspelt keyword (age is
			// not all).
			if k := Suggest(v, keywordWords()); k != "" && k != v {
				e.Hint = fmt.Sprintf("did you mean the keyword %q?", k)
			}
		}
	}
	if word := chineseKeywordAt(src, p.Offset); word != "" && !inStatement {
		if operandBefore(src, p.Offset) {
			e.Msg = fmt.Sprintf("unexpected %q: it is a keyword (%s), not a name", word, strings.Join(zhKeywords[word], " "))
			e.Hint = "Chinese keywords are reserved; choose a longer name, e.g. 住院" + word
		} else {
			// Where no name is wanted (insutype 310 报销比例, a benefit's
			// line starting 如果), the keyword is out of place, not a name.
			e.Msg = fmt.Sprintf("unexpected keyword %q (%s)", word, strings.Join(zhKeywords[word], " "))
			e.Hint = ""
		}
	}
	return e
}

// wordBefore is the word (letters, digits, _) that ends just before
// offset on its line, spaces between allowed, and where it starts; "" when
// something else stands there.
func wordBefore(src []byte, offset int) (word string, start int) {
	end := offset
	for end > 0 && (src[end-1] == ' ' || src[end-1] == '\t') {
		end--
	}
	start = end
	for start > 0 {
		r, size := utf8.DecodeLastRune(src[:start])
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
			break
		}
		start -= size
	}
	return string(src[start:end]), start
}

// misspeltBefore is the keyword meant by the word just before offset on
// its line, when that word stands apart from offset and is one edit from
// a keyword, and no keyword, claim field or word of one character itself
// (iff, 如过); "" otherwise.
func misspeltBefore(src []byte, offset int) string {
	w, start := wordBefore(src, offset)
	if start+len(w) == offset || utf8.RuneCountInString(w) < 2 || englishKeywords[w] || zhKeywords[w] != nil || isFieldName(w) {
		return ""
	}
	// One edit only: a name of the policy's own two edits from a keyword
	// (住院比例, 报销比例) is likelier than a keyword misspelt twice.
	if k := Suggest(w, keywordWords()); k != "" && k != w && editDistance(w, k) == 1 {
		return k
	}
	return ""
}

// operandBefore reports whether what stands just before offset on its
// line asks for a value or name next: an operator, an opening bracket, a
// comma, =, or a keyword that a name follows (in, limit, pool).
func operandBefore(src []byte, offset int) bool {
	end := offset
	for end > 0 && (src[end-1] == ' ' || src[end-1] == '\t') {
		end--
	}
	if end == 0 || src[end-1] == '\n' {
		return false
	}
	if strings.ContainsRune("=+-*/<>([{,:", rune(src[end-1])) || bytes.HasSuffix(src[:end], []byte("×")) {
		return true
	}
	w, _ := wordBefore(src, end)
	if en, ok := zhKeywords[w]; ok && len(en) > 0 {
		w = en[len(en)-1]
	}
	return w == "in" || w == "limit" || w == "pool" || w == "then" || w == "else" || w == "when" || w == "ratio" || w == "deductible" || w == "cap"
}

// onlyComments reports whether src holds nothing but blanks and comments.
func onlyComments(filename string, src []byte) bool {
	lex, err := mplLexer.Lex(filename, bytes.NewReader(src))
	if err != nil {
		return false
	}
	for {
		t, err := lex.Next()
		if err != nil {
			return false
		}
		if t.EOF() {
			return true
		}
		if !elided[t.Type] {
			return false
		}
	}
}

// isFieldName reports whether v names a claim field.
func isFieldName(v string) bool {
	_, ok := fieldByName(v)
	return ok
}

// isWord reports whether a token is a word, which may be a misspelt
// keyword; a comma one edit from 且 is not.
func isWord(v string) bool {
	r, _ := utf8.DecodeRuneInString(v)
	return unicode.IsLetter(r)
}

// keywordWords lists the keywords, English and Chinese, for "did you
// mean" on a word the grammar did not expect (deductable, 报销比列).
func keywordWords() []string {
	seen := map[string]bool{}
	var words []string
	for zh, en := range zhKeywords {
		for _, w := range append([]string{zh}, en...) {
			if !seen[w] {
				seen[w] = true
				words = append(words, w)
			}
		}
	}
	slices.Sort(words) // the same suggestion every run
	return words
}

// firstStray returns the file's first Stray token, if it has one.
func firstStray(filename string, src []byte) (lexer.Token, bool) {
	lex, err := mplLexer.Lex(filename, bytes.NewReader(src))
	if err != nil {
		return lexer.Token{}, false
	}
	for {
		t, err := lex.Next()
		if err != nil || t.EOF() {
			return lexer.Token{}, false
		}
		if t.Type == strayToken {
			return t, true
		}
	}
}

// fullWidth maps the full-width punctuation a Chinese input method types to
// the ASCII that MPL's grammar uses.
var fullWidth = map[rune]string{
	'：': ":", '，': ",", '（': "(", '）': ")", '【': "[", '】': "]", '［': "[", '］': "]",
	'｛': "{", '｝': "}", '＝': "=", '＋': "+", '－': "-", '＊': "*", '／': "/", '＜': "<", '＞': ">",
	'＂': `"`, '“': `"`, '”': `"`, '．': ".", '％': "%", '！': "!", '｜': "|", '；': "; (MPL needs none: one item per line)",
}

// rangeDashes are the marks notices write between two amounts of a range
// (20000～100000), where MPL writes "..".
var rangeDashes = map[rune]bool{'～': true, '~': true, '〜': true, '—': true, '–': true, '－': true}

// rangeHint is the hint for a stray character r at offset that stands in
// a range of amounts, a band's FROM..TO: a dash of a notice's between
// two digits, 。。, or a third dot (20000...100000); "" where it does not.
func rangeHint(src []byte, offset int, r rune) string {
	before, _ := utf8.DecodeLastRune(src[:offset])
	after, _ := utf8.DecodeRune(src[offset+utf8.RuneLen(r):])
	switch {
	case rangeDashes[r] && isDigit(before) && isDigit(after):
		return fmt.Sprintf("a range of amounts runs FROM..TO: write \"..\" for %q", r)
	case r == '。' && after == '。':
		return `a range of amounts runs FROM..TO: write ".." for "。。"`
	case r == '.' && bytes.HasSuffix(src[:offset], []byte("..")):
		return "a range of amounts runs FROM..TO, with two dots"
	}
	return ""
}

func isDigit(r rune) bool { return r >= '0' && r <= '9' }

// fullWidthDigitsAt returns the full-width digits (０–９) at a stray
// character's offset, or just past it (¥３００), or "".
func fullWidthDigitsAt(src []byte, offset int) string {
	if offset < 0 || offset >= len(src) {
		return ""
	}
	rest := src[offset:]
	if r, size := utf8.DecodeRune(rest); !isFullWidthDigit(r) {
		rest = rest[size:]
	}
	end := 0
	for end < len(rest) {
		r, size := utf8.DecodeRune(rest[end:])
		if !isFullWidthDigit(r) && !(end > 0 && (r == '．' || r == '.')) {
			break
		}
		end += size
	}
	return string(rest[:end])
}

func isFullWidthDigit(r rune) bool { return r >= '０' && r <= '９' }

// asciiDigits writes full-width digits and points in ASCII.
func asciiDigits(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case isFullWidthDigit(r):
			return '0' + r - '０'
		case r == '．':
			return '.'
		}
		return r
	}, s)
}

// chineseKeywordAt returns the Chinese keyword that the source holds at a
// byte offset, if a whole one does.
func chineseKeywordAt(src []byte, offset int) string {
	if offset < 0 || offset >= len(src) {
		return ""
	}
	end := offset
	for end < len(src) {
		r, size := utf8.DecodeRune(src[end:])
		if !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == '_') {
			break
		}
		end += size
	}
	word := string(src[offset:end])
	if IsChineseKeyword(word) {
		return word
	}
	return ""
}

func describeToken(t lexer.Token) string {
	if t.EOF() {
		return "end of file"
	}
	return fmt.Sprintf("%q", strings.TrimSpace(t.Value))
}

// position converts participle's position to ours.
func position(p lexer.Position) Pos {
	return Pos{File: p.Filename, Line: p.Line, Col: p.Column}
}

// negativeMoneyHint is the hint for a ¥ at offset of src followed by a
// minus sign and a digit (¥-500): the sign goes before the ¥, where the
// lexer reads it as an operator; "" for any other character.
func negativeMoneyHint(src []byte, offset int, r rune) string {
	if r != '¥' && r != '￥' {
		return ""
	}
	rest := bytes.TrimLeft(src[offset+utf8.RuneLen(r):], " \t")
	if len(rest) < 2 || rest[0] != '-' || rest[1] < '0' || rest[1] > '9' {
		return ""
	}
	end := 1
	for end < len(rest) && (rest[end] >= '0' && rest[end] <= '9' || rest[end] == '.') {
		end++
	}
	return fmt.Sprintf("the minus sign goes before the %c: write -%c%s", r, r, rest[1:end])
}
