package interp

import "hash/maphash"

// memberIndex finds a FastLedger's members by psn_no: an open-addressed
// table of 8-byte entries, each a member's index in byIndex and 32 bits of
// its psn_no's hash. A Go map keyed by psn_no held each key's string
// header, pointing to bytes of their own: a lookup of a member's first claim
// in a batch of a million members missed the caches at the map's group, at
// the key's bytes and at the member; and as the map grew, each doubling
// hashed every psn_no again (a sixth of such a stream's time). Here a
// lookup reads one entry, then the member, whose name it compares; growing
// moves entries by the hash bits they hold, reading no name.
//
// The table is a power of two long and at most three quarters full; an
// entry sits at or after (by linear probing) the slot its hash bits name.
// Two psn_nos with the same 32 bits are told apart by name. The zero
// memberIndex is empty and ready to use.
type memberIndex struct {
	seed    maphash.Seed
	entries []uint64 // hash bits << 32 | index+1; 0: empty
	n       int      // entries in use
}

// memberIndexMin is the smallest table: 64 slots, 512 bytes.
const memberIndexMin = 64

// init empties x and makes room for n members.
func (x *memberIndex) init(n int) {
	*x = memberIndex{seed: maphash.MakeSeed(), entries: make([]uint64, tableFor(n))}
}

// tableFor is the length of a table holding n entries at most three
// quarters full.
func tableFor(n int) int {
	size := memberIndexMin
	for size/4*3 < n {
		size *= 2
	}
	return size
}

// hash is psnNo's 32 bits.
func (x *memberIndex) hash(psnNo string) uint32 {
	h := maphash.String(x.seed, psnNo)
	return uint32(h ^ h>>32)
}

// find returns the index of psnNo, named by names, and whether it is there.
func (x *memberIndex) find(psnNo string, names *blocks[fastMember]) (int32, bool) {
	if x.n == 0 {
		return 0, false
	}
	h := x.hash(psnNo)
	mask := uint32(len(x.entries) - 1)
	for i := h & mask; ; i = (i + 1) & mask {
		e := x.entries[i]
		if e == 0 {
			return 0, false
		}
		if uint32(e>>32) == h {
			if m := int32(uint32(e) - 1); names.at(m).name == psnNo {
				return m, true
			}
		}
	}
}

// add records psnNo, not yet in x, at index m, growing the table first when
// it is three quarters full.
func (x *memberIndex) add(psnNo string, m int32) {
	if x.entries == nil {
		x.init(0)
	}
	if (x.n+1)*4 > len(x.entries)*3 {
		x.grow()
	}
	x.put(uint64(x.hash(psnNo))<<32 | uint64(uint32(m)+1))
	x.n++
}

// put stores entry e at the first free slot from its hash's.
func (x *memberIndex) put(e uint64) {
	mask := uint32(len(x.entries) - 1)
	i := uint32(e>>32) & mask
	for x.entries[i] != 0 {
		i = (i + 1) & mask
	}
	x.entries[i] = e
}

// grow doubles the table.
func (x *memberIndex) grow() {
	old := x.entries
	x.entries = make([]uint64, 2*len(old))
	for _, e := range old {
		if e != 0 {
			x.put(e)
		}
	}
}
