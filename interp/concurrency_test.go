package interp_test

import (
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// ledgerState is every member's accounts and accumulators, as text.
func ledgerState(t *testing.T, st interp.Store) map[string]string {
	t.Helper()
	out := map[string]string{}
	members, err := st.Members()
	if err != nil {
		t.Fatal(err)
	}
	for _, psn := range members {
		years, err := st.Years(psn)
		if err != nil {
			t.Fatal(err)
		}
		err = st.View(func(l interp.Ledger) error {
			a, err := l.Account(psn)
			if err != nil {
				return err
			}
			out[psn+" account"] = a.Current.StringFixed(2) + " / " + a.Carried.StringFixed(2)
			for _, y := range years {
				acc, err := l.Year(psn, y)
				if err != nil {
					return err
				}
				for _, k := range slices.Sorted(maps.Keys(acc)) {
					if !acc[k].IsZero() {
						out[fmt.Sprintf("%s %d %s", psn, y, k)] = acc[k].StringFixed(2)
					}
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// TestConcurrentSettlementEqualsSerial settles the same claims of a few
// members from many goroutines at once and one by one, and compares the
// ledgers. Amounts are whole yuan, so no rounding depends on which claim
// meets the deductible first: the final state must be the same whatever the
// order, and any lost or doubled update shows.
func TestConcurrentSettlementEqualsSerial(t *testing.T) {
	prog := accountProgram(t, nil)
	var claims []*claim.Claim
	for i := range 120 {
		psn := fmt.Sprintf("P%d", i%4)
		kind := []string{"门诊", "住院"}[i%2]
		claims = append(claims, accountClaim(t, fmt.Sprintf("C%03d", i), psn, kind, "2025-06-01", fmt.Sprintf("%d.00", 100+i*37%900)))
	}
	seed := func(t *testing.T, st interp.Store) {
		for i := range 4 {
			psn := fmt.Sprintf("P%d", i)
			update(t, st, func(l interp.Ledger) error {
				return interp.ImportAccount(l, psn, interp.Account{Current: money("3000.00"), AccountState: interp.AccountState{Year: 2025}})
			}, psn)
		}
	}
	var serial map[string]string
	forEachStore(t, func(t *testing.T, st interp.Store) {
		seed(t, st)
		var wg sync.WaitGroup
		errs := make(chan error, len(claims))
		for w := range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := w; i < len(claims); i += 8 {
					if _, err := prog.SettleIn(st, claims[i], interp.Options{}); err != nil {
						errs <- err
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		got := ledgerState(t, st)
		if serial == nil {
			one := interp.NewMemoryLedger()
			seed(t, one)
			for _, c := range claims {
				if _, err := prog.Settle(one, c, interp.Options{}); err != nil {
					t.Fatal(err)
				}
			}
			serial = ledgerState(t, one)
		}
		if diff := cmp.Diff(serial, got); diff != "" {
			t.Errorf("concurrent settlement differs from a serial run (-serial +concurrent):\n%s", diff)
		}
	})
}

// TestConcurrentSettleOnMemoryLedger settles one member's claims with
// Settle, not SettleIn, from many goroutines on one MemoryLedger: the
// member's year must be what one goroutine settling them leaves (a read
// of the year before another goroutine's commit charged the yearly
// deductible twice, silently). Run it with -race.
func TestConcurrentSettleOnMemoryLedger(t *testing.T) {
	prog := accountProgram(t, nil)
	var claims []*claim.Claim
	for i := range 160 {
		kind := []string{"门诊", "住院"}[i%2]
		claims = append(claims, accountClaim(t, fmt.Sprintf("C%03d", i), "P1", kind, "2025-06-01", fmt.Sprintf("%d.00", 100+i*37%900)))
	}
	seed := func(l *interp.MemoryLedger) {
		update(t, l, func(l interp.Ledger) error {
			return interp.ImportAccount(l, "P1", interp.Account{Current: money("3000.00"), AccountState: interp.AccountState{Year: 2025}})
		}, "P1")
	}
	one := interp.NewMemoryLedger()
	seed(one)
	for _, c := range claims {
		if _, err := prog.Settle(one, c, interp.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	serial := ledgerState(t, one)

	l := interp.NewMemoryLedger()
	seed(l)
	const workers = 16
	var wg sync.WaitGroup
	errs := make(chan error, len(claims))
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(claims); i += workers {
				if _, err := prog.Settle(l, claims[i], interp.Options{}); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if diff := cmp.Diff(serial, ledgerState(t, l)); diff != "" {
		t.Errorf("Settle from %d goroutines differs from one (-serial +concurrent):\n%s", workers, diff)
	}
}
