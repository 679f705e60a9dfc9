package claim

import (
	"errors"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const csvHeader = "setl_id,psn_no,insutype,psn_type,med_type,medins_lv,setl_time,medfee_sumamt,fulamt_ownpay_amt,overlmt_selfpay,preselfpay_amt,inscp_scp_amt"

func TestReadCSV(t *testing.T) {
	csvErr := func(setlID string, line int, field, code string) result {
		return result{Err: &errorView{SetlID: setlID, Line: line, Field: field, Code: code}}
	}
	tests := []struct {
		name string
		in   string
		want []result
	}{
		{
			"the base claim",
			csvHeader + "\nS1,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50\n",
			[]result{claimResult(func(v *claimView) { v.Line = 2 })},
		},
		{
			"reordered and unknown columns, BOM, CRLF, optional columns and quoted cells",
			utf8BOM + "medfee_sumamt,his_dept, setl_id ,psn_no,insutype,psn_type,med_type,medins_lv,setl_time," +
				"inscp_scp_amt,preselfpay_amt,overlmt_selfpay,fulamt_ownpay_amt,age,cvlserv_flag,mdtrt_area,remote_filing,acct_used_flag\r\n" +
				`1234.5,"内科, 二病区",S1,P1,310,退休,21,"3",2024-03-05 08:00:00,1234.50,0,0,0,70,1,跨省异地,转诊,0` + "\r\n" +
				`0.3,,S2,P1,390,1501,11,基层,2024-03-06,0.0,0.1,0.2,0,,,,,` + "\r\n",
			[]result{
				claimResult(func(v *claimView) {
					v.Line, v.PsnType, v.MedType, v.SetlTime = 2, "退休", "21", "2024-03-05 08:00:00"
					v.MedfeeSumamt, v.FulamtOwnpayAmt, v.OverlmtSelfpay, v.PreselfpayAmt, v.Inscp = "1234.50", "0.00", "0.00", "0.00", "1234.50"
					v.Age, v.HasAge, v.CvlservFlag, v.MdtrtArea, v.RemoteFiling, v.AcctUsedFlag = 70, true, true, "跨省异地", "转诊", false
				}),
				claimResult(func(v *claimView) {
					v.Line, v.SetlID, v.Insutype, v.PsnType, v.MedinsLv, v.SetlTime = 3, "S2", "390", "1501", "基层", "2024-03-06 00:00:00"
					v.MedfeeSumamt, v.FulamtOwnpayAmt, v.OverlmtSelfpay, v.PreselfpayAmt, v.Inscp = "0.30", "0.00", "0.20", "0.10", "0.00"
				}),
			},
		},
		{
			"fee_details as a JSON list in a cell",
			"setl_id,psn_no,insutype,psn_type,med_type,medins_lv,setl_time,medfee_sumamt,fee_details\n" +
				`S1,P1,310,1101,11,3,2024-03-05,100,"[{""item_code"":""A1"",""chrg_item_lv"":""02"",""det_item_fee_sumamt"":""100"",""selfpay_prop"":""0.2""}]"` + "\n" +
				`S2,P1,310,1101,11,3,2024-03-05,100,[{"item_code":"A1"` + "\n" +
				`S3,P1,310,1101,11,3,2024-03-05,100,not json` + "\n",
			[]result{
				claimResult(func(v *claimView) {
					v.Line, v.FulamtOwnpayAmt, v.OverlmtSelfpay, v.PreselfpayAmt, v.Inscp = 2, "0.00", "0.00", "0.00", "0.00"
					v.FeeDetails = []detailView{{ItemCode: "A1", ChrgItemLv: "乙", SumAmt: "100.00", SelfpayProp: "0.2"}}
				}),
				// the unquoted JSON splits into two cells: one more than the header
				csvErr("S2", 3, "", CodeRead),
				csvErr("S3", 4, "fee_details", CodeClaim),
			},
		},
		{
			"errors, each on its own line",
			csvHeader + "\n" +
				"S1,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5\n" + // a field short
				"S2,P1,310,1101,11,3,2024-03-05,100.005,10.00,0,5.5,84.50\n" +
				`S3,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5"5,84.50` + "\n" + // bare quote
				",,,,,,,,,,,\n" + // all empty: skipped
				"S5,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.49\n" +
				"S6,,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50\n" +
				`"S7` + "\n" + `x",P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50` + "\n" + // a quoted newline
				"S8,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,-5.5,84.50\n" +
				"S9,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50\n",
			[]result{
				csvErr("S1", 2, "", CodeRead),
				csvErr("S2", 3, "medfee_sumamt", CodeClaim),
				csvErr("S3", 4, "", CodeRead),
				csvErr("S5", 6, "medfee_sumamt", CodeClaim),
				csvErr("S6", 7, "psn_no", CodeClaim),
				{Err: &errorView{Line: 8, Field: "setl_id", Code: CodeClaim}}, // a line break is no part of an id
				csvErr("S8", 10, "preselfpay_amt", CodeClaim),
				claimResult(func(v *claimView) { v.Line, v.SetlID = 11, "S9" }),
			},
		},
		{
			"a column named twice",
			csvHeader + ",medfee_sumamt\nS1,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50,100.00\n",
			[]result{csvErr("S1", 2, "medfee_sumamt", CodeClaim)},
		},
		{
			"no setl_id column",
			"psn_no\nP1\n",
			[]result{csvErr("", 2, "setl_id", CodeClaim)},
		},
		{
			"a broken header",
			"setl_id,\"psn_no\n",
			[]result{csvErr("", 1, "", CodeRead)},
		},
		{"empty", "", nil},
		{"a BOM only", utf8BOM, nil},
		{"a header only", csvHeader + "\n", nil},
		// A header no claim can be read under, and no row: one error row,
		// not an empty batch (a file of CR-only lines is all header).
		{"a header with no setl_id, and no row", "foo,bar\n\n", []result{csvErr("", 1, "", CodeRead)}},
		{"lines ending in CR alone", strings.ReplaceAll(csvHeader+"\n"+"S1,P1,310,1101,21,3,2025-03-01,100.00,0,0,0,100.00\n", "\n", "\r"), []result{csvErr("", 1, "", CodeRead)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, NewReader(strings.NewReader(tt.in), CSV), false)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("input\n%s\n(-want +got):\n%s", tt.in, diff)
			}
			checkRecordRows(t, []byte(tt.in))
		})
	}
}

