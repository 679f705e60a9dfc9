package storetest

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// Options says what a store promises beyond what interp.MemoryLedger
// does, and so which checks Run makes.
type Options struct {
	// Rollback says Update undoes what fn committed when fn returns an
	// error or panics. A database store does; MemoryLedger keeps it (its
	// callers commit last, after their checks).
	Rollback bool
	// Reopen, when set, closes s and opens the same store again, and Run
	// checks that everything committed is still there, and still refuses
	// what it refused.
	Reopen func(t *testing.T, s interp.Store) interp.Store
}

// Run checks that a store behaves as interp.MemoryLedger does, through the
// interp.Store and interp.Ledger interfaces alone. Each check runs as a
// subtest on a fresh, empty store from open, which Run closes.
func Run(t *testing.T, open func(t *testing.T) interp.Store, opts Options) {
	checks := []struct {
		name string
		run  func(*harness)
	}{
		{"Empty", testEmpty},
		{"CommitReadBack", testCommitReadBack},
		{"Copies", testCopies},
		{"Duplicate", testDuplicate},
		{"Reversal", testReversal},
		{"BelowZero", testBelowZero},
		{"State", testState},
		{"FailingUpdate", testFailingUpdate},
		{"MembersYears", testMembersYears},
		{"View", testView},
		{"Serialised", testSerialised},
		{"SameIDRace", testSameIDRace},
		{"Reopen", testReopen},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			h := &harness{T: t, s: open(t), opts: opts}
			t.Cleanup(func() {
				if err := h.s.Close(); err != nil {
					t.Errorf("Close: %v", err)
				}
			})
			c.run(h)
		})
	}
}

// harness is one check's store.
type harness struct {
	*testing.T
	s    interp.Store
	opts Options
}

// SettlementEntry returns the entry of a typical inpatient settlement of
// psnNo in year, the settlement whole (funds, trace, Chinese, characters
// to escape, an amount with a fraction of a fen) and the fields of its
// claim that its reversal repeats, paying 300 from the member's 当年
// balance and 700.40 from its 历年 balance.
func SettlementEntry(id, psnNo string, year int) *interp.Entry {
	return &interp.Entry{
		SetlID: id,
		Kind:   interp.KindSettlement,
		PsnNo:  psnNo,
		Year:   year,
		Settlement: &claim.Settlement{
			SetlID: id,
			PsnNo:  psnNo,
			Setlinfo: claim.Setlinfo{
				MedfeeSumamt:    dec("12000"),
				FulamtOwnpayAmt: dec("500.5"),
				PreselfpayAmt:   dec("1200.00"),
				InscpScpAmt:     dec("10299.50"),
				ActPayDedc:      dec("800"),
				HifpPay:         dec("8459.605"),
				PoolPropSelfpay: dec("0.821366"),
				CvlservPay:      dec("300.000"),
				FundPaySumamt:   dec("8759.605"),
				PsnPartAmt:      dec("3240.395"),
				AcctPay:         dec("1000.40"),
				PsnCashPay:      dec("2239.995"),
				Balc:            dec("12345678901234567890.123456789"),
			},
			Setldetail: []claim.FundDetail{
				{FundPayType: "310100", FundPayTypeName: "职工基本医疗保险统筹基金", InscpScpAmt: dec("9499.50"),
					CrtPaybLmtAmt: dec("400000"), FundPayamt: dec("8459.605"), SetlProcInfo: `起付线 800.00 后按 90% 支付, "三级"医院`},
				{FundPayType: "320100", FundPayTypeName: "公务员医疗补助", InscpScpAmt: dec("1039.90"),
					CrtPaybLmtAmt: dec("1e5"), FundPayamt: dec("300"), SetlProcInfo: "按 30% 补助\n(封顶)"},
			},
			Trace: []claim.TraceStep{
				{Step: "deductible", Rule: "起付线", Pos: "policies/bj.mpl:12:3", Source: "京医保发〔2023〕1号 第三条",
					Inputs: map[string]string{"medins_lv": "3", "admissions": "1"}, Amount: dec("800")},
				{Step: "ratio", Rule: "统筹支付", Inputs: map[string]string{"ratio": "90%"}, Amount: dec("8459.605")},
				{Step: "note", Rule: "尾差", Amount: dec("-0.005"), Note: "tab\there\u2028"},
			},
		},
		Deltas: []interp.Delta{
			{Key: interp.KeyDeductible, Amount: dec("800")},
			{Key: interp.FundKey("310100"), Amount: dec("8459.605")},
			{Key: interp.KeyCount, Amount: dec("1")},
			{Key: interp.KeyCount + "_BIZ21", Amount: dec("1")},
			{Key: interp.KeyDeductible, Amount: dec("0.005")}, // a key twice adds twice
		},
		Moves: []interp.AccountMove{{PsnNo: psnNo, Current: dec("-300"), Carried: dec("-700.40")}},
		Note:  "结算 \"住院\"",
		Claim: interp.ClaimFields{Insutype: "310", PsnType: "在职", MedType: "21", MedinsLv: "三级", MdtrtArea: "跨省异地",
			RemoteFiling: "长期", Age: 0, HasAge: true, CvlservFlag: true, AcctNotUsed: true, MulaidPsnNo: "P2", DiseCode: "I10\t\"x\""},
	}
}

