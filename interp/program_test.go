package interp_test

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
)

// TestPolicySetAfterCompile: a caller setting a field of the policy
// Program.Policy returns (here: no personal account) changes no settlement
// of the compiled program, which other goroutines may be running.
func TestPolicySetAfterCompile(t *testing.T) {
	prog := loadNanjing(t)
	c, err := claim.NewReader(strings.NewReader(nanjingInpatient), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	settle := func() decimal.Decimal {
		l := interp.NewMemoryLedger()
		if err := l.SetBalance("P1", decimal.RequireFromString("300.00")); err != nil {
			t.Fatal(err)
		}
		s, err := prog.Settle(l, c, interp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return s.Setlinfo.AcctPay
	}
	before := settle()
	if !before.Equal(decimal.RequireFromString("300")) {
		t.Fatalf("acct_pay %s before, want 300.00", before)
	}
	prog.Policy().Account = lang.AccountNone
	if after := settle(); !after.Equal(before) {
		t.Errorf("acct_pay %s after the caller set Policy().Account, want %s as before", after, before)
	}
}

// TestSettleChecksClaimsBuiltInGo: a claim built in Go gets the error a
// Reader gives the same fault, from every way into settlement, and a nil
// claim an error rather than a panic; the ledger is not touched.
func TestSettleChecksClaimsBuiltInGo(t *testing.T) {
	prog := loadNanjing(t)
	good, err := claim.NewReader(strings.NewReader(nanjingInpatient), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	bad := *good
	bad.PsnNo = "P1 " // a member of its own beside P1, with a deductible of its own
	ledger := interp.NewMemoryLedger()
	ways := map[string]func(c *claim.Claim) error{
		"Settle": func(c *claim.Claim) error { _, err := prog.Settle(ledger, c, interp.Options{}); return err },
		"SettleIn": func(c *claim.Claim) error {
			_, err := prog.SettleIn(ledger, c, interp.Options{})
			return err
		},
		"Presettle": func(c *claim.Claim) error { _, err := prog.Presettle(ledger, c, interp.Options{}); return err },
	}
	for name, settle := range ways {
		var ce *claim.Error
		if err := settle(&bad); !errors.As(err, &ce) || ce.Field != "psn_no" || ce.SetlID != "B1" {
			t.Errorf("%s(psn_no %q): %v; want a claim error on psn_no naming B1", name, bad.PsnNo, err)
		}
		if err := settle(nil); err == nil {
			t.Errorf("%s(nil): no error", name)
		}
	}
	if ms, _ := ledger.Members(); len(ms) != 0 {
		t.Errorf("the ledger knows members %v after only refused claims", ms)
	}
}

// A balance a ledger is seeded with that no settlement could leave (below
// zero, a fraction of a fen), or an accumulator with a fraction of a fen,
// is refused, naming the member, by MemoryLedger and WhatIfLedger alike,
// and sets nothing: the member's next claim broke the settlement's
// invariants ("balc"). An accumulator may be below zero (a reversal of a
// settlement made before an import leaves one).
func TestSeedRefused(t *testing.T) {
	prog := loadNanjing(t)
	mem, wl := interp.NewMemoryLedger(), prog.NewWhatIfLedger()
	type setter struct {
		name string
		set  func(psn string, d decimal.Decimal) error
	}
	var setters []setter
	for name, st := range map[string]interface {
		SetBalance(string, decimal.Decimal) error
		SetBalances(string, decimal.Decimal, decimal.Decimal) error
		SetAccumulator(string, int, string, decimal.Decimal) error
	}{"memory": mem, "whatif": wl, "fast": prog.NewFastLedger()} {
		setters = append(setters,
			setter{name + "/SetBalance", st.SetBalance},
			setter{name + "/SetBalances current", func(psn string, d decimal.Decimal) error { return st.SetBalances(psn, d, decimal.Zero) }},
			setter{name + "/SetBalances carried", func(psn string, d decimal.Decimal) error { return st.SetBalances(psn, decimal.Zero, d) }},
			setter{name + "/SetAccumulator", func(psn string, d decimal.Decimal) error {
				return st.SetAccumulator(psn, 2025, interp.KeyDeductible+"_住院", d)
			}})
	}
	for _, s := range setters {
		for _, tc := range []struct{ amount, want string }{
			{"-100.005", "below zero"},
			{"-100", "below zero"},
			{"100.005", "not whole fen"},
			{"-0.01", "below zero"},
		} {
			if strings.HasSuffix(s.name, "SetAccumulator") && tc.want == "below zero" {
				if !strings.Contains(tc.amount, ".005") {
					continue
				}
				tc.want = "not whole fen"
			}
			err := s.set("P7", decimal.RequireFromString(tc.amount))
			if err == nil || !strings.Contains(err.Error(), "P7") || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("%s(P7, %s) = %v, want an error naming P7: %s", s.name, tc.amount, err, tc.want)
			}
		}
		if err := s.set("P8", decimal.RequireFromString("100.50")); err != nil {
			t.Errorf("%s(P8, 100.50) = %v", s.name, err)
		}
		if strings.HasSuffix(s.name, "SetAccumulator") {
			if err := s.set("P8", decimal.RequireFromString("-0.05")); err != nil {
				t.Errorf("%s(P8, -0.05) = %v", s.name, err)
			}
		}
	}
	for name, st := range map[string]interp.Store{"memory": mem, "whatif": wl} {
		if ms, err := st.Members(); err != nil || slices.Contains(ms, "P7") {
			t.Errorf("%s: Members() = %q, %v; want no P7", name, ms, err)
		}
	}
}

// A zero Program, and an entry point given a nil store, ledger, reader or
// writer, return an error rather than panic with a nil pointer.
func TestZeroProgramAndNilArguments(t *testing.T) {
	prog := loadNanjing(t)
	c, err := claim.NewReader(strings.NewReader(nanjingInpatient), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	var zero interp.Program
	var nilProg *interp.Program
	ctx := context.Background()
	mem := interp.NewMemoryLedger()
	w := claim.NewWriter(io.Discard, claim.JSONL)
	reader := func() *claim.Reader { return claim.NewReader(strings.NewReader(nanjingInpatient), claim.JSONL) }
	for _, tc := range []struct {
		name, want string
		call       func() error
	}{
		{"zero Settle", "not made by Compile", func() error { _, err := zero.Settle(mem, c, interp.Options{}); return err }},
		{"nil Settle", "not made by Compile", func() error { _, err := nilProg.Settle(mem, c, interp.Options{}); return err }},
		{"zero SettleIn", "not made by Compile", func() error { _, err := zero.SettleIn(mem, c, interp.Options{}); return err }},
		{"zero Presettle", "not made by Compile", func() error { _, err := zero.Presettle(mem, c, interp.Options{}); return err }},
		{"zero RunBatch", "not made by Compile", func() error { _, err := zero.RunBatch(ctx, mem, reader(), w, interp.BatchOptions{}); return err }},
		{"zero RunStream", "not made by Compile", func() error {
			_, err := zero.RunStream(ctx, mem, strings.NewReader(nanjingInpatient), claim.JSONL, w, interp.BatchOptions{})
			return err
		}},
		{"zero Credit", "not made by Compile", func() error { _, err := zero.Credit(mem, interp.Contribution{PsnNo: "P1"}); return err }},
		{"Settle nil ledger", "no ledger", func() error { _, err := prog.Settle(nil, c, interp.Options{}); return err }},
		{"SettleIn nil store", "no store", func() error { _, err := prog.SettleIn(nil, c, interp.Options{}); return err }},
		{"SettleIn nil MemoryLedger", "no store", func() error {
			var m *interp.MemoryLedger
			_, err := prog.SettleIn(m, c, interp.Options{})
			return err
		}},
		{"RunStream nil writer", "no writer", func() error {
			_, err := prog.RunStream(ctx, mem, strings.NewReader(nanjingInpatient), claim.JSONL, nil, interp.BatchOptions{})
			return err
		}},
		{"RunStream nil input", "no input", func() error {
			_, err := prog.RunStream(ctx, mem, nil, claim.JSONL, w, interp.BatchOptions{})
			return err
		}},
		{"RunStream nil context", "no context", func() error {
			//lint:ignore SA1012 the nil context is what is tested
			_, err := prog.RunStream(nil, mem, strings.NewReader(nanjingInpatient), claim.JSONL, w, interp.BatchOptions{})
			return err
		}},
		{"RunBatch nil reader", "no claim reader", func() error { _, err := prog.RunBatch(ctx, mem, nil, w, interp.BatchOptions{}); return err }},
		{"RunRows nil writer", "no writer", func() error { _, err := prog.RunRows(ctx, mem, nil, nil, interp.BatchOptions{}); return err }},
		{"SettleAll nil store", "no store", func() error { return prog.SettleAll(ctx, nil, nil, interp.BatchOptions{}) }},
		{"zero Rollover", "not made by Compile", func() error { _, err := zero.Rollover(mem, "P1", 2025); return err }},
		{"zero Backpay", "not made by Compile", func() error { return zero.Backpay(mem, "P1", c.SetlTime) }},
		{"zero StreamsAsBatch", "not made by Compile", func() error {
			_, _, err := zero.StreamsAsBatch(strings.NewReader(nanjingInpatient), claim.JSONL, false)
			return err
		}},
		{"Compile nil policy", "no policy", func() error { _, err := interp.Compile(nil); return err }},

		// The fast path's entry points, and the ledgers a zero Program
		// makes, which hold nothing and refuse what would change them.
		{"zero NewFastLedger SetBalance", "not made by Compile", func() error {
			return zero.NewFastLedger().SetBalance("P1", decimal.RequireFromString("100.00"))
		}},
		{"nil NewFastLedger SetAccumulator", "not made by Compile", func() error {
			return nilProg.NewFastLedger().SetAccumulator("P1", 2025, interp.KeyDeductible, decimal.RequireFromString("100.00"))
		}},
		{"zero DecodeFast", "not made by Compile", func() error {
			return zero.DecodeFast(zero.NewFastLedger(), c, &interp.FastClaim{})
		}},
		{"DecodeFast nil ledger", "no fast ledger", func() error { return prog.DecodeFast(nil, c, &interp.FastClaim{}) }},
		{"DecodeFast nil fast claim", "no fast claim", func() error { return prog.DecodeFast(prog.NewFastLedger(), c, nil) }},
		{"zero SettleFast", "not made by Compile", func() error {
			return zero.SettleFast(zero.NewFastLedger(), &interp.FastClaim{}, &interp.FastResult{})
		}},
		{"nil SettleFast", "not made by Compile", func() error {
			return nilProg.SettleFast(prog.NewFastLedger(), &interp.FastClaim{}, &interp.FastResult{})
		}},
		{"zero PresettleFast", "not made by Compile", func() error {
			return zero.PresettleFast(zero.NewFastLedger(), &interp.FastClaim{}, &interp.FastResult{})
		}},
		{"SettleFast nil ledger", "no fast ledger", func() error {
			return prog.SettleFast(nil, &interp.FastClaim{}, &interp.FastResult{})
		}},
		{"SettleFast nil claim", "no fast claim", func() error {
			return prog.SettleFast(prog.NewFastLedger(), nil, &interp.FastResult{})
		}},
		{"PresettleFast nil result", "no result", func() error {
			return prog.PresettleFast(prog.NewFastLedger(), &interp.FastClaim{}, nil)
		}},
		{"zero NewWhatIfLedger SetBalance", "not made by Compile", func() error {
			return zero.NewWhatIfLedger().SetBalance("P1", decimal.RequireFromString("100.00"))
		}},
		{"nil NewWhatIfLedger SetAccumulator", "not made by Compile", func() error {
			return nilProg.NewWhatIfLedger().SetAccumulator("P1", 2025, interp.KeyDeductible, decimal.RequireFromString("100.00"))
		}},
		{"zero NewWhatIfLedger Members", "not made by Compile", func() error { _, err := zero.NewWhatIfLedger().Members(); return err }},
		{"zero NewWhatIfLedger Years", "not made by Compile", func() error { _, err := zero.NewWhatIfLedger().Years("P1"); return err }},
		{"zero NewWhatIfLedger View", "not made by Compile", func() error {
			return zero.NewWhatIfLedger().View(func(interp.Ledger) error { return nil })
		}},
		{"SettleIn into a zero NewWhatIfLedger", "not made by Compile", func() error {
			wl := zero.NewWhatIfLedger()
			wl.Keep(nil) // no panic either
			_, err := prog.SettleIn(wl, c, interp.Options{})
			return err
		}},
		{"RunStream unknown format, memory ledger", "unknown format", func() error {
			_, err := prog.RunStream(ctx, mem, strings.NewReader(nanjingInpatient), claim.Format(2), w, interp.BatchOptions{})
			return err
		}},
		{"RunStream unknown format, what-if ledger", "unknown format", func() error {
			_, err := prog.RunStream(ctx, prog.NewWhatIfLedger(), strings.NewReader(nanjingInpatient), claim.Format(2), w, interp.BatchOptions{})
			return err
		}},
		{"StreamsAsBatch unknown format", "unknown format", func() error {
			_, _, err := prog.StreamsAsBatch(strings.NewReader(nanjingInpatient), claim.Format(-1), false)
			return err
		}},
		{"StreamsAsBatchAt unknown format", "unknown format", func() error {
			_, _, err := prog.StreamsAsBatchAt(strings.NewReader(nanjingInpatient), int64(len(nanjingInpatient)), claim.Format(7), false, 2)
			return err
		}},
		{"RunStream into a nil NewWhatIfLedger", "not made by Compile", func() error {
			_, err := prog.RunStream(ctx, nilProg.NewWhatIfLedger(), strings.NewReader(nanjingInpatient), claim.JSONL, w, interp.BatchOptions{})
			return err
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := errorNotPanic(t, tc.call); !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one saying %q", err, tc.want)
			}
		})
	}
}

// TestZeroProgramPolicy: a zero or nil Program has no policy, and says so
// with nil rather than a nil-pointer panic.
func TestZeroProgramPolicy(t *testing.T) {
	var zero interp.Program
	var nilProg *interp.Program
	if got := zero.Policy(); got != nil {
		t.Errorf("zero Program: Policy() = %v, want nil", got)
	}
	if got := nilProg.Policy(); got != nil {
		t.Errorf("nil Program: Policy() = %v, want nil", got)
	}
}

// TestBatchChecksClaimsBuiltInGo: rows handed to SettleAll or RunRows with
// a claim built in Go are checked as Settle checks it (a row's claim that
// ReadAll read was checked by its reader), on the decimal and the fast
// path alike; a row with neither a claim nor an error is an error row (it
// panicked).
func TestBatchChecksClaimsBuiltInGo(t *testing.T) {
	prog := loadNanjing(t)
	good, err := claim.NewReader(strings.NewReader(nanjingInpatient), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	bad := *good
	bad.SetlID, bad.PsnNo = "B2", ""
	rows := func() []interp.Result { return []interp.Result{{Claim: &bad}, {Claim: good}, {}} }

	all := rows()
	if err := prog.SettleAll(context.Background(), interp.NewMemoryLedger(), all, interp.BatchOptions{}); err != nil {
		t.Fatal(err)
	}
	if all[0].Err == nil || all[0].Err.Field != "psn_no" || all[1].Err != nil || all[2].Err == nil {
		t.Errorf("SettleAll: errors %v, %v and %v; want one on psn_no for B2, none for B1, one for the empty row", all[0].Err, all[1].Err, all[2].Err)
	}

	var out strings.Builder
	st, err := prog.RunRows(context.Background(), prog.NewWhatIfLedger(), rows(), claim.NewWriter(&out, claim.JSONL), interp.BatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if st.Errors != 2 || len(lines) != 3 || !strings.Contains(lines[0], `"field":"psn_no"`) || !strings.Contains(lines[2], "neither a claim nor an error") {
		t.Errorf("RunRows (what-if): %+v, rows:\n%s\nwant B2 refused on psn_no, B1 settled, the empty row an error row", st, out.String())
	}
}
