package interp_test

import (
	"strings"
	"testing"

	"github.com/mpl-lang/mpl/interp"
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
