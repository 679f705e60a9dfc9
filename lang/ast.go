package lang

import "github.com/alecthomas/participle/v2/lexer"

// The AST is participle's parse tree: each node records where it starts
// (Pos, filled by participle). The grammar in grammar.ebnf says the same in
// prose; keep the two in step.

// File is one MPL source file: a header and declarations.
type File struct {
	Pos    lexer.Position
	Header *Header `parser:"@@"`
	Decls  []*Decl `parser:"@@*"`
}

// Header opens a file: `policy "name" { … }` for a policy, `library "name"
// { … }` for shared definitions such as the national code tables.
type Header struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Kind   string        `parser:"@(\"policy\" | \"library\")"`
	Name   string        `parser:"@String"`
	Items  []*HeaderItem `parser:"\"{\" @@* \"}\""`
}

// HeaderItem is one line of a header.
type HeaderItem struct {
	Pos       lexer.Position
	EndPos    lexer.Position
	Tokens    []lexer.Token // where its value stands, for the checker's positions
	Region    *string       `parser:"  \"region\" @(String | Number)"`
	Insutype  *string       `parser:"| \"insutype\" @(String | Number)"`
	Effective *Period       `parser:"| \"effective\" @@"`
	Source    *SourceDecl   `parser:"| \"source\" @@"`
	Extends   *string       `parser:"| \"extends\" @String"`
	Rounding  *string       `parser:"| \"rounding\" @Ident"`
	Account   *string       `parser:"| \"account\" @Ident"`
	Note      *string       `parser:"| \"note\" @String"`
}

// Period is an effective period, both ends inclusive.
type Period struct {
	Pos    lexer.Position
	Tokens []lexer.Token // where its end date stands, for the checker's positions
	From   string        `parser:"@Date"`
	To     string        `parser:"\"to\" @Date"`
}

// SourceDecl cites the document a policy implements.
type SourceDecl struct {
	Pos    lexer.Position
	Title  string `parser:"@String"`
	Issuer string `parser:"(\"by\" @String)?"`
	Number string `parser:"(\"number\" @String)?"`
	Year   string `parser:"(\"year\" @Number)?"`
	URL    string `parser:"(\"url\" @String)?"`
}

// Decl is one top-level declaration.
type Decl struct {
	Pos     lexer.Position
	Enum    *EnumDecl    `parser:"  @@"`
	Param   *ParamDecl   `parser:"| @@"`
	Benefit *BenefitDecl `parser:"| @@"`
	Fund    *FundDecl    `parser:"| @@"`
	Account *AccountDecl `parser:"| @@"`
}

// AccountDecl holds the personal account's rules:
// `account { spend current  credit own_contribution when … }`.
type AccountDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Items  []*AccountItem `parser:"\"account\" \"{\" @@* \"}\""`
}

// AccountItem is one line of an account block.
type AccountItem struct {
	Pos      lexer.Position
	EndPos   lexer.Position
	Spend    *string  `parser:"  \"spend\" @Ident"`
	Credit   *Credit  `parser:"| @@"`
	Interest *Expr    `parser:"| \"interest\" @@"`
	Lapse    *string  `parser:"| \"lapse\" @Ident"`
	Backpay  *Expr    `parser:"| \"backpay\" @@"`
	Share    []string `parser:"| \"share\" @Ident (\",\" @Ident)*"`
}

// Credit is a monthly credit rule: `credit own_contribution + contribution_base × 1.3% when age < 35`.
type Credit struct {
	Pos    lexer.Position
	Amount *Expr `parser:"\"credit\" @@"`
	When   *Expr `parser:"(\"when\" @@)?"`
}

// EnumDecl declares a code table (in the stdlib) or a policy's own labels
// over a national code table: `enum psn_type { 在职 = 1101, 1102 … }`.
type EnumDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string       `parser:"\"enum\" @Ident"`
	Title  string       `parser:"@String?"`
	Values []*EnumValue `parser:"\"{\" @@* \"}\""`
}

// EnumValue is one label of an enum and the codes it stands for.
type EnumValue struct {
	Pos   lexer.Position
	Label string   `parser:"@Ident"`
	Codes []string `parser:"(\"=\" @(Number | String) (\",\" @(Number | String))*)?"`
}

// ParamDecl names a value: `param 住院起付线: money = ¥1500`.
type ParamDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string `parser:"\"param\" @Ident"`
	Type   string `parser:"(\":\" @Ident)?"`
	Value  *Expr  `parser:"\"=\" @@"`
}

// BenefitDecl is the rule for one kind of care.
type BenefitDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string         `parser:"\"benefit\" @Ident"`
	Title  string         `parser:"@String?"`
	Items  []*BenefitItem `parser:"\"{\" @@* \"}\""`
}

