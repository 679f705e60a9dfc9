package report

import (
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"sort"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// Diff is the impact of a policy change over one batch of claims: what each
// fund pays before and after, who pays more or less, and the claims that
// changed most. Claims that fail under either policy are counted, not summed.
type Diff struct {
	Old        string        `json:"old"`
	New        string        `json:"new"`
	Claims     int           `json:"claims"`     // settled under both
	ErrorsOld  int           `json:"errors_old"` // error rows under the old policy
	ErrorsNew  int           `json:"errors_new"` // error rows under the new one
	Funds      []FundChange  `json:"funds"`      // totals per setlinfo field
	Members    int           `json:"members"`    // members with a claim settled under both
	PayMore    int           `json:"members_pay_more"`
	PayLess    int           `json:"members_pay_less"`
	TopMembers []ShareChange `json:"top_members"` // largest changes of a member's share, either way
	TopClaims  []ShareChange `json:"top_claims"`  // largest changes of one claim's member share
	maxTotal   decimal.Decimal
}

// FundChange is one figure's total before and after.
type FundChange struct {
	Key    string `json:"field"`
	Label  string `json:"label"`
	Old    string `json:"old"`
	New    string `json:"new"`
	Change string `json:"change"`
	old    decimal.Decimal
	new    decimal.Decimal
}

// ShareChange is a change of what a member (or a claim's member) pays.
type ShareChange struct {
	SetlID string `json:"setl_id,omitempty"`
	PsnNo  string `json:"psn_no"`
	Old    string `json:"old"`
	New    string `json:"new"`
	Change string `json:"change"`
	delta  decimal.Decimal
}

// diffFields are the figures a reform report totals.
var diffFields = []string{"hifp_pay", "hifob_pay", "hifmi_pay", "cvlserv_pay", "hifes_pay", "maf_pay", "oth_pay",
	"fund_pay_sumamt", "psn_part_amt", "acct_pay", "acct_mulaid_pay", "psn_cash_pay"}

func fieldAmount(si *claim.Setlinfo, key string) decimal.Decimal {
	switch key {
	case "hifp_pay":
		return si.HifpPay
	case "hifob_pay":
		return si.HifobPay
	case "hifmi_pay":
		return si.HifmiPay
	case "cvlserv_pay":
		return si.CvlservPay
	case "hifes_pay":
		return si.HifesPay
	case "maf_pay":
		return si.MafPay
	case "oth_pay":
		return si.OthPay
	case "fund_pay_sumamt":
		return si.FundPaySumamt
	case "psn_part_amt":
		return si.PsnPartAmt
	case "acct_pay":
		return si.AcctPay
	case "acct_mulaid_pay":
		return si.AcctMulaidPay
	case "psn_cash_pay":
		return si.PsnCashPay
	}
	return decimal.Zero
}

// Compare builds the diff of two settlements of the same rows (as read by
// interp.ReadAll and settled by each policy). top bounds the lists.
func Compare(oldName, newName string, oldRows, newRows []interp.Result, lang Lang, top int) *Diff {
	d := &Diff{Old: oldName, New: newName}
	totals := make([]FundChange, len(diffFields))
	for i, k := range diffFields {
		totals[i] = FundChange{Key: k, Label: lang.word(k)}
	}
	members := map[string]*ShareChange{}
	var claims []ShareChange
	seen := map[string]bool{}
	for i := range oldRows {
		o, n := oldRows[i], newRows[i]
		// A re-submitted setl_id returns the stored settlement: count it once.
		if o.Claim != nil {
			if seen[o.Claim.SetlID] {
				continue
			}
			seen[o.Claim.SetlID] = true
		}
		if o.Err != nil {
			d.ErrorsOld++
		}
		if n.Err != nil {
			d.ErrorsNew++
		}
		if o.Settlement == nil || n.Settlement == nil {
			continue
		}
		d.Claims++
		os, ns := &o.Settlement.Setlinfo, &n.Settlement.Setlinfo
		for j, k := range diffFields {
			totals[j].old = totals[j].old.Add(fieldAmount(os, k))
			totals[j].new = totals[j].new.Add(fieldAmount(ns, k))
		}
		psn := o.Settlement.PsnNo
		m := members[psn]
		if m == nil {
			m = &ShareChange{PsnNo: psn}
			members[psn] = m
		}
		delta := ns.PsnPartAmt.Sub(os.PsnPartAmt)
		m.delta = m.delta.Add(delta)
		m.Old = addText(m.Old, os.PsnPartAmt)
		m.New = addText(m.New, ns.PsnPartAmt)
		if !delta.IsZero() {
			claims = append(claims, ShareChange{SetlID: o.Settlement.SetlID, PsnNo: psn,
				Old: os.PsnPartAmt.StringFixed(2), New: ns.PsnPartAmt.StringFixed(2), delta: delta})
		}
	}
	for _, t := range totals {
		if t.old.IsZero() && t.new.IsZero() {
			continue
		}
		t.Old, t.New, t.Change = t.old.StringFixed(2), t.new.StringFixed(2), signed(t.new.Sub(t.old))
		d.maxTotal = decimal.Max(d.maxTotal, t.old.Abs(), t.new.Abs())
		d.Funds = append(d.Funds, t)
	}
	d.Members = len(members)
	var ms []ShareChange
	for _, m := range members {
		switch m.delta.Sign() {
		case 1:
			d.PayMore++
		case -1:
			d.PayLess++
		}
		if !m.delta.IsZero() {
			ms = append(ms, *m)
		}
	}
	d.TopMembers = largest(ms, top)
	d.TopClaims = largest(claims, top)
	return d
}

func addText(sum string, d decimal.Decimal) string {
	if sum == "" {
		return d.StringFixed(2)
	}
	return decimal.RequireFromString(sum).Add(d).StringFixed(2)
}

// largest sorts by the size of the change, largest first (ties by id), and
// keeps top.
func largest(list []ShareChange, top int) []ShareChange {
	sort.Slice(list, func(i, j int) bool {
		if c := list[i].delta.Abs().Cmp(list[j].delta.Abs()); c != 0 {
			return c > 0
		}
		if list[i].PsnNo != list[j].PsnNo {
			return list[i].PsnNo < list[j].PsnNo
		}
		return list[i].SetlID < list[j].SetlID
	})
	if len(list) > top {
		list = list[:top]
	}
	for i := range list {
		list[i].Change = signed(list[i].delta)
	}
	return list
}

func signed(d decimal.Decimal) string {
	if d.IsPositive() {
		return "+" + d.StringFixed(2)
	}
	return d.StringFixed(2)
}

// WriteText prints the diff as tables.
func (d *Diff) WriteText(w io.Writer, lang Lang) {
	zh := lang == Chinese
	t := func(zhText, enText string) string {
		if zh {
			return zhText
		}
		return enText
	}
	fmt.Fprintf(w, "%s: %s\n%s: %s\n", t("原政策", "Old policy"), d.Old, t("新政策", "New policy"), d.New)
	fmt.Fprintf(w, t("%d 笔结算两边均成功（原政策错误 %d 笔，新政策错误 %d 笔）\n\n", "%d claims settled under both (errors: %d old, %d new)\n\n"), d.Claims, d.ErrorsOld, d.ErrorsNew)
	fmt.Fprintf(w, "  %s %14s %14s %14s\n", pad(t("项目", "Figure"), 28), t("原", "Old"), t("新", "New"), t("变化", "Change"))
	for _, f := range d.Funds {
		fmt.Fprintf(w, "  %s %14s %14s %14s\n", pad(f.Label, 28), f.Old, f.New, f.Change)
	}
	fmt.Fprintf(w, t("\n%d 名参保人：%d 人负担增加，%d 人减少\n", "\n%d members: %d pay more, %d pay less\n"), d.Members, d.PayMore, d.PayLess)
	if len(d.TopMembers) > 0 {
		fmt.Fprintln(w, t("\n个人负担变化最大的参保人", "\nMembers whose share changed most"))
		for _, m := range d.TopMembers {
			fmt.Fprintf(w, "  %-12s %14s → %14s  %14s\n", m.PsnNo, m.Old, m.New, m.Change)
		}
	}
	if len(d.TopClaims) > 0 {
		fmt.Fprintln(w, t("\n变化最大的结算", "\nClaims that changed most"))
		for _, c := range d.TopClaims {
			fmt.Fprintf(w, "  %-12s %-10s %14s → %14s  %14s\n", c.SetlID, c.PsnNo, c.Old, c.New, c.Change)
		}
	}
}

// WriteJSON writes the diff as one JSON object.
func (d *Diff) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

// WriteHTML writes the diff as a self-contained page with a bar chart of
// each figure before and after.
func (d *Diff) WriteHTML(w io.Writer, lang Lang) error {
	return diffPage.Execute(w, struct {
		*Diff
		Lang Lang
		Zh   bool
	}{d, lang, lang == Chinese})
}

// barWidth is a figure's bar length in percent of the largest figure.
func (d *Diff) barWidth(amount string) template.CSS {
	if !d.maxTotal.IsPositive() {
		return "0%"
	}
	a := decimal.RequireFromString(amount).Abs()
	return template.CSS(a.Div(d.maxTotal).Mul(decimal.NewFromInt(100)).StringFixed(2) + "%")
}

var diffPage = template.Must(template.New("diff").Funcs(template.FuncMap{
	"bar": func(d *Diff, amount string) template.CSS { return d.barWidth(amount) },
}).Parse(`<!DOCTYPE html>
<html lang="{{.Lang}}"><head><meta charset="utf-8"><title>{{if .Zh}}政策调整影响{{else}}Policy change impact{{end}}</title>
<style>
body{font-family:system-ui,"PingFang SC","Microsoft YaHei",sans-serif;max-width:60em;margin:2em auto;color:#222}
table{border-collapse:collapse;width:100%;margin-bottom:2em}td,th{padding:.25em .5em;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}.b{height:.8em;margin:.1em 0}.old{background:#b7b7b7}.new{background:#2f6fb3}
</style></head><body>
<h1>{{if .Zh}}政策调整影响{{else}}Policy change impact{{end}}</h1>
<p>{{if .Zh}}原政策{{else}}Old{{end}}: {{.Old}}<br>{{if .Zh}}新政策{{else}}New{{end}}: {{.New}}<br>
{{.Claims}} {{if .Zh}}笔结算；参保人{{else}}claims; members{{end}} {{.Members}}: {{.PayMore}} ↑ {{.PayLess}} ↓</p>
<table><tr><th></th><th>{{if .Zh}}原{{else}}Old{{end}}</th><th>{{if .Zh}}新{{else}}New{{end}}</th><th>{{if .Zh}}变化{{else}}Change{{end}}</th><th style="width:35%"></th></tr>
{{range .Funds}}<tr><td>{{.Label}}</td><td class="n">{{.Old}}</td><td class="n">{{.New}}</td><td class="n">{{.Change}}</td>
<td><div class="b old" style="width:{{bar $.Diff .Old}}"></div><div class="b new" style="width:{{bar $.Diff .New}}"></div></td></tr>{{end}}
</table>
<h2>{{if .Zh}}个人负担变化最大的参保人{{else}}Members whose share changed most{{end}}</h2>
<table>{{range .TopMembers}}<tr><td>{{.PsnNo}}</td><td class="n">{{.Old}}</td><td class="n">{{.New}}</td><td class="n">{{.Change}}</td></tr>{{end}}</table>
<h2>{{if .Zh}}变化最大的结算{{else}}Claims that changed most{{end}}</h2>
<table>{{range .TopClaims}}<tr><td>{{.SetlID}}</td><td>{{.PsnNo}}</td><td class="n">{{.Old}}</td><td class="n">{{.New}}</td><td class="n">{{.Change}}</td></tr>{{end}}</table>
</body></html>
`))
