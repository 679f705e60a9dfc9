package interp_test

import (
	"bytes"
	"context"
	"errors"
	"math/rand/v2"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
	"testing/fstest"
)

// fastPolicies are the property test's policies and the kitchen sink under
// each rounding mode.
func fastPolicies(t *testing.T) []propertyPolicy {
	t.Helper()
	out := propertyPolicies(t)
	src, err := os.ReadFile("testdata/fast/kitchen_sink.mpl")
	if err != nil {
		t.Fatal(err)
	}
	for _, mode := range []string{"half_up", "half_even", "down"} {
		text := strings.Replace(string(src), "rounding  half_even", "rounding  "+mode, 1)
		prog, _, err := interp.LoadFS(fstest.MapFS{"policy.mpl": {Data: []byte(text)}}, "policy.mpl")
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, propertyPolicy{"kitchen_sink/" + mode, prog})
	}
	return out
}

// decimalsAsStrings compares money as exact decimal strings.
var decimalsAsStrings = cmp.Transformer("decimal", func(d decimal.Decimal) string { return d.String() })

// TestSettleFastMatchesDecimal settles random claims under every policy
// through both paths, each with its own ledger seeded alike, and compares
// every figure, setl_proc_info text, error, accumulator and balance. Claims
// the fast path leaves to Settle (ErrNotFast) are settled by neither, so the
// ledgers stay alike; they are counted and must stay few.
func TestSettleFastMatchesDecimal(t *testing.T) {
	n := 4000
	if testing.Short() {
		n = 500
	}
	for _, pp := range fastPolicies(t) {
		t.Run(strings.ReplaceAll(pp.name, "/", "_"), func(t *testing.T) {
			prog, pol := pp.prog, pp.prog.Policy()
			if r := interp.FastReason(prog); r != "" {
				t.Fatalf("the fast path does not take this policy: %s", r)
			}
			rng := rand.New(rand.NewPCG(2026, uint64(len(pp.name))))
			g := newClaimGen(rng, pol, 25)
			dl, fl := interp.NewMemoryLedger(), prog.NewFastLedger()
			year := 2025
			if !pol.From.IsZero() {
				year = pol.From.Year()
			}
			keys := interp.FastKeys(prog)
			for i, m := range g.members {
				bal := yuan(rng.Int64N(1000000))
				if err := dl.SetBalance(m, bal); err != nil {
					t.Fatal(err)
				}
				if err := fl.SetBalance(m, bal); err != nil {
					t.Fatal(err)
				}
				if i%3 != 0 {
					continue
				}
				// Start a third of the members mid-year, so deductibles
				// are partly borne and caps partly used.
				for _, k := range keys {
					if rng.IntN(3) != 0 {
						continue
					}
					amt := yuan(g.fen(300000))
					if strings.HasPrefix(k, interp.KeyCount) {
						amt = decimal.NewFromInt(rng.Int64N(4))
					}
					if err := dl.SetAccumulator(m, year, k, amt); err != nil {
						t.Fatal(err)
					}
					if err := fl.SetAccumulator(m, year, k, amt); err != nil {
						t.Fatal(err)
					}
				}
			}
			var claims []*claim.Claim
			for i := range n {
				if i%97 == 0 {
					claims = append(claims, g.invalid())
					continue
				}
				claims = append(claims, g.valid())
			}
			sort.SliceStable(claims, func(a, b int) bool { return claims[a].SetlTime.Before(claims[b].SetlTime) })

			var settled []*claim.Claim
			var compared, ok, failed, notFast, fellBack, reversals int
			// One claim and one result for all, as a batch would reuse them.
			var fc interp.FastClaim
			var fr interp.FastResult
			settle := func(c *claim.Claim) {
				t.Helper()
				ferr := prog.DecodeFast(fl, c, &fc)
				if ferr == nil {
					if ferr = prog.SettleFast(fl, &fc, &fr); errors.Is(ferr, interp.ErrNotFast) {
						fellBack++ // decoded, then left to Settle: a fraction of a fen or an overflow
					}
				}
				if errors.Is(ferr, interp.ErrNotFast) {
					notFast++
					return
				}
				s, derr := prog.Settle(dl, c, interp.Options{})
				compared++
				switch {
				case derr != nil || ferr != nil:
					failed++
					var de, fe *claim.Error
					if !errors.As(derr, &de) || !errors.As(ferr, &fe) {
						t.Errorf("%s: decimal error %v, fast error %v", c.SetlID, derr, ferr)
						return
					}
					if diff := cmp.Diff(de, fe); diff != "" {
						t.Errorf("%s: errors differ (-decimal +fast):\n%s", c.SetlID, diff)
					}
				default:
					ok++
					settled = append(settled, c)
					if diff := cmp.Diff(s, fr.Settlement(), decimalsAsStrings); diff != "" {
						t.Errorf("%s: settlements differ (-decimal +fast):\n%s", c.SetlID, diff)
					}
				}
			}
			for _, c := range claims {
				if len(settled) > 0 && rng.IntN(40) == 0 {
					// A reversal is the decimal path's alone.
					orig := settled[rng.IntN(len(settled))]
					rv := *orig
					rv.SetlID, rv.Reverses, rv.SetlTime = "R"+orig.SetlID, orig.SetlID, c.SetlTime
					settle(&rv)
					reversals++
				}
				settle(c)
			}
			for _, m := range g.members {
				want, _ := dl.Year(m, year)
				for k, v := range want {
					if v.IsZero() {
						delete(want, k)
					}
				}
				// A year with nothing in it (every claim of the member's
				// failed, say) is nil on one path and empty on the other.
				if diff := cmp.Diff(want, fl.Accumulators(m, year), decimalsAsStrings, cmpopts.EquateEmpty()); diff != "" {
					t.Errorf("member %s: accumulators differ (-decimal +fast):\n%s", m, diff)
				}
				a, _ := dl.Account(m)
				cur, car := fl.Balances(m)
				if diff := cmp.Diff([]decimal.Decimal{a.Current, a.Carried}, []decimal.Decimal{cur, car}, decimalsAsStrings); diff != "" {
					t.Errorf("member %s: balances differ (-decimal +fast):\n%s", m, diff)
				}
			}
			total := compared + notFast
			t.Logf("%d claims: %d compared (%d settled, %d errors alike), %d left to the decimal path (%d reversals, %d at settlement)",
				total, compared, ok, failed, notFast, reversals, fellBack)
			if notFast*10 > total {
				t.Errorf("%d of %d claims left to the decimal path: the fast path should take nearly all", notFast, total)
			}
			if ok == 0 {
				t.Errorf("no claim of %d settled", total)
			}
		})
	}
}

