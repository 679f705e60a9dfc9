// Package cases runs a policy's hand-worked test cases: claims with the
// settlement figures they must produce, kept in NAME_test.jsonl beside
// NAME.mpl. `mpl test` and the shipped policies' Go tests both use it.
package cases

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
)

// A test-case file (NAME_test.jsonl beside NAME.mpl) is JSON Lines, run top
// to bottom against one in-memory ledger, so later cases see the year that
// earlier ones built. Each line is one of:
//
//	{"note": "…", "claim": {…}, "want": {"hifp_pay": "6375.00", …}}
//	{"note": "…", "claim": {…}, "want_error": {"field": "psn_type", "message": "did you mean"}}
//	{"balances": {"P001": "2000.00"}}
//
// want lists only the setlinfo fields the case is about (money as two-place
// strings, pool_prop_selfpay with four); want_error's message is a substring.
// note carries the hand arithmetic.

// Case is one line of a test-case file.
type Case struct {
	Line      int
	Note      string            `json:"note"`
	Claim     json.RawMessage   `json:"claim"`
	Want      map[string]string `json:"want"`
	WantError *WantError        `json:"want_error"`
	Balances  map[string]string `json:"balances"`
}

// WantError is an expected error row.
type WantError struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// LineError is a test-case file's mistake on one line.
type LineError struct {
	Line int
	Msg  string
}

// Error is "line N: message"; mpl test writes it file:line: message.
func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// ReadCases parses a test-case file. Lines that are empty or start with #
// (a comment) are skipped.
func ReadCases(r io.Reader) ([]Case, error) {
	var out []Case
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		// A byte order mark, as Windows editors save one, is no part of
		// the line.
		line := bytes.TrimSpace(bytes.TrimPrefix(sc.Bytes(), []byte("\ufeff")))
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		c, err := decodeCase(line)
		if err != nil {
			return nil, &LineError{Line: n, Msg: err.Error()}
		}
		c.Line = n
		if c.Claim == nil && c.Balances == nil {
			return nil, &LineError{Line: n, Msg: "a case has a claim or balances"}
		}
		if c.Claim != nil && (c.Want == nil) == (c.WantError == nil) {
			return nil, &LineError{Line: n, Msg: "a claim needs want or want_error (one of them)"}
		}
		if c.Want != nil && len(c.Want) == 0 {
			return nil, &LineError{Line: n, Msg: `want names no field, so the case would check nothing: list the setlinfo fields it is about ("hifp_pay": "6375.00")`}
		}
		if c.WantError != nil && *c.WantError == (WantError{}) {
			return nil, &LineError{Line: n, Msg: `want_error names no field and no message, so the case would take any error row: give the field and a part of the message it is about ({"field": "psn_type", "message": "unknown person type"})`}
		}
		for _, f := range sortedKeys(c.Want) {
			if _, ok := setlinfoFields[f]; !ok {
				msg := fmt.Sprintf("want names %q, which is no setlinfo field", f)
				if s := lang.Suggest(f, slices.Sorted(maps.Keys(setlinfoFields))); s != "" {
					msg += fmt.Sprintf(" (did you mean %q?)", s)
				}
				return nil, &LineError{Line: n, Msg: msg}
			}
			if _, err := decimal.NewFromString(c.Want[f]); err != nil {
				return nil, &LineError{Line: n, Msg: fmt.Sprintf("%s: %q is not %s", wantName(c, f), c.Want[f], wantFormat(f, c.Want[f]))}
			}
		}
		out = append(out, c)
	}
	return out, sc.Err()
}

// Failure is a case whose settlement differs from what it wants.
type Failure struct {
	Line   int
	SetlID string
	Field  string
	Want   string
	Got    string
	Note   string
	Trace  []claim.TraceStep // the steps that produced the field, when it settled
}

// String is the failure on one line: line N: field: want …, got ….
func (f Failure) String() string {
	return fmt.Sprintf("line %d: %s: want %s, got %s", f.Line, f.Field, f.Want, f.Got)
}

