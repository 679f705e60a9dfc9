package lang

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// blockAround puts one statement of a block kind into a file that the
// parser takes whole.
var blockAround = map[blockKind][2]string{
	blockFile:    {"", ""},
	blockHeader:  {"policy \"p\" {\n", "\n}\n"},
	blockBenefit: {"benefit b {\n", "\n}\n"},
	blockFund:    {"fund f {\n", "\n}\n"},
	blockAccount: {"account {\n", "\n}\n"},
}

// Every form a hint shows parses, in English and in Chinese keywords: a
// hint must not teach what the grammar refuses.
func TestSlotFormsParse(t *testing.T) {
	for key, s := range slots {
		around, ok := blockAround[key.block]
		if !ok {
			t.Fatalf("%v: no block to try its form in", key)
		}
		for _, form := range []string{s.form, zhForm(s.form)} {
			src := around[0] + form
			if strings.HasSuffix(form, "{") {
				src += " }"
			}
			src += around[1]
			if key.block != blockHeader {
				src = "policy \"p\" {\n}\n" + src
			}
			if _, err := Parse("form.mpl", []byte(src)); err != nil {
				t.Errorf("%v: form %q does not parse: %v", key, form, err)
			}
		}
	}
}

// Every word in quotes in grammar.ebnf is a keyword diagnosis knows, and
// every statement the table lists is one.
func TestEnglishKeywordsMatchGrammar(t *testing.T) {
	grammar, err := os.ReadFile("grammar.ebnf")
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range regexp.MustCompile(`"([a-z]+)"`).FindAllStringSubmatch(string(grammar), -1) {
		if !englishKeywords[m[1]] {
			t.Errorf("grammar keyword %q is not in englishKeywords", m[1])
		}
	}
	for kind, words := range statements {
		for w := range words {
			if !englishKeywords[w] {
				t.Errorf("%s statement %q is not a keyword", kind, w)
			}
		}
	}
}

func TestZhForm(t *testing.T) {
	tests := []struct{ en, zh string }{
		{"cap 年度最高支付限额 per year limit 统筹年度限额 when age >= 60", "封顶线 年度最高支付限额 按年 限额 统筹年度限额 当 age >= 60"},
		{`source "通知" by "医保局" year 2024`, `依据 "通知" 由 "医保局" 年份 2024`},
		{"remote by mdtrt_area { 本地: × 100% }", "异地 按 mdtrt_area { 本地: × 100% }"},
		{"share 配偶, 父母", "共济 配偶, 父母"},
	}
	for _, tt := range tests {
		if got := zhForm(tt.en); got != tt.zh {
			t.Errorf("zhForm(%q) = %q, want %q", tt.en, got, tt.zh)
		}
	}
}
