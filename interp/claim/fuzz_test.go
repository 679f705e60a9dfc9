package claim

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// checkContract reports how c breaks the contract a Reader promises.
func checkContract(c *Claim) error {
	for name, s := range map[string]string{
		"setl_id": c.SetlID, "psn_no": c.PsnNo, "insutype": c.Insutype, "psn_type": c.PsnType,
		"med_type": c.MedType, "medins_lv": c.MedinsLv, "mdtrt_area": c.MdtrtArea,
	} {
		if s == "" {
			return fmt.Errorf("%s is empty", name)
		}
	}
	if c.SetlTime.IsZero() {
		return errors.New("setl_time is zero")
	}
	if c.Age < 0 || c.Age > 150 || !c.HasAge && c.Age != 0 {
		return fmt.Errorf("age %d (given %v)", c.Age, c.HasAge)
	}
	if c.MdtrtArea != "本地" && c.RemoteFiling == "" {
		return errors.New("remote_filing missing away from 本地")
	}
	money := func(name string, d decimal.Decimal) error {
		if d.IsNegative() {
			return fmt.Errorf("%s %s is negative", name, d)
		}
		if !d.Round(2).Equal(d) {
			return fmt.Errorf("%s %s has more than 2 places", name, d)
		}
		return nil
	}
	four := []decimal.Decimal{c.FulamtOwnpayAmt, c.OverlmtSelfpay, c.PreselfpayAmt, c.InscpScpAmt}
	for i, d := range append([]decimal.Decimal{c.MedfeeSumamt}, four...) {
		if err := money(fmt.Sprint("amount ", i), d); err != nil {
			return err
		}
	}
	sum := decimal.Zero
	if len(c.FeeDetails) == 0 {
		for _, d := range four {
			sum = sum.Add(d)
		}
	} else {
		for _, d := range four {
			if !d.IsZero() {
				return errors.New("a split amount is given with fee_details")
			}
		}
		for i, d := range c.FeeDetails {
			if err := money(fmt.Sprint("fee line ", i), d.SumAmt); err != nil {
				return err
			}
			if d.HasLmtPrice {
				if err := money(fmt.Sprint("lmt_price ", i), d.LmtPrice); err != nil {
					return err
				}
			}
			if d.HasCnt && !d.Cnt.IsPositive() {
				return fmt.Errorf("cnt %s", d.Cnt)
			}
			if d.SelfpayProp.IsNegative() || d.SelfpayProp.GreaterThan(decimal.NewFromInt(1)) {
				return fmt.Errorf("selfpay_prop %s", d.SelfpayProp)
			}
			if d.ChrgItemLv != "甲" && d.ChrgItemLv != "乙" && d.ChrgItemLv != "丙" {
				return fmt.Errorf("chrg_item_lv %q", d.ChrgItemLv)
			}
			if d.ItemCode == "" {
				return errors.New("item_code is empty")
			}
			sum = sum.Add(d.SumAmt)
		}
	}
	if !sum.Equal(c.MedfeeSumamt) {
		return fmt.Errorf("the parts add up to %s, not %s", sum, c.MedfeeSumamt)
	}
	return nil
}

// fuzzRead reads all of data, failing on a panic (by the fuzzer), an
// unexpected error, a claim that breaks the contract, or lines out of order.
func fuzzRead(t *testing.T, data []byte, f Format) {
	r := newReaderSize(bytes.NewReader(data), f, 1<<10)
	lastLine := 0
	for n := 0; ; n++ {
		// every record consumes at least one line
		if n > bytes.Count(data, []byte("\n"))+2 {
			t.Fatal("the reader does not stop")
		}
		c, err := r.Next()
		if err == io.EOF {
			return
		}
		line := 0
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v (%T) is not a *Error", err, err)
			}
			if e.Code != CodeRead && e.Code != CodeClaim {
				t.Fatalf("error %v has code %q", e, e.Code)
			}
			if e.Code == CodeRead && (e.Field != "" || e.SetlID != "" && f == JSONL) {
				t.Fatalf("read error %v names a claim", e)
			}
			// A CSV row that is no claim may name the setl_id its cells
			// hold, which must be one a claim could have.
			if _, msg := idField(value{kind: kString, text: e.SetlID}, false); msg != "" || !utf8.ValidString(e.SetlID) {
				t.Fatalf("error %v names setl_id %q, which is no id: %s", e, e.SetlID, msg)
			}
			line = e.Line
		} else {
			if err := checkContract(c); err != nil {
				t.Fatalf("claim on line %d breaks the contract: %v", c.Line, err)
			}
			if e := c.Validate(); e != nil {
				t.Fatalf("claim on line %d, as read, fails Validate: %v", c.Line, e)
			}
			line = c.Line
		}
		if line <= lastLine {
			t.Fatalf("record on line %d after line %d", line, lastLine)
		}
		lastLine = line
	}
}

