package claim

import "strings"

// A HIS sends many fields beside the contract's, and the readers ignore
// them. A contract field sent under a misspelt name would be ignored too,
// and the claim settle as if it were not given: "reverse" for reverses
// settles a reversal as a new claim, "acct_used_flg" lets the account pay.
// So a key that is not the contract's but looks like one of its fields,
// when that field itself is not given, makes the claim an error naming the
// key and the field it looks like.

// nearField returns the contract field key looks like a misspelling of, or
// -1: the same name but for case or, for names of five letters or more,
// one letter added, dropped or changed, or two neighbours swapped.
func nearField(key string) int {
	for f, name := range claimFieldNames {
		if strings.EqualFold(key, name) || len(name) >= 5 && oneEditApart(key, name) {
			return f
		}
	}
	return -1
}

// oneEditApart reports whether a and b, which differ, are one edit apart:
// a byte inserted, deleted or changed, or two neighbouring bytes swapped.
func oneEditApart(a, b string) bool {
	if len(a) > len(b) {
		a, b = b, a
	}
	if len(b)-len(a) > 1 {
		return false
	}
	i := 0
	for i < len(a) && a[i] == b[i] {
		i++
	}
	if len(a) < len(b) {
		return a[i:] == b[i+1:] // b has one byte more at i
	}
	if i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:] {
		return true // two neighbours swapped
	}
	return i < len(a) && a[i+1:] == b[i+1:] // one byte changed
}

// nearNames caches nearField's answer for the keys a reader meets, so that
// a HIS's own fields, met on every line, cost a map lookup after the first.
type nearNames struct {
	m map[string]int8
}

// field is nearField(key), cached for up to 1024 keys.
func (n *nearNames) field(key string) int {
	if f, ok := n.m[key]; ok {
		return int(f)
	}
	f := nearField(key)
	if len(n.m) < 1024 {
		if n.m == nil {
			n.m = make(map[string]int8)
		}
		n.m[strings.Clone(key)] = int8(f)
	}
	return f
}

// misspellings are the keys of one claim that look like contract fields
// (see nearField): a bit a field, and the first key that looked like it.
type misspellings struct {
	fields uint32
	keys   [numClaimFields]string // as written; only where fields has the bit
}

// note records that key looks like field f.
func (m *misspellings) note(f int, key string) {
	if m.fields&(1<<f) == 0 {
		m.fields |= 1 << f
		m.keys[f] = strings.Clone(key) // the key may be the line's memory, which the error outlives
	}
}

// missing returns a field of v that a misspelt key stood for and that is not
// given, with the key, or -1.
func (m *misspellings) missing(v *[numClaimFields]value) (f int, key string) {
	if m.fields == 0 {
		return -1, ""
	}
	for f := range numClaimFields {
		if m.fields&(1<<f) != 0 && v[f].kind == kAbsent {
			return f, m.keys[f]
		}
	}
	return -1, ""
}

// misspeltMessage is the error of a claim whose field f came under key.
func misspeltMessage(f int) string {
	name := claimFieldNames[f]
	return "is not a field of the contract, and " + name + " is not given: did you mean " + name +
		"? (a field under another name is ignored, and the claim would settle without it)"
}
