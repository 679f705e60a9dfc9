package claim

import "strings"

// MemberKey tells, without parsing the JSON Lines line, whose claim it is:
// ok means that if the line is a claim at all (Claim reads it without an
// error), its psn_no is psnNo. It is for a program that splits a batch's
// lines among goroutines by member and must not parse every line on every
// goroutine to know which are its own. psnNo shares line's memory.
//
// It answers only for the plain line: no backslash anywhere, so that every
// quote starts or ends a string and no key is spelled with an escape; and
// the first "psn_no" followed by a colon and a string, with no object or
// array opened before it but the line's own. That "psn_no" is then a key
// of the line's object, so if the line is a claim, it is the claim's
// psn_no (a second psn_no key would make the line an error, whose reader
// does not matter). For any other line ok is false, and the caller parses
// the line to know.
func MemberKey(line string) (psnNo string, ok bool) {
	const key = `"psn_no":"`
	if strings.IndexByte(line, '\\') >= 0 {
		return "", false
	}
	i := strings.Index(line, key)
	if i < 0 {
		return "", false
	}
	if before := line[:i]; strings.Count(before, "{") != 1 || strings.IndexByte(before, '[') >= 0 {
		return "", false
	}
	rest := line[i+len(key):]
	end := strings.IndexByte(rest, '"')
	if end < 0 {
		return "", false
	}
	return rest[:end], true
}
