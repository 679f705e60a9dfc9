package interp

import (
	"errors"
	"fmt"
	"github.com/mpl-lang/mpl/interp/claim"
	"maps"
	"slices"
	"strings"

	"github.com/mpl-lang/mpl/lang"
)

// Keys an import may set, by what they hold. The platform's totals
// (Q0000, D310101, C0000 and their _BIZ{med_type} parts) are kept beside
// the policy's own figures for a HIS to compare, but no rule reads them,
// except a fund's yearly cap without a limit name, which reads its fund's
// D key: a deductible is read per pool (Q0000_{pool}), a cap per limit or
// benefit (L_…), bands per fund (OOP_…), a schedule per benefit
// (C0000_ADM_…).

// CheckKeys reports the first key of acc, a member's year to import, that
// is none a ledger keeps, or whose amount is below zero, has a fraction of
// a fen or is too large (every claim of the member's year would then be
// refused), or, for a count (C0000…), is no whole number, and
// a deductible total (Q0000) given without the pools it is the sum of,
// which no rule would read: the member would bear the deductible again.
func CheckKeys(acc Accumulators) error {
	for _, k := range slices.Sorted(maps.Keys(acc)) {
		if !keyShape(k) {
			return fmt.Errorf("accumulator %q is none a ledger keeps: Q0000_{pool}, L_{limit}, OOP_{fund}, C0000_ADM_{benefit}, or the platform's totals Q0000, D{fund}, C0000 (with _BIZ{med_type})", k)
		}
		// Every key is a sum of what settlements bore, paid or counted: never
		// below zero (a sign slip in a platform file would lift the member's
		// deductible and cap), a count whole.
		if msg := claim.AmountError(acc[k]); msg != "" {
			return fmt.Errorf("accumulator %s: %s", k, msg)
		}
		if strings.HasPrefix(k, KeyCount) && !acc[k].IsInteger() {
			return fmt.Errorf("accumulator %s counts settlements: %s is no whole number", k, acc[k].String())
		}
	}
	if acc[KeyDeductible].IsZero() {
		return nil
	}
	for k := range acc {
		if strings.HasPrefix(k, KeyDeductible+"_") {
			return nil
		}
	}
	return &totalError{fmt.Sprintf("Q0000 (deductible borne, %s) is the platform's total, which no rule reads: give it per deductible pool as Q0000_{pool}, the keys the rules read", acc[KeyDeductible].StringFixed(2))}
}

// totalError is CheckKeys' error for a deductible total without its
// pools, which CheckYear completes with the policy's pools.
type totalError struct{ msg string }

func (e *totalError) Error() string { return e.msg }

// keyShape reports whether k is a key a ledger keeps.
func keyShape(k string) bool {
	named := func(prefix string) bool { return strings.HasPrefix(k, prefix) && len(k) > len(prefix) }
	switch {
	case k == KeyDeductible, k == KeyCount:
		return true
	case named(KeyAdmissions), named(KeyCount + "_BIZ"), named(KeyDeductible + "_"), named(KeyLimit), named(KeyOOP):
		return true
	case len(k) >= 7 && k[0] == 'D' && allDigits(k[1:6]) && k[6] == '1':
		return len(k) == 7 || strings.HasPrefix(k[7:], "_BIZ") && len(k) > 11
	}
	return false
}

func allDigits(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }) < 0
}

