package claim

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
	"github.com/shopspring/decimal"
)

// equalDecimals compares amounts by value: the Reader and Flat.Claim may
// give one amount different exponents.
var equalDecimals = cmp.Comparer(func(a, b decimal.Decimal) bool { return a.Equal(b) })

// fees is baseClaim with the fee lines list (raw JSON) for its four split
// amounts.
func fees(list string) string {
	return with("fulamt_ownpay_amt", nil, "overlmt_selfpay", nil, "preselfpay_amt", nil, "inscp_scp_amt", nil, "fee_details", list)
}

// readOne reads line the way a batch would, with a Reader.
func readOne(line string) (*Claim, error) {
	return NewReader(strings.NewReader(line), JSONL).Next()
}

// checkFlat checks that a line Flat took reads as the general path reads
// it (the one the Reader takes where Flat does not).
func checkFlat(t *testing.T, line string, f *Flat) {
	t.Helper()
	want, err := NewLineParser().claimGeneral([]byte(line), f.Line)
	if err != nil {
		t.Fatalf("Flat takes %q, which the general path rejects: %v", line, err)
	}
	got := f.Claim()
	if diff := cmp.Diff(want, got, equalDecimals); diff != "" {
		t.Fatalf("Flat reads %q differently from the Reader (-reader +flat):\n%s", line, diff)
	}
	if got.SetlTime.Location() != want.SetlTime.Location() {
		t.Fatalf("%q: setl_time in %v, the Reader's in %v", line, got.SetlTime.Location(), want.SetlTime.Location())
	}
}

// checkClaimMatchesReader checks that LineParser.Claim reads a line, one
// that a Reader sees whole, exactly as the Reader does.
func checkClaimMatchesReader(t *testing.T, p *LineParser, line string) {
	t.Helper()
	if isBlank([]byte(line)) || strings.ContainsRune(line, '\n') || strings.HasPrefix(line, utf8BOM) ||
		strings.HasSuffix(line, "\r") || len(line) > maxLineBytes {
		return // the Reader would not see this line as it is
	}
	want, wantErr := readOne(line)
	got, gotErr := p.Claim([]byte(line), 1)
	var gotE error
	if gotErr != nil {
		gotE = gotErr
	}
	if diff := cmp.Diff(want, got, equalDecimals); diff != "" {
		t.Fatalf("Claim reads %q differently from the Reader (-reader +Claim):\n%s", line, diff)
	}
	if diff := cmp.Diff(wantErr, gotE); diff != "" {
		t.Fatalf("Claim's error on %q differs from the Reader's (-reader +Claim):\n%s", line, diff)
	}
}

// nested is a value nested n levels deep.
func nested(n int) string {
	return strings.Repeat(`[`, n) + strings.Repeat(`]`, n)
}

