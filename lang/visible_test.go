package lang_test

import (
	"testing"

	"github.com/mpl-lang/mpl/lang"
)

// Visible writes out what a terminal would take for a command, and leaves
// the rest as it is.
func TestVisible(t *testing.T) {
	for in, want := range map[string]string{
		"(9000 − 1500) × 85%":      "(9000 − 1500) × 85%",
		"a\tb":                     "a\tb",
		"\x1b]0;pwned\x07title":    `\x1b]0;pwned\x07title`,
		"c1\u009bline":             `c1\u009bline`,
		"two\nlines\rand a return": `two\x0alines\x0dand a return`,
	} {
		if got := lang.Visible(in); got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
	}
}
