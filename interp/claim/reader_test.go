package claim

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// claimView is a Claim with money as decimal strings, for cmp.Diff.
type claimView struct {
	Line                                                                int
	SetlID, PsnNo, Insutype, PsnType, MedType, MedinsLv                 string
	SetlTime                                                            string
	MedfeeSumamt, FulamtOwnpayAmt, OverlmtSelfpay, PreselfpayAmt, Inscp string
	FeeDetails                                                          []detailView
	Age                                                                 int
	HasAge, CvlservFlag, AcctUsedFlag                                   bool
	MdtrtArea, RemoteFiling, MulaidPsnNo, DiseCode, Reverses            string
	PsnInsuStas                                                         string
}

type detailView struct {
	ItemCode, ChrgItemLv, SumAmt, SelfpayProp, LmtPrice string
	HasLmtPrice                                         bool
	Cnt                                                 string
	HasCnt                                              bool
	Pric                                                string
	HasPric                                             bool
}

// errorView is the part of an Error that tests assert: codes and fields, and
// the message only where a test gives one.
type errorView struct {
	SetlID string
	Line   int
	Field  string
	Code   string
	Msg    string
}

// result is one record read: a claim or an error.
type result struct {
	Claim *claimView
	Err   *errorView
}

func viewClaim(c *Claim) *claimView {
	v := &claimView{
		Line: c.Line, SetlID: c.SetlID, PsnNo: c.PsnNo, Insutype: c.Insutype, PsnType: c.PsnType,
		MedType: c.MedType, MedinsLv: c.MedinsLv, SetlTime: c.SetlTime.Format(time.DateTime),
		MedfeeSumamt: c.MedfeeSumamt.StringFixed(2), FulamtOwnpayAmt: c.FulamtOwnpayAmt.StringFixed(2),
		OverlmtSelfpay: c.OverlmtSelfpay.StringFixed(2), PreselfpayAmt: c.PreselfpayAmt.StringFixed(2),
		Inscp: c.InscpScpAmt.StringFixed(2), Age: c.Age, HasAge: c.HasAge, CvlservFlag: c.CvlservFlag,
		AcctUsedFlag: !c.AcctNotUsed, MdtrtArea: c.MdtrtArea, RemoteFiling: c.RemoteFiling,
		MulaidPsnNo: c.MulaidPsnNo, DiseCode: c.DiseCode, Reverses: c.Reverses, PsnInsuStas: c.PsnInsuStas,
	}
	if c.SetlTime.Location() != time.UTC {
		v.SetlTime += " (not UTC)"
	}
	for _, d := range c.FeeDetails {
		dv := detailView{
			ItemCode: d.ItemCode, ChrgItemLv: d.ChrgItemLv, SumAmt: d.SumAmt.StringFixed(2),
			SelfpayProp: d.SelfpayProp.String(), HasLmtPrice: d.HasLmtPrice, HasCnt: d.HasCnt,
		}
		if d.HasLmtPrice {
			dv.LmtPrice = d.LmtPrice.StringFixed(2)
		}
		if d.HasCnt {
			dv.Cnt = d.Cnt.String()
		}
		if dv.HasPric = d.HasPric; d.HasPric {
			dv.Pric = d.Pric.String()
		}
		v.FeeDetails = append(v.FeeDetails, dv)
	}
	return v
}

// readAll reads every record of in; keepMsg keeps error messages in the view.
func readAll(t *testing.T, r *Reader, keepMsg bool) []result {
	t.Helper()
	var out []result
	for i := 0; ; i++ {
		if i > 1000 {
			t.Fatal("reader does not stop")
		}
		c, err := r.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("Next: %v is not a *Error", err)
			}
			ev := &errorView{SetlID: e.SetlID, Line: e.Line, Field: e.Field, Code: e.Code}
			if keepMsg {
				ev.Msg = e.Msg
			}
			out = append(out, result{Err: ev})
			continue
		}
		out = append(out, result{Claim: viewClaim(c)})
	}
}

// baseClaim is a valid claim whose fields the tests override.
const baseClaim = `{"setl_id":"S1","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"11",` +
	`"medins_lv":"3","setl_time":"2024-03-05","medfee_sumamt":"100.00","fulamt_ownpay_amt":"10.00",` +
	`"overlmt_selfpay":"0","preselfpay_amt":"5.5","inscp_scp_amt":"84.50"}`

