package store_test

import (
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/store"
	"github.com/mpl-lang/mpl/interp/store/storetest"
)

// TestRecordPolicy: each run records its policy, and learns which policy
// the run before it settled under, across a reopening of the store.
func TestRecordPolicy(t *testing.T) {
	stores := map[string]func(t *testing.T) string{
		"sqlite":   func(t *testing.T) string { return filepath.Join(t.TempDir(), "ledger.db") },
		"postgres": func(t *testing.T) string { return storetest.FreshSchema(t, storetest.PostgresDSN(t)) },
	}
	for name, dsn := range stores {
		t.Run(name, func(t *testing.T) {
			dsn := dsn(t)
			day := func(d int) time.Time { return time.Date(2026, 12, d, 8, 0, 0, 0, time.UTC) }
			runs := []struct {
				name, digest string
				at           time.Time
				want         *store.PolicyUse
			}{
				{"南京 2025", "aaa", day(1), nil},
				{"南京 2025", "aaa", day(2), &store.PolicyUse{Name: "南京 2025", Digest: "aaa", First: day(1), Last: day(1)}},
				{"南京 2025 corrected", "bbb", day(3), &store.PolicyUse{Name: "南京 2025", Digest: "aaa", First: day(1), Last: day(2)}},
				{"南京 2025", "aaa", day(4), &store.PolicyUse{Name: "南京 2025 corrected", Digest: "bbb", First: day(3), Last: day(3)}},
			}
			for i, r := range runs {
				st := mustOpen(t, dsn) // a run of its own
				got, err := store.RecordPolicy(st, r.name, r.digest, r.at)
				if err != nil {
					t.Fatal(err)
				}
				if d := cmp.Diff(r.want, got); d != "" {
					t.Errorf("run %d: the run before (-want +got):\n%s", i, d)
				}
				if i == len(runs)-1 {
					all, err := store.Policies(st)
					if err != nil {
						t.Fatal(err)
					}
					want := []store.PolicyUse{
						{Name: "南京 2025", Digest: "aaa", First: day(1), Last: day(4)},
						{Name: "南京 2025 corrected", Digest: "bbb", First: day(3), Last: day(3)},
					}
					if d := cmp.Diff(want, all); d != "" {
						t.Errorf("Policies (-want +got):\n%s", d)
					}
				}
				st.Close()
			}
		})
	}
	if _, err := store.RecordPolicy(interp.NewMemoryLedger(), "p", "d", day0); !errors.Is(err, store.ErrNotRecorded) {
		t.Errorf("a memory ledger: %v, want ErrNotRecorded", err)
	}
}

var day0 = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
