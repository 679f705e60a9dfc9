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

// yearSlots gives each year its own slots, zero when added, kept across
// blocks, none reaching into the next year's.
func TestYearSlots(t *testing.T) {
	y := yearSlots{per: 3}
	n := 2*yearBlock + 3
	for i := range n {
		idx := y.add()
		if idx != int32(i) {
			t.Fatalf("add #%d = index %d", i, idx)
		}
		year := y.at(idx)
		if len(year) != 3 || cap(year) != 3 {
			t.Fatalf("at(%d): len %d cap %d, want 3 and 3", idx, len(year), cap(year))
		}
		for s := range year {
			if year[s] != 0 {
				t.Fatalf("year %d slot %d = %d when added", i, s, year[s])
			}
			year[s] = int64(i*10 + s)
		}
	}
	for i := range int32(n) {
		for s, v := range y.at(i) {
			if v != int64(i)*10+int64(s) {
				t.Fatalf("year %d slot %d = %d, want %d", i, s, v, int64(i)*10+int64(s))
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
		if err := l.SetAccount(name(i), decimal.New(int64(i), 0), decimal.New(int64(i), -2)); err != nil {
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
