package lang

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// Each English keyword `mpl fmt --lang zh` prints from zhKeyword has one
// Chinese form there: with two, the map's order would choose, and the
// printing would differ from run to run. A keyword with forms by context
// leaves all but one to the printer (zhByContext).
func TestZhKeywordOneForm(t *testing.T) {
	forms := map[string][]string{}
	for zh, en := range zhKeywords {
		if len(en) == 1 && !zhByContext[zh] {
			forms[en[0]] = append(forms[en[0]], zh)
		}
	}
	for en, zh := range forms {
		if len(zh) > 1 {
			slices.Sort(zh)
			t.Errorf("%s has Chinese forms %v: leave all but one to the printer (zhByContext)", en, zh)
		}
	}
	for zh := range zhByContext {
		if _, ok := zhKeywords[zh]; !ok {
			t.Errorf("zhByContext names %s, which is no keyword", zh)
		}
	}
}

// TestKeywordTableComplete checks that docs/language.md's keyword table,
// which says it holds every keyword, holds every Chinese keyword the lexer
// reserves, with the English keyword it stands for on the same row.
func TestKeywordTableComplete(t *testing.T) {
	doc, err := os.ReadFile("../docs/language.md")
	if err != nil {
		t.Fatal(err)
	}
	_, table, ok := strings.Cut(string(doc), "## Keywords in English and Chinese")
	if !ok {
		t.Fatal(`docs/language.md has no "Keywords in English and Chinese" section`)
	}
	table, _, _ = strings.Cut(table, "\n\n## ")
	code := regexp.MustCompile("`([^`]+)`")
	rows := map[string]string{} // a Chinese keyword → its row
	for _, line := range strings.Split(table, "\n") {
		if !strings.HasPrefix(line, "| `") {
			continue
		}
		for _, m := range code.FindAllStringSubmatch(line, -1) {
			// `有效期 … 至 …`, `如果`, `则`: each word its own
			for _, part := range strings.FieldsFunc(m[1], func(r rune) bool { return r == '…' || r == ',' }) {
				rows[strings.TrimSpace(part)] = line
			}
		}
	}
	for zh, en := range zhKeywords {
		row, ok := rows[zh]
		if !ok {
			t.Errorf("keyword %s (%s) is not in docs/language.md's keyword table", zh, strings.Join(en, " "))
			continue
		}
		if !strings.Contains(row, strings.Join(en, " ")) {
			t.Errorf("keyword %s's row in docs/language.md does not name %s: %s", zh, strings.Join(en, " "), row)
		}
	}
}
