package interp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// orderPolicy carries one figure across a member's claims, a yearly
// deductible of ¥1000, so that a claim settled out of setl_time order
// shows in act_pay_dedc: the first claim of the year bears it.
const orderPolicy = `policy "order" {
    insutype 310
    effective 2025-01-01 to 2025-12-31
    source "test"
}
benefit 住院 {
    covers 普通住院
    deductible ¥1000 per year
    ratio 80%
}
`

// orderLine is a claim of ¥5000 of psn on day (MM-DD of 2025), reversing
// reverses when it is not "".
func orderLine(id, psn, day, reverses string) string {
	rev := ""
	if reverses != "" {
		rev = `"reverses":"` + reverses + `",`
	}
	return `{"setl_id":"` + id + `",` + rev + `"psn_no":"` + psn + `","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-` + day +
		`","medfee_sumamt":"5000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"5000.00"}`
}

// orderStep is one claim settled into the ledger, and what comes of it:
// the act_pay_dedc of its settlement, or an error on setl_time saying msg.
type orderStep struct {
	line string
	dedc string // "" when it is an error
	msg  string // a part of the error's message
}

// Claims settled into one ledger one at a time, as runs of mpl run --ledger
// settle them, come in setl_time order per member, as within one batch: a
// claim or reversal dated before its member's latest settlement that
// stands is an error on setl_time naming that settlement, and changes
// nothing. A claim sent again is answered as stored whatever its
// setl_time; a reversal of the latest sets the member back to the one
// before it that stands, so that a late claim is settled once the later
// ones are reversed, and they then again after it, to the figures of one
// batch in order. The same on every store, through SettleIn and through
// Settle inside an Update.
func TestSettleInSetlTimeOrderAcrossRuns(t *testing.T) {
	prog, _, err := interp.LoadFS(mapFS("order.mpl", orderPolicy), "order.mpl")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		steps []orderStep
	}{
		{"a claim dated before a later one settled", []orderStep{
			{line: orderLine("C1", "P1", "03-10", ""), dedc: "1000.00"},
			{line: orderLine("C0", "P1", "02-01", ""),
				msg: "settled 2025-02-01 00:00:00, before member P1's settlement C1 of 2025-03-10 00:00:00, which the ledger holds:" +
					" a member's claims are settled in setl_time order (to settle this claim, reverse the member's settlements dated after it first," +
					" then send it and them again under new setl_ids)"},
			// Refused, it left the deductible where C1 put it.
			{line: orderLine("C2", "P1", "03-20", ""), dedc: "0.00"},
		}},
		{"a claim at the same time", []orderStep{
			{line: orderLine("C1", "P1", "03-10", ""), dedc: "1000.00"},
			{line: orderLine("C2", "P1", "03-10", ""), dedc: "0.00"},
		}},
		{"another member's earlier claim", []orderStep{
			{line: orderLine("C1", "P1", "03-10", ""), dedc: "1000.00"},
			{line: orderLine("D1", "P2", "02-01", ""), dedc: "1000.00"},
		}},
		{"a claim sent again, dated otherwise", []orderStep{
			{line: orderLine("C1", "P1", "03-10", ""), dedc: "1000.00"},
			{line: orderLine("C2", "P1", "04-01", ""), dedc: "0.00"},
			{line: orderLine("C1", "P1", "01-05", ""), dedc: "1000.00"},
		}},
		{"a reversal sent again after later claims", []orderStep{
			{line: orderLine("C1", "P1", "03-10", ""), dedc: "1000.00"},
			{line: orderLine("R1", "P1", "03-11", "C1"), dedc: "-1000.00"},
			{line: orderLine("C2", "P1", "04-01", ""), dedc: "1000.00"},
			{line: orderLine("R1", "P1", "03-11", "C1"), dedc: "-1000.00"},
		}},
		{"the later claim reversed, the late one settled, the later sent again", []orderStep{
			{line: orderLine("C1", "P1", "03-10", ""), dedc: "1000.00"},
			{line: orderLine("R1", "P1", "04-15", "C1"), dedc: "-1000.00"},
			{line: orderLine("C0", "P1", "02-01", ""), dedc: "1000.00"},
			{line: orderLine("C1b", "P1", "03-10", ""), dedc: "0.00"},
			{line: orderLine("C00", "P1", "01-01", ""), msg: "before member P1's settlement C1b of 2025-03-10 00:00:00"},
		}},
		{"a reversal dated before the latest", []orderStep{
			{line: orderLine("C1", "P1", "01-10", ""), dedc: "1000.00"},
			{line: orderLine("C2", "P1", "03-10", ""), dedc: "0.00"},
			{line: orderLine("R1", "P1", "02-15", "C1"),
				msg: "settled 2025-02-15 00:00:00, before member P1's settlement C2 of 2025-03-10 00:00:00, which the ledger holds:" +
					" a member's claims and reversals are settled in setl_time order (a reversal is settled when it is made: send it with a setl_time no earlier than C2's)"},
			{line: orderLine("R1", "P1", "03-15", "C1"), dedc: "-1000.00"},
		}},
		// A settlement mistakenly dated in December is reversed by one
		// dated no earlier: dated before it, a run again of a batch of
		// both would reverse what one run, in setl_time order, could not.
		{"the latest reversed by a reversal dated before it", []orderStep{
			{line: orderLine("T1", "P1", "12-13", ""), dedc: "1000.00"},
			{line: orderLine("RT1", "P1", "03-14", "T1"), msg: "send it with a setl_time no earlier than T1's"},
			{line: orderLine("RT1", "P1", "12-13", "T1"), dedc: "-1000.00"},
			{line: orderLine("T1b", "P1", "03-13", ""), dedc: "1000.00"},
		}},
		{"an earlier settlement reversed leaves the latest", []orderStep{
			{line: orderLine("C1", "P1", "01-10", ""), dedc: "1000.00"},
			{line: orderLine("C2", "P1", "03-10", ""), dedc: "0.00"},
			{line: orderLine("R1", "P1", "04-01", "C1"), dedc: "-1000.00"},
			{line: orderLine("C0", "P1", "02-01", ""), msg: "before member P1's settlement C2 of 2025-03-10 00:00:00"},
		}},
		{"the latest reversed goes back past one reversed before", []orderStep{
			{line: orderLine("C1", "P1", "01-10", ""), dedc: "1000.00"},
			{line: orderLine("C2", "P1", "02-10", ""), dedc: "0.00"},
			{line: orderLine("C3", "P1", "03-10", ""), dedc: "0.00"},
			{line: orderLine("R2", "P1", "04-01", "C2"), dedc: "0.00"},
			{line: orderLine("R3", "P1", "04-02", "C3"), dedc: "0.00"},
			{line: orderLine("C0", "P1", "01-05", ""), msg: "before member P1's settlement C1 of 2025-01-10 00:00:00"},
			{line: orderLine("C4", "P1", "01-20", ""), dedc: "0.00"},
		}},
		{"every settlement reversed", []orderStep{
			{line: orderLine("C1", "P1", "03-10", ""), dedc: "1000.00"},
			{line: orderLine("R1", "P1", "04-01", "C1"), dedc: "-1000.00"},
			{line: orderLine("C0", "P1", "01-05", ""), dedc: "1000.00"},
		}},
	}
	settlers := []struct {
		name   string
		settle func(st interp.Store, c *claim.Claim) (*claim.Settlement, error)
	}{
		{"SettleIn", func(st interp.Store, c *claim.Claim) (*claim.Settlement, error) {
			return prog.SettleIn(st, c, interp.Options{})
		}},
		{"Settle", func(st interp.Store, c *claim.Claim) (s *claim.Settlement, err error) {
			if uerr := st.Update([]string{c.PsnNo}, func(l interp.Ledger) error {
				s, err = prog.Settle(l, c, interp.Options{})
				return err
			}); err == nil && uerr != nil {
				return nil, uerr
			}
			return s, err
		}},
	}
	for _, ns := range stores(t) {
		for _, how := range settlers {
			for _, tt := range tests {
				t.Run(ns.name+"/"+how.name+"/"+tt.name, func(t *testing.T) {
					st := ns.open(t)
					defer st.Close()
					for i, step := range tt.steps {
						c := readClaim(t, step.line)
						s, err := how.settle(st, c)
						if step.msg == "" {
							if err != nil {
								t.Fatalf("step %d (%s): %v", i+1, c.SetlID, err)
							}
							if got := s.Setlinfo.ActPayDedc.StringFixed(2); got != step.dedc {
								t.Errorf("step %d (%s): act_pay_dedc %s, want %s", i+1, c.SetlID, got, step.dedc)
							}
							continue
						}
						var ce *claim.Error
						if !errors.As(err, &ce) {
							t.Fatalf("step %d (%s): got %v, %v; want an error on setl_time", i+1, c.SetlID, s, err)
						}
						if ce.Field != "setl_time" || !strings.Contains(ce.Msg, step.msg) {
							t.Errorf("step %d (%s): error on %s: %s\nwant one on setl_time saying %s", i+1, c.SetlID, ce.Field, ce.Msg, step.msg)
						}
					}
				})
			}
		}
	}
}