// credit returns an entry crediting a member's account.
func credit(id, psnNo string, current, carried string) *interp.Entry {
	return &interp.Entry{SetlID: id, Kind: interp.KindCredit, PsnNo: psnNo, Year: 2025,
		Moves: []interp.AccountMove{{PsnNo: psnNo, Current: dec(current), Carried: dec(carried)}}}
}

// reversal returns the entry that undoes e.
func reversal(id string, e *interp.Entry) *interp.Entry {
	r := &interp.Entry{SetlID: id, Kind: e.Kind, PsnNo: e.PsnNo, Year: e.Year, Reverses: e.SetlID}
	for _, d := range e.Deltas {
		r.Deltas = append(r.Deltas, interp.Delta{Key: d.Key, Amount: d.Amount.Neg()})
	}
	for _, mv := range e.Moves {
		r.Moves = append(r.Moves, interp.AccountMove{PsnNo: mv.PsnNo, Current: mv.Current.Neg(), Carried: mv.Carried.Neg()})
	}
	return r
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// members are the members an entry touches, for Update.
func members(e *interp.Entry) []string {
	psns := []string{e.PsnNo}
	for _, mv := range e.Moves {
		psns = append(psns, mv.PsnNo)
	}
	return psns
}

// commit commits entries, each in an Update of its own, and fails the
// test on an error.
func (h *harness) commit(entries ...*interp.Entry) {
	h.Helper()
	for _, e := range entries {
		if err := h.try(e); err != nil {
			h.Fatalf("Commit(%s): %v", e.SetlID, err)
		}
	}
}

// try commits e in an Update of its own.
func (h *harness) try(e *interp.Entry) error {
	return h.s.Update(members(e), func(l interp.Ledger) error { return l.Commit(e) })
}

// view runs fn in a View and fails the test on an error.
func (h *harness) view(fn func(l interp.Ledger) error) {
	h.Helper()
	if err := h.s.View(fn); err != nil {
		h.Fatalf("View: %v", err)
	}
}

// money returns the amounts as decimal strings, for comparing.
func money(acc interp.Accumulators) map[string]string {
	m := map[string]string{}
	for k, v := range acc {
		m[k] = v.String()
	}
	return m
}

// diffOpts compare money by value: 8459.60 is 8459.6.
var diffOpts = []cmp.Option{cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })}

// snapshot is everything a check can see of a store: its members, their
// years, accumulators and accounts, and the entries and reversals of the
// ids given.
type snapshot struct {
	Members  []string
	Years    map[string][]int
	Acc      map[string]map[int]map[string]string
	Accounts map[string]interp.Account
	Entries  map[string]*interp.Entry
	Reversed map[string]string
}

