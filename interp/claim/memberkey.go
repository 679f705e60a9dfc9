package claim

import (
	"strings"
	"time"
)

// MemberKey tells, without parsing the JSON Lines line, whose claim it is:
// ok means that if the line is a claim at all (Claim reads it without an
// error), its psn_no is psnNo. It is for a program that splits a batch's
// lines among goroutines by member and must not parse every line on every
// goroutine to know which are its own. psnNo shares line's memory.
//
// It answers only for the plain line: the first "psn_no" followed by a
// colon and a string, with no backslash up to that string's end, so that
// every quote before it starts or ends a string and no key before it is
// spelled with an escape, and no object or array opened before it but the
// line's own. That "psn_no" is then a key of the line's object, so if the
// line is a claim, it is the claim's psn_no: what follows cannot change
// it, since a second psn_no key, however spelled, makes the line an error,
// whose reader does not matter. For any other line ok is false, and the
// caller parses the line to know.
func MemberKey(line string) (psnNo string, ok bool) {
	const key = `"psn_no":"`
	i := indexPsnNo(line)
	if i < 0 {
		return "", false
	}
	rest := line[i+len(key):]
	end := strings.IndexByte(rest, '"')
	if end < 0 || strings.IndexByte(line[:i+len(key)+end], '\\') >= 0 {
		return "", false
	}
	opened := 0
	for _, b := range []byte(line[:i]) {
		switch b {
		case '{':
			opened++
		case '[':
			return "", false
		}
	}
	if opened != 1 {
		return "", false
	}
	return rest[:end], true
}

// indexPsnNo is strings.Index(line, `"psn_no":"`).
func indexPsnNo(line string) int { return indexKey(line, `"psn_no":"`) }

// indexKey is strings.Index(line, key) for a key that starts with a quote,
// about twice as fast on a claim line: it looks for the key's first
// letter, which few bytes before the key are, where strings.Index would
// stop at every quote.
func indexKey(line, key string) int { return indexKeyBy(line, key, 1) }

// indexKeyBy is strings.Index(line, key), looking for key[k] first: the
// key's letter that the fewest other bytes of a line share is found
// soonest.
func indexKeyBy(line, key string, k int) int {
	for from := 0; ; {
		j := strings.IndexByte(line[from:], key[k])
		if j < 0 {
			return -1
		}
		if i := from + j - k; i >= 0 && strings.HasPrefix(line[i:], key) {
			return i
		}
		from += j + 1
	}
}

// LineKeys are what places a claim in a batch: whose it is, which, when,
// and for how much.
type LineKeys struct {
	PsnNo, SetlID string
	SetlTime      time.Time
	MedfeeSumamt  int64 // in fen
}

// The keys ReadLineKeys reads.
var lineKeyNames = [...]string{"psn_no", "setl_id", "setl_time", "medfee_sumamt"}

