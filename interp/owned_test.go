package interp_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// settlementOpts compare money by value, as a store read back may write
// 8459.60 as 8459.6.
var settlementOpts = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// spoilSettlement changes every part of s a caller could: its figures,
// its fund details and its trace.
func spoilSettlement(s *claim.Settlement) {
	s.Setlinfo.HifpPay = s.Setlinfo.HifpPay.Add(decimal.NewFromInt(1))
	s.Setlinfo.PsnCashPay = decimal.NewFromInt(-1)
	for i := range s.Setldetail {
		s.Setldetail[i].FundPayamt = decimal.NewFromInt(7)
	}
	s.Setldetail = append(s.Setldetail[:cap(s.Setldetail)], claim.FundDetail{FundPayType: "999999"})
	// The trace is shared, read-only (claim.Settlement.Trace): left alone.
}

// What Settle and SettleIn return is the caller's: a program that changes
// a settlement it was given changes neither what the claim sent again
// returns nor what its reversal reverses, on every store.
func TestSettlementIsTheCallers(t *testing.T) {
	prog := accountProgram(t, nil)
	for _, via := range []string{"Settle", "SettleIn"} {
		t.Run(via, func(t *testing.T) {
			forEachStore(t, func(t *testing.T, st interp.Store) {
				update(t, st, func(l interp.Ledger) error {
					return interp.ImportAccount(l, "P1", interp.Account{Current: money("3000.00"), AccountState: interp.AccountState{Year: 2025}})
				}, "P1")
				settle := func(c *claim.Claim) (*claim.Settlement, error) {
					if via == "SettleIn" {
						return prog.SettleIn(st, c, interp.Options{Explain: true})
					}
					var s *claim.Settlement
					err := st.Update([]string{c.PsnNo}, func(l interp.Ledger) error {
						var err error
						s, err = prog.Settle(l, c, interp.Options{Explain: true})
						return err
					})
					return s, err
				}
				c := accountClaim(t, "S1", "P1", "住院", "2025-06-01", "5000.00")
				first, err := settle(c)
				if err != nil {
					t.Fatal(err)
				}
				if len(first.Setldetail) == 0 || len(first.Trace) == 0 {
					t.Fatalf("want a settlement with fund details and a trace, got %+v", first)
				}
				want, err := settle(c)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(first, want, settlementOpts); diff != "" {
					t.Fatalf("sent again (-first +again):\n%s", diff)
				}
				spoilSettlement(first)
				again, err := settle(c)
				if err != nil {
					t.Fatal(err)
				}
				spoilSettlement(again)
				again, err = settle(c)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, again, settlementOpts); diff != "" {
					t.Errorf("sent again after the caller changed its settlements (-want +got):\n%s", diff)
				}
				if _, err := settle(accountClaim(t, "R1", "P1", "住院", "2025-06-02", "5000.00", `,"reverses":"S1"`)); err != nil {
					t.Errorf("reversal after the caller changed its settlements: %v", err)
				}
				err = st.View(func(l interp.Ledger) error {
					e, ok, err := l.Entry("S1")
					if err != nil || !ok {
						t.Fatalf("Entry(S1) = %v, %v", ok, err)
					}
					spoilSettlement(e.Settlement)
					e.Deltas[0].Amount = decimal.NewFromInt(1)
					return nil
				})
				if err != nil {
					t.Fatal(err)
				}
				again, err = settle(c)
				if err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, again, settlementOpts); diff != "" {
					t.Errorf("sent again after the caller changed the entry it read (-want +got):\n%s", diff)
				}
			})
		})
	}
}

// A counter that changes its settlement while another goroutine sends the
// claim again races with nothing (go test -race): each has its own.
func TestSettlementChangedWhileSentAgain(t *testing.T) {
	prog := accountProgram(t, nil)
	l := interp.NewMemoryLedger()
	c := accountClaim(t, "S1", "P1", "住院", "2025-06-01", "5000.00")
	want, err := prog.SettleIn(l, c, interp.Options{Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 50 {
				s, err := prog.SettleIn(l, c, interp.Options{Explain: true})
				if err != nil {
					errs <- err
					return
				}
				if !s.Setlinfo.HifpPay.Equal(want.Setlinfo.HifpPay) || len(s.Setldetail) != len(want.Setldetail) {
					errs <- fmt.Errorf("sent again: hifp_pay %s with %d details, want %s with %d",
						s.Setlinfo.HifpPay, len(s.Setldetail), want.Setlinfo.HifpPay, len(want.Setldetail))
					return
				}
				spoilSettlement(s)
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// A what-if ledger told to keep a settlement hands out copies of it too.
func TestKeptSettlementIsTheCallers(t *testing.T) {
	prog := loadNanjing(t)
	line := keptLine("S1", "A", "2025-01-01 08:00:00", "")
	keep, ok, err := prog.StreamsAsBatch(strings.NewReader(line+line), claim.JSONL, false)
	if err != nil || !ok {
		t.Fatalf("StreamsAsBatch = %v, %v", ok, err)
	}
	wl := prog.NewWhatIfLedger()
	wl.Keep(keep)
	c, err := claim.NewReader(strings.NewReader(line), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	first, err := prog.SettleIn(wl, c, interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := prog.SettleIn(wl, c, interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spoilSettlement(first)
	spoilSettlement(want)
	want, err = prog.SettleIn(wl, c, interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	spoilSettlement(want)
	got, err := prog.SettleIn(wl, c, interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	want, err = prog.Settle(interp.NewMemoryLedger(), c, interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got, settlementOpts); diff != "" {
		t.Errorf("sent again after the caller changed its settlements (-want +got):\n%s", diff)
	}
}
