package lang

import "testing"

// TestRoundingString checks that each rounding's name is the one a policy
// writes for it, so that a trace naming it can be read back.
func TestRoundingString(t *testing.T) {
	for name, r := range roundingNames {
		if got := r.String(); got != name {
			t.Errorf("Rounding(%d).String() = %q, want %q", r, got, name)
		}
	}
}
