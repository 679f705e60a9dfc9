package interp

import (
	"hash/maphash"

	"github.com/mpl-lang/mpl/internal/hugepage"
)

// tagTable finds things a caller keeps in a list of its own (a ledger's
// members, the order check's member spans) by a hash of their key: an
// open-addressed table of 8-byte entries, each a thing's index in the list
// and 32 bits of its key's hash, the tag. A Go map keyed by psn_no held
// each key's string header, pointing to bytes of their own: a lookup of a
// member's first claim in a batch of a million members missed the caches
// at the map's group, at the key's bytes and at the member; and as the map
// grew, each doubling hashed every key again (a sixth of such a stream's
// time). Here a lookup reads one entry, then the thing, whose key the
// caller compares; growing moves entries by the tags they hold.
//
// The table is a power of two long and at most three quarters full; an
// entry sits at or after (by linear probing) the slot its tag names. Two
// keys with the same tag are told apart by the caller. The zero tagTable
// is empty and ready to use.
type tagTable struct {
	entries []uint64 // tag << 32 | index+1; 0: empty
	n       int      // entries in use
}

// tagTableMin is the smallest table: 64 slots, 512 bytes.
const tagTableMin = 64

// init empties t and makes room for n entries.
func (t *tagTable) init(n int) {
	*t = tagTable{entries: newEntries(tableFor(n))}
}

// newEntries is an empty table of n slots; a table of a million members,
// 16 MiB read at random, asks for huge pages (see blocks).
func newEntries(n int) []uint64 {
	e := make([]uint64, n)
	hugepage.Advise(e)
	return e
}

// tableFor is the length of a table holding n entries at most three
// quarters full.
func tableFor(n int) int {
	size := tagTableMin
	for size/4*3 < n {
		size *= 2
	}
	return size
}

// first is the entry a walk of tag's entries reads first.
func (t *tagTable) first(tag uint32) uint64 {
	if len(t.entries) == 0 {
		return 0
	}
	return t.entries[tag&uint32(len(t.entries)-1)]
}

// tagProbe walks the entries of one tag, in the order add put them.
type tagProbe struct {
	entries []uint64
	i, mask uint32
	tag     uint32
}

// probe starts a walk of the entries tagged tag.
func (t *tagTable) probe(tag uint32) tagProbe {
	if t.n == 0 {
		return tagProbe{} // no entries: next says so at once
	}
	mask := uint32(len(t.entries) - 1)
	return tagProbe{entries: t.entries, i: tag & mask, mask: mask, tag: tag}
}

// next is the index of the walk's next entry tagged its tag; ok is false
// when there is none.
func (p *tagProbe) next() (idx int32, ok bool) {
	for p.entries != nil {
		e := p.entries[p.i]
		if e == 0 {
			return 0, false
		}
		p.i = (p.i + 1) & p.mask
		if uint32(e>>32) == p.tag {
			return int32(uint32(e) - 1), true
		}
	}
	return 0, false
}

// add records index idx under tag, growing the table first when it is
// three quarters full. The caller has made sure its key is not there.
func (t *tagTable) add(tag uint32, idx int32) {
	if t.entries == nil {
		t.init(0)
	}
	if (t.n+1)*4 > len(t.entries)*3 {
		t.grow()
	}
	t.put(uint64(tag)<<32 | uint64(uint32(idx)+1))
	t.n++
}

// put stores entry e at the first free slot from its tag's.
func (t *tagTable) put(e uint64) {
	mask := uint32(len(t.entries) - 1)
	i := uint32(e>>32) & mask
	for t.entries[i] != 0 {
		i = (i + 1) & mask
	}
	t.entries[i] = e
}

// grow doubles the table.
func (t *tagTable) grow() {
	old := t.entries
	t.entries = newEntries(2 * len(old))
	for _, e := range old {
		if e != 0 {
			t.put(e)
		}
	}
}

// tag32 folds a 64-bit hash to a tag.
func tag32(h uint64) uint32 { return uint32(h ^ h>>32) }

// memberIndex finds a FastLedger's members by psn_no, in a tagTable of
// their indexes in its byIndex, tagged by a hash of psn_no under a seed of
// its own. The zero memberIndex is empty and ready to use.
type memberIndex struct {
	seed  maphash.Seed
	table tagTable
}

// init empties x and makes room for n members.
func (x *memberIndex) init(n int) {
	x.seed = maphash.MakeSeed()
	x.table.init(n)
}

// hash is psnNo's tag.
func (x *memberIndex) hash(psnNo string) uint32 {
	return tag32(maphash.String(x.seed, psnNo))
}

// find returns the index of psnNo, named by names, and whether it is there.
func (x *memberIndex) find(psnNo string, names *memberList) (int32, bool) {
	if x.table.n == 0 {
		return 0, false // and no seed yet, maybe
	}
	for p := x.table.probe(x.hash(psnNo)); ; {
		m, ok := p.next()
		if !ok || names.name(m) == psnNo {
			return m, ok
		}
	}
}

// touch reads the entry a search for psnNo starts at and returns it, to
// bring it into the cache ahead of the search (see settler.warm).
func (x *memberIndex) touch(psnNo string) uint64 {
	if x.table.n == 0 {
		return 0
	}
	return x.table.first(x.hash(psnNo))
}

// add records psnNo, not yet in x, at index m.
func (x *memberIndex) add(psnNo string, m int32) {
	if x.table.entries == nil {
		x.init(0)
	}
	x.table.add(x.hash(psnNo), m)
}
