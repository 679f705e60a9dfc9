package report

import (
	"bytes"
	"context"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/policies"
	"github.com/shopspring/decimal"
)

// claims covers each kind of step: deductible, ratio, yearly cap, account,
// cash, and a reversal.
const claims = `{"setl_id":"A1","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"10000.00","fulamt_ownpay_amt":"500.00","overlmt_selfpay":"0","preselfpay_amt":"500.00","inscp_scp_amt":"9000.00"}
{"setl_id":"A2","psn_no":"P2","insutype":"310","psn_type":"1102","med_type":"21","medins_lv":"3","setl_time":"2025-05-01","medfee_sumamt":"600000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"600000.00"}
{"setl_id":"A3","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-11","medfee_sumamt":"10000.00","fulamt_ownpay_amt":"500.00","overlmt_selfpay":"0","preselfpay_amt":"500.00","inscp_scp_amt":"9000.00","reverses":"A1"}
`

func explanations(t *testing.T, lang Lang) []*Explanation {
	t.Helper()
	prog, _, err := interp.LoadFS(policies.FS, "cn/nanjing/employee-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	ledger := interp.NewMemoryLedger()
	if err := ledger.SetBalance("P1", decimal.RequireFromString("2000.00")); err != nil {
		t.Fatal(err)
	}
	rows, err := interp.ReadAll(claim.NewReader(strings.NewReader(claims), claim.JSONL))
	if err != nil {
		t.Fatal(err)
	}
	if err := prog.SettleAll(context.Background(), ledger, rows, interp.BatchOptions{Options: interp.Options{Explain: true}}); err != nil {
		t.Fatal(err)
	}
	var out []*Explanation
	for _, r := range rows {
		if r.Err != nil {
			t.Fatalf("%v", r.Err)
		}
		out = append(out, Explain(r.Settlement, prog.Policy().Name, prog.Policy().Source.Cite(), lang))
	}
	return out
}

func golden(t *testing.T, name string, got []byte) {
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
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(string(got), "\n")); diff != "" {
		t.Errorf("%s differs (-want +got); MPL_UPDATE=1 rewrites it:\n%s", path, diff)
	}
}

func TestExplainText(t *testing.T) {
	for _, lang := range []Lang{Chinese, English} {
		var buf bytes.Buffer
		for _, e := range explanations(t, lang) {
			e.WriteText(&buf)
			buf.WriteString("\n")
		}
		golden(t, "explain."+string(lang)+".txt", buf.Bytes())
	}
}

func TestExplainHTML(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteHTML(&buf, Chinese, explanations(t, Chinese)); err != nil {
		t.Fatal(err)
	}
	golden(t, "explain.html", buf.Bytes())
	for _, want := range []string{"<!DOCTYPE html>", `class="bar"`, "width:76.67%", "employee-2025.mpl:63:16", "460000.00"} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("HTML lacks %q", want)
		}
	}
	if strings.Contains(buf.String(), "<script") || strings.Contains(buf.String(), "http") {
		t.Errorf("the page must be self-contained: no scripts or links")
	}
}

// TestPartsAddUp checks the "where every yuan went" rows add to the total.
func TestPartsAddUp(t *testing.T) {
	for _, e := range explanations(t, Chinese) {
		sum := decimal.Zero
		for _, p := range e.Parts {
			sum = sum.Add(decimal.RequireFromString(p.Amount))
		}
		if sum.StringFixed(2) != e.Total {
			t.Errorf("%s: parts add to %s, total %s", e.SetlID, sum.StringFixed(2), e.Total)
		}
	}
}

