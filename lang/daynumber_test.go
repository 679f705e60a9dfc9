package lang

import (
	"math/rand/v2"
	"testing"
	"time"
)

// DayNumber counts t's own date from 1970-01-01: for times in UTC (counted
// from Unix seconds) as for times elsewhere (from their date), years 1 to
// 9999, every hour of a day, before 1970 and after.
func TestDayNumber(t *testing.T) {
	byDate := func(tm time.Time) int { // the date's midnight, a whole number of days from 1970
		y, m, d := tm.Date()
		return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
	}
	fixed := []struct {
		t    time.Time
		want int
	}{
		{time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), 0},
		{time.Date(1970, 1, 1, 23, 59, 59, 999999999, time.UTC), 0},
		{time.Date(1969, 12, 31, 23, 59, 59, 0, time.UTC), -1},
		{time.Date(1969, 12, 31, 0, 0, 0, 0, time.UTC), -1},
		{time.Date(1969, 12, 30, 12, 0, 0, 0, time.UTC), -2},
		{time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC), 20148},
		{time.Date(2025, 3, 1, 0, 30, 0, 0, time.FixedZone("CST", 8*3600)), 20148},
		{time.Date(2025, 2, 28, 23, 30, 0, 0, time.FixedZone("", -5*3600)), 20147},
	}
	for _, c := range fixed {
		if got := DayNumber(c.t); got != c.want {
			t.Errorf("DayNumber(%v) = %d, want %d", c.t, got, c.want)
		}
	}
	rng := rand.New(rand.NewPCG(1, 2))
	zones := []*time.Location{time.UTC, time.FixedZone("CST", 8*3600), time.FixedZone("", -11*3600)}
	for range 20000 {
		tm := time.Date(1+rng.IntN(9999), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(60), rng.IntN(60), rng.IntN(1e9), zones[rng.IntN(len(zones))])
		if got, want := DayNumber(tm), byDate(tm); got != want {
			t.Fatalf("DayNumber(%v) = %d, want %d", tm, got, want)
		}
	}
}
