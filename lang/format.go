package lang

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// FormatOptions changes how Format prints a file.
type FormatOptions struct {
	// Lang is the keywords' language: "en", "zh", or "" to keep the file's
	// own (read from its first keyword).
	Lang string
}

// Format prints an MPL file in the one canonical layout: one item per line,
// four spaces per level, single spaces between tokens, a blank line between
// declarations, comments kept. The meaning is unchanged: the result parses to
// the same tree. Formatting formatted text changes nothing.
func Format(filename string, src []byte, opt FormatOptions) ([]byte, error) {
	out, _, err := format(filename, src, opt)
	return out, err
}

// format is Format, and reports whether the printer lost its place in the
// source: printed a token that was not the source's next. It never should;
// the tests hold it to that.
func format(filename string, src []byte, opt FormatOptions) ([]byte, bool, error) {
	src = TrimBOM(src) // and written without it
	f, err := Parse(filename, src)
	if err != nil {
		return nil, false, err
	}
	code, comments, err := lexSource(filename, src)
	if err != nil {
		return nil, false, err
	}
	zh := opt.Lang == "zh" || (opt.Lang == "" && len(code) > 0 && IsChineseKeyword(code[0].raw))
	p := &printer{zh: zh, code: code, comments: comments}
	p.file(f)
	return []byte(align(align(p.out.String(), alignMark), commentMark)), p.lost, nil
}

// insertBlankLine puts an empty line into the output at byte offset at.
func (p *printer) insertBlankLine(at int) {
	s := p.out.String()
	p.out.Reset()
	p.out.WriteString(s[:at] + "\n" + s[at:])
}

// codeLines counts the lines of printed text that are not whole-line
// comments.
func codeLines(text string) int {
	n := 0
	for _, l := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if !strings.HasPrefix(strings.TrimLeft(l, " "), "//") {
			n++
		}
	}
	return n
}

// alignMark stands, in the printer's output, between an item's key and its
// value, and commentMark before a comment that trails a line; align turns
// them into the spaces that line up the values (and trailing comments) of
// consecutive items.
const (
	alignMark   = "\v"
	commentMark = "\f"
)

// align lines up, at each mark, the run of consecutive lines that carry the
// mark at the same indentation, as gofmt lines up a struct's fields and
// their comments. Widths are display widths: a Chinese character takes two
// columns, so the values line up on screen.
func align(out, mark string) string {
	lines := strings.SplitAfter(out, "\n")
	for i := 0; i < len(lines); {
		if !strings.Contains(lines[i], mark) {
			i++
			continue
		}
		indent := leadingSpace(lines[i])
		j, width := i, 0
		for ; j < len(lines) && strings.Contains(lines[j], mark) && leadingSpace(lines[j]) == indent; j++ {
			if j > i && (closesBlock(lines[j], mark) || closesBlock(lines[j-1], mark)) {
				break
			}
			key, _, _ := strings.Cut(lines[j], mark)
			width = max(width, displayWidth(key))
		}
		for k := i; k < j; k++ {
			key, rest, _ := strings.Cut(lines[k], mark)
			lines[k] = key + strings.Repeat(" ", width-displayWidth(key)+1) + rest
		}
		i = j
	}
	return strings.Join(lines, "")
}

// closesBlock reports whether line, up to mark, is a closing brace alone.
// Its comment is about the block it closes, so it lines up with no other.
func closesBlock(line, mark string) bool {
	key, _, _ := strings.Cut(line, mark)
	return strings.TrimSpace(key) == "}"
}

func leadingSpace(s string) int { return len(s) - len(strings.TrimLeft(s, " ")) }

// displayWidth is the number of terminal columns s takes: two for East
// Asian wide and full-width characters, one for the rest.
func displayWidth(s string) int {
	w := 0
	for _, r := range s {
		w++
		if isWide(r) {
			w++
		}
	}
	return w
}

var (
	commentToken = simpleLexer.Symbols()["Comment"]
	spaceToken   = simpleLexer.Symbols()["Whitespace"]
)

// literalTokens are the token types of literal values, which the printer
// may write otherwise than the source (a code "1101" as 1101, a string
// with its escapes as Go quotes it).
var literalTokens = map[lexer.TokenType]bool{}

func init() {
	for _, name := range []string{"Date", "Money", "Percent", "Number", "String"} {
		literalTokens[simpleLexer.Symbols()[name]] = true
	}
}

