package interp

import (
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
)

// blocks keeps every element where it was put, across blocks, and says
// what it holds.
func TestBlocks(t *testing.T) {
	var s blocks[int]
	first := (*int)(nil)
	for i := range 3*blockLen + 5 {
		if got := s.add(i * 7); got != int32(i) {
			t.Fatalf("add #%d = index %d", i, got)
		}
		if i == 0 {
			first = s.at(0)
		}
	}
	if s.len() != 3*blockLen+5 {
		t.Errorf("len = %d, want %d", s.len(), 3*blockLen+5)
	}
	for i := range int32(s.len()) {
		if *s.at(i) != int(i)*7 {
			t.Fatalf("at(%d) = %d, want %d", i, *s.at(i), i*7)
		}
	}
	if first != s.at(0) {
		t.Error("the first element moved as blocks grew")
	}
}

// blockOf places each element of a list in doubling blocks after the
// last, each block twice the last, as a walk along the list counts them.
func TestBlockOf(t *testing.T) {
	for _, shift := range []uint{0, 3, blockShift} {
		k, off, size := 0, 0, 1<<shift
		for i := range int32(40 << shift) {
			gk, goff := blockOf(i, shift)
			if gk != k || goff != off {
				t.Fatalf("shift %d: blockOf(%d) = block %d at %d, want block %d at %d", shift, i, gk, goff, k, off)
			}
			if off++; off == size {
				k, off, size = k+1, 0, 2*size
			}
		}
	}
}

// yearSlots gives each year its own slots, zero when added, kept across
// blocks, none reaching into the next year's: years left sparse (up to
// sparseSlots slots), years moved to a dense row by one slot more, and
// years moved by a caller asking for the row; adding or setting zero
// where nothing is held takes no room.
func TestYearSlots(t *testing.T) {
	const per = 40
	y := yearSlots{per: per}
	n := 12<<rowShift + 3 // about 5<<rowShift dense rows: three blocks of them
	// Year i holds slots s with s%5 == i%5 (8 of them, all a sparse year
	// holds) and, for i%3 == 0, slot 1 or 2 as well (one more: dense).
	// Every seventh year is made dense first.
	holds := func(i, s int) bool { return s%5 == i%5 || i%3 == 0 && s == 1+i%5%2 }
	want := func(i, s int) int64 {
		if !holds(i, s) {
			return 0
		}
		return int64(i*100 + s)
	}
	for i := range n {
		idx := y.add()
		if idx != int32(i) {
			t.Fatalf("add #%d = index %d", i, idx)
		}
		if i%7 == 0 {
			if row := y.dense(y.year(idx)); len(row) != per || cap(row) != per {
				t.Fatalf("dense(%d): len %d cap %d, want %d and %d", idx, len(row), cap(row), per, per)
			}
		}
		for s := range int32(per) {
			if v := y.at(idx).get(s); v != 0 {
				t.Fatalf("year %d slot %d = %d when added", i, s, v)
			}
			y.addTo(idx, s, 0)
			y.set(idx, s, 0)
		}
		if sp := y.year(idx); sp.row == 0 && sp.n != 0 {
			t.Fatalf("year %d holds %d slots after zeros were added and set", i, sp.n)
		}
		for s := range per {
			if holds(i, s) {
				y.addTo(idx, int32(s), int64(i*100))
				y.set(idx, int32(s), y.at(idx).get(int32(s))+int64(s))
			}
		}
	}
	for i := range int32(n) {
		dense := y.year(i).row > 0
		if wantDense := i%7 == 0 || i%3 == 0; dense != wantDense {
			t.Errorf("year %d dense = %v, want %v", i, dense, wantDense)
		}
		got := map[int32]int64{}
		y.each(i, func(s int32, v int64) { got[s] += v })
		for s := range int32(per) {
			if v := y.at(i).get(s); v != want(int(i), int(s)) {
				t.Fatalf("year %d slot %d = %d, want %d", i, s, v, want(int(i), int(s)))
			}
			if got[s] != want(int(i), int(s)) {
				t.Fatalf("each: year %d slot %d = %d, want %d", i, s, got[s], want(int(i), int(s)))
			}
		}
		var c yearSlots
		c.per = per
		j := c.add()
		c.copyYear(j, &y, i)
		for s := range int32(per) {
			if v := c.at(j).get(s); v != want(int(i), int(s)) {
				t.Fatalf("copy of year %d slot %d = %d, want %d", i, s, v, want(int(i), int(s)))
			}
		}
	}
}

// A FastLedger of more members and years than a block holds keeps each
// member's account and years, its first year and the later ones alike,
// and so after it is split and joined again.
func TestFastLedgerManyMembers(t *testing.T) {
	p, _, err := LoadFile("../policies/cn/nanjing/employee-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	keys := p.fast.keys
	l := p.NewFastLedger()
	n := 3*blockLen + 7
	name := func(i int) string { return fmt.Sprintf("P%06d", i) }
	for i := range n {
		if err := l.SetBalances(name(i), decimal.New(int64(i), -2), decimal.New(int64(i), 0)); err != nil {
			t.Fatal(err)
		}
		for y, year := range []int{2025, 2024, 2026} {
			if i%3 == 0 && year == 2026 {
				continue // some members have two years, some three
			}
			if err := l.SetAccumulator(name(i), year, keys[y], decimal.New(int64(i*10+y), -2)); err != nil {
				t.Fatal(err)
			}
		}
	}
	check := func(when string) {
		t.Helper()
		for i := range n {
			cur, car := l.Balances(name(i))
			if !cur.Equal(decimal.New(int64(i), -2)) || !car.Equal(decimal.New(int64(i), 0)) {
				t.Fatalf("%s: %s balances %s, %s", when, name(i), cur, car)
			}
			for y, year := range []int{2025, 2024, 2026} {
				want := Accumulators{keys[y]: decimal.New(int64(i*10+y), -2)}
				if i%3 == 0 && year == 2026 || i == 0 && y == 0 {
					want = Accumulators{}
				}
				got := l.Accumulators(name(i), year)
				if len(got) != len(want) || !got[keys[y]].Equal(want[keys[y]]) {
					t.Fatalf("%s: %s %d = %v, want %v", when, name(i), year, got, want)
				}
			}
		}
	}
	check("set")
	part := func(psnNo string) int { return int(psnNo[len(psnNo)-1]) % 3 }
	l.absorb(l.split(3, part), part)
	check("split and joined")
}

// A year stays sparse for its first denseAfter-1 claims and is read and
// changed as a dense row from its denseAfter'th, its slots kept.
func TestYearDenseAfterClaims(t *testing.T) {
	y := yearSlots{per: 10}
	i := y.add()
	for k := 1; k < denseAfter; k++ {
		if row := y.toChange(i); row != nil {
			t.Fatalf("claim %d: a dense row; the year should stay sparse until claim %d", k, denseAfter)
		}
		y.addTo(i, 3, 100)
	}
	row := y.toChange(i)
	if row == nil {
		t.Fatalf("claim %d: no dense row", denseAfter)
	}
	if row[3] != 100*(denseAfter-1) {
		t.Errorf("slot 3 = %d in the dense row, want %d", row[3], 100*(denseAfter-1))
	}
	row[3] += 100
	if got := y.at(i).get(3); got != 100*denseAfter {
		t.Errorf("slot 3 = %d after the dense row's change, want %d", got, 100*denseAfter)
	}
}
