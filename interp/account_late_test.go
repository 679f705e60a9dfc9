package interp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// TestReversalAfterClosure checks money that comes back to a closed
// account: the reversal of a claim the account paid, sent after the
// account was paid out on death, puts it back (the reversal negates every
// part of what it reverses), and the withdrawal run again pays it out, as
// a payout of its own, where before it said what it had paid and left the
// money in an account nothing could pay out. Run again once more, it
// changes nothing.
func TestReversalAfterClosure(t *testing.T) {
	prog := accountProgram(t, nil)
	forEachStore(t, func(t *testing.T, st interp.Store) {
		update(t, st, func(l interp.Ledger) error {
			return interp.ImportAccount(l, "A", interp.Account{Current: money("500.00"), AccountState: interp.AccountState{Year: 2025}})
		}, "A")
		s := settle(t, prog, st, accountClaim(t, "W1", "A", "门诊", "2025-12-01", "300.00"))
		wantPaid(t, s, paid{"0.00", "300.00", "0.00", "0.00", "200.00"})
		withdraw := func(want string) {
			t.Helper()
			update(t, st, func(l interp.Ledger) error {
				got, err := interp.Withdraw(l, "A", "死亡", day("2025-12-10"))
				if err == nil && got.StringFixed(2) != want {
					t.Errorf("withdrawn %s, want %s", got.StringFixed(2), want)
				}
				return err
			}, "A")
		}
		withdraw("200.00")
		s = settle(t, prog, st, accountClaim(t, "W1-R", "A", "门诊", "2025-12-20", "300.00", `,"reverses":"W1"`))
		wantPaid(t, s, paid{"0.00", "-300.00", "0.00", "0.00", "300.00"})
		wantBalances(t, st, "A", balances{"300.00", "0.00"})
		withdraw("300.00")
		wantBalances(t, st, "A", balances{"0.00", "0.00"})
		withdraw("300.00") // the same again: what the last payout paid
		wantBalances(t, st, "A", balances{"0.00", "0.00"})
		var notes []string
		err := st.View(func(l interp.Ledger) error {
			for _, id := range []string{"withdrawal/A", "withdrawal/A#1"} {
				e, ok, err := l.Entry(id)
				if err != nil || !ok {
					t.Errorf("entry %s: %v, %v", id, ok, err)
					continue
				}
				notes = append(notes, e.Note)
			}
			_, ok, err := l.Entry("withdrawal/A#2")
			if ok {
				t.Error("the withdrawal run again paid out again")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(notes, "\n"); got != "死亡: 个人账户 200.00 一次性支付 (2025-12-10)\n死亡: 销户后退回个人账户 300.00 一次性支付 (2025-12-10)" {
			t.Errorf("notes:\n%s", got)
		}
	})
}

// TestLateClaimAfterCarryOver checks a claim of December that comes after
// the account was carried into January (January's credit rolls it over):
// paid from the account, it would take January's money and leave the
// year-end interest paid on money it spent, so it is refused on setl_time,
// saying what to do; sent with acct_used_flag 0 it settles in cash, and
// one that the account would pay nothing of is not refused. A claim of
// the new year pays from the account as ever.
func TestLateClaimAfterCarryOver(t *testing.T) {
	prog := accountProgram(t, nil)
	forEachStore(t, func(t *testing.T, st interp.Store) {
		for _, month := range []string{"2025-12-01", "2026-01-01"} {
			update(t, st, func(l interp.Ledger) error {
				_, err := prog.Credit(l, interp.Contribution{PsnNo: "A", Month: day(month), PsnType: "在职", Age: 30,
					Base: money("10000"), Own: money("200")})
				return err
			}, "A")
		}
		before := balancesOf(t, st, "A")
		_, err := prog.SettleIn(st, accountClaim(t, "L1", "A", "门诊", "2025-12-31 23:30:00", "100.00"), interp.Options{})
		want := "member A's account was carried over from 2025 into 2026 (a credit or rollover of 2026) before this claim of 2025 came; it would pay from 2026's money: send the claim with acct_used_flag 0 (cash), or settle a year's claims before the next year's first credit (docs/ledger.md)"
		var ce *claim.Error
		if !errors.As(err, &ce) || ce.Field != "setl_time" || ce.Msg != want {
			t.Fatalf("late claim: got %v, want an error on setl_time: %s", err, want)
		}
		wantBalances(t, st, "A", before)
		s := settle(t, prog, st, accountClaim(t, "L1", "A", "门诊", "2025-12-31 23:30:00", "100.00", `,"acct_used_flag":"0"`))
		wantPaid(t, s, paid{"0.00", "0.00", "0.00", "100.00", before.sum(t)})
		s = settle(t, prog, st, accountClaim(t, "J1", "A", "门诊", "2026-01-05", "100.00"))
		if s.Setlinfo.AcctPay.StringFixed(2) != "100.00" {
			t.Errorf("a claim of the new year: acct_pay %s, want 100.00", s.Setlinfo.AcctPay.StringFixed(2))
		}
	})
}

func (b balances) sum(t *testing.T) string {
	t.Helper()
	return money(b.Current).Add(money(b.Carried)).StringFixed(2)
}
