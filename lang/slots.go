package lang

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// The slots of the grammar: the places right after a keyword (or after `=`
// or `,`) where a statement wants something of its own — a name, an amount,
// a choice of keywords. A parse error at a keyword standing in such a place
// is reported in an author's words: what the slot wants and the statement
// written rightly. The table says the same as grammar.ebnf; slots_test.go
// parses every form in it, so a form the grammar no longer takes fails.

// blockKind is the kind of block a statement sits in.
type blockKind string

const (
	blockFile    blockKind = "file"    // top level: the declarations
	blockHeader  blockKind = "header"  // policy "…" { … } or library "…" { … }
	blockBenefit blockKind = "benefit" // benefit … { … }
	blockFund    blockKind = "fund"    // fund … { … }
	blockAccount blockKind = "account" // account { … }
	blockEnum    blockKind = "enum"    // enum … { … }: one label a line
	blockTable   blockKind = "table"   // match / by / table by … { … }
	blockBands   blockKind = "bands"   // bands { … }
)

// slot is what a statement wants after one of its keywords.
type slot struct {
	want    string   // in an author's words: "a parameter name"
	choices []string // the keywords the slot takes, when it takes only keywords
	form    string   // the statement written rightly, in English keywords
	names   bool     // the slot declares a name: a Chinese keyword is reserved there
}

// fits reports whether t is what the slot wants, so that the parser
// failed elsewhere (effective without its "to" fails at the source that
// follows, whose title is as it should be): a string where the slot wants
// one in quotes, a number where it wants a year.
func (s slot) fits(t lexer.Token) bool {
	switch {
	case strings.HasSuffix(s.want, "in quotes"):
		return t.Type == stringToken
	case s.want == "a year":
		return t.Type == numberToken
	}
	return false
}

// slotKey names a slot: the block, the statement's first keyword, and the
// keyword (or `=`, `,`) that opens the slot.
type slotKey struct {
	block     blockKind
	statement string
	after     string
}

// The statements' forms, shared by their slots. They write amounts and
// ratios as literals: a parameter's name would be one the file may not
// have. Where the author's line has what the slot wants but for one wrong
// keyword, the hint is that line put right instead (slipError).
const (
	formCap        = "cap ¥400000 per year"
	formDeductible = "deductible ¥1000 per year"
	formRatio      = "ratio 85%"
	formWhen       = "when psn_type == 退休"
	formSource     = `source "关于……的通知" by "某市医疗保障局" number "某医保发〔2024〕1号" year 2024`
)