// loadInpatientPolicy loads a policy of one benefit, 普通住院 at ratio.
func loadInpatientPolicy(t *testing.T, ratio string) *interp.Program {
	t.Helper()
	prog, _, err := interp.LoadFS(mapFS("p.mpl", `
policy "p" {
    insutype 310
    source   "s"
}
benefit 住院 {
    covers 普通住院
    ratio  `+ratio+`
}
`), "p.mpl")
	if err != nil {
		t.Fatal(err)
	}
	return prog
}

// TestSettleFastRefusesNearOverflow: an accumulator grown past 2^60 (a
// member paid 9×10¹² yuan a claim, with no cap, some 1300 times) sends
// the next claim that adds to it to the decimal path, changing nothing,
// so that no sum wraps; every claim before it settles on the fast path.
func TestSettleFastRefusesNearOverflow(t *testing.T) {
	prog := loadInpatientPolicy(t, "100%")
	c, err := claim.NewReader(strings.NewReader(`{"setl_id":"B1","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"9000000000000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"9000000000000.00"}`), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	fl := prog.NewFastLedger()
	var fc interp.FastClaim
	var fr interp.FastResult
	if err := prog.DecodeFast(fl, c, &fc); err != nil {
		t.Fatal(err)
	}
	// 1282 × 9×10¹⁴ fen is the first sum past 2^60 = 1152921504606846976.
	const settles = 1282
	for i := range settles + 1 {
		err := prog.SettleFast(fl, &fc, &fr)
		if i < settles && err != nil {
			t.Fatalf("claim %d: %v", i+1, err)
		}
		if i == settles && !errors.Is(err, interp.ErrNotFast) {
			t.Fatalf("claim %d, its pooled total past 2^60: %v, want ErrNotFast", i+1, err)
		}
	}
	// What the pooled fund paid (D310101), unchanged by the refusal.
	want := decimal.New(settles*9_000_000_000_000, 0)
	if got := fl.Accumulators("P1", 2025).Get(interp.FundKey("310100")); !got.Equal(want) {
		t.Errorf("%s = %s after the refusal, want %s", interp.FundKey("310100"), got, want)
	}
}

// TestSettleFastLeavesToDecimal: what the fast path does not settle it
// refuses with ErrNotFast, changing nothing, and Settle settles it.
func TestSettleFastLeavesToDecimal(t *testing.T) {
	read := func(line string) *claim.Claim {
		t.Helper()
		c, err := claim.NewReader(strings.NewReader(line), claim.JSONL).Next()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	const base = `"psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10"`
	ordinary := read(`{"setl_id":"A1",` + base + `,"medfee_sumamt":"1000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"1000.00"}`)

	t.Run("account block", func(t *testing.T) {
		prog, _, err := interp.LoadFile("testdata/account/employee.mpl")
		if err != nil {
			t.Fatal(err)
		}
		if interp.FastReason(prog) == "" {
			t.Fatal("a policy with an account block is planned for the fast path")
		}
		var fc interp.FastClaim
		if err := prog.DecodeFast(prog.NewFastLedger(), ordinary, &fc); !errors.Is(err, interp.ErrNotFast) {
			t.Errorf("DecodeFast: %v, want ErrNotFast", err)
		}
	})
	t.Run("dise_code", func(t *testing.T) {
		prog := loadInpatientPolicy(t, `if dise_code == "C50" then 90% else 80%`)
		if r := interp.FastReason(prog); !strings.Contains(r, "dise_code") {
			t.Errorf("reason %q, want one naming dise_code", r)
		}
	})

	prog := loadInpatientPolicy(t, "33.3333333333333333%")
	if r := interp.FastReason(prog); r != "" {
		t.Fatal(r)
	}
	for _, tc := range []struct {
		name string
		c    *claim.Claim
	}{
		{"reversal", read(`{"setl_id":"R1","reverses":"A1",` + base + `,"medfee_sumamt":"1000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"1000.00"}`)},
		{"beyond 10¹³ yuan", read(`{"setl_id":"H1",` + base + `,"medfee_sumamt":"90000000000000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"90000000000000.00"}`)},
		// 9×10¹² yuan in fen times an 18-place ratio does not fit an int64.
		{"overflow", read(`{"setl_id":"O1",` + base + `,"medfee_sumamt":"9000000000000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"9000000000000.00"}`)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fl := prog.NewFastLedger()
			var fc interp.FastClaim
			var fr interp.FastResult
			err := prog.DecodeFast(fl, tc.c, &fc)
			if err == nil {
				err = prog.SettleFast(fl, &fc, &fr)
			}
			if !errors.Is(err, interp.ErrNotFast) {
				t.Fatalf("fast path: %v, want ErrNotFast", err)
			}
			if got := fl.Accumulators(tc.c.PsnNo, 2025); len(got) != 0 {
				t.Errorf("the fast ledger changed: %v", got)
			}
			if tc.c.Reverses != "" {
				return
			}
			if _, err := prog.Settle(interp.NewMemoryLedger(), tc.c, interp.Options{}); err != nil {
				t.Errorf("decimal path: %v", err)
			}
		})
	}
}

// TestWhatIfCommitKeepsOverflowGuard: figures committed to a what-if
// ledger (as the decimal path commits the claims the fast path leaves to
// it, or an import) count towards the bound the fast path's overflow
// guard trusts, so that a claim taking such a figure past int64 is an
// error row, not a wrapped figure.
func TestWhatIfCommitKeepsOverflowGuard(t *testing.T) {
	prog := loadInpatientPolicy(t, "100%")
	w := prog.NewWhatIfLedger()
	paid := interp.FundKey("310100")
	// 9223 × 10¹⁵ fen: just below the largest int64.
	e := &interp.Entry{SetlID: "I1", Kind: interp.KindImport, PsnNo: "P1", Year: 2025}
	for range 9223 {
		e.Deltas = append(e.Deltas, interp.Delta{Key: paid, Amount: decimal.New(10_000_000_000_000, 0)})
	}
	if err := w.Update([]string{"P1"}, func(l interp.Ledger) error { return l.Commit(e) }); err != nil {
		t.Fatal(err)
	}
	line := `{"setl_id":"B1","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"9000000000000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"9000000000000.00"}` + "\n"
	var out bytes.Buffer
	st, err := prog.RunStream(context.Background(), w, strings.NewReader(line), claim.JSONL, claim.NewWriter(&out, claim.JSONL), interp.BatchOptions{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	if st.Errors != 1 {
		t.Errorf("stats %+v, want the claim an error row; wrote %s", st, out.String())
	}
	want := decimal.New(9223*10_000_000_000_000, 0)
	err = w.View(func(l interp.Ledger) error {
		acc, err := l.Year("P1", 2025)
		if err == nil && !acc.Get(paid).Equal(want) {
			t.Errorf("%s = %s, want %s unchanged", paid, acc.Get(paid), want)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestWhatIfRefusedCommitChangesNothing: an entry a what-if ledger
// refuses (a figure that is not whole fen, or one that would leave int64)
// adds no member and no year, and changes no figure, however far through
// the entry the refusal comes.
func TestWhatIfRefusedCommitChangesNothing(t *testing.T) {
	prog := loadInpatientPolicy(t, "100%")
	paid := interp.FundKey("310100")
	yuan := decimal.RequireFromString
	w := prog.NewWhatIfLedger()
	// n deltas of 10¹³ yuan (10¹⁵ fen) paid, the most one delta may be.
	many := func(n int) []interp.Delta {
		ds := make([]interp.Delta, n)
		for i := range ds {
			ds[i] = interp.Delta{Key: paid, Amount: decimal.New(1, 13)}
		}
		return ds
	}
	// P1 holds 9×10¹⁸ fen paid, close enough to the largest int64 (about
	// 9.22×10¹⁸) that 300 deltas more leave it.
	big := &interp.Entry{SetlID: "I0", Kind: interp.KindImport, PsnNo: "P1", Year: 2025, Deltas: many(9000)}
	if err := w.Update([]string{"P1"}, func(l interp.Ledger) error { return l.Commit(big) }); err != nil {
		t.Fatal(err)
	}
	type state struct {
		Members []string
		Years   map[string][]int
		Paid    string
	}
	look := func() state {
		t.Helper()
		ms, err := w.Members()
		if err != nil {
			t.Fatal(err)
		}
		st := state{Members: ms, Years: map[string][]int{}}
		for _, m := range ms {
			if st.Years[m], err = w.Years(m); err != nil {
				t.Fatal(err)
			}
		}
		err = w.View(func(l interp.Ledger) error {
			acc, err := l.Year("P1", 2025)
			st.Paid = acc.Get(paid).String()
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		return st
	}
	before := look()
	for name, e := range map[string]*interp.Entry{
		"a new member's delta of a tenth of a fen": {PsnNo: "X1", Year: 2025,
			Deltas: []interp.Delta{{Key: paid, Amount: yuan("0.001")}}},
		"a new member's move of a tenth of a fen": {PsnNo: "X2", Year: 2025,
			Moves: []interp.AccountMove{{PsnNo: "X3", Current: yuan("1.005")}}},
		"a sum past int64 before a new member's move": {PsnNo: "P1", Year: 2025, Deltas: many(300),
			Moves: []interp.AccountMove{{PsnNo: "X4", Current: yuan("1.00")}}},
		"a new year's sum past int64":   {PsnNo: "P1", Year: 2026, Deltas: many(9300)},
		"a new member's sum past int64": {PsnNo: "X5", Year: 2025, Deltas: many(9300)},
	} {
		e.SetlID, e.Kind = "I1", interp.KindImport
		psns := []string{e.PsnNo}
		for _, mv := range e.Moves {
			psns = append(psns, mv.PsnNo)
		}
		if err := w.Update(psns, func(l interp.Ledger) error { return l.Commit(e) }); err == nil {
			t.Errorf("%s: committed, want refused", name)
		}
		if diff := cmp.Diff(before, look()); diff != "" {
			t.Errorf("%s: the ledger changed (-before +after):\n%s", name, diff)
		}
	}
}

// settleFastOK decodes c and settles it on prog's fast path against fl,
// failing the test on an error of either.
func settleFastOK(t *testing.T, prog *interp.Program, fl *interp.FastLedger, c *claim.Claim) *interp.FastResult {
	t.Helper()
	var fc interp.FastClaim
	var fr interp.FastResult
	if err := prog.DecodeFast(fl, c, &fc); err != nil {
		t.Fatal(err)
	}
	if err := prog.SettleFast(fl, &fc, &fr); err != nil {
		t.Fatal(err)
	}
	return &fr
}
