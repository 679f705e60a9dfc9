package interp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// cancelBatch is n Nanjing claims of 40 members in setl_time order: n/50
// chunks of a stream.
func cancelBatch(n int) string {
	var b strings.Builder
	start := time.Date(2025, 1, 1, 8, 0, 0, 0, time.UTC)
	for i := range n {
		fmt.Fprintf(&b, `{"setl_id":"S%05d","psn_no":"P%02d","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"%s","medfee_sumamt":"%d.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"%d.00"}`+"\n",
			i, i%40, start.Add(time.Duration(i)*time.Hour).Format(time.DateTime), 800+i*37%3000, 800+i*37%3000)
	}
	return b.String()
}

// settledState is a store's members' non-zero figures, as text: what the
// claims committed to it, whatever members a what-if ledger was told of.
func settledState(t *testing.T, st interp.Store) map[string]string {
	t.Helper()
	out := ledgerState(t, st)
	for k, v := range out {
		if strings.HasSuffix(k, " account") && v == "0.00 / 0.00" {
			delete(out, k)
		}
	}
	return out
}

// A run whose context is cancelled, before it starts or while it runs,
// commits to its store the claims whose rows it writes and no other:
// RunStream checks the context before it settles each chunk and writes
// every chunk it settled; RunBatch and RunRows settle nothing once it is
// cancelled (and write nothing, so a claim they settled before is
// answered from the ledger when the batch is run again). Against a
// MemoryLedger, the SQLite store, and (RunStream on several goroutines) a
// what-if ledger.
func TestCancelledRunSettlesOnlyWhatItWrites(t *testing.T) {
	prog := loadNanjing(t)
	// More chunks than a stream on three goroutines holds at once (12;
	// 9600 claims are some 37), so that it is cancelled before it has
	// read them all.
	batch := cancelBatch(9600)
	claims, err := interp.ReadAll(claim.NewReader(strings.NewReader(batch), claim.JSONL))
	if err != nil {
		t.Fatal(err)
	}
	type runner struct {
		name string
		run  func(ctx context.Context, st interp.Store, out *bytes.Buffer, progress func(done, total int)) error
	}
	runners := []runner{
		{"RunStream", func(ctx context.Context, st interp.Store, out *bytes.Buffer, progress func(done, total int)) error {
			_, err := prog.RunStream(ctx, st, strings.NewReader(batch), claim.JSONL, claim.NewWriter(out, claim.JSONL),
				interp.BatchOptions{Workers: 3, Progress: progress})
			return err
		}},
		{"RunBatch", func(ctx context.Context, st interp.Store, out *bytes.Buffer, progress func(done, total int)) error {
			_, err := prog.RunBatch(ctx, st, claim.NewReader(strings.NewReader(batch), claim.JSONL), claim.NewWriter(out, claim.JSONL),
				interp.BatchOptions{Progress: progress})
			return err
		}},
		{"RunRows", func(ctx context.Context, st interp.Store, out *bytes.Buffer, progress func(done, total int)) error {
			rows, err := interp.ReadAll(claim.NewReader(strings.NewReader(batch), claim.JSONL))
			if err != nil {
				return err
			}
			_, err = prog.RunRows(ctx, st, rows, claim.NewWriter(out, claim.JSONL), interp.BatchOptions{Progress: progress})
			return err
		}},
	}
	stores := append(stores(t), namedStore{"whatif", func(t *testing.T) interp.Store { return prog.NewWhatIfLedger() }})
	for _, r := range runners {
		for _, s := range stores {
			if s.name == "whatif" && r.name != "RunStream" {
				continue // RunRows settles a what-if batch whole (runRowsWhatIf), with tests of its own
			}
			for _, when := range []string{"before", "during"} {
				t.Run(r.name+"/"+s.name+"/"+when, func(t *testing.T) {
					st := s.open(t)
					defer st.Close()
					ctx, cancel := context.WithCancel(context.Background())
					defer cancel()
					if when == "before" {
						cancel()
					}
					settledBefore := 0 // RunBatch and RunRows: claims settled when cancelled
					progress := func(done, total int) {
						if done >= 100 && ctx.Err() == nil {
							settledBefore = done
							cancel()
						}
					}
					var out bytes.Buffer
					if err := r.run(ctx, st, &out, progress); !errors.Is(err, context.Canceled) {
						t.Fatalf("err = %v, want context.Canceled", err)
					}
					// What the rows written say was settled, settled again
					// on a ledger of their own.
					written := map[string]bool{}
					want := interp.NewMemoryLedger()
					for line := range strings.Lines(out.String()) {
						var row struct {
							SetlID   string          `json:"setl_id"`
							Setlinfo json.RawMessage `json:"setlinfo"`
						}
						if err := json.Unmarshal([]byte(line), &row); err != nil || row.Setlinfo == nil {
							t.Fatalf("row %q is no settlement (%v)", line, err)
						}
						written[row.SetlID] = true
					}
					for _, rw := range claims {
						if written[rw.Claim.SetlID] {
							if _, err := prog.Settle(want, rw.Claim, interp.Options{}); err != nil {
								t.Fatal(err)
							}
						}
					}
					if r.name != "RunStream" && when == "during" {
						// Nothing written; the claims settled before the
						// cancellation, in settling order, and no more.
						if len(written) != 0 {
							t.Fatalf("%d rows written, want none", len(written))
						}
						for _, rw := range claims[:settledBefore] { // in setl_time order already
							if _, err := prog.Settle(want, rw.Claim, interp.Options{}); err != nil {
								t.Fatal(err)
							}
						}
					}
					if r.name == "RunStream" && when == "during" && (len(written) == 0 || len(written) == len(claims)) {
						t.Fatalf("%d rows of %d written: want the stream stopped part way", len(written), len(claims))
					}
					if diff := cmp.Diff(settledState(t, want), settledState(t, st)); diff != "" {
						t.Errorf("%d rows written; the store holds other figures than theirs (-written +store):\n%s", len(written), diff)
					}
				})
			}
		}
	}
}
