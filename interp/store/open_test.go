package store_test

import (
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/store"
)

// TestConcurrentOpen: goroutines opening one ledger file that does not
// exist yet, all at once (a pool of request handlers starting), each open
// it and write to it. Some opens failed with SQLITE_BUSY (the file being
// switched to WAL and given its tables by another), which Open now tries
// again as Update does.
func TestConcurrentOpen(t *testing.T) {
	const rounds, openers = 10, 12
	for round := range rounds {
		path := filepath.Join(t.TempDir(), "fresh.db")
		var wg sync.WaitGroup
		for i := range openers {
			wg.Go(func() {
				st, err := store.Open(path)
				if err != nil {
					t.Errorf("round %d, open %d: %v", round, i, err)
					return
				}
				defer st.Close()
				psn := fmt.Sprintf("P%d", i)
				if err := st.Update([]string{psn}, func(l interp.Ledger) error {
					return l.Commit(&interp.Entry{SetlID: fmt.Sprintf("S%d", i), Kind: interp.KindImport, PsnNo: psn, Year: 2025,
						Deltas: []interp.Delta{{Key: interp.KeyDeductible, Amount: decimal.RequireFromString("100.00")}}})
				}); err != nil {
					t.Errorf("round %d, update %d: %v", round, i, err)
				}
			})
		}
		wg.Wait()
		st, err := store.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		members, err := st.Members()
		st.Close()
		if err != nil || len(members) != openers {
			t.Errorf("round %d: members %v (%v), want %d", round, members, err, openers)
		}
	}
}