// BenefitItem is one line of a benefit.
type BenefitItem struct {
	Pos        lexer.Position
	EndPos     lexer.Position
	Covers     []*Atom     `parser:"  \"covers\" @@ (\",\" @@)*"`
	When       *Expr       `parser:"| \"when\" @@"`
	Deductible *Deductible `parser:"| @@"`
	Ratio      *Expr       `parser:"| \"ratio\" @@"`
	Adjust     *Adjust     `parser:"| @@"`
	Remote     *Table      `parser:"| \"remote\" @@"`
	Cap        *Cap        `parser:"| @@"`
	Refuse     *Refuse     `parser:"| @@"`
}

// Refuse turns the claims a benefit selects away with the real reason, where
// the source gives no figures for them: `refuse medins_lv "levels 1 and 3
// are not given"`. The field (default med_type) is the one the error names.
type Refuse struct {
	Pos    lexer.Position
	Field  string `parser:"\"refuse\" @Ident?"`
	Reason string `parser:"@String"`
}

// Deductible is a benefit's 起付线.
type Deductible struct {
	Pos      lexer.Position
	Tokens   []lexer.Token // where its keywords stand, for the checker's positions
	Amount   *Expr         `parser:"\"deductible\" @@"`
	Per      string        `parser:"(\"per\" @(\"year\" | \"admission\"))?"`
	Pool     string        `parser:"(\"pool\" @Ident)?"`
	Schedule []*Expr       `parser:"(\"schedule\" \"[\" @@ (\",\" @@)* \"]\")?"`
}

// Adjust changes the pooled ratio: `adjust + 10% when medins_lv == 基层`.
type Adjust struct {
	Pos   lexer.Position
	Op    string `parser:"\"adjust\" @(\"+\" | \"-\" | \"*\" | \"×\" | \"=\")"`
	Value *Expr  `parser:"@@"`
	When  *Expr  `parser:"(\"when\" @@)?"`
}

// Cap limits what a fund pays: per year (optionally a named limit shared by
// several benefits) or per visit.
type Cap struct {
	Pos    lexer.Position
	Tokens []lexer.Token // where its keywords stand, for the checker's positions
	Amount *Expr         `parser:"\"cap\" @@"`
	Per    string        `parser:"\"per\" @(\"year\" | \"visit\")"`
	Limit  string        `parser:"(\"limit\" @Ident)?"`
	When   *Expr         `parser:"(\"when\" @@)?"`
}

// FundDecl is a further fund paid after the pooled fund: 大病, 大额,
// civil-servant subsidy, medical assistance.
type FundDecl struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Name   string      `parser:"\"fund\" @Ident"`
	Title  string      `parser:"@String?"`
	Items  []*FundItem `parser:"\"{\" @@* \"}\""`
}

// FundItem is one line of a fund.
type FundItem struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Tokens  []lexer.Token // where its values stand, for the checker's positions
	Code    *string       `parser:"  \"code\" @(Number | String)"`
	Applies []string      `parser:"| \"applies\" @Ident (\",\" @Ident)*"`
	When    *Expr         `parser:"| \"when\" @@"`
	Base    *string       `parser:"| \"base\" @(\"oop\" | \"share\")"`
	Ratio   *Expr         `parser:"| \"ratio\" @@"`
	Cap     *Cap          `parser:"| @@"`
}

// Expr is an expression; operators bind as usual: or < and < not <
// comparison < + - < * × / < unary minus.
type Expr struct {
	Pos  lexer.Position
	Left *AndExpr   `parser:"@@"`
	Rest []*AndExpr `parser:"(\"or\" @@)*"`
}

// AndExpr is a chain of `and`.
type AndExpr struct {
	Pos  lexer.Position
	Left *NotExpr   `parser:"@@"`
	Rest []*NotExpr `parser:"(\"and\" @@)*"`
}

// NotExpr is an optionally negated comparison.
type NotExpr struct {
	Pos lexer.Position
	Not bool     `parser:"@\"not\"?"`
	Cmp *CmpExpr `parser:"@@"`
}

// CmpExpr is a comparison, a membership test, or a plain sum.
type CmpExpr struct {
	Pos   lexer.Position
	Left  *AddExpr   `parser:"@@"`
	Op    string     `parser:"( @(\"==\" | \"!=\" | \"<=\" | \">=\" | \"<\" | \">\")"`
	Right *AddExpr   `parser:"  @@"`
	In    []*AddExpr `parser:"| \"in\" \"[\" @@ (\",\" @@)* \"]\" )?"`
}

