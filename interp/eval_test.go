package interp_test

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// TestMissingField: a rule that reads age or dise_code fails on a claim
// without it, naming the field, rather than reading it as 0 or "" and
// choosing silently (settlement-io.md asks for dise_code "when a rule
// needs it"). A claim that sends it settles; so does one without it when
// no rule it reaches reads it.
func TestMissingField(t *testing.T) {
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
benefit 慢病 {
    covers 门诊慢特病
    ratio  if dise_code in ["E11", "I10"] then 90% else 50%
}
`), "p.mpl")
	if err != nil {
		t.Fatal(err)
	}
	type outcome struct{ HifpPay, Field, Msg string }
	for _, tc := range []struct {
		name, medType, fields string
		want                  outcome
	}{
		{"age given", "21", `"age":65,`, outcome{HifpPay: "90.00"}},
		{"no age", "21", ``, outcome{Field: "age", Msg: "the claim has no age, which this rule reads (rule 老年住院 at p.mpl:6:1)"}},
		{"dise_code listed", "14", `"dise_code":"E11",`, outcome{HifpPay: "90.00"}},
		{"dise_code not listed", "14", `"dise_code":"J45",`, outcome{HifpPay: "50.00"}},
		{"no dise_code", "14", ``, outcome{Field: "dise_code", Msg: "ratio: the claim has no dise_code, which this rule reads (rule 慢病 at p.mpl:17:12)"}},
		{"empty dise_code", "14", `"dise_code":"",`, outcome{Field: "dise_code", Msg: "ratio: the claim has no dise_code, which this rule reads (rule 慢病 at p.mpl:17:12)"}},
		{"no dise_code, no rule reads it", "21", `"age":30,`, outcome{HifpPay: "80.00"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := claim.NewReader(strings.NewReader(`{"setl_id":"1","psn_no":"P","insutype":"310","psn_type":"1101","med_type":"`+tc.medType+`","medins_lv":"3","setl_time":"2025-03-10",`+
				tc.fields+`"medfee_sumamt":"100.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"100.00"}`), claim.JSONL).Next()
			if err != nil {
				t.Fatal(err)
			}
			var got outcome
			s, err := prog.Settle(interp.NewMemoryLedger(), c, interp.Options{})
			var ce *claim.Error
			switch {
			case err == nil:
				got.HifpPay = s.Setlinfo.HifpPay.StringFixed(2)
			case errors.As(err, &ce):
				got.Field, got.Msg = ce.Field, ce.Msg
			default:
				t.Fatalf("got %v, want a settlement or a claim error", err)
			}
			if diff := cmp.Diff(tc.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// TestBelowZero: a deductible or cap that works out below zero for a
// claim (¥500 - inscp_scp_amt on ¥1000) is an error row naming the rule
// and the field, on either path and for every kind of each. A yearly
// deductible or cap was taken as zero without a word, a per-admission
// deductible or a per-visit cap broke an invariant (a negative figure)
// with no rule named, and a fund's cap paid nothing.
func TestBelowZero(t *testing.T) {
	const head = "policy \"t\" {\n insutype 310\n effective 2025-01-01 to 2025-12-31\n source \"t\" year 2025\n}\n"
	const line = `{"setl_id":"N1","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"1000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"1000.00"}` + "\n"
	for _, tc := range []struct{ name, src, want string }{
		{"yearly deductible", "benefit 住院 {\n covers 普通住院\n deductible ¥500 - inscp_scp_amt per year\n ratio 85%\n}\n",
			"deductible works out at -500.00 for this claim, below zero (rule 住院 at p.mpl:8:2)"},
		{"deductible per admission", "benefit 住院 {\n covers 普通住院\n deductible ¥500 - inscp_scp_amt per admission\n ratio 85%\n}\n",
			"deductible works out at -500.00 for this claim, below zero (rule 住院 at p.mpl:8:2)"},
		{"deductible schedule", "benefit 住院 {\n covers 普通住院\n deductible ¥500 per admission schedule [¥500 - inscp_scp_amt]\n ratio 85%\n}\n",
			"deductible schedule works out at -500.00 for this claim, below zero (rule 住院 at p.mpl:8:2)"},
		{"cap per visit", "benefit 住院 {\n covers 普通住院\n ratio 85%\n cap ¥500 - inscp_scp_amt per visit\n}\n",
			"cap works out at -500.00 for this claim, below zero (rule 住院 at p.mpl:9:2)"},
		{"yearly cap", "benefit 住院 {\n covers 普通住院\n ratio 85%\n cap ¥500 - inscp_scp_amt per year\n}\n",
			"cap works out at -500.00 for this claim, below zero (rule 住院 at p.mpl:9:2)"},
		{"a fund's cap", "benefit 住院 {\n covers 普通住院\n ratio 50%\n}\nfund F {\n code 610100\n ratio 50%\n cap ¥500 - inscp_scp_amt per visit\n}\n",
			"cap works out at -500.00 for this claim, below zero (rule F at p.mpl:13:2)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			prog, _, err := interp.LoadFS(mapFS("p.mpl", head+tc.src), "p.mpl")
			if err != nil {
				t.Fatal(err)
			}
			want := `{"setl_id":"N1","line":1,"error":{"field":"inscp_scp_amt","message":"` + tc.want + `","code":"mpl_settlement_error"}}` + "\n"
			for _, st := range []interp.Store{interp.NewMemoryLedger(), prog.NewWhatIfLedger()} {
				var out bytes.Buffer
				if _, err := prog.RunBatch(context.Background(), st, claim.NewReader(strings.NewReader(line), claim.JSONL), claim.NewWriter(&out, claim.JSONL), interp.BatchOptions{}); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(want, out.String()); diff != "" {
					t.Errorf("%T (-want +got):\n%s", st, diff)
				}
			}
		})
	}
}
