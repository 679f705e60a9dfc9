package interp_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// TestSettleOrder checks the order a batch settles in: by setl_time, input
// order at one time, but a reversal listed before the claim it reverses
// at the same time right after that claim.
func TestSettleOrder(t *testing.T) {
	tests := []struct {
		name  string
		lines []string
		want  []string // setl_ids in settling order
	}{
		{"by time, then input order",
			[]string{orderLine("B", "P1", "03-02", ""), orderLine("A", "P1", "03-01", ""), orderLine("C", "P2", "03-01", "")},
			[]string{"A", "C", "B"}},
		{"a reversal listed before its claim at one time",
			[]string{orderLine("R1", "P1", "03-05", "C1"), orderLine("X", "P1", "03-05", ""), orderLine("C1", "P1", "03-05", ""), orderLine("D", "P1", "03-05", "")},
			[]string{"X", "C1", "R1", "D"}},
		{"a reversal dated before its claim stays before it (and is refused)",
			[]string{orderLine("C1", "P1", "03-05", ""), orderLine("R1", "P1", "03-04", "C1")},
			[]string{"R1", "C1"}},
		{"a reversal after its claim stays",
			[]string{orderLine("C1", "P1", "03-05", ""), orderLine("R1", "P1", "03-05", "C1")},
			[]string{"C1", "R1"}},
		{"a claim sent again: after the first of its rows",
			[]string{orderLine("R1", "P1", "03-05", "C1"), orderLine("C1", "P1", "03-05", ""), orderLine("C1", "P1", "03-05", "")},
			[]string{"C1", "R1", "C1"}},
		{"a reversal of a claim not in the batch",
			[]string{orderLine("R1", "P1", "03-05", "C0"), orderLine("C1", "P1", "03-05", "")},
			[]string{"R1", "C1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := interp.ReadAll(claim.NewReader(strings.NewReader(strings.Join(tt.lines, "\n")), claim.JSONL))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, i := range interp.SettleOrder(rows) {
				got = append(got, rows[i].Claim.SetlID)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("SettleOrder (-want +got):\n%s", diff)
			}
		})
	}
}

// TestReversalListedFirstSettlesAgainAlike checks that a batch with a
// same-day reversal listed before its claim reverses the claim, and that a
// run again into the same ledger writes the same rows: settled in input
// order the reversal found nothing to reverse the first time and reversed
// the claim the second.
func TestReversalListedFirstSettlesAgainAlike(t *testing.T) {
	prog := loadNanjing(t)
	batch := orderLine("R1", "P1", "03-05", "C1") + "\n" + orderLine("C1", "P1", "03-05", "") + "\n"
	ledger := interp.NewMemoryLedger()
	var runs []string
	for range 2 {
		var out bytes.Buffer
		stats, err := prog.RunBatch(context.Background(), ledger, claim.NewReader(strings.NewReader(batch), claim.JSONL), claim.NewWriter(&out, claim.JSONL), interp.BatchOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if stats.Errors != 0 {
			t.Errorf("run %d: %d error rows:\n%s", len(runs)+1, stats.Errors, out.String())
		}
		runs = append(runs, out.String())
	}
	if !strings.Contains(runs[0], `"setl_id":"R1","psn_no":"P1","reverses":"C1","setlinfo":{"medfee_sumamt":"-5000.00"`) {
		t.Errorf("R1 does not reverse C1:\n%s", runs[0])
	}
	if diff := cmp.Diff(runs[0], runs[1]); diff != "" {
		t.Errorf("a run again differs (-first +again):\n%s", diff)
	}
}
