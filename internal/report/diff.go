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
// changed most.
//
// Each setl_id counts once, by the settlement that stands for it under
// each policy: the first of its rows to settle, in the order a batch
// settles (setl_time, then input order); a row sent again is answered
// with that settlement and is not summed again. A claim that one policy
// settles and the other turns away (an error row: refused, or a label the
// policy does not know) is summed too, the policy that turned it away
// paying nothing and the member bearing the claim's medfee_sumamt in cash,
// so that a reform that widens or narrows who is covered shows its cost.
// A claim that fails under both is counted in the errors only.
type Diff struct {
	Old        string        `json:"old"`
	New        string        `json:"new"`
	Claims     int           `json:"claims"`      // settled under both
	OnlyOld    int           `json:"only_old"`    // settled under the old policy only, turned away by the new
	OnlyNew    int           `json:"only_new"`    // settled under the new policy only, turned away by the old
	ErrorsOld  int           `json:"errors_old"`  // error rows under the old policy
	ErrorsNew  int           `json:"errors_new"`  // error rows under the new one
	ErrorsBoth int           `json:"errors_both"` // claims (setl_ids) settled under neither
	SentAgain  int           `json:"sent_again"`  // rows of a setl_id settled already, answered with its settlement: not summed
	Unreadable int           `json:"unreadable"`  // rows not read as claims (not JSON, a field broken): an error row under each policy, and no claim
	Funds      []FundChange  `json:"funds"`       // totals per setlinfo field
	Members    int           `json:"members"`     // members with a claim summed
	PayMore    int           `json:"members_pay_more"`
	PayLess    int           `json:"members_pay_less"`
	TopMembers []ShareChange `json:"top_members"` // largest changes of a member's share, either way
	TopClaims  []ShareChange `json:"top_claims"`  // largest changes of one claim's member share, its reversal netted
	// By is the fund's total (fund_pay_sumamt) before and after by person
	// type, kind of care and provider level, the claims' own labels
	// (as the policy names them where Options.Label does).
	By       []Breakdown `json:"by"`
	maxTotal decimal.Decimal
}

// Breakdown is the fund's total before and after for each label of one
// claim field.
type Breakdown struct {
	Field string       `json:"field"` // psn_type, med_type, medins_lv
	Rows  []GroupTotal `json:"rows"`
}

// GroupTotal is the fund's total before and after over the claims of one
// label.
type GroupTotal struct {
	Label  string `json:"label"`
	Claims int    `json:"claims"`
	Old    string `json:"old"`
	New    string `json:"new"`
	Change string `json:"change"`
	old    decimal.Decimal
	new    decimal.Decimal
}

// breakdownFields are the claim fields a diff is broken down by.
var breakdownFields = []string{"psn_type", "med_type", "medins_lv"}

