package interp_test

import (
	"errors"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp"
)

// brokenLedger is a ledger whose every read and write fails, as a
// database gone away does.
type brokenLedger struct{}

var errGone = errors.New("sql: database is closed")

func (brokenLedger) Entry(string) (*interp.Entry, bool, error)     { return nil, false, errGone }
func (brokenLedger) Reversed(string) (string, bool, error)         { return "", false, errGone }
func (brokenLedger) Year(string, int) (interp.Accumulators, error) { return nil, errGone }
func (brokenLedger) Account(string) (interp.Account, error)        { return interp.Account{}, errGone }
func (brokenLedger) Commit(*interp.Entry) error                    { return errGone }
func (b brokenLedger) withdraw(reason string) error {
	_, err := interp.Withdraw(b, "P1", reason, day0())
	return err
}
func day0() time.Time { return time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC) }
func (b brokenLedger) link(owner, relative, relation string) error {
	return interp.Link(b, owner, relative, relation)
}
func (b brokenLedger) lapse() error { return interp.Lapse(b, "P1", day0()) }
func (b brokenLedger) credit(prog *interp.Program, psnType string) error {
	_, err := prog.Credit(b, interp.Contribution{PsnNo: "P1", Month: day0(), PsnType: psnType, Age: 40,
		Base: decimal.RequireFromString("8000.00"), Own: decimal.RequireFromString("160.00")})
	return err
}

// TestAccountOperationErrors: an account operation's error tells the
// caller's fault (*InputError: a reason, relation or person type it does
// not take) from the ledger's failure (*StoreError, wrapping what failed),
// as Settle's do (*claim.Error, *StoreError); both were untyped.
func TestAccountOperationErrors(t *testing.T) {
	prog := accountProgram(t, nil)
	mem := interp.NewMemoryLedger()
	closed := interp.NewMemoryLedger()
	if _, err := interp.Withdraw(closed, "P1", "死亡", day0()); err != nil {
		t.Fatal(err)
	}
	var broken brokenLedger
	for _, tc := range []struct {
		name  string
		call  func() error
		input bool // else a failure of the ledger
	}{
		{"Withdraw for a reason it does not take", func() error { _, err := interp.Withdraw(mem, "P1", "退休", day0()); return err }, true},
		{"Withdraw from a closed account", func() error { _, err := interp.Withdraw(closed, "P1", "出国定居", day0()); return err }, true},
		{"Link to itself", func() error { return interp.Link(mem, "P1", "P1", "配偶") }, true},
		{"Link of an unknown relation", func() error { return interp.Link(mem, "P1", "P2", "朋友") }, true},
		{"Credit of an unknown person type", func() error { return broken.credit(prog, "9999") }, true},
		{"Credit to a closed account", func() error {
			_, err := prog.Credit(closed, interp.Contribution{PsnNo: "P1", Month: day0(), PsnType: "1101", Age: 40,
				Base: decimal.RequireFromString("8000.00"), Own: decimal.RequireFromString("160.00")})
			return err
		}, true},
		{"Backpay with no gap", func() error { return prog.Backpay(mem, "P1", day0()) }, true},

		{"Withdraw, the ledger failing", func() error { return broken.withdraw("死亡") }, false},
		{"Link, the ledger failing", func() error { return broken.link("P1", "P2", "配偶") }, false},
		{"Credit, the ledger failing", func() error { return broken.credit(prog, "1101") }, false},
		{"Lapse, the ledger failing", broken.lapse, false},
		{"Rollover, the ledger failing", func() error { _, err := prog.Rollover(broken, "P1", 2025); return err }, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			var input *interp.InputError
			var failed *interp.StoreError
			switch {
			case tc.input && !errors.As(err, &input):
				t.Errorf("err = %T %v, want an *InputError", err, err)
			case tc.input && input.PsnNo != "P1":
				t.Errorf("InputError.PsnNo = %q, want P1", input.PsnNo)
			case !tc.input && (!errors.As(err, &failed) || !errors.Is(err, errGone)):
				t.Errorf("err = %T %v, want a *StoreError wrapping the ledger's error", err, err)
			case !tc.input && err.Error() != errGone.Error():
				t.Errorf("err = %q, want the ledger's own words, %q", err, errGone)
			}
		})
	}
}