func (h *harness) snapshot(ids ...string) snapshot {
	h.Helper()
	ms, err := h.s.Members()
	if err != nil {
		h.Fatalf("Members: %v", err)
	}
	sn := snapshot{Members: ms, Years: map[string][]int{}, Acc: map[string]map[int]map[string]string{},
		Accounts: map[string]interp.Account{}, Entries: map[string]*interp.Entry{}, Reversed: map[string]string{}}
	for _, p := range ms {
		if sn.Years[p], err = h.s.Years(p); err != nil {
			h.Fatalf("Years(%s): %v", p, err)
		}
	}
	h.view(func(l interp.Ledger) error {
		for _, p := range ms {
			sn.Acc[p] = map[int]map[string]string{}
			for _, y := range sn.Years[p] {
				acc, err := l.Year(p, y)
				if err != nil {
					return err
				}
				sn.Acc[p][y] = money(acc)
			}
			if sn.Accounts[p], err = l.Account(p); err != nil {
				return err
			}
		}
		for _, id := range ids {
			if e, ok, err := l.Entry(id); err != nil {
				return err
			} else if ok {
				sn.Entries[id] = e
			}
			if by, ok, err := l.Reversed(id); err != nil {
				return err
			} else if ok {
				sn.Reversed[id] = by
			}
		}
		return nil
	})
	return sn
}

// unchanged fails the test if the store differs from before.
func (h *harness) unchanged(before snapshot, ids ...string) {
	h.Helper()
	after := h.snapshot(ids...)
	if d := cmp.Diff(before, after, append(diffOpts, cmpopts.EquateEmpty())...); d != "" {
		h.Errorf("the store changed (-before +after):\n%s", d)
	}
}

func testEmpty(h *harness) {
	if ms, err := h.s.Members(); err != nil || len(ms) != 0 {
		h.Errorf("Members() = %q, %v; want none", ms, err)
	}
	if ys, err := h.s.Years("P1"); err != nil || len(ys) != 0 {
		h.Errorf("Years(P1) = %v, %v; want none", ys, err)
	}
	h.view(func(l interp.Ledger) error {
		if e, ok, err := l.Entry("S1"); err != nil || ok || e != nil {
			h.Errorf("Entry(S1) = %v, %v, %v; want nothing", e, ok, err)
		}
		if by, ok, err := l.Reversed("S1"); err != nil || ok || by != "" {
			h.Errorf("Reversed(S1) = %q, %v, %v; want nothing", by, ok, err)
		}
		if acc, err := l.Year("P1", 2025); err != nil || len(acc) != 0 {
			h.Errorf("Year(P1, 2025) = %v, %v; want nothing", acc, err)
		}
		a, err := l.Account("P1")
		if d := cmp.Diff(interp.Account{}, a, diffOpts...); err != nil || d != "" {
			h.Errorf("Account(P1) = %v; want the zero account (-want +got):\n%s", err, d)
		}
		return nil
	})
}

func testCommitReadBack(h *harness) {
	c := credit("credit/P1/2025-01", "P1", "500", "1000")
	s := SettlementEntry("S1", "P1", 2025)
	wantAcc := map[string]string{"Q0000": "800.005", "D310101": "8459.605", "C0000": "1", "C0000_BIZ21": "1"}
	h.commit(c)
	err := h.s.Update([]string{"P1"}, func(l interp.Ledger) error {
		if err := l.Commit(s); err != nil {
			return err
		}
		// What fn committed, it reads back before Update returns.
		acc, err := l.Year("P1", 2025)
		if err != nil {
			return err
		}
		if d := cmp.Diff(wantAcc, money(acc)); d != "" {
			h.Errorf("Year(P1, 2025) inside the Update (-want +got):\n%s", d)
		}
		return nil
	})
	if err != nil {
		h.Fatalf("Update: %v", err)
	}
	h.view(func(l interp.Ledger) error {
		for _, want := range []*interp.Entry{c, s} {
			got, ok, err := l.Entry(want.SetlID)
			if err != nil || !ok {
				h.Fatalf("Entry(%s) = %v, %v; want the entry", want.SetlID, ok, err)
			}
			if d := cmp.Diff(want, got, diffOpts...); d != "" {
				h.Errorf("Entry(%s) (-committed +read):\n%s", want.SetlID, d)
			}
		}
		acc, err := l.Year("P1", 2025)
		if err != nil {
			return err
		}
		if d := cmp.Diff(wantAcc, money(acc)); d != "" {
			h.Errorf("Year(P1, 2025) (-want +got):\n%s", d)
		}
		if acc, err := l.Year("P1", 2024); err != nil || len(acc) != 0 {
			h.Errorf("Year(P1, 2024) = %v, %v; want nothing", acc, err)
		}
		a, err := l.Account("P1")
		if err != nil {
			return err
		}
		if a.Current.String() != "200" || a.Carried.String() != "299.6" {
			h.Errorf("Account(P1) = 当年 %s 历年 %s, want 200 and 299.6", a.Current, a.Carried)
		}
		return nil
	})
}