// RunCases settles the cases in order against a fresh in-memory ledger and
// returns every difference from what they want.
func RunCases(prog *interp.Program, cases []Case) ([]Failure, error) {
	ledger := interp.NewMemoryLedger()
	var fails []Failure
	for _, c := range cases {
		for psn, bal := range c.Balances {
			d, err := decimal.NewFromString(bal)
			if err != nil {
				return nil, &LineError{Line: c.Line, Msg: fmt.Sprintf("balance of %s %q is not an amount (\"1500.00\")", psn, bal)}
			}
			if err := ledger.SetBalance(psn, d); err != nil {
				return nil, &LineError{Line: c.Line, Msg: err.Error()}
			}
		}
		if c.Claim == nil {
			continue
		}
		var s *claim.Settlement
		cl, err := claim.NewReader(bytes.NewReader(c.Claim), claim.JSONL).Next()
		// A claim the reader refuses is on the case's line of the test
		// file, not on the line 1 of its own the reader read it from.
		var refused *claim.Error
		if errors.As(err, &refused) {
			refused.Line = c.Line
		}
		if err == nil {
			cl.Line = c.Line
			s, err = prog.Settle(ledger, cl, interp.Options{Explain: true})
		}
		for _, f := range compare(c, s, err) {
			switch {
			case cl != nil:
				f.SetlID = cl.SetlID
			case refused != nil:
				f.SetlID = refused.SetlID
			}
			if s != nil {
				f.Trace = stepsFor(f.Field, s.Trace)
			}
			fails = append(fails, f)
		}
	}
	return fails, nil
}

func compare(c Case, s *claim.Settlement, err error) []Failure {
	fail := func(field, want, got string) []Failure {
		return []Failure{{Line: c.Line, Field: field, Want: want, Got: got, Note: c.Note}}
	}
	if c.WantError != nil {
		ce, ok := err.(*claim.Error)
		switch {
		case err == nil:
			return fail("error", fmt.Sprintf("an error on %s", c.WantError.Field), "a settlement")
		case !ok:
			return fail("error", "a claim error", err.Error())
		case ce.Field != c.WantError.Field:
			return fail("error.field", c.WantError.Field, ce.Field+" ("+ce.Msg+")")
		case !strings.Contains(ce.Msg, c.WantError.Message):
			return fail("error.message", "…"+c.WantError.Message+"…", ce.Msg)
		}
		return nil
	}
	if err != nil {
		return fail("settlement", "a settlement", err.Error())
	}
	got := setlinfoStrings(&s.Setlinfo)
	var out []Failure
	for _, f := range sortedKeys(c.Want) {
		g, ok := got[f]
		if !ok {
			out = append(out, Failure{Line: c.Line, Field: f, Want: c.Want[f], Got: "(no such setlinfo field)", Note: c.Note})
			continue
		}
		// Compared as amounts: "7990" is 7990.00 (ReadCases took only
		// amounts).
		if gd, err := decimal.NewFromString(g); err != nil || !gd.Equal(decimal.RequireFromString(c.Want[f])) {
			out = append(out, Failure{Line: c.Line, Field: f, Want: c.Want[f], Got: g, Note: c.Note})
		}
	}
	return out
}

// ratioFields are the setlinfo fields that are ratios, written with four
// places ("0.8500"), not money.
var ratioFields = map[string]bool{"pool_prop_selfpay": true}

// wantFormat says how want's field f is written, for a message about value
// v: "an amount (…)" or "a ratio (…)", with the example worked from v.
func wantFormat(f, v string) string {
	if ratioFields[f] {
		example := "0.8500"
		if pct, ok := strings.CutSuffix(strings.TrimSpace(v), "%"); ok {
			if d, err := decimal.NewFromString(pct); err == nil {
				example = d.Shift(-2).StringFixed(4)
			}
		}
		return fmt.Sprintf("a ratio: write it as a decimal string with four places, %q", example)
	}
	return `an amount: write money as a string with two places, "6375.00"`
}

// wantName names want's field f in a message, with the case's setl_id.
func wantName(c Case, f string) string {
	var id struct {
		SetlID string `json:"setl_id"`
	}
	if json.Unmarshal(c.Claim, &id) == nil && id.SetlID != "" {
		return fmt.Sprintf("case %s: want %s", id.SetlID, f)
	}
	return "want " + f
}

