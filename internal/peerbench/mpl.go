package peerbench

import (
	"errors"
	"os"

	"github.com/mpl-lang/mpl/interp"
)

// The policy's accumulator keys: its deductible pool and its named limit.
const (
	keyDeductible = interp.KeyDeductible + "_住院"
	keyCap        = interp.KeyLimit + "统筹年度限额"
)

// newMPL compiles the policy file itself. Each prepared input gets its own
// in-memory ledger holding the member's year; Presettle computes the whole
// settlement without committing, so every run settles against the same
// year, as interp's BenchmarkSettleNanjing does.
func newMPL() (Variant, error) {
	prog, _, err := interp.LoadFS(os.DirFS(PolicyRoot()), NanjingPolicy)
	if err != nil {
		return Variant{}, err
	}
	return Variant{Name: NameMPL, Prepare: func(in Input) func() (Split, error) {
		c := in.Claim
		l := interp.NewMemoryLedger()
		seedErr := errors.Join(
			l.SetAccumulator(c.PsnNo, c.SetlTime.Year(), keyDeductible, in.Year.DeductibleBorne),
			l.SetAccumulator(c.PsnNo, c.SetlTime.Year(), keyCap, in.Year.CapPaid),
			l.SetBalance(c.PsnNo, in.Year.Balance))
		return func() (Split, error) {
			if seedErr != nil {
				return Split{}, seedErr
			}
			e, err := prog.Presettle(l, c, interp.Options{})
			if err != nil {
				return Split{}, err
			}
			si := &e.Settlement.Setlinfo
			return splitOf(si.ActPayDedc, si.PoolPropSelfpay, si.HifpPay, si.AcctPay, si.PsnCashPay)
		}
	}}, nil
}

// newMPLFast is MPL on its int64 fast path: the claim decoded once
// (DecodeFast, as a batch decodes each claim as it reads it), then each
// run presettles it against a FastLedger holding the member's year.
func newMPLFast() (Variant, error) {
	prog, _, err := interp.LoadFS(os.DirFS(PolicyRoot()), NanjingPolicy)
	if err != nil {
		return Variant{}, err
	}
	return Variant{Name: NameMPLFast, Prepare: func(in Input) func() (Split, error) {
		c := in.Claim
		l := prog.NewFastLedger()
		year := c.SetlTime.Year()
		seed := []error{
			l.SetAccumulator(c.PsnNo, year, keyDeductible, in.Year.DeductibleBorne),
			l.SetAccumulator(c.PsnNo, year, keyCap, in.Year.CapPaid),
			l.SetBalance(c.PsnNo, in.Year.Balance),
		}
		var fc interp.FastClaim
		var out interp.FastResult
		decodeErr := prog.DecodeFast(l, c, &fc)
		return func() (Split, error) {
			for _, err := range seed {
				if err != nil {
					return Split{}, err
				}
			}
			if decodeErr != nil {
				return Split{}, decodeErr
			}
			if err := prog.PresettleFast(l, &fc, &out); err != nil {
				return Split{}, err
			}
			return Split{Deductible: Fen(out.ActPayDedc), Ratio: out.PoolPropSelfpay, Fund: Fen(out.HifpPay),
				Account: Fen(out.AcctPay), Cash: Fen(out.PsnCashPay)}, nil
		}
	}}, nil
}
