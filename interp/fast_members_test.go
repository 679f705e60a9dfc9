package interp

import (
	"errors"
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The index finds every member it was given, and none it was not, as it
// grows from its smallest table past several doublings, and when made to
// size at once.
func TestMemberIndexFinds(t *testing.T) {
	for _, presize := range []int{0, 5000} {
		t.Run(fmt.Sprint("presize=", presize), func(t *testing.T) {
			var names memberList
			var x memberIndex
			if presize > 0 {
				x.init(presize)
			}
			const n = 5000
			for i := range n {
				name := fmt.Sprintf("P%07d", i)
				if _, ok := x.find(name, &names); ok {
					t.Fatalf("%s found before it was added", name)
				}
				x.add(name, names.add(name))
			}
			if want := tableFor(n); len(x.table.entries) != want {
				t.Errorf("table of %d slots for %d members, want %d", len(x.table.entries), n, want)
			}
			for i := range n {
				name := fmt.Sprintf("P%07d", i)
				m, ok := x.find(name, &names)
				if !ok || m != int32(i) {
					t.Fatalf("find(%s) = %d, %v; want %d, true", name, m, ok, i)
				}
			}
			for _, name := range []string{"", "P", "P0005000", "Q0000001", "P00000001"} {
				if m, ok := x.find(name, &names); ok {
					t.Errorf("find(%q) = %d, true; it was never added", name, m)
				}
			}
		})
	}
}

// Two psn_nos whose hash bits agree are told apart by name: an entry with
// the bits of "A" but pointing at "B" stands first in A's probe, and find
// passes over it.
func TestMemberIndexSameHashBits(t *testing.T) {
	var names memberList
	var x memberIndex
	x.init(0)
	a := names.add("A")
	b := names.add("B")
	x.table.put(uint64(x.hash("A"))<<32 | uint64(b+1))
	x.table.n++
	x.add("A", a)
	if m, ok := x.find("A", &names); !ok || m != a {
		t.Errorf("find(A) = %d, %v; want %d, true", m, ok, a)
	}
}

// A table tableFor(n) long holds n entries at most three quarters full,
// and is no longer than it need be.
func TestTableFor(t *testing.T) {
	for _, n := range []int{0, 1, 48, 49, 96, 97, 1000, 1 << 20} {
		size := tableFor(n)
		if size&(size-1) != 0 || size < tagTableMin || size/4*3 < n {
			t.Errorf("tableFor(%d) = %d", n, size)
		}
		if size > tagTableMin && size/8*3 >= n {
			t.Errorf("tableFor(%d) = %d: half would do", n, size)
		}
	}
}

// A policy of more accumulators than a sparse year can name is refused by
// the fast path's planner, not given slots past 16 bits.
func TestFastSlotsBounded(t *testing.T) {
	fp := &fastProgram{slots: map[string]int32{}}
	for i := range maxFastSlots {
		fp.slot(fmt.Sprint(i))
	}
	defer func() {
		err, ok := recover().(error)
		if !ok || !errors.Is(err, errNotPlannable) {
			t.Fatalf("slot %d: recovered %v, want errNotPlannable", maxFastSlots, err)
		}
	}()
	fp.slot("one more")
	t.Fatalf("slot %d given", maxFastSlots)
}

// A probe walks every entry of its tag, in the order they were added, past
// entries of other tags and round the end of the table, and stops at the
// first empty slot.
func TestTagTableProbe(t *testing.T) {
	var tt tagTable
	walk := func(tag uint32) []int32 {
		var got []int32
		for p := tt.probe(tag); ; {
			i, ok := p.next()
			if !ok {
				return got
			}
			got = append(got, i)
		}
	}
	if got := walk(5); got != nil {
		t.Fatalf("empty table: walk(5) = %v", got)
	}
	last := uint32(tagTableMin - 1) // the table's last slot, before any growth
	tt.add(last, 10)
	tt.add(last+tagTableMin, 11) // the same slot, another tag
	tt.add(last, 12)             // round the end, to slot 1
	tt.add(0, 13)                // its slot 0 taken: slot 2
	for _, tc := range []struct {
		tag  uint32
		want []int32
	}{
		{last, []int32{10, 12}},
		{last + tagTableMin, []int32{11}},
		{0, []int32{13}},
		{1, nil},
	} {
		if diff := cmp.Diff(tc.want, walk(tc.tag)); diff != "" {
			t.Errorf("walk(%d) (-want +got):\n%s", tc.tag, diff)
		}
	}
	// first reads the entry at the tag's own slot, where a walk starts
	// (what a read ahead brings into the cache; see settler.warm).
	for _, tc := range []struct {
		tag  uint32
		want uint64
	}{
		{last, uint64(last)<<32 | 11},               // index 10, the slot's first
		{last + tagTableMin, uint64(last)<<32 | 11}, // another tag, the same slot
		{0, uint64(last+tagTableMin)<<32 | 12},      // slot 0: index 11, moved on
		{3, 0},                                      // an empty slot
	} {
		if got := tt.first(tc.tag); got != tc.want {
			t.Errorf("first(%d) = %#x, want %#x", tc.tag, got, tc.want)
		}
	}
	var empty tagTable
	if got := empty.first(7); got != 0 {
		t.Errorf("first(7) of the zero table = %#x, want 0", got)
	}
}