// AddExpr is a left-associative chain of + and -.
type AddExpr struct {
	Pos  lexer.Position
	Left *MulExpr `parser:"@@"`
	Rest []*AddOp `parser:"@@*"`
}

// AddOp is one `+ x` or `- x`.
type AddOp struct {
	Pos   lexer.Position
	Op    string   `parser:"@(\"+\" | \"-\")"`
	Right *MulExpr `parser:"@@"`
}

// MulExpr is a left-associative chain of *, × and /.
type MulExpr struct {
	Pos  lexer.Position
	Left *UnaryExpr `parser:"@@"`
	Rest []*MulOp   `parser:"@@*"`
}

// MulOp is one `* x`, `× x` or `/ x`.
type MulOp struct {
	Pos   lexer.Position
	Op    string     `parser:"@(\"*\" | \"×\" | \"/\")"`
	Right *UnaryExpr `parser:"@@"`
}

// UnaryExpr is an optionally negated primary.
type UnaryExpr struct {
	Pos  lexer.Position
	Neg  bool     `parser:"@\"-\"?"`
	Prim *Primary `parser:"@@"`
}

// Primary is a literal, a name, a call or a compound expression.
type Primary struct {
	Pos     lexer.Position
	Money   *string `parser:"  @Money"`
	Percent *string `parser:"| @Percent"`
	Date    *string `parser:"| @Date"`
	Number  *string `parser:"| @Number"`
	String  *string `parser:"| @String"`
	Bool    *string `parser:"| @(\"true\" | \"false\")"`
	If      *IfExpr `parser:"| @@"`
	Table   *Table  `parser:"| @@"`
	Bands   *Bands  `parser:"| @@"`
	Ref     *Ref    `parser:"| @@"`
	Paren   *Expr   `parser:"| \"(\" @@ \")\""`
}

// IfExpr is `if c then a else b`.
type IfExpr struct {
	Pos  lexer.Position
	Cond *Expr `parser:"\"if\" @@"`
	Then *Expr `parser:"\"then\" @@"`
	Else *Expr `parser:"\"else\" @@"`
}

// Ref is a name (a parameter, a claim field, a label) or a call `min(a, b)`.
type Ref struct {
	Pos  lexer.Position
	Name string  `parser:"@Ident"`
	Call bool    `parser:"( @\"(\""`
	Args []*Expr `parser:"  (@@ (\",\" @@)*)? \")\" )?"`
}

// Table is a lookup by one or more enums: `match psn_type { 在职: 85% … }` or
// `table by medins_lv, psn_type { 三级, 在职: 85% … default: 80% }`. In a
// benefit's `remote` block its values are adjustments (`× 90%`, `- 5%`).
type Table struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Keys   []string `parser:"( \"match\" | \"table\" \"by\" | \"by\" ) @Ident (\",\" @Ident)*"`
	Rows   []*Row   `parser:"\"{\" @@* \"}\""`
}

// Row is one row of a table: keys (or `default`), a colon, a value.
type Row struct {
	Pos     lexer.Position
	EndPos  lexer.Position
	Default bool   `parser:"( @\"default\""`
	Keys    []*Key `parser:"| @@ (\",\" @@)* ) \":\""`
	Op      string `parser:"@(\"×\" | \"*\" | \"+\" | \"-\" | \"=\")?"`
	Value   *Expr  `parser:"@@ \",\"?"`
}

// Key is one key of a row: `_` for any, or labels separated by `|`.
type Key struct {
	Pos  lexer.Position
	Alts []*Atom `parser:"@@ (\"|\" @@)*"`
}

// Atom is a label or a code.
type Atom struct {
	Pos   lexer.Position
	Ident *string `parser:"  @Ident"`
	Code  *string `parser:"| @(Number | String)"`
}

// Text returns the atom as written (without quotes).
func (a *Atom) Text() string {
	if a.Ident != nil {
		return *a.Ident
	}
	return *a.Code
}

// Bands are progressive amount bands, like tax brackets:
// `bands { 0..500: 25%, 500..10000: 65%, 10000..: 50% }`.
type Bands struct {
	Pos    lexer.Position
	EndPos lexer.Position
	Bands  []*Band `parser:"\"bands\" \"{\" @@* \"}\""`
}

// Band is one band: from (inclusive) .. to (exclusive, open when absent).
type Band struct {
	Pos    lexer.Position
	EndPos lexer.Position
	From   string `parser:"@(Money | Number)"`
	To     string `parser:"\"..\" @(Money | Number)?"`
	Value  *Expr  `parser:"\":\" @@ \",\"?"`
}
