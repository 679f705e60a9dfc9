package interp

import (
	"strings"
	"testing"

	gocmp "github.com/google/go-cmp/cmp"
)

// lineCuts cuts after a line end, near the even cuts, never twice at one
// place, and stops where the lines do.
func TestLineCuts(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		n     int64 // of text, unless 0
		parts int
		want  []int64
	}{
		{"empty", "", 0, 4, []int64{0, 0}},
		{"one part", "a\nb\n", 0, 1, []int64{0, 4}},
		{"even lines", "aaa\nbbb\nccc\nddd\n", 0, 4, []int64{0, 4, 8, 12, 16}},
		{"a cut on a line end", "aaa\nbbb\n", 0, 2, []int64{0, 4, 8}},
		{"uneven lines", "a\nbbbbbbbbbb\nc\nd\n", 0, 2, []int64{0, 13, 17}},
		{"more parts than lines", "a\nb\n", 0, 8, []int64{0, 2, 4}},
		{"no line end", "abcdefgh", 0, 4, []int64{0, 8}},
		{"the last line without its end", "aaa\nbbb", 0, 2, []int64{0, 4, 7}},
		{"one long line then short ones", strings.Repeat("x", 9000) + "\na\nb\n", 0, 3, []int64{0, 9001, 9003, 9005}},
		{"only the first n bytes", "aaa\nbbb\nccc\n", 8, 2, []int64{0, 4, 8}},
		{"a reader shorter than n", "aaa\nbbb", 20, 4, []int64{0, 20}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n := tc.n
			if n == 0 {
				n = int64(len(tc.text))
			}
			got, err := lineCuts(strings.NewReader(tc.text), n, tc.parts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := gocmp.Diff(tc.want, got); diff != "" {
				t.Errorf("lineCuts (-want +got):\n%s", diff)
			}
		})
	}
}