// flatCases are lines Flat takes (fast) and lines it must leave to Claim,
// each with why.
var flatCases = []struct {
	why  string
	line string
	fast bool
}{
	{"the base claim", baseClaim, true},
	{"a line of interp's BenchmarkRunBatch", `{"setl_id":"S0007","psn_no":"P07","insutype":"310","psn_type":"原退休","med_type":"22",` +
		`"medins_lv":"2","setl_time":"2025-08-08","medfee_sumamt":"359.07","fulamt_ownpay_amt":"0","overlmt_selfpay":"0",` +
		`"preselfpay_amt":"0","inscp_scp_amt":"359.07"}`, true},
	{"amounts as numbers", with("medfee_sumamt", `100`, "fulamt_ownpay_amt", `10.0`, "overlmt_selfpay", `0`,
		"preselfpay_amt", `5.5`, "inscp_scp_amt", `84.50`), true},
	{"amounts with an exponent, as the Reader reads them", with("medfee_sumamt", `1.0e2`, "fulamt_ownpay_amt", `1E1`,
		"inscp_scp_amt", `8450e-2`), true},
	{"extra places that are zeros", with("medfee_sumamt", `"100.000"`, "fulamt_ownpay_amt", `10.0000`), true},
	{"minus zero is zero", with("overlmt_selfpay", `-0`), true},
	{"minus zero as a string", with("overlmt_selfpay", `"-0.00"`), true},
	{"leading zeros in a string amount", with("fulamt_ownpay_amt", `"0010.00"`), true},
	{"fifteen digits before the point", with("medfee_sumamt", `"100000000000015.50"`, "inscp_scp_amt", `"100000000000000"`), true},
	{"codes as numbers", with("setl_id", `12345`, "insutype", `310`, "psn_type", `1.5e3`, "medins_lv", `-3`), true},
	{"Chinese labels", with("psn_type", `"在职"`, "med_type", `"普通门诊"`, "medins_lv", `"三级"`), true},
	{"a date and time", with("setl_time", `"2024-02-29 23:59:59"`), true},
	{"midnight of the first year", with("setl_time", `"0001-01-01 00:00:00"`), true},
	{"year zero", with("setl_time", `"0000-12-31"`), true},
	{"a leap day of 2000", with("setl_time", `"2000-02-29"`), true},
	{"age as a number", with("age", `70`), true},
	{"age as a string with a leading zero", with("age", `"070"`), true},
	{"age 0", with("age", `0`, "dise_code", `"A00"`), true},
	{"age 150", with("age", `"150"`), true},
	{"age null", with("age", `null`), true},
	{"age empty", with("age", `""`), true},
	{"flags as numbers", with("cvlserv_flag", `1`, "acct_used_flag", `0`), true},
	{"flags as strings", with("cvlserv_flag", `"true"`, "acct_used_flag", `"false"`), true},
	{"flags as booleans", with("cvlserv_flag", `true`, "acct_used_flag", `false`), true},
	{"flags null", with("cvlserv_flag", `null`, "acct_used_flag", `""`), true},
	{"away from home with a filing", with("mdtrt_area", `"跨省异地"`, "remote_filing", `"未备案"`), true},
	{"本地 with a filing", with("mdtrt_area", `"本地"`, "remote_filing", `"急诊"`), true},
	{"mdtrt_area empty", with("mdtrt_area", `""`, "remote_filing", `null`), true},
	{"optional texts", with("mulaid_psn_no", `"P2"`, "dise_code", `123`, "reverses", `"S0"`), true},
	{"optional texts null", with("mulaid_psn_no", `null`, "dise_code", `""`, "reverses", `null`), true},
	{"insured status", with("psn_insu_stas", `"2"`), true},
	{"insured status by label", with("psn_insu_stas", `"终止"`), true},
	{"fee_details null", with("fee_details", `null`), true},
	{"fee_details empty", with("fee_details", `""`), true},
	{"unknown fields of every kind", with("memo", `{"a":[1,-2.5e+3,true,false,null,"x\"\u00e9\/"],"b":{}}`,
		"list", `[]`, "s", `"北京协和医院 \\ \n"`, "n", `-0.0E-0`), true},
	{"a space after the object", baseClaim + ` `, true},
	{"an unknown field twice", strings.Replace(baseClaim, `{`, `{"memo":1,"memo":2,`, 1), true},
	{"an unknown value with a lone surrogate", with("memo", `"\ud800"`), true},
	{"spaces, tabs and carriage returns between tokens", " \t{ \"setl_id\" :\t\"S1\" ,\r" + baseClaim[len(`{"setl_id":"S1",`):] + " \r", true},
	{"nesting 64 deep", with("memo", nested(64)), true},
	{"an unknown text with a replacement character", with("memo", "\"\uFFFD\""), true},

	{"a fee line", fees(`[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`), true},
	{"fee lines of every class, spelled every way", fees(` [ {"item_code":7,"chrg_item_lv":"甲","det_item_fee_sumamt":40,"selfpay_prop":0} ,` +
		`{"item_code":"B","chrg_item_lv":"2","det_item_fee_sumamt":"30.5","selfpay_prop":"0.12345678","lmt_price":"10.01","cnt":"2.5"},` +
		"\t" + `{"chrg_item_lv":"丙","item_code":"C","selfpay_prop":1,"det_item_fee_sumamt":"29.50","lmt_price":null,"cnt":""} ]`), true},
	{"a fee line with unknown fields", fees(`[{"memo":{"a":[1,{"b":"\u00e9"}]},"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0","x":null}]`), true},
	{"fee lines given with the four amounts: an error", with("fee_details", `[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`), false},
	{"fee lines not adding up: an error", fees(`[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"99.99","selfpay_prop":"0"}]`), false},
	{"no fee line: an error", fees(`[]`), false},
	{"a fee line not an object: an error", fees(`[1]`), false},
	{"a fee line without item_code: an error", fees(`[{"chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`), false},
	{"a fee line of no class: an error", fees(`[{"item_code":"A1","chrg_item_lv":"04","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`), false},
	{"a fee line's ratio above 1: an error", fees(`[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"1.01"}]`), false},
	{"a fee line's quantity 0: an error", fees(`[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0","cnt":0}]`), false},
	{"a fee line's unit price, its quantity worked out", fees(`[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":"12.5","pric_uplmt_amt":"10"}]`), true},
	{"a fee line's unit price beside its quantity", fees(`[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":33.333333,"cnt":"3"}]`), true},
	{"a fee line's unit price giving no quantity: an error", fees(`[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":"3"}]`), false},
	{"a fee line's unit price and quantity more than a fen from its total: an error", fees(`[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0","pric":"33.32","cnt":3}]`), false},
	{"a fee line's amount with a fraction of a fen: an error", fees(`[{"item_code":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100.001","selfpay_prop":"0"}]`), false},
	{"a fee line's field given twice: an error", fees(`[{"item_code":"A1","item_code":"A2","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`), false},
	{"an escape in a fee line's key", fees(`[{"item_\u0063ode":"A1","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`), false},
	{"an escape in a fee line's text", fees(`[{"item_code":"A\u0031","chrg_item_lv":"01","det_item_fee_sumamt":"100","selfpay_prop":"0"}]`), false},
	{"fee_details an object: an error", with("fee_details", `{}`), false},
	{"fee_details with the four amounts: an error", with("fee_details", `[]`), false},
	{"an escape in a contract field", with("setl_id", `"S\u0031"`), false},
	{"an escape in a key", strings.Replace(baseClaim, `"setl_id"`, `"setl\u005fid"`, 1), false},
	{"an escape in an unknown key, which could have spelled a contract field", strings.Replace(baseClaim, `{`, `{"m\u00e9mo":1,`, 1), false},
	{"setl_id given twice", strings.Replace(baseClaim, `{`, `{"setl_id":"S0",`, 1), false},
	{"a null given twice", strings.Replace(with("age", `null`), `{`, `{"age":null,`, 1), false},
	{"a byte order mark", utf8BOM + baseClaim, false},
	{"invalid UTF-8 in an unknown field", with("memo", "\"\xff\""), false},
	{"a surrogate encoded in UTF-8", with("memo", "\"\xed\xa0\x80\""), false},
	{"a control character in a string", with("memo", "\"a\tb\""), false},
	{"a line feed between tokens: two lines", strings.Replace(baseClaim, `,`, ",\n", 1), false},
	{"garbage after the object", baseClaim + "x", false},
	{"a second object", baseClaim + "{}", false},
	{"a trailing comma", strings.Replace(baseClaim, `}`, `,}`, 1), false},
	{"a leading zero in a number", with("memo", `012`), false},
	{"a number with a bare point", with("memo", `1.`), false},
	{"a number with a bare exponent", with("memo", `1e`), false},
	{"a plus sign", with("memo", `+1`), false},
	{"a truncated literal", with("memo", `tru`), false},
	{"a literal in capitals", with("memo", `True`), false},
	{"a bad escape", with("memo", `"\x"`), false},
	{"a short \\u escape", with("memo", `"\u12"`), false},
	{"an unclosed string", `{"setl_id":"S1`, false},
	{"an unclosed object", strings.TrimSuffix(baseClaim, "}"), false},
	{"an unclosed list in an unknown field", strings.Replace(baseClaim, `}`, `,"memo":[1,2}`, 1), false},
	{"a missing colon", strings.Replace(baseClaim, `"setl_id":`, `"setl_id" `, 1), false},
	{"nesting 65 deep, which Claim reads", with("memo", nested(65)), false},
	{"a list, not an object", `[1]`, false},
	{"an empty object", `{}`, false},
	{"a blank line", " \t", false},
	{"an empty line", "", false},
	{"a missing required field", with("psn_no", nil), false},
	{"a required field null", with("psn_no", `null`), false},
	{"a required field empty", with("insutype", `""`), false},
	{"a required field a boolean", with("med_type", `true`), false},
	{"a required field a list", with("medins_lv", `[]`), false},
	{"the four amounts do not add up", with("inscp_scp_amt", `"84.51"`), false},
	{"one of the four amounts missing", with("preselfpay_amt", nil), false},
	{"three places", with("overlmt_selfpay", `"0.001"`, "inscp_scp_amt", `"84.499"`), false},
	{"a negative amount", with("overlmt_selfpay", `-1`, "inscp_scp_amt", `"85.50"`), false},
	{"sixteen digits before the point", with("medfee_sumamt", `"1000000000000015.50"`, "inscp_scp_amt", `"1000000000000000"`), false},
	{"an exponent in a string amount", with("medfee_sumamt", `"1e2"`), false},
	{"a space in an amount", with("medfee_sumamt", `"100.00 "`), false},
	{"setl_time not a day", with("setl_time", `"2023-02-29"`), false},
	{"setl_time in 1900, not a leap year", with("setl_time", `"1900-02-29"`), false},
	{"setl_time month 13", with("setl_time", `"2024-13-01"`), false},
	{"setl_time day 0", with("setl_time", `"2024-01-00"`), false},
	{"setl_time hour 24", with("setl_time", `"2024-01-01 24:00:00"`), false},
	{"setl_time second 60", with("setl_time", `"2024-01-01 23:59:60"`), false},
	{"setl_time with a T", with("setl_time", `"2024-01-01T10:00:00"`), false},
	{"setl_time with one-digit month", with("setl_time", `"2024-1-015"`), false},
	{"setl_time with a signed year, which time.Parse takes: left to Claim", with("setl_time", `"+999-01-01"`), false},
	{"setl_time a number", with("setl_time", `20240101`), false},
	{"age 151", with("age", `151`), false},
	{"age with a point", with("age", `7.0`), false},
	{"age negative", with("age", `"-1"`), false},
	{"a flag 2", with("cvlserv_flag", `2`), false},
	{"a flag yes", with("acct_used_flag", `"yes"`), false},
	{"an unknown mdtrt_area", with("mdtrt_area", `"异地"`, "remote_filing", `"临时"`), false},
	{"mdtrt_area a number", with("mdtrt_area", `1`), false},
	{"away from home without a filing", with("mdtrt_area", `"省内异地"`), false},
	{"an unknown remote_filing", with("remote_filing", `"长"`), false},
	{"an unknown insured status", with("psn_insu_stas", `"3"`), false},
	{"an optional text a boolean", with("dise_code", `false`), false},
	{"an optional text an object", with("reverses", `{}`), false},
}