var fuzzSeedsJSONL = []string{
	baseClaim,
	with("medfee_sumamt", `1234.5`, "fulamt_ownpay_amt", `1150`, "overlmt_selfpay", `0`, "preselfpay_amt", `0`,
		"inscp_scp_amt", `84.50`, "age", `"70"`, "cvlserv_flag", `true`, "mdtrt_area", `"省内异地"`, "remote_filing", `"临时"`),
	with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil,
		"fee_details", `[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"60.5","selfpay_prop":"0"},`+
			`{"item_code":"B\u0032","chrg_item_lv":"乙","det_item_fee_sumamt":39.5,"selfpay_prop":0.1,"lmt_price":"12.00","cnt":"2.5"}]`),
	with("medfee_sumamt", `"100.005"`),
	with("preselfpay_amt", `-5.5`),
	with("inscp_scp_amt", `1e999999`),
	with("setl_time", `"2024-02-30"`),
	`{"setl_id":"S1",}`,
	`[1,2]`,
	"",
	"\xef\xbb\xbf" + baseClaim + "\r\n\r\n" + baseClaim,
}

func FuzzReadJSONL(f *testing.F) {
	for _, s := range fuzzSeedsJSONL {
		f.Add([]byte(s))
	}
	f.Add([]byte(strings.Join(fuzzSeedsJSONL, "\n")))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, JSONL)
		checkFlatRows(t, data, JSONL)
	})
}

var fuzzSeedsCSV = []string{
	csvHeader + "\nS1,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5.5,84.50\n",
	"\xef\xbb\xbf" + csvHeader + ",age,mdtrt_area,remote_filing\r\nS1,P1,310,1101,11,3,2024-03-05 10:00:00,0.3,0.1,0.2,0,0,151,跨省异地,\r\n",
	"setl_id,psn_no,insutype,psn_type,med_type,medins_lv,setl_time,medfee_sumamt,fee_details\n" +
		`S1,P1,310,1101,11,3,2024-03-05,100,"[{""item_code"":""A1"",""chrg_item_lv"":""02"",""det_item_fee_sumamt"":""100"",""selfpay_prop"":""0.2""}]"` + "\n",
	csvHeader + "\nS1,P1,310,1101,11,3,2024-03-05,100.00,10.00,0,5\"5,84.50\n\"S2\nx\",P1\n,,,\n",
	csvHeader + ",setl_id\n\"S1",
}

func FuzzReadCSV(f *testing.F) {
	for _, s := range fuzzSeedsCSV {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzRead(t, data, CSV)
		checkFlatRows(t, data, CSV)
		checkRecordRows(t, data)
	})
}

// FuzzJSONScanner checks the scanner against encoding/json: on any valid
// JSON object in valid UTF-8 (the reader checks both before scanning), it
// finds the same members with the same strings, numbers and literals.
func FuzzJSONScanner(f *testing.F) {
	for _, s := range fuzzSeedsJSONL {
		f.Add(s)
	}
	f.Add(`{"a":"\ud83d\ude00\ud800\udc00\udc00\ud800x\u00e9\/","b":[{"c":"]}\"{"}],"d":-1.5e+3,"e":true,"f":null,"\u0061":{}}`)
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) || !json.Valid([]byte(s)) {
			return
		}
		var want map[string]json.RawMessage
		if json.Unmarshal([]byte(s), &want) != nil {
			return // not an object
		}
		sc := jsonScanner{s: s}
		if !sc.open('{') {
			t.Fatalf("%q: the scanner finds no object", s)
		}
		got := map[string]value{}
		count := map[string]int{}
		for sc.more() {
			k := sc.key()
			got[k] = sc.value()
			count[k]++
		}
		if sc.skipSpace(); sc.i != len(s) {
			t.Fatalf("%q: the scanner stops at %d of %d", s, sc.i, len(s))
		}
		if len(got) != len(want) {
			t.Fatalf("%q: the scanner finds %d keys, encoding/json %d", s, len(got), len(want))
		}
		for k, v := range got {
			raw, ok := want[k]
			if !ok {
				t.Fatalf("%q: the scanner finds key %q, encoding/json does not", s, k)
			}
			if count[k] > 1 {
				continue // encoding/json keeps the last; the reader flags the second
			}
			var g any
			switch v.kind {
			case kString:
				g = v.text
			case kNumber:
				g = json.Number(v.text)
			case kBool:
				g = v.text == "true"
			case kNull:
				g = nil
			default:
				if v.text != string(bytes.TrimSpace(raw)) {
					t.Fatalf("%q: key %q: scanner %q, encoding/json %q", s, k, v.text, raw)
				}
				continue
			}
			dec := json.NewDecoder(bytes.NewReader(raw))
			dec.UseNumber()
			var w any
			if err := dec.Decode(&w); err != nil {
				t.Fatal(err)
			}
			if w != g {
				t.Fatalf("%q: key %q: scanner %#v, encoding/json %#v", s, k, g, w)
			}
		}
	})
}

