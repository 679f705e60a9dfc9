package interp_test

import (
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// explainLine is a claim of member psn, paid by family sharing from
// mulaid when it is not "".
func explainLine(id, psn, at, amount, reverses, mulaid string) string {
	extra := ""
	if reverses != "" {
		extra += `"reverses":"` + reverses + `",`
	}
	if mulaid != "" {
		extra += `"mulaid_psn_no":"` + mulaid + `",`
	}
	return `{"setl_id":"` + id + `",` + extra + `"psn_no":"` + psn + `","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"` + at +
		`","medfee_sumamt":"` + amount + `","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"` + amount + `"}`
}

// traceText writes a trace one line a step, its inputs sorted, for diffs.
func traceText(ts []claim.TraceStep) []string {
	var out []string
	for _, t := range ts {
		var in []string
		for _, k := range slices.Sorted(maps.Keys(t.Inputs)) {
			in = append(in, k+"="+t.Inputs[k])
		}
		out = append(out, fmt.Sprintf("%s %s %s %s [%s] %s", t.Step, t.Rule, t.Pos, t.Amount.StringFixed(2), strings.Join(in, " "), t.Note))
	}
	return out
}

// explainLedger is a ledger to settle into: member A with 3000.00 in
// the account, OWNER with 5000.00, who has linked A as a spouse.
func explainLedger(t *testing.T) *interp.MemoryLedger {
	t.Helper()
	l := interp.NewMemoryLedger()
	for psn, balc := range map[string]string{"A": "3000", "OWNER": "5000"} {
		if err := l.SetBalance(psn, decimal.RequireFromString(balc)); err != nil {
			t.Fatal(err)
		}
	}
	if err := l.Update([]string{"OWNER"}, func(lg interp.Ledger) error { return interp.Link(lg, "OWNER", "A", "配偶") }); err != nil {
		t.Fatal(err)
	}
	return l
}

// TestExplainIn explains claims against a ledger that holds them settled
// without a trace, and against one that does not hold them: a settlement
// the ledger holds is explained as it was settled (the trace is the one
// settling the same claims with Explain gives, and its figures are the
// stored ones), whatever came after it; one it does not hold is
// pre-settled; and the ledger is not changed.
func TestExplainIn(t *testing.T) {
	prog := loadNanjing(t)
	s1 := explainLine("S1", "A", "2025-03-01 09:00:00", "2000.00", "", "")
	s2 := explainLine("S2", "A", "2025-04-01 09:00:00", "3000.00", "", "")
	f1 := explainLine("F1", "A", "2025-05-01 09:00:00", "9000.00", "", "OWNER")
	r1 := explainLine("R1", "A", "2025-06-01 09:00:00", "3000.00", "S2", "")
	s3 := explainLine("S3", "A", "2025-07-01 09:00:00", "1500.00", "", "")
	s1b := explainLine("S1B", "A", "2025-03-15 09:00:00", "500.00", "", "")
	r0 := explainLine("R0", "A", "2025-06-01 09:00:00", "2000.00", "S1", "")
	r0early := explainLine("R0", "A", "2025-03-20 09:00:00", "2000.00", "S1", "")
	tests := []struct {
		name    string
		settled []string // settled into the ledger first, without Explain
		explain string
		// with is what Settle with Explain gives the claim after the
		// same claims in a ledger of their own: the trace to get.
		with       []string
		basis      interp.Basis
		reversedBy string
	}{
		{"latest", []string{s1}, s1, nil, interp.Rebuilt, ""},
		{"a later claim since", []string{s1, s2}, s1, nil, interp.Rebuilt, ""},
		{"family sharing", []string{s1, f1}, f1, []string{s1}, interp.Rebuilt, ""},
		{"family sharing, a later claim since", []string{s1, f1, s3}, f1, []string{s1}, interp.Rebuilt, ""},
		{"reversed since", []string{s1, s2, r1}, s2, []string{s1}, interp.Rebuilt, "R1"},
		{"after one reversed since", []string{s1, s2, r1, s3}, s3, []string{s1, s2, r1}, interp.Rebuilt, ""},
		// A settlement before it reversed since: the ledger held what it
		// applied when S2 was settled. Reversed before it, it did not.
		{"an earlier one reversed since", []string{s1, s2, r0}, s2, []string{s1}, interp.Rebuilt, ""},
		{"an earlier one reversed since, and a later claim", []string{s1, s2, r0, s3}, s2, []string{s1}, interp.Rebuilt, ""},
		{"an earlier one reversed before it", []string{s1, s1b, r0early, s2}, s2, []string{s1, s1b, r0early}, interp.Rebuilt, ""},
		{"a reversal", []string{s1, s2, r1}, r1, []string{s1, s2}, interp.Stored, ""},
		{"new", []string{s1}, s2, []string{s1}, interp.Presettled, ""},
		{"new, family sharing", []string{s1, s2}, f1, []string{s1, s2}, interp.Presettled, ""},
		{"new reversal", []string{s1, s2}, r1, []string{s1, s2}, interp.Presettled, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := explainLedger(t)
			var stored *claim.Settlement
			for _, line := range tt.settled {
				s, err := prog.Settle(l, readClaim(t, line), interp.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if line == tt.explain {
					stored = s
				}
			}
			twin := explainLedger(t)
			for _, line := range tt.with {
				if _, err := prog.Settle(twin, readClaim(t, line), interp.Options{}); err != nil {
					t.Fatal(err)
				}
			}
			want, err := prog.Settle(twin, readClaim(t, tt.explain), interp.Options{Explain: true})
			if err != nil {
				t.Fatal(err)
			}
			before := ledgerText(t, l)
			x, err := prog.ExplainIn(l, readClaim(t, tt.explain))
			if err != nil {
				t.Fatal(err)
			}
			if x.Basis != tt.basis || x.ReversedBy != tt.reversedBy {
				t.Errorf("basis %d, reversed by %q; want %d, %q", x.Basis, x.ReversedBy, tt.basis, tt.reversedBy)
			}
			if diff := cmp.Diff(traceText(want.Trace), traceText(x.Settlement.Trace)); diff != "" {
				t.Errorf("trace (-want +got):\n%s", diff)
			}
			if stored == nil {
				stored = want
			}
			if diff := cmp.Diff(settlementText(stored), settlementText(x.Settlement)); diff != "" {
				t.Errorf("figures (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(before, ledgerText(t, l)); diff != "" {
				t.Errorf("the ledger changed (-before +after):\n%s", diff)
			}
		})
	}
}

// TestExplainInNotExact checks that a settlement stored without a trace,
// whose ledger has changed since in a way that cannot be undone, is not
// explained with other figures than the ones paid: ExplainIn says why.
func TestExplainInNotExact(t *testing.T) {
	prog := loadNanjing(t)
	s1 := explainLine("S1", "A", "2025-03-01 09:00:00", "2000.00", "", "")
	tests := []struct {
		name  string
		since func(l *interp.MemoryLedger) error // what happens after S1
		want  string
	}{
		{"balance set since", func(l *interp.MemoryLedger) error {
			return l.SetBalance("A", decimal.RequireFromString("20"))
		}, "its balc is 20.00 where the ledger holds 1425.00"},
		{"carried over since", func(l *interp.MemoryLedger) error {
			return l.Update([]string{"A"}, func(lg interp.Ledger) error {
				_, err := prog.Rollover(lg, "A", 2026)
				return err
			})
		}, "moved on to year 2027 since"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := explainLedger(t)
			if _, err := prog.Settle(l, readClaim(t, s1), interp.Options{}); err != nil {
				t.Fatal(err)
			}
			if err := tt.since(l); err != nil {
				t.Fatal(err)
			}
			x, err := prog.ExplainIn(l, readClaim(t, s1))
			var ce *claim.Error
			if !errors.As(err, &ce) {
				t.Fatalf("ExplainIn = %v, %v; want a *claim.Error", x, err)
			}
			if ce.SetlID != "S1" || !strings.Contains(ce.Msg, "cannot be explained exactly") || !strings.Contains(ce.Msg, tt.want) {
				t.Errorf("error %q; want one on S1 that says it cannot be explained exactly, and %q", ce.Msg, tt.want)
			}
		})
	}
}

// TestExplainInStoredTrace checks that a settlement stored with its trace
// is explained by that trace, and that a claim sent with other figures
// than the stored settlement's is the error Settle gives it.
func TestExplainInStoredTrace(t *testing.T) {
	prog := loadNanjing(t)
	l := explainLedger(t)
	s1 := explainLine("S1", "A", "2025-03-01 09:00:00", "2000.00", "", "")
	s, err := prog.Settle(l, readClaim(t, s1), interp.Options{Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	// Balances changed since: the stored trace still stands.
	if err := l.SetBalance("A", decimal.RequireFromString("20")); err != nil {
		t.Fatal(err)
	}
	x, err := prog.ExplainIn(l, readClaim(t, s1))
	if err != nil {
		t.Fatal(err)
	}
	if x.Basis != interp.Stored {
		t.Errorf("basis %d, want Stored", x.Basis)
	}
	if diff := cmp.Diff(traceText(s.Trace), traceText(x.Settlement.Trace)); diff != "" {
		t.Errorf("trace (-want +got):\n%s", diff)
	}
	other := strings.Replace(s1, `"2000.00"`, `"2500.00"`, 2)
	if _, err := prog.ExplainIn(l, readClaim(t, other)); !errors.Is(err, claim.ErrCode(claim.CodeClaim)) {
		t.Errorf("ExplainIn of S1 with other figures = %v; want a claim error", err)
	}
	// Under another policy, the stored trace is not shown as that
	// policy's: it was made by Nanjing's rules, at Nanjing's lines.
	for _, edit := range []struct{ name, from, to string }{
		{"another source", `source    "`, `source    "另一`},
		{"the benefit on another line", "benefit 住院 ", "\nbenefit 住院 "},
	} {
		src, err := os.ReadFile("../policies/cn/nanjing/employee-2025.mpl")
		if err != nil {
			t.Fatal(err)
		}
		text := strings.Replace(string(src), edit.from, edit.to, 1)
		if text == string(src) {
			t.Fatalf("%s: the edit changed nothing", edit.name)
		}
		otherProg, _, err := interp.LoadFS(fstest.MapFS{"p.mpl": {Data: []byte(text)}}, "p.mpl")
		if err != nil {
			t.Fatalf("%s: %v", edit.name, err)
		}
		_, err = otherProg.ExplainIn(l, readClaim(t, s1))
		if err == nil || !strings.Contains(err.Error(), "was settled under another policy") {
			t.Errorf("%s: ExplainIn = %v; want an error saying S1 was settled under another policy", edit.name, err)
		}
	}
}

// settlementText writes a settlement's figures and fund details, not its
// trace, for diffs.
func settlementText(s *claim.Settlement) string {
	var b strings.Builder
	w := claim.NewWriter(&b, claim.JSONL)
	c := *s
	c.Trace = nil
	if err := w.WriteSettlement(&c); err != nil {
		return err.Error()
	}
	if err := w.Flush(); err != nil {
		return err.Error()
	}
	return b.String()
}

// ledgerText writes what a ledger holds of the members A and OWNER.
func ledgerText(t *testing.T, l *interp.MemoryLedger) []string {
	t.Helper()
	var out []string
	for _, psn := range []string{"A", "OWNER"} {
		a, err := l.Account(psn)
		if err != nil {
			t.Fatal(err)
		}
		acc, err := l.Year(psn, 2025)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprintf("%s %s %s %v %v", psn, a.Current.StringFixed(2), a.Carried.StringFixed(2), a.AccountState, acc))
	}
	for _, id := range []string{"S1", "S2", "F1", "R1", "S3"} {
		_, ok, err := l.Entry(id)
		if err != nil {
			t.Fatal(err)
		}
		by, _, _ := l.Reversed(id)
		out = append(out, fmt.Sprintf("%s %v %s", id, ok, by))
	}
	return out
}

// TestUntraced checks that a batch with Explain counts the settlements it
// answers from the ledger without a trace, held whole or as a stream, and
// only those: a claim settled now has its trace.
func TestUntraced(t *testing.T) {
	prog := loadNanjing(t)
	s1 := explainLine("S1", "A", "2025-03-01 09:00:00", "2000.00", "", "")
	s2 := explainLine("S2", "A", "2025-04-01 09:00:00", "3000.00", "", "")
	for _, stream := range []bool{false, true} {
		l := explainLedger(t)
		if _, err := prog.Settle(l, readClaim(t, s1), interp.Options{}); err != nil {
			t.Fatal(err)
		}
		in := s1 + "\n" + s2 + "\n"
		var out strings.Builder
		w := claim.NewWriter(&out, claim.JSONL)
		opt := interp.BatchOptions{Options: interp.Options{Explain: true}}
		var st interp.BatchStats
		var err error
		if stream {
			st, err = prog.RunStream(t.Context(), l, strings.NewReader(in), claim.JSONL, w, opt)
		} else {
			st, err = prog.RunBatch(t.Context(), l, claim.NewReader(strings.NewReader(in), claim.JSONL), w, opt)
		}
		if err != nil {
			t.Fatal(err)
		}
		if st.Settled != 2 || st.Untraced != 1 {
			t.Errorf("stream %v: settled %d, untraced %d; want 2, 1", stream, st.Settled, st.Untraced)
		}
	}
}