// CheckYear reports whether acc, a member's year to import, gives figures
// this policy reads: each key of the policy's own kinds (Q0000_{pool},
// L_…, OOP_…, C0000_ADM_…) must be one it keeps (a misspelt pool is
// otherwise imported where no rule looks), and a fund's total paid
// (D310101) given without any of the limits the policy caps that fund's
// payments by leaves those caps counting from zero. CheckKeys is checked
// first.
func (p *Program) CheckYear(acc Accumulators) error {
	if err := p.usable(); err != nil {
		return err
	}
	keeps, fed := p.keptKeys()
	if err := CheckKeys(acc); err != nil {
		var total *totalError
		if errors.As(err, &total) {
			pools := slices.DeleteFunc(slices.Clone(keeps), func(k string) bool { return !strings.HasPrefix(k, KeyDeductible+"_") })
			return fmt.Errorf("%w; policy %q's pools: %s", err, p.pol.Name, strings.Join(pools, ", "))
		}
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(acc)) {
		if !ownKey(k) || slices.Contains(keeps, k) {
			continue
		}
		hint := ""
		if n := lang.Suggest(k, keeps); n != "" {
			hint = fmt.Sprintf(" (did you mean %s?)", n)
		}
		return fmt.Errorf("policy %q keeps no accumulator %s%s; it keeps %s", p.pol.Name, k, hint, strings.Join(keeps, ", "))
	}
	for _, fund := range slices.Sorted(maps.Keys(fed)) {
		if acc[fund].IsZero() || slices.ContainsFunc(fed[fund], func(k string) bool { _, ok := acc[k]; return ok }) {
			continue
		}
		return fmt.Errorf("%s (paid by the fund, %s) is the platform's total; policy %q caps the fund's payments by %s, none of which is given, so each would count from zero: give them",
			fund, acc[fund].StringFixed(2), p.pol.Name, strings.Join(fed[fund], ", "))
	}
	return nil
}

// ownKey reports whether k is of the kinds a policy names: a pool, a
// limit, a fund's out-of-pocket, a benefit's admissions.
func ownKey(k string) bool {
	return strings.HasPrefix(k, KeyDeductible+"_") || strings.HasPrefix(k, KeyLimit) ||
		strings.HasPrefix(k, KeyOOP) || strings.HasPrefix(k, KeyAdmissions)
}

// keptKeys lists, sorted, the keys of the policy's own kinds its
// settlements keep, and for a fund's D key the L_ keys of the caps its
// payments count against, where every payment of the fund counts against
// one of them: each benefit the pooled fund pays under (or the fund
// itself) has a yearly cap without a condition. Where one pays without
// (a benefit with no cap that may pay), the fund's total may be all its,
// and says nothing of the limits.
func (p *Program) keptKeys() (keeps []string, fed map[string][]string) {
	fed = map[string][]string{}
	add := func(k string) {
		if ownKey(k) && !slices.Contains(keeps, k) { // a per-visit cap keeps nothing; a fund's cap reads its D key
			keeps = append(keeps, k)
		}
	}
	// limits is the L_ keys of caps, and whether one of them is a yearly
	// cap with no condition, which every payment counts against.
	limits := func(caps []capPlan) (keys []string, always bool) {
		for _, c := range caps {
			add(c.key)
			if strings.HasPrefix(c.key, KeyLimit) && !slices.Contains(keys, c.key) {
				keys = append(keys, c.key)
			}
			always = always || c.key != "" && c.rule.When == nil
		}
		return keys, always
	}
	pooled := FundKey(p.pooledCode)
	allCapped := true
	for _, b := range p.benefits {
		if b.rule.Refuse != nil {
			continue // it settles nothing
		}
		add(b.admKey)
		if b.ded != nil {
			add(b.ded.poolKey)
		}
		keys, always := limits(b.caps)
		allCapped = allCapped && (always || paysNothing(b))
		fed[pooled] = append(fed[pooled], keys...)
	}
	if !allCapped {
		delete(fed, pooled)
	}
	for _, f := range p.funds {
		add(f.oopKey)
		if keys, always := limits(f.caps); always && len(keys) > 0 {
			fed[f.paidKey] = append(fed[f.paidKey], keys...)
		}
	}
	slices.Sort(keeps)
	for fund, ks := range fed {
		slices.Sort(ks)
		fed[fund] = slices.Compact(ks)
		if len(ks) == 0 {
			delete(fed, fund)
		}
	}
	return keeps, fed
}

// paysNothing reports whether the pooled fund can pay nothing under b: a
// ratio of 0% written as a constant, with no adjustment or remote-care
// rule to change it (a benefit that says 统筹不支付).
func paysNothing(b *benefitPlan) bool {
	if b.bands || len(b.adjusts) > 0 || b.remote != nil {
		return false
	}
	n := b.rule.Ratio
	for {
		ref, ok := n.(*lang.ParamRef)
		if !ok {
			break
		}
		n = ref.Param.Value
	}
	c, ok := n.(*lang.Const)
	return ok && c.Val.Dec.IsZero()
}