// checkFlatRows reads data twice, on the general path (Next, every row
// built as a Claim) and with NextFlat, and fails where the two differ: a
// flat row must be the claim the general path builds.
func checkFlatRows(t *testing.T, data []byte, f Format) {
	t.Helper()
	general := newReaderSize(bytes.NewReader(data), f, 1<<10)
	general.general = true
	flat := newReaderSize(bytes.NewReader(data), f, 1<<10)
	for n := 0; ; n++ {
		want, wantErr := general.Next()
		var fl Flat
		isFlat, got, gotErr := flat.NextFlat(&fl)
		if isFlat {
			got = fl.Claim()
		}
		if diff := cmp.Diff(want, got, equalDecimals); diff != "" {
			t.Fatalf("row %d of %q: NextFlat (flat %v) differs from the general path (-general +flat):\n%s", n, data, isFlat, diff)
		}
		if fmt.Sprint(wantErr) != fmt.Sprint(gotErr) {
			t.Fatalf("row %d of %q: error %v on the general path, %v by NextFlat", n, data, wantErr, gotErr)
		}
		if wantErr == io.EOF || n > len(data)+2 {
			return
		}
	}
}

// checkRecordRows fails t unless reading data's CSV rows by NextRecord and
// taking their cells on RowParsers of their own (as a stream split across
// goroutines does, each row on a parser chosen by the row) gives the rows
// Next gives, in order, with the same errors; and unless Member names the
// psn_no of every row that is a claim, when it names one.
func checkRecordRows(t *testing.T, data []byte) {
	t.Helper()
	whole := newReaderSize(bytes.NewReader(data), CSV, 1<<10)
	byRecord := newReaderSize(bytes.NewReader(data), CSV, 1<<10)
	var parsers [2]*RowParser
	for i := range parsers {
		p, err := byRecord.RowParser()
		if err != nil {
			if _, wantErr := whole.Next(); err != wantErr {
				t.Fatalf("%q: RowParser: %v; Next: %v", data, err, wantErr)
			}
			return
		}
		parsers[i] = p
	}
	var rec Record
	for n := 0; ; n++ {
		want, wantErr := whole.Next()
		var got *Claim
		gotErr := byRecord.NextRecord(&rec)
		if gotErr == nil {
			p := parsers[n%len(parsers)]
			var f Flat
			flat, c, e := p.Parse(&rec, &f)
			switch {
			case flat:
				got = f.Claim()
			case e != nil:
				gotErr = e
			default:
				got = c
			}
			if psnNo, ok := p.Member(&rec); ok && got != nil && psnNo != got.PsnNo {
				t.Fatalf("row %d of %q: Member says %q, the claim's psn_no is %q", n, data, psnNo, got.PsnNo)
			}
		}
		if diff := cmp.Diff(want, got, equalDecimals); diff != "" {
			t.Fatalf("row %d of %q: by record differs from Next (-Next +record):\n%s", n, data, diff)
		}
		if fmt.Sprint(wantErr) != fmt.Sprint(gotErr) {
			t.Fatalf("row %d of %q: error %v from Next, %v by record", n, data, wantErr, gotErr)
		}
		if wantErr == io.EOF || n > len(data)+2 {
			return
		}
	}
}