// baseView is what baseClaim reads as on line 1.
func baseView() *claimView {
	return &claimView{
		Line: 1, SetlID: "S1", PsnNo: "P1", Insutype: "310", PsnType: "1101", MedType: "11", MedinsLv: "3",
		SetlTime: "2024-03-05 00:00:00", MedfeeSumamt: "100.00", FulamtOwnpayAmt: "10.00",
		OverlmtSelfpay: "0.00", PreselfpayAmt: "5.50", Inscp: "84.50", AcctUsedFlag: true, MdtrtArea: "本地",
	}
}

// with returns baseClaim with fields replaced by raw JSON values; a nil
// value deletes the field. Fields keep baseClaim's order; new ones go last.
func with(kv ...any) string {
	dec := json.NewDecoder(strings.NewReader(baseClaim))
	dec.UseNumber()
	var keys []string
	m := map[string]json.RawMessage{}
	tok, _ := dec.Token() // {
	_ = tok
	for dec.More() {
		k, _ := dec.Token()
		var raw json.RawMessage
		dec.Decode(&raw)
		keys = append(keys, k.(string))
		m[k.(string)] = raw
	}
	for i := 0; i < len(kv); i += 2 {
		k := kv[i].(string)
		if _, ok := m[k]; !ok {
			keys = append(keys, k)
		}
		if kv[i+1] == nil {
			m[k] = nil
			continue
		}
		m[k] = json.RawMessage(kv[i+1].(string))
	}
	var b strings.Builder
	b.WriteByte('{')
	n := 0
	for _, k := range keys {
		if m[k] == nil {
			continue
		}
		if n > 0 {
			b.WriteByte(',')
		}
		n++
		b.WriteString(`"` + k + `":`)
		b.Write(m[k])
	}
	b.WriteByte('}')
	return b.String()
}

func claimResult(edit func(*claimView)) result {
	v := baseView()
	if edit != nil {
		edit(v)
	}
	return result{Claim: v}
}