func TestReadCSVLongLine(t *testing.T) {
	row := "S1,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50"
	in := csvHeader + ",memo\n" +
		row + "," + strings.Repeat("x", 200) + "\n" +
		row + `,"` + strings.Repeat("y", 300) + `"` + "\n" +
		strings.Replace(row, "S1", "S4", 1) + ",\n"
	got := readAll(t, newReaderSize(strings.NewReader(in), CSV, 256), true)
	want := []result{
		claimResult(func(v *claimView) { v.Line = 2 }),
		{Err: &errorView{SetlID: "S1", Line: 3, Code: CodeRead, Msg: "the line is longer than 256 bytes"}},
		claimResult(func(v *claimView) { v.Line, v.SetlID = 4, "S4" }),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// A row that can be no claim names the setl_id in the header's setl_id
// column, so that a HIS can match its error row to the claim, wherever
// the cells read reach that column whole and it holds an id; the message
// says what is wrong with the row as before.
func TestReadCSVRowErrorsNameSetlID(t *testing.T) {
	const row = "S1,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50"
	const lastSetlID = "psn_no,insutype,psn_type,med_type,medins_lv,setl_time,medfee_sumamt,fulamt_ownpay_amt,overlmt_selfpay,preselfpay_amt,inscp_scp_amt,setl_id"
	readErr := func(setlID, msg string) []result {
		return []result{{Err: &errorView{SetlID: setlID, Line: 2, Code: CodeRead, Msg: msg}}}
	}
	tests := []struct {
		name string
		in   string
		want []result
	}{
		{"a cell short", csvHeader + "\n" + strings.TrimSuffix(row, ",84.50") + "\n",
			readErr("S1", "the row has 11 fields, but the header has 12")},
		{"a cell too many", csvHeader + "\n" + row + ",x\n",
			readErr("S1", "the row has 13 fields, but the header has 12")},
		{"only the setl_id cell", csvHeader + "\nS1\n",
			readErr("S1", "the row has 1 fields, but the header has 12")},
		{"setl_id last, the row short of it", lastSetlID + "\nP1,310,1101\n",
			readErr("", "the row has 3 fields, but the header has 12")},
		{"setl_id last, the row reaching it", lastSetlID + "\nP1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50,S1,x\n",
			readErr("S1", "the row has 13 fields, but the header has 12")},
		{"setl_id named twice", csvHeader + ",setl_id\n" + row + "\n",
			readErr("", "the row has 12 fields, but the header has 13")},
		{"no setl_id column", strings.TrimPrefix(csvHeader, "setl_id,") + "\nP1\n",
			readErr("", "the row has 1 fields, but the header has 11")},
		{"an empty setl_id", csvHeader + "\n," + strings.TrimPrefix(row, "S1,") + ",x\n",
			readErr("", "the row has 13 fields, but the header has 12")},
		{"a setl_id no claim could have", csvHeader + "\n S1 " + strings.TrimPrefix(row, "S1") + ",x\n",
			readErr("", "the row has 13 fields, but the header has 12")},
		{"a setl_id not UTF-8", csvHeader + "\nS\xff1" + strings.TrimPrefix(row, "S1") + ",x\n",
			readErr("", "the row has 13 fields, but the header has 12")},
		{"a quoted setl_id", csvHeader + "\n\"S,1\"" + strings.TrimPrefix(row, "S1") + ",x\n",
			readErr("S,1", "the row has 13 fields, but the header has 12")},
		{"a bare quote after setl_id", csvHeader + "\n" + strings.Replace(row, "5.5", `5"5`, 1) + "\n",
			readErr("S1", `a " in an unquoted field at line 2, column 48 (quote the field and double the ")`)},
		{"a bare quote in setl_id", csvHeader + "\n" + strings.Replace(row, "S1", `S"1`, 1) + "\n",
			readErr("", `a " in an unquoted field at line 2, column 2 (quote the field and double the ")`)},
		{"a quote left open after setl_id", csvHeader + "\n" + strings.Replace(row, "5.5", `"5.5`, 1) + "\n",
			readErr("S1", "a quoted field is not closed properly at line 2, column 58")},
		{"a cell not UTF-8 after setl_id", csvHeader + "\n" + strings.Replace(row, "P1", "P\xff", 1) + "\n",
			readErr("S1", "the row is not valid UTF-8 (if the file is GBK-encoded, convert it to UTF-8)")},
		{"a cell not UTF-8 before setl_id", lastSetlID + "\nP\xff,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50,S1\n",
			readErr("S1", "the row is not valid UTF-8 (if the file is GBK-encoded, convert it to UTF-8)")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := readAll(t, NewReader(strings.NewReader(tt.in), CSV), true)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("input\n%s\n(-want +got):\n%s", tt.in, diff)
			}
			checkRecordRows(t, []byte(tt.in))
		})
	}
}