// testCopies checks that the store shares no memory with its callers:
// what Commit was given, changed after, and what Entry returned, changed,
// change nothing the store holds. A settlement's trace is left alone: a
// store may share it, read-only (see claim.Settlement.Trace).
func testCopies(h *harness) {
	h.commit(credit("C1", "P1", "1000", "1000"))
	s := SettlementEntry("S1", "P1", 2025)
	st := &interp.Entry{SetlID: "status/P1", Kind: interp.KindStatus, PsnNo: "P1", Year: 2025,
		State: &interp.AccountState{Year: 2025, Gaps: []interp.Gap{{From: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}},
			Links: map[string]string{"P2": "配偶"}}}
	h.commit(s, st)
	spoil := func(e *interp.Entry) {
		if x := e.Settlement; x != nil {
			x.Setlinfo.HifpPay = dec("1")
			x.Setldetail[0].FundPayamt = dec("2")
		}
		if len(e.Deltas) > 0 {
			e.Deltas[0].Amount = dec("4")
		}
		if len(e.Moves) > 0 {
			e.Moves[0].Carried = dec("5")
		}
		if e.State != nil {
			e.State.Gaps[0].To = e.State.Gaps[0].From
			e.State.Links["P3"] = "子女"
		}
	}
	spoil(s)
	spoil(st)
	want := map[string]*interp.Entry{"S1": SettlementEntry("S1", "P1", 2025), "status/P1": {SetlID: "status/P1", Kind: interp.KindStatus,
		PsnNo: "P1", Year: 2025, State: &interp.AccountState{Year: 2025, Gaps: []interp.Gap{{From: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}},
			Links: map[string]string{"P2": "配偶"}}}}
	for _, id := range []string{"S1", "status/P1"} {
		for _, when := range []string{"after the committed entry changed", "after the entry read changed"} {
			h.view(func(l interp.Ledger) error {
				got, ok, err := l.Entry(id)
				if err != nil || !ok {
					h.Fatalf("Entry(%s) = %v, %v; want the entry", id, ok, err)
				}
				if d := cmp.Diff(want[id], got, diffOpts...); d != "" {
					h.Errorf("Entry(%s) %s (-committed +read):\n%s", id, when, d)
				}
				spoil(got)
				return nil
			})
		}
	}
}

func testDuplicate(h *harness) {
	h.commit(credit("C1", "P1", "1000", "5000"), SettlementEntry("S1", "P1", 2025))
	ids := []string{"C1", "S1", "S2"}
	before := h.snapshot(ids...)
	again := SettlementEntry("S1", "P1", 2025)
	again.Deltas = append(again.Deltas, interp.Delta{Key: "X", Amount: dec("1")})
	if err := h.try(again); !errors.Is(err, interp.ErrDuplicate) {
		h.Errorf("committing S1 again: %v, want ErrDuplicate", err)
	}
	h.unchanged(before, ids...)

	// An Update goes on after a refused entry; what it commits stays.
	err := h.s.Update([]string{"P1"}, func(l interp.Ledger) error {
		if err := l.Commit(again); !errors.Is(err, interp.ErrDuplicate) {
			h.Errorf("committing S1 again: %v, want ErrDuplicate", err)
		}
		return l.Commit(SettlementEntry("S2", "P1", 2025))
	})
	if err != nil {
		h.Fatalf("Update: %v", err)
	}
	h.view(func(l interp.Ledger) error {
		acc, err := l.Year("P1", 2025)
		if got := acc.Get("C0000").String(); err != nil || got != "2" {
			h.Errorf("C0000 = %s, %v; want 2", got, err)
		}
		return nil
	})
}