func TestReadJSONLClaims(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []result
	}{
		{"strings", baseClaim, []result{claimResult(nil)}},
		{
			"numbers exactly",
			with("medfee_sumamt", `1234.5`, "fulamt_ownpay_amt", `0.1`, "overlmt_selfpay", `0.2`,
				"preselfpay_amt", `1.2342e3`, "inscp_scp_amt", `0`),
			[]result{claimResult(func(v *claimView) {
				v.MedfeeSumamt, v.FulamtOwnpayAmt, v.OverlmtSelfpay, v.PreselfpayAmt, v.Inscp =
					"1234.50", "0.10", "0.20", "1234.20", "0.00"
			})},
		},
		{
			"0.1 + 0.2 is 0.3",
			with("medfee_sumamt", `"0.3"`, "fulamt_ownpay_amt", `0.1`, "overlmt_selfpay", `"0.2"`,
				"preselfpay_amt", `0`, "inscp_scp_amt", `"0.00"`),
			[]result{claimResult(func(v *claimView) {
				v.MedfeeSumamt, v.FulamtOwnpayAmt, v.OverlmtSelfpay, v.PreselfpayAmt, v.Inscp =
					"0.30", "0.10", "0.20", "0.00", "0.00"
			})},
		},
		{
			"trailing zeros beyond two places change nothing",
			with("medfee_sumamt", `"100.000"`, "inscp_scp_amt", `84.5000`),
			[]result{claimResult(nil)},
		},
		{
			"codes as numbers and the optional fields",
			with("setl_id", `20240305001`, "insutype", `310`, "psn_type", `"退休"`, "med_type", `21`,
				"medins_lv", `"基层"`, "setl_time", `"2024-03-05 14:30:00"`, "age", `67`,
				"cvlserv_flag", `true`, "acct_used_flag", `"0"`, "mdtrt_area", `"跨省异地"`,
				"remote_filing", `"长期"`, "mulaid_psn_no", `"P2"`, "dise_code", `"M03900"`, "reverses", `"S0"`,
				"psn_insu_stas", `4`),
			[]result{claimResult(func(v *claimView) {
				v.SetlID, v.PsnType, v.MedType, v.MedinsLv = "20240305001", "退休", "21", "基层"
				v.SetlTime = "2024-03-05 14:30:00"
				v.Age, v.HasAge, v.CvlservFlag, v.AcctUsedFlag = 67, true, true, false
				v.MdtrtArea, v.RemoteFiling, v.MulaidPsnNo, v.DiseCode, v.Reverses = "跨省异地", "长期", "P2", "M03900", "S0"
				v.PsnInsuStas = "4"
			})},
		},
		{
			"psn_insu_stas by its national label is its code",
			with("psn_insu_stas", `" 暂停"`),
			[]result{claimResult(func(v *claimView) { v.PsnInsuStas = "2" })},
		},
		{
			"spaces around mdtrt_area and remote_filing are ignored, as around codes",
			with("mdtrt_area", `" 省内异地\t"`, "remote_filing", `"临时\u3000"`),
			[]result{claimResult(func(v *claimView) { v.MdtrtArea, v.RemoteFiling = "省内异地", "临时" })},
		},
		{
			"spaces around a fee line's chrg_item_lv are ignored",
			with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil,
				"fee_details", `[{"item_code":"A1","chrg_item_lv":" 乙\u3000","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`),
			[]result{claimResult(func(v *claimView) {
				v.FulamtOwnpayAmt, v.OverlmtSelfpay, v.PreselfpayAmt, v.Inscp = "0.00", "0.00", "0.00", "0.00"
				v.FeeDetails = []detailView{{ItemCode: "A1", ChrgItemLv: "乙", SumAmt: "100.00", SelfpayProp: "0"}}
			})},
		},
		{
			"mdtrt_area of spaces alone is not given",
			with("mdtrt_area", `"  "`, "remote_filing", `" "`),
			[]result{claimResult(nil)},
		},
		{
			"flags as numbers, strings and booleans",
			with("cvlserv_flag", `1`, "acct_used_flag", `false`, "age", `"0"`),
			[]result{claimResult(func(v *claimView) { v.CvlservFlag, v.AcctUsedFlag, v.HasAge = true, false, true })},
		},
		{
			"null and empty mean not given",
			with("age", `null`, "dise_code", `""`, "mdtrt_area", `null`, "acct_used_flag", `""`, "reverses", `null`),
			[]result{claimResult(nil)},
		},
		{
			"unknown fields are ignored, whatever they hold",
			with("his_extra", `{"a":[1,{"b":"}]\"{"}],"c":null}`, "Setl_ID", `"X"`, "memo", `"\u4e2d\"文"`),
			[]result{claimResult(nil)},
		},
		{
			"escapes in strings",
			with("psn_no", `"P\u0031\"\\\/\ud83d\ude00"`, "dise_code", `"D\t\ud800"`),
			[]result{claimResult(func(v *claimView) { v.PsnNo, v.DiseCode = "P1\"\\/😀", "D\t\uFFFD" })},
		},
		{
			"fee details",
			with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil,
				"fee_details", `[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"60.5","selfpay_prop":"0","x":1},`+
					`{"item_code":"B2","chrg_item_lv":"乙","det_item_fee_sumamt":30,"selfpay_prop":0.1,"lmt_price":"12.00","cnt":"2.5"},`+
					`{"item_code":3,"chrg_item_lv":3,"det_item_fee_sumamt":"9.50","selfpay_prop":1}]`),
			[]result{claimResult(func(v *claimView) {
				v.FulamtOwnpayAmt, v.OverlmtSelfpay, v.PreselfpayAmt, v.Inscp = "0.00", "0.00", "0.00", "0.00"
				v.FeeDetails = []detailView{
					{ItemCode: "A1", ChrgItemLv: "甲", SumAmt: "60.50", SelfpayProp: "0"},
					{ItemCode: "B2", ChrgItemLv: "乙", SumAmt: "30.00", SelfpayProp: "0.1", LmtPrice: "12.00", HasLmtPrice: true, Cnt: "2.5", HasCnt: true},
					{ItemCode: "3", ChrgItemLv: "丙", SumAmt: "9.50", SelfpayProp: "1"},
				}
			})},
		},
		{
			// The platform's pric_uplmt_amt is a limit per unit: a line
			// that gives pric but not cnt gives its quantity as the
			// total over the price.
			"a unit price without a quantity",
			with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil, "medfee_sumamt", `"1230.00"`,
				"fee_details", `[{"item_code":"B2","chrgitm_lv":"02","det_item_fee_sumamt":"1200.00","selfpay_prop":"0.20","pric_uplmt_amt":"500.00","pric":"600.00"},`+
					`{"item_code":"A1","chrg_item_lv":"甲","det_item_fee_sumamt":"20.00","selfpay_prop":"0","pric":0.0125},`+
					`{"item_code":"A2","chrg_item_lv":"甲","det_item_fee_sumamt":"10.00","selfpay_prop":"0","pric":"3.333333","cnt":3}]`),
			[]result{claimResult(func(v *claimView) {
				v.MedfeeSumamt, v.FulamtOwnpayAmt, v.OverlmtSelfpay, v.PreselfpayAmt, v.Inscp = "1230.00", "0.00", "0.00", "0.00", "0.00"
				v.FeeDetails = []detailView{
					{ItemCode: "B2", ChrgItemLv: "乙", SumAmt: "1200.00", SelfpayProp: "0.2", LmtPrice: "500.00", HasLmtPrice: true,
						Cnt: "2", HasCnt: true, Pric: "600", HasPric: true},
					{ItemCode: "A1", ChrgItemLv: "甲", SumAmt: "20.00", SelfpayProp: "0", Cnt: "1600", HasCnt: true, Pric: "0.0125", HasPric: true},
					{ItemCode: "A2", ChrgItemLv: "甲", SumAmt: "10.00", SelfpayProp: "0", Cnt: "3", HasCnt: true, Pric: "3.333333", HasPric: true},
				}
			})},
		},
		{
			"blank lines, CRLF, a BOM and no final newline",
			utf8BOM + baseClaim + "\r\n\r\n   \n" + with("setl_id", `"S2"`),
			[]result{claimResult(nil), claimResult(func(v *claimView) { v.Line, v.SetlID = 4, "S2" })},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, NewReader(strings.NewReader(tt.in), JSONL), false)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("input %s\n(-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestReadJSONLErrors(t *testing.T) {
	claimErr := func(setlID, field string) errorView {
		return errorView{SetlID: setlID, Line: 1, Field: field, Code: CodeClaim}
	}
	noFour := []any{"fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil}
	details := func(d string) string { return with(append(noFour, "fee_details", d)...) }
	tests := []struct {
		name string
		in   string
		want errorView
	}{
		{"missing setl_id", with("setl_id", nil), claimErr("", "setl_id")},
		{"setl_id not text", with("setl_id", `{"a":1}`), claimErr("", "setl_id")},
		{"missing psn_no", with("psn_no", nil), claimErr("S1", "psn_no")},
		{"empty insutype", with("insutype", `""`), claimErr("S1", "insutype")},
		{"psn_type a boolean", with("psn_type", `true`), claimErr("S1", "psn_type")},
		{"missing medins_lv", with("medins_lv", `null`), claimErr("S1", "medins_lv")},
		{"missing setl_time", with("setl_time", nil), claimErr("S1", "setl_time")},
		{"setl_time with slashes", with("setl_time", `"2024/03/05"`), claimErr("S1", "setl_time")},
		{"setl_time not a day", with("setl_time", `"2024-02-30"`), claimErr("S1", "setl_time")},
		{"setl_time with a T and zone", with("setl_time", `"2024-03-05T10:00:00Z"`), claimErr("S1", "setl_time")},
		{"setl_time a number", with("setl_time", `20240305`), claimErr("S1", "setl_time")},
		{"missing medfee_sumamt", with("medfee_sumamt", nil), claimErr("S1", "medfee_sumamt")},
		{"bad money", with("medfee_sumamt", `"100,00"`), claimErr("S1", "medfee_sumamt")},
		{"money with spaces", with("medfee_sumamt", `" 100.00"`), claimErr("S1", "medfee_sumamt")},
		{"money with an exponent in a string", with("medfee_sumamt", `"1e2"`), claimErr("S1", "medfee_sumamt")},
		{"money a boolean", with("medfee_sumamt", `false`), claimErr("S1", "medfee_sumamt")},
		{"three places in a string", with("overlmt_selfpay", `"0.005"`), claimErr("S1", "overlmt_selfpay")},
		{"three places in a number", with("overlmt_selfpay", `0.005`), claimErr("S1", "overlmt_selfpay")},
		{"three places by exponent", with("overlmt_selfpay", `5e-3`), claimErr("S1", "overlmt_selfpay")},
		{"huge exponent", with("overlmt_selfpay", `1e999999999999`), claimErr("S1", "overlmt_selfpay")},
		{"tiny exponent", with("overlmt_selfpay", `1e-999999999999`), claimErr("S1", "overlmt_selfpay")},
		{"too large", with("medfee_sumamt", `"1000000000000000"`), claimErr("S1", "medfee_sumamt")},
		{"negative money", with("preselfpay_amt", `"-5.50"`), claimErr("S1", "preselfpay_amt")},
		{"negative number", with("preselfpay_amt", `-5.5`), claimErr("S1", "preselfpay_amt")},
		{"given twice", strings.TrimSuffix(baseClaim, "}") + `,"medfee_sumamt":"100.00"}`, claimErr("S1", "medfee_sumamt")},
		{"fee_details with the four", with("fee_details", `[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`),
			claimErr("S1", "fulamt_ownpay_amt")},
		{"one of four missing", with("preselfpay_amt", nil), claimErr("S1", "preselfpay_amt")},
		{"neither four nor fee_details", with(noFour...), claimErr("S1", "fee_details")},
		{"fee_details empty", details(`[]`), claimErr("S1", "fee_details")},
		{"fee_details not a list", details(`{"item_code":"A"}`), claimErr("S1", "fee_details")},
		{"fee_details as a string", details(`"[]"`), claimErr("S1", "fee_details")},
		{"fee line not an object", details(`[1]`), claimErr("S1", "fee_details[0]")},
		{"fee line without item_code", details(`[{"chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`),
			claimErr("S1", "fee_details[0].item_code")},
		{"bad chrg_item_lv", details(`[{"item_code":"A","chrg_item_lv":"丁","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`),
			claimErr("S1", "fee_details[0].chrg_item_lv")},
		{"selfpay_prop above 1", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"50","selfpay_prop":"0"},` +
			`{"item_code":"B","chrg_item_lv":"乙","det_item_fee_sumamt":"50","selfpay_prop":1.5}]`),
			claimErr("S1", "fee_details[1].selfpay_prop")},
		{"selfpay_prop negative", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"-0.1"}]`),
			claimErr("S1", "fee_details[0].selfpay_prop")},
		{"selfpay_prop missing", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100"}]`),
			claimErr("S1", "fee_details[0].selfpay_prop")},
		{"line amount three places", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100.001","selfpay_prop":"0"}]`),
			claimErr("S1", "fee_details[0].det_item_fee_sumamt")},
		{"lmt_price negative", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0","lmt_price":-1}]`),
			claimErr("S1", "fee_details[0].lmt_price")},
		{"cnt zero", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0","cnt":0}]`),
			claimErr("S1", "fee_details[0].cnt")},
		{"pric not dividing the total", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":"3","lmt_price":"2"}]`),
			claimErr("S1", "fee_details[0].pric")},
		{"pric dividing the total to more places than a quantity has", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":"4096"}]`),
			claimErr("S1", "fee_details[0].pric")},
		{"pric 0 without cnt", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":0}]`),
			claimErr("S1", "fee_details[0].pric")},
		{"pric of a line of 0 without cnt", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"0","selfpay_prop":"0","pric":"2"},` +
			`{"item_code":"B","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`),
			claimErr("S1", "fee_details[0].pric")},
		{"pric × cnt more than a fen from the total", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":"33.32","cnt":3}]`),
			claimErr("S1", "fee_details[0].pric")},
		{"pric with 7 places", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":"0.0000001","cnt":1}]`),
			claimErr("S1", "fee_details[0].pric")},
		{"pric negative", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":-100,"cnt":-1}]`),
			claimErr("S1", "fee_details[0].cnt")},
		{"pric negative, cnt given", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":-100,"cnt":1}]`),
			claimErr("S1", "fee_details[0].pric")},
		{"pric not a number", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":true}]`),
			claimErr("S1", "fee_details[0].pric")},
		{"fee line field twice", details(`[{"item_code":"A","item_code":"B","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`),
			claimErr("S1", "fee_details[0].item_code")},
		{"fee lines not adding up", details(`[{"item_code":"A","chrg_item_lv":"甲","det_item_fee_sumamt":"99.99","selfpay_prop":"0"}]`),
			claimErr("S1", "medfee_sumamt")},
		{"age too high", with("age", `151`), claimErr("S1", "age")},
		{"age negative", with("age", `-1`), claimErr("S1", "age")},
		{"age a fraction", with("age", `45.5`), claimErr("S1", "age")},
		{"cvlserv_flag Y", with("cvlserv_flag", `"Y"`), claimErr("S1", "cvlserv_flag")},
		{"acct_used_flag 2", with("acct_used_flag", `2`), claimErr("S1", "acct_used_flag")},
		{"mdtrt_area unknown", with("mdtrt_area", `"外地"`), claimErr("S1", "mdtrt_area")},
		{"mdtrt_area unknown, spaces around", with("mdtrt_area", `" 外地 "`), claimErr("S1", "mdtrt_area")},
		{"psn_no with a space after it", with("psn_no", `"P1 "`), claimErr("S1", "psn_no")},
		{"mulaid_psn_no with a space before it", with("mulaid_psn_no", `"\u3000P2"`), claimErr("S1", "mulaid_psn_no")},
		{"reverses with a tab after it", with("reverses", `"S0\t"`), claimErr("S1", "reverses")},
		{"mdtrt_area with a space inside", with("mdtrt_area", `"省内 异地"`), claimErr("S1", "mdtrt_area")},
		{"remote care of spaces without filing", with("mdtrt_area", `" 省内异地"`, "remote_filing", `"  "`), claimErr("S1", "remote_filing")},
		{"remote care without filing", with("mdtrt_area", `"省内异地"`), claimErr("S1", "remote_filing")},
		{"remote_filing unknown", with("remote_filing", `"永久"`), claimErr("S1", "remote_filing")},
		{"reverses a list", with("reverses", `["S0"]`), claimErr("S1", "reverses")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := tt.in + "\n" + with("setl_id", `"NEXT"`) + "\n"
			got := readAll(t, NewReader(strings.NewReader(in), JSONL), false)
			want := []result{{Err: &tt.want}, claimResult(func(v *claimView) { v.Line, v.SetlID = 2, "NEXT" })}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("input %s\n(-want +got):\n%s", tt.in, diff)
			}
		})
	}
}

