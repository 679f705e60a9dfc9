package interp_test

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// TestReversalOfAnotherMember checks that a reversal of another member's
// settlement is refused for that, on psn_no, whatever has become of the
// settlement: once it was reversed by its own member, the refusal used to
// name the reversal (on reverses), telling one member's HIS of another's.
func TestReversalOfAnotherMember(t *testing.T) {
	prog := accountProgram(t, nil)
	type refusal struct{ Field, Msg string }
	want := refusal{"psn_no", "settlement A1 belongs to member P1, not P3"}
	forEachStore(t, func(t *testing.T, st interp.Store) {
		stranger := accountClaim(t, "X1", "P3", "住院", "2025-03-03", "2000.00", `,"reverses":"A1"`)
		var got []refusal
		for _, c := range []*claim.Claim{
			accountClaim(t, "A1", "P1", "住院", "2025-03-01", "2000.00"),
			stranger, // A1 stands
			accountClaim(t, "R1", "P1", "住院", "2025-03-02", "2000.00", `,"reverses":"A1"`),
			stranger, // A1 reversed
		} {
			_, err := prog.SettleIn(st, c, interp.Options{})
			if c.SetlID != "X1" {
				if err != nil {
					t.Fatalf("%s: %v", c.SetlID, err)
				}
				continue
			}
			var ce *claim.Error
			if !errors.As(err, &ce) {
				t.Fatalf("X1: got %v; want a claim error", err)
			}
			got = append(got, refusal{ce.Field, ce.Msg})
		}
		if diff := cmp.Diff([]refusal{want, want}, got); diff != "" {
			t.Errorf("X1's refusals (-want +got):\n%s", diff)
		}
	})
}
