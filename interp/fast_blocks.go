package interp

// blocks is a list of T kept in blocks of blockLen: as it grows, nothing
// it holds is copied or moved, so that a pointer to an element stays
// good, and a ledger of a million members neither copies them over and
// over nor asks the system for pages the size of the whole at each
// growth (which took a third of a run of a million members' claims).
type blocks[T any] struct {
	b [][]T
	n int
}

// blockLen is how many elements a block of blocks holds.
const blockLen = 1 << 10

// add appends v and returns its index.
func (s *blocks[T]) add(v T) int32 {
	if s.n%blockLen == 0 {
		s.b = append(s.b, make([]T, 0, blockLen))
	}
	last := &s.b[len(s.b)-1]
	*last = append(*last, v)
	s.n++
	return int32(s.n - 1)
}

// at is the element at i.
func (s *blocks[T]) at(i int32) *T { return &s.b[i/blockLen][i%blockLen] }

// len is how many elements s holds.
func (s *blocks[T]) len() int { return s.n }

// yearSlots holds the accumulators of every member-year of a FastLedger,
// per slots each, in blocks of yearBlock years: no allocation a year, no
// pointer a year for the collector to follow, and, as in blocks, nothing
// copied or moved as it grows.
type yearSlots struct {
	per int // slots a year
	b   [][]int64
	n   int
}

// yearBlock is how many years a block of yearSlots holds.
const yearBlock = 1 << 8

// add adds a year of zeros and returns its index.
func (y *yearSlots) add() int32 {
	if y.n%yearBlock == 0 {
		y.b = append(y.b, make([]int64, yearBlock*y.per))
	}
	y.n++
	return int32(y.n - 1)
}

// at is the year at i, its slots to read and change.
func (y *yearSlots) at(i int32) []int64 {
	off := int(i%yearBlock) * y.per
	return y.b[i/yearBlock][off : off+y.per : off+y.per]
}