func testReversal(h *harness) {
	s := SettlementEntry("S1", "P1", 2025)
	h.commit(credit("C1", "P1", "500", "1000"), s)
	h.commit(reversal("R1", s))
	ids := []string{"C1", "S1", "R1", "R2"}
	h.view(func(l interp.Ledger) error {
		if by, ok, err := l.Reversed("S1"); err != nil || !ok || by != "R1" {
			h.Errorf("Reversed(S1) = %q, %v, %v; want R1", by, ok, err)
		}
		acc, err := l.Year("P1", 2025)
		if err != nil {
			return err
		}
		// A reversal leaves its keys at zero, as MemoryLedger does.
		want := map[string]string{"Q0000": "0", "D310101": "0", "C0000": "0", "C0000_BIZ21": "0"}
		if d := cmp.Diff(want, money(acc)); d != "" {
			h.Errorf("Year(P1, 2025) after the reversal (-want +got):\n%s", d)
		}
		if a, err := l.Account("P1"); err != nil || a.Current.String() != "500" || a.Carried.String() != "1000" {
			h.Errorf("Account(P1) = 当年 %s 历年 %s, %v; want 500 and 1000", a.Current, a.Carried, err)
		}
		return nil
	})
	before := h.snapshot(ids...)
	err := h.try(reversal("R2", s))
	if err == nil || errors.Is(err, interp.ErrDuplicate) || !strings.Contains(err.Error(), "already reversed") || !refusal(err) {
		h.Errorf("reversing S1 twice: %v, want a refusal (*interp.RefusedError) saying it is already reversed", err)
	}
	h.unchanged(before, ids...)
}

// refusal reports whether err is a store's refusal of an entry, which
// settles the claim as an error row, not a failure of the store, which
// stops a run (see interp.StoreError).
func refusal(err error) bool {
	var refused *interp.RefusedError
	return errors.As(err, &refused)
}