var slots = map[slotKey]slot{
	{blockFile, "param", "param"}:     {want: "a parameter name", form: "param 住院起付线 = ¥1500", names: true},
	{blockFile, "param", ":"}:         {want: "a type (money, ratio, count …)", form: "param 住院起付线: money = ¥1500"},
	{blockFile, "param", "="}:         {want: "a value", form: "param 住院起付线 = ¥1500"},
	{blockFile, "benefit", "benefit"}: {want: "a benefit name", form: `benefit 住院 "普通住院" {`, names: true},
	{blockFile, "fund", "fund"}:       {want: "a fund name", form: `fund 大病 "大病保险" {`, names: true},
	{blockFile, "enum", "enum"}:       {want: "an enum name", form: "enum psn_type {", names: true},

	{blockHeader, "region", "region"}:       {want: "a region code", form: `region "110000"`},
	{blockHeader, "insutype", "insutype"}:   {want: "a scheme code", form: "insutype 310"},
	{blockHeader, "effective", "effective"}: {want: "a date", form: "effective 2025-01-01 to 2025-12-31"},
	{blockHeader, "effective", "to"}:        {want: "a date", form: "effective 2025-01-01 to 2025-12-31"},
	{blockHeader, "source", "source"}:       {want: "the document's title in quotes", form: formSource},
	{blockHeader, "source", "by"}:           {want: "the issuer in quotes", form: formSource},
	{blockHeader, "source", "number"}:       {want: "the document number in quotes", form: formSource},
	{blockHeader, "source", "year"}:         {want: "a year", form: formSource},
	{blockHeader, "source", "url"}:          {want: "an address in quotes", form: formSource},
	{blockHeader, "extends", "extends"}:     {want: "a file name in quotes", form: `extends "employee-2025.mpl"`},
	{blockHeader, "rounding", "rounding"}:   {want: "half_up, half_even or down", form: "rounding half_up"},
	{blockHeader, "account", "account"}:     {want: "all or none", form: "account all"},
	{blockHeader, "note", "note"}:           {want: "a note in quotes", form: `note "……"`},

	{blockBenefit, "covers", "covers"}:         {want: "a kind of care", form: "covers 普通住院, 急诊转住院"},
	{blockBenefit, "covers", ","}:              {want: "a kind of care", form: "covers 普通住院, 急诊转住院"},
	{blockBenefit, "when", "when"}:             {want: "a condition", form: formWhen},
	{blockBenefit, "deductible", "deductible"}: {want: "an amount or a parameter name", form: formDeductible},
	{blockBenefit, "deductible", "per"}:        {choices: []string{"year", "admission"}, form: formDeductible},
	{blockBenefit, "deductible", "pool"}:       {want: "a pool name", form: formDeductible + " pool 住院"},
	{blockBenefit, "ratio", "ratio"}:           {want: "a ratio or a parameter name", form: formRatio},
	{blockBenefit, "adjust", "adjust"}:         {want: "+, -, × or =", form: "adjust + 10% when medins_lv == 基层"},
	{blockBenefit, "adjust", "when"}:           {want: "a condition", form: "adjust + 10% when medins_lv == 基层"},
	{blockBenefit, "remote", "remote"}:         {want: "a table", form: "remote by mdtrt_area { 本地: × 100%, default: × 90% }"},
	{blockBenefit, "refuse", "refuse"}:         {want: "a field name or the reason in quotes", form: `refuse medins_lv "……"`},
	{blockBenefit, "cap", "cap"}:               {want: "an amount or a parameter name", form: formCap},
	{blockBenefit, "cap", "per"}:               {choices: []string{"year", "visit"}, form: formCap},
	{blockBenefit, "cap", "limit"}:             {want: "a limit name", form: formCap + " limit 统筹年度限额"},
	{blockBenefit, "cap", "when"}:              {want: "a condition", form: "cap ¥300 per visit when age >= 60"},

	{blockFund, "code", "code"}:       {want: "a fund code", form: "code 390200"},
	{blockFund, "applies", "applies"}: {want: "a benefit name", form: "applies 住院, 门诊"},
	{blockFund, "applies", ","}:       {want: "a benefit name", form: "applies 住院, 门诊"},
	{blockFund, "when", "when"}:       {want: "a condition", form: formWhen},
	{blockFund, "base", "base"}:       {choices: []string{"oop", "share"}, form: "base oop"},
	{blockFund, "ratio", "ratio"}:     {want: "a ratio or a parameter name", form: "ratio 60%"},
	{blockFund, "cap", "cap"}:         {want: "an amount or a parameter name", form: "cap ¥300000 per year"},
	{blockFund, "cap", "per"}:         {choices: []string{"year", "visit"}, form: "cap ¥300000 per year"},
	{blockFund, "cap", "limit"}:       {want: "a limit name", form: "cap ¥300000 per year limit 大病"},
	{blockFund, "cap", "when"}:        {want: "a condition", form: "cap ¥300 per visit when age >= 60"},

	{blockAccount, "spend", "spend"}:       {want: "current or carried", form: "spend current"},
	{blockAccount, "credit", "credit"}:     {want: "an amount", form: "credit own_contribution + contribution_base × 2% when psn_type == 在职"},
	{blockAccount, "credit", "when"}:       {want: "a condition", form: "credit own_contribution + contribution_base × 2% when psn_type == 在职"},
	{blockAccount, "interest", "interest"}: {want: "a yearly rate", form: "interest 1.5%"},
	{blockAccount, "lapse", "lapse"}:       {want: "keep or freeze", form: "lapse keep"},
	{blockAccount, "backpay", "backpay"}:   {want: "a number of months", form: "backpay 3"},
	{blockAccount, "share", "share"}:       {want: "a family relation", form: "share 配偶, 父母, 子女"},
	{blockAccount, "share", ","}:           {want: "a family relation", form: "share 配偶, 父母, 子女"},
}

// statements lists, by block, the keywords that start a statement there.
var statements = map[blockKind]map[string]bool{}

func init() {
	for k := range slots {
		if statements[k.block] == nil {
			statements[k.block] = map[string]bool{}
		}
		statements[k.block][k.statement] = true
	}
	statements[blockFile]["account"] = true // account { … } has no slot
}

// wantText says what a slot wants, its choices spelt out.
func (s slot) wantText() string {
	if len(s.choices) == 0 {
		return s.want
	}
	quoted := make([]string, len(s.choices))
	for i, c := range s.choices {
		quoted[i] = `"` + c + `"`
	}
	return strings.Join(quoted, " or ")
}

// zhPhrases are the per-phrases that `mpl fmt --lang zh` writes as one
// word; longest first, so that "per year" is not read as "per" "year".
var zhPhrases = []struct{ en, zh string }{
	{"per year", "按年"}, {"per visit", "每次"}, {"per admission", "按次"},
	{"share", "共济"}, // the account's; a fund's base share (剩余自付) is in no form
}

// zhForm writes a form with Chinese keywords, for an author who writes
// them: the hint then reads as the line they meant to write.
func zhForm(form string) string {
	words := strings.Split(form, " ")
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		if i+1 < len(words) {
			if zh, ok := zhPhrase(w + " " + words[i+1]); ok {
				out = append(out, zh)
				i++
				continue
			}
		}
		if w == "by" { // 由 "issuer" in a source, 按 field in a table
			w = "按"
			if i+1 < len(words) && strings.HasPrefix(words[i+1], `"`) {
				w = "由"
			}
		} else if zh, ok := zhPhrase(w); ok {
			w = zh
		} else if zh, ok := zhKeyword[w]; ok && !zhValues[zh] {
			w = zh
		}
		out = append(out, w)
	}
	return strings.Join(out, " ")
}

func zhPhrase(en string) (string, bool) {
	for _, p := range zhPhrases {
		if p.en == en {
			return p.zh, true
		}
	}
	return "", false
}
