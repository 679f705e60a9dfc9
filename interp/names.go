package interp

import (
	"unsafe"

	"github.com/mpl-lang/mpl/internal/hugepage"
)

// nameArena holds strings (members' psn_no) one after another in blocks
// of bytes, so that a list of a million members' records holds no
// pointer: no allocation a name, and nothing in the records for the
// collector to scan (a tenth of a run of a million members' claims went
// to allocating each psn_no a copy and to the collector walking them).
// A byte once written is never changed or moved, so a string get returns
// may share the arena's memory for as long as anyone holds it.
type nameArena struct {
	blocks [][]byte // each filled up to its capacity at most
}

// nameRef is where a nameArena holds a string.
type nameRef struct {
	block    int32
	off, len uint32
}

// The blocks of a nameArena double from nameBlockMin up to nameBlockMax:
// a few members take a few KB, a million take blocks large enough for huge
// pages (names are compared at random, as members are found).
const (
	nameBlockMin = 4 << 10
	nameBlockMax = 2 * hugepage.Size
)

// add copies s into a and returns where it is.
func (a *nameArena) add(s string) nameRef {
	last := len(a.blocks) - 1
	if last < 0 || cap(a.blocks[last])-len(a.blocks[last]) < len(s) {
		size := nameBlockMin
		if last >= 0 {
			size = min(2*cap(a.blocks[last]), nameBlockMax)
		}
		b := make([]byte, 0, max(size, len(s)))
		hugepage.Advise(b)
		a.blocks = append(a.blocks, b)
		last++
	}
	b := &a.blocks[last]
	r := nameRef{block: int32(last), off: uint32(len(*b)), len: uint32(len(s))}
	*b = append(*b, s...) // within its capacity: the block does not move
	return r
}

// get is the string at r, sharing a's memory.
func (a *nameArena) get(r nameRef) string {
	if r.len == 0 {
		return ""
	}
	return unsafe.String(&a.blocks[r.block][r.off], r.len)
}

// memberList is a FastLedger's members by index, in the order they came:
// each one's record, and its psn_no in an arena of names.
type memberList struct {
	records blocks[fastMember]
	names   nameArena
}

// add adds a member, of no account and no years yet, and returns its
// index. psnNo is copied: a Flat's strings share its line's memory.
func (ml *memberList) add(psnNo string) int32 {
	return ml.records.add(fastMember{name: ml.names.add(psnNo), first: fastLastYear{idx: -1}, last: fastLastYear{idx: -1}})
}

// at is the record of member m.
func (ml *memberList) at(m int32) *fastMember { return ml.records.at(m) }

// name is the psn_no of member m, sharing the list's memory.
func (ml *memberList) name(m int32) string { return ml.names.get(ml.records.at(m).name) }

// len is how many members ml holds.
func (ml *memberList) len() int { return ml.records.len() }
