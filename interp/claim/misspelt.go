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
// a HIS's own fields, met on every line, cost little after the first: a
// key is first compared with the key met at the same place among the
// line's unknown keys on the line before (a HIS writes its keys in one
// order), then looked up in a map.
type nearNames struct {
	m    map[string]nearKey
	last []nearKey // the unknown keys of the line before, in order
}

// nearKey is a key met and nearField's answer for it.
type nearKey struct {
	key string // a copy, not the line's memory
	f   int8
}

// field is nearField(key) for the i-th key not in the contract on a line.
// The key at the same place on the line before is answered here, any
// other by lookup.
func (n *nearNames) field(i int, key string) int {
	if i < len(n.last) && n.last[i].key == key {
		return int(n.last[i].f)
	}
	return n.lookup(i, key)
}

// lookup is field for a key not at its place on the line before.
func (n *nearNames) lookup(i int, key string) int {
	k, ok := n.m[key]
	if !ok {
		k = nearKey{strings.Clone(key), int8(nearField(key))}
		if len(n.m) < 1024 {
			if n.m == nil {
				n.m = make(map[string]nearKey)
			}
			n.m[k.key] = k
		}
	}
	if i < len(n.last) {
		n.last[i] = k
	} else if i == len(n.last) && i < 256 {
		n.last = append(n.last, k)
	}
	return int(k.f)
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

// givesAll reports whether v gives every field of the set fields.
func givesAll(v *[numClaimFields]value, fields uint32) bool {
	for f := range numClaimFields {
		if fields&(1<<f) != 0 && v[f].kind == kAbsent {
			return false
		}
	}
	return true
}

// misspeltMessage is the error of a claim whose field f came under key.
func misspeltMessage(f int) string {
	name := claimFieldNames[f]
	return "is not a field of the contract, and " + name + " is not given: did you mean " + name +
		"? (a field under another name is ignored, and the claim would settle without it)"
}
