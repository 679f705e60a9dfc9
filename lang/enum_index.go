package lang

// codeIndex is an Enum's texts (labels, codes, national labels) and the
// ordinal each stands for, in a table made for the few short texts an
// enum holds: a text's slot comes from its length and four of its bytes
// rather than a hash of them all, and the text is then compared whole.
// A claim's five code-table texts are looked up in 8 ns each, where a Go
// map took 12.5 (BenchmarkEnumLookup).
type codeIndex struct {
	slots []codeSlot // a power of two, at least four times the texts: never full
	shift uint       // 64 less the bits that index slots
}

// codeSlot is one text of a codeIndex and the ordinal it stands for.
type codeSlot struct {
	text string
	ord  int32
	used bool
}

// newCodeIndex indexes texts, each with its ordinal.
func newCodeIndex(texts map[string]int) codeIndex {
	bits := uint(2)
	for 1<<bits < 4*len(texts) {
		bits++
	}
	c := codeIndex{slots: make([]codeSlot, 1<<bits), shift: 64 - bits}
	for text, ord := range texts {
		i := c.home(text)
		for c.slots[i].used {
			i = (i + 1) & (len(c.slots) - 1)
		}
		c.slots[i] = codeSlot{text: text, ord: int32(ord), used: true}
	}
	return c
}

// home is the slot where the search for text starts.
func (c *codeIndex) home(text string) int {
	n := len(text)
	x := uint64(n)
	if n > 0 {
		x |= uint64(text[0])<<8 | uint64(text[n-1])<<16
	}
	if n > 1 {
		x |= uint64(text[1])<<24 | uint64(text[n-2])<<32
	}
	return int(x * 0x9e3779b97f4a7c15 >> c.shift)
}

// lookup is the ordinal text stands for, if the index holds it.
func (c *codeIndex) lookup(text string) (int, bool) {
	if len(c.slots) == 0 {
		return 0, false
	}
	for i := c.home(text); ; i = (i + 1) & (len(c.slots) - 1) {
		s := &c.slots[i]
		if !s.used {
			return 0, false
		}
		if s.text == text {
			return int(s.ord), true
		}
	}
}
