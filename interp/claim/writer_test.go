package claim

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// sampleSettlement is an employee's inpatient settlement with every part
// of the output: funds, account, trace, Chinese and characters to escape.
func sampleSettlement() *Settlement {
	return &Settlement{
		SetlID: "S2024-0001",
		PsnNo:  "P1001",
		Setlinfo: Setlinfo{
			MedfeeSumamt:    dec("12000"),
			FulamtOwnpayAmt: dec("500.5"),
			OverlmtSelfpay:  dec("0"),
			PreselfpayAmt:   dec("1200.00"),
			InscpScpAmt:     dec("10299.50"),
			ActPayDedc:      dec("800"),
			HifpPay:         dec("8459.60"),
			PoolPropSelfpay: dec("0.821366"),
			HifobPay:        dec("0"),
			CvlservPay:      dec("300.000"),
			FundPaySumamt:   dec("8759.60"),
			PsnPartAmt:      dec("3240.40"),
			AcctPay:         dec("1000"),
			AcctMulaidPay:   dec("240.4"),
			PsnCashPay:      dec("2000"),
			Balc:            dec("0"),
		},
		Setldetail: []FundDetail{
			{FundPayType: "310100", FundPayTypeName: "职工基本医疗保险统筹基金", InscpScpAmt: dec("9499.50"),
				CrtPaybLmtAmt: dec("400000"), FundPayamt: dec("8459.60"), SetlProcInfo: `起付线 800.00 后按 90% 支付, "三级"医院`},
			{FundPayType: "320100", FundPayTypeName: "公务员医疗补助", InscpScpAmt: dec("1039.90"),
				CrtPaybLmtAmt: dec("1e5"), FundPayamt: dec("300"), SetlProcInfo: "按 30% 补助\n(封顶)"},
		},
		Trace: []TraceStep{
			{Step: "deductible", Rule: "起付线", Pos: "policies/bj.mpl:12:3", Source: "京医保发〔2023〕1号 第三条",
				Inputs: map[string]string{"medins_lv": "3", "admissions": "1", "deductible": "800.00"}, Amount: dec("800")},
			{Step: "ratio", Rule: "统筹支付", Inputs: map[string]string{"ratio": "90%"}, Amount: dec("8459.6")},
			{Step: "note", Rule: "尾差", Amount: dec("0.005"), Note: "tab\there\u2028"},
		},
	}
}

// sampleReversal is the reversal of the settlement S2024-0004 of
// sampleSettlement: its figures negated, but for the ratio, and the
// setl_id it reverses.
func sampleReversal() *Settlement {
	s := sampleSettlement()
	s.SetlID, s.Reverses, s.Trace = "S2024-0005", "S2024-0004", nil
	for i, p := range setlinfoAmounts(&s.Setlinfo) {
		if i != poolPropIndex {
			*p = p.Neg()
		}
	}
	s.Setlinfo.Balc = dec("1240.40")
	for i := range s.Setldetail {
		fd := &s.Setldetail[i]
		fd.InscpScpAmt, fd.FundPayamt = fd.InscpScpAmt.Neg(), fd.FundPayamt.Neg()
		fd.SetlProcInfo = "冲正 S2024-0004: " + fd.SetlProcInfo
	}
	return s
}

func sampleErrors() []*Error {
	return []*Error{
		{SetlID: "S2024-0002", Line: 3, Field: "medfee_sumamt", Code: CodeClaim,
			Msg: "the four amounts add up to 1200.00, not medfee_sumamt 1250.00"},
		{Line: 4, Code: CodeRead, Msg: `not valid JSON at column 17: invalid character '}'`},
		{SetlID: "S2024-0003", Field: "setlinfo.hifp_pay", Code: CodeSettlement, Msg: "年度限额\"已满\", 见 rule"},
	}
}

func writeSample(t *testing.T, f Format) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, f)
	if err := w.WriteSettlement(sampleSettlement()); err != nil {
		t.Fatal(err)
	}
	for _, e := range sampleErrors() {
		if err := w.WriteError(e); err != nil {
			t.Fatal(err)
		}
	}
	s := sampleSettlement()
	s.SetlID, s.Setldetail, s.Trace = "S2024-0004", nil, nil
	if err := w.WriteSettlement(s); err != nil {
		t.Fatal(err)
	}
	if err := w.WriteSettlement(sampleReversal()); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// checkGolden compares got with testdata/name, or rewrites it when
