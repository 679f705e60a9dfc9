package interp

import (
	"math/bits"

	"github.com/mpl-lang/mpl/internal/hugepage"
)

// blocks is a list of T kept in blocks, the first of blockLen and each
// after twice the last: as it grows, nothing it holds is copied or moved,
// so that a pointer to an element stays good, and a ledger of a million
// members neither copies them over and over nor asks the system for pages
// the size of the whole at each growth (which took a third of a run of a
// million members' claims). A small list takes a small block; a long
// one's later blocks are large enough to ask for huge pages
// (hugepage.Advise), which took a run of a million members' claims a
// tenth faster: fewer page faults, fewer misses of the page-table cache.
type blocks[T any] struct {
	b [][]T
	n int
}

// blockShift is log₂ blockLen.
const blockShift = 10

// blockLen is how many elements the first block of blocks holds.
const blockLen = 1 << blockShift

// blockOf is where element i of a list in doubling blocks is, the first
// block 1<<shift long: its block, and its place there. Block k starts at
// element (2ᵏ-1)<<shift.
func blockOf(i int32, shift uint) (k, off int) {
	k = bits.Len32(uint32(i)>>shift+1) - 1
	return k, int(i) - (1<<k-1)<<shift
}

// newBlock makes block k of a list in doubling blocks, the first 1<<shift
// elements long, each element width values of T (a dense row's slots), for
// a list that is growing: empty, with room for the block's elements, and
// huge pages asked for where it is large enough.
func newBlock[T any](k int, shift uint, width int) []T {
	b := make([]T, 0, width<<shift<<k)
	hugepage.Advise(b)
	return b
}

// add appends v and returns its index.
func (s *blocks[T]) add(v T) int32 {
	if len(s.b) == 0 || len(s.b[len(s.b)-1]) == cap(s.b[len(s.b)-1]) {
		s.b = append(s.b, newBlock[T](len(s.b), blockShift, 1))
	}
	last := &s.b[len(s.b)-1]
	*last = append(*last, v)
	s.n++
	return int32(s.n - 1)
}

// at is the element at i.
func (s *blocks[T]) at(i int32) *T {
	k, off := blockOf(i, blockShift)
	return &s.b[k][off]
}

// len is how many elements s holds.
func (s *blocks[T]) len() int { return s.n }

// yearSlots holds the accumulators of every member-year of a FastLedger,
// per slots a year. A year starts sparse: a record of up to sparseSlots
// (slot, amount) pairs, for a member who claims once or twice in a year
// touches a few of the policy's slots (3 to 5 of Nanjing's 35 a claim),
// and a million such members held 280 bytes each, nearly all zeros, every
// page of them faulted in. A year that needs more slots moves, once, to a
// dense row of per amounts, where the fast path reads and adds to a slot
// directly, as a member with many claims soon does.
//
// Records and rows live in doubling blocks (see blocks): no allocation a
// year, no pointer for the collector to follow, and nothing copied or
// moved as it grows.
type yearSlots struct {
	per    int                // slots a year
	sparse blocks[sparseYear] // by year index
	rows   [][]int64          // dense rows, in doubling blocks, the first of 1<<rowShift rows
	nRows  int                // dense rows
	// bound is at least every slot's amount, either sign: each amount set
	// and each added, summed (up to boundMax), so that a claim need not
	// look at the slots it changes to know they are far from overflow
	// while bound is.
	bound uint64
}

// boundMax is where yearSlots.bound stops growing: past any bound a claim
// looks for, and far from wrapping with another amount added.
const boundMax = 1 << 62

// grow adds |v| to y.bound.
func (y *yearSlots) grow(v int64) {
	y.bound = min(y.bound+abs64(v), boundMax)
}

// sparseSlots is how many slots a sparse year holds before it moves to a
// dense row: room for a year of claims of two or three med types under
// the shipped policies.
const sparseSlots = 8

// sparseYear is one year of a yearSlots: its first sparseSlots slots with
// their amounts, or the dense row it moved to.
type sparseYear struct {
	amt     [sparseSlots]int64
	slot    [sparseSlots]uint16 // the slots of amt[:n]
	n       uint8
	changes uint8 // claims applied to it (see toChange)
	row     int32 // the dense row's index + 1; 0: the year is sparse
}

// denseAfter is how many claims a year takes while sparse: a member who
// claims more often has their year read and changed as a dense row, each
// slot where it is, rather than looked for among the pairs.
const denseAfter = 4

// rowShift is log₂ of how many dense rows the first block of a
// yearSlots' rows holds.
const rowShift = 8

