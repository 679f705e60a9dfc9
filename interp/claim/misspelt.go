package claim

import (
	"strconv"
	"strings"
)

// A HIS sends many fields beside the contract's, and the readers ignore
// them. An optional contract field sent under a misspelt name would be
// ignored too, and the claim settle as if it were not given: "reverse" for
// reverses settles a reversal as a new claim, "acct_used_flg" lets the
// account pay. So a key that is not the contract's but looks like one of
// its optional fields (nearField), holding a value that field would take,
// where the field itself is not given, makes the claim an error naming the
// key and the field. A key that looks like a field but holds what it would
// not take ("reversed": false) is one more of the HIS's own. A misspelt
// required field is an error already ("is required"), which then names
// the key as a hint.

// nearField returns the contract field key looks like a misspelling of, or
// -1: the same name but for case or, for names of five letters or more,
// one letter added, dropped or changed, or two neighbours swapped.
func nearField(key string) int {
	for f, name := range claimFieldNames {
		if looksLike(key, name) {
			return f
		}
	}
	return -1
}

// nearDetailField is nearField for a fee line's optional fields, lmt_price,
// cnt and pric: without them a line's price limit goes unapplied, or is
// applied to the line as one unit, and the fund pays what is over it. A
// fee line's required fields, misspelt, are errors of their own.
func nearDetailField(key string) int {
	for _, f := range [...]int{dLmtPrice, dCnt, dPric} {
		if looksLike(key, detailFieldNames[f]) {
			return f
		}
	}
	return -1
}

// nearDetailName returns the fee line field, required or optional, key
// looks like a misspelling of, or -1: an optional one for the guard (see
// nearDetailField), a required one for its "is required" error's hint.
func nearDetailName(key string) int {
	for f, name := range detailFieldNames {
		if looksLike(key, name) {
			return f
		}
	}
	return -1
}

// looksLike reports whether key, not name, looks like a misspelling of it:
// the same but for case or, for names of five letters or more, one edit
// apart.
func looksLike(key, name string) bool {
	return strings.EqualFold(key, name) || len(name) >= 5 && oneEditApart(key, name)
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
// (see nearField): a bit a field, and the first key that looked like it,
// with its value.
type misspellings struct {
	fields uint32
	keys   [numClaimFields]string // as written; only where fields has the bit
	vals   [numClaimFields]value
}

// note records that key, holding v, looks like field f. Both may share the
// line's memory: they are read only while the claim is read, and an error
// copies the key.
func (m *misspellings) note(f int, key string, v value) {
	if m.fields&(1<<f) == 0 {
		m.fields |= 1 << f
		m.keys[f], m.vals[f] = key, v
	}
}

// misspelt returns an optional field that v does not give and a key stood
// for, holding a value the field would take, with the key (the line's
// memory); or -1.
func (m *misspellings) misspelt(v *[numClaimFields]value) (f int, key string) {
	if m.fields == 0 {
		return -1, ""
	}
	for f := range numClaimFields {
		if m.fields&(1<<f) != 0 && v[f].absent() && takes(f, m.vals[f]) {
			return f, m.keys[f]
		}
	}
	return -1, ""
}

// hint is what an error on field f adds where a key looked like it: the
// key, as a likely misspelling.
func (m *misspellings) hint(f int) string {
	if m.fields&(1<<f) == 0 {
		return ""
	}
	return " (the claim gives " + strconv.Quote(m.keys[f]) + ": a misspelling of " + claimFieldNames[f] + "?)"
}

// takes reports whether optional field f would take v as a value given:
// what the misspelling guard asks of a key that looks like f. Required
// fields take nothing here: their absence is an error of its own.
func takes(f int, v value) bool {
	if v.absent() {
		return false
	}
	var msg string
	switch f {
	case fAge:
		_, _, msg = ageField(v)
	case fCvlservFlag, fAcctUsedFlag:
		_, msg = flagField(v, false)
	case fMdtrtArea:
		_, msg = oneOfField(v, mdtrtAreas)
	case fRemoteFiling:
		_, msg = oneOfField(v, remoteFilings)
	case fPsnInsuStas:
		_, msg = insuStasField(v)
	case fMulaidPsnNo, fReverses:
		_, msg = idField(v, false)
	case fDiseCode:
		_, msg = textField(v, false)
	case fFeeDetails:
		return v.kind == kArray
	default:
		return false
	}
	return msg == ""
}

// guarded reports whether a key that looks like field f is to be read for
// the guard (see takes): f is optional.
func guarded(f int) bool {
	return f >= fFeeDetails
}

// misspeltMessage is the error of a claim whose field f came under key.
func misspeltMessage(f int) string {
	name := claimFieldNames[f]
	return "is not a field of the contract, and " + name + " is not given: did you mean " + name +
		"? (a field under another name is ignored, and the claim would settle without it)"
}
