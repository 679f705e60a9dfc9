package report

// Lang is the language of a report.
type Lang string

// Report languages.
const (
	Chinese Lang = "zh"
	English Lang = "en"
)

// words holds every fixed phrase of the reports in both languages.
var words = map[Lang]map[string]string{
	Chinese: {
		"title":             "结算说明",
		"claim":             "单据",
		"member":            "参保人",
		"policy":            "政策",
		"source":            "依据",
		"costs":             "一、费用构成",
		"steps":             "二、计算过程",
		"where":             "三、每一元去向",
		"total":             "合计",
		"medfee_sumamt":     "医疗费总额",
		"fulamt_ownpay_amt": "全自费（目录外）",
		"overlmt_selfpay":   "超限价自费",
		"preselfpay_amt":    "先行自付（乙类）",
		"inscp_scp_amt":     "符合政策范围",
		"hifp_pay":          "统筹基金支付",
		"hifob_pay":         "大额医疗费用补助",
		"hifmi_pay":         "居民大病保险",
		"cvlserv_pay":       "公务员医疗补助",
		"hifes_pay":         "企业补充医疗保险",
		"maf_pay":           "医疗救助",
		"oth_pay":           "其他基金",
		"acct_pay":          "个人账户支付",
		"acct_mulaid_pay":   "家庭共济支付",
		"psn_cash_pay":      "现金支付",
		"fund_pay_sumamt":   "基金支付合计",
		"psn_part_amt":      "个人负担",
		"benefit":           "适用待遇「%s」%s",
		"deductible":        "起付线：本年已付 %s，本次承担 %s（应付 %s）",
		"deductible_adm":    "起付线（按次）：本次承担 %s（应付 %s，本年第 %s 次）",
		"ratio":             "统筹基金：(%s) × %s = %s",
		"adjust":            "比例调整 %s %s，调整后比例 %s，统筹基金 %s",
		"remote":            "异地就医（%s，%s）：比例 %s %s，调整后比例 %s，统筹基金 %s",
		"cap_year":          "年度限额 %s，本年已付 %s：统筹基金由 %s 降为 %s",
		"cap_visit":         "每次限额 %s：由 %s 降为 %s",
		"fund":              "%s（%s）：%s",
		"account":           "个人账户：余额 %s，支付 %s",
		"family":            "家庭共济（%s）：支付 %s",
		"cash":              "现金：%s",
		"lapse":             "断缴：自停缴次月起停止统筹待遇，统筹基金与大病等基金不予支付，个人账户按政策支付",
		"insu_stas":         "参保状态为「%s」：统筹基金与大病等基金不予支付，个人账户按政策支付",
		"reversal":          "本单为冲正，冲销 %s，各项金额取负。",
		"reversal_steps":    "各项为 %s 结算的负数（其计算见 mpl explain --id %s）",
		"none":              "无",
	},
	English: {
		"title":             "Settlement explained",
		"claim":             "claim",
		"member":            "member",
		"policy":            "Policy",
		"source":            "Source",
		"costs":             "1. What the bill is made of",
		"steps":             "2. How each figure was reached",
		"where":             "3. Where every yuan went",
		"total":             "Total",
		"medfee_sumamt":     "Total cost",
		"fulamt_ownpay_amt": "Wholly self-paid (outside the catalogue)",
		"overlmt_selfpay":   "Above the price limit",
		"preselfpay_amt":    "Self-paid first (class B share)",
		"inscp_scp_amt":     "Within policy scope",
		"hifp_pay":          "Pooled fund",
		"hifob_pay":         "Large-amount subsidy",
		"hifmi_pay":         "Serious-illness insurance",
		"cvlserv_pay":       "Civil-servant subsidy",
		"hifes_pay":         "Enterprise supplementary",
		"maf_pay":           "Medical assistance",
		"oth_pay":           "Other funds",
		"acct_pay":          "Personal account",
		"acct_mulaid_pay":   "Family account (sharing)",
		"psn_cash_pay":      "Cash",
		"fund_pay_sumamt":   "All funds",
		"psn_part_amt":      "Member's share",
		"benefit":           "Benefit %q applies %s",
		"deductible":        "Deductible: %s already borne this year, %s borne now (deductible %s)",
		"deductible_adm":    "Deductible per admission: %s borne now (deductible %s, admission %s this year)",
		"ratio":             "Pooled fund: (%s) × %s = %s",
		"adjust":            "Ratio adjusted %s %s, now %s; pooled fund %s",
		"remote":            "Remote care (%s, %s): ratio %s %s, now %s; pooled fund %s",
		"cap_year":          "Yearly limit %s, %s already paid: pooled fund cut from %s to %s",
		"cap_visit":         "Per-visit limit %s: cut from %s to %s",
		"fund":              "%s (%s): %s",
		"account":           "Personal account: balance %s, pays %s",
		"lapse":             "Contributions stopped (断缴): from the next month no pooled or further fund pays; the personal account pays as the policy allows",
		"insu_stas":         "Insured status (参保状态) %s: no pooled or further fund pays; the personal account pays as the policy allows",
		"family":            "Family sharing (%s): pays %s",
		"cash":              "Cash: %s",
		"reversal":          "This settlement reverses %s: every figure is negated.",
		"reversal_steps":    "Every figure is %s's, negated (see mpl explain --id %s)",
		"none":              "none",
	},
}

// word returns a phrase in the report's language.
func (l Lang) word(key string) string {
	if w, ok := words[l][key]; ok {
		return w
	}
	return words[Chinese][key]
}