// word is one code token of the source, a token that is not whitespace, a
// comment or a comma, in English: a Chinese keyword is the English word or
// words it stands for, 按年 two words (per, year) at one position.
type word struct {
	value   string
	raw     string // the token as written
	literal bool   // a string, number, amount, percentage or date
	pos     lexer.Position
}

// same reports whether the printer's word w prints the source's word s.
func (w word) same(s word) bool {
	return w.value == s.value || (w.literal && s.literal)
}

// comment is one comment of the source.
type comment struct {
	text string
	pos  lexer.Position
	// trails is whether it stands at the end of the line of the token
	// before it (a comma counts), rather than on a line of its own.
	trails bool
}

// lexSource lexes src for its code words and its comments. Commas are
// left out of the words: the printer adds and drops a table row's comma,
// so a comma is no place to keep a comment at.
func lexSource(filename string, src []byte) ([]word, []comment, error) {
	l, err := simpleLexer.Lex(filename, bytes.NewReader(src))
	if err != nil {
		return nil, nil, err
	}
	var code []word
	var comments []comment
	prevLine := 0 // the line of the last token that is not a comment
	for {
		t, err := l.Next()
		if err != nil {
			return nil, nil, err
		}
		switch {
		case t.EOF():
			return code, comments, nil
		case t.Type == spaceToken:
		case t.Type == commentToken:
			comments = append(comments, comment{strings.TrimRight(t.Value, " \t\r"), t.Pos, t.Pos.Line == prevLine})
		case t.Value == ",":
			prevLine = t.Pos.Line
		default:
			prevLine = t.Pos.Line
			code = append(code, words(t)...)
		}
	}
}

// words is the code word or words a token stands for.
func words(t lexer.Token) []word {
	if en, ok := zhKeywords[t.Value]; ok && t.Type == identToken {
		out := make([]word, len(en))
		for i, w := range en {
			out[i] = word{value: w, raw: t.Value, pos: t.Pos}
		}
		return out
	}
	return []word{{value: t.Value, raw: t.Value, literal: literalTokens[t.Type], pos: t.Pos}}
}

// printer writes the canonical layout. It prints the source's tokens in
// their order, and follows the source as it goes: before each token it
// prints, it writes the comments that stand before that token in the
// source, where they were written: at the end of the line of the token
// before them, or on lines of their own. Statements start lines of their
// own; a statement the source breaks over lines is joined onto one, except
// where a comment stands between two of its tokens: there the line breaks,
// and the statement goes on one level deeper.
type printer struct {
	out      strings.Builder
	zh       bool
	depth    int
	indents  []int // the depth of each statement begun and not yet ended, innermost last
	code     []word
	cur      int // the next code word of the source to print
	comments []comment
	next     int  // the next comment to write
	open     bool // an output line is started and not ended
	lost     bool // a printed word was not the source's next
}

// kw prints a keyword in the file's language.
func (p *printer) kw(en string) string {
	if p.zh {
		if z, ok := zhKeyword[en]; ok {
			return z
		}
	}
	return en
}

// base prints a fund's base: as a keyword, but "share" as 剩余自付 (the
// member's share left), not the account's 共济.
func (p *printer) base(b string) string {
	if p.zh && b == "share" {
		return "剩余自付"
	}
	return p.kw(b)
}

// by is "by" in a source citation (由) or a table (按).
func (p *printer) by(inTable bool) string {
	switch {
	case !p.zh:
		return "by"
	case inTable:
		return "按"
	}
	return "由"
}

// per prints `per year|admission|visit`, as one phrase in Chinese.
func (p *printer) per(unit string) string {
	if !p.zh {
		return "per " + unit
	}
	return map[string]string{"year": "按年", "admission": "按次", "visit": "每次"}[unit]
}

// raw writes layout: indentation, line ends, comments.
func (p *printer) raw(s string) { p.out.WriteString(s) }

func (p *printer) indent() { p.raw(strings.Repeat("    ", p.depth)) }