func TestFlat(t *testing.T) {
	p := NewLineParser()
	for _, tc := range flatCases {
		t.Run(tc.why, func(t *testing.T) {
			var f Flat
			got := p.Flat(tc.line, 1, &f)
			if got != tc.fast {
				_, err := readOne(tc.line)
				t.Fatalf("Flat(%q) = %v, want %v (the Reader: %v)", tc.line, got, tc.fast, err)
			}
			if got {
				checkFlat(t, tc.line, &f)
			}
			checkClaimMatchesReader(t, p, tc.line)
		})
	}
}

// benchLines are the lines of benchClaims(n) without their line ends.
func benchLines(n int) []string {
	return strings.Split(strings.TrimSuffix(string(benchClaims(n)), "\n"), "\n")
}

// exampleClaimLines are the claim lines of the examples.
func exampleClaimLines(t testing.TB) []string {
	var lines []string
	for _, name := range []string{"claims.jsonl", "explain.jsonl"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "examples", "nanjing", name))
		if err != nil {
			t.Fatal(err)
		}
		lines = append(lines, strings.Split(strings.TrimSuffix(string(data), "\n"), "\n")...)
	}
	return lines
}

// Every claim of benchClaims, with fee lines or without, takes the fast
// path, and reading it into a Flat filled before allocates nothing.
func TestFlatTakesBenchClaims(t *testing.T) {
	p := NewLineParser()
	var f Flat
	fees := 0
	for i, line := range benchLines(200) {
		if !p.Flat(line, 1, &f) {
			t.Fatalf("line %d: Flat refuses %s", i+1, line)
		}
		checkFlat(t, line, &f)
		if len(f.Fees) > 0 {
			fees++
		}
		allocs := testing.AllocsPerRun(20, func() { p.Flat(line, 1, &f) })
		if allocs != 0 {
			t.Fatalf("line %d: Flat allocates %v times", i+1, allocs)
		}
	}
	if fees != 40 {
		t.Fatalf("%d lines with fee lines, want 40", fees)
	}
}