// TestExplainLapseAndNoAccount: a claim after contributions stopped says so
// and shows no pooled payment; a scheme without personal accounts (390)
// shows no account line at all.
func TestExplainLapseAndNoAccount(t *testing.T) {
	emp, _, err := interp.LoadFS(policies.FS, "cn/nanjing/employee-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	res, _, err := interp.LoadFS(policies.FS, "cn/nanjing/resident-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	ledger := interp.NewMemoryLedger()
	if err := interp.Lapse(ledger, "P1", time.Date(2025, 2, 10, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	settle := func(prog *interp.Program, line string) []string { return settledSteps(t, prog, ledger, line) }
	lapsed := settle(emp, `{"setl_id":"L1","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"100.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"100.00"}`)
	if diff := cmp.Diff([]string{
		"Contributions stopped (断缴): from the next month no pooled or further fund pays; the personal account pays as the policy allows",
		"Personal account: balance 0.00, pays 0.00",
		"Cash: 100.00",
	}, lapsed[1:]); diff != "" {
		t.Errorf("lapsed claim's steps (-want +got):\n%s", diff)
	}
	for _, text := range settle(res, `{"setl_id":"R1","psn_no":"R1","insutype":"390","psn_type":"1403","med_type":"11","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"100.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"100.00"}`) {
		if strings.Contains(text, "Personal account") {
			t.Errorf("a 390 settlement explains an account it does not have: %q", text)
		}
	}
}

// TestExplainReversalSteps checks that a reversal's steps say how its
// figures came about (its settlement's, negated) rather than nothing: the
// fund details of what it reverses, or where no fund paid, where to look.
func TestExplainReversalSteps(t *testing.T) {
	prog, _, err := interp.LoadFS(policies.FS, "cn/nanjing/employee-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	ledger := interp.NewMemoryLedger()
	settle := func(line string) []string { return settledSteps(t, prog, ledger, line) }
	// Outpatient care below the deductible: no fund pays, no fund detail.
	const unpaid = `{"setl_id":"O1","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"11","medins_lv":"3","setl_time":"2025-03-10","medfee_sumamt":"200.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"200.00"`
	settle(unpaid + `}`)
	got := settle(strings.Replace(unpaid, `"O1"`, `"O1R"`, 1) + `,"reverses":"O1"}`)
	if diff := cmp.Diff([]string{"Every figure is O1's, negated (see mpl explain --id O1)"}, got); diff != "" {
		t.Errorf("steps of the reversal of an unpaid claim (-want +got):\n%s", diff)
	}
}

// settledSteps settles the claim of a JSON Lines line into ledger under
// prog, with its trace, and returns the explanation's steps in English.
func settledSteps(t *testing.T, prog *interp.Program, ledger interp.Ledger, line string) []string {
	t.Helper()
	c, err := claim.NewReader(strings.NewReader(line), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	s, err := prog.Settle(ledger, c, interp.Options{Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, st := range Explain(s, prog.Policy().Name, "", English).Steps {
		texts = append(texts, st.Text)
	}
	return texts
}

// TestFromLedger checks the line that says what an explanation against a
// ledger rests on, in both languages and on the HTML page, and that a
// settlement reversed since says by which setl_id.
func TestFromLedger(t *testing.T) {
	tests := []struct {
		lang Lang
		x    interp.Explained
		want string
	}{
		{Chinese, interp.Explained{Basis: interp.Presettled}, "预结算（2206）：账本 l.db 中没有此单，按账本现状计算；未写入账本。"},
		{English, interp.Explained{Basis: interp.Stored}, "As settled in ledger l.db, as stored there; nothing was written to the ledger."},
		{English, interp.Explained{Basis: interp.Rebuilt, ReversedBy: "R1"},
			"As settled in ledger l.db: settled again against the ledger as it stood before it, every figure equal to the stored settlement's to the fen; nothing was written to the ledger. It has been reversed since by R1."},
	}
	for _, tt := range tests {
		e := explanations(t, tt.lang)[0]
		e.FromLedger("l.db", &tt.x)
		var text, page bytes.Buffer
		e.WriteText(&text)
		if err := WriteHTML(&page, tt.lang, []*Explanation{e}); err != nil {
			t.Fatal(err)
		}
		if got := strings.Split(text.String(), "\n")[3]; got != tt.want {
			t.Errorf("text line 4 = %q, want %q", got, tt.want)
		}
		if !strings.Contains(page.String(), "<p>"+template.HTMLEscapeString(tt.want)+"</p>") {
			t.Errorf("page does not say %q", tt.want)
		}
	}
}

// TestShares checks the percentages of where every yuan went: they add up
// to 100.00% as the parts add up to the total (94.715% and 5.285%, each
// rounded half up, made 100.01%), the hundredths left over going to the
// parts rounding lost the most of, the earlier part on a tie.
func TestShares(t *testing.T) {
	tests := []struct {
		name  string
		parts []string
		total string
		want  []string
	}{
		{"two halves of a hundredth", []string{"47357.50", "2642.50"}, "50000.00", []string{"94.72%", "5.28%"}},
		{"thirds", []string{"1.00", "1.00", "1.00"}, "3.00", []string{"33.34%", "33.33%", "33.33%"}},
		{"one part", []string{"10.00"}, "10.00", []string{"100.00%"}},
		{"a fen of a great deal", []string{"999999.99", "0.01"}, "1000000.00", []string{"100.00%", "0.00%"}},
		{"exact", []string{"85.00", "15.00"}, "100.00", []string{"85.00%", "15.00%"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var parts []decimal.Decimal
			for _, p := range tt.parts {
				parts = append(parts, decimal.RequireFromString(p))
			}
			if diff := cmp.Diff(tt.want, shares(parts, decimal.RequireFromString(tt.total))); diff != "" {
				t.Errorf("shares (-want +got):\n%s", diff)
			}
		})
	}
}