func testBelowZero(h *harness) {
	h.commit(credit("C1", "P1", "1", "5"))
	ids := []string{"C1", "X1", "X2", "X3", "X4"}
	before := h.snapshot(ids...)
	refused := []*interp.Entry{
		// Two moves that each fit but together do not.
		{SetlID: "X1", Kind: interp.KindSettlement, PsnNo: "P1", Year: 2025,
			Deltas: []interp.Delta{{Key: "C0000", Amount: dec("1")}},
			Moves:  []interp.AccountMove{{PsnNo: "P1", Carried: dec("-3")}, {PsnNo: "P1", Carried: dec("-3")}}},
		{SetlID: "X2", Kind: interp.KindSettlement, PsnNo: "P1", Year: 2025,
			Deltas: []interp.Delta{{Key: "C0000", Amount: dec("1")}},
			Moves:  []interp.AccountMove{{PsnNo: "P1", Current: dec("-1.01")}}},
		// A relative's account, never seen: its balance is zero.
		{SetlID: "X3", Kind: interp.KindSettlement, PsnNo: "P1", Year: 2025,
			Deltas: []interp.Delta{{Key: "C0000", Amount: dec("1")}},
			Moves:  []interp.AccountMove{{PsnNo: "P1", Current: dec("-1")}, {PsnNo: "P2", Carried: dec("-0.01")}}},
	}
	for _, e := range refused {
		if err := h.try(e); err == nil || !strings.Contains(err.Error(), "below zero") || !refusal(err) {
			h.Errorf("Commit(%s): %v, want a refusal (*interp.RefusedError) saying the account would go below zero", e.SetlID, err)
		}
	}
	h.unchanged(before, ids...)

	// Within one Update, a refused entry leaves what came before it.
	err := h.s.Update([]string{"P1"}, func(l interp.Ledger) error {
		ok := &interp.Entry{SetlID: "X4", Kind: interp.KindSettlement, PsnNo: "P1", Year: 2025,
			Deltas: []interp.Delta{{Key: "C0000", Amount: dec("1")}},
			Moves:  []interp.AccountMove{{PsnNo: "P1", Current: dec("-1"), Carried: dec("-5")}}}
		if err := l.Commit(ok); err != nil {
			return err
		}
		if err := l.Commit(refused[1]); err == nil {
			h.Errorf("Commit(X2) after X4 succeeded, want below zero")
		}
		return nil
	})
	if err != nil {
		h.Fatalf("Update: %v", err)
	}
	h.view(func(l interp.Ledger) error {
		if _, ok, err := l.Entry("X2"); err != nil || ok {
			h.Errorf("Entry(X2) = %v, %v; want nothing", ok, err)
		}
		acc, err := l.Year("P1", 2025)
		if err != nil {
			return err
		}
		if d := cmp.Diff(map[string]string{"C0000": "1"}, money(acc)); d != "" {
			h.Errorf("Year(P1, 2025) (-want +got):\n%s", d)
		}
		if a, err := l.Account("P1"); err != nil || !a.Balance().IsZero() {
			h.Errorf("Account(P1) = 当年 %s 历年 %s, %v; want zero", a.Current, a.Carried, err)
		}
		return nil
	})
}

func testState(h *harness) {
	march := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	june := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	h.commit(credit("C1", "P1", "100", "200.50"))
	status := func(id string, st interp.AccountState) *interp.Entry {
		return &interp.Entry{SetlID: id, Kind: interp.KindStatus, PsnNo: "P1", Year: 2025, State: &st}
	}
	steps := []interp.AccountState{
		{Year: 2025, Gaps: []interp.Gap{{From: march}}, Links: map[string]string{"P2": "配偶", "P3": "子女"}},
		{Year: 2025, Gaps: []interp.Gap{{From: march, To: june}}}, // links gone: a state replaces, it does not merge
		{Year: 2025, Gaps: []interp.Gap{{From: march, To: june}}, Closed: "死亡"},
	}
	for i, st := range steps {
		h.commit(status(fmt.Sprintf("status/P1/%d", i), st))
		h.view(func(l interp.Ledger) error {
			a, err := l.Account("P1")
			if err != nil {
				return err
			}
			want := interp.Account{Current: dec("100"), Carried: dec("200.5"), AccountState: st}
			if d := cmp.Diff(want, a, diffOpts...); d != "" {
				h.Errorf("Account(P1) after state %d (-want +got):\n%s", i, d)
			}
			return nil
		})
	}
	// A state for a member never seen makes an account with no money.
	h.commit(&interp.Entry{SetlID: "status/P9", Kind: interp.KindStatus, PsnNo: "P9", Year: 2025,
		State: &interp.AccountState{Links: map[string]string{"P1": "父母"}}})
	if ms, err := h.s.Members(); err != nil || !slices.Equal(ms, []string{"P1", "P9"}) {
		h.Errorf("Members() = %q, %v; want P1 P9", ms, err)
	}
}

