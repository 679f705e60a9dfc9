package interp

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// A yearSlots holds what a plain array of every slot would, whatever mix of
// changes reaches a year: amounts added and set (zeros among them, sums
// back to zero), a year moved to a dense row early, claims applied the way
// FastLedger.apply applies them (several slots at once, a ninth slot
// arriving mid-claim, the fourth claim), and copies. After each change
// the year changed reads the same through at and each, and the overflow
// guard's bound is every amount set and added, either sign, summed (so
// that a change made without growing it fails); at the end, every year
// reads the same.
func TestYearSlotsMatchArrays(t *testing.T) {
	for seed := range uint64(60) {
		rng := rand.New(rand.NewPCG(seed, 7))
		per := 1 + rng.IntN(40)
		l := &FastLedger{years: yearSlots{per: per}}
		l.byIndex.add("")
		y := &l.years
		var model [][]int64
		var bound uint64
		check := func(op, i int) {
			t.Helper()
			if y.bound != bound {
				t.Fatalf("seed %d, change %d: bound %d, want %d", seed, op, y.bound, bound)
			}
			got := make([]int64, per)
			y.each(int32(i), func(s int32, v int64) { got[s] += v })
			for s := range per {
				if v := y.at(int32(i)).get(int32(s)); v != model[i][s] || got[s] != model[i][s] {
					t.Fatalf("seed %d, change %d, year %d, slot %d: at %d, each %d, want %d", seed, op, i, s, v, got[s], model[i][s])
				}
			}
		}
		for op := range 2000 {
			i := 0
			if len(model) > 0 {
				i = rng.IntN(len(model))
			}
			s := rng.IntN(per)
			switch k := rng.IntN(10); {
			case k == 0 || len(model) == 0:
				i = int(y.add())
				model = append(model, make([]int64, per))
			case k <= 3:
				a := rng.Int64N(11) - 5
				y.addTo(int32(i), int32(s), a)
				model[i][s] += a
				bound += uint64(abs64(a))
			case k == 4:
				a := rng.Int64N(5) - 2
				y.set(int32(i), int32(s), a)
				model[i][s] = a
				bound += uint64(abs64(a))
			case k == 5:
				y.dense(y.year(int32(i)))
				y.addTo(int32(i), int32(s), 3)
				model[i][s] += 3
				bound += 3
			case k <= 8:
				r := FastResult{acc: int32(i)}
				for range rng.IntN(6) {
					r.delta(int32(rng.IntN(per)), rng.Int64N(7)-3)
				}
				l.apply(&r)
				for _, d := range r.deltas[:r.nDeltas] {
					model[i][d.slot] += d.amt
					bound += uint64(abs64(d.amt))
				}
			case k == 9:
				c := yearSlots{per: per}
				j := c.add()
				c.copyYear(j, y, int32(i))
				var copied uint64
				for s := range per {
					if v := c.at(j).get(int32(s)); v != model[i][s] {
						t.Fatalf("seed %d, change %d: copy of year %d slot %d = %d, want %d", seed, op, i, s, v, model[i][s])
					}
					copied += uint64(abs64(model[i][s]))
				}
				if c.bound != copied {
					t.Fatalf("seed %d, change %d: copy of year %d has bound %d, want %d", seed, op, i, c.bound, copied)
				}
			}
			check(op, i)
		}
		for i := range model {
			check(-1, i)
		}
	}
}

// A FastLedger's members and years come through a split into parts and
// the parts' absorbing back as they went in, sparse years and dense ones
// (more than sparseSlots keys), and members a part met first.
func TestFastLedgerSplitAbsorbYears(t *testing.T) {
	p, _, err := LoadFile("../policies/cn/nanjing/employee-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	keys := p.fast.keys
	if len(keys) <= sparseSlots {
		t.Fatalf("the policy has %d keys; the test needs more than %d", len(keys), sparseSlots)
	}
	l := p.NewFastLedger()
	const n = 300
	name := func(i int) string { return fmt.Sprintf("P%04d", i) }
	want := map[string]Accumulators{}
	for i := range n {
		acc := Accumulators{}
		for k := range 1 + i%(sparseSlots+4) { // 1 to 11 keys: some years dense
			key := keys[(i+k)%len(keys)]
			if err := l.SetAccumulator(name(i), 2025, key, decimal.RequireFromString(fmt.Sprintf("%d.%02d", i, k+1))); err != nil {
				t.Fatal(err)
			}
			acc[key] = decimal.RequireFromString(fmt.Sprintf("%d.%02d", i, k+1))
		}
		want[name(i)] = acc
	}
	part := func(psnNo string) int { return int(psnNo[len(psnNo)-1]) % 3 }
	parts := l.split(3, part)
	// Each part meets a member of its own it had not seen, with a year.
	for pi, pl := range parts {
		newName := fmt.Sprintf("N%d", pi+3) // part(N3) = '3'%3 = 0, and so on
		if part(newName) != pi {
			t.Fatalf("%s belongs to part %d, not %d", newName, part(newName), pi)
		}
		if err := pl.SetAccumulator(newName, 2025, keys[0], decimal.RequireFromString("7.00")); err != nil {
			t.Fatal(err)
		}
		want[newName] = Accumulators{keys[0]: decimal.RequireFromString("7.00")}
	}
	for who, acc := range want {
		if who[0] != 'N' {
			if diff := cmp.Diff(acc, parts[part(who)].Accumulators(who, 2025), cmp.Comparer(decimal.Decimal.Equal)); diff != "" {
				t.Fatalf("%s in its part (-want +got):\n%s", who, diff)
			}
		}
	}
	l.absorb(parts, part)
	for who, acc := range want {
		if diff := cmp.Diff(acc, l.Accumulators(who, 2025), cmp.Comparer(decimal.Decimal.Equal)); diff != "" {
			t.Errorf("%s after absorb (-want +got):\n%s", who, diff)
		}
	}
}