// A line cut short names the setl_id of its row when a cell after it was
// read, so that the cut cannot have shortened it.
func TestReadCSVLongLineSetlID(t *testing.T) {
	tests := []struct {
		name, row string
		want      string
	}{
		{"cut in a later cell", "S1,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50," + strings.Repeat("x", 300), "S1"},
		{"cut in a quoted later cell", `S1,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50,"` + strings.Repeat("y", 300) + `"`, "S1"},
		{"cut in the setl_id cell", strings.Repeat("S", 300) + ",P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50,", ""},
		{"cut with a bare quote later", "S1,P1," + strings.Repeat("z", 300) + `"`, "S1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := csvHeader + ",memo\n" + tt.row + "\n"
			got := readAll(t, newReaderSize(strings.NewReader(in), CSV, 256), true)
			want := []result{{Err: &errorView{SetlID: tt.want, Line: 2, Code: CodeRead, Msg: "the line is longer than 256 bytes"}}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

// lineGuard.pass, which takes the quote-free stretches of a line whole,
// keeps the bytes and ends in the state that following each byte in turn
// (lineGuard.byte, a newline resetting the line) does: on random CSV-ish
// input, split into random reads, under random limits.
func TestLineGuardPassFollowsEachByte(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 7))
	alphabet := []byte("ab,\"\r\n\n é")
	for range 20000 {
		in := make([]byte, rng.IntN(40))
		for i := range in {
			in[i] = alphabet[rng.IntN(len(alphabet))]
		}
		limit := 1 + rng.IntN(12)

		// Byte by byte.
		each := &lineGuard{max: limit, line: 1}
		var want []byte
		for _, c := range in {
			if c == '\n' {
				if each.state != inQuoted {
					each.state = atFieldStart
				}
				each.line++
				each.n = 0
				want = append(want, c)
				continue
			}
			want = each.byte(want, c)
		}

		// By pass, over reads of random lengths.
		whole := &lineGuard{max: limit, line: 1}
		var got []byte
		for rest := in; len(rest) > 0; {
			read := append([]byte(nil), rest[:1+rng.IntN(len(rest))]...)
			rest = rest[len(read):]
			got = append(got, read[:whole.pass(read)]...)
		}
		if string(got) != string(want) || whole.state != each.state || whole.line != each.line ||
			whole.n != each.n || !slices.Equal(whole.cuts, each.cuts) {
			t.Fatalf("input %q, limit %d:\npass kept %q, state %d, line %d, n %d, cuts %v\neach kept %q, state %d, line %d, n %d, cuts %v",
				in, limit, got, whole.state, whole.line, whole.n, whole.cuts, want, each.state, each.line, each.n, each.cuts)
		}
	}
}

// RowParser.Member names a row's psn_no from the header's psn_no column,
// wherever it stands and however the header name is spaced, and names
// none where the header has no psn_no column or two.
func TestRowParserMember(t *testing.T) {
	for _, tc := range []struct {
		name, csv string
		want      string
		ok        bool
	}{
		{"first column", "psn_no,setl_id\nP1,S1\n", "P1", true},
		{"last column", "setl_id,med_type, psn_no \nS1,21,P2\n", "P2", true},
		{"no psn_no column", "setl_id,med_type\nS1,21\n", "", false},
		{"two psn_no columns", "psn_no,setl_id,psn_no\nP1,S1,P3\n", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := NewReader(strings.NewReader(tc.csv), CSV)
			p, err := r.RowParser()
			if err != nil {
				t.Fatal(err)
			}
			var rec Record
			if err := r.NextRecord(&rec); err != nil {
				t.Fatal(err)
			}
			got, ok := p.Member(&rec)
			if got != tc.want || ok != tc.ok {
				t.Errorf("Member = %q, %v; want %q, %v", got, ok, tc.want, tc.ok)
			}
		})
	}
}

// A quote left open takes every line after it into its record, as CSV
// allows line breaks in a quoted cell: the error says which lines went in,
// for the claims that vanished with them.
func TestCSVUnclosedQuoteMessage(t *testing.T) {
	in := csvHeader + "\n" +
		"S1,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50\n" +
		`"S2,P1` + "\n" +
		"S3,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50\n" +
		"S4,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50\n"
	r := NewReader(strings.NewReader(in), CSV)
	if _, err := r.Next(); err != nil {
		t.Fatal(err)
	}
	_, err := r.Next()
	want := "line 3: a quoted field is not closed properly at line 5, column 57; the quote that opens it may be on line 3, and lines 3 to 5 are read as this one record"
	if err == nil || err.Error() != want {
		t.Errorf("got  %v\nwant %s", err, want)
	}
}

// TestReadCSVHeaderOnly checks what the one error row of a CSV input that
// is a header no claim can be read under, and no row, says.
func TestReadCSVHeaderOnly(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"no setl_id column", "foo,bar\n", "the header row names no setl_id column, and no row follows it"},
		{"CR-only lines", "setl_id,psn_no\rS1,P1\r", "the lines end in a carriage return alone (an old Mac CSV), so the whole file reads as one header row: save it with LF or CRLF line ends"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewReader(strings.NewReader(tt.in), CSV).Next()
			var ce *Error
			if !errors.As(err, &ce) || ce.Msg != tt.want || ce.Line != 1 {
				t.Errorf("Next: %v; want line 1: %s", err, tt.want)
			}
		})
	}
}

// TestReadCSVBadHeaderThenBrokenRow checks a header without setl_id
// followed by one row that cannot be read (an unclosed quote, found by
// FuzzReadCSV): the one row gets the one error row, in input order, and
// the header's "no row follows it", which a row proves wrong, is not told
// after it.
func TestReadCSVBadHeaderThenBrokenRow(t *testing.T) {
	r := NewReader(strings.NewReader("SETL_ID,psn_no,insutype\nS1,\"P\"1,310\n"), CSV)
	var lines []int
	for {
		_, err := r.Next()
		if err == io.EOF {
			break
		}
		var ce *Error
		if !errors.As(err, &ce) {
			t.Fatalf("Next: %v", err)
		}
		lines = append(lines, ce.Line)
		if len(lines) > 3 {
			t.Fatal("no end")
		}
	}
	if diff := cmp.Diff([]int{2}, lines); diff != "" {
		t.Errorf("error rows' lines (-want +got):\n%s", diff)
	}
}
