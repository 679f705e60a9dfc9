package interp_test

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/interp/store"
)

// errDisk is the failure of failingStore's database.
var errDisk = errors.New("disk I/O error")

// failingStore is a store whose database fails for one member, psnNo:
// with op "read" it cannot read the member's year; with "write" it cannot
// write the member's entries (the first is the batch's third write); with
// "commit" it cannot commit a transaction that wrote one, which keeps
// nothing of it; with "refuse" it refuses the member's entries as a
// ledger refuses an entry it cannot take (a *RefusedError), which is the
// entry's fault, not the store's.
type failingStore struct {
	interp.Store
	psnNo string
	op    string
}

func (s *failingStore) Update(psnNos []string, fn func(interp.Ledger) error) error {
	return s.Store.Update(psnNos, func(l interp.Ledger) error {
		fl := &failingLedger{Ledger: l, s: s}
		if err := fn(fl); err != nil {
			return err
		}
		if s.op == "commit" && fl.wrote {
			return errDisk // as at COMMIT: the transaction is rolled back
		}
		return nil
	})
}

func (s *failingStore) View(fn func(interp.Ledger) error) error {
	return s.Store.View(func(l interp.Ledger) error { return fn(&failingLedger{Ledger: l, s: s}) })
}

// failingLedger is failingStore's Ledger in one transaction.
type failingLedger struct {
	interp.Ledger
	s     *failingStore
	wrote bool // an entry of s.psnNo was committed
}

func (l *failingLedger) Year(psnNo string, year int) (interp.Accumulators, error) {
	if l.s.op == "read" && psnNo == l.s.psnNo {
		return nil, errDisk
	}
	return l.Ledger.Year(psnNo, year)
}

func (l *failingLedger) Commit(e *interp.Entry) error {
	if e.PsnNo == l.s.psnNo {
		switch l.s.op {
		case "write":
			return errDisk
		case "refuse":
			return &interp.RefusedError{Msg: "account of " + e.PsnNo + " would go below zero"}
		case "commit":
			l.wrote = true
		}
	}
	return l.Ledger.Commit(e)
}

// storeFailureBatch is a batch in setl_time order whose fourth row, S4, is
// the first claim of member P3 (the third to write to the ledger, after a
// row that is no claim the policy takes); S6 is P3's second. With fees,
// the claims come as fee lines, which the stream reads in full rather
// than on its flat reader.
func storeFailureBatch(fees bool) string {
	line := func(id, psn, day, psnType string) string {
		amounts := `"medfee_sumamt":"30000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"30000.00"`
		if fees {
			amounts = `"medfee_sumamt":"30000.00","fee_details":[{"item_code":"X1","chrg_item_lv":"甲","det_item_fee_sumamt":"30000.00","selfpay_prop":"0"}]`
		}
		return `{"setl_id":"` + id + `","psn_no":"` + psn + `","insutype":"310","psn_type":"` + psnType + `","med_type":"21","medins_lv":"3",` +
			`"setl_time":"2025-` + day + `",` + amounts + `}` + "\n"
	}
	return line("S1", "P1", "01-10", "1101") + line("S2", "P2", "01-11", "1101") + line("S3", "P4", "01-11", "9999") +
		line("S4", "P3", "01-12", "1101") + line("S5", "P1", "01-13", "1101") + line("S6", "P3", "01-14", "1101")
}