// MPL_UPDATE=1.
func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if os.Getenv("MPL_UPDATE") == "1" {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with MPL_UPDATE=1 to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s (-want +got; MPL_UPDATE=1 rewrites it):\n%s", path, diff)
	}
}

func TestWriteJSONLGolden(t *testing.T) {
	checkGolden(t, "settlements.jsonl", writeSample(t, JSONL))
}

func TestWriteCSVGolden(t *testing.T) {
	checkGolden(t, "settlements.csv", writeSample(t, CSV))
}

// Every JSON Lines row is valid JSON, and a settlement row holds what was
// written, with setlinfo's keys in the order of Setlinfo's fields.
func TestWriteJSONLValid(t *testing.T) {
	out := writeSample(t, JSONL)
	lines := strings.Split(strings.TrimSuffix(string(out), "\n"), "\n")
	if len(lines) != 6 {
		t.Fatalf("got %d lines, want 6", len(lines))
	}
	for i, line := range lines {
		if !json.Valid([]byte(line)) {
			t.Errorf("line %d is not valid JSON: %s", i+1, line)
		}
	}

	type traceStep struct {
		Step, Rule, Pos, Source string
		Inputs                  map[string]string
		Amount, Note            string
	}
	type fundDetail struct {
		FundPayType     string `json:"fund_pay_type"`
		FundPayTypeName string `json:"fund_pay_type_name"`
		InscpScpAmt     string `json:"inscp_scp_amt"`
		CrtPaybLmtAmt   string `json:"crt_payb_lmt_amt"`
		FundPayamt      string `json:"fund_payamt"`
		SetlProcInfo    string `json:"setl_proc_info"`
	}
	var got struct {
		SetlID     string            `json:"setl_id"`
		PsnNo      string            `json:"psn_no"`
		Setlinfo   map[string]string `json:"setlinfo"`
		Setldetail []fundDetail      `json:"setldetail"`
		Trace      []traceStep       `json:"trace"`
	}
	dec := json.NewDecoder(strings.NewReader(lines[0]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&got); err != nil {
		t.Fatal(err)
	}
	s := sampleSettlement()
	if got.SetlID != s.SetlID || got.PsnNo != s.PsnNo {
		t.Errorf("setl_id, psn_no = %q, %q", got.SetlID, got.PsnNo)
	}
	if want := "0.8214"; got.Setlinfo["pool_prop_selfpay"] != want {
		t.Errorf("pool_prop_selfpay = %q, want %q", got.Setlinfo["pool_prop_selfpay"], want)
	}
	if want := "300.00"; got.Setlinfo["cvlserv_pay"] != want {
		t.Errorf("cvlserv_pay = %q, want %q", got.Setlinfo["cvlserv_pay"], want)
	}
	wantDetail := []fundDetail{
		{"310100", "职工基本医疗保险统筹基金", "9499.50", "400000.00", "8459.60", s.Setldetail[0].SetlProcInfo},
		{"320100", "公务员医疗补助", "1039.90", "100000.00", "300.00", s.Setldetail[1].SetlProcInfo},
	}
	if diff := cmp.Diff(wantDetail, got.Setldetail); diff != "" {
		t.Errorf("setldetail (-want +got):\n%s", diff)
	}
	wantTrace := []traceStep{
		{Step: "deductible", Rule: "起付线", Pos: "policies/bj.mpl:12:3", Source: "京医保发〔2023〕1号 第三条",
			Inputs: map[string]string{"medins_lv": "3", "admissions": "1", "deductible": "800.00"}, Amount: "800.00"},
		{Step: "ratio", Rule: "统筹支付", Inputs: map[string]string{"ratio": "90%"}, Amount: "8459.60"},
		{Step: "note", Rule: "尾差", Amount: "0.005", Note: "tab\there\u2028"},
	}
	if diff := cmp.Diff(wantTrace, got.Trace); diff != "" {
		t.Errorf("trace (-want +got):\n%s", diff)
	}

	// setlinfo's keys, in order, are Setlinfo's json tags.
	var wantKeys []string
	st := reflect.TypeFor[Setlinfo]()
	for i := range st.NumField() {
		wantKeys = append(wantKeys, strings.Split(st.Field(i).Tag.Get("json"), ",")[0])
	}
	var top struct {
		Setlinfo json.RawMessage `json:"setlinfo"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &top); err != nil {
		t.Fatal(err)
	}
	var keys []string
	td := json.NewDecoder(bytes.NewReader(top.Setlinfo))
	td.Token() // {
	for td.More() {
		k, _ := td.Token()
		keys = append(keys, k.(string))
		td.Token() // the value
	}
	if diff := cmp.Diff(wantKeys, keys); diff != "" {
		t.Errorf("setlinfo keys (-want +got):\n%s", diff)
	}

	// reverses, after psn_no, on the reversal's row alone.
	for i, line := range lines {
		var row struct {
			Reverses *string `json:"reverses"`
		}
		if err := json.Unmarshal([]byte(line), &row); err != nil {
			t.Fatal(err)
		}
		want := ""
		if i == 5 {
			want = "S2024-0004"
			if !strings.HasPrefix(line, `{"setl_id":"S2024-0005","psn_no":"P1001","reverses":"S2024-0004","setlinfo":{`) {
				t.Errorf("the reversal's row does not start with its ids and reverses: %s", line)
			}
		}
		if got := row.Reverses; (got == nil) != (want == "") || got != nil && *got != want {
			t.Errorf("line %d: reverses %v, want %q", i+1, got, want)
		}
	}

	// Error rows.
	type errRow struct {
		SetlID string `json:"setl_id"`
		Line   int    `json:"line"`
		Error  struct {
			Field, Message, Code string
		} `json:"error"`
	}
	for i, e := range sampleErrors() {
		var row errRow
		dec := json.NewDecoder(strings.NewReader(lines[1+i]))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&row); err != nil {
			t.Fatalf("error row %d: %v", i, err)
		}
		if row.SetlID != e.SetlID || row.Line != e.Line || row.Error.Field != e.Field ||
			row.Error.Message != e.Msg || row.Error.Code != e.Code {
			t.Errorf("error row %d = %+v, want %+v", i, row, e)
		}
	}
}

// Every CSV row has the header's columns, and encoding/csv reads back what
// was written.
func TestWriteCSVValid(t *testing.T) {
	out := writeSample(t, CSV)
	recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 7 {
		t.Fatalf("got %d records, want 7", len(recs))
	}
	if n := len(recs[0]); n != 26 {
		t.Errorf("header has %d columns, want 26", n)
	}
	if got, want := recs[3][len(recs[3])-3:], []string{"line 4: " + sampleErrors()[1].Msg, sampleErrors()[1].Code, ""}; !slices.Equal(got, want) {
		t.Errorf("error_message, error_code, reverses = %q, want %q", got, want)
	}
	if got, want := recs[4][len(recs[4])-3:], []string{sampleErrors()[2].Msg, sampleErrors()[2].Code, ""}; !slices.Equal(got, want) {
		t.Errorf("error_message, error_code, reverses = %q, want %q", got, want)
	}
	// reverses is the last column, filled on the reversal's row alone.
	if got := recs[0][len(recs[0])-1]; got != "reverses" {
		t.Errorf("last column %q, want reverses", got)
	}
	for i, rec := range recs[1:] {
		want := ""
		if i == 5 {
			want = "S2024-0004"
		}
		if got := rec[len(rec)-1]; got != want {
			t.Errorf("record %d: reverses %q, want %q", i+1, got, want)
		}
	}

	var buf bytes.Buffer
	w := NewWriter(&buf, CSV)
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := buf.String(); got != string(out[:bytes.IndexByte(out, '\n')+1]) {
		t.Errorf("an empty batch writes %q, want just the header", got)
	}
}

func TestWriteSettlementSubFen(t *testing.T) {
	for _, tt := range []struct {
		edit  func(*Settlement)
		field string
	}{
		{func(s *Settlement) { s.Setlinfo.HifpPay = dec("8459.605") }, "setlinfo.hifp_pay"},
		{func(s *Settlement) { s.Setlinfo.Balc = dec("0.0000000000000000000001") }, "setlinfo.balc"},
		{func(s *Settlement) { s.Setldetail[1].FundPayamt = dec("300.001") }, "setldetail[1].fund_payamt"},
	} {
		for _, f := range []Format{JSONL, CSV} {
			s := sampleSettlement()
			tt.edit(s)
			var buf bytes.Buffer
			w := NewWriter(&buf, f)
			err := w.WriteSettlement(s)
			var e *Error
			if !errors.As(err, &e) || e.Code != CodeSettlement || e.Field != tt.field || e.SetlID != s.SetlID {
				t.Errorf("%v: WriteSettlement = %v, want a %s error on %s", f, err, CodeSettlement, tt.field)
			}
			w.w.Flush()
			if buf.Len() != 0 {
				t.Errorf("%v: a rejected settlement wrote %q", f, buf.String())
			}
		}
	}
}

func TestAppendJSONString(t *testing.T) {
	tests := []string{
		"", "plain", "中文 text", `q"b\s/`, "\x00\x01\x1f\x7f", "\n\r\t\b\f", "\u2028\u2029",
		"bad \xff utf8 \xe4\xb8", "😀", "<&>",
	}
	for _, s := range tests {
		b := appendJSONString(nil, s)
		var got string
		if err := json.Unmarshal(b, &got); err != nil {
			t.Errorf("appendJSONString(%q) = %s: %v", s, b, err)
			continue
		}
		var want string
		std, _ := json.Marshal(s)
		json.Unmarshal(std, &want)
		if got != want {
			t.Errorf("appendJSONString(%q) decodes to %q, want %q", s, got, want)
		}
	}
	if got, want := string(appendJSONString(nil, "医保\t\"x\"")), `"医保\t\"x\""`; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestWriterAllocatesLittle(t *testing.T) {
	s := sampleSettlement()
	s.Trace = nil
	w := NewWriter(discard{}, JSONL)
	w.WriteSettlement(s) // grow the buffer
	allocs := testing.AllocsPerRun(100, func() {
		if err := w.WriteSettlement(s); err != nil {
			t.Fatal(err)
		}
	})
	if allocs > 0 {
		t.Errorf("writing a settlement allocates %v times, want 0", allocs)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// TestMarshalJSONMatchesWriter checks encoding/json gives the writer's bytes,
// not the struct tags' default encoding.
func TestMarshalJSONMatchesWriter(t *testing.T) {
	s := &Settlement{SetlID: "S1", PsnNo: "P1"}
	s.Setlinfo.MedfeeSumamt = decimal.RequireFromString("1234.5")
	s.Setlinfo.PsnCashPay = s.Setlinfo.MedfeeSumamt
	s.Setlinfo.PoolPropSelfpay = decimal.RequireFromString("0.85")
	got, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	w := NewWriter(&buf, JSONL)
	if err := w.WriteSettlement(s); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	if diff := cmp.Diff(strings.TrimSpace(buf.String()), string(got)); diff != "" {
		t.Errorf("json.Marshal differs from the writer (-writer +marshal):\n%s", diff)
	}
	if !strings.Contains(string(got), `"medfee_sumamt":"1234.50"`) || !strings.Contains(string(got), `"pool_prop_selfpay":"0.8500"`) {
		t.Errorf("money not fixed-point: %s", got)
	}
}

func TestErrorIsCode(t *testing.T) {
	var err error = &Error{SetlID: "S1", Field: "psn_type", Code: CodeClaim, Msg: "unknown"}
	if !errors.Is(err, ErrCode(CodeClaim)) || errors.Is(err, ErrCode(CodeRead)) {
		t.Errorf("errors.Is does not match %v by code", err)
	}
}

// CheckFen names the first figure with a fraction of a fen, in setlinfo
// (not the ratio, which has four places) or setldetail, and passes a
// settlement of whole fen. No construct of the language leaves such a
// figure now, so the settlers' refusal is a defence; this holds it.
func TestCheckFen(t *testing.T) {
	whole := func() *Settlement {
		s := &Settlement{SetlID: "S1", PsnNo: "P1"}
		s.Setlinfo.MedfeeSumamt = decimal.RequireFromString("100.00")
		s.Setlinfo.PoolPropSelfpay = decimal.RequireFromString("0.8214")
		s.Setldetail = []FundDetail{{FundPayType: "310100", CrtPaybLmtAmt: decimal.RequireFromString("1000.51")}}
		return s
	}
	if e := CheckFen(whole()); e != nil {
		t.Fatalf("CheckFen of whole fen: %v", e)
	}
	tests := []struct {
		name  string
		edit  func(*Settlement)
		field string
	}{
		{"a setlinfo amount", func(s *Settlement) { s.Setlinfo.HifpPay = decimal.RequireFromString("0.006") }, "setlinfo.hifp_pay"},
		{"a setldetail limit", func(s *Settlement) { s.Setldetail[0].CrtPaybLmtAmt = decimal.RequireFromString("1000.505") }, "setldetail[0].crt_payb_lmt_amt"},
	}
	for _, tt := range tests {
		s := whole()
		tt.edit(s)
		e := CheckFen(s)
		if e == nil || e.Field != tt.field || e.Code != CodeSettlement || e.SetlID != "S1" {
			t.Errorf("%s: CheckFen = %v, want an error on %s", tt.name, e, tt.field)
		}
	}
}

// An error row names the claim by setl_id where it is known; a row that
// could not be read keeps its line in CSV's error_message even then,
// since its setl_id is only what its cells seemed to say.
func TestWriteErrorRows(t *testing.T) {
	const amounts = ",,,,,,,,,,,,,,,,,,,,"
	tests := []struct {
		name      string
		e         *Error
		jsonl     string
		csvRow    string
		errorText string
	}{
		{
			"a claim error",
			&Error{SetlID: "S1", Line: 3, Field: "medfee_sumamt", Code: CodeClaim, Msg: `"-5" is negative`},
			`{"setl_id":"S1","line":3,"error":{"field":"medfee_sumamt","message":"\"-5\" is negative","code":"mpl_claim_error"}}`,
			`S1,` + amounts + `,medfee_sumamt,"""-5"" is negative",mpl_claim_error,`,
			`claim S1 (line 3): medfee_sumamt: "-5" is negative`,
		},
		{
			"a row not read, its setl_id not known",
			&Error{Line: 4, Code: CodeRead, Msg: "not valid JSON"},
			`{"line":4,"error":{"message":"not valid JSON","code":"mpl_read_error"}}`,
			`,` + amounts + `,,line 4: not valid JSON,mpl_read_error,`,
			`line 4: not valid JSON`,
		},
		{
			"a row not read, its setl_id known",
			&Error{SetlID: "S5", Line: 5, Code: CodeRead, Msg: "the row has 11 fields, but the header has 12"},
			`{"setl_id":"S5","line":5,"error":{"message":"the row has 11 fields, but the header has 12","code":"mpl_read_error"}}`,
			`S5,` + amounts + `,,"line 5: the row has 11 fields, but the header has 12",mpl_read_error,`,
			`claim S5 (line 5): the row has 11 fields, but the header has 12`,
		},
		{
			"a settlement refused, no line",
			&Error{SetlID: "S6", Field: "setlinfo.hifp_pay", Code: CodeSettlement, Msg: "has a fraction of a fen"},
			`{"setl_id":"S6","error":{"field":"setlinfo.hifp_pay","message":"has a fraction of a fen","code":"mpl_settlement_error"}}`,
			`S6,` + amounts + `,setlinfo.hifp_pay,has a fraction of a fen,mpl_settlement_error,`,
			`claim S6: setlinfo.hifp_pay: has a fraction of a fen`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			jw := NewWriter(io.Discard, JSONL)
			cw := NewWriter(io.Discard, CSV)
			if err := cw.WriteRows(nil); err != nil {
				t.Fatal(err)
			}
			got := []string{string(jw.AppendError(nil, tt.e)), string(cw.AppendError(nil, tt.e)), tt.e.Error()}
			want := []string{tt.jsonl + "\n", tt.csvRow + "\n", tt.errorText}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("JSON Lines, CSV, Error() (-want +got):\n%s", diff)
			}
		})
	}
}

// Under GuardFormulas a text cell a spreadsheet would run as a formula
// gets an apostrophe before it, and nothing else changes: not other text,
// not amounts (a reversal's are negative), not the quoting CSV needs.
// Without it every cell is written as it is.
func TestGuardFormulas(t *testing.T) {
	const amounts = ",,,,,,,,,,,,,,,,,,,,"
	reversal := sampleSettlement()
	reversal.Setldetail, reversal.Trace = nil, nil
	reversal.Setlinfo.MedfeeSumamt, reversal.Setlinfo.HifpPay = dec("-12.34"), dec("-8459.60")
	tests := []struct {
		name          string
		row           func(w *Writer) []byte
		plain, guards string
	}{
		{
			"plain ids",
			func(w *Writer) []byte {
				return w.AppendFen(nil, &FenSettlement{SetlID: "S1", PsnNo: "P1", Setlinfo: [numSetlinfo]int64{-1234}})
			},
			"S1,P1,-12.34" + strings.Repeat(",0.00", 6) + ",0.0000" + strings.Repeat(",0.00", 12) + ",,,,\n",
			"S1,P1,-12.34" + strings.Repeat(",0.00", 6) + ",0.0000" + strings.Repeat(",0.00", 12) + ",,,,\n",
		},
		{
			"each character that starts a formula",
			func(w *Writer) []byte {
				var b []byte
				for _, id := range []string{"=1+1", "+1", "-1", "@SUM(A1)", "\tX", "\rX"} {
					b = w.AppendFen(b, &FenSettlement{SetlID: id, PsnNo: "P1"})
				}
				return b
			},
			"=1+1,P1" + zeros + "+1,P1" + zeros + "-1,P1" + zeros + "@SUM(A1),P1" + zeros + "\"\tX\",P1" + zeros + "\"\rX\",P1" + zeros,
			"'=1+1,P1" + zeros + "'+1,P1" + zeros + "'-1,P1" + zeros + "'@SUM(A1),P1" + zeros + "\"'\tX\",P1" + zeros + "\"'\rX\",P1" + zeros,
		},
		{
			"a formula that needs quotes",
			func(w *Writer) []byte {
				return w.AppendFen(nil, &FenSettlement{SetlID: `=HYPERLINK("http://x","click")`, PsnNo: "+cmd|' /C calc'!A0"})
			},
			`"=HYPERLINK(""http://x"",""click"")",+cmd|' /C calc'!A0` + zeros,
			`"'=HYPERLINK(""http://x"",""click"")",'+cmd|' /C calc'!A0` + zeros,
		},
		{
			"a character that starts a formula further in",
			func(w *Writer) []byte { return w.AppendFen(nil, &FenSettlement{SetlID: "S-1=2", PsnNo: " =P1"}) },
			`S-1=2," =P1"` + zeros,
			`S-1=2," =P1"` + zeros,
		},
		{
			"a settlement's decimals: the ids guarded, negative amounts not",
			func(w *Writer) []byte {
				s := *reversal
				s.SetlID, s.PsnNo = "-R1", "P1"
				b, e := w.AppendSettlement(nil, &s)
				if e != nil {
					t.Fatal(e)
				}
				return b
			},
			"-R1,P1,-12.34,500.50,0.00,1200.00,10299.50,800.00,-8459.60,0.8214,0.00,0.00,300.00,0.00,0.00,0.00,8759.60,3240.40,1000.00,240.40,2000.00,0.00,,,,\n",
			"'-R1,P1,-12.34,500.50,0.00,1200.00,10299.50,800.00,-8459.60,0.8214,0.00,0.00,300.00,0.00,0.00,0.00,8759.60,3240.40,1000.00,240.40,2000.00,0.00,,,,\n",
		},
		{
			"a reversal's reverses, the last column, guarded as an id",
			func(w *Writer) []byte {
				b := w.AppendFen(nil, &FenSettlement{SetlID: "R1", PsnNo: "P1", Reverses: "-5"})
				return w.AppendFen(b, &FenSettlement{SetlID: "R2", PsnNo: "P1", Reverses: "S,1"})
			},
			"R1,P1" + strings.TrimSuffix(zeros, "\n") + "-5\nR2,P1" + strings.TrimSuffix(zeros, "\n") + "\"S,1\"\n",
			"R1,P1" + strings.TrimSuffix(zeros, "\n") + "'-5\nR2,P1" + strings.TrimSuffix(zeros, "\n") + "\"S,1\"\n",
		},
		{
			// A spreadsheet keeps 15 digits of a number, and no 0 before
			// it: an id of digits alone that would lose some is written
			// as a formula that makes it text. 15 digits, a 0 inside, a
			// letter among the digits or a point keep their cells.
			"ids of digits that a spreadsheet would make a number of",
			func(w *Writer) []byte {
				b := w.AppendFen(nil, &FenSettlement{SetlID: "123456789012345678901", PsnNo: "46000000000000003501209658", Reverses: "0012"})
				b = w.AppendFen(b, &FenSettlement{SetlID: "0", PsnNo: "000123"})
				b = w.AppendFen(b, &FenSettlement{SetlID: "123456789012345", PsnNo: "100"})
				b = w.AppendFen(b, &FenSettlement{SetlID: "1234567890123456X", PsnNo: "0.5"})
				return w.AppendError(b, &Error{SetlID: "0099", Field: "age", Code: CodeClaim, Msg: "0123"})
			},
			"123456789012345678901,46000000000000003501209658" + strings.TrimSuffix(zeros, "\n") + "0012\n" +
				"0,000123" + zeros + "123456789012345,100" + zeros + "1234567890123456X,0.5" + zeros +
				"0099," + amounts + ",age,0123,mpl_claim_error,\n",
			`"=""123456789012345678901""","=""46000000000000003501209658"""` + strings.TrimSuffix(zeros, "\n") + `"=""0012"""` + "\n" +
				`"=""0""","=""000123"""` + zeros + "123456789012345,100" + zeros + "1234567890123456X,0.5" + zeros +
				`"=""0099""",` + amounts + `,age,"=""0123""",mpl_claim_error,` + "\n",
		},
		{
			"an error row: setl_id, field and message",
			func(w *Writer) []byte {
				return w.AppendError(nil, &Error{SetlID: "@S1", Field: "-field", Code: CodeSettlement, Msg: "=cmd|' /C calc'!A0, then"})
			},
			"@S1," + amounts + ",-field,\"=cmd|' /C calc'!A0, then\",mpl_settlement_error,\n",
			"'@S1," + amounts + ",'-field,\"'=cmd|' /C calc'!A0, then\",mpl_settlement_error,\n",
		},
		{
			"an error row with its line: the message starts with it",
			func(w *Writer) []byte {
				return w.AppendError(nil, &Error{SetlID: "=S1", Line: 4, Code: CodeRead, Msg: "=1+1"})
			},
			"=S1," + amounts + ",,line 4: =1+1,mpl_read_error,\n",
			"'=S1," + amounts + ",,line 4: =1+1,mpl_read_error,\n",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got [2]string
			for i, opts := range [][]WriterOption{nil, {GuardFormulas()}} {
				w := NewWriter(io.Discard, CSV, opts...)
				if err := w.WriteRows(nil); err != nil {
					t.Fatal(err)
				}
				got[i] = string(tt.row(w))
				if f := string(tt.row(w.Formatter())); f != got[i] {
					t.Errorf("a Formatter makes\n%q\nits Writer\n%q", f, got[i])
				}
			}
			if diff := cmp.Diff([2]string{tt.plain, tt.guards}, got); diff != "" {
				t.Errorf("plain, guarded (-want +got):\n%s", diff)
			}
			// A reader of CSV reads the guarded cells back as the
			// apostrophe and the text.
			recs, err := csv.NewReader(strings.NewReader(got[1])).ReadAll()
			if err != nil {
				t.Fatalf("%q: %v", got[1], err)
			}
			plain, err := csv.NewReader(strings.NewReader(got[0])).ReadAll()
			if err != nil {
				t.Fatalf("%q: %v", got[0], err)
			}
			for i := range recs {
				for j, cell := range recs[i] {
					if cell != plain[i][j] && cell != "'"+plain[i][j] && cell != `="`+plain[i][j]+`"` {
						t.Errorf("row %d, cell %d: %q guarded is %q", i, j, plain[i][j], cell)
					}
				}
			}
		})
	}

	// JSON Lines has no cells to guard.
	row := func(opts ...WriterOption) string {
		return string(NewWriter(io.Discard, JSONL, opts...).AppendFen(nil, &FenSettlement{SetlID: "=1+1", PsnNo: "-P1"}))
	}
	if plain, guarded := row(), row(GuardFormulas()); plain != guarded {
		t.Errorf("JSON Lines: GuardFormulas writes\n%s\nfor\n%s", guarded, plain)
	}
}

// zeros is the rest of a CSV settlement row whose figures are all zero.
var zeros = strings.Repeat(",0.00", 7) + ",0.0000" + strings.Repeat(",0.00", 12) + ",,,,\n"

// TestMarshalJSONByValue: a Settlement held by value (in a response
// struct), and its Setlinfo and FundDetail marshalled on their own, give
// the bytes of the Writer's JSON Lines row, mpl run's output, as a
// pointer to the Settlement does; by value they were the struct tags'
// default, "10000.5" for 10000.50.
func TestMarshalJSONByValue(t *testing.T) {
	d := decimal.RequireFromString
	s := Settlement{SetlID: "S1", PsnNo: "P1",
		Setlinfo: Setlinfo{MedfeeSumamt: d("10000.5"), InscpScpAmt: d("10000.5"), HifpPay: d("8000"), PoolPropSelfpay: d("0.85"),
			FundPaySumamt: d("8000"), PsnPartAmt: d("2000.5"), PsnCashPay: d("2000.5")},
		Setldetail: []FundDetail{{FundPayType: "310100", FundPayTypeName: "职工基本医疗保险统筹基金", InscpScpAmt: d("10000.5"),
			CrtPaybLmtAmt: d("460000"), FundPayamt: d("8000"), SetlProcInfo: "统筹 85%"}},
	}
	var buf bytes.Buffer
	w := NewWriter(&buf, JSONL)
	if err := w.WriteSettlement(&s); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	row := strings.TrimSpace(buf.String())
	var parts struct {
		Setlinfo   json.RawMessage   `json:"setlinfo"`
		Setldetail []json.RawMessage `json:"setldetail"`
	}
	if err := json.Unmarshal([]byte(row), &parts); err != nil {
		t.Fatal(err)
	}
	type response struct {
		Settlement Settlement `json:"settlement"`
	}
	marshal := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	for _, tc := range []struct{ name, want, got string }{
		{"by pointer", row, marshal(&s)},
		{"by value", row, marshal(s)},
		{"in a struct by value", `{"settlement":` + row + `}`, marshal(response{s})},
		{"Setlinfo", string(parts.Setlinfo), marshal(s.Setlinfo)},
		{"*Setlinfo", string(parts.Setlinfo), marshal(&s.Setlinfo)},
		{"FundDetail", string(parts.Setldetail[0]), marshal(s.Setldetail[0])},
		{"setldetail", "[" + string(parts.Setldetail[0]) + "]", marshal(s.Setldetail)},
	} {
		if diff := cmp.Diff(tc.want, tc.got); diff != "" {
			t.Errorf("%s: json.Marshal differs from the row (-row +marshal):\n%s", tc.name, diff)
		}
	}
	if !strings.Contains(row, `"medfee_sumamt":"10000.50"`) {
		t.Errorf("the row's money is not fixed-point: %s", row)
	}
	// A fraction of a fen is refused, as the Writer refuses it.
	s.Setlinfo.HifpPay = d("8000.005")
	if _, err := json.Marshal(s.Setlinfo); err == nil {
		t.Error("json.Marshal of a Setlinfo with a fraction of a fen: no error")
	}
}
