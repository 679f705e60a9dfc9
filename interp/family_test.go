package interp_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// TestFamilySharingNeedsLink checks that a claim's mulaid_psn_no draws on
// that member's account only where its owner has linked the claim's
// member (mpl ledger link), on the decimal path and on the fast path
// alike: unlinked, a claim the account would pay for is an error row on
// mulaid_psn_no, and one it would pay nothing for (an empty account)
// settles with acct_mulaid_pay 0.00.
func TestFamilySharingNeedsLink(t *testing.T) {
	prog := loadNanjing(t)
	// P1's claim of 10000: 3625.00 is P1's to pay, and P1 has no account.
	line := strings.Replace(nanjingInpatient, `"psn_no":"P1"`, `"psn_no":"P1","mulaid_psn_no":"OWNER"`, 1)
	type outcome struct {
		Field         string // of an error row
		AcctMulaidPay string // of a settlement
	}
	linked := outcome{AcctMulaidPay: "2000.00"}
	refused := outcome{Field: "mulaid_psn_no"}
	unpaid := outcome{AcctMulaidPay: "0.00"}
	tests := []struct {
		name    string
		balance string // OWNER's
		link    bool   // OWNER has linked P1
		want    outcome
	}{
		{"linked", "2000", true, linked},
		{"not linked", "2000", false, refused},
		{"not linked, empty account", "0", false, unpaid},
	}
	of := func(s *claim.Settlement, err error) outcome {
		var ce *claim.Error
		switch {
		case errors.As(err, &ce):
			return outcome{Field: ce.Field}
		case err != nil:
			t.Fatal(err)
		}
		return outcome{AcctMulaidPay: s.Setlinfo.AcctMulaidPay.StringFixed(2)}
	}
	for _, tt := range tests {
		c := readClaim(t, line)
		l := ownerLedger(t, tt.balance, tt.link)
		if diff := cmp.Diff(tt.want, of(prog.Settle(l, c, interp.Options{}))); diff != "" {
			t.Errorf("%s, Settle (-want +got):\n%s", tt.name, diff)
		}
		if tt.link {
			continue // a what-if ledger keeps no links
		}
		// The fast path, through a what-if stream.
		w := prog.NewWhatIfLedger()
		if err := w.SetBalance("OWNER", decimal.RequireFromString(tt.balance)); err != nil {
			t.Fatal(err)
		}
		var out bytes.Buffer
		if _, err := prog.RunStream(context.Background(), w, strings.NewReader(line+"\n"), claim.JSONL,
			claim.NewWriter(&out, claim.JSONL), interp.BatchOptions{}); err != nil {
			t.Fatal(err)
		}
		got := outcome{}
		if field := between(out.String(), `"field":"`, `"`); field != "" {
			got.Field = field
		} else {
			got.AcctMulaidPay = between(out.String(), `"acct_mulaid_pay":"`, `"`)
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("%s, what-if stream (-want +got):\n%s\n%s", tt.name, diff, out.String())
		}
	}
}

// TestFamilySharingTraced: with --explain, a claim's mulaid_psn_no has a
// step of its own whether that account paid or not, so that a reader of
// the trace sees it was read: the amount paid, or that the account had
// nothing it could pay.
func TestFamilySharingTraced(t *testing.T) {
	prog := loadNanjing(t)
	line := strings.Replace(nanjingInpatient, `"psn_no":"P1"`, `"psn_no":"P1","mulaid_psn_no":"OWNER"`, 1)
	for _, tt := range []struct {
		name, balance string
		link          bool
		want          claim.TraceStep
	}{
		{"paid", "2000", true, claim.TraceStep{Step: "account", Rule: "family", Amount: decimal.RequireFromString("2000"), Note: "家庭共济 OWNER"}},
		{"an empty account", "0", false, claim.TraceStep{Step: "account", Rule: "family", Amount: decimal.Zero, Note: "家庭共济 OWNER 未支付：其账户无可支付的余额"}},
	} {
		s, err := prog.Settle(ownerLedger(t, tt.balance, tt.link), readClaim(t, line), interp.Options{Explain: true})
		if err != nil {
			t.Fatal(err)
		}
		var got []claim.TraceStep
		for _, st := range s.Trace {
			if st.Rule == "family" {
				st.Source = ""
				got = append(got, st)
			}
		}
		if diff := cmp.Diff([]claim.TraceStep{tt.want}, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
			t.Errorf("%s: the family steps (-want +got):\n%s", tt.name, diff)
		}
	}
}

// ownerLedger is a memory ledger where OWNER's account holds balance and,
// if link, OWNER has linked P1 (配偶) for family sharing.
func ownerLedger(t *testing.T, balance string, link bool) *interp.MemoryLedger {
	t.Helper()
	l := interp.NewMemoryLedger()
	if err := l.SetBalance("OWNER", decimal.RequireFromString(balance)); err != nil {
		t.Fatal(err)
	}
	if link {
		if err := l.Update([]string{"OWNER"}, func(lg interp.Ledger) error { return interp.Link(lg, "OWNER", "P1", "配偶") }); err != nil {
			t.Fatal(err)
		}
	}
	return l
}

// between is the text of s between the first from and the to after it, or "".
func between(s, from, to string) string {
	_, rest, ok := strings.Cut(s, from)
	if !ok {
		return ""
	}
	v, _, _ := strings.Cut(rest, to)
	return v
}
