package lang

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
	"github.com/shopspring/decimal"
)

// A parse error explained in an author's words. Participle reports where it
// gave up, which inside a block is often the start of the statement that
// failed (it backtracks out of it), or the next block's keyword when a "}"
// is missing. diagnose looks again at the tokens: it tracks the open
// blocks, parses the failed statement alone to find the token it really
// failed at, and reads that token against the slots of the grammar
// (slots.go). It runs only on the error path.

// Token types of mplLexer that diagnosis tells apart.
var (
	identToken   = mplLexer.Symbols()["Ident"]
	keywordToken = mplLexer.Symbols()["Keyword"]
	moneyToken   = mplLexer.Symbols()["Money"]
	numberToken  = mplLexer.Symbols()["Number"]
	stringToken  = mplLexer.Symbols()["String"]
	percentToken = mplLexer.Symbols()["Percent"]
	dateToken    = mplLexer.Symbols()["Date"]
	elided       = map[lexer.TokenType]bool{
		mplLexer.Symbols()["Comment"]:    true,
		mplLexer.Symbols()["Whitespace"]: true,
	}
)

// englishKeywords are the words of the grammar's literals. The lexer gives
// them as names (they are keywords only where the grammar expects one), so
// diagnosis tells them by their spelling.
var englishKeywords = func() map[string]bool {
	m := map[string]bool{}
	for zh, en := range zhKeywords {
		if !zhValues[zh] {
			for _, w := range en {
				m[w] = true
			}
		}
	}
	return m
}()

// openBlock is a block whose "{" the parser has read and whose "}" it has
// not.
type openBlock struct {
	kind  blockKind
	name  string         // as a message shows it: benefit "住院"
	pos   lexer.Position // of the keyword that opens it
	brace int            // index of its "{"
}

// diagnosis holds a file's tokens, comments and white space left out, the
// last one the end of file.
type diagnosis struct {
	src  []byte
	toks []lexer.Token
}

// failure is what diagnose makes of a parse error it cannot word better:
// the token parsing really failed at, and whether that token starts a
// statement of its block (a keyword where it belongs, not a name).
type failure struct {
	tok       lexer.Token
	statement bool
}

// diagnose explains a parse error that participle reported at token at. It
// returns an error when it can say more than "unexpected …", else the
// failure to word as such.
func diagnose(filename string, src []byte, at lexer.Token) (*Error, failure) {
	d, ok := newDiagnosis(filename, src)
	f := d.index(at, 0)
	if !ok || f < 0 {
		return nil, failure{tok: at}
	}
	for _, slip := range []func(int) *Error{d.headerCut, d.keywordOperand} {
		if e := slip(f); e != nil {
			return e, failure{}
		}
	}
	stack := d.blocksAt(f)
	if e := d.unclosed(f, stack); e != nil {
		return e, failure{}
	}
	p := d.failedAt(f, stack)
	for _, slip := range []func(int) *Error{d.blockComment, d.amountUnit, d.letterX, d.keywordInName, d.parenTable, d.capUnended(stack), d.bandDash, d.thousands} {
		if e := slip(p); e != nil {
			return e, failure{}
		}
	}
	// A keyword read as an operand is no slot's slip; an operator at the
	// end of a line is reported only when no slot says more (after the ","
	// of covers, "a kind of care").
	if e := d.unfinishedLine(p, stack, true); e != nil {
		return e, failure{}
	}
	if e := d.slip(p, stack); e != nil {
		return e, failure{}
	}
	if e := d.unfinishedLine(p, stack, false); e != nil {
		return e, failure{}
	}
	return nil, failure{tok: d.toks[p], statement: d.startsStatement(innermost(stack), p)}
}

func newDiagnosis(filename string, src []byte) (*diagnosis, bool) {
	d := &diagnosis{src: src}
	lex, err := mplLexer.Lex(filename, bytes.NewReader(src))
	if err != nil {
		return d, false
	}
	for {
		t, err := lex.Next()
		if err != nil {
			return d, false
		}
		if elided[t.Type] {
			continue
		}
		d.toks = append(d.toks, t)
		if t.EOF() {
			return d, true
		}
	}
}

// index finds token t among the tokens from index from on, or -1.
func (d *diagnosis) index(t lexer.Token, from int) int {
	for i := from; i < len(d.toks); i++ {
		u := d.toks[i]
		if u.Pos.Offset == t.Pos.Offset && (u.Value == t.Value || u.EOF() && t.EOF()) {
			return i
		}
	}
	return -1
}

func innermost(stack []openBlock) blockKind {
	if len(stack) == 0 {
		return blockFile
	}
	return stack[len(stack)-1].kind
}