// add adds a year of zeros and returns its index.
func (y *yearSlots) add() int32 { return y.sparse.add(sparseYear{}) }

// year is the record of year i.
func (y *yearSlots) year(i int32) *sparseYear { return y.sparse.at(i) }

// rowOf is the dense row sp moved to, nil while it is sparse.
func (y *yearSlots) rowOf(sp *sparseYear) []int64 {
	if sp.row == 0 {
		return nil
	}
	k, off := blockOf(sp.row-1, rowShift)
	off *= y.per
	return y.rows[k][off : off+y.per : off+y.per]
}

// find is where slot s is among sp's pairs, or -1.
func (sp *sparseYear) find(s int32) int {
	for k := range int(sp.n) {
		if sp.slot[k] == uint16(s) {
			return k
		}
	}
	return -1
}

// dense moves sp to a dense row, if it is not in one, and returns the row.
func (y *yearSlots) dense(sp *sparseYear) []int64 {
	if row := y.rowOf(sp); row != nil {
		return row
	}
	if k, _ := blockOf(int32(y.nRows), rowShift); k == len(y.rows) {
		b := newBlock[int64](k, rowShift, y.per)
		y.rows = append(y.rows, b[:cap(b)])
	}
	y.nRows++
	sp.row = int32(y.nRows)
	row := y.rowOf(sp)
	for k := range sp.n {
		row[sp.slot[k]] = sp.amt[k]
	}
	sp.n = 0
	return row
}

// toChange is year i's dense row, for a claim to change, or nil while the
// year is sparse; it counts the claim, and moves the year to a dense row
// at its denseAfter'th.
func (y *yearSlots) toChange(i int32) []int64 {
	sp := y.year(i)
	if sp.row == 0 && sp.changes < denseAfter-1 {
		sp.changes++
		return nil
	}
	return y.dense(sp)
}

// at is year i, to read until the year next changes: a sparse year moved
// to a dense row since reads zero through a yearRef taken before.
func (y *yearSlots) at(i int32) yearRef {
	sp := y.year(i)
	return yearRef{row: y.rowOf(sp), sparse: sp}
}

// addTo adds amt to slot s of year i. Adding zero takes no room in a
// sparse year.
func (y *yearSlots) addTo(i int32, s int32, amt int64) {
	if amt != 0 {
		*y.slotOf(i, s) += amt
		y.grow(amt)
	}
}

// set sets slot s of year i to v. Setting a slot that holds nothing to
// zero takes no room in a sparse year.
func (y *yearSlots) set(i int32, s int32, v int64) {
	if v != 0 || y.at(i).get(s) != 0 {
		*y.slotOf(i, s) = v
		y.grow(v)
	}
}

// slotOf is where slot s of year i is held, made room for if the year has
// none for it (moving it to a dense row if need be).
func (y *yearSlots) slotOf(i int32, s int32) *int64 {
	sp := y.year(i)
	if row := y.rowOf(sp); row != nil {
		return &row[s]
	}
	if k := sp.find(s); k >= 0 {
		return &sp.amt[k]
	}
	if int(sp.n) < sparseSlots {
		k := sp.n
		sp.slot[k], sp.amt[k] = uint16(s), 0
		sp.n++
		return &sp.amt[k]
	}
	return &y.dense(sp)[s]
}

// each calls f with every slot of year i that holds an amount (and may
// call it with some that hold zero).
func (y *yearSlots) each(i int32, f func(s int32, v int64)) {
	sp := y.year(i)
	if row := y.rowOf(sp); row != nil {
		for s, v := range row {
			if v != 0 {
				f(int32(s), v)
			}
		}
		return
	}
	for k := range sp.n {
		f(int32(sp.slot[k]), sp.amt[k])
	}
}

// copyYear sets year i's slots to year j's of src, a yearSlots of as many
// slots a year; year i holds nothing yet.
func (y *yearSlots) copyYear(i int32, src *yearSlots, j int32) {
	src.each(j, func(s int32, v int64) { y.set(i, s, v) })
}

// yearRef is a year of a yearSlots, to read: its dense row, or (row nil)
// its sparse record. The fast path reads a handful of slots a claim through it,
// between its taking and the claim's apply; it is not to be kept past a
// change to the year (see at).
type yearRef struct {
	row    []int64
	sparse *sparseYear
}

// get is the amount in slot s.
func (r yearRef) get(s int32) int64 {
	if r.row != nil {
		return r.row[s]
	}
	if k := r.sparse.find(s); k >= 0 {
		return r.sparse.amt[k]
	}
	return 0
}
