package lang

import (
	"io"

	"github.com/alecthomas/participle/v2/lexer"
)

// Every keyword has a Chinese form; a file may use either, even mixed. The
// Chinese forms are reserved words: the lexer turns them into their English
// keyword, so the grammar has one form and `mpl fmt --lang` can print either.
// English keywords are matched only where the grammar expects them, so an
// English word may still be a name elsewhere; a Chinese keyword may not.

// zhKeywords maps each Chinese keyword to the English token(s) it stands
// for. A phrase (按年) stands for two tokens (per year).
var zhKeywords = map[string][]string{
	"政策": {"policy"}, "编码库": {"library"}, "地区": {"region"}, "险种": {"insutype"},
	"有效期": {"effective"}, "至": {"to"}, "依据": {"source"}, "由": {"by"}, "按": {"by"},
	"文号": {"number"}, "年份": {"year"}, "网址": {"url"}, "继承": {"extends"}, "舍入": {"rounding"},
	"个人账户": {"account"}, "说明": {"note"}, "类别": {"enum"}, "参数": {"param"}, "待遇": {"benefit"},
	"适用": {"covers"}, "当": {"when"}, "起付线": {"deductible"}, "每": {"per"}, "共用": {"pool"},
	"分次": {"schedule"}, "报销比例": {"ratio"}, "调整": {"adjust"}, "异地": {"remote"}, "封顶线": {"cap"},
	"限额": {"limit"}, "基金": {"fund"}, "代码": {"code"}, "用于": {"applies"}, "基数": {"base"},
	"累计自付": {"oop"}, "剩余自付": {"share"}, "不予支付": {"refuse"}, "或": {"or"}, "且": {"and"},
	"非": {"not"}, "属于": {"in"}, "是": {"true"}, "否": {"false"}, "如果": {"if"}, "则": {"then"},
	"否则": {"else"}, "匹配": {"match"}, "查表": {"table"}, "其余": {"default"}, "分段": {"bands"},
	"最小": {"min"}, "最大": {"max"},
	"支付顺序": {"spend"}, "划入": {"credit"}, "利息": {"interest"}, "断缴": {"lapse"}, "补缴期限": {"backpay"}, "共济": {"share"},
	"按年": {"per", "year"}, "每年": {"per", "year"}, "按次": {"per", "admission"}, "每次": {"per", "visit"},
	// Values of header items.
	"四舍五入": {"half_up"}, "银行家舍入": {"half_even"}, "截尾": {"down"}, "全部": {"all"}, "不支付": {"none"},
	"当年": {"current"}, "历年": {"carried"}, "可用": {"keep"}, "冻结": {"freeze"},
}

// zhValues are the Chinese words for values a grammar rule captures as a
// name (rounding modes, account modes, functions): they stay identifiers.
var zhValues = map[string]bool{"四舍五入": true, "银行家舍入": true, "截尾": true, "全部": true, "不支付": true, "最小": true, "最大": true,
	"当年": true, "历年": true, "可用": true, "冻结": true}

// zhKeyword gives the Chinese form `mpl fmt --lang zh` prints for an
// English keyword; "by" and the per-phrases depend on context and are
// chosen by the printer, and so does "share": 共济 in an account, 剩余自付
// as a fund's base (see printer.base).
var zhKeyword = map[string]string{}

// zhByContext are the Chinese keywords left out of zhKeyword, their
// English keyword having another form the printer chooses by context.
var zhByContext = map[string]bool{"按": true, "剩余自付": true}

func init() {
	for zh, en := range zhKeywords {
		if len(en) == 1 && !zhByContext[zh] {
			zhKeyword[en[0]] = zh
		}
	}
}

// IsChineseKeyword reports whether a word is a reserved Chinese keyword.
func IsChineseKeyword(word string) bool {
	_, ok := zhKeywords[word]
	return ok
}

// bilingualLexer wraps MPL's lexer, turning Chinese keywords into English.
type bilingualLexer struct {
	inner lexer.Definition
}

// Symbols adds the Keyword token type: a Chinese keyword becomes a Keyword
// token, which the grammar's literals match but no `@Ident` captures, so a
// Chinese keyword can never be taken for a name.
func (d bilingualLexer) Symbols() map[string]lexer.TokenType {
	syms := map[string]lexer.TokenType{}
	lowest := lexer.TokenType(0)
	for k, v := range d.inner.Symbols() {
		syms[k] = v
		lowest = min(lowest, v)
	}
	syms["Keyword"] = lowest - 1
	return syms
}

func (d bilingualLexer) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	l, err := d.inner.Lex(filename, r)
	if err != nil {
		return nil, err
	}
	syms := d.Symbols()
	return &keywordLexer{inner: l, ident: syms["Ident"], keyword: syms["Keyword"]}, nil
}

type keywordLexer struct {
	inner   lexer.Lexer
	ident   lexer.TokenType
	keyword lexer.TokenType
	pending []lexer.Token
}

func (l *keywordLexer) Next() (lexer.Token, error) {
	if len(l.pending) > 0 {
		t := l.pending[0]
		l.pending = l.pending[1:]
		return t, nil
	}
	t, err := l.inner.Next()
	if err != nil || t.Type != l.ident {
		return t, err
	}
	en, ok := zhKeywords[t.Value]
	if !ok {
		return t, nil
	}
	typ := l.keyword
	if zhValues[t.Value] {
		typ = l.ident
	}
	for _, w := range en[1:] {
		l.pending = append(l.pending, lexer.Token{Type: typ, Value: w, Pos: t.Pos})
	}
	t.Type, t.Value = typ, en[0]
	return t, nil
}
