package interp_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
)

// errorNotPanic calls f and fails the test when it panics or returns no
// error.
func errorNotPanic(t *testing.T, f func() error) error {
	t.Helper()
	var err error
	func() {
		defer func() {
			if r := recover(); r != nil {
				t.Fatalf("panic: %v", r)
			}
		}()
		err = f()
	}()
	if err == nil {
		t.Fatal("no error")
	}
	return err
}

// TestMisuseIsAnError: calls an embedding program can make by mistake —
// a zero value, a nil argument, a policy built by hand — return an error
// as their neighbours do, where each panicked.
func TestMisuseIsAnError(t *testing.T) {
	prog := loadNanjing(t)
	ctx := context.Background()
	day := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name, want string
		call       func() error
	}{
		{"Compile of a policy built by hand", "was not checked", func() error {
			_, err := interp.Compile(&lang.Policy{Name: "x"})
			return err
		}},
		{"Compile of the zero policy", "was not checked", func() error { _, err := interp.Compile(&lang.Policy{}); return err }},
		{"RunBatch with the zero Reader", "not made by NewReader", func() error {
			_, err := prog.RunBatch(ctx, interp.NewMemoryLedger(), &claim.Reader{}, claim.NewWriter(&bytes.Buffer{}, claim.JSONL), interp.BatchOptions{})
			return err
		}},
		{"ReadAll of a nil Reader", "not made by NewReader", func() error { _, err := interp.ReadAll(nil); return err }},
		{"Link on a nil ledger", "no ledger", func() error { return interp.Link(nil, "P1", "P2", "配偶") }},
		{"Withdraw on a nil ledger", "no ledger", func() error { _, err := interp.Withdraw(nil, "P1", "死亡", day); return err }},
		{"ImportAccount on a nil ledger", "no ledger", func() error { return interp.ImportAccount(nil, "P1", interp.Account{}) }},
		{"ImportBalance on a nil ledger", "no ledger", func() error {
			_, err := interp.ImportBalance(nil, "P1", decimal.RequireFromString("1.00"), "x")
			return err
		}},
		{"Lapse on a nil MemoryLedger", "no ledger", func() error {
			var m *interp.MemoryLedger
			return interp.Lapse(m, "P1", day)
		}},
		{"CheckEntry of nil on a nil ledger", "no ledger", func() error { return interp.CheckEntry(nil, nil) }},
		{"CheckEntry of nil", "no entry", func() error { return interp.CheckEntry(interp.NewMemoryLedger(), nil) }},
		{"MemoryLedger.Commit(nil)", "no entry", func() error { return interp.NewMemoryLedger().Commit(nil) }},
		{"LoadFS of a nil fs.FS", "nil fs.FS", func() error { _, _, err := interp.LoadFS(nil, "x.mpl"); return err }},
		// The check ran on goroutines of its own, where the caller could
		// not recover: the whole program died.
		{"StreamsAsBatchAt of a negative size, JSON Lines", "want 0 or more", func() error {
			_, _, err := prog.StreamsAsBatchAt(strings.NewReader(nanjingInpatient), -5, claim.JSONL, false, 3)
			return err
		}},
		{"StreamsAsBatchAt of a negative size, CSV", "want 0 or more", func() error {
			_, _, err := prog.StreamsAsBatchAt(strings.NewReader(nanjingInpatient), -5, claim.CSV, false, 3)
			return err
		}},
		{"CheckYear of the zero Program", "not made by Compile", func() error {
			var zero interp.Program
			return zero.CheckYear(interp.Accumulators{"Q0000_住院": decimal.RequireFromString("1.00")})
		}},
		{"a nil FastLedger's figures", "holds nothing", func() error {
			var l *interp.FastLedger
			cur, car := l.Balances("P1")
			if len(l.Accumulators("P1", 2025)) != 0 || !cur.IsZero() || !car.IsZero() {
				return errors.New("a nil FastLedger holds figures")
			}
			return errors.New("holds nothing")
		}},
		{"Keep on the zero WhatIfLedger", "not made by Compile", func() error {
			var w interp.WhatIfLedger
			w.Keep(&interp.KeepSet{})
			w.KeepUntilLast(nil)
			return w.Update(nil, func(interp.Ledger) error { return nil })
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := errorNotPanic(t, tc.call); !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}

	t.Run("the zero StoreError", func(t *testing.T) {
		var msg string
		errorNotPanic(t, func() error { msg = (&interp.StoreError{}).Error(); return errors.New(msg) })
		if msg == "" {
			t.Error("Error() is empty")
		}
	})

	// A zero Writer is refused before anything settles: no claim is in
	// the ledger without its row.
	for _, run := range []struct {
		name string
		call func(st interp.Store) error
	}{
		{"RunBatch", func(st interp.Store) error {
			_, err := prog.RunBatch(ctx, st, claim.NewReader(strings.NewReader(nanjingInpatient), claim.JSONL), &claim.Writer{}, interp.BatchOptions{})
			return err
		}},
		{"RunStream", func(st interp.Store) error {
			_, err := prog.RunStream(ctx, st, strings.NewReader(nanjingInpatient), claim.JSONL, &claim.Writer{}, interp.BatchOptions{})
			return err
		}},
	} {
		t.Run(run.name+" with the zero Writer", func(t *testing.T) {
			st := interp.NewMemoryLedger()
			if err := errorNotPanic(t, func() error { return run.call(st) }); !strings.Contains(err.Error(), "not made by NewWriter") {
				t.Errorf("err = %v, want one saying the Writer was not made by NewWriter", err)
			}
			if m, _ := st.Members(); len(m) != 0 {
				t.Errorf("the ledger holds %v, want nothing settled", m)
			}
		})
	}
}

// TestZeroMemoryLedger: a MemoryLedger held by value, its zero value, is
// an empty ledger, as NewMemoryLedger's is; it panicked on its first
// write.
func TestZeroMemoryLedger(t *testing.T) {
	prog := loadNanjing(t)
	c, err := claim.NewReader(strings.NewReader(nanjingInpatient), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	var service struct{ ledger interp.MemoryLedger }
	type outcome struct {
		Settled, Again string
		Balance        string
		Year           interp.Accumulators
	}
	run := func(l *interp.MemoryLedger) (o outcome) {
		if err := l.SetBalance("P1", decimal.RequireFromString("300.00")); err != nil {
			t.Fatal(err)
		}
		if err := l.SetAccumulator("P1", 2024, interp.KeyDeductible, decimal.RequireFromString("1.00")); err != nil {
			t.Fatal(err)
		}
		s, err := prog.Settle(l, c, interp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		again, err := prog.SettleIn(l, c, interp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		a, _ := l.Account("P1")
		y, _ := l.Year("P1", 2025)
		return outcome{s.Setlinfo.HifpPay.StringFixed(2), again.Setlinfo.HifpPay.StringFixed(2), a.Balance().StringFixed(2), y}
	}
	want := run(interp.NewMemoryLedger())
	got := run(&service.ledger)
	if diff := cmp.Diff(want, got, cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })); diff != "" {
		t.Errorf("the zero MemoryLedger (-NewMemoryLedger +zero):\n%s", diff)
	}
	var other interp.MemoryLedger
	if err := other.Commit(&interp.Entry{SetlID: "x", Kind: interp.KindImport, PsnNo: "P1", Year: 2025}); err != nil {
		t.Errorf("Commit to the zero MemoryLedger: %v", err)
	}
}