func TestReadJSONLMessages(t *testing.T) {
	tests := []struct {
		in   string
		want string
	}{
		{with("medfee_sumamt", `"1250"`, "fulamt_ownpay_amt", `"1110"`),
			"claim S1 (line 1): medfee_sumamt: the four amounts add up to 1200.00, not medfee_sumamt 1250.00"},
		{with("medfee_sumamt", `"100.005"`), `claim S1 (line 1): medfee_sumamt: "100.005" has more than 2 decimal places`},
		{with("preselfpay_amt", `-5.5`), `claim S1 (line 1): preselfpay_amt: -5.5 is negative`},
		{with("medfee_sumamt", `"-100.00"`, "reverses", `"S0"`), `claim S1 (line 1): medfee_sumamt: "-100.00" is negative (a reversal repeats the amounts of the settlement it reverses, as they were sent: the settlement's figures come back negated)`},
		{with("psn_no", nil), `claim S1 (line 1): psn_no: is required`},
		{with("setl_time", `"2024-02-30"`), `claim S1 (line 1): setl_time: "2024-02-30" is not a date and time: write YYYY-MM-DD or YYYY-MM-DD HH:MM:SS`},
		// What fee_details is comes before the four amounts beside it.
		{with("fee_details", `[]`), `claim S1 (line 1): fee_details: is an empty list, and the four amounts are given: leave fee_details out (null, or an empty CSV cell) for a claim without fee lines`},
		{with("fee_details", `" "`), `claim S1 (line 1): fee_details: must be a list of fee lines, not " "`},
		{with("fee_details", `"[]"`), `claim S1 (line 1): fee_details: must be a list of fee lines, not "[]"`},
		{with("fee_details", `[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`), `claim S1 (line 1): fulamt_ownpay_amt: must not be given with fee_details: the policy derives the four amounts from the fee lines`},
		{with("mdtrt_area", `"跨省异地"`), `claim S1 (line 1): remote_filing: is required when mdtrt_area is 跨省异地 (write 未备案 when there is no filing)`},
		{with("psn_no", `" P1"`), `claim S1 (line 1): psn_no: must not begin or end with a space (ids are compared exactly), not " P1"`},
		// Ids that look alike but differ by what cannot be seen, or by a
		// character lost, would be members or settlements of their own.
		{with("psn_no", `"P1\u200b"`), `claim S1 (line 1): psn_no: must not hold U+200B, a character that cannot be seen (ids are compared exactly), not "P1\u200b"`},
		{with("psn_no", "\"P\xef\xbb\xbf1\""), `claim S1 (line 1): psn_no: must not hold U+FEFF, a character that cannot be seen (ids are compared exactly), not "P\ufeff1"`},
		{with("psn_no", `"P1\ufe0f"`), `claim S1 (line 1): psn_no: must not hold U+FE0F, a character that cannot be seen (ids are compared exactly), not "P1\ufe0f"`},
		{with("psn_no", `"P1\u3164"`), `claim S1 (line 1): psn_no: must not hold U+3164, a character that cannot be seen (ids are compared exactly), not "P1\u3164"`},
		{with("reverses", `"S\u0000"`), `claim S1 (line 1): reverses: must not hold U+0000, a character that cannot be seen (ids are compared exactly), not "S\x00"`},
		{with("setl_id", `"X\ud800"`), `line 1: setl_id: must not hold U+FFFD, which stands for a character lost (as an escaped lone surrogate, \ud800, reads), not "X\ufffd"`},
		{with("mulaid_psn_no", `"张三"`, "psn_no", `"李四"`), ``},
		// The national platform's names for dise_code and a fee line's
		// lmt_price are read as them; both given, the claim is an error.
		{with("dise_codg", `"M001"`), ``},
		{with("dise_codg", `"M001"`, "dise_code", `"M002"`), `claim S1 (line 1): dise_code: is given twice (as dise_code, or as dise_codg, the national platform's name for it)`},
		{with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil,
			"fee_details", `[{"item_code":"A","chrg_item_lv":"乙","det_item_fee_sumamt":"100","selfpay_prop":"0","lmt_price":"40","pric_uplmt_amt":"40"}]`),
			`claim S1 (line 1): fee_details[0].lmt_price: is given twice (as lmt_price, or as pric_uplmt_amt, the national platform's name for it)`},
		// domain.md's chrgitm_lv, with its codes, is chrg_item_lv.
		{with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil,
			"fee_details", `[{"item_code":"A","chrgitm_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`), ``},
		{with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil,
			"fee_details", `[{"item_code":"A","chrgitm_lv":"01","chrg_item_lv":"甲","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`),
			`claim S1 (line 1): fee_details[0].chrg_item_lv: is given twice (as chrg_item_lv, or as chrgitm_lv, the national platform's name for it)`},
		{with("mdtrt_area", `" 外地"`), `claim S1 (line 1): mdtrt_area: must be one of 本地, 省内异地, 跨省异地; not " 外地"`},
		{with("psn_insu_stas", `"3"`), `claim S1 (line 1): psn_insu_stas: must be 0 (未参保), 1 (正常), 2 (暂停) or 4 (终止); not "3"`},
		{`{"setl_id":"S1",}`, `line 1: not valid JSON at column 17: invalid character '}' looking for beginning of object key string`},
		// A character past ASCII is named whole, not by its first byte.
		{"\u00a0", `line 1: not valid JSON at column 1: invalid character a no-break space (U+00A0) looking for beginning of value`},
		{`{"setl_id"：1}`, `line 1: not valid JSON at column 11: invalid character '：' after object key`},
		{`[1,2]`, `line 1: the line is not a JSON object`},
		{"{\"setl_id\":\"\xb2\xe2\"}", `line 1: the line is not valid UTF-8 (if the file is GBK-encoded, convert it to UTF-8)`},
	}
	for _, tt := range tests {
		_, err := NewReader(strings.NewReader(tt.in), JSONL).Next()
		if tt.want == "" {
			if err != nil {
				t.Errorf("reading %s: %v", tt.in, err)
			}
			continue
		}
		if err == nil || err.Error() != tt.want {
			t.Errorf("reading %s\ngot  %v\nwant %s", tt.in, err, tt.want)
		}
	}
}