// ReadLineKeys reads, without parsing the JSON Lines line, what places it
// in a batch: ok means that if the line is a claim at all (Claim reads it
// without an error), its psn_no, setl_id, setl_time and medfee_sumamt are
// k's, and it reverses nothing. The strings share line's memory.
//
// It answers only for the plain line, the common one: no backslash, so
// that every quote starts or ends a string and no key is spelled with an
// escape, and the keys of the line's own object, those at its first level
// of nesting, can be told from those of a list or object within it (the
// fee lines, a HIS's extra fields) by counting brackets outside strings;
// psn_no, setl_id and setl_time strings straight after their key and
// colon, medfee_sumamt a string or a number there, each read as Flat reads
// it; and no "reverses" anywhere. The first of each key at that level is
// then the line's (a second would make the line an error, whose reader
// does not matter). For any other line ok is false, and the caller parses
// the line to know.
func ReadLineKeys(line string) (k LineKeys, ok bool) {
	// "reverses" by its v, which of the interface's keys only medins_lv,
	// overlmt_selfpay, cvlserv_flag and a fee line's chrg_item_lv share:
	// a third of the time its r took on a plain line.
	if strings.IndexByte(line, '\\') >= 0 || indexKeyBy(line, `"reverses"`, 3) >= 0 {
		return LineKeys{}, false
	}
	// at[n] is where lineKeyNames[n]'s value starts.
	var at [len(lineKeyNames)]int
	if strings.IndexByte(line, '[') < 0 && strings.Count(line, "{") == 1 {
		// Nothing nested, the common line: the first of each key anywhere
		// is the line's, found sooner. The keys are looked for in the
		// order the interface lists them (lineKeysInOrder), each from
		// where the last was found, then before it: a line in that order
		// is read about once through.
		from := 0
		for _, n := range lineKeysInOrder {
			key := lineKeysQuoted[n]
			j := indexKey(line[from:], key)
			if j >= 0 {
				j += from
			} else if j = indexKey(line[:from], key); j < 0 {
				return LineKeys{}, false
			}
			at[n] = j + len(key)
			from = at[n]
		}
	} else if !topLevelKeys(line, &at) {
		return LineKeys{}, false
	}
	var raw [len(lineKeyNames)]value
	for n, j := range at {
		if raw[n], ok = plainValue(line[j:]); !ok {
			return LineKeys{}, false
		}
	}
	var msg string
	if k.PsnNo, msg = textField(raw[0], true); msg != "" || raw[0].kind != kString {
		return LineKeys{}, false
	}
	if k.SetlID, msg = textField(raw[1], true); msg != "" || raw[1].kind != kString {
		return LineKeys{}, false
	}
	if k.SetlTime, ok = flatTime(raw[2]); !ok {
		return LineKeys{}, false
	}
	if k.MedfeeSumamt, ok = flatMoney(raw[3]); !ok {
		return LineKeys{}, false
	}
	return k, true
}

// topLevelKeys finds in line, which has no backslash, where the value of
// each of lineKeyNames starts, the first of each at the first level of
// nesting, counting brackets outside strings; it reports false when one is
// not there.
func topLevelKeys(line string, at *[len(lineKeyNames)]int) bool {
	found, depth := 0, 0
	for i := 0; i < len(line) && found < len(at); {
		switch line[i] {
		case '"':
			end := strings.IndexByte(line[i+1:], '"')
			if end < 0 {
				return false
			}
			next := i + end + 2 // past the closing quote
			if depth == 1 && next < len(line) && line[next] == ':' {
				if n := lineKey(line[i+1 : next-1]); n >= 0 && at[n] == 0 {
					at[n] = next + 1
					found++
				}
			}
			i = next
		case '{', '[':
			depth++
			i++
		case '}', ']':
			depth--
			i++
		default:
			i++
		}
	}
	return found == len(at)
}

// lineKeysQuoted are lineKeyNames as a plain line spells them, with their
// quotes and colon.
var lineKeysQuoted = func() (q [len(lineKeyNames)]string) {
	for n, key := range lineKeyNames {
		q[n] = `"` + key + `":`
	}
	return q
}()

// lineKeysInOrder are the indexes in lineKeyNames of its keys in the order
// the national interface lists them, which a HIS's lines mostly keep.
var lineKeysInOrder = [len(lineKeyNames)]int{1, 0, 2, 3}

// lineKey is the index of name in lineKeyNames, or -1.
func lineKey(name string) int {
	for n, key := range lineKeyNames {
		if name == key {
			return n
		}
	}
	return -1
}

// plainValue reads the string or number that s starts with, in a line
// with no backslash: a string to its closing quote, a number to the first
// byte that cannot be in one, which must then end it.
func plainValue(s string) (value, bool) {
	if s == "" {
		return value{}, false
	}
	if s[0] == '"' {
		end := strings.IndexByte(s[1:], '"')
		if end < 0 {
			return value{}, false
		}
		return value{kind: kString, text: s[1 : 1+end]}, true
	}
	end := 0
	for end < len(s) && strings.IndexByte("0123456789.-+eE", s[end]) >= 0 {
		end++
	}
	if end == 0 || end == len(s) || strings.IndexByte(",} \t\r\n", s[end]) < 0 {
		return value{}, false
	}
	return value{kind: kNumber, text: s[:end]}, true
}
