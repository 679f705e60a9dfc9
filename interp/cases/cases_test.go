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
	claimJSON := `{"setl_id":"c1","psn_no":"E1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"10000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"10000.00"}`
	// The third case wants amounts written without their fen, which are
	// the same amounts; the file starts with a byte order mark.
	text := "\ufeff" + `{"claim": ` + claimJSON + `, "want": {"hifp_pay": "7225.01", "act_pay_dedc": "1500.00"}}
{"claim": ` + strings.Replace(claimJSON, `"c1"`, `"c2"`, 1) + `, "want_error": {"field": "psn_type"}}
{"claim": ` + strings.Replace(claimJSON, `"c1"`, `"c3"`, 1) + `, "want": {"hifp_pay": "8500", "act_pay_dedc": "0.0"}}
`
	fails := runNanjingCases(t, text)
	var got []string
	for _, f := range fails {
		got = append(got, f.Field+": "+f.Want+" / "+f.Got)
	}
	want := []string{"hifp_pay: 7225.01 / 7225.00", "error: an error on psn_type / a settlement"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("failures (-want +got):\n%s", diff)
	}
}

// TestRunCasesRefusedClaim: a case whose claim the reader refuses (its
// amounts do not add up) fails on the case's own line of the test file,
// with the claim's setl_id. (It was named by an empty setl_id, its message
// saying line 1: the line of the reader's own one-line input.)
func TestRunCasesRefusedClaim(t *testing.T) {
	text := `# a comment, so that the case is on line 2
{"claim": {"setl_id":"r1","psn_no":"E1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"1.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"400.00"}, "want": {"hifp_pay": "0"}}
`
	fails := runNanjingCases(t, text)
	if len(fails) != 1 {
		t.Fatalf("failures %v, want one", fails)
	}
	f := fails[0]
	if diff := cmp.Diff([]any{2, "r1", "settlement"}, []any{f.Line, f.SetlID, f.Field}); diff != "" {
		t.Errorf("line, setl_id and field (-want +got):\n%s", diff)
	}
	if !strings.Contains(f.Got, "claim r1 (line 2): medfee_sumamt") {
		t.Errorf("got %q, want it to name claim r1 on line 2 and medfee_sumamt", f.Got)
	}
}

// TestReadCasesRejects: a test file's mistakes are refused with the line
// and what is wrong in a test file's words, rather than a case that
// passes or fails for the mistake's sake (a misspelt want field failed
// as "no such setlinfo field"; an empty want_error took any error row).
func TestReadCasesRejects(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{`{"claim": {}}`, "line 1: a claim needs want or want_error (one of them)"},
		{`{"claim": {}, "want": {}, "want_error": {}}`, "line 1: a claim needs want or want_error (one of them)"},
		{`{"note": "x"}`, "line 1: a case has a claim or balances"},
		{`{"claim": {}, "want": {}, "wnat": 1}`, `line 1: "wnat" is no key of a case: a case has claim, want or want_error, balances and note`},
		{`{"claim": {}, "want": {}}`, `line 1: want names no field, so the case would check nothing: list the setlinfo fields it is about ("hifp_pay": "6375.00")`},
		{`{"claim": {}, "want": {"hifp_pay": "a lot"}}`, `line 1: want hifp_pay: "a lot" is not an amount: write money as a string with two places, "6375.00"`},
		{`{"claim": {}, "want": {"hifp_payy": "7225.00"}}`, `line 1: want names "hifp_payy", which is no setlinfo field (did you mean "hifp_pay"?)`},
		{`{"claim": {}, "want_error": {}}`, `line 1: want_error names no field and no message, so the case would take any error row: give the field and a part of the message it is about ({"field": "psn_type", "message": "unknown person type"})`},
		{"# a comment\n" + `{"claim": {"setl_id": "k1"}, "want": {"hifp_pay": "1.00"}`, "line 2: the line ends before its JSON object does (a brace or quote missing?)"},
		{`{"claim": {}, "want": {"hifp_pay": "1.00"}, "note": 3}`, "line 1: note is number, where a case has string"},
		{`{"claim": {}, "want": {"hifp_pay": "1.00"}, "note": "a" "b"}`, `line 1: not JSON at character 57: '"' after object key:value pair`},
		{`{"claim": {}, "want": {"hifp_pay": "1.00"}} x`, `line 1: the line goes on after its JSON object: "x" (one case a line)`},
	} {
		_, err := ReadCases(strings.NewReader(tc.text))
		got := "accepted"
		if err != nil {
			got = err.Error()
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ReadCases(%s) (-want +got):\n%s", tc.text, diff)
		}
	}
}

// A want written as the settlement does not write it is named with its
// case and field and the string to write: a JSON number, and a ratio
// written as a percentage, which is told the ratio format, not money's.
func TestReadCasesWantFormat(t *testing.T) {
	claim := `"claim": {"setl_id": "c1"}`
	tests := []struct {
		want string
		msg  string
	}{
		{`{"hifp_pay": 7650.0}`, `line 1: case c1: want hifp_pay: 7650.0 is a number; write an amount as a string with two places, as the settlement does: "7650.00"`},
		{`{"pool_prop_selfpay": 0.85}`, `line 1: case c1: want pool_prop_selfpay: 0.85 is a number; write a ratio as a string with four places, as the settlement does: "0.8500"`},
		// 85 meant 85%, not 8500%; a figure is not rounded into another.
		{`{"pool_prop_selfpay": 85}`, `line 1: case c1: want pool_prop_selfpay: 85 is a number; write a ratio as a string with four places, as the settlement does: "0.8500"`},
		{`{"hifp_pay": 7650.005}`, `line 1: case c1: want hifp_pay: 7650.005 is a number; write an amount as a string with two places, as the settlement does ("7650.00"); 7650.005 is not a whole number of fen`},
		{`{"pool_prop_selfpay": "85%"}`, `line 1: case c1: want pool_prop_selfpay: "85%" is not a ratio: write it as a decimal string with four places, "0.8500"`},
		{`{"hifp_pay": "6375元"}`, `line 1: case c1: want hifp_pay: "6375元" is not an amount: write money as a string with two places, "6375.00"`},
	}
	for _, tt := range tests {
		_, err := ReadCases(strings.NewReader(`{` + claim + `, "want": ` + tt.want + `}`))
		got := "accepted"
		if err != nil {
			got = err.Error()
		}
		if diff := cmp.Diff(tt.msg, got); diff != "" {
			t.Errorf("want %s (-want +got):\n%s", tt.want, diff)
		}
	}
}

// runNanjingCases reads a test file's text and runs its cases under the
// 南京 employee policy, failing the test if either cannot be done.
func runNanjingCases(t *testing.T, text string) []Failure {
	t.Helper()
	prog, _, err := interp.LoadFS(policies.FS, "cn/nanjing/employee-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	cases, err := ReadCases(strings.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	fails, err := RunCases(prog, cases)
	if err != nil {
		t.Fatal(err)
	}
	return fails
}
