package claim

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestNearField(t *testing.T) {
	tests := []struct {
		key  string
		want string // "" for none
	}{
		{"reverse", "reverses"},             // a letter dropped
		{"acct_used_flg", "acct_used_flag"}, // …
		{"setl_idd", "setl_id"},             // a letter added
		{"dise_codg", "dise_code"},          // a letter changed (the platform's own spelling)
		{"med_tpye", "med_type"},            // two swapped
		{"Reverses", "reverses"},            // case
		{"AGE", "age"},
		{"medinslv", "medins_lv"},
		{"agee", ""}, // names under five letters match only but for case
		{"mulaid_psn", ""},
		{"psn_name", ""},
		{"his_extra", ""},
		{"fixmedins_name", ""},
		{"", ""},
	}
	for _, tt := range tests {
		got := ""
		if f := nearField(tt.key); f >= 0 {
			got = claimFieldNames[f]
		}
		if got != tt.want {
			t.Errorf("nearField(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
}

// oneEditApart agrees with the edit distance worked out the long way, on
// every pair of short strings over a small alphabet.
func TestOneEditApart(t *testing.T) {
	var words []string
	var grow func(prefix string)
	grow = func(prefix string) {
		words = append(words, prefix)
		if len(prefix) < 4 {
			for _, c := range "ab_" {
				grow(prefix + string(c))
			}
		}
	}
	grow("")
	for _, a := range words {
		for _, b := range words {
			if a == b {
				continue
			}
			if got, want := oneEditApart(a, b), osaDistance(a, b) == 1; got != want {
				t.Fatalf("oneEditApart(%q, %q) = %v, want %v", a, b, got, want)
			}
		}
	}
}

// osaDistance is the optimal string alignment distance: insertions,
// deletions, changes and swaps of neighbours.
func osaDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}

// A claim with a key that looks like an optional contract field it does
// not give (absent, null or ""), holding a value that field would take, is
// an error naming the key, in JSON Lines, on the fast path's reader and in
// CSV alike; where the field is given, or the key holds what the field
// would not take, the key is one more of the HIS's. A misspelt required
// field is named in the "is required" error.
func TestMisspeltFields(t *testing.T) {
	fees := with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil,
		"fee_details", `[{"item_code":"A1","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`, "INSCP_SCP_AMT", `"84.50"`)
	feeClaim := claimResult(func(v *claimView) {
		v.FulamtOwnpayAmt, v.OverlmtSelfpay, v.PreselfpayAmt, v.Inscp = "0.00", "0.00", "0.00", "0.00"
		v.FeeDetails = []detailView{{ItemCode: "A1", ChrgItemLv: "甲", SumAmt: "100.00", SelfpayProp: "0"}}
	})
	tests := []struct {
		name string
		in   string
		want []result
	}{
		{"a reversal under reverse", with("reverse", `"S0"`),
			[]result{{Err: &errorView{SetlID: "S1", Line: 1, Field: "reverse", Code: CodeClaim}}}},
		{"the account flag misspelt", with("acct_used_flg", `0`),
			[]result{{Err: &errorView{SetlID: "S1", Line: 1, Field: "acct_used_flg", Code: CodeClaim}}}},
		{"the field null beside it", with("reverses", `null`, "reverse", `"S0"`),
			[]result{{Err: &errorView{SetlID: "S1", Line: 1, Field: "reverse", Code: CodeClaim}}}},
		{"the field empty beside it", with("reverses", `""`, "Reverses", `"S0"`),
			[]result{{Err: &errorView{SetlID: "S1", Line: 1, Field: "Reverses", Code: CodeClaim}}}},
		{"the field given as well", with("reverses", `"S0"`, "reverse", `"S0"`),
			[]result{claimResult(func(v *claimView) { v.Reverses = "S0" })}},
		{"a HIS flag the field would not take", with("reversed", `false`), []result{claimResult(nil)}},
		{"a HIS key holding nothing", with("reverse", `null`, "mdtrt_are", `""`), []result{claimResult(nil)}},
		{"a key like a required field, which fee lines stand for", fees, []result{feeClaim}},
		{"setl_id misspelt", strings.Replace(baseClaim, `"setl_id"`, `"setl_idd"`, 1),
			[]result{{Err: &errorView{Line: 1, Field: "setl_id", Code: CodeClaim}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, NewReader(strings.NewReader(tt.in), JSONL), false)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
			var f Flat
			if p := NewLineParser(); p.Flat(tt.in, 1, &f) != (tt.want[0].Err == nil) {
				t.Errorf("Flat takes the line: %v; want %v", !(tt.want[0].Err == nil), tt.want[0].Err == nil)
			}
		})
	}
	for in, want := range map[string]string{
		with("reverse", `"S0"`):                               `claim S1 (line 1): reverse: is not a field of the contract, and reverses is not given: did you mean reverses? (a field under another name is ignored, and the claim would settle without it)`,
		strings.Replace(baseClaim, `"psn_no"`, `"PSN_NO"`, 1): `claim S1 (line 1): psn_no: is required (the claim gives "PSN_NO": a misspelling of psn_no?)`,
	} {
		if _, err := NewReader(strings.NewReader(in), JSONL).Next(); err == nil || err.Error() != want {
			t.Errorf("reading %s\ngot  %v\nwant %s", in, err, want)
		}
	}

	// A fee line's lmt_price, cnt or pric misspelt: the line would go
	// without its price limit, or have it for the whole line.
	feeWith := func(extra string) string {
		return with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil,
			"fee_details", `[{"item_code":"A1","chrg_item_lv":"乙","det_item_fee_sumamt":"100","selfpay_prop":"0"`+extra+`}]`)
	}
	for _, tt := range []struct {
		extra, field string // "" field: the line reads
	}{
		{`,"lmt_prce":"10.00"`, "fee_details[0].lmt_price"},
		{`,"Cnt":2,"lmt_price":"10.00"`, "fee_details[0].cnt"},
		{`,"PRIC":"50","lmt_price":"10.00"`, "fee_details[0].pric"},
		{`,"Pric":"cheap","lmt_price":"10.00"`, ""},
		{`,"LMT_PRICE":null`, ""},
		{`,"lmt_price":"10.00","lmt_prce":"10.00"`, ""},
		{`,"lmt_prices":"cheap"`, ""},
	} {
		in := feeWith(tt.extra)
		got := readAll(t, NewReader(strings.NewReader(in), JSONL), false)
		if (got[0].Err == nil) != (tt.field == "") || got[0].Err != nil && got[0].Err.Field != tt.field {
			t.Errorf("fee line with %s: got %+v, want an error on %q", tt.extra, got[0], tt.field)
		}
		var f Flat
		if NewLineParser().Flat(in, 1, &f) && tt.field != "" {
			t.Errorf("fee line with %s: Flat takes a line the Reader refuses", tt.extra)
		}
	}
	// A fee line's required field misspelt: its "is required" names the key.
	in := strings.Replace(feeWith(""), `"selfpay_prop"`, `"selfpay_prp"`, 1)
	want := `claim S1 (line 1): fee_details[0].selfpay_prop: is required (the line gives "selfpay_prp": a misspelling of selfpay_prop?)`
	if _, err := NewReader(strings.NewReader(in), JSONL).Next(); err == nil || err.Error() != want {
		t.Errorf("reading %s\ngot  %v\nwant %s", in, err, want)
	}

	// In CSV, a column named like a field no column is: an error where its
	// cell holds a value, nothing where it is empty.
	in = strings.Replace(csvHeader, "preselfpay_amt", "preselfpay_amt,Acct_Used_Flag", 1) + "\n" +
		"S1,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,0,84.50\n" +
		"S2,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,,84.50\n"
	got := readAll(t, NewReader(strings.NewReader(in), CSV), false)
	wantRows := []result{
		{Err: &errorView{SetlID: "S1", Line: 2, Field: "Acct_Used_Flag", Code: CodeClaim}},
		claimResult(func(v *claimView) { v.Line, v.SetlID = 3, "S2" }),
	}
	if diff := cmp.Diff(wantRows, got); diff != "" {
		t.Errorf("CSV (-want +got):\n%s", diff)
	}
}
