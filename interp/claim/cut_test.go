package claim

import (
	"strings"
	"testing"
)

// CSVHeaderEnd ends after the first line that is more than a line end,
// a byte order mark at the start not counted.
func TestCSVHeaderEnd(t *testing.T) {
	for _, tc := range []struct {
		name, text string
		want       int64
	}{
		{"header first", "a,b\n1,2\n", 4},
		{"blank lines first", "\n\r\na,b\n1,2\n", 7},
		{"a byte order mark, then a blank line", "\ufeff\na,b\n", 8},
		{"a byte order mark on the header", "\ufeffa,b\n1,2\n", 7},
		{"a line of a carriage return and more is no blank line", "\r\r\n1\n", 3},
		{"a line of spaces is a header", " \n1\n", 2},
		{"only blank lines", "\n\r\n", 3},
		{"no line end", "a,b", 3},
		{"empty", "", 0},
	} {
		got, err := CSVHeaderEnd(strings.NewReader(tc.text), int64(len(tc.text)))
		if err != nil || got != tc.want {
			t.Errorf("%s: CSVHeaderEnd(%q) = %d, %v; want %d", tc.name, tc.text, got, err, tc.want)
		}
	}
}
