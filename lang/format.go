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
	src = TrimBOM(src) // and written without it
	f, err := Parse(filename, src)
	if err != nil {
		return nil, err
	}
	comments, firstWord, err := scanComments(filename, src)
	if err != nil {
		return nil, err
	}
	zh := opt.Lang == "zh" || (opt.Lang == "" && IsChineseKeyword(firstWord))
	p := &printer{zh: zh, comments: comments}
	p.file(f)
	return []byte(align(align(p.out.String(), alignMark), commentMark)), nil
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

// scanComments lexes src for its comments, and returns the first word.
func scanComments(filename string, src []byte) ([]lexer.Token, string, error) {
	l, err := simpleLexer.Lex(filename, bytes.NewReader(src))
	if err != nil {
		return nil, "", err
	}
	syms := simpleLexer.Symbols()
	var comments []lexer.Token
	first := ""
	for {
		t, err := l.Next()
		if err != nil {
			return nil, "", err
		}
		if t.EOF() {
			return comments, first, nil
		}
		switch t.Type {
		case syms["Comment"]:
			t.Value = strings.TrimRight(t.Value, " \t\r")
			comments = append(comments, t)
		case syms["Whitespace"]:
		default:
			if first == "" {
				first = t.Value
			}
		}
	}
}

// printer writes the canonical layout. Comments are emitted before the
// first statement that starts on a later line, or at the end of the line of
// the statement they trail. A statement the source breaks over lines is
// joined onto one, except where a comment stands at a break: there the
// break is kept, and the statement goes on one level deeper.
type printer struct {
	out      strings.Builder
	zh       bool
	depth    int
	indents  []int // the depth of each statement begun and not yet ended, innermost last
	comments []lexer.Token
	next     int  // the next comment to emit
	open     bool // an output line is started and not ended
	openLine int  // the source line of the text on the open line; 0 for none
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

func (p *printer) write(s string) { p.out.WriteString(s) }

// flush emits the comments that stand before source line `line`.
func (p *printer) flush(line int) {
	for p.next < len(p.comments) && p.comments[p.next].Pos.Line < line {
		c := p.comments[p.next]
		p.next++
		if p.open && c.Pos.Line == p.openLine {
			p.write(commentMark + c.Value)
			continue
		}
		p.endLine()
		p.write(strings.Repeat("    ", p.depth) + c.Value + "\n")
	}
}

func (p *printer) endLine() {
	if p.open {
		p.write("\n")
		p.open, p.openLine = false, 0
	}
}

// begin starts a statement that begins at pos.
func (p *printer) begin(pos lexer.Position) {
	p.flush(pos.Line)
	p.endLine()
	p.indents = append(p.indents, p.depth)
	p.write(strings.Repeat("    ", p.depth))
	p.open, p.openLine = true, pos.Line
}

// end finishes a statement's line, with the comments that trail it.
func (p *printer) end() {
	p.endBefore(0)
}

// endBefore finishes a statement's line; the comments that trail it are
// left to the next statement when that starts on the same source line
// (next), so that a comment after two rows written on one line stays after
// the second.
func (p *printer) endBefore(next int) {
	if next != p.openLine {
		p.trailing()
	}
	p.endLine()
	if n := len(p.indents); n > 0 {
		p.depth = p.indents[n-1]
		p.indents = p.indents[:n-1]
	}
}

// trailing writes, at the end of the open line, the comments that stand at
// the end of its source line.
func (p *printer) trailing() {
	for p.next < len(p.comments) && p.open && p.comments[p.next].Pos.Line == p.openLine {
		p.write(commentMark + p.comments[p.next].Value)
		p.next++
	}
}

// breakBefore keeps the source's line break before the token at pos when a
// comment stands between the open line and that token: the comments go where
// they were written, at the end of the line or on lines of their own, and
// the statement goes on, on a new line one level deeper than it began. It
// reports whether it broke the line.
func (p *printer) breakBefore(pos lexer.Position) bool {
	if !p.open || p.next >= len(p.comments) || p.comments[p.next].Pos.Line >= pos.Line {
		return false
	}
	if s := p.out.String(); strings.HasSuffix(s, " ") {
		p.out.Reset()
		p.out.WriteString(strings.TrimRight(s, " "))
	}
	p.trailing()
	p.endLine()
	if n := len(p.indents); n > 0 {
		p.depth = p.indents[n-1] + 1
	}
	p.flush(pos.Line)
	p.write(strings.Repeat("    ", p.depth))
	p.open, p.openLine = true, pos.Line
	return true
}

// space writes the space before the token at pos, or, where breakBefore
// keeps a line break there, the break.
func (p *printer) space(pos lexer.Position) {
	if !p.breakBefore(pos) {
		p.write(" ")
	}
}

// spanned prints, with print, a statement that the source writes from
// pos to line last. Printed on fewer lines, it would leave the comments of
// its later lines to come out after it, above the next statement, which
// they would seem to be about: then every comment on its lines goes above
// it instead, in order, each on a line of its own, and it is printed again.
func (p *printer) spanned(pos lexer.Position, last int, print func()) {
	mark, next, open, openLine := p.out.Len(), p.next, p.open, p.openLine
	depth, indents := p.depth, len(p.indents)
	p.begin(pos)
	print()
	// The comments of its lines the printing did not place: those on the
	// open line's source line (after a closing brace, say) trail it, and
	// end places them; so it does those at the end of the statement's last
	// line, when no other comment wants the end of the open line.
	left, onOpen, onLast := false, false, false
	for i := p.next; i < len(p.comments) && p.comments[i].Pos.Line <= last; i++ {
		switch c := p.comments[i].Pos.Line; {
		case p.open && c == p.openLine:
			onOpen = true
		case c == last:
			onLast = true
		case c > pos.Line:
			left = true
		}
	}
	if onLast && (onOpen || !p.open) {
		left = true
	}
	if !left {
		if onLast {
			p.openLine = last
		}
		return
	}
	text := p.out.String()[:mark]
	p.out.Reset()
	p.out.WriteString(text)
	p.next, p.open, p.openLine = next, open, openLine
	p.depth, p.indents = depth, p.indents[:indents]
	p.flush(pos.Line)
	p.endLine()
	for p.next < len(p.comments) && p.comments[p.next].Pos.Line <= last {
		p.write(strings.Repeat("    ", p.depth) + p.comments[p.next].Value + "\n")
		p.next++
	}
	p.begin(pos)
	print()
}

// block prints ` {`, the body one level deeper, and `}` on its own line;
// comments before the closing brace stay inside.
func (p *printer) block(end lexer.Position, body func()) {
	p.write(" {")
	p.depth++
	body()
	p.flush(end.Line)
	p.depth--
	p.endLine()
	p.write(strings.Repeat("    ", p.depth) + "}")
	p.open, p.openLine = true, end.Line
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
	p.flush(1 << 30)
	p.endLine()
}

func (p *printer) header(h *Header) {
	p.begin(h.Pos)
	p.write(p.kw(h.Kind) + " " + quote(h.Name))
	p.block(h.EndPos, func() {
		for _, it := range h.Items {
			p.begin(it.Pos)
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
		p.begin(e.Pos)
		p.write(p.kw("enum") + " " + e.Name + title(e.Title))
		p.block(e.EndPos, func() {
			for i, v := range e.Values {
				p.spanned(v.Pos, v.EndPos.Line, func() {
					p.write(v.Label)
					p.codes(v)
				})
				p.endBefore(nextLine(i, len(e.Values), func(i int) int { return e.Values[i].Pos.Line }))
			}
		})
	case d.Param != nil:
		pd := d.Param
		p.spanned(pd.Pos, pd.EndPos.Line, func() {
			p.write(p.kw("param") + " " + pd.Name)
			if pd.Type != "" {
				p.write(": " + pd.Type)
			}
			p.write(alignMark + "= ")
			p.expr(pd.Value)
		})
	case d.Benefit != nil:
		b := d.Benefit
		itemBlock(p, b.Pos, b.EndPos, p.kw("benefit")+" "+b.Name+title(b.Title), b.Items,
			func(it *BenefitItem) (lexer.Position, lexer.Position) { return it.Pos, it.EndPos }, p.benefitItem)
	case d.Account != nil:
		a := d.Account
		itemBlock(p, a.Pos, a.EndPos, p.kw("account"), a.Items,
			func(it *AccountItem) (lexer.Position, lexer.Position) { return it.Pos, it.EndPos }, p.accountItem)
	case d.Fund != nil:
		f := d.Fund
		itemBlock(p, f.Pos, f.EndPos, p.kw("fund")+" "+f.Name+title(f.Title), f.Items,
			func(it *FundItem) (lexer.Position, lexer.Position) { return it.Pos, it.EndPos }, p.fundItem)
	}
}

// itemBlock prints a declaration `head { … }` with one item per line.
func itemBlock[T any](p *printer, pos, end lexer.Position, head string, items []T, itemSpan func(T) (lexer.Position, lexer.Position), item func(T)) {
	p.begin(pos)
	p.write(head)
	p.block(end, func() {
		for _, it := range items {
			from, to := itemSpan(it)
			p.spanned(from, to.Line, func() { item(it) })
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
			p.space(keywordPos(d.Tokens, "per"))
			p.write(p.per(d.Per))
		}
		if d.Pool != "" {
			p.space(keywordPos(d.Tokens, "pool"))
			p.write(p.kw("pool") + " " + d.Pool)
		}
		if len(d.Schedule) > 0 {
			p.space(keywordPos(d.Tokens, "schedule"))
			p.write(p.kw("schedule") + " [")
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
			p.space(a.When.Pos)
			p.write(p.kw("when") + " ")
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
	p.space(keywordPos(c.Tokens, "per"))
	p.write(p.per(c.Per))
	if c.Limit != "" {
		p.space(keywordPos(c.Tokens, "limit"))
		p.write(p.kw("limit") + " " + c.Limit)
	}
	if c.When != nil {
		p.space(c.When.Pos)
		p.write(p.kw("when") + " ")
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
			p.space(it.Credit.When.Pos)
			p.write(p.kw("when") + " ")
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
		p.breakBefore(a.Pos)
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
		p.space(r.Pos)
		p.write(p.kw("or") + " ")
		p.and(r)
	}
}

func (p *printer) and(e *AndExpr) {
	p.not(e.Left)
	for _, r := range e.Rest {
		p.space(r.Pos)
		p.write(p.kw("and") + " ")
		p.not(r)
	}
}

func (p *printer) not(e *NotExpr) {
	p.breakBefore(e.Pos)
	if e.Not {
		p.write(p.kw("not") + " ")
	}
	c := e.Cmp
	p.add(c.Left)
	switch {
	case c.Op != "":
		p.space(c.Right.Pos)
		p.write(c.Op + " ")
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
		p.space(r.Pos)
		p.write(r.Op + " ")
		p.mul(r.Right)
	}
}

func (p *printer) mul(e *MulExpr) {
	p.unary(e.Left)
	for _, r := range e.Rest {
		p.space(r.Pos)
		p.write(r.Op + " ")
		p.unary(r.Right)
	}
}

func (p *printer) unary(e *UnaryExpr) {
	p.breakBefore(e.Pos)
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
		p.space(x.If.Then.Pos)
		p.write(p.kw("then") + " ")
		p.expr(x.If.Then)
		p.space(x.If.Else.Pos)
		p.write(p.kw("else") + " ")
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
	keys := strings.Join(t.Keys, ", ")
	switch {
	case remote:
		p.write(p.by(true) + " " + keys)
	case len(t.Keys) == 1:
		p.write(p.kw("match") + " " + keys)
	default:
		p.write(p.kw("table") + " " + p.by(true) + " " + keys)
	}
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
	p.block(t.EndPos, func() {
		for i, r := range t.Rows {
			p.spanned(r.Pos, r.EndPos.Line, func() { p.row(r, alignMark) })
			p.endBefore(nextLine(i, len(t.Rows), func(i int) int { return t.Rows[i].Pos.Line }))
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
	p.block(b.EndPos, func() {
		for i, band := range b.Bands {
			p.spanned(band.Pos, band.EndPos.Line, func() {
				p.write(band.From + ".." + band.To + ":" + alignMark)
				p.expr(band.Value)
			})
			p.endBefore(nextLine(i, len(b.Bands), func(i int) int { return b.Bands[i].Pos.Line }))
		}
	})
}

// codes prints an enum value's codes, ` = 1101, 1102`.
func (p *printer) codes(v *EnumValue) {
	if len(v.Codes) == 0 {
		return
	}
	var at []lexer.Position // where each code stands: the tokens after "=" that are not ","
	seen := false
	for _, t := range v.Tokens {
		switch {
		case t.Value == "=":
			seen = true
		case seen && t.Value != "," && !isBlank(t.Value):
			at = append(at, t.Pos)
		}
	}
	p.write(alignMark + "=")
	for i, c := range v.Codes {
		if i > 0 {
			p.write(",")
		}
		if i >= len(at) || !p.breakBefore(at[i]) {
			p.write(" ")
		}
		p.write(code(c))
	}
}

// isBlank reports whether a token is whitespace or a comment.
func isBlank(s string) bool {
	return strings.TrimSpace(s) == "" || strings.HasPrefix(s, "//")
}

// keywordPos is where the keyword kw stands among a statement's tokens, in
// either language; the zero position, which breaks no line, when it is not
// there.
func keywordPos(tokens []lexer.Token, kw string) lexer.Position {
	for _, t := range tokens {
		if t.Value == kw {
			return t.Pos
		}
	}
	return lexer.Position{}
}

// nextLine is the source line of item i+1 of n, whose lines line gives, or
// 0 after the last.
func nextLine(i, n int, line func(int) int) int {
	if i+1 == n {
		return 0
	}
	return line(i + 1)
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
