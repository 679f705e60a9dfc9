package interp

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// An arena gives back every string it was given, unchanged by the many
// added after it, across blocks: empty ones, and one longer than a block.
func TestNameArena(t *testing.T) {
	var a nameArena
	var refs []nameRef
	var want []string
	add := func(s string) {
		refs = append(refs, a.add(s))
		want = append(want, s)
	}
	add("")
	long := strings.Repeat("长", nameBlockMax/2) // 1.5 blocks of the largest size
	for i := range 300000 {
		add(fmt.Sprintf("P%0*d", 1+i%23, i))
		if i == 1000 {
			add(long)
			add("")
		}
	}
	if len(a.blocks) < 3 {
		t.Fatalf("%d strings in %d blocks: the test means to cross several", len(want), len(a.blocks))
	}
	for i, r := range refs {
		if got := a.get(r); got != want[i] {
			t.Fatalf("string %d = %.20q, want %.20q", i, got, want[i])
		}
	}
	for k, b := range a.blocks {
		if cap(b) > nameBlockMax && !strings.Contains(string(b), long) {
			t.Errorf("block %d holds %d bytes, more than %d, and not for one long name", k, cap(b), nameBlockMax)
		}
	}
}

// instant orders two times as time.Time's Before does, whatever their
// locations, to the nanosecond, far from 1970 both ways.
func TestInstantOrder(t *testing.T) {
	east := time.FixedZone("CST", 8*3600)
	times := []time.Time{
		time.Date(2025, 3, 1, 8, 0, 0, 0, east),
		time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC), // the same instant
		time.Date(2025, 3, 1, 0, 0, 0, 1, time.UTC),
		time.Date(2025, 2, 28, 23, 59, 59, 999999999, time.UTC),
		time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(1969, 12, 31, 23, 59, 59, 500, time.UTC),
		time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC),
		time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC),
		{},
	}
	for _, a := range times {
		for _, b := range times {
			if got, want := instantOf(a).before(instantOf(b)), a.Before(b); got != want {
				t.Errorf("%v before %v = %v, want %v", a, b, got, want)
			}
		}
	}
}
