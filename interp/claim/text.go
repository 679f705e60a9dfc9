package claim

import "github.com/shopspring/decimal"

// ParseAmount reads text as a claim's amount of money is read (yuan, at
// most 2 decimal places, not negative, at most 15 digits of yuan; not
// "+1", ".5" or "1."), for files beside the claims that give amounts: a
// file of balances, say. It returns the amount, or why text is none.
func ParseAmount(text string) (decimal.Decimal, string) {
	a, msg := moneyField(value{kind: kString, text: text}, true)
	return a.d, msg
}

// IDError says why s is no id a claim may give (setl_id, psn_no): empty,
// beginning or ending with a space, or holding a character that cannot be
// seen (a zero-width space, a byte order mark), which would make two ids
// that look the same; "" when it is one.
func IDError(s string) string { return checkID(s, true) }