// The examples' claim lines that the Reader accepts take the fast path;
// the rest do not.
func TestFlatTakesExampleClaims(t *testing.T) {
	p := NewLineParser()
	var f Flat
	fast := 0
	for i, line := range exampleClaimLines(t) {
		_, err := readOne(line)
		want := err == nil
		if got := p.Flat(line, 1, &f); got != want {
			t.Errorf("line %d: Flat = %v, want %v (Reader: %v): %s", i+1, got, want, err, line)
		} else if got {
			fast++
			checkFlat(t, line, &f)
		}
		checkClaimMatchesReader(t, p, line)
	}
	if fast == 0 {
		t.Error("no example line takes the fast path")
	}
}

// flatTime agrees with timeField, which uses time.Parse, wherever it takes
// a time, and takes every time written exactly as YYYY-MM-DD or
// YYYY-MM-DD HH:MM:SS that timeField takes.
func TestFlatTime(t *testing.T) {
	var texts []string
	for _, y := range []string{"0000", "0001", "0004", "0100", "1900", "1999", "2000", "2023", "2024", "2100", "2400", "9999"} {
		for m := range 14 {
			for d := range 33 {
				texts = append(texts, y+"-"+two(m)+"-"+two(d))
			}
		}
	}
	for _, hms := range []string{"00:00:00", "23:59:59", "24:00:00", "12:60:00", "12:00:60", "99:99:99", "1:00:00 ", " 1:00:00", "12:00:0x"} {
		// " 1:00:00": time.Parse matches a run of spaces to the layout's one
		texts = append(texts, "2024-02-29 "+hms, "2023-12-31 "+hms)
	}
	texts = append(texts, "+999-01-01", "-999-01-01", "2024-01-01T00:00:00", "2024/01/01", "2024-01-01 00:00:00 ", "２０２４-01-01",
		"2024-01-01x00:00:00", "2024-01-01 00-00-00", "2024-1-1", "20240101", "")
	for _, s := range texts {
		v := value{kind: kString, text: s}
		want, msg := timeField(v)
		got, ok := flatTime(v)
		switch {
		case ok && msg != "":
			t.Errorf("flatTime takes %q, timeField says %s", s, msg)
		case ok && (!got.Equal(want) || got.Location() != want.Location()):
			t.Errorf("%q: flatTime %v, timeField %v", s, got, want)
		case !ok && msg == "" && exactLayout.MatchString(s):
			t.Errorf("flatTime refuses %q, which timeField reads as %v", s, want)
		}
	}
}

