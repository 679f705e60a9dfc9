package report

import (
	"fmt"
	"html/template"
	"io"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// Explanation is one settlement made readable: the bill's parts, each step
// as a sentence with the policy line behind it, and where every yuan went.
type Explanation struct {
	Lang   Lang
	SetlID string
	PsnNo  string
	Policy string
	Source string
	Costs  []Line
	Steps  []Step
	Parts  []Part
	Total  string
	Note   string // e.g. that this is a reversal
	// Ledger says what an explanation against a persistent ledger rests
	// on (see FromLedger); "" for one settled in memory.
	Ledger string
}

// FromLedger notes on e what its explanation against the ledger named
// ledger rests on: the settlement stored there (its stored trace, or one
// rebuilt to the fen), reversed since or not, or a pre-settlement that
// wrote nothing.
func (e *Explanation) FromLedger(ledger string, x *interp.Explained) {
	w := e.Lang.word
	switch x.Basis {
	case interp.Presettled:
		e.Ledger = fmt.Sprintf(w("ledger_presettled"), ledger)
	case interp.Rebuilt:
		e.Ledger = fmt.Sprintf(w("ledger_rebuilt"), ledger)
	default:
		e.Ledger = fmt.Sprintf(w("ledger_stored"), ledger)
	}
	if x.ReversedBy != "" {
		e.Ledger += fmt.Sprintf(w("ledger_reversed"), x.ReversedBy)
	}
}

// Line is one labelled amount.
type Line struct {
	Label  string
	Amount string
}

// Step is one step of the calculation, with the policy line behind it.
type Step struct {
	Text string
	Pos  string
}

// Part is one destination of the money, with its share of the total.
type Part struct {
	Key    string // setlinfo field, e.g. hifp_pay
	Label  string
	Amount string
	Share  string // e.g. 63.75%
}

// partKeys are the destinations of every yuan, in the order they are paid.
var partKeys = []string{"hifp_pay", "hifob_pay", "hifmi_pay", "cvlserv_pay", "hifes_pay", "maf_pay", "oth_pay",
	"acct_pay", "acct_mulaid_pay", "psn_cash_pay"}

// Explain builds the explanation of a settlement (which must carry its
// trace) under a policy name and cited source.
func Explain(s *claim.Settlement, policy, source string, lang Lang) *Explanation {
	si := &s.Setlinfo
	e := &Explanation{Lang: lang, SetlID: s.SetlID, PsnNo: s.PsnNo, Policy: policy, Source: source, Total: si.MedfeeSumamt.StringFixed(2)}
	amounts := map[string]decimal.Decimal{
		"medfee_sumamt": si.MedfeeSumamt, "fulamt_ownpay_amt": si.FulamtOwnpayAmt, "overlmt_selfpay": si.OverlmtSelfpay,
		"preselfpay_amt": si.PreselfpayAmt, "inscp_scp_amt": si.InscpScpAmt, "hifp_pay": si.HifpPay, "hifob_pay": si.HifobPay,
		"hifmi_pay": si.HifmiPay, "cvlserv_pay": si.CvlservPay, "hifes_pay": si.HifesPay, "maf_pay": si.MafPay,
		"oth_pay": si.OthPay, "acct_pay": si.AcctPay, "acct_mulaid_pay": si.AcctMulaidPay, "psn_cash_pay": si.PsnCashPay,
	}
	for _, k := range []string{"medfee_sumamt", "fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt"} {
		e.Costs = append(e.Costs, Line{Label: lang.word(k), Amount: amounts[k].StringFixed(2)})
	}
	var paid []decimal.Decimal
	for _, k := range partKeys {
		a := amounts[k]
		if a.IsZero() {
			continue
		}
		e.Parts = append(e.Parts, Part{Key: k, Label: lang.word(k), Amount: a.StringFixed(2), Share: "—"})
		paid = append(paid, a.Abs())
	}
	if total := si.MedfeeSumamt.Abs(); total.IsPositive() {
		for i, share := range shares(paid, total) {
			e.Parts[i].Share = share
		}
	}
	reversed := "" // the setl_id a reversal reverses
	for _, t := range s.Trace {
		if t.Step == "reversal" {
			// A reversal's one step: the note says it.
			reversed = t.Inputs["reverses"]
			e.Note = fmt.Sprintf(lang.word("reversal"), reversed)
			continue
		}
		if text := lang.sentence(t); text != "" {
			e.Steps = append(e.Steps, Step{Text: text, Pos: t.Pos})
		}
	}
	if len(s.Trace) == 0 && len(s.Setldetail) > 0 && strings.HasPrefix(s.Setldetail[0].SetlProcInfo, "冲正 ") {
		// A reversal settled without its trace (stored before reversals had one).
		reversed = strings.TrimSuffix(strings.Fields(s.Setldetail[0].SetlProcInfo)[1], ":")
		e.Note = fmt.Sprintf(lang.word("reversal"), reversed)
	}
	if reversed != "" && len(e.Steps) == 0 {
		// A reversal's figures are its settlement's, negated: the steps
		// are that settlement's, as its fund details say them, or where
		// no fund paid, where to find them.
		for _, d := range s.Setldetail {
			e.Steps = append(e.Steps, Step{Text: d.SetlProcInfo})
		}
		if len(e.Steps) == 0 {
			e.Steps = append(e.Steps, Step{Text: fmt.Sprintf(lang.word("reversal_steps"), reversed, reversed)})
		}
	}
	return e
}

// sentence turns one trace step into a sentence, or "" for steps that the
// costs and parts already say (the split).
func (l Lang) sentence(t claim.TraceStep) string {
	in := t.Inputs
	amt := t.Amount.StringFixed(2)
	w := l.word
	switch t.Step {
	case "benefit":
		title := strings.TrimSpace(strings.TrimPrefix(t.Note, "适用待遇"))
		if title != "" {
			title = "(" + title + ")"
		}
		return fmt.Sprintf(w("benefit"), t.Rule, title)
	case "deductible":
		if strings.Contains(t.Note, "按次") {
			// A schedule's admission owes its own amount, not the base.
			due := in["due"]
			if due == "" {
				due = in["deductible"] // a trace from before "due"
			}
			return fmt.Sprintf(w("deductible_adm"), amt, due, in["admission"])
		}
		return fmt.Sprintf(w("deductible"), in["borne_before"], amt, in["deductible"])
	case "ratio":
		base := in["base"] // parenthesised only where something is taken from it
		if d := in["act_pay_dedc"]; d != "" && d != "0.00" {
			base = "(" + in["inscp_scp_amt"] + " − " + d + ")"
		}
		if bands := in["bands"]; bands != "" {
			return fmt.Sprintf(w("ratio_bands"), base, bands, l.rounded(t))
		}
		return fmt.Sprintf(w("ratio"), base, in["ratio"], l.rounded(t))
	case "adjust":
		return fmt.Sprintf(w("adjust"), in["op"], in["value"], in["ratio"], l.rounded(t))
	case "remote":
		if in["mdtrt_area"] == "本地" || in["mdtrt_area"] == "" {
			// Care at the insured place: no remote care to speak of;
			// where the rule changes nothing, nothing to say.
			if noChange(in["op"], in["value"]) {
				return ""
			}
			place := w("local")
			if f := in["remote_filing"]; f != "" {
				place = fmt.Sprintf(w("local_filed"), f)
			}
			return fmt.Sprintf(w("remote_local"), place, in["op"], in["value"], in["ratio"], l.rounded(t))
		}
		return fmt.Sprintf(w("remote"), in["mdtrt_area"], in["remote_filing"], in["op"], in["value"], in["ratio"], l.rounded(t))
	case "cap":
		if in["per"] == "visit" {
			return fmt.Sprintf(w("cap_visit"), in["cap"], l.capped(in), in["computed"], amt)
		}
		return fmt.Sprintf(w("cap_year"), in["cap"], in["paid_before"], l.capped(in), in["computed"], amt)
	case "fund":
		return l.fund(t)
	case "account":
		if t.Rule == "family" {
			return fmt.Sprintf(w("family"), strings.TrimPrefix(t.Note, "家庭共济 "), amt)
		}
		return fmt.Sprintf(w("account"), in["balance_before"], amt)
	case "cash":
		return fmt.Sprintf(w("cash"), amt)
	case "eligibility":
		if t.Rule == "lapse" {
			return w("lapse")
		}
		if t.Rule == "psn_insu_stas" {
			return fmt.Sprintf(w("insu_stas"), claim.InsuStasLabel(in["psn_insu_stas"]))
		}
	}
	return ""
}

// rounded is a step's amount as the settlement pays it: rounded to the fen
// as the policy rounds, with a word on that rounding where it is not half
// up and left something out.
func (l Lang) rounded(t claim.TraceStep) string {
	r, ok := t.Inputs["rounded"]
	if !ok {
		return t.Amount.StringFixed(2) // a trace from before "rounded"
	}
	raw := t.Amount
	if x, ok := t.Inputs["raw"]; ok {
		raw = figure(x) // a fund's step: its amount is rounded already
	}
	if mode := t.Inputs["rounding"]; mode != "half_up" && !raw.Equal(raw.Truncate(2)) {
		r += l.word("round_" + mode)
	}
	return r
}

// noChange reports whether an adjustment leaves the ratio as it was
// (× 100%, + 0%, − 0%).
func noChange(op, value string) bool {
	return (op == "×" && value == "100%") || ((op == "+" || op == "-") && value == "0%")
}

// capped names the fund a cap holds: the pooled fund, or the further fund
// the cap belongs to.
func (l Lang) capped(in map[string]string) string {
	name := l.fundLabel(in["fund"], in["fund_name"])
	if l == English {
		// Mid-sentence: "… cut from …".
		r, size := utf8.DecodeRuneInString(name)
		name = string(unicode.ToLower(r)) + name[size:]
	}
	return name
}

// fundLabel is a fund's name in the report's language: the pooled fund's
// (for fund "hifp_pay", or a trace from before "fund"), or in Chinese the
// fund's name, in English its setlinfo field's label (the name where the
// field is the catch-all oth_pay).
func (l Lang) fundLabel(fund, name string) string {
	switch {
	case fund == "" || fund == "hifp_pay":
		return l.word("pooled")
	case l == English && fund != "oth_pay":
		return l.word(fund)
	case name != "":
		return name
	}
	return l.word(fund)
}

// fund is a further fund's step: what it works on, its ratio or its
// bands' working, and why it pays nothing when it does.
func (l Lang) fund(t claim.TraceStep) string {
	in, w := t.Inputs, l.word
	amt := t.Amount.StringFixed(2)
	if _, ok := in["rounded"]; !ok {
		// A trace from before the fund's working: its name and amount.
		return fmt.Sprintf(w("fund"), in["fund_name"], t.Rule) + amt
	}
	head := fmt.Sprintf(w("fund"), l.fundLabel(in["fund"], in["fund_name"]), t.Rule)
	var parts []string
	switch bands, banded := in["bands"]; {
	case !banded:
		key, base := "fund_share", in["share"]
		if in["base"] == "oop" {
			key, base = "fund_oop", in["oop"]
		}
		parts = []string{fmt.Sprintf(w(key), base) + " × " + in["ratio"] + " = " + l.rounded(t)}
	case in["base"] == "oop":
		parts = l.yearBands(t)
	case bands == "":
		parts = []string{fmt.Sprintf(w("fund_share"), in["share"]), amt}
	default:
		parts = []string{fmt.Sprintf(w("fund_share"), in["share"]), fmt.Sprintf(w("fund_bands"), bands, l.rounded(t))}
	}
	if figure(in["rounded"]).GreaterThan(t.Amount) {
		// The working comes to more than the in-scope share left: the
		// fund pays the share.
		parts = append(parts, fmt.Sprintf(w("fund_held"), in["share"], amt))
	}
	return head + strings.Join(parts, w("sep"))
}

// yearBands is the working of a fund's bands over the year's in-scope
// out-of-pocket: where they start, the year's total before and after the
// claim, and each band's share of it; or why they pay nothing (the total
// is not above where they start, or was past their end already).
func (l Lang) yearBands(t claim.TraceStep) []string {
	in, w := t.Inputs, l.word
	amt := t.Amount.StringFixed(2)
	before, after := figure(in["oop_before"]), figure(in["oop_after"])
	year := fmt.Sprintf(w("fund_year"), in["oop_before"], in["oop_after"])
	threshold, top, bands := in["threshold"], in["bands_top"], in["bands"]
	if bands == "" && top != "" && !before.LessThan(figure(top)) {
		return []string{fmt.Sprintf(w("fund_top"), top), year, w("fund_used_up") + amt}
	}
	var parts []string
	if threshold != "" {
		parts = append(parts, fmt.Sprintf(w("fund_threshold"), threshold))
	}
	parts = append(parts, year)
	switch {
	case bands != "":
		parts = append(parts, fmt.Sprintf(w("fund_bands"), bands, l.rounded(t)))
		if top != "" && after.GreaterThan(figure(top)) {
			parts = append(parts, fmt.Sprintf(w("fund_above_top"), top))
		}
	case before.Equal(after):
		parts = append(parts, w("fund_no_oop")+amt)
	case threshold != "":
		parts = append(parts, w("fund_below")+amt)
	default:
		parts = append(parts, amt)
	}
	return parts
}

// figure reads an amount of a trace's inputs; one absent or unreadable
// reads as 0.
func figure(s string) decimal.Decimal {
	d, err := decimal.NewFromString(s)
	if err != nil {
		return decimal.Zero
	}
	return d
}

// WriteText prints the explanation for a terminal or a printed slip.
func (e *Explanation) WriteText(out io.Writer) {
	w := e.Lang.word
	fmt.Fprintf(out, "%s · %s %s · %s %s\n", w("title"), w("claim"), e.SetlID, w("member"), e.PsnNo)
	fmt.Fprintf(out, "%s: %s\n%s: %s\n", w("policy"), e.Policy, w("source"), e.Source)
	if e.Ledger != "" {
		fmt.Fprintf(out, "%s\n", e.Ledger)
	}
	if e.Note != "" {
		fmt.Fprintf(out, "%s\n", e.Note)
	}
	fmt.Fprintf(out, "\n%s\n", w("costs"))
	for _, l := range e.Costs {
		fmt.Fprintf(out, "  %s %12s\n", pad(l.Label, 40), l.Amount)
	}
	fmt.Fprintf(out, "\n%s\n", w("steps"))
	for i, s := range e.Steps {
		fmt.Fprintf(out, "  %d. %s\n", i+1, s.Text)
		if s.Pos != "" {
			fmt.Fprintf(out, "     ← %s\n", s.Pos)
		}
	}
	fmt.Fprintf(out, "\n%s\n", w("where"))
	for _, p := range e.Parts {
		fmt.Fprintf(out, "  %s %12s  %7s\n", pad(p.Label, 28), p.Amount, p.Share)
	}
	fmt.Fprintf(out, "  %s %12s\n", pad(w("total"), 28), e.Total)
}

// pad right-pads s to width terminal cells, counting CJK as two.
func pad(s string, width int) string {
	cells := 0
	for _, r := range s {
		cells++
		if r >= 0x2E80 {
			cells++
		}
	}
	if cells >= width {
		return s
	}
	return s + strings.Repeat(" ", width-cells)
}

// WriteHTML writes the explanations as one self-contained page (no external
// files or scripts), each with a stacked bar of where the money went.
func WriteHTML(out io.Writer, lang Lang, list []*Explanation) error {
	return explainPage.Execute(out, struct {
		Lang  Lang
		Title string
		List  []*Explanation
		W     map[string]string
	}{lang, lang.word("title"), list, words[lang]})
}

var barColours = map[string]string{
	"hifp_pay": "#2f6fb3", "hifob_pay": "#4f8fd3", "hifmi_pay": "#6fa8dc", "cvlserv_pay": "#8e7cc3",
	"hifes_pay": "#76a5af", "maf_pay": "#93c47d", "oth_pay": "#b7b7b7", "acct_pay": "#f1c232",
	"acct_mulaid_pay": "#e69138", "psn_cash_pay": "#cc4125",
}

var explainPage = template.Must(template.New("explain").Funcs(template.FuncMap{
	"colour": func(k string) template.CSS { return template.CSS(barColours[k]) },
	"width":  func(share string) template.CSS { return template.CSS(share) },
}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:52em;margin:2em auto;color:#222}
section{border:1px solid #ddd;border-radius:6px;padding:1em 1.5em;margin-bottom:2em}
table{border-collapse:collapse;width:100%}td{padding:.2em .5em}td.n{text-align:right;font-variant-numeric:tabular-nums}
.bar{display:flex;height:2em;border-radius:4px;overflow:hidden;margin:1em 0}.bar div{height:100%}
.pos{color:#888;font-size:.85em;font-family:monospace}.key{display:inline-block;width:1em;height:1em;vertical-align:middle;margin-right:.4em}
</style></head><body>
{{range .List}}<section>
<h2>{{$.Title}} · {{index $.W "claim"}} {{.SetlID}} · {{index $.W "member"}} {{.PsnNo}}</h2>
<p>{{index $.W "policy"}}: {{.Policy}}<br>{{index $.W "source"}}: {{.Source}}</p>
{{if .Ledger}}<p>{{.Ledger}}</p>
{{end}}{{if .Note}}<p><strong>{{.Note}}</strong></p>{{end}}
<div class="bar">{{range .Parts}}<div style="width:{{width .Share}};background:{{colour .Key}}" title="{{.Label}} {{.Amount}} ({{.Share}})"></div>{{end}}</div>
<h3>{{index $.W "where"}}</h3>
<table>{{range .Parts}}<tr><td><span class="key" style="background:{{colour .Key}}"></span>{{.Label}}</td><td class="n">{{.Amount}}</td><td class="n">{{.Share}}</td></tr>{{end}}
<tr><td><strong>{{index $.W "total"}}</strong></td><td class="n"><strong>{{.Total}}</strong></td><td></td></tr></table>
<h3>{{index $.W "costs"}}</h3>
<table>{{range .Costs}}<tr><td>{{.Label}}</td><td class="n">{{.Amount}}</td></tr>{{end}}</table>
<h3>{{index $.W "steps"}}</h3>
<ol>{{range .Steps}}<li>{{.Text}}{{if .Pos}} <span class="pos">{{.Pos}}</span>{{end}}</li>{{end}}</ol>
</section>{{end}}
</body></html>
`))

// shares writes each of parts as a percentage of total with two places,
// adding up to 100.00% when the parts add up to total: each is rounded
// down to a hundredth of a percent, and the hundredths left over go to
// the parts that lost the most (rounded each on its own, 94.715% and
// 5.285% showed as 94.72% and 5.29%, 100.01% in all).
func shares(parts []decimal.Decimal, total decimal.Decimal) []string {
	tenThousand := decimal.NewFromInt(10000)
	units := make([]int64, len(parts)) // hundredths of a percent
	rest := make([]decimal.Decimal, len(parts))
	var sum int64
	for i, a := range parts {
		exact := a.Mul(tenThousand).Div(total)
		whole := exact.Floor()
		units[i], rest[i] = whole.IntPart(), exact.Sub(whole)
		sum += units[i]
	}
	if len(parts) > 0 && total.Equal(decimal.Sum(decimal.Zero, parts...)) {
		order := make([]int, len(parts))
		for i := range order {
			order[i] = i
		}
		// The largest remainders first; on a tie, the earlier part.
		slices.SortStableFunc(order, func(a, b int) int { return rest[b].Cmp(rest[a]) })
		for _, i := range order[:min(int(10000-sum), len(order))] {
			units[i]++
		}
	}
	out := make([]string, len(parts))
	for i, u := range units {
		out[i] = decimal.New(u, -2).StringFixed(2) + "%"
	}
	return out
}
