package interp_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// TestUnknownPersonTypeHint checks what an unknown psn_type's error row
// adds to "unknown person type …": a national code or label the policy does
// not cover is named for what it is, never "did you mean" a code one digit
// away (1300 离休 settled as 1101 在职 would be another person's money); a
// misspelt label still gets the label it was meant to be.
func TestUnknownPersonTypeHint(t *testing.T) {
	prog := loadNanjing(t)
	const prefix = "unknown person type %q in policy 南京市职工基本医疗保险（2025）"
	tests := []struct {
		psnType string
		want    string // what follows the prefix
	}{
		{"1300", ": the national 人员类别 离休 (1300) is not one the policy covers"},
		{"离休", ": the national 人员类别 离休 (1300) is not one the policy covers"},
		{"1401", ": the national 人员类别 新生儿 (1401) is not one the policy covers"},
		{"1109", ": 1109 is no national 人员类别 code either"},
		{"在 职", ` (did you mean "在职"?)`},
		{"在只", ` (did you mean "在职"?)`},
	}
	for _, tt := range tests {
		line := strings.Replace(nanjingInpatient, `"psn_type":"1101"`, `"psn_type":"`+tt.psnType+`"`, 1)
		c := readClaim(t, line)
		_, err := prog.Settle(interp.NewMemoryLedger(), c, interp.Options{})
		var ce *claim.Error
		if !errors.As(err, &ce) {
			t.Fatalf("%s: got %v, want a claim error", tt.psnType, err)
		}
		want := claim.Error{SetlID: "B1", Field: "psn_type", Code: claim.CodeClaim, Msg: fmt.Sprintf(prefix, tt.psnType) + tt.want}
		got := *ce
		got.Line = 0
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("psn_type %q (-want +got):\n%s", tt.psnType, diff)
		}
	}
}
