package interp

// anyBalance reports whether any member's account holds anything.
func (l *FastLedger) anyBalance() bool {
	for m := range int32(l.byIndex.len()) {
		if *l.account(m) != (fastAccount{}) {
			return true
		}
	}
	return false
}

// split copies l's members out to n new ledgers, each member (its account
// and its years) to ledger part(psn_no), so that n goroutines can settle
// disjoint members at once; l keeps its figures meanwhile, for reading.
// absorb takes the parts' figures back (see WhatIfLedger.join).
func (l *FastLedger) split(n int, part func(string) int) []*FastLedger {
	parts := make([]*FastLedger, n)
	for i := range parts {
		parts[i] = l.p.NewFastLedger()
		parts[i].kept = l.kept // shared: a member's settlements are all in its part
		parts[i].expect(l.expected / n)
	}
	for m := range int32(l.byIndex.len()) {
		name := l.nameOf(m)
		dst := parts[part(name)]
		*dst.account(dst.member(name)) = *l.account(m)
	}
	l.eachYear(func(m int32, year int, i int32) {
		name := l.nameOf(m)
		dst := parts[part(name)]
		dst.years.copyYear(dst.year(dst.member(name), year), &l.years, i)
	})
	return parts
}

// absorb makes l's figures the union of parts, ledgers split from it and
// settled since. Each member's account and years come from the part that
// owns it, part(psn_no); a member another part has seen only as the family
// member of a claim (a name, its account untouched, no years) is kept by
// name. A member keeps its index in l, which a stream settling on one
// goroutine may hold between two of its chunks.
func (l *FastLedger) absorb(parts []*FastLedger, part func(string) int) {
	l.years, l.yearIdx = yearSlots{per: l.years.per}, map[fastYearKey]int32{}
	for m := range int32(l.byIndex.len()) {
		lm := l.of(m)
		lm.first, lm.last = fastLastYear{idx: -1}, fastLastYear{idx: -1}
	}
	for pi, p := range parts {
		for m := range int32(p.byIndex.len()) {
			name := p.nameOf(m)
			lm := l.member(name)
			if part(name) == pi {
				*l.account(lm) = *p.account(m)
			}
		}
		p.eachYear(func(m int32, year int, i int32) {
			name := p.nameOf(m)
			if part(name) == pi {
				l.years.copyYear(l.year(l.member(name), year), &p.years, i)
			}
		})
	}
}
