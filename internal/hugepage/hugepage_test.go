package hugepage

import (
	"testing"
)

// GODEBUG's disablethp is read as the Go runtime reads it: any number but
// zero turns huge pages off, the last setting that is a number winning, a
// key spelled otherwise (with a space) ignored.
func TestDisabled(t *testing.T) {
	for _, tc := range []struct {
		godebug string
		want    bool
	}{
		{"", false},
		{"disablethp=1", true},
		{"gctrace=1,disablethp=1", true},
		{"disablethp=0", false},
		{"disablethp=1,disablethp=0", false},
		{"disablethp=0, disablethp=1", false},
		{"disablethp=2", true},
		{"disablethp=1,disablethp=x", true},
		{"xdisablethp=1", false},
	} {
		t.Setenv("GODEBUG", tc.godebug)
		if got := disabled(); got != tc.want {
			t.Errorf("GODEBUG=%q: disabled() = %v, want %v", tc.godebug, got, tc.want)
		}
	}
}
