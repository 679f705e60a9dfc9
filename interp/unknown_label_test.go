package interp_test

import (
	"errors"
	"fmt"
	"os"
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

// TestUnknownLevelWithoutCode checks the error of a national provider
// level without a code (药店) that a policy does not take: named for what
// it is, without the empty brackets a code would go in.
func TestUnknownLevelWithoutCode(t *testing.T) {
	prog, _, err := interp.LoadFS(os.DirFS("../docs/tutorial"), "shili.mpl")
	if err != nil {
		t.Fatal(err)
	}
	c := readClaim(t, `{"setl_id":"a1","psn_no":"A1","insutype":"390","psn_type":"1501","med_type":"21","medins_lv":"药店","setl_time":"2025-02-10","medfee_sumamt":"100.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"100.00"}`)
	_, err = prog.Settle(interp.NewMemoryLedger(), c, interp.Options{})
	var ce *claim.Error
	if !errors.As(err, &ce) || ce.Field != "medins_lv" || !strings.HasSuffix(ce.Msg, ": the national 医疗机构等级 药店 is not one the policy covers") {
		t.Errorf("got %v; want an error on medins_lv naming the national level 药店, without brackets", err)
	}
}