var exactLayout = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2})?$`)

func two(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// claimField is a switch for speed; it must agree with claimFieldNames.
func TestClaimField(t *testing.T) {
	for i, name := range claimFieldNames {
		if got := claimField(name); got != i {
			t.Errorf("claimField(%q) = %d, want %d", name, got, i)
		}
	}
	for _, name := range []string{"", "Setl_id", "setl_id ", "fee_detail", "item_code"} {
		if got := claimField(name); got != -1 {
			t.Errorf("claimField(%q) = %d, want -1", name, got)
		}
	}
}

// FuzzFlatMatchesReader checks that a line Flat takes is a claim the Reader
// reads the same, and that Claim reads any line as the Reader does.
func FuzzFlatMatchesReader(f *testing.F) {
	for _, tc := range flatCases {
		f.Add(tc.line)
	}
	for _, line := range benchLines(20) {
		f.Add(line)
	}
	for _, line := range exampleClaimLines(f) {
		f.Add(line)
	}
	f.Fuzz(func(t *testing.T, line string) {
		p := NewLineParser()
		var fl Flat
		ok := p.Flat(line, 1, &fl)
		if ok {
			checkFlat(t, line, &fl)
		}
		var again Flat
		if p.Flat(line, 1, &again) != ok || ok && !reflect.DeepEqual(again, fl) {
			t.Fatalf("Flat reads %q differently the second time", line)
		}
		checkClaimMatchesReader(t, p, line)
		if validJSON(line) && !(utf8.ValidString(line) && json.Valid([]byte(line))) {
			t.Fatalf("validJSON takes %q, which utf8.Valid or json.Valid refuses", line)
		}
	})
}

// randomLine writes a claim line from parts chosen at random: mostly valid
// values in every representation the Reader takes, now and then an invalid
// one, and the JSON around them varied (spacing, unknown and repeated
// members, optional members left out).
func randomLine(rng *rand.Rand) string {
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	// vary picks one of good, or one of bad now and then.
	vary := func(good []string, bad ...string) string {
		if len(bad) > 0 && rng.IntN(30) == 0 {
			return pick(bad)
		}
		return pick(good)
	}
	// amount writes fen in one of the ways the Reader reads, or now and
	// then something it refuses or reads as another amount.
	amount := func(fen int64) string {
		yuan, cents := fen/100, fen%100
		forms := []string{
			fmt.Sprintf(`"%d.%02d"`, yuan, cents),
			fmt.Sprintf(`%d.%02d`, yuan, cents),
			fmt.Sprintf(`"%d.%02d0"`, yuan, cents),
			fmt.Sprintf(`%de-2`, fen),
			fmt.Sprintf(`"000%d.%02d"`, yuan, cents),
			fmt.Sprintf(`%d.%02d00E0`, yuan, cents),
			fmt.Sprintf(`%q`, fenText(fen)),
		}
		if cents == 0 {
			forms = append(forms, fmt.Sprint(yuan), fmt.Sprintf(`"%d"`, yuan), fmt.Sprintf(`%dE+2`, fen/100))
		}
		if cents%10 == 0 {
			forms = append(forms, fmt.Sprintf(`%d.%d`, yuan, cents/10))
		}
		if fen == 0 {
			forms = append(forms, `-0`, `"-0"`, `-0.0e5`, `0e-7`)
		}
		return vary(forms, `0.001`, `"1e2"`, `-1`, `null`, `""`, `true`, `"1,00"`, `1e999`, `"0.5 "`,
			`"1000000000000000"`, `1e15`, `999999999999999.99`, `[]`)
	}
	var fens [4]int64
	var total int64
	for i := range fens {
		fens[i] = rng.Int64N([]int64{1, 100, 100000, 1e16}[rng.IntN(4)])
		total += fens[i]
	}
	if rng.IntN(30) == 0 {
		total++
	}
	feeList := vary([]string{`null`, `""`}, `[]`, `{}`, `0`)
	withFees := rng.IntN(3) == 0
	if withFees {
		feeList = randomFees(rng, vary, amount, fens[:])
	}
	members := [][2]string{
		{"setl_id", vary([]string{`"S1"`, `"S2"`, `12`, `-1.5e3`, `"在职"`, `"S 1"`}, `""`, `null`, `true`, `"a\u0062"`, `{}`, `" "`, `" S1"`, `"S1　"`)},
		{"psn_no", vary([]string{`"P1"`, `7`, `"P 1"`}, `[]`, `"P1 "`, `"\u3000P1"`)},
		{"insutype", vary([]string{`"310"`, `310`, `"390"`}, `false`)},
		{"psn_type", vary([]string{`"1101"`, `"退休"`, `1101`}, `null`)},
		{"med_type", vary([]string{`"11"`, `21`, `"普通门诊"`}, `""`)},
		{"medins_lv", vary([]string{`"3"`, `3`, `"药店"`}, `{"a":"b"}`)},
		{"setl_time", vary([]string{`"2024-03-05"`, `"2024-02-29 23:59:59"`, `"2024-12-31 00:00:00"`, `"0000-01-01"`, `"1600-02-29 12:30:45"`},
			`"2023-02-29"`, `"1900-02-29"`, `"2024-03-05 24:00:00"`, `"2024-3-05"`, `"2024-03-05  1:00:00"`, `"+999-01-01"`, `20240305`,
			`"2024-03-05T10:00:00"`, `"2024-04-31"`, `"2024-03-05 10:60:00"`)},
		{"medfee_sumamt", amount(total)},
		{"fulamt_ownpay_amt", amount(fens[0])},
		{"overlmt_selfpay", amount(fens[1])},
		{"preselfpay_amt", amount(fens[2])},
		{"inscp_scp_amt", amount(fens[3])},
		{"fee_details", feeList},
		{"age", vary([]string{`0`, `70`, `150`, `"070"`, `null`, `""`, `"7"`}, `151`, `"7.0"`, `-1`, `true`, `1e1`, `"1000"`)},
		{"cvlserv_flag", vary([]string{`1`, `0`, `"1"`, `"0"`, `true`, `false`, `"true"`, `"false"`, `null`, `""`}, `"2"`, `1.0`, `"True"`)},
		{"mdtrt_area", vary([]string{`"本地"`, `"省内异地"`, `"跨省异地"`, `null`, `""`, `" 本地"`, `"省内异地　"`, `"  "`}, `"异地"`, `1`, `"跨 省异地"`)},
		{"remote_filing", vary([]string{`"长期"`, `"临时"`, `"转诊"`, `"急诊"`, `"未备案"`, `null`, `""`, `" 长期　"`, `" "`}, `"x"`, `0`, `" x "`)},
		{"acct_used_flag", vary([]string{`1`, `0`, `true`, `false`, `"false"`, `null`}, `"no"`)},
		{"mulaid_psn_no", vary([]string{`"P2"`, `2`, `null`, `""`}, `false`, `" P2"`)},
		{"dise_code", vary([]string{`"A00"`, `100`, `null`}, `[]`)},
		{"reverses", vary([]string{`"S0"`, `null`, `""`}, `{"a":1}`, `"S0 "`)},
		{"fixmedins_name", vary([]string{`"北京协和医院"`, `{"a":[1,{"b":null}],"c":"\"\u00e9"}`, `-0.5e+10`, `"\ud800"`, `[]`, `"\u2028\u0000"`},
			`[`, "\"\x01\"", `01`, `"\u12"`, "\"\xe0\x80\x80\"")},
		{"memo", vary([]string{`""`, `"\n"`, `[[[]]]`, `true`, `{"setl_id":1}`, "\"\u00e9\u4e2d\U0001F600\"", "\"\x7f\""}, "\"\xff\"", `nul`, "\"\n\"")},
	}
	// Now and then a key that looks like a contract field: an error where
	// the field itself is not given, ignored where it is.
	if rng.IntN(8) == 0 {
		near := [][2]string{{"reverse", `"S0"`}, {"Acct_Used_Flag", `0`}, {"dise_codg", `"A00"`}, {"setl_idd", `"S1"`}}
		members = append(members, near[rng.IntN(len(near))])
	}
	rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
	keep := members[:0]
	for _, m := range members {
		if f := claimField(m[0]); withFees && f > fMedfeeSumamt && f <= fInscpScpAmt && rng.IntN(30) > 0 {
			continue // the fee lines stand for the four amounts
		}
		required := claimField(m[0]) >= 0 && claimField(m[0]) <= fInscpScpAmt
		if required && rng.IntN(100) > 0 || !required && rng.IntN(2) == 0 {
			keep = append(keep, m)
		}
	}
	if len(keep) > 0 && rng.IntN(30) == 0 {
		keep = append(keep, keep[rng.IntN(len(keep))])
	}
	space := func() string {
		if rng.IntN(1000) == 0 {
			return pick([]string{"\n", "\f", "\u00a0", "\x00"})
		}
		return pick([]string{"", "", "", "", " ", "\t", "\r", " \t "})
	}
	var b strings.Builder
	b.WriteString(space() + "{" + space())
	for i, m := range keep {
		if i > 0 {
			b.WriteString("," + space())
		}
		b.WriteString(`"` + m[0] + `"` + space() + ":" + space() + m[1] + space())
	}
	b.WriteString("}" + space())
	return b.String()
}

// randomFees writes a fee_details list whose lines' amounts add up to the
// sum of fens (split differently), every field in the spellings the Reader
// takes, now and then one it refuses, some optional ones left out, unknown
// ones added, one given twice.
func randomFees(rng *rand.Rand, vary func([]string, ...string) string, amount func(int64) string, fens []int64) string {
	var parts []int64
	for _, fen := range fens {
		if len(parts) > 0 && rng.IntN(2) == 0 {
			parts[len(parts)-1] += fen
		} else {
			parts = append(parts, fen)
		}
	}
	var b strings.Builder
	b.WriteString("[")
	for i, fen := range parts {
		fields := [][2]string{
			{"item_code", vary([]string{`"A1"`, `7`, `"XA01AAA001"`, `"药品 1"`}, `null`, `""`, `true`, `"ab"`)},
			{[]string{"chrg_item_lv", "chrgitm_lv"}[rng.IntN(2)], vary([]string{`"甲"`, `"乙"`, `"丙"`, `"01"`, `"02"`, `"03"`, `"1"`, `"2"`, `3`, `"乙 "`, `"　丙"`}, `"04"`, `"丁"`, `null`, `"  "`, `"0 1"`)},
			{"det_item_fee_sumamt", amount(fen)},
			{"selfpay_prop", vary([]string{`"0"`, `0`, `"0.1"`, `0.25`, `"1"`, `1`, `"0.12345678"`, `"1.000"`, `1e-1`, `"0.5"`, `"0.05"`},
				`"1.01"`, `-0.1`, `"0.123456789"`, `null`, `""`, `"x"`)},
		}
		if rng.IntN(2) == 0 {
			// The price limit under either name, now and then under both.
			name := []string{"lmt_price", "pric_uplmt_amt"}[rng.IntN(2)]
			fields = append(fields, [2]string{name, amount(rng.Int64N([]int64{1, 1000, 1e6}[rng.IntN(3)]))})
			if rng.IntN(20) == 0 {
				fields = append(fields, [2]string{"lmt_price", amount(1000)})
			}
		}
		if rng.IntN(2) == 0 {
			fields = append(fields, [2]string{"cnt", vary([]string{`1`, `"2"`, `"2.5"`, `0.125`, `"3.00000001"`, `100`, `null`, `""`},
				`0`, `-1`, `"0.000000001"`, `"x"`, `1e10`)})
		}
		if rng.IntN(4) == 0 {
			// A unit price: mostly one that divides the line's total
			// into a quantity, now and then one that does not or is no
			// price; beside a cnt above, mostly the quantity it gives.
			q := []int64{1, 2, 4, 5, 8, 3}[rng.IntN(6)]
			pric := decimal.New(fen, -2).Div(decimal.NewFromInt(q)).Round(6).String()
			fields = append(fields, [2]string{"pric", vary([]string{`"` + pric + `"`, pric, `"` + pric + `0"`},
				`0`, `"3"`, `-1`, `"0.0000001"`, `"x"`, `1e12`, `null`)})
			for j := range fields {
				if fields[j][0] == "cnt" && rng.IntN(4) != 0 {
					fields[j][1] = fmt.Sprint(q)
				}
			}
		}
		if rng.IntN(4) == 0 {
			fields = append(fields, [2]string{"memo", vary([]string{`{"a":[1,{"b":null}]}`, `"é"`, `[]`, `-1e3`})})
		}
		if rng.IntN(50) == 0 {
			fields = append(fields, fields[rng.IntN(len(fields))])
		}
		rng.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
		if i > 0 {
			b.WriteString(pickSpace(rng) + "," + pickSpace(rng))
		}
		b.WriteString("{")
		for j, f := range fields {
			if j > 0 {
				b.WriteString(",")
			}
			b.WriteString(`"` + f[0] + `"` + pickSpace(rng) + ":" + f[1])
		}
		b.WriteString("}")
	}
	b.WriteString("]")
	return b.String()
}

// pickSpace is the space between two tokens: mostly none.
func pickSpace(rng *rand.Rand) string {
	return []string{"", "", "", " ", "\t"}[rng.IntN(5)]
}

// On random lines, what Flat takes the Reader reads the same, and what it
// leaves to Claim without fee lines is one of the cases it means to leave.
func TestFlatMatchesReaderOnRandomLines(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	p := NewLineParser()
	var f Flat
	n, fast := 20000, 0
	if testing.Short() {
		n = 2000
	}
	feeFast, feeRefused := 0, 0
	fees := map[string]struct{}{}
	for range n {
		line := randomLine(rng)
		if strings.Contains(line, `"fee_details":[`) {
			fees[line] = struct{}{}
		}
		if p.Flat(line, 1, &f) {
			fast++
			if len(f.Fees) > 0 {
				feeFast++
			}
			checkFlat(t, line, &f)
			continue
		}
		if _, ok := fees[line]; ok {
			feeRefused++
		}
		_, err := readOne(line)
		if err == nil && !strings.ContainsRune(line, '\n') &&
			!strings.Contains(line, `"a\u0062"`) && !strings.Contains(line, `"+999`) && !strings.Contains(line, `  1:`) {
			t.Fatalf("Flat refuses %q, which the Reader reads", line)
		}
	}
	if fast < n/4 || feeFast < n/40 {
		t.Fatalf("only %d of %d lines take the fast path, %d of them with fee lines", fast, n, feeFast)
	}
	t.Logf("%d of %d lines take the fast path, %d with fee lines (%d with fee lines do not)", fast, n, feeFast, feeRefused)
}

