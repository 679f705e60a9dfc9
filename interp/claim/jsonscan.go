package claim

import (
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// kind is the JSON type of a field's value, as read from a JSON object or a
// CSV cell (always kString).
type kind uint8

const (
	kAbsent kind = iota
	kNull
	kString // text is the decoded string
	kNumber // text is the number as written
	kBool   // text is "true" or "false"
	kObject // text is the raw JSON
	kArray  // text is the raw JSON
	kBadJSON
)

// value is one field of a claim before it is checked against the contract.
type value struct {
	kind kind
	text string
	dup  bool // the field was given more than once
}

// absent reports whether the field counts as not given: missing, null, or
// empty, the way an empty CSV cell is.
func (v value) absent() bool {
	return v.kind == kAbsent || v.kind == kNull || v.kind == kString && v.text == ""
}

// describe renders the value for an error message.
func (v value) describe() string {
	switch v.kind {
	case kString:
		return strconv.Quote(Clip(v.text))
	case kNumber, kBool:
		return Clip(v.text)
	case kObject:
		return "an object"
	case kArray:
		return "a list"
	case kBadJSON:
		return strconv.Quote(Clip(v.text))
	}
	return "null"
}

// Clip shortens s to 40 bytes for an error message, on a rune boundary,
// marking the cut with …: a cell or a value quoted in a message may be
// any length.
func Clip(s string) string {
	const max = 40
	if len(s) <= max {
		return s
	}
	n := max
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// jsonScanner walks a JSON text that json.Valid has accepted. Because the
// text is known to be valid, it only has to find where each value ends;
// the strict checking is encoding/json's.
type jsonScanner struct {
	s string
	i int
}

func (sc *jsonScanner) skipSpace() {
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case ' ', '\t', '\n', '\r':
			sc.i++
		default:
			return
		}
	}
}

// open consumes the opening bracket c ('{' or '[') of the next value and
// reports whether it was there.
func (sc *jsonScanner) open(c byte) bool {
	sc.skipSpace()
	if sc.i < len(sc.s) && sc.s[sc.i] == c {
		sc.i++
		return true
	}
	return false
}

// more reports whether another member or element follows before the closing
// bracket, which it consumes when not.
func (sc *jsonScanner) more() bool {
	sc.skipSpace()
	if sc.i >= len(sc.s) {
		return false
	}
	switch sc.s[sc.i] {
	case ',':
		sc.i++
		return true
	case '}', ']':
		sc.i++
		return false
	}
	return true // the first member or element
}

// key reads an object member's key and its colon.
func (sc *jsonScanner) key() string {
	sc.skipSpace()
	k := sc.str()
	sc.skipSpace()
	sc.i++ // ':'
	return k
}

// value reads the next value.
func (sc *jsonScanner) value() value {
	sc.skipSpace()
	start := sc.i
	switch sc.s[sc.i] {
	case '"':
		return value{kind: kString, text: sc.str()}
	case '{':
		sc.skipComposite()
		return value{kind: kObject, text: sc.s[start:sc.i]}
	case '[':
		sc.skipComposite()
		return value{kind: kArray, text: sc.s[start:sc.i]}
	case 't':
		sc.i += len("true")
		return value{kind: kBool, text: "true"}
	case 'f':
		sc.i += len("false")
		return value{kind: kBool, text: "false"}
	case 'n':
		sc.i += len("null")
		return value{kind: kNull}
	}
	for sc.i < len(sc.s) && isNumberByte(sc.s[sc.i]) {
		sc.i++
	}
	return value{kind: kNumber, text: sc.s[start:sc.i]}
}

func isNumberByte(c byte) bool {
	return isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E'
}

// skipComposite skips the object or array starting at sc.i.
func (sc *jsonScanner) skipComposite() {
	depth := 0
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case '"':
			sc.skipString()
			continue
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				sc.i++
				return
			}
		}
		sc.i++
	}
}

// skipString skips the string whose opening quote is at sc.i.
func (sc *jsonScanner) skipString() {
	sc.i++
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case '"':
			sc.i++
			return
		case '\\':
			sc.i++
		}
		sc.i++
	}
}

// str reads the string whose opening quote is at sc.i and returns its
// contents, which share the text's memory unless the string has escapes.
func (sc *jsonScanner) str() string {
	sc.i++
	start := sc.i
	for sc.i < len(sc.s) {
		switch sc.s[sc.i] {
		case '"':
			t := sc.s[start:sc.i]
			sc.i++
			return t
		case '\\':
			return sc.unescape(start)
		}
		sc.i++
	}
	return sc.s[start:]
}

// unescape decodes a string with escapes, from start (after the opening
// quote) to its closing quote, as encoding/json does: a lone surrogate
// becomes U+FFFD.
func (sc *jsonScanner) unescape(start int) string {
	b := make([]byte, 0, sc.i-start+16)
	b = append(b, sc.s[start:sc.i]...)
	for sc.i < len(sc.s) {
		c := sc.s[sc.i]
		switch {
		case c == '"':
			sc.i++
			return string(b)
		case c != '\\':
			b = append(b, c)
			sc.i++
			continue
		}
		sc.i++ // the backslash
		e := sc.s[sc.i]
		sc.i++
		switch e {
		case 'b':
			b = append(b, '\b')
		case 'f':
			b = append(b, '\f')
		case 'n':
			b = append(b, '\n')
		case 'r':
			b = append(b, '\r')
		case 't':
			b = append(b, '\t')
		case 'u':
			r := sc.hex4()
			if utf16.IsSurrogate(r) {
				r2 := rune(-1)
				if sc.i+1 < len(sc.s) && sc.s[sc.i] == '\\' && sc.s[sc.i+1] == 'u' {
					save := sc.i
					sc.i += 2
					r2 = sc.hex4()
					if utf16.DecodeRune(r, r2) == utf8.RuneError {
						sc.i = save // not a pair: the second escape stands alone
						r2 = -1
					}
				}
				if r2 < 0 {
					r = utf8.RuneError
				} else {
					r = utf16.DecodeRune(r, r2)
				}
			}
			b = utf8.AppendRune(b, r)
		default: // '"', '\\', '/'
			b = append(b, e)
		}
	}
	return string(b)
}

// hex4 reads the four hex digits of a \u escape.
func (sc *jsonScanner) hex4() rune {
	var r rune
	for k := 0; k < 4 && sc.i < len(sc.s); k++ {
		c := sc.s[sc.i]
		sc.i++
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}