// write writes source text: tokens, and the spaces and alignment marks
// between them. Before each token, where comments stand in the source
// before the word it prints, the line breaks (see breakLine) instead of
// the space. A comma the printer writes stands for no word: it may add one
// the source left out, and drops a row's.
func (p *printer) write(s string) {
	l, err := simpleLexer.Lex("", strings.NewReader(s))
	if err != nil {
		p.raw(s)
		p.lost = true
		return
	}
	at := 0 // the bytes of s written
	for {
		t, err := l.Next()
		if err != nil {
			p.raw(s[at:])
			p.lost = true
			return
		}
		if t.EOF() {
			break
		}
		if t.Type == spaceToken || t.Type == strayToken { // an alignment mark is a Stray
			continue
		}
		if t.Value != "," && p.pending() {
			p.breakLine()
		} else {
			p.raw(s[at:t.Pos.Offset])
		}
		p.raw(t.Value)
		at = t.Pos.Offset + len(t.Value)
		if t.Value != "," {
			for _, w := range words(t) {
				p.advance(w)
			}
		}
	}
	p.raw(s[at:])
}

// writeFor writes text that stands for the source's next n words, which it
// prints otherwise: a table's head, `match k` for `table by k` and the
// other way round.
func (p *printer) writeFor(text string, n int) {
	if p.pending() {
		p.breakLine()
	}
	p.raw(text)
	p.cur = min(p.cur+n, len(p.code))
}

// advance moves past the source's next word, which the printer has just
// printed as w. Should they differ, the printer has lost its place: it
// looks a few words on for w, and else stays, so that comments still come
// out close to where they stood.
func (p *printer) advance(w word) {
	for i := p.cur; i < len(p.code) && i < p.cur+3; i++ {
		if w.same(p.code[i]) {
			p.lost = p.lost || i != p.cur
			p.cur = i + 1
			return
		}
	}
	p.lost = true
}

// pending reports whether a comment not yet written stands before the
// source's next word.
func (p *printer) pending() bool {
	return p.next < len(p.comments) &&
		(p.cur >= len(p.code) || p.comments[p.next].pos.Offset < p.code[p.cur].pos.Offset)
}

// trailing writes, at the end of the open line, the pending comments that
// stand at the end of a line in the source.
func (p *printer) trailing() {
	for p.open && p.pending() && p.comments[p.next].trails {
		p.raw(commentMark + p.comments[p.next].text)
		p.next++
	}
}

// flush writes the comments that stand before the source's next word: a
// comment that ended a line of the source at the end of the open line, the
// others on lines of their own.
func (p *printer) flush() {
	p.trailing()
	for p.pending() {
		p.endLine()
		p.indent()
		p.raw(p.comments[p.next].text + "\n")
		p.next++
	}
}

func (p *printer) endLine() {
	if p.open {
		p.raw("\n")
		p.open = false
	}
}

// begin starts a statement on a line of its own.
func (p *printer) begin() {
	p.flush()
	p.endLine()
	p.indents = append(p.indents, p.depth)
	p.indent()
	p.open = true
}

// end finishes a statement's line, with the comment that trails it.
func (p *printer) end() {
	p.trailing()
	p.endLine()
	if n := len(p.indents); n > 0 {
		p.depth = p.indents[n-1]
		p.indents = p.indents[:n-1]
	}
}

// breakLine keeps the source's line break before its next word, where
// comments stand before that word: they go where they were written, at the
// end of the line or on lines of their own, and the statement goes on, on a
// new line one level deeper than it began.
func (p *printer) breakLine() {
	if s := p.out.String(); p.open && strings.TrimRight(s, " "+alignMark) != s {
		p.out.Reset()
		p.out.WriteString(strings.TrimRight(s, " "+alignMark))
	}
	p.trailing()
	p.endLine()
	if n := len(p.indents); n > 0 {
		p.depth = p.indents[n-1] + 1
	}
	p.flush()
	p.indent()
	p.open = true
}

// block prints ` {`, the body one level deeper, and `}` on its own line;
// comments before the closing brace stay inside.
func (p *printer) block(body func()) {
	p.write(" {")
	p.depth++
	body()
	p.flush()
	p.depth--
	p.endLine()
	p.indent()
	p.open = true
	p.write("}")
}

func (p *printer) file(f *File) {
	p.header(f.Header)
	p.end()
	oneLineParam := 0 // the source line of the previous declaration, when it was a one-line param
	for _, d := range f.Decls {
		// Consecutive one-line params stay together, as the author grouped
		// them; every other declaration stands apart.
		start := p.out.Len()
		p.decl(d)
		p.end()
		text := p.out.String()[start:]
		single := d.Param != nil && codeLines(text) == 1
		if !single || oneLineParam == 0 || d.Param.Pos.Line != oneLineParam+1 {
			p.insertBlankLine(start)
		}
		oneLineParam = 0
		if single {
			oneLineParam = d.Param.Pos.Line
		}
	}
	p.flush()
	p.endLine()
}