func testFailingUpdate(h *harness) {
	h.commit(credit("C1", "P1", "100", "0"))
	ids := []string{"C1", "S1", "C2"}
	before := h.snapshot(ids...)
	boom := errors.New("boom")
	err := h.s.Update([]string{"P1"}, func(l interp.Ledger) error {
		if err := l.Commit(credit("C2", "P1", "5000", "5000")); err != nil {
			return err
		}
		if err := l.Commit(SettlementEntry("S1", "P1", 2025)); err != nil {
			return err
		}
		return boom
	})
	if !errors.Is(err, boom) {
		h.Errorf("Update = %v, want fn's error", err)
	}
	if h.opts.Rollback {
		h.unchanged(before, ids...)
	}

	// A panic in fn goes up through Update, rolls back, and frees the store.
	before = h.snapshot(ids...)
	func() {
		defer func() {
			if r := recover(); r != "boom" {
				h.Errorf("Update recovered %v, want fn's panic", r)
			}
		}()
		h.s.Update([]string{"P1"}, func(l interp.Ledger) error {
			if err := l.Commit(credit("C3", "P1", "1", "1")); err != nil {
				return err
			}
			panic("boom")
		})
	}()
	if h.opts.Rollback {
		h.unchanged(before, append(ids, "C3")...)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		if err := h.try(credit("C4", "P1", "1", "1")); err != nil {
			h.Errorf("Update after a panic in fn: %v", err)
		}
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		h.Fatalf("Update after a panic in fn still waits after a minute: the store stayed locked")
	}
}

func testMembersYears(h *harness) {
	// Byte order, as MemoryLedger sorts, is not a database collation's.
	for _, e := range []struct {
		psn  string
		year int
	}{{"b", 2025}, {"a1", 2025}, {"a1", 2023}, {"B2", 2024}, {"_x", 2025}, {"a1", 2024}, {"b", 2021}} {
		s := SettlementEntry(fmt.Sprintf("S-%s-%d", e.psn, e.year), e.psn, e.year)
		s.Moves = nil
		h.commit(s)
	}
	h.commit(credit("C1", "P0", "1", "0")) // an account but no accumulators
	want := []string{"B2", "P0", "_x", "a1", "b"}
	if ms, err := h.s.Members(); err != nil || !slices.Equal(ms, want) {
		h.Errorf("Members() = %q, %v; want %q", ms, err, want)
	}
	for psn, want := range map[string][]int{"a1": {2023, 2024, 2025}, "b": {2021, 2025}, "P0": nil, "nobody": nil} {
		if ys, err := h.s.Years(psn); err != nil || !slices.Equal(ys, want) {
			h.Errorf("Years(%s) = %v, %v; want %v", psn, ys, err, want)
		}
	}
}

func testView(h *harness) {
	h.commit(credit("C1", "P1", "10", "0"))
	ids := []string{"C1", "S1"}
	before := h.snapshot(ids...)
	stop := errors.New("stop")
	err := h.s.View(func(l interp.Ledger) error {
		if err := l.Commit(SettlementEntry("S1", "P1", 2025)); !errors.Is(err, interp.ErrReadOnly) {
			h.Errorf("Commit in a View: %v, want ErrReadOnly", err)
		}
		if a, err := l.Account("P1"); err != nil || a.Current.String() != "10" {
			h.Errorf("Account(P1) in a View = %s, %v; want 当年 10", a.Current, err)
		}
		return stop
	})
	if !errors.Is(err, stop) {
		h.Errorf("View = %v, want fn's error", err)
	}
	h.unchanged(before, ids...)
}