// blocksAt returns the blocks open before token f, outermost first.
func (d *diagnosis) blocksAt(f int) []openBlock {
	var stack []openBlock
	for i := 0; i < f; i++ {
		switch t := d.toks[i]; {
		case t.Value == "{" && t.Type != keywordToken:
			stack = append(stack, d.opener(i, stack))
		case t.Value == "}" && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	return stack
}

// opener names the block that the "{" at index k opens.
func (d *diagnosis) opener(k int, outer []openBlock) openBlock {
	b := openBlock{kind: blockTable, name: `"{"`, pos: d.toks[k].Pos, brace: k}
	if len(outer) == 0 {
		// policy "p" {, benefit 住院 "普通住院" {, enum psn_type {, account {
		for j := k - 1; j >= 0 && j >= k-3; j-- {
			t := d.toks[j]
			if !d.isKeyword(t) {
				continue
			}
			named := func(kind blockKind) openBlock {
				b.kind, b.pos, b.name = kind, t.Pos, d.word(t)
				if j+1 < k {
					b.name += " " + quoteName(d.toks[j+1].Value)
				}
				return b
			}
			switch t.Value {
			case "policy", "library":
				return named(blockHeader)
			case "benefit":
				return named(blockBenefit)
			case "fund":
				return named(blockFund)
			case "enum":
				return named(blockEnum)
			case "account":
				return named(blockAccount)
			}
		}
		return b
	}
	// match a, b {   by a {   table by a {   bands {
	j := k - 1
	for j > 0 && (d.toks[j].Type == identToken && !englishKeywords[d.toks[j].Value] || d.toks[j].Value == ",") {
		j--
	}
	if j < 0 || !d.isKeyword(d.toks[j]) {
		return b
	}
	switch d.toks[j].Value {
	case "bands":
		b.kind, b.name = blockBands, d.word(d.toks[j])
	case "by", "match":
		if j > 0 && d.toks[j-1].Value == "table" {
			j--
		}
		b.name = "table " + quoteName(d.text(j, k))
	default:
		return b
	}
	b.pos = d.toks[j].Pos
	return b
}

// quoteName quotes a name; a title is quoted already.
func quoteName(s string) string {
	if strings.HasPrefix(s, `"`) {
		return s
	}
	return `"` + s + `"`
}

// text is the source of tokens i to j (not included), one space between
// words.
func (d *diagnosis) text(i, j int) string {
	var b strings.Builder
	for n := i; n < j; n++ {
		t := d.toks[n]
		if n > i && t.Pos.Offset == d.toks[n-1].Pos.Offset {
			continue // the second word of 按次
		}
		if n > i && t.Value != "," {
			b.WriteByte(' ')
		}
		b.WriteString(d.word(t))
	}
	return b.String()
}

// isKeyword reports whether a token is a keyword: a Chinese one, or an
// English word of the grammar's literals.
func (d *diagnosis) isKeyword(t lexer.Token) bool {
	return t.Type == keywordToken || t.Type == identToken && englishKeywords[t.Value]
}

// word is a token as the source spells it: 每年 where the parser sees per.
func (d *diagnosis) word(t lexer.Token) string {
	if t.Type == keywordToken {
		if w := chineseKeywordAt(d.src, t.Pos.Offset); w != "" {
			return w
		}
	}
	return strings.TrimSpace(t.Value)
}

// show quotes a keyword for a message, with its English for a Chinese one.
func (d *diagnosis) show(t lexer.Token) string {
	w := d.word(t)
	if t.Type == keywordToken {
		return fmt.Sprintf("%q (%s)", w, strings.Join(zhKeywords[w], " "))
	}
	return fmt.Sprintf("%q", w)
}

// firstOnLine reports whether token i starts its line, or follows the
// "{" of its block.
func (d *diagnosis) firstOnLine(i int) bool {
	return i == 0 || d.toks[i-1].Pos.Line != d.toks[i].Pos.Line || d.toks[i-1].Value == "{"
}

// startsStatement reports whether token i is a keyword that starts a
// statement of a block of the given kind.
func (d *diagnosis) startsStatement(kind blockKind, i int) bool {
	t := d.toks[i]
	if !d.isKeyword(t) || !statements[kind][t.Value] {
		return false
	}
	if t.Value == "account" { // account { … } is a declaration, account all a header item
		brace := i+1 < len(d.toks) && d.toks[i+1].Value == "{"
		return brace == (kind == blockFile)
	}
	return true
}

// unclosed reports a block left open: the parser met the end of the file,
// or a keyword at the start of a line that starts a statement of an outer
// block or a declaration, inside it.
func (d *diagnosis) unclosed(f int, stack []openBlock) *Error {
	if len(stack) == 0 {
		return nil
	}
	t := d.toks[f]
	before := "the end of the file"
	if !t.EOF() {
		if !d.firstOnLine(f) || d.startsStatement(innermost(stack), f) {
			return nil
		}
		outer := d.startsStatement(blockFile, f)
		for _, b := range stack[:len(stack)-1] {
			outer = outer || d.startsStatement(b.kind, f)
		}
		if !outer {
			return nil
		}
		before = fmt.Sprintf("%q on line %d", d.word(t), t.Pos.Line)
	}
	b := stack[len(stack)-1]
	last := d.toks[f-1]
	return &Error{
		Pos:  Pos{File: last.Pos.Filename, Line: last.Pos.Line, Col: last.Pos.Column + utf8.RuneCountInString(d.word(last))},
		Code: CodeParse,
		Msg:  fmt.Sprintf(`%s opened at %d:%d is not closed: "}" missing`, b.name, b.pos.Line, b.pos.Column),
		Hint: fmt.Sprintf(`add "}" here, before %s`, before),
	}
}

// itemParser parses one statement from a token stream and returns the
// position just after it.
type itemParser func(*lexer.PeekingLexer) (lexer.Position, error)

func buildItemParser[T any](end func(*T) lexer.Position) func() itemParser {
	return sync.OnceValue(func() itemParser {
		p := participle.MustBuild[T](parserOptions...)
		return func(lex *lexer.PeekingLexer) (lexer.Position, error) {
			v, err := p.ParseFromLexer(lex, participle.AllowTrailing(true))
			if err != nil {
				return lexer.Position{}, err
			}
			return end(v), nil
		}
	})
}

// itemParsers parse one statement of a block; built on first use, as only
// a file that fails to parse needs them.
var itemParsers = map[blockKind]func() itemParser{
	blockHeader:  buildItemParser(func(it *HeaderItem) lexer.Position { return it.EndPos }),
	blockBenefit: buildItemParser(func(it *BenefitItem) lexer.Position { return it.EndPos }),
	blockFund:    buildItemParser(func(it *FundItem) lexer.Position { return it.EndPos }),
	blockAccount: buildItemParser(func(it *AccountItem) lexer.Position { return it.EndPos }),
}

// failedAt returns the index of the token parsing really failed at:
// participle backtracks out of a statement that fails, and reports its
// first keyword, so the statement is parsed again alone. A statement that
// parses alone is followed by the token that failed, or by another
// statement on its line, parsed in turn.
func (d *diagnosis) failedAt(f int, stack []openBlock) int {
	build := itemParsers[innermost(stack)]
	if build == nil {
		return f
	}
	parse := build()
	i := f
	// A few statements at most: each parse reads the rest of the file.
	for n := 0; n < 8 && d.startsStatement(innermost(stack), i); n++ {
		end, err := parse(d.lexerFrom(i))
		if err != nil {
			var ut *participle.UnexpectedTokenError
			if errors.As(err, &ut) {
				if j := d.index(ut.Unexpected, i); j >= 0 {
					return j
				}
			}
			return i
		}
		j := i + 1
		for j < len(d.toks)-1 && d.toks[j].Pos.Offset < end.Offset {
			j++
		}
		if d.toks[j].Pos.Line != d.toks[i].Pos.Line {
			return j
		}
		i = j
	}
	return i
}

// lexerFrom gives the tokens from index i on to a parser.
func (d *diagnosis) lexerFrom(i int) *lexer.PeekingLexer {
	lex, err := lexer.Upgrade(&sliceLexer{toks: d.toks[i:]})
	if err != nil {
		panic(err) // sliceLexer never fails
	}
	return lex
}

// sliceLexer replays lexed tokens; the last is the end of file.
type sliceLexer struct{ toks []lexer.Token }

func (l *sliceLexer) Next() (lexer.Token, error) {
	t := l.toks[0]
	if len(l.toks) > 1 {
		l.toks = l.toks[1:]
	}
	return t, nil
}

// statementAt returns the index of the keyword that starts the statement
// token k is in: the nearest one before it that starts a line of its block.
func (d *diagnosis) statementAt(k int, stack []openBlock) int {
	lower := 0
	if len(stack) > 0 {
		lower = stack[len(stack)-1].brace + 1
	}
	for j := k; j >= lower; j-- {
		if d.firstOnLine(j) && d.startsStatement(innermost(stack), j) {
			return j
		}
	}
	return -1
}

// operandWanted are the tokens (as the parser sees them: "and" for 且)
// that want something after them: a line that ends with one is unfinished.
var operandWanted = map[string]bool{
	"and": true, "or": true, "not": true, "in": true, "if": true, "then": true, "else": true,
	"==": true, "!=": true, "<": true, "<=": true, ">": true, ">=": true,
	"+": true, "-": true, "*": true, "×": true, "/": true, "÷": true, ",": true, "(": true, "[": true,
}

// unfinishedLine reports a line that ends with an operator: `when
// psn_type == 退休 and` above `covers 普通住院`. The parser either takes the
// next line's keyword for the operand, as it may an English one, and
// fails after it (at 普通住院), or fails at the operator itself, which a
// Chinese keyword cannot follow as an operand. Either way the slip is the
// operator left at the end of the line, unless it opens a slot, whose
// words say more (the "," of covers wants "a kind of care"). p is the
// token parsing failed at; misread asks for the first case, else the
// second.
func (d *diagnosis) unfinishedLine(p int, stack []openBlock, misread bool) *Error {
	end := -1
	switch {
	case misread && p >= 2 && operandWanted[d.toks[p-2].Value] && d.firstOnLine(p-1) && d.toks[p-1].Type == identToken && englishKeywords[d.toks[p-1].Value]:
		if _, _, slot := d.slotAt(p-2, stack); slot {
			return nil
		}
		end = p - 2 // fails after the next line's keyword, read as a name
	case !misread && p+1 < len(d.toks) && operandWanted[d.toks[p].Value] && d.firstOnLine(p+1):
		end = p // fails at the operator
	default:
		return nil
	}
	t, next := d.toks[end], d.toks[end+1]
	if next.EOF() {
		return nil
	}
	w := d.word(t)
	return &Error{
		Pos:  Pos{File: t.Pos.Filename, Line: t.Pos.Line, Col: t.Pos.Column + utf8.RuneCountInString(w)},
		Code: CodeParse,
		Msg:  fmt.Sprintf("the line ends with %q, which wants something after it, not the next line's %q", w, d.word(next)),
		Hint: fmt.Sprintf("finish the expression after %q on this line, or remove %q", w, w),
	}
}

// slotAt returns the slot that token k opens, and the index of the keyword
// that starts its statement.
func (d *diagnosis) slotAt(k int, stack []openBlock) (slot, int, bool) {
	t := d.toks[k]
	if !d.isKeyword(t) && t.Value != "=" && t.Value != ":" && t.Value != "," {
		return slot{}, 0, false
	}
	st := d.statementAt(k, stack)
	if st < 0 {
		return slot{}, 0, false
	}
	s, ok := slots[slotKey{innermost(stack), d.toks[st].Value, t.Value}]
	return s, st, ok
}

// fitsAsKeyword reports whether keyword word may stand where it is as a
// keyword: one of the statement's own, or one that starts a statement.
func fitsAsKeyword(kind blockKind, statement, word string) bool {
	_, own := slots[slotKey{kind, statement, word}]
	return own || statements[kind][word] || statements[blockFile][word]
}

// slip reports a token where a statement wants something else, right after
// the keyword that opens a slot (the failed token, or the one after it when
// the parser stopped at the slot's keyword); or an English keyword that the
// parser took for a name in a slot, the token after it failing.
func (d *diagnosis) slip(p int, stack []openBlock) *Error {
	kind := innermost(stack)
	if p >= 2 {
		q := d.toks[p-1]
		if q.Type == identToken && englishKeywords[q.Value] {
			if s, st, ok := d.slotAt(p-2, stack); ok && s.choices == nil && fitsAsKeyword(kind, d.toks[st].Value, q.Value) {
				return d.slipError(p-1, p-2, st, s)
			}
		}
	}
	t := d.toks[p]
	if p == 0 {
		return nil
	}
	if s, st, ok := d.slotAt(p-1, stack); ok && !s.fits(t) {
		return d.slipError(p, p-1, st, s)
	}
	if s, st, ok := d.slotAt(p, stack); ok && !t.EOF() && p+1 < len(d.toks) && !s.fits(d.toks[p+1]) {
		// The parser backs out of an optional part (limit …, pool …)
		// whose slot fails, and stops at its keyword.
		return d.slipError(p+1, p, st, s)
	}
	if kind == blockEnum && t.Type == keywordToken && d.firstOnLine(p) {
		return &Error{Pos: position(t.Pos), Code: CodeParse,
			Msg:  "expected a label, found keyword " + d.show(t),
			Hint: "Chinese keywords are reserved; a label may contain one but not be one"}
	}
	return nil
}

// choiceFor is the choice of slot s nearest in meaning to the keyword t
// the author wrote there, in the language of the statement's keyword
// first: a deductible's 每次 (per visit) is per admission, a cap's 按次
// (per admission) per visit; those are the times something is paid for,
// where per year is not.
func (d *diagnosis) choiceFor(t, after, first lexer.Token, s slot) string {
	choice := s.choices[0]
	if !d.isKeyword(t) {
		if near := Suggest(d.word(t), s.choices); near != "" {
			choice = near // per yaer: year
		}
	}
	times := map[string]string{"visit": "admission", "admission": "visit"}
	if other, ok := times[t.Value]; ok && slices.Contains(s.choices, other) {
		choice = other
	}
	word := choice
	if after.Pos.Offset == t.Pos.Offset {
		// 按次 is per and admission in one word, replaced whole; after a
		// per of its own (per admission), the per stays on the line.
		word = "per " + choice
	}
	if first.Type != keywordToken {
		return word
	}
	if zh, ok := zhPhrase(word); ok {
		return zh
	}
	if zh, ok := zhKeyword[word]; ok {
		return zh
	}
	return word
}

// lineWith is the line that the statement starting at token st is on, as
// the author wrote it up to its last token, with token i (in the source's
// spelling) replaced by repl. Runs of blanks outside strings are one space.
func (d *diagnosis) lineWith(st, i int, repl string) string {
	first, t := d.toks[st], d.toks[i]
	end := t.Pos.Offset + len(d.word(t))
	for k := st; k < len(d.toks)-1 && d.toks[k].Pos.Line == first.Pos.Line; k++ {
		end = max(end, d.toks[k].Pos.Offset+len(d.word(d.toks[k])))
	}
	if st == i {
		return repl
	}
	line := string(d.src[first.Pos.Offset:t.Pos.Offset]) + repl + string(d.src[t.Pos.Offset+len(d.word(t)):end])
	return squeezeBlanks(line)
}

// squeezeBlanks makes each run of spaces and tabs outside strings one space.
func squeezeBlanks(s string) string {
	var b strings.Builder
	inString, blank := false, false
	for _, r := range s {
		if !inString && (r == ' ' || r == '\t') {
			blank = true
			continue
		}
		if blank {
			b.WriteByte(' ')
			blank = false
		}
		if r == '"' {
			inString = !inString
		}
		b.WriteRune(r)
	}
	return b.String()
}

// slipError is the error for token i where the slot that token k opens
// wants something else; st is the statement's first keyword.
func (d *diagnosis) slipError(i, k, st int, s slot) *Error {
	t, after := d.toks[i], d.toks[k]
	found := "keyword " + d.show(t)
	pos := position(t.Pos)
	if !d.isKeyword(t) {
		found = describeToken(t)
	}
	if t.Pos.Line != after.Pos.Line && !t.EOF() {
		// The line ends with the slot empty: the error stands there, not
		// at the next line's first word.
		found = "the end of the line"
		pos = Pos{File: after.Pos.Filename, Line: after.Pos.Line, Col: after.Pos.Column + utf8.RuneCountInString(d.word(after))}
	}
	msg := fmt.Sprintf("expected %s after %q, found %s", s.wantText(), d.word(after), found)
	if after.Pos.Offset == t.Pos.Offset { // 按次 is per admission: no "after"
		choices := make([]string, len(s.choices))
		for n, c := range s.choices {
			choices[n] = fmt.Sprintf("%q", after.Value+" "+c)
		}
		msg = fmt.Sprintf("expected %s, found %s", strings.Join(choices, " or "), found)
	}
	e := &Error{Pos: pos, Code: CodeParse, Msg: msg}
	switch form := s.form; {
	case s.choices != nil && t.Pos.Line == d.toks[st].Pos.Line && (d.isKeyword(t) || Suggest(d.word(t), s.choices) != ""):
		// A keyword of another statement, or a choice misspelt (per
		// yaer): the author's own line, that word put right.
		// The author's own line, the wrong keyword put right.
		e.Hint = "write: " + d.lineWith(st, i, d.choiceFor(t, after, d.toks[st], s))
	case s.names && t.Type == keywordToken:
		e.Hint = "Chinese keywords are reserved; choose a longer name, e.g. 住院" + d.word(t)
	case d.toks[st].Type == keywordToken:
		e.Hint = "write: " + zhForm(form)
	default:
		e.Hint = "write: " + form
	}
	return e
}

// adjacent reports whether token b follows token a with nothing between.
func (d *diagnosis) adjacent(a, b lexer.Token) bool {
	return a.Pos.Offset+len(a.Value) == b.Pos.Offset
}

// blockComment reports `/* … */`, which the lexer reads as a division
// and a multiplication; the parser fails at either.
func (d *diagnosis) blockComment(p int) *Error {
	i := p
	if d.toks[p].Value == "*" && p > 0 {
		i = p - 1
	}
	if i+1 >= len(d.toks) || d.toks[i].Value != "/" || d.toks[i+1].Value != "*" || !d.adjacent(d.toks[i], d.toks[i+1]) {
		return nil
	}
	return &Error{Pos: position(d.toks[i].Pos), Code: CodeParse,
		Msg:  "block comments (/* … */) are not supported",
		Hint: "start each line of the comment with //"}
}

// blockCommentAround reports a block comment `/* … */` that holds offset,
// where parsing gave up: whatever the comment says (a full-width ：, a ?)
// fails before the parser reaches its / and *, and an error about a
// character of it would have the author put the comment's words right.
// A comment not closed runs to the end of the file.
func blockCommentAround(filename string, src []byte, offset int) *Error {
	d, _ := newDiagnosis(filename, src)
	for i := 0; i+1 < len(d.toks); i++ {
		if !d.pairAt(i, "/", "*") {
			continue
		}
		start := d.toks[i].Pos.Offset
		if offset < start {
			return nil
		}
		end := len(src)
		for j := i + 2; j+1 < len(d.toks); j++ {
			if d.pairAt(j, "*", "/") {
				end = d.toks[j+1].Pos.Offset
				break
			}
		}
		if offset <= end {
			return d.blockComment(i)
		}
	}
	return nil
}

// pairAt reports whether tokens i and i+1 are a and b with nothing between.
func (d *diagnosis) pairAt(i int, a, b string) bool {
	return d.toks[i].Value == a && d.toks[i+1].Value == b && d.adjacent(d.toks[i], d.toks[i+1])
}

// chineseUnits are the units of Chinese amounts: 40万 is 400000.
var chineseUnits = map[string]int64{"百": 100, "千": 1000, "万": 10000, "亿": 100000000}

// amountUnit reports an amount written with a Chinese unit, ¥40万 or 40万元:
// the lexer reads the amount, and 万 as a name after it.
func (d *diagnosis) amountUnit(p int) *Error {
	t := d.toks[p]
	if p == 0 || t.Type != identToken {
		return nil
	}
	amount := d.toks[p-1]
	unit, _ := utf8.DecodeRuneInString(t.Value)
	times, ok := chineseUnits[string(unit)]
	if !ok || (amount.Type != moneyToken && amount.Type != numberToken) || !d.adjacent(amount, t) {
		return nil
	}
	figure := strings.TrimSpace(strings.TrimSuffix(strings.TrimLeft(amount.Value, "¥￥"), "元"))
	n, err := decimal.NewFromString(figure)
	if err != nil {
		return nil
	}
	hint := fmt.Sprintf("amounts are written in full yuan: write ¥%s", n.Mul(decimal.NewFromInt(times)).String())
	if rest := strings.TrimPrefix(t.Value, string(unit)); rest != "" && rest != "元" {
		// ¥40万5千: the figure is more than the unit says; work it out
		// rather than have the hint drop part of it.
		hint = fmt.Sprintf("amounts are written in full yuan, without %c: write the whole figure (¥40万 is ¥400000)", unit)
	}
	return &Error{Pos: position(t.Pos), Code: CodeParse,
		Msg:  fmt.Sprintf("unexpected %q after the amount %q", t.Value, amount.Value),
		Hint: hint}
}

// letterX reports the letter x written for ×: `本地: x 95%`. The parser
// takes x for a name and fails at what follows it, or, where no name may
// stand (`adjust x 90%`), at the x itself when a number follows it.
func (d *diagnosis) letterX(p int) *Error {
	if p < 2 || d.toks[p].EOF() {
		return nil
	}
	at := p - 1 // the x, before the token parsing failed at
	if isLetterX(d.toks[p]) && p+1 < len(d.toks) && isFactor(d.toks[p+1]) {
		at = p
	}
	x, next := d.toks[at], d.toks[at+1]
	if !isLetterX(x) || next.EOF() || x.Pos.Line != next.Pos.Line {
		return nil
	}
	return &Error{Pos: position(x.Pos), Code: CodeParse,
		Msg:  fmt.Sprintf("unexpected %q before %q", x.Value, d.word(next)),
		Hint: fmt.Sprintf("to multiply, write × or *, not the letter %s: × %s", x.Value, d.word(next))}
}

// isFactor reports whether t is what the letter x would multiply by: a
// number, an amount or a ratio.
func isFactor(t lexer.Token) bool {
	return t.Type == numberToken || t.Type == moneyToken || strings.HasSuffix(t.Value, "%")
}

// isLetterX reports whether t is the name x (or X).
func isLetterX(t lexer.Token) bool {
	return t.Type == identToken && (t.Value == "x" || t.Value == "X")
}

// capUnended reports a cap whose line ends before its "per year" or "per
// visit": the parser fails at the next line's first token, often the
// block's "}", which the error would otherwise point at.
func (d *diagnosis) capUnended(stack []openBlock) func(int) *Error {
	return func(p int) *Error {
		kind := innermost(stack)
		if (kind != blockBenefit && kind != blockFund) || p == 0 || !d.firstOnLine(p) {
			return nil
		}
		last := p - 1
		st := d.statementAt(last, stack)
		if st < 0 || st == last || d.toks[st].Value != "cap" || d.toks[last].Value == "{" {
			return nil
		}
		for k := st + 1; k <= last; k++ {
			if d.toks[k].Value == "per" && d.isKeyword(d.toks[k]) {
				return nil
			}
		}
		t := d.toks[last]
		per := "per year"
		if d.toks[st].Type == keywordToken {
			per, _ = zhPhrase(per)
		}
		return &Error{
			Pos:  Pos{File: t.Pos.Filename, Line: t.Pos.Line, Col: t.Pos.Column + utf8.RuneCountInString(d.word(t))},
			Code: CodeParse,
			Msg:  fmt.Sprintf(`expected "per year" or "per visit" after %q, found the end of the line`, d.word(t)),
			Hint: "write: " + d.lineWith(st, last, d.word(t)) + " " + per,
		}
	}
}

// bandDash reports a band written with a dash, as notices write them
// (0-500: 25%): the lexer reads 0, "-", 500. Inside a benefit the parser
// backtracks out of the bands and takes "bands" for a name, failing at
// its "{"; elsewhere it fails at the dash, or at the amount before a dash
// that ends the band (500-: 65%). p is the token parsing failed at.
func (d *diagnosis) bandDash(p int) *Error {
	brace := -1
	// The blocks open at p, not where participle gave up: it may have
	// given up at the start of the statement the bands are in.
	stack := d.blocksAt(p)
	switch {
	case d.toks[p].Value == "{" && d.isBandsKeyword(p-1):
		brace = p
	case len(stack) > 0 && d.isBandsKeyword(stack[len(stack)-1].brace-1):
		brace = stack[len(stack)-1].brace
	default:
		return nil
	}
	for i := brace + 1; i < len(d.toks)-1 && (brace == p || i <= p+1); i++ {
		t := d.toks[i]
		if t.Value == "{" || t.Value == "}" {
			return nil
		}
		if t.Value == "-" && d.bandFrom(i-1) {
			return d.bandDashError(i)
		}
	}
	return nil
}

// isBandsKeyword reports whether token i is the keyword bands (分段).
func (d *diagnosis) isBandsKeyword(i int) bool {
	return i >= 0 && d.toks[i].Value == "bands" && d.isKeyword(d.toks[i])
}

// bandFrom reports whether token i is an amount where a band starts: after
// the "{" or a "," or at the start of a line.
func (d *diagnosis) bandFrom(i int) bool {
	t := d.toks[i]
	if t.Type != numberToken && t.Type != moneyToken {
		return false
	}
	return d.firstOnLine(i) || d.toks[i-1].Value == ","
}

// bandDashError is the error for the dash at index i of a band, with the
// band written as MPL writes it in the hint.
func (d *diagnosis) bandDashError(i int) *Error {
	from, next := d.word(d.toks[i-1]), d.toks[i+1]
	hint := fmt.Sprintf("write %s.. (an open last band is FROM..)", from)
	if next.Type == numberToken || next.Type == moneyToken {
		hint = fmt.Sprintf("write %s..%s (FROM..TO)", from, d.word(next))
	}
	return &Error{Pos: position(d.toks[i].Pos), Code: CodeParse,
		Msg: `unexpected "-" in a band: a band runs FROM..TO`, Hint: hint}
}

// thousandsGroup is a group of three digits after a thousands separator,
// the last with the amount's decimals or its 元.
var thousandsGroup = regexp.MustCompile(`^\d{3}(\.\d+)?([ \t]*元)?$`)

// thousands reports an amount written with thousands separators, as
// notices write them (¥400,000): the lexer reads ¥400, ",", 000, and the
// parser fails at the comma or just after it. p is the token parsing
// failed at.
func (d *diagnosis) thousands(p int) *Error {
	i := p
	if d.toks[p].Value != "," && p > 0 {
		i = p - 1
	}
	if i < 1 || !d.separates(i) {
		return nil
	}
	start := i - 1
	figure := d.word(d.toks[start])
	end := i
	for ; end < len(d.toks)-1 && d.separates(end); end += 2 {
		figure += d.word(d.toks[end+1])
	}
	last := d.toks[end-1]
	written := string(d.src[d.toks[start].Pos.Offset : last.Pos.Offset+len(last.Value)])
	return &Error{Pos: position(d.toks[i].Pos), Code: CodeParse,
		Msg:  fmt.Sprintf("unexpected \",\" in the amount %s", written),
		Hint: "amounts are written without thousands separators: write " + figure}
}

// separates reports whether the "," at index i stands between an amount
// and three digits, with nothing between them.
func (d *diagnosis) separates(i int) bool {
	if i < 1 || i+1 >= len(d.toks) || d.toks[i].Value != "," {
		return false
	}
	before, after := d.toks[i-1], d.toks[i+1]
	amount := before.Type == numberToken || before.Type == moneyToken && !strings.HasSuffix(before.Value, "元")
	return amount && (after.Type == numberToken || after.Type == moneyToken) && thousandsGroup.MatchString(after.Value) &&
		d.adjacent(before, d.toks[i]) && d.adjacent(d.toks[i], after)
}

// joiningKeywords are the keywords that join two conditions or values; an
// author who leaves out their spaces (在职且age) writes one name.
var joiningKeywords = []string{"且", "或"}

// keywordInName reports a name with 且 or 或 inside it, just before the
// token parsing failed at: `psn_type == 在职且age < 45` compares with the
// name 在职且age and fails at "<".
func (d *diagnosis) keywordInName(p int) *Error {
	if p == 0 || d.toks[p].EOF() {
		return nil
	}
	if err := d.keywordStartsName(p); err != nil {
		return err
	}
	name := d.toks[p-1]
	if name.Type != identToken {
		return nil
	}
	for _, kw := range joiningKeywords {
		before, after, ok := strings.Cut(name.Value, kw)
		if !ok || before == "" || after == "" {
			continue
		}
		t := d.toks[p]
		return &Error{Pos: position(t.Pos), Code: CodeParse,
			Msg: fmt.Sprintf("unexpected %q after the name %q", d.word(t), name.Value),
			Hint: fmt.Sprintf("%q is one name to MPL; put spaces around %s: %s %s %s",
				name.Value, kw, before, kw, after)}
	}
	return nil
}

// keywordStartsName reports the name parsing failed at when it starts with
// 且 or 或 glued to what follows, after a value: `age>=60且psn_type == …`
// reads 60, then the name 且psn_type.
func (d *diagnosis) keywordStartsName(p int) *Error {
	name := d.toks[p]
	if name.Type != identToken || name.Pos.Line != d.toks[p-1].Pos.Line {
		return nil
	}
	for _, kw := range joiningKeywords {
		after, ok := strings.CutPrefix(name.Value, kw)
		if !ok || after == "" {
			continue
		}
		return &Error{Pos: position(name.Pos), Code: CodeParse,
			Msg: fmt.Sprintf("unexpected %q", name.Value),
			Hint: fmt.Sprintf("%q is one name to MPL; put spaces around %s: %s %s %s",
				name.Value, kw, d.word(d.toks[p-1]), kw, after)}
	}
	return nil
}

// tableBraceHint is the hint for a "(" where a table's "{" belongs.
const tableBraceHint = `a table's rows go in braces: write "{" here and "}" after the last row`

// parenTable reports `match psn_type ( … )`: a table in parentheses.
func (d *diagnosis) parenTable(p int) *Error {
	if d.toks[p].Value != "(" || !d.braceWanted(p) {
		return nil
	}
	return &Error{Pos: position(d.toks[p].Pos), Code: CodeParse,
		Msg: `unexpected "("`, Hint: tableBraceHint}
}

// braceWanted reports whether the token at offset stands where a table's
// "{" belongs: after `match a`, `by a, b` or `bands`.
func braceWanted(filename string, src []byte, offset int) bool {
	d, ok := newDiagnosis(filename, src)
	if !ok {
		return false
	}
	k := 0
	for k < len(d.toks) && d.toks[k].Pos.Offset < offset {
		k++
	}
	return d.braceWanted(k)
}

// braceWanted reports whether token k stands where a table's "{" belongs.
func (d *diagnosis) braceWanted(k int) bool {
	j := k - 1
	if j >= 0 && d.toks[j].Value == "bands" && d.isKeyword(d.toks[j]) {
		return true
	}
	for j >= 0 && (d.toks[j].Type == identToken && !englishKeywords[d.toks[j].Value] || d.toks[j].Value == ",") {
		j--
	}
	return j >= 0 && j < k-1 && d.isKeyword(d.toks[j]) && (d.toks[j].Value == "match" || d.toks[j].Value == "by")
}
