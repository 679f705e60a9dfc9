package cli

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Columns line up on screen where cells hold Chinese, which takes two
// columns a character: each cell is padded by its width on screen.
func TestWriteTable(t *testing.T) {
	var b strings.Builder
	if err := writeTable(&b, [][]string{
		{"NAME", "SOURCE"},
		{"南京（2025）", "a"},
		{"x", "“一老一小”"},
	}); err != nil {
		t.Fatal(err)
	}
	want := "NAME          SOURCE\n" +
		"南京（2025）  a\n" +
		"x             “一老一小”\n"
	if diff := cmp.Diff(want, b.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for s, w := range map[string]int{"": 0, "abc": 3, "南京": 4, "（": 2, "“": 1, "C0000_ADM_住院": 14} {
		if got := displayWidth(s); got != w {
			t.Errorf("displayWidth(%q) = %d, want %d", s, got, w)
		}
	}
}