// testSerialised runs Updates from many goroutines that each read the
// ledger, decide, and commit: the result must be the serial one, and each
// Update must have seen every one before it.
func testSerialised(h *harness) {
	const goroutines, updates = 8, 200
	const n = goroutines * updates
	h.commit(credit("seed", "A", "0", "10.00")) // enough for 1000 of the 1600 moves
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for i := range updates {
				err := h.s.Update([]string{"A", "B"}, func(l interp.Ledger) error {
					acc, err := l.Year("A", 2025)
					if err != nil {
						return err
					}
					a, err := l.Account("A")
					if err != nil {
						return err
					}
					e := &interp.Entry{SetlID: fmt.Sprintf("u/%d/%d", g, i), Kind: interp.KindSettlement,
						PsnNo: "A", Year: 2025, Note: acc.Get("C0000").String(),
						Deltas: []interp.Delta{{Key: "C0000", Amount: dec("1")}, {Key: "D310101", Amount: dec("0.01")}}}
					if a.Carried.GreaterThanOrEqual(dec("0.01")) {
						e.Moves = []interp.AccountMove{{PsnNo: "A", Carried: dec("-0.01")}, {PsnNo: "B", Carried: dec("0.01")}}
					}
					return l.Commit(e)
				})
				if err != nil {
					h.Errorf("Update %d/%d: %v", g, i, err)
					return
				}
			}
		})
	}
	wg.Wait()
	h.view(func(l interp.Ledger) error {
		acc, err := l.Year("A", 2025)
		if err != nil {
			return err
		}
		if d := cmp.Diff(map[string]string{"C0000": strconv.Itoa(n), "D310101": "16"}, money(acc)); d != "" {
			h.Errorf("Year(A, 2025) (-want +got):\n%s", d)
		}
		for psn, want := range map[string]string{"A": "0", "B": "10"} {
			if a, err := l.Account(psn); err != nil || a.Carried.String() != want || !a.Current.IsZero() {
				h.Errorf("Account(%s) = 当年 %s 历年 %s, %v; want 历年 %s", psn, a.Current, a.Carried, err, want)
			}
		}
		// Each Update read the count its predecessors left: 0 … n-1, once each.
		seen := make([]bool, n)
		for g := range goroutines {
			for i := range updates {
				e, ok, err := l.Entry(fmt.Sprintf("u/%d/%d", g, i))
				if err != nil || !ok {
					h.Fatalf("Entry(u/%d/%d) = %v, %v", g, i, ok, err)
				}
				c, err := strconv.Atoi(e.Note)
				if err != nil || c < 0 || c >= n || seen[c] {
					h.Fatalf("two Updates read the count %s: they were not serialised", e.Note)
				}
				seen[c] = true
			}
		}
		return nil
	})
}

// testSameIDRace commits one id for different members at once: Updates of
// different members need not wait for each other, yet only one may store
// the id.
func testSameIDRace(h *harness) {
	const racers = 8
	errs := make([]error, racers)
	var wg sync.WaitGroup
	for i := range racers {
		wg.Go(func() {
			psn := fmt.Sprintf("M%d", i)
			errs[i] = h.s.Update([]string{psn}, func(l interp.Ledger) error {
				return l.Commit(&interp.Entry{SetlID: "same", Kind: interp.KindSettlement, PsnNo: psn, Year: 2025,
					Deltas: []interp.Delta{{Key: "C0000", Amount: dec("1")}}})
			})
		})
	}
	wg.Wait()
	winner := -1
	for i, err := range errs {
		switch {
		case err == nil && winner < 0:
			winner = i
		case err == nil:
			h.Errorf("M%d and M%d both stored the id", winner, i)
		case !errors.Is(err, interp.ErrDuplicate):
			h.Errorf("M%d: %v, want nil or ErrDuplicate", i, err)
		}
	}
	if winner < 0 {
		h.Fatalf("no Update stored the id")
	}
	want := fmt.Sprintf("M%d", winner)
	if ms, err := h.s.Members(); err != nil || !slices.Equal(ms, []string{want}) {
		h.Errorf("Members() = %q, %v; want only %s", ms, err, want)
	}
}

func testReopen(h *harness) {
	if h.opts.Reopen == nil {
		h.Skip("the store does not outlive its value")
	}
	s := SettlementEntry("S1", "P1", 2025)
	h.commit(credit("C1", "P1", "500", "1000"), s, reversal("R1", s), SettlementEntry("S2", "P1", 2024))
	ids := []string{"C1", "S1", "R1", "S2"}
	before := h.snapshot(ids...)
	h.s = h.opts.Reopen(h.T, h.s)
	h.unchanged(before, ids...)
	if err := h.try(SettlementEntry("S2", "P1", 2024)); !errors.Is(err, interp.ErrDuplicate) {
		h.Errorf("committing S2 again after reopening: %v, want ErrDuplicate", err)
	}
	if err := h.try(reversal("R2", s)); err == nil {
		h.Errorf("reversing S1 again after reopening succeeded")
	}
	h.unchanged(before, ids...)
}
