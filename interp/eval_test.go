package interp_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// TestMissingAge: a rule that reads age fails on a claim without one,
// naming the field, rather than reading it as 0 and choosing silently.
func TestMissingAge(t *testing.T) {
	prog, _, err := interp.LoadFS(mapFS("p.mpl", `
policy "p" {
    insutype 310
    source   "s"
}
benefit 老年住院 {
    covers 普通住院
    when   age >= 60
    ratio  90%
}
benefit 住院 {
    covers 普通住院
    ratio  80%
}
`), "p.mpl")
	if err != nil {
		t.Fatal(err)
	}
	settle := func(age string) (*claim.Settlement, error) {
		c, err := claim.NewReader(strings.NewReader(`{"setl_id":"1","psn_no":"P","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10",`+
			age+`"medfee_sumamt":"100.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"100.00"}`), claim.JSONL).Next()
		if err != nil {
			t.Fatal(err)
		}
		return prog.Settle(interp.NewMemoryLedger(), c, interp.Options{})
	}
	s, err := settle(`"age":65,`)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Setlinfo.HifpPay.StringFixed(2); got != "90.00" {
		t.Errorf("age 65: hifp_pay %s, want 90.00", got)
	}
	_, err = settle(``)
	var ce *claim.Error
	if !errors.As(err, &ce) {
		t.Fatalf("no age: got %v, want a claim error", err)
	}
	if diff := cmp.Diff([]string{"age", "the claim has no age, which this rule reads (rule 老年住院 at p.mpl:6:1)"},
		[]string{ce.Field, ce.Msg}); diff != "" {
		t.Errorf("no age (-want +got):\n%s", diff)
	}
}