// claimLabel is a claim's text for one of breakdownFields.
func claimLabel(c *claim.Claim, field string) string {
	switch field {
	case "psn_type":
		return c.PsnType
	case "med_type":
		return c.MedType
	}
	return c.MedinsLv
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
	old    decimal.Decimal
	new    decimal.Decimal
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

// Options are how Compare words and bounds a diff.
type Options struct {
	Lang Lang
	Top  int // how many members and claims to list
	// Label names a claim's text for a field (psn_type 1101 → 在职), for
	// the breakdowns; nil, or "" from it, keeps the text.
	Label func(field, text string) string
}

// Compare builds the diff of two settlements of the same rows (as read by
// interp.ReadAll and settled by each policy: oldRows[i] and newRows[i]
// are one input row), worded and bounded as opt says.
func Compare(oldName, newName string, oldRows, newRows []interp.Result, opt Options) (*Diff, error) {
	lang, top := opt.Lang, opt.Top
	if len(oldRows) != len(newRows) {
		return nil, fmt.Errorf("report: %d rows settled under the old policy but %d under the new: the two must settle the same rows", len(oldRows), len(newRows))
	}
	d := &Diff{Old: oldName, New: newName, Funds: []FundChange{}, TopMembers: []ShareChange{}, TopClaims: []ShareChange{}}
	totals := make([]FundChange, len(diffFields))
	for i, k := range diffFields {
		totals[i] = FundChange{Key: k, Label: lang.word(k)}
	}
	for i := range oldRows {
		if oldRows[i].Err != nil {
			d.ErrorsOld++
		}
		if newRows[i].Err != nil {
			d.ErrorsNew++
		}
	}
	oldStands, newStands := standing(oldRows), standing(newRows)
	for i := range oldRows {
		o, n := oldRows[i], newRows[i]
		if o.Settlement != nil && oldStands[o.Claim.SetlID] != i || n.Settlement != nil && newStands[n.Claim.SetlID] != i {
			d.SentAgain++ // under either policy: a claim one turns away may be sent again to the other
		}
	}
	members := map[string]*ShareChange{}
	claims := map[string]*ShareChange{} // by the setl_id a reversal reverses, or its own
	groups := make([]map[string]*GroupTotal, len(breakdownFields))
	for i := range groups {
		groups[i] = map[string]*GroupTotal{}
	}
	done := map[string]bool{}
	for i := range oldRows {
		c := oldRows[i].Claim
		if c == nil {
			d.Unreadable++ // the same row, read once, is unread under both
			continue
		}
		if done[c.SetlID] {
			// The setl_id sent again: a row that settled is counted as
			// sent again above; one refused under both is counted here,
			// as every other row refused under both is.
			if oldRows[i].Err != nil && newRows[i].Err != nil {
				d.ErrorsBoth++
			}
			continue
		}
		done[c.SetlID] = true
		o, settledOld := oldStands[c.SetlID]
		n, settledNew := newStands[c.SetlID]
		var os, ns claim.Setlinfo
		switch {
		case settledOld && settledNew:
			d.Claims++
			os, ns = oldRows[o].Settlement.Setlinfo, newRows[n].Settlement.Setlinfo
		case settledOld:
			d.OnlyOld++
			os, ns = oldRows[o].Settlement.Setlinfo, turnedAway(c, newStands)
		case settledNew:
			d.OnlyNew++
			os, ns = turnedAway(c, oldStands), newRows[n].Settlement.Setlinfo
		default:
			d.ErrorsBoth++
			continue
		}
		for j, k := range diffFields {
			totals[j].old = totals[j].old.Add(fieldAmount(&os, k))
			totals[j].new = totals[j].new.Add(fieldAmount(&ns, k))
		}
		delta := ns.PsnPartAmt.Sub(os.PsnPartAmt)
		m := members[c.PsnNo]
		if m == nil {
			m = &ShareChange{PsnNo: c.PsnNo}
			members[c.PsnNo] = m
		}
		m.old, m.new, m.delta = m.old.Add(os.PsnPartAmt), m.new.Add(ns.PsnPartAmt), m.delta.Add(delta)
		key := c.SetlID
		if c.Reverses != "" {
			key = c.Reverses
		}
		cl := claims[key]
		if cl == nil {
			cl = &ShareChange{SetlID: key, PsnNo: c.PsnNo}
			claims[key] = cl
		}
		cl.old, cl.new, cl.delta = cl.old.Add(os.PsnPartAmt), cl.new.Add(ns.PsnPartAmt), cl.delta.Add(delta)
		for i, field := range breakdownFields {
			label := claimLabel(c, field)
			if opt.Label != nil {
				if named := opt.Label(field, label); named != "" {
					label = named
				}
			}
			g := groups[i][label]
			if g == nil {
				g = &GroupTotal{Label: label}
				groups[i][label] = g
			}
			g.Claims++ // as the counts above, a reversal is one
			g.old, g.new = g.old.Add(os.FundPaySumamt), g.new.Add(ns.FundPaySumamt)
		}
	}
	d.By = []Breakdown{}
	for i, field := range breakdownFields {
		b := Breakdown{Field: field, Rows: []GroupTotal{}}
		for _, g := range groups[i] {
			g.Old, g.New, g.Change = g.old.StringFixed(2), g.new.StringFixed(2), signed(g.new.Sub(g.old))
			b.Rows = append(b.Rows, *g)
		}
		sort.Slice(b.Rows, func(x, y int) bool { return b.Rows[x].Label < b.Rows[y].Label })
		d.By = append(d.By, b)
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
	for _, m := range members {
		switch m.delta.Sign() {
		case 1:
			d.PayMore++
		case -1:
			d.PayLess++
		}
	}
	d.TopMembers = largest(members, top)
	d.TopClaims = largest(claims, top)
	return d, nil
}

// standing maps each setl_id to the row whose settlement stands for it:
// the first of its rows to settle, in the order a batch settles them.
func standing(rows []interp.Result) map[string]int {
	stands := map[string]int{}
	for _, i := range interp.SettleOrder(rows) {
		if rows[i].Settlement == nil {
			continue
		}
		if _, ok := stands[rows[i].Claim.SetlID]; !ok {
			stands[rows[i].Claim.SetlID] = i
		}
	}
	return stands
}

// turnedAway is what a claim a policy turned away costs under it, whose
// settlements stands holds: no fund pays, and the member bears the whole
// claim in cash. A reversal turned away gives that cash back where the
// claim it reverses was turned away too; where that claim settled, its
// settlement stands as settled, and the refused reversal changes nothing.
func turnedAway(c *claim.Claim, stands map[string]int) claim.Setlinfo {
	total := c.MedfeeSumamt
	if c.Reverses != "" {
		if _, settled := stands[c.Reverses]; settled {
			return claim.Setlinfo{}
		}
		total = total.Neg()
	}
	return claim.Setlinfo{PsnPartAmt: total, PsnCashPay: total}
}

// largest lists the changes that are not zero, largest first (ties by
// member and id), and keeps top.
func largest(changes map[string]*ShareChange, top int) []ShareChange {
	list := []ShareChange{}
	for _, c := range changes {
		if !c.delta.IsZero() {
			list = append(list, *c)
		}
	}
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
		list[i].Old, list[i].New, list[i].Change = list[i].old.StringFixed(2), list[i].new.StringFixed(2), signed(list[i].delta)
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
	fmt.Fprintln(w, d.countsText(zh))
	if d.OnlyOld+d.OnlyNew > 0 {
		fmt.Fprintln(w, t("仅一方结算的，拒付一方基金不支付，个人按医疗费总额现金负担，计入下表。",
			"A claim only one policy settles is summed with the other paying no fund and the member bearing its medfee_sumamt in cash."))
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  %s %14s %14s %14s\n", pad(t("项目", "Figure"), 28), t("原", "Old"), t("新", "New"), t("变化", "Change"))
	for _, f := range d.Funds {
		fmt.Fprintf(w, "  %s %14s %14s %14s\n", pad(f.Label, 28), f.Old, f.New, f.Change)
	}
	for _, b := range d.By {
		fmt.Fprintf(w, "\n  %s %8s %14s %14s %14s\n", pad(t(fieldWordsZh[b.Field], b.Field), 28), t("笔数", "claims"), t("基金原", "Fund old"), t("基金新", "Fund new"), t("变化", "Change"))
		for _, g := range b.Rows {
			fmt.Fprintf(w, "  %s %8d %14s %14s %14s\n", pad(g.Label, 28), g.Claims, g.Old, g.New, g.Change)
		}
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

// fieldWordsZh are the breakdowns' fields in Chinese.
var fieldWordsZh = map[string]string{"psn_type": "人员类别", "med_type": "医疗类别", "medins_lv": "医疗机构等级"}

// countsText says how many claims were summed and how many were left out.
func (d *Diff) countsText(zh bool) string {
	if zh {
		text := fmt.Sprintf("%d 笔两边均结算，%d 笔仅新政策结算，%d 笔仅原政策结算；两边均未结算 %d 笔（错误行：原政策 %d，新政策 %d）",
			d.Claims, d.OnlyNew, d.OnlyOld, d.ErrorsBoth, d.ErrorsOld, d.ErrorsNew)
		if d.SentAgain > 0 {
			text += fmt.Sprintf("；另有重复提交 %d 行，按原结算应答，不重复计入", d.SentAgain)
		}
		if d.Unreadable > 0 {
			text += fmt.Sprintf("；%d 行无法读为理赔（计入两边的错误行）", d.Unreadable)
		}
		return text
	}
	text := fmt.Sprintf("%d claims settled under both, %d under the new policy only, %d under the old only; %d under neither (error rows: %d old, %d new)",
		d.Claims, d.OnlyNew, d.OnlyOld, d.ErrorsBoth, d.ErrorsOld, d.ErrorsNew)
	if d.SentAgain > 0 {
		text += fmt.Sprintf("; %d row(s) sent again, answered with the settlement and not summed twice", d.SentAgain)
	}
	if d.Unreadable > 0 {
		text += fmt.Sprintf("; %d row(s) not read as claims (among both policies' error rows)", d.Unreadable)
	}
	return text
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
		Lang    Lang
		Zh      bool
		Counts  string
		FieldZh map[string]string
	}{d, lang, lang == Chinese, d.countsText(lang == Chinese), fieldWordsZh})
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
{{.Counts}}<br>
{{if .Zh}}参保人{{else}}Members{{end}} {{.Members}}: {{.PayMore}} ↑ {{.PayLess}} ↓</p>
{{if or .OnlyOld .OnlyNew}}<p>{{if .Zh}}仅一方结算的，拒付一方基金不支付，个人按医疗费总额现金负担，计入下表。{{else}}A claim only one policy settles is summed with the other paying no fund and the member bearing its medfee_sumamt in cash.{{end}}</p>{{end}}
<table><tr><th></th><th>{{if .Zh}}原{{else}}Old{{end}}</th><th>{{if .Zh}}新{{else}}New{{end}}</th><th>{{if .Zh}}变化{{else}}Change{{end}}</th><th style="width:35%"></th></tr>
{{range .Funds}}<tr><td>{{.Label}}</td><td class="n">{{.Old}}</td><td class="n">{{.New}}</td><td class="n">{{.Change}}</td>
<td><div class="b old" style="width:{{bar $.Diff .Old}}"></div><div class="b new" style="width:{{bar $.Diff .New}}"></div></td></tr>{{end}}
</table>
{{range .By}}<h2>{{if $.Zh}}{{index $.FieldZh .Field}}{{else}}{{.Field}}{{end}}</h2>
<table><tr><th></th><th>{{if $.Zh}}笔数{{else}}Claims{{end}}</th><th>{{if $.Zh}}基金原{{else}}Fund old{{end}}</th><th>{{if $.Zh}}基金新{{else}}Fund new{{end}}</th><th>{{if $.Zh}}变化{{else}}Change{{end}}</th></tr>
{{range .Rows}}<tr><td>{{.Label}}</td><td class="n">{{.Claims}}</td><td class="n">{{.Old}}</td><td class="n">{{.New}}</td><td class="n">{{.Change}}</td></tr>{{end}}</table>{{end}}
<h2>{{if .Zh}}个人负担变化最大的参保人{{else}}Members whose share changed most{{end}}</h2>
<table>{{range .TopMembers}}<tr><td>{{.PsnNo}}</td><td class="n">{{.Old}}</td><td class="n">{{.New}}</td><td class="n">{{.Change}}</td></tr>{{end}}</table>
<h2>{{if .Zh}}变化最大的结算{{else}}Claims that changed most{{end}}</h2>
<table>{{range .TopClaims}}<tr><td>{{.SetlID}}</td><td>{{.PsnNo}}</td><td class="n">{{.Old}}</td><td class="n">{{.New}}</td><td class="n">{{.Change}}</td></tr>{{end}}</table>
</body></html>
`))