func TestReadJSONLUnreadableLines(t *testing.T) {
	long := `{"setl_id":"LONG","memo":"` + strings.Repeat("x", 300) + `"}`
	in := strings.Join([]string{
		baseClaim,
		`{"setl_id":"S2", "psn_no":`, // cut short
		with("setl_id", `"S3"`),
		`[1]`,
		"\xff\xfe{}",
		long,
		with("setl_id", `"S7"`),
		`{} {}`,
		`{"setl_id": "S9"}`,
	}, "\n")
	got := readAll(t, newReaderSize(strings.NewReader(in), JSONL, 256), false)
	readErr := func(line int) result { return result{Err: &errorView{Line: line, Code: CodeRead}} }
	want := []result{
		claimResult(nil),
		readErr(2),
		claimResult(func(v *claimView) { v.Line, v.SetlID = 3, "S3" }),
		readErr(4),
		readErr(5),
		readErr(6),
		claimResult(func(v *claimView) { v.Line, v.SetlID = 7, "S7" }),
		readErr(8),
		{Err: &errorView{SetlID: "S9", Line: 9, Field: "psn_no", Code: CodeClaim}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A line longer than the reader's buffer is read whole (up to the limit),
// and a longer one is skipped without losing the next.
func TestReadJSONLLongLines(t *testing.T) {
	memo := strings.Repeat("长", 100<<10) // 300 KiB, beyond bufio's 64 KiB
	in := with("memo", `"`+memo+`"`) + "\n" +
		with("setl_id", `"S2"`, "memo", `"`+memo+memo+memo+memo+`"`) + "\n" +
		with("setl_id", `"S3"`)
	got := readAll(t, newReaderSize(strings.NewReader(in), JSONL, 1<<20), true)
	want := []result{
		claimResult(nil),
		{Err: &errorView{Line: 2, Code: CodeRead, Msg: "the line is longer than 1 MiB"}},
		claimResult(func(v *claimView) { v.Line, v.SetlID = 3, "S3" }),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// failingReader returns its data, then an error other than io.EOF.
type failingReader struct {
	data string
	err  error
}

func (f *failingReader) Read(p []byte) (int, error) {
	if f.data == "" {
		return 0, f.err
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

func TestReadIOError(t *testing.T) {
	boom := errors.New("disk on fire")
	tests := []struct {
		f     Format
		data  string
		first error
	}{
		{JSONL, baseClaim + "\n", nil},
		{CSV, "setl_id\nS1\n", &Error{SetlID: "S1", Line: 2, Field: "psn_no", Code: CodeClaim, Msg: msgRequired}},
	}
	for _, tt := range tests {
		r := NewReader(&failingReader{data: tt.data, err: boom}, tt.f)
		_, err := r.Next()
		if diff := cmp.Diff(tt.first, err, cmp.Comparer(func(a, b error) bool { return a.Error() == b.Error() })); diff != "" {
			t.Errorf("%v: first record (-want +got):\n%s", tt.f, diff)
		}
		for range 2 {
			if _, err := r.Next(); err != boom {
				t.Errorf("%v: Next after the source failed = %v, want %v", tt.f, err, boom)
			}
		}
	}
}

func TestFormatFromName(t *testing.T) {
	tests := []struct {
		path string
		want Format
		ok   bool
	}{
		{"batch.jsonl", JSONL, true},
		{"dir/Batch.JSON", JSONL, true},
		{"x.ndjson", JSONL, true},
		{"claims.CSV", CSV, true},
		{"claims.txt", 0, false},
		{"claims", 0, false},
		{"csv", 0, false},
	}
	for _, tt := range tests {
		f, ok := FormatFromName(tt.path)
		if f != tt.want || ok != tt.ok {
			t.Errorf("FormatFromName(%q) = %v, %v; want %v, %v", tt.path, f, ok, tt.want, tt.ok)
		}
	}
}

func TestReaderAllocatesLittle(t *testing.T) {
	in := bytes.Repeat([]byte(baseClaim+"\n"), 100)
	r := NewReader(bytes.NewReader(in), JSONL)
	r.Next() // warm the intern table
	allocs := testing.AllocsPerRun(50, func() {
		if _, err := r.Next(); err != nil {
			t.Fatal(err)
		}
	})
	// the line's text, the Claim, its setl_id and two (a big.Int and its
	// words) per non-zero amount, of which baseClaim has four
	if allocs > 11 {
		t.Errorf("reading a claim allocates %v times, want at most 11", allocs)
	}
}
