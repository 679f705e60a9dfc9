package cases

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/policies"
)

// TestRunCasesCatchesDifferences proves the runner fails a case whose want is
// wrong, and an error case that settles, so a policy test can fail.
func TestRunCasesCatchesDifferences(t *testing.T) {
	prog, _, err := interp.LoadFS(policies.FS, "cn/nanjing/employee-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	claimJSON := `{"setl_id":"c1","psn_no":"E1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"10000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"10000.00"}`
	// The third case wants amounts written without their fen, which are
	// the same amounts; the file starts with a byte order mark.
	text := "\ufeff" + `{"claim": ` + claimJSON + `, "want": {"hifp_pay": "7225.01", "act_pay_dedc": "1500.00"}}
{"claim": ` + strings.Replace(claimJSON, `"c1"`, `"c2"`, 1) + `, "want_error": {"field": "psn_type"}}
{"claim": ` + strings.Replace(claimJSON, `"c1"`, `"c3"`, 1) + `, "want": {"hifp_pay": "8500", "act_pay_dedc": "0.0"}}
`
	cases, err := ReadCases(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	fails, err := RunCases(prog, cases)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fails {
		got = append(got, f.Field+": "+f.Want+" / "+f.Got)
	}
	want := []string{"hifp_pay: 7225.01 / 7225.00", "error: an error on psn_type / a settlement"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
}

func TestReadCasesRejects(t *testing.T) {
	for _, text := range []string{
		`{"claim": {}}`, // neither want nor want_error
		`{"claim": {}, "want": {}, "want_error": {}}`, // both
		`{"note": "x"}`,                        // no claim, no balances
		`{"claim": {}, "want": {}, "wnat": 1}`, // misspelt key
		`{"claim": {}, "want": {}}`,            // wants nothing: would check nothing
		`{"claim": {}, "want": {"hifp_pay": "a lot"}}`,
	} {
		if _, err := ReadCases(strings.NewReader(text)); err == nil {
			t.Errorf("ReadCases(%s) accepted it", text)
		}
	}
}
