package lang

import (
	"slices"
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