func (p *printer) header(h *Header) {
	p.begin()
	p.write(p.kw(h.Kind) + " " + quote(h.Name))
	p.block(func() {
		for _, it := range h.Items {
			p.begin()
			p.headerItem(it)
			p.end()
		}
	})
}

var headerValues = map[string]string{"half_up": "四舍五入", "half_even": "银行家舍入", "down": "截尾", "all": "全部", "none": "不支付",
	"current": "当年", "carried": "历年", "keep": "可用", "freeze": "冻结"}

func (p *printer) value(v string) string {
	if z, ok := headerValues[v]; ok && p.zh {
		return z
	}
	return v
}

func (p *printer) headerItem(it *HeaderItem) {
	switch {
	case it.Region != nil:
		p.write(p.kw("region") + alignMark + quote(*it.Region))
	case it.Insutype != nil:
		p.write(p.kw("insutype") + alignMark + code(*it.Insutype))
	case it.Effective != nil:
		p.write(p.kw("effective") + alignMark + it.Effective.From + " " + p.kw("to") + " " + it.Effective.To)
	case it.Source != nil:
		s := it.Source
		p.write(p.kw("source") + alignMark + quote(s.Title))
		if s.Issuer != "" {
			p.write(" " + p.by(false) + " " + quote(s.Issuer))
		}
		if s.Number != "" {
			p.write(" " + p.kw("number") + " " + quote(s.Number))
		}
		if s.Year != "" {
			p.write(" " + p.kw("year") + " " + s.Year)
		}
		if s.URL != "" {
			p.write(" " + p.kw("url") + " " + quote(s.URL))
		}
	case it.Extends != nil:
		p.write(p.kw("extends") + alignMark + quote(*it.Extends))
	case it.Rounding != nil:
		p.write(p.kw("rounding") + alignMark + p.value(*it.Rounding))
	case it.Account != nil:
		p.write(p.kw("account") + alignMark + p.value(*it.Account))
	case it.Note != nil:
		p.write(p.kw("note") + alignMark + quote(*it.Note))
	}
}

func (p *printer) decl(d *Decl) {
	switch {
	case d.Enum != nil:
		e := d.Enum
		p.begin()
		p.write(p.kw("enum") + " " + e.Name + title(e.Title))
		p.block(func() {
			for _, v := range e.Values {
				p.begin()
				p.write(v.Label)
				p.codes(v)
				p.end()
			}
		})
	case d.Param != nil:
		pd := d.Param
		p.begin()
		p.write(p.kw("param") + " " + pd.Name)
		if pd.Type != "" {
			p.write(": " + pd.Type)
		}
		p.write(alignMark + "= ")
		p.expr(pd.Value)
	case d.Benefit != nil:
		b := d.Benefit
		itemBlock(p, p.kw("benefit")+" "+b.Name+title(b.Title), b.Items, p.benefitItem)
	case d.Account != nil:
		a := d.Account
		itemBlock(p, p.kw("account"), a.Items, p.accountItem)
	case d.Fund != nil:
		f := d.Fund
		itemBlock(p, p.kw("fund")+" "+f.Name+title(f.Title), f.Items, p.fundItem)
	}
}

// itemBlock prints a declaration `head { … }` with one item per line.
func itemBlock[T any](p *printer, head string, items []T, item func(T)) {
	p.begin()
	p.write(head)
	p.block(func() {
		for _, it := range items {
			p.begin()
			item(it)
			p.end()
		}
	})
}

