// Package spaces trims the spaces around a text as strings.TrimSpace does,
// faster for the texts claims hold: codes and labels (310, 本地, 在职) with
// no space around them, on every claim.
package spaces

import (
	"strings"
	"unicode/utf8"
)

// Trim is strings.TrimSpace(s), returning s at once where neither its
// first nor its last character can be a space: TrimSpace decodes both of
// a text's end runes that are not ASCII (a label such as 本地 or 在职),
// which took 2% of a stream. Of the bytes that start a rune, only ASCII's
// spaces and controls, and 0xC2, 0xE1, 0xE2 and 0xE3 (U+0085, U+00A0,
// U+1680, U+2000–U+205F, U+3000), start one that unicode.IsSpace holds.
func Trim(s string) string {
	if s == "" {
		return s
	}
	last := len(s) - 1 // where the last rune starts, as utf8.DecodeLastRuneInString looks for it
	for last > 0 && len(s)-last < utf8.UTFMax && !utf8.RuneStart(s[last]) {
		last--
	}
	if mayStartSpace(s[0]) || mayStartSpace(s[last]) {
		return strings.TrimSpace(s)
	}
	return s
}

// mayStartSpace reports whether b may be the first byte of a rune that
// unicode.IsSpace holds (see Trim).
func mayStartSpace(b byte) bool {
	return b <= ' ' || b == 0x7f || b == 0xc2 || b == 0xe1 || b == 0xe2 || b == 0xe3
}