// A store that fails while a claim is settled stops the run on every path
// (a batch held whole, on one goroutine or three; a stream of flat lines,
// of claims with fee lines, of CSV; pre-settlement): the claim gets no
// row, the rows before it are written as a whole run writes them, the
// error is a *StoreError naming the claim and wrapping the store's, and
// no claim after it is settled. A run again once the store works writes
// what one whole run writes. A refusal of an entry is the claim's error
// row, as before, and the run goes on.
func TestStoreFailureStopsTheRun(t *testing.T) {
	prog := loadNanjing(t)
	type path struct {
		name      string
		in        claim.Format
		fees      bool
		stream    bool
		workers   int
		presettle bool
	}
	paths := []path{
		{name: "batch", in: claim.JSONL},
		{name: "batch fee lines", in: claim.JSONL, fees: true},
		{name: "batch csv", in: claim.CSV},
		{name: "batch 3 workers", in: claim.JSONL, workers: 3},
		{name: "batch presettle", in: claim.JSONL, presettle: true},
		{name: "stream", in: claim.JSONL, stream: true, workers: 2},
		{name: "stream fee lines", in: claim.JSONL, fees: true, stream: true, workers: 2},
		{name: "stream csv", in: claim.CSV, stream: true},
		{name: "stream presettle", in: claim.JSONL, stream: true, presettle: true},
	}
	run := func(t *testing.T, pt path, st interp.Store) (string, interp.BatchStats, error) {
		t.Helper()
		batch := storeFailureBatch(pt.fees)
		if pt.in == claim.CSV {
			batch = csvOf(t, batch)
		}
		var out bytes.Buffer
		w := claim.NewWriter(&out, claim.JSONL)
		opt := interp.BatchOptions{Workers: pt.workers, Presettle: pt.presettle}
		var stats interp.BatchStats
		var err error
		if pt.stream {
			stats, err = prog.RunStream(context.Background(), st, strings.NewReader(batch), pt.in, w, opt)
		} else {
			stats, err = prog.RunBatch(context.Background(), st, claim.NewReader(strings.NewReader(batch), pt.in), w, opt)
		}
		return out.String(), stats, err
	}
	open := func(t *testing.T) interp.Store {
		st, err := store.Open(filepath.Join(t.TempDir(), "ledger.db"))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		return st
	}
	for _, pt := range paths {
		t.Run(pt.name, func(t *testing.T) {
			want, wantStats, err := run(t, pt, open(t))
			if err != nil {
				t.Fatal(err)
			}
			if wantStats.Settled != 5 || wantStats.Errors != 1 {
				t.Fatalf("clean run: %+v, want 5 settled and 1 error row:\n%s", wantStats, want)
			}
			wantRows := strings.SplitAfter(want, "\n")
			before := 3 // S1, S2 and the error row of S3
			if !strings.Contains(wantRows[before], `"setl_id":"S4"`) {
				t.Fatalf("row %d is not S4's:\n%s", before+1, want)
			}
			wantLine := 4
			if pt.in == claim.CSV {
				wantLine = 5 // after the header
			}
			ops := []string{"read", "write", "commit"}
			if pt.presettle {
				ops = []string{"read"} // it writes nothing
			}
			for _, op := range ops {
				st := open(t)
				got, stats, err := run(t, pt, &failingStore{Store: st, psnNo: "P3", op: op})
				var failed *interp.StoreError
				if !errors.As(err, &failed) || !errors.Is(err, errDisk) {
					t.Fatalf("%s: err = %v, want a *StoreError wrapping %v; rows:\n%s", op, err, errDisk, got)
				}
				if failed.SetlID != "S4" || failed.Line != wantLine {
					t.Errorf("%s: the error names claim %s, line %d, want S4, line %d: %v", op, failed.SetlID, failed.Line, wantLine, err)
				}
				gotRows := strings.SplitAfter(got, "\n")
				gotRows = gotRows[:len(gotRows)-1]
				written := before
				if pt.workers > 1 && !pt.stream {
					// The goroutines stop where they stand: some claims
					// before S4 may not have been settled.
					written = min(len(gotRows), before)
				}
				if diff := cmp.Diff(wantRows[:written], gotRows); diff != "" {
					t.Errorf("%s: rows written differ from the clean run's first %d (-want +got):\n%s", op, written, diff)
				}
				if stats.Rows != written {
					t.Errorf("%s: stats %+v, want %d rows", op, stats, written)
				}
				if !pt.presettle {
					notHeld := []string{"S4", "S5", "S6"}
					if pt.workers > 1 && !pt.stream {
						// Another member's claim may be settled on
						// another goroutine meanwhile; never P3's next.
						notHeld = []string{"S4", "S6"}
					}
					if err := st.View(func(l interp.Ledger) error {
						for _, id := range notHeld {
							if _, held, err := l.Entry(id); err != nil || held {
								t.Errorf("%s: the ledger holds %s (%v): settled after the store failed", op, id, err)
							}
						}
						return nil
					}); err != nil {
						t.Fatal(err)
					}
				}
				again, _, err := run(t, pt, st)
				if err != nil {
					t.Fatalf("%s: run again: %v", op, err)
				}
				if diff := cmp.Diff(want, again); diff != "" {
					t.Errorf("%s: run again once the store works differs from one whole run (-want +got):\n%s", op, diff)
				}
			}
			if pt.presettle {
				return
			}
			got, stats, err := run(t, pt, &failingStore{Store: open(t), psnNo: "P3", op: "refuse"})
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if stats.Settled != 3 || stats.Errors != 3 || !strings.Contains(got, "would go below zero") {
				t.Errorf("refused: %+v, want P3's two claims error rows saying why, the others settled:\n%s", stats, got)
			}
		})
	}
}
