package spaces

import (
	"strings"
	"testing"
)

// Trim is strings.TrimSpace: on text with every kind of space at
// either end, labels in Chinese, and broken UTF-8.
func TestTrim(t *testing.T) {
	for _, s := range []string{
		"", " ", "310", " 310 ", "\t1101\r\n", "本地", " 本地", "本地 ", "\u3000在职\u3000", "在职\u3000",
		"\u00a0x", "x\u0085", "\u1680a", "a\u2000", "a\u200a", "\u2028a\u2029", "a\u202f", "\u205fa", "\v\f",
		"\xe3\x80", "a\xe3\x80", "\x80\x80\x80\x80", "a\xe2\x80\x80\x80", "\xff", "x\xc2", "\xc2\xa0\xc2", "、。", "ｘ",
	} {
		if got, want := Trim(s), strings.TrimSpace(s); got != want {
			t.Errorf("Trim(%q) = %q, want %q", s, got, want)
		}
	}
}

func FuzzTrim(f *testing.F) {
	for _, s := range []string{"", " 310 ", "本地", "\u3000在职", "a\u2029", "\xe3\x80"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Trim(s), strings.TrimSpace(s); got != want {
			t.Errorf("Trim(%q) = %q, want %q", s, got, want)
		}
	})
}
