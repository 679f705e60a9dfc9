package interp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// A setl_id sent again returns the settlement it has, changing nothing,
// only when the claim repeats that settlement's figures (reversed since or
// not: a run started again must write what the first wrote): one sent
// again with other amounts, or naming another settlement to reverse, is an
// error on the field that differs, and the ledger keeps what it had; so is
// a reversal whose amounts are not those of what it reverses.
func TestSentAgainWithOtherFigures(t *testing.T) {
	prog := loadNanjing(t)
	l := interp.NewMemoryLedger()
	settle := func(line string) (*claim.Settlement, error) {
		t.Helper()
		c, err := claim.NewReader(strings.NewReader(line), claim.JSONL).Next()
		if err != nil {
			t.Fatal(err)
		}
		return prog.Settle(l, c, interp.Options{})
	}
	first, err := settle(keptLine("S1", "A", "2025-01-01 08:00:00", ""))
	if err != nil {
		t.Fatal(err)
	}
	third, err := settle(keptLine("S3", "A", "2025-01-02 08:00:00", ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := settle(keptLine("S2", "A", "2025-02-01 08:00:00", "S3")); err != nil {
		t.Fatal(err)
	}
	// S4 has fee lines: the policy splits them, 甲 wholly in scope.
	feeLine := func(class string) string {
		return strings.Replace(keptLine("S4", "A", "2025-03-01 08:00:00", ""),
			`"fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"2000.00"`,
			`"fee_details":[{"item_code":"X","chrg_item_lv":"`+class+`","det_item_fee_sumamt":"2000.00","selfpay_prop":"0"}]`, 1)
	}
	fourth, err := settle(feeLine("甲"))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name, line   string
		field, msg   string // "" when the claim returns the stored settlement
		wantReversal bool   // S2's (S3 reversed) rather than S1's
		wantThird    bool   // S3's
		wantFourth   bool   // S4's
	}{
		{name: "the same figures", line: keptLine("S1", "A", "2025-01-09 08:00:00", "")},
		{name: "another total", line: strings.ReplaceAll(keptLine("S1", "A", "2025-01-01 08:00:00", ""), `"2000.00"`, `"9000.00"`),
			field: "medfee_sumamt",
			msg:   "setl_id S1 was already settled with medfee_sumamt 2000.00, not 9000.00; a claim sent again must repeat its figures (a correction is a reversal and a new setl_id)"},
		{name: "the same total split otherwise", line: strings.Replace(strings.Replace(keptLine("S1", "A", "2025-01-01 08:00:00", ""),
			`"fulamt_ownpay_amt":"0"`, `"fulamt_ownpay_amt":"100"`, 1), `"inscp_scp_amt":"2000.00"`, `"inscp_scp_amt":"1900.00"`, 1),
			field: "fulamt_ownpay_amt",
			msg:   "setl_id S1 was already settled with fulamt_ownpay_amt 0.00, not 100.00; a claim sent again must repeat its figures (a correction is a reversal and a new setl_id)"},
		{name: "fee lines sent again alike", line: feeLine("甲"), wantFourth: true},
		// The same total, but 丙 is wholly self-paid: the split differs.
		{name: "fee lines sent again otherwise", line: feeLine("丙"),
			field: "fulamt_ownpay_amt",
			msg:   "setl_id S4 was already settled with fulamt_ownpay_amt 0.00, not 2000.00; a claim sent again must repeat its figures (a correction is a reversal and a new setl_id)"},
		{name: "a reversal sent again", line: keptLine("S2", "A", "2025-02-01 08:00:00", "S3"), wantReversal: true},
		// A run started again over a batch of a claim and its reversal
		// writes the rows the first run wrote.
		{name: "a reversal sent again with other amounts", line: strings.ReplaceAll(keptLine("S2", "A", "2025-02-01 08:00:00", "S3"), `"2000.00"`, `"900.00"`),
			field: "medfee_sumamt",
			msg:   "setl_id S2 was already settled with medfee_sumamt 2000.00, not 900.00; a claim sent again must repeat its figures (a correction is a reversal and a new setl_id)"},
		// A reversal undoes the whole settlement: one of other amounts (a
		// partial refund) is refused, not settled as the whole.
		{name: "a reversal of other amounts", line: strings.ReplaceAll(keptLine("S5", "A", "2025-02-02 08:00:00", "S1"), `"2000.00"`, `"500.00"`),
			field: "medfee_sumamt",
			msg:   "the reversal of S1 gives medfee_sumamt 500.00, but S1 was settled with 2000.00; a reversal repeats the figures of what it reverses (to refund part of a claim, reverse it and settle what remains under a new setl_id)"},
		{name: "a reversal of fee lines split otherwise", line: strings.Replace(feeLine("丙"), `"setl_id":"S4"`, `"setl_id":"S6","reverses":"S4"`, 1),
			field: "fulamt_ownpay_amt",
			msg:   "the reversal of S4 gives fulamt_ownpay_amt 2000.00, but S4 was settled with 0.00; a reversal repeats the figures of what it reverses (to refund part of a claim, reverse it and settle what remains under a new setl_id)"},
		{name: "a reversed settlement sent again", line: keptLine("S3", "A", "2025-01-02 08:00:00", ""), wantThird: true},
		{name: "a settlement sent again as a reversal", line: keptLine("S1", "A", "2025-01-01 08:00:00", "S0"),
			field: "reverses",
			msg:   `setl_id S1 was already settled as a claim, not as the reversal of S0; a reversal takes a setl_id of its own`},
		{name: "a reversal sent again as a claim", line: keptLine("S2", "A", "2025-02-01 08:00:00", ""),
			field: "reverses",
			msg:   `setl_id S2 was already settled as the reversal of S3; a claim sent again must repeat its figures`},
		{name: "a reversal sent again reversing another", line: keptLine("S2", "A", "2025-02-01 08:00:00", "S9"),
			field: "reverses",
			msg:   `setl_id S2 was already settled with reverses S3, not S9; a claim sent again must repeat its figures (a correction is a reversal and a new setl_id)`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := settle(tt.line)
			if tt.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				want := first.Setlinfo.HifpPay
				switch {
				case tt.wantReversal:
					want = third.Setlinfo.HifpPay.Neg()
				case tt.wantThird:
					want = third.Setlinfo.HifpPay
				case tt.wantFourth:
					want = fourth.Setlinfo.HifpPay
				}
				if !s.Setlinfo.HifpPay.Equal(want) {
					t.Errorf("hifp_pay %s, want the stored settlement's %s", s.Setlinfo.HifpPay, want)
				}
				return
			}
			var ce *claim.Error
			if !errors.As(err, &ce) {
				t.Fatalf("got %v, %v; want a claim error", s, err)
			}
			if diff := cmp.Diff([]string{tt.field, tt.msg}, []string{ce.Field, ce.Msg}); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	// Nothing above changed the ledger: S3 stays reversed by S2 alone, S1
	// and S4 not reversed.
	if by, done, err := l.Reversed("S3"); err != nil || !done || by != "S2" {
		t.Errorf("Reversed(S3) = %q, %v, %v; want S2", by, done, err)
	}
	for _, id := range []string{"S1", "S4"} {
		if _, done, err := l.Reversed(id); err != nil || done {
			t.Errorf("Reversed(%s) = %v, %v; want not reversed", id, done, err)
		}
	}
}

// Explained, a reversal's row carries its one step: what it reverses and
// the total it gives back.
func TestReversalExplained(t *testing.T) {
	prog := loadNanjing(t)
	l := interp.NewMemoryLedger()
	for _, line := range []string{keptLine("S1", "A", "2025-01-01 08:00:00", ""), keptLine("R1", "A", "2025-02-01 08:00:00", "S1")} {
		c, err := claim.NewReader(strings.NewReader(line), claim.JSONL).Next()
		if err != nil {
			t.Fatal(err)
		}
		s, err := prog.Settle(l, c, interp.Options{Explain: true})
		if err != nil {
			t.Fatal(err)
		}
		if c.Reverses == "" {
			continue
		}
		var got []string
		for _, st := range s.Trace {
			got = append(got, st.Step+" "+st.Inputs["reverses"]+" "+st.Amount.StringFixed(2))
		}
		if diff := cmp.Diff([]string{"reversal S1 -2000.00"}, got); diff != "" {
			t.Errorf("trace (-want +got):\n%s", diff)
		}
	}
}

// A reversal's settlement names what it reverses, and so does the row of
// the reversal sent again, also where the ledger kept it without (as an
// mpl that wrote no reverses did): the entry's own Reverses says it.
func TestReversalSentAgainNamesWhatItReverses(t *testing.T) {
	prog := loadNanjing(t)
	claimLine, reversalLine := orderLine("C1", "P1", "03-05", ""), orderLine("R1", "P1", "03-06", "C1")
	l := interp.NewMemoryLedger()
	for _, line := range []string{claimLine, reversalLine} {
		s, err := prog.Settle(l, readClaim(t, line), interp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{"C1": "", "R1": "C1"}[s.SetlID]; s.Reverses != want {
			t.Errorf("%s: Reverses %q, want %q", s.SetlID, s.Reverses, want)
		}
	}
	// The same entries in a ledger whose reversal's settlement has no
	// Reverses, as one an older mpl stored.
	old := interp.NewMemoryLedger()
	for _, id := range []string{"C1", "R1"} {
		e, ok, err := l.Entry(id)
		if err != nil || !ok {
			t.Fatalf("entry %s: %v, %v", id, ok, err)
		}
		e.Settlement.Reverses = ""
		if err := old.Commit(e); err != nil {
			t.Fatal(err)
		}
	}
	for _, ledger := range []*interp.MemoryLedger{l, old} {
		s, err := prog.Settle(ledger, readClaim(t, reversalLine), interp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		if s.Reverses != "C1" {
			t.Errorf("R1 sent again: Reverses %q, want C1", s.Reverses)
		}
	}
}
