package interp_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// The account tests settle against testdata/account/employee.mpl and check
// balances worked out by hand. Each runs against every store in stores().

func accountProgram(t *testing.T, edit func(string) string) *interp.Program {
	t.Helper()
	src := readFile(t, "testdata/account/employee.mpl")
	if edit != nil {
		src = edit(src)
	}
	prog, _, err := interp.LoadFS(mapFS("employee.mpl", src), "employee.mpl")
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// accountClaim makes a claim: kind "门诊" (outpatient, all paid by the
// member) or "住院" (inpatient), wholly in scope.
func accountClaim(t *testing.T, id, psn, kind, day, amount string, extra ...string) *claim.Claim {
	t.Helper()
	med := map[string]string{"门诊": "11", "住院": "21"}[kind]
	line := fmt.Sprintf(`{"setl_id":%q,"psn_no":%q,"insutype":"310","psn_type":"1101","med_type":%q,"medins_lv":"3","setl_time":%q,`+
		`"medfee_sumamt":%q,"fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":%q%s}`,
		id, psn, med, day, amount, amount, strings.Join(extra, ""))
	c, err := claim.NewReader(strings.NewReader(line), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func day(s string) time.Time {
	d, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return d
}

func money(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// balances is an account's two balances as text, for cmp.
type balances struct{ Current, Carried string }

func balancesOf(t *testing.T, st interp.Store, psn string) balances {
	t.Helper()
	var a interp.Account
	err := st.View(func(l interp.Ledger) error {
		var err error
		a, err = l.Account(psn)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return balances{a.Current.StringFixed(2), a.Carried.StringFixed(2)}
}

func wantBalances(t *testing.T, st interp.Store, psn string, want balances) {
	t.Helper()
	if diff := cmp.Diff(want, balancesOf(t, st, psn)); diff != "" {
		t.Errorf("account of %s (-want +got):\n%s", psn, diff)
	}
}

// update runs fn in one transaction of st and fails the test on error.
func update(t *testing.T, st interp.Store, fn func(l interp.Ledger) error, members ...string) {
	t.Helper()
	if err := st.Update(members, fn); err != nil {
		t.Fatal(err)
	}
}

func credit(t *testing.T, prog *interp.Program, st interp.Store, c interp.Contribution, want string) {
	t.Helper()
	update(t, st, func(l interp.Ledger) error {
		got, err := prog.Credit(l, c)
		if err == nil && got.Amount.StringFixed(2) != want {
			t.Errorf("credit %s %s: got %s, want %s", c.PsnNo, c.Month.Format("2006-01"), got.Amount.StringFixed(2), want)
		}
		return err
	}, c.PsnNo)
}

func settle(t *testing.T, prog *interp.Program, st interp.Store, c *claim.Claim) *claim.Settlement {
	t.Helper()
	s, err := prog.SettleIn(st, c, interp.Options{})
	if err != nil {
		t.Fatalf("settle %s: %v", c.SetlID, err)
	}
	return s
}

// paid is the part of a settlement the account tests look at.
type paid struct{ Hifp, Acct, Mulaid, Cash, Balc string }

func paidOf(s *claim.Settlement) paid {
	si := s.Setlinfo
	return paid{si.HifpPay.StringFixed(2), si.AcctPay.StringFixed(2), si.AcctMulaidPay.StringFixed(2), si.PsnCashPay.StringFixed(2), si.Balc.StringFixed(2)}
}

func wantPaid(t *testing.T, s *claim.Settlement, want paid) {
	t.Helper()
	if diff := cmp.Diff(want, paidOf(s)); diff != "" {
		t.Errorf("settlement %s (-want +got):\n%s", s.SetlID, diff)
	}
}

func forEachStore(t *testing.T, test func(t *testing.T, st interp.Store)) {
	for _, s := range stores(t) {
		t.Run(s.name, func(t *testing.T) {
			st := s.open(t)
			defer st.Close()
			test(t, st)
		})
	}
}

func TestAccountCreditsSpendAndReversal(t *testing.T) {
	prog := accountProgram(t, nil)
	forEachStore(t, func(t *testing.T, st interp.Store) {
		// 在职, 30: own 160.00 + 8000.00 × 1.3% = 160.00 + 104.00 = 264.00 a month.
		for m := 1; m <= 3; m++ {
			c := interp.Contribution{PsnNo: "P1", Month: time.Date(2025, time.Month(m), 1, 0, 0, 0, 0, time.UTC),
				PsnType: "1101", Age: 30, Base: money("8000"), Own: money("160")}
			credit(t, prog, st, c, "264.00")
		}
		// The same month again changes nothing; with other figures it is an
		// error saying what was credited, and changes nothing either.
		credit(t, prog, st, interp.Contribution{PsnNo: "P1", Month: day("2025-03-15"), PsnType: "1101", Age: 30,
			Base: money("8000"), Own: money("160")}, "264.00")
		err := st.Update([]string{"P1"}, func(l interp.Ledger) error {
			_, err := prog.Credit(l, interp.Contribution{PsnNo: "P1", Month: day("2025-03-01"), PsnType: "1101", Age: 30,
				Base: money("8000"), Own: money("193")})
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "2025-03 was credited 264.00; this contribution gives 297.00") {
			t.Errorf("a month sent again with other figures: %v", err)
		}
		wantBalances(t, st, "P1", balances{"792.00", "0.00"}) // 3 × 264.00
		// 在职, 40: 160.00 + 8000.00 × 1.5% = 280.00; 50: 160.00 + 144.00 = 304.00;
		// 退休: pension 5123.45 × 2.8% = 143.4566 → 143.46.
		credit(t, prog, st, interp.Contribution{PsnNo: "P2", Month: day("2025-01-01"), PsnType: "在职", Age: 40, Base: money("8000"), Own: money("160")}, "280.00")
		credit(t, prog, st, interp.Contribution{PsnNo: "P3", Month: day("2025-01-01"), PsnType: "在职", Age: 50, Base: money("8000"), Own: money("160")}, "304.00")
		credit(t, prog, st, interp.Contribution{PsnNo: "P4", Month: day("2025-01-01"), PsnType: "退休", Age: 66, Pension: money("5123.45")}, "143.46")

		// An outpatient claim of 300.00: the fund pays 0% (ratio 0), the
		// account pays the whole 300.00 from 当年: 792.00 − 300.00 = 492.00.
		s := settle(t, prog, st, accountClaim(t, "O1", "P1", "门诊", "2025-03-20", "300.00"))
		wantPaid(t, s, paid{"0.00", "300.00", "0.00", "0.00", "492.00"})
		wantBalances(t, st, "P1", balances{"492.00", "0.00"})

		// Its reversal restores the account exactly, with every figure negated.
		r := settle(t, prog, st, accountClaim(t, "O1-R", "P1", "门诊", "2025-03-21", "300.00", `,"reverses":"O1"`))
		wantPaid(t, r, paid{"0.00", "-300.00", "0.00", "0.00", "792.00"})
		wantBalances(t, st, "P1", balances{"792.00", "0.00"})
		// Submitting the reversal again returns it and changes nothing.
		again := settle(t, prog, st, accountClaim(t, "O1-R", "P1", "门诊", "2025-03-21", "300.00", `,"reverses":"O1"`))
		wantPaid(t, again, paidOf(r))
		wantBalances(t, st, "P1", balances{"792.00", "0.00"})
	})
}

func TestAccountRolloverAndSpendOrder(t *testing.T) {
	prog := accountProgram(t, nil)
	forEachStore(t, func(t *testing.T, st interp.Store) {
		for m := 1; m <= 12; m++ {
			credit(t, prog, st, interp.Contribution{PsnNo: "P1", Month: time.Date(2025, time.Month(m), 1, 0, 0, 0, 0, time.UTC),
				PsnType: "1101", Age: 30, Base: money("8000"), Own: money("160")}, "264.00")
		}
		wantBalances(t, st, "P1", balances{"3168.00", "0.00"}) // 12 × 264.00
		// 31 December: 当年 3168.00 → 历年, interest 3168.00 × 1.5% = 47.52.
		update(t, st, func(l interp.Ledger) error { _, err := prog.Rollover(l, "P1", 2025); return err }, "P1")
		wantBalances(t, st, "P1", balances{"0.00", "3215.52"})
		// Rolling over again changes nothing.
		update(t, st, func(l interp.Ledger) error { _, err := prog.Rollover(l, "P1", 2025); return err }, "P1")
		wantBalances(t, st, "P1", balances{"0.00", "3215.52"})
		// January 2026: a credit of 264.00 to 当年; a 400.00 outpatient claim
		// spends 当年 first: 264.00 from 当年, 136.00 from 历年.
		credit(t, prog, st, interp.Contribution{PsnNo: "P1", Month: day("2026-01-01"), PsnType: "1101", Age: 31, Base: money("8000"), Own: money("160")}, "264.00")
		s := settle(t, prog, st, accountClaim(t, "O2", "P1", "门诊", "2026-01-20", "400.00"))
		wantPaid(t, s, paid{"0.00", "400.00", "0.00", "0.00", "3079.52"}) // 3215.52 + 264.00 − 400.00
		wantBalances(t, st, "P1", balances{"0.00", "3079.52"})            // 3215.52 − 136.00
		// P2's December 2025 is posted in January 2026, after P2's January
		// credit closed 2025 (264.00 → 历年, interest 3.96): credited to
		// 历年, what the year end would have made of it, without interest
		// on it; posting it again changes nothing.
		nov := interp.Contribution{PsnNo: "P2", Month: day("2025-11-01"), PsnType: "1101", Age: 30, Base: money("8000"), Own: money("160")}
		credit(t, prog, st, nov, "264.00")
		jan, dec := nov, nov
		jan.Month, dec.Month = day("2026-01-01"), day("2025-12-01")
		credit(t, prog, st, jan, "264.00")
		wantBalances(t, st, "P2", balances{"264.00", "267.96"})
		// Credit says where the money went: 当年 for January, 历年 for the
		// late December, credited now or before.
		for _, tc := range []struct {
			c    interp.Contribution
			want interp.Credited
		}{
			{dec, interp.Credited{Amount: money("264.00"), Done: true, Carried: true}},
			{dec, interp.Credited{Amount: money("264.00"), Carried: true}}, // the late month is not credited twice
			{jan, interp.Credited{Amount: money("264.00")}},
		} {
			update(t, st, func(l interp.Ledger) error {
				got, err := prog.Credit(l, tc.c)
				if d := cmp.Diff(tc.want, got); err == nil && d != "" {
					t.Errorf("Credit %s (-want +got):\n%s", tc.c.Month.Format("2006-01"), d)
				}
				return err
			}, "P2")
		}
		wantBalances(t, st, "P2", balances{"264.00", "531.96"})
		wantBalances(t, st, "P2", balances{"264.00", "531.96"})
	})
	// A balance imported and never credited has no year of its own: the
	// year-end rollover takes it to be the year it closes, and pays its
	// interest, rounded half up even where the policy rounds payments
	// down: 900.00 × 1.5% = 13.50; 1.00 × 1.5% = 0.015 → 0.02.
	down := accountProgram(t, func(s string) string { return strings.Replace(s, "source ", "rounding down\n    source ", 1) })
	forEachStore(t, func(t *testing.T, st interp.Store) {
		update(t, st, func(l interp.Ledger) error {
			if err := interp.ImportAccount(l, "I1", interp.Account{Carried: money("1000.00")}); err != nil {
				return err
			}
			return interp.ImportAccount(l, "I2", interp.Account{Carried: money("1.00")})
		}, "I1", "I2")
		settle(t, down, st, accountClaim(t, "I1-1", "I1", "门诊", "2025-05-01", "100.00"))
		for _, psn := range []string{"I1", "I2"} {
			update(t, st, func(l interp.Ledger) error { _, err := down.Rollover(l, psn, 2025); return err }, psn)
		}
		wantBalances(t, st, "I1", balances{"0.00", "913.50"})
		wantBalances(t, st, "I2", balances{"0.00", "1.02"})
	})
	carriedFirst := accountProgram(t, func(s string) string { return strings.Replace(s, "spend    current", "spend    carried", 1) })
	forEachStore(t, func(t *testing.T, st interp.Store) {
		update(t, st, func(l interp.Ledger) error {
			return interp.ImportAccount(l, "P1", interp.Account{Current: money("100.00"), Carried: money("50.00"), AccountState: interp.AccountState{Year: 2025}})
		}, "P1")
		// 历年 first: 50.00 from 历年, then 70.00 from 当年.
		s := settle(t, carriedFirst, st, accountClaim(t, "O3", "P1", "门诊", "2025-05-01", "120.00"))
		wantPaid(t, s, paid{"0.00", "120.00", "0.00", "0.00", "30.00"})
		wantBalances(t, st, "P1", balances{"30.00", "0.00"})
	})
}

func TestAccountLapseAndBackpay(t *testing.T) {
	prog := accountProgram(t, nil)
	forEachStore(t, func(t *testing.T, st interp.Store) {
		update(t, st, func(l interp.Ledger) error {
			return interp.ImportAccount(l, "P1", interp.Account{Current: money("1500.00"), AccountState: interp.AccountState{Year: 2025}})
		}, "P1")
		// Contributions stop on 15 March: pooled benefits stop from 1 April.
		// The same lapse again changes nothing; one on another day, while
		// stopped, is an error.
		for range 2 {
			update(t, st, func(l interp.Ledger) error { return interp.Lapse(l, "P1", day("2025-03-15")) }, "P1")
		}
		if err := st.Update([]string{"P1"}, func(l interp.Ledger) error { return interp.Lapse(l, "P1", day("2025-03-20")) }); err == nil {
			t.Error("a second lapse while stopped was taken")
		}
		// 31 March is still covered: (2000.00 − 1000.00) × 85% = 850.00; the
		// member's 1150.00 comes from the account: 1500.00 − 1150.00 = 350.00.
		s := settle(t, prog, st, accountClaim(t, "I1", "P1", "住院", "2025-03-31", "2000.00"))
		wantPaid(t, s, paid{"850.00", "1150.00", "0.00", "0.00", "350.00"})
		// 10 April is in the gap: no pooled fund; the account stays usable
		// (lapse keep) and pays its last 350.00; cash 1650.00.
		s = settle(t, prog, st, accountClaim(t, "I2", "P1", "住院", "2025-04-10", "2000.00"))
		wantPaid(t, s, paid{"0.00", "350.00", "0.00", "1650.00", "0.00"})
		// Back-payment on 20 June, within 3 months of 1 April: the gap is
		// restored, so a claim dated in April is covered again. The
		// deductible was met by I1: 2000.00 × 85% = 1700.00.
		for range 2 { // the same back-payment again changes nothing
			update(t, st, func(l interp.Ledger) error { return prog.Backpay(l, "P1", day("2025-06-20")) }, "P1")
		}
		s = settle(t, prog, st, accountClaim(t, "I3", "P1", "住院", "2025-04-12", "2000.00"))
		wantPaid(t, s, paid{"1700.00", "0.00", "0.00", "300.00", "0.00"})
		// Stopped again on 10 August (gap from 1 September), paid back on 15
		// December, after the window: benefits resume that day only.
		update(t, st, func(l interp.Ledger) error { return interp.Lapse(l, "P1", day("2025-08-10")) }, "P1")
		update(t, st, func(l interp.Ledger) error { return prog.Backpay(l, "P1", day("2025-12-15")) }, "P1")
		s = settle(t, prog, st, accountClaim(t, "I4", "P1", "住院", "2025-10-01", "100.00"))
		wantPaid(t, s, paid{"0.00", "0.00", "0.00", "100.00", "0.00"})
		s = settle(t, prog, st, accountClaim(t, "I5", "P1", "住院", "2025-12-20", "100.00"))
		wantPaid(t, s, paid{"85.00", "0.00", "0.00", "15.00", "0.00"})
	})
	frozen := accountProgram(t, func(s string) string { return strings.Replace(s, "lapse    keep", "lapse    freeze", 1) })
	forEachStore(t, func(t *testing.T, st interp.Store) {
		update(t, st, func(l interp.Ledger) error {
			if err := interp.ImportAccount(l, "P1", interp.Account{Current: money("500.00"), AccountState: interp.AccountState{Year: 2025}}); err != nil {
				return err
			}
			return interp.Lapse(l, "P1", day("2025-03-15"))
		}, "P1")
		// lapse freeze: in the gap the account pays nothing either.
		s := settle(t, frozen, st, accountClaim(t, "I1", "P1", "住院", "2025-04-10", "2000.00"))
		wantPaid(t, s, paid{"0.00", "0.00", "0.00", "2000.00", "500.00"})
	})
}

func TestAccountFamilySharingAndWithdrawal(t *testing.T) {
	prog := accountProgram(t, nil)
	forEachStore(t, func(t *testing.T, st interp.Store) {
		update(t, st, func(l interp.Ledger) error {
			if err := interp.ImportAccount(l, "PARENT", interp.Account{Current: money("800.00"), AccountState: interp.AccountState{Year: 2025}}); err != nil {
				return err
			}
			return interp.ImportAccount(l, "CHILD", interp.Account{Current: money("50.00"), AccountState: interp.AccountState{Year: 2025}})
		}, "PARENT", "CHILD")
		// Not linked yet: the claim is refused on mulaid_psn_no.
		_, err := prog.SettleIn(st, accountClaim(t, "F1", "CHILD", "门诊", "2025-05-01", "300.00", `,"mulaid_psn_no":"PARENT"`), interp.Options{})
		if err == nil || !strings.Contains(err.Error(), "has not linked CHILD") {
			t.Fatalf("unlinked sharing: got %v", err)
		}
		// A sibling is not among the policy's relations.
		update(t, st, func(l interp.Ledger) error { return interp.Link(l, "PARENT", "CHILD", "兄弟姐妹") }, "PARENT")
		_, err = prog.SettleIn(st, accountClaim(t, "F1", "CHILD", "门诊", "2025-05-01", "300.00", `,"mulaid_psn_no":"PARENT"`), interp.Options{})
		if err == nil || !strings.Contains(err.Error(), "shares only with 配偶, 父母, 子女") {
			t.Fatalf("sibling sharing: got %v", err)
		}
		// As 子女: the child's own 50.00 first, then 250.00 from the parent's.
		update(t, st, func(l interp.Ledger) error { return interp.Link(l, "PARENT", "CHILD", "子女") }, "PARENT")
		s := settle(t, prog, st, accountClaim(t, "F1", "CHILD", "门诊", "2025-05-01", "300.00", `,"mulaid_psn_no":"PARENT"`))
		wantPaid(t, s, paid{"0.00", "50.00", "250.00", "0.00", "0.00"})
		wantBalances(t, st, "PARENT", balances{"550.00", "0.00"})
		// The reversal, repeating the claim (its mulaid_psn_no too), gives
		// both accounts back what they paid.
		settle(t, prog, st, accountClaim(t, "F1-R", "CHILD", "门诊", "2025-05-02", "300.00", `,"reverses":"F1","mulaid_psn_no":"PARENT"`))
		wantBalances(t, st, "PARENT", balances{"800.00", "0.00"})
		wantBalances(t, st, "CHILD", balances{"50.00", "0.00"})

		// Withdrawal only on death or emigration; then the account is closed.
		err = st.Update([]string{"PARENT"}, func(l interp.Ledger) error {
			_, err := interp.Withdraw(l, "PARENT", "退休", day("2025-06-01"))
			return err
		})
		if err == nil {
			t.Fatal("withdrawal on retirement was allowed")
		}
		for range 2 { // the same withdrawal again changes nothing, and says what it paid
			update(t, st, func(l interp.Ledger) error {
				got, err := interp.Withdraw(l, "PARENT", "出国定居", day("2025-06-01"))
				if err == nil && got.StringFixed(2) != "800.00" {
					t.Errorf("withdrawn %s, want 800.00", got.StringFixed(2))
				}
				return err
			}, "PARENT")
		}
		wantBalances(t, st, "PARENT", balances{"0.00", "0.00"})
		if err := st.Update([]string{"PARENT"}, func(l interp.Ledger) error {
			_, err := interp.Withdraw(l, "PARENT", "死亡", day("2025-06-02"))
			return err
		}); err == nil {
			t.Error("a closed account was withdrawn from again, for another reason")
		}
		s = settle(t, prog, st, accountClaim(t, "F2", "PARENT", "门诊", "2025-07-01", "100.00"))
		wantPaid(t, s, paid{"0.00", "0.00", "0.00", "100.00", "0.00"})
	})
}

func TestAccountImportStartsMidYear(t *testing.T) {
	prog := accountProgram(t, nil)
	forEachStore(t, func(t *testing.T, st interp.Store) {
		// The platform says 600.00 of the 1000.00 deductible is borne (5206
		// Q0000); the policy reads it per deductible pool, here the
		// benefit's own: Q0000_住院.
		acc := interp.Accumulators{interp.KeyDeductible: money("600.00"), interp.KeyDeductible + "_住院": money("600.00")}
		for range 2 { // importing twice changes nothing
			update(t, st, func(l interp.Ledger) error { return interp.ImportYear(l, "P1", 2025, acc) }, "P1")
		}
		// (3000.00 − 400.00) × 85% = 2210.00.
		s := settle(t, prog, st, accountClaim(t, "M1", "P1", "住院", "2025-09-01", "3000.00"))
		wantPaid(t, s, paid{"2210.00", "0.00", "0.00", "790.00", "0.00"})
	})
}

// Importing an account's figures sets them: again, it changes nothing; a
// file imported again after another sets its figures again, where the
// second import of the same figures was once taken for a repeat.
func TestImportAccountAgain(t *testing.T) {
	forEachStore(t, func(t *testing.T, st interp.Store) {
		for _, carried := range []string{"1000.00", "1000.00", "900.00", "1000.00"} {
			update(t, st, func(l interp.Ledger) error {
				return interp.ImportAccount(l, "F", interp.Account{Carried: money(carried)})
			}, "F")
			wantBalances(t, st, "F", balances{"0.00", carried})
		}
	})
}

// Claims and ledger operations share the ledger's ids. A claim under an
// operation's id, or reversing one, is an error row naming the field (it
// crashed on the operation's missing settlement); an operation whose id a
// claim took is an error, not a repeat done already.
func TestClaimsAndOperationsShareIDs(t *testing.T) {
	prog := accountProgram(t, nil)
	forEachStore(t, func(t *testing.T, st interp.Store) {
		update(t, st, func(l interp.Ledger) error { return interp.Lapse(l, "P1", day("2025-03-15")) }, "P1")
		for _, c := range []*claim.Claim{
			accountClaim(t, "lapse/P1/2025-03-15", "P1", "门诊", "2025-02-01", "100.00"),
			accountClaim(t, "R1", "P1", "门诊", "2025-02-01", "100.00", `,"reverses":"lapse/P1/2025-03-15"`),
		} {
			_, err := prog.SettleIn(st, c, interp.Options{})
			var ce *claim.Error
			if !errors.As(err, &ce) || ce.Field != map[bool]string{true: "reverses", false: "setl_id"}[c.Reverses != ""] {
				t.Errorf("%s: got %v; want a claim error", c.SetlID, err)
			}
		}
		settle(t, prog, st, accountClaim(t, "credit/P2/2025-03", "P2", "门诊", "2025-02-01", "100.00"))
		err := st.Update([]string{"P2"}, func(l interp.Ledger) error {
			_, err := prog.Credit(l, interp.Contribution{PsnNo: "P2", Month: day("2025-03-01"), PsnType: "1101", Age: 30, Base: money("8000"), Own: money("160")})
			return err
		})
		if err == nil || !strings.Contains(err.Error(), "this operation's id") {
			t.Errorf("a credit under a claim's id: %v; want an error", err)
		}
	})
}

// TestAccountYearsFarFromThePolicy: a rollover or credit more than a year
// from the policy's effective period (2025 and 2026) is refused, changing nothing:
// --year 10000 compounded interest into a balance of 55 digits, and a
// credit for 1990-01 was rolled through 35 years of interest by the next
// claim. The year after the period is still the policy's to close.
func TestAccountYearsFarFromThePolicy(t *testing.T) {
	prog := accountProgram(t, nil)
	st := interp.NewMemoryLedger()
	credit(t, prog, st, interp.Contribution{PsnNo: "P1", Month: day("2025-01-01"), PsnType: "1101", Age: 30, Base: money("8000"), Own: money("160")}, "264.00")
	for _, tc := range []struct {
		name string
		op   func(l interp.Ledger) error
		want string // "" for none
	}{
		{"rollover 10000", func(l interp.Ledger) error { _, err := prog.Rollover(l, "P1", 10000); return err }, "it closes no year as far from it as 10000"},
		{"rollover -1", func(l interp.Ledger) error { _, err := prog.Rollover(l, "P1", -1); return err }, "it closes no year as far from it as -1"},
		{"credit 1990-01", func(l interp.Ledger) error {
			_, err := prog.Credit(l, interp.Contribution{PsnNo: "P1", Month: day("1990-01-01"), PsnType: "1101", Age: 30, Base: money("8000"), Own: money("160")})
			return err
		}, "month 1990-01 is more than a year outside"},
		{"credit 2029-01", func(l interp.Ledger) error {
			_, err := prog.Credit(l, interp.Contribution{PsnNo: "P1", Month: day("2029-01-01"), PsnType: "1101", Age: 30, Base: money("8000"), Own: money("160")})
			return err
		}, "month 2029-01 is more than a year outside"},
	} {
		err := st.Update([]string{"P1"}, tc.op)
		var in *interp.InputError
		if !errors.As(err, &in) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an InputError saying %q", tc.name, err, tc.want)
		}
	}
	wantBalances(t, st, "P1", balances{"264.00", "0.00"})
	if err := st.Update([]string{"P1"}, func(l interp.Ledger) error { _, err := prog.Rollover(l, "P1", 2025); return err }); err != nil {
		t.Errorf("rollover of 2025: %v", err)
	}
}

// TestBackpayDates: a back-payment dated before the month contributions
// stopped in is refused (it removed the gap), and one in that month, before
// benefits stop, closes the gap without one (it recorded a gap ending
// before it began, from 1 March to 20 February).
func TestBackpayDates(t *testing.T) {
	prog := accountProgram(t, nil)
	st := interp.NewMemoryLedger()
	update(t, st, func(l interp.Ledger) error { return interp.Lapse(l, "P1", day("2025-02-10")) }, "P1")
	err := st.Update([]string{"P1"}, func(l interp.Ledger) error { return prog.Backpay(l, "P1", day("2024-06-01")) })
	var in *interp.InputError
	if !errors.As(err, &in) || !strings.Contains(err.Error(), "a back-payment on 2024-06-01 is before contributions stopped (benefits stop from 2025-03-01)") {
		t.Errorf("a back-payment before the lapse: %v", err)
	}
	update(t, st, func(l interp.Ledger) error { return prog.Backpay(l, "P1", day("2025-02-20")) }, "P1")
	a, err := st.Account("P1")
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Gaps) != 0 {
		t.Errorf("gaps %+v after a back-payment before benefits stopped, want none", a.Gaps)
	}
}