func (p *printer) benefitItem(it *BenefitItem) {
	switch {
	case it.Covers != nil:
		p.write(p.kw("covers") + alignMark)
		p.atoms(it.Covers, ", ")
	case it.When != nil:
		p.write(p.kw("when") + alignMark)
		p.expr(it.When)
	case it.Deductible != nil:
		d := it.Deductible
		p.write(p.kw("deductible") + alignMark)
		p.expr(d.Amount)
		if d.Per != "" {
			p.write(" " + p.per(d.Per))
		}
		if d.Pool != "" {
			p.write(" " + p.kw("pool") + " " + d.Pool)
		}
		if len(d.Schedule) > 0 {
			p.write(" " + p.kw("schedule") + " [")
			p.exprList(d.Schedule)
			p.write("]")
		}
	case it.Ratio != nil:
		p.write(p.kw("ratio") + alignMark)
		p.expr(it.Ratio)
	case it.Adjust != nil:
		a := it.Adjust
		p.write(p.kw("adjust") + alignMark + a.Op + " ")
		p.expr(a.Value)
		if a.When != nil {
			p.write(" " + p.kw("when") + " ")
			p.expr(a.When)
		}
	case it.Remote != nil:
		p.write(p.kw("remote") + alignMark)
		p.table(it.Remote, true)
	case it.Cap != nil:
		p.cap(it.Cap)
	case it.Refuse != nil:
		p.write(p.kw("refuse") + alignMark)
		if it.Refuse.Field != "" {
			p.write(it.Refuse.Field + " ")
		}
		p.write(quote(it.Refuse.Reason))
	}
}

func (p *printer) cap(c *Cap) {
	p.write(p.kw("cap") + alignMark)
	p.expr(c.Amount)
	p.write(" " + p.per(c.Per))
	if c.Limit != "" {
		p.write(" " + p.kw("limit") + " " + c.Limit)
	}
	if c.When != nil {
		p.write(" " + p.kw("when") + " ")
		p.expr(c.When)
	}
}

func (p *printer) accountItem(it *AccountItem) {
	switch {
	case it.Spend != nil:
		p.write(p.kw("spend") + alignMark + p.value(*it.Spend))
	case it.Credit != nil:
		p.write(p.kw("credit") + alignMark)
		p.expr(it.Credit.Amount)
		if it.Credit.When != nil {
			p.write(" " + p.kw("when") + " ")
			p.expr(it.Credit.When)
		}
	case it.Interest != nil:
		p.write(p.kw("interest") + alignMark)
		p.expr(it.Interest)
	case it.Lapse != nil:
		p.write(p.kw("lapse") + alignMark + p.value(*it.Lapse))
	case it.Backpay != nil:
		p.write(p.kw("backpay") + alignMark)
		p.expr(it.Backpay)
	case it.Share != nil:
		p.write(p.kw("share") + alignMark + strings.Join(it.Share, ", "))
	}
}

func (p *printer) fundItem(it *FundItem) {
	switch {
	case it.Code != nil:
		p.write(p.kw("code") + alignMark + code(*it.Code))
	case it.Applies != nil:
		p.write(p.kw("applies") + alignMark + strings.Join(it.Applies, ", "))
	case it.When != nil:
		p.write(p.kw("when") + alignMark)
		p.expr(it.When)
	case it.Base != nil:
		p.write(p.kw("base") + alignMark + p.base(*it.Base))
	case it.Ratio != nil:
		p.write(p.kw("ratio") + alignMark)
		p.expr(it.Ratio)
	case it.Cap != nil:
		p.cap(it.Cap)
	}
}

func (p *printer) atoms(list []*Atom, sep string) {
	for i, a := range list {
		if i > 0 {
			p.write(sep)
		}
		if a.Ident != nil {
			p.write(*a.Ident)
		} else {
			p.write(code(*a.Code))
		}
	}
}

func (p *printer) exprList(list []*Expr) {
	for i, e := range list {
		if i > 0 {
			p.write(", ")
		}
		p.expr(e)
	}
}

func (p *printer) expr(e *Expr) {
	p.and(e.Left)
	for _, r := range e.Rest {
		p.write(" " + p.kw("or") + " ")
		p.and(r)
	}
}

func (p *printer) and(e *AndExpr) {
	p.not(e.Left)
	for _, r := range e.Rest {
		p.write(" " + p.kw("and") + " ")
		p.not(r)
	}
}

func (p *printer) not(e *NotExpr) {
	if e.Not {
		p.write(p.kw("not") + " ")
	}
	c := e.Cmp
	p.add(c.Left)
	switch {
	case c.Op != "":
		p.write(" " + c.Op + " ")
		p.add(c.Right)
	case c.In != nil:
		p.write(" " + p.kw("in") + " [")
		for i, x := range c.In {
			if i > 0 {
				p.write(", ")
			}
			p.add(x)
		}
		p.write("]")
	}
}

func (p *printer) add(e *AddExpr) {
	p.mul(e.Left)
	for _, r := range e.Rest {
		p.write(" " + r.Op + " ")
		p.mul(r.Right)
	}
}