// decodeCase reads one line's case. want's figures are strings, as the
// settlement writes them: a JSON number (7650.0) is named with its case
// and field and the string to write, where the decoder would say only
// that a number is not a string.
func decodeCase(line []byte) (Case, error) {
	var c Case
	var raw struct {
		Want  map[string]json.RawMessage `json:"want"`
		Claim json.RawMessage            `json:"claim"`
	}
	if json.Unmarshal(line, &raw) == nil {
		c.Claim = raw.Claim
		for _, f := range sortedKeys(raw.Want) {
			v := bytes.TrimSpace(raw.Want[f])
			if len(v) == 0 || v[0] == '"' {
				continue
			}
			if _, err := decimal.NewFromString(string(v)); err == nil {
				return c, fmt.Errorf("%s: %s is a number; %s", wantName(c, f), v, numberFormat(f, string(v)))
			}
		}
	}
	dec := json.NewDecoder(bytes.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&c); err != nil {
		return c, caseJSONError(err)
	}
	if rest := bytes.TrimSpace(line[dec.InputOffset():]); len(rest) > 0 {
		return c, fmt.Errorf("the line goes on after its JSON object: %.20q (one case a line)", rest)
	}
	return c, nil
}

// caseJSONError says what is wrong with a case's line in the words of a
// test file, not encoding/json's: the line is cut short, a key is none a
// case has, a value is of the wrong kind.
func caseJSONError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	msg := err.Error()
	switch {
	case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
		return errors.New("the line ends before its JSON object does (a brace or quote missing?)")
	case errors.As(err, &syntax):
		return fmt.Errorf("not JSON at character %d: %s", syntax.Offset, strings.TrimPrefix(msg, "invalid character "))
	case errors.As(err, &typ):
		return fmt.Errorf("%s is %s, where a case has %s", typ.Field, typ.Value, typ.Type)
	case strings.HasPrefix(msg, "json: unknown field "):
		return fmt.Errorf("%s is no key of a case: a case has claim, want or want_error, balances and note", strings.TrimPrefix(msg, "json: unknown field "))
	}
	return err
}

// setlinfoFields are the names of the setlinfo fields a case may want.
var setlinfoFields = setlinfoStrings(&claim.Setlinfo{})

// numberFormat says how want's field f is written, for a JSON number v.
// The example is v written so, where that is v itself: a ratio above 1
// is taken as a percentage (85 is "0.8500", never "85.0000", 8500%), and
// a figure with more places than the settlement writes is not rounded
// into another figure, but told apart.
func numberFormat(f, v string) string {
	d := decimal.RequireFromString(v)
	if ratioFields[f] {
		if d.GreaterThan(decimal.NewFromInt(1)) {
			d = d.Shift(-2) // 85 meant 85%
		}
		if !d.Equal(d.Round(4)) {
			return `write a ratio as a string with four places, as the settlement does ("0.8500"); ` + v + " has more places than that"
		}
		return fmt.Sprintf("write a ratio as a string with four places, as the settlement does: %q", d.StringFixed(4))
	}
	if !d.Equal(d.Round(2)) {
		return `write an amount as a string with two places, as the settlement does ("7650.00"); ` + v + " is not a whole number of fen"
	}
	return fmt.Sprintf("write an amount as a string with two places, as the settlement does: %q", d.StringFixed(2))
}

// sortedKeys is m's keys in order.
func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// setlinfoStrings renders setlinfo as the writer does: field name → text.
func setlinfoStrings(si *claim.Setlinfo) map[string]string {
	b, err := json.Marshal(&claim.Settlement{Setlinfo: *si})
	if err != nil {
		return nil
	}
	var row struct {
		Setlinfo map[string]string `json:"setlinfo"`
	}
	if json.Unmarshal(b, &row) != nil {
		return nil
	}
	return row.Setlinfo
}

// stepsFor picks the trace steps behind a setlinfo field.
func stepsFor(field string, trace []claim.TraceStep) []claim.TraceStep {
	var kinds []string
	switch field {
	case "act_pay_dedc":
		kinds = []string{"deductible"}
	case "hifp_pay", "pool_prop_selfpay":
		kinds = []string{"deductible", "ratio", "adjust", "remote", "cap"}
	case "hifob_pay", "hifmi_pay", "cvlserv_pay", "hifes_pay", "maf_pay", "oth_pay":
		kinds = []string{"fund", "cap"}
	case "acct_pay", "acct_mulaid_pay", "psn_cash_pay", "balc", "psn_part_amt", "fund_pay_sumamt":
		kinds = []string{"account", "cash"}
	case "inscp_scp_amt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "medfee_sumamt":
		kinds = []string{"split"}
	default:
		return trace
	}
	var out []claim.TraceStep
	for _, t := range trace {
		for _, k := range kinds {
			if t.Step == k {
				out = append(out, t)
			}
		}
	}
	return out
}