// On random CSV batches (the cells of random JSON lines: every spelling of
// every field the JSON tests use, valid and not, columns in any order,
// some left out, now and then one given twice), NextFlat reads each row as
// the general path does.
func TestCSVFlatMatchesGeneralOnRandomRows(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n := 300
	if testing.Short() {
		n = 50
	}
	flatRows := 0
	for range n {
		// A header of the required fields and some others, in random
		// order, now and then one left out or given twice.
		var cols []string
		for _, name := range claimFieldNames {
			required := claimField(name) <= fInscpScpAmt
			if required && rng.IntN(50) > 0 || !required && rng.IntN(2) == 0 {
				cols = append(cols, name)
			}
		}
		rng.Shuffle(len(cols), func(i, j int) { cols[i], cols[j] = cols[j], cols[i] })
		if len(cols) > 0 && rng.IntN(20) == 0 {
			cols = append(cols, cols[0])
		}
		var b strings.Builder
		b.WriteString(strings.Join(cols, ",") + "\n")
		for range 20 {
			line := randomLine(rng)
			if !utf8.ValidString(line) || !json.Valid([]byte(line)) {
				continue // the scanner takes only what they pass
			}
			sc := jsonScanner{s: line}
			if !sc.open('{') {
				continue
			}
			cells := map[string]string{}
			for sc.more() {
				k, v := sc.key(), sc.value()
				if v.kind == kString || v.kind == kNumber || v.kind == kBool {
					cells[k] = v.text
				}
			}
			for i, c := range cols {
				if i > 0 {
					b.WriteByte(',')
				}
				cell := cells[c]
				if strings.ContainsAny(cell, ",\"\r\n") {
					cell = `"` + strings.ReplaceAll(cell, `"`, `""`) + `"`
				}
				b.WriteString(cell)
			}
			b.WriteByte('\n')
		}
		data := []byte(b.String())
		checkFlatRows(t, data, CSV)
		r := NewReader(bytes.NewReader(data), CSV)
		for {
			var f Flat
			flat, _, err := r.NextFlat(&f)
			if err == io.EOF {
				break
			}
			if flat {
				flatRows++
			}
		}
	}
	if flatRows < n*20/30 {
		t.Fatalf("only %d rows of %d were flat: the test compares little", flatRows, n*20)
	}
	t.Logf("%d of %d rows flat", flatRows, n*20)
}