// A late claim is refused by Presettle as Settle refuses it: a
// pre-settlement gives what the settlement would.
func TestPresettleLateClaim(t *testing.T) {
	prog, _, err := interp.LoadFS(mapFS("order.mpl", orderPolicy), "order.mpl")
	if err != nil {
		t.Fatal(err)
	}
	l := interp.NewMemoryLedger()
	read := func(line string) *claim.Claim {
		c := readClaim(t, line)
		return c
	}
	if _, err := prog.Settle(l, read(orderLine("C1", "P1", "03-10", "")), interp.Options{}); err != nil {
		t.Fatal(err)
	}
	_, err = prog.Presettle(l, read(orderLine("C0", "P1", "02-01", "")), interp.Options{})
	var ce *claim.Error
	if !errors.As(err, &ce) {
		t.Fatalf("Presettle: %v; want an error on setl_time", err)
	}
	if diff := cmp.Diff([]string{"C0", "setl_time"}, []string{ce.SetlID, ce.Field}); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A what-if ledger keeps no settlements and records no member's latest:
// what it is given out of order (never by mpl run, which sorts a batch or
// checks a stream) it settles, as before.
func TestWhatIfLedgerKeepsNoOrder(t *testing.T) {
	prog, _, err := interp.LoadFS(mapFS("order.mpl", orderPolicy), "order.mpl")
	if err != nil {
		t.Fatal(err)
	}
	wl := prog.NewWhatIfLedger()
	var got []string
	for _, line := range []string{orderLine("C1", "P1", "03-10", ""), orderLine("C0", "P1", "02-01", "")} {
		c := readClaim(t, line)
		s, err := prog.SettleIn(wl, c, interp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s.Setlinfo.ActPayDedc.StringFixed(2))
	}
	if diff := cmp.Diff([]string{"1000.00", "0.00"}, got); diff != "" {
		t.Errorf("act_pay_dedc (-want +got):\n%s", diff)
	}
}

// Importing a member's account from the platform's figures, which name no
// settlement, keeps the ledger's latest settlement of the member: a claim
// dated before it is still refused.
func TestImportAccountKeepsLatest(t *testing.T) {
	prog, _, err := interp.LoadFS(mapFS("order.mpl", orderPolicy), "order.mpl")
	if err != nil {
		t.Fatal(err)
	}
	l := interp.NewMemoryLedger()
	settle := func(line string) error {
		c := readClaim(t, line)
		_, err = prog.Settle(l, c, interp.Options{})
		return err
	}
	if err := settle(orderLine("C1", "P1", "03-10", "")); err != nil {
		t.Fatal(err)
	}
	if err := interp.ImportAccount(l, "P1", interp.Account{Carried: decimal.RequireFromString("100.00")}); err != nil {
		t.Fatal(err)
	}
	a, err := l.Account("P1")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("C1", a.Latest.SetlID); diff != "" {
		t.Errorf("latest after the import (-want +got):\n%s", diff)
	}
	var ce *claim.Error
	if err := settle(orderLine("C0", "P1", "02-01", "")); !errors.As(err, &ce) || ce.Field != "setl_time" {
		t.Errorf("C0 after the import: %v; want an error on setl_time", err)
	}
}