func (p *printer) mul(e *MulExpr) {
	p.unary(e.Left)
	for _, r := range e.Rest {
		p.write(" " + r.Op + " ")
		p.unary(r.Right)
	}
}

func (p *printer) unary(e *UnaryExpr) {
	if e.Neg {
		p.write("-")
	}
	p.primary(e.Prim)
}

func (p *printer) primary(x *Primary) {
	switch {
	case x.Money != nil:
		p.write(*x.Money)
	case x.Percent != nil:
		p.write(*x.Percent)
	case x.Date != nil:
		p.write(*x.Date)
	case x.Number != nil:
		p.write(*x.Number)
	case x.String != nil:
		p.write(quote(*x.String))
	case x.Bool != nil:
		p.write(p.kw(*x.Bool))
	case x.If != nil:
		p.write(p.kw("if") + " ")
		p.expr(x.If.Cond)
		p.write(" " + p.kw("then") + " ")
		p.expr(x.If.Then)
		p.write(" " + p.kw("else") + " ")
		p.expr(x.If.Else)
	case x.Table != nil:
		p.table(x.Table, false)
	case x.Bands != nil:
		p.bands(x.Bands)
	case x.Ref != nil:
		name := x.Ref.Name
		if x.Ref.Call {
			p.write(p.kw(name) + "(")
			p.exprList(x.Ref.Args)
			p.write(")")
		} else {
			p.write(name)
		}
	case x.Paren != nil:
		p.write("(")
		p.expr(x.Paren)
		p.write(")")
	}
}

// table prints a lookup: `match k {…}` for one key, `table by a, b {…}` for
// more; in a remote block, `by a, b {…}`.
func (p *printer) table(t *Table, remote bool) {
	n := 1 // the words of the source's head: match, table by, or a remote's by
	if p.cur < len(p.code) && p.code[p.cur].value == "table" {
		n = 2
	}
	switch {
	case remote:
		p.writeFor(p.by(true), n)
	case len(t.Keys) == 1:
		p.writeFor(p.kw("match"), n)
	default:
		p.writeFor(p.kw("table")+" "+p.by(true), n)
	}
	p.write(" " + strings.Join(t.Keys, ", "))
	if t.Pos.Line == t.EndPos.Line {
		// Written on one line: kept on one line.
		p.write(" { ")
		for i, r := range t.Rows {
			if i > 0 {
				p.write(", ")
			}
			p.row(r, " ")
		}
		p.write(" }")
		return
	}
	p.block(func() {
		for _, r := range t.Rows {
			p.begin()
			p.row(r, alignMark)
			p.end()
		}
	})
}

// row prints a table row, with sep between its colon and its value.
func (p *printer) row(r *Row, sep string) {
	if r.Default {
		p.write(p.kw("default"))
	} else {
		for i, k := range r.Keys {
			if i > 0 {
				p.write(", ")
			}
			p.atoms(k.Alts, " | ")
		}
	}
	p.write(":" + sep)
	if r.Op != "" {
		p.write(r.Op + " ")
	}
	p.expr(r.Value)
}

func (p *printer) bands(b *Bands) {
	p.write(p.kw("bands"))
	if b.Pos.Line == b.EndPos.Line {
		// Written on one line: kept on one line.
		p.write(" { ")
		for i, band := range b.Bands {
			if i > 0 {
				p.write(", ")
			}
			p.write(band.From + ".." + band.To + ": ")
			p.expr(band.Value)
		}
		p.write(" }")
		return
	}
	p.block(func() {
		for _, band := range b.Bands {
			p.begin()
			p.write(band.From + ".." + band.To + ":" + alignMark)
			p.expr(band.Value)
			p.end()
		}
	})
}

// codes prints an enum value's codes, ` = 1101, 1102`.
func (p *printer) codes(v *EnumValue) {
	if len(v.Codes) == 0 {
		return
	}
	codes := make([]string, len(v.Codes))
	for i, c := range v.Codes {
		codes[i] = code(c)
	}
	p.write(alignMark + "= " + strings.Join(codes, ", "))
}

func title(t string) string {
	if t == "" {
		return ""
	}
	return " " + quote(t)
}

func quote(s string) string { return strconv.Quote(s) }

var bareCode = regexp.MustCompile(`^\d+(\.\d+)?$`)

// code prints a code bare when it is a number, quoted otherwise.
func code(s string) string {
	if bareCode.MatchString(s) {
		return s
	}
	return quote(s)
}
