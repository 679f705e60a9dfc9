package interp

// anyBalance reports whether any member's account holds anything.
func (l *FastLedger) anyBalance() bool {
	for _, a := range l.accounts {
		if a != (fastAccount{}) {
			return true
		}
	}
	return false
}

// split copies l's members out to n new ledgers, each member (its account
// and its years) to ledger part(psn_no), so that n goroutines can settle
// disjoint members at once; l keeps its figures meanwhile, for reading.
// absorb takes the parts' figures back.
func (l *FastLedger) split(n int, part func(string) int) []*FastLedger {
	parts := make([]*FastLedger, n)
	for i := range parts {
		parts[i] = l.p.NewFastLedger()
		parts[i].kept = l.kept // shared: a member's settlements are all in its part
	}
	for m, name := range l.names {
		dst := parts[part(name)]
		dst.accounts[dst.member(name)] = l.accounts[m]
	}
	for k, i := range l.yearIdx {
		name := l.names[k.member]
		dst := parts[part(name)]
		copy(dst.years[dst.year(dst.member(name), k.year)], l.years[i])
	}
	return parts
}

// absorb makes l's figures the union of parts, ledgers split from it and
// settled since. Each member's account and years come from the part that
// owns it, part(psn_no); a member another part has seen only as the family
// member of a claim (a name, its account untouched, no years) is kept by
// name. A member keeps its index in l, which a stream settling on one
// goroutine may hold between two of its chunks.
func (l *FastLedger) absorb(parts []*FastLedger, part func(string) int) {
	l.years, l.yearIdx = nil, map[fastYearKey]int32{}
	for i := range l.lastYear {
		l.lastYear[i] = fastLastYear{idx: -1}
	}
	for pi, p := range parts {
		for m, name := range p.names {
			lm := l.member(name)
			if part(name) == pi {
				l.accounts[lm] = p.accounts[m]
			}
		}
		for k, i := range p.yearIdx {
			name := p.names[k.member]
			if part(name) == pi {
				copy(l.years[l.year(l.member(name), k.year)], p.years[i])
			}
		}
	}
}
