package interp_test

import (
	"errors"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// FuzzPolicySettles: a policy is input from outside, so whatever a policy
// file says, once it checks, settling claims under it gives a settlement
// that conserves money or a claim error, never a panic or another kind of
// error, and the fast path, where it takes the policy, agrees with the
// decimal path on every claim. The seeds are the shipped policies that
// stand alone (no extends) and the fast path's kitchen sink; the claims
// are random but the same for every input, drawn from the policy's own
// labels.
func FuzzPolicySettles(f *testing.F) {
	seeds := []string{"testdata/fast/kitchen_sink.mpl"}
	err := filepath.WalkDir("../policies", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(path, ".mpl") {
			seeds = append(seeds, path)
		}
		return err
	})
	if err != nil {
		f.Fatal(err)
	}
	for _, path := range seeds {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		if !strings.Contains(string(src), "\nextends") {
			f.Add(src)
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		prog, _, err := interp.LoadFS(mapFS("p.mpl", string(src)), "p.mpl")
		if err != nil {
			return // FuzzParse holds what a policy that does not check gets
		}
		pol := prog.Policy()
		g := newClaimGen(rand.New(rand.NewPCG(1, 2)), pol, 6)
		fast := interp.FastReason(prog) == ""
		dl := interp.NewMemoryLedger()
		var fl *interp.FastLedger
		if fast {
			fl = prog.NewFastLedger()
		}
		var fc interp.FastClaim
		var fr interp.FastResult
		// In setl_time order, as a run settles them: the decimal path's
		// ledger refuses a claim dated before its member's latest.
		claims := make([]*claim.Claim, 40)
		for i := range claims {
			claims[i] = g.valid()
			if i%13 == 0 {
				claims[i] = g.invalid()
			}
		}
		slices.SortStableFunc(claims, func(a, b *claim.Claim) int { return a.SetlTime.Compare(b.SetlTime) })
		for _, c := range claims {
			var ferr error
			if fast {
				if ferr = prog.DecodeFast(fl, c, &fc); ferr == nil {
					ferr = prog.SettleFast(fl, &fc, &fr)
				}
				if errors.Is(ferr, interp.ErrNotFast) {
					continue // left to Settle, changing nothing: settled by neither, the ledgers stay alike
				}
			}
			s, derr := prog.Settle(dl, c, interp.Options{})
			var ce *claim.Error
			if derr != nil && !errors.As(derr, &ce) {
				t.Fatalf("%s: Settle: %v (%T), want a *claim.Error", c.SetlID, derr, derr)
			}
			if derr == nil {
				checkConserved(t, s)
			}
			if !fast {
				continue
			}
			if (derr == nil) != (ferr == nil) {
				t.Fatalf("%s: decimal %v, fast %v", c.SetlID, derr, ferr)
			}
			if derr != nil {
				var fe *claim.Error
				if !errors.As(ferr, &fe) {
					t.Fatalf("%s: fast path: %v (%T), want a *claim.Error", c.SetlID, ferr, ferr)
				}
				if diff := cmp.Diff(ce, fe); diff != "" {
					t.Fatalf("%s: errors differ (-decimal +fast):\n%s", c.SetlID, diff)
				}
				continue
			}
			if diff := cmp.Diff(s, fr.Settlement(), decimalsAsStrings); diff != "" {
				t.Fatalf("%s: settlements differ (-decimal +fast):\n%s", c.SetlID, diff)
			}
		}
	})
}

// checkConserved holds a settlement to the contract's invariants: the
// parts add up to the total, no part below zero.
func checkConserved(t *testing.T, s *claim.Settlement) {
	t.Helper()
	si := s.Setlinfo
	parts := []decimal.Decimal{si.FundPaySumamt, si.AcctPay, si.AcctMulaidPay, si.PsnCashPay}
	sum := decimal.Zero
	for _, p := range parts {
		if p.IsNegative() {
			t.Fatalf("%s: a part below zero: %v", s.SetlID, parts)
		}
		sum = sum.Add(p)
	}
	if !sum.Equal(si.MedfeeSumamt) {
		t.Fatalf("%s: parts %v add up to %s, not medfee_sumamt %s", s.SetlID, parts, sum, si.MedfeeSumamt)
	}
}
