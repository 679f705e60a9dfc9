package store

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/mpl-lang/mpl/interp"
	"github.com/shopspring/decimal"
)

// CheckResult is what Check read.
type CheckResult struct {
	Entries, Accumulators, Accounts, Reversals int
}

// Check reads the whole ledger st, which Open or OpenReadOnly opened, and
// returns a *DamagedError when it finds it damaged: for a SQLite file,
// anything SQLite's integrity_check of the whole file reports (Open and
// OpenReadOnly check only the tables that grow with the members, years,
// accounts and reversal links, not the entries, which grow with every
// claim, so that opening a large ledger stays quick);
// for every store, a row mpl cannot read back (an amount, a key or JSON
// no longer as mpl wrote it), an entry whose body does not match its
// row, and accumulators, balances or reversal links that are not what
// the entries add up to. Every figure of a ledger is the sum of its
// entries' deltas and moves, so a digit changed in either shows. It
// reads in one snapshot, and takes time and memory in proportion to the
// ledger (docs/ledger.md has figures).
func Check(st interp.Store) (CheckResult, error) {
	s, ok := st.(*sqlStore)
	if !ok {
		return CheckResult{}, errors.New("Check reads a store Open or OpenReadOnly opened")
	}
	ctx := context.Background()
	if d, ok := s.d.(*sqliteDialect); ok {
		if err := checkSQLite(ctx, d.db, nil); err != nil {
			return CheckResult{}, err
		}
	}
	var res CheckResult
	err := s.retry(func() (bool, error) {
		tx, err := s.d.begin(ctx, false)
		if err != nil {
			return s.d.retryable(err), err
		}
		defer tx.release()
		defer tx.rollback()
		c := &checker{l: &txLedger{ctx: ctx, s: s, q: tx.q}}
		err = c.run()
		res = c.res
		return s.d.retryable(err), damaged(err)
	})
	return res, err
}

// accKey names one accumulator.
type accKey struct {
	psnNo string
	year  int
	key   string
}

// checker sums a ledger's entries and compares the sums with its tables.
type checker struct {
	l        *txLedger
	res      CheckResult
	deltas   map[accKey]decimal.Decimal
	moves    map[string]interp.AccountMove // by member; PsnNo unused
	reverses map[string]string             // setl_id reversed → by
	report   []string
}

func (c *checker) problem(format string, a ...any) {
	if len(c.report) < maxReport {
		c.report = append(c.report, fmt.Sprintf(format, a...))
	}
}

func (c *checker) run() error {
	c.deltas = map[accKey]decimal.Decimal{}
	c.moves = map[string]interp.AccountMove{}
	c.reverses = map[string]string{}
	for _, step := range []func() error{c.entries, c.accumulators, c.accounts, c.reversals} {
		if err := step(); err != nil {
			return err
		}
	}
	if c.report != nil {
		return &DamagedError{Report: c.report}
	}
	return nil
}

func (c *checker) entries() error {
	rows, err := c.l.q.QueryContext(c.l.ctx, `SELECT id, kind, psn_no, year, reverses, body FROM entries`)
	if err != nil {
		return fmt.Errorf("reading the entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r entryRow
		if err := rows.Scan(&r.id, &r.kind, &r.psnNo, &r.year, &r.reverses, &r.body); err != nil {
			return fmt.Errorf("reading the entries: %w", err)
		}
		c.res.Entries++
		e, err := r.decode()
		if err != nil {
			c.problem("%s", strings.TrimPrefix(err.Error(), damagedPrefix))
			continue
		}
		for _, d := range e.Deltas {
			k := accKey{e.PsnNo, e.Year, d.Key}
			c.deltas[k] = c.deltas[k].Add(d.Amount)
		}
		for _, mv := range e.Moves {
			m := c.moves[mv.PsnNo]
			m.Current, m.Carried = m.Current.Add(mv.Current), m.Carried.Add(mv.Carried)
			c.moves[mv.PsnNo] = m
		}
		if e.State != nil {
			if _, ok := c.moves[e.PsnNo]; !ok {
				c.moves[e.PsnNo] = interp.AccountMove{} // an account, moved or not
			}
		}
		if e.Reverses != "" {
			c.reverses[e.Reverses] = e.SetlID
		}
	}
	return rows.Err()
}

func (c *checker) accumulators() error {
	rows, err := c.l.q.QueryContext(c.l.ctx, `SELECT psn_no, year, key, amount FROM accumulators`)
	if err != nil {
		return fmt.Errorf("reading the accumulators: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var k accKey
		var amount string
		if err := rows.Scan(&k.psnNo, &k.year, &k.key, &amount); err != nil {
			return fmt.Errorf("reading the accumulators: %w", err)
		}
		c.res.Accumulators++
		got, err := parseAccumulator(k.psnNo, k.year, k.key, amount)
		if err != nil {
			c.problem("%s", strings.TrimPrefix(err.Error(), damagedPrefix))
			delete(c.deltas, k)
			continue
		}
		want, ok := c.deltas[k]
		delete(c.deltas, k)
		switch {
		case !ok:
			c.problem("accumulator %s of %s's %d is %s, but no entry adds to it", k.key, k.psnNo, k.year, amount)
		case !got.Equal(want):
			c.problem("accumulator %s of %s's %d is %s, but its entries add up to %s", k.key, k.psnNo, k.year, amount, want)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the accumulators: %w", err)
	}
	for _, k := range sortedKeys(c.deltas) {
		c.problem("accumulator %s of %s's %d is missing; its entries add up to %s", k.key, k.psnNo, k.year, c.deltas[k])
	}
	return nil
}

func (c *checker) accounts() error {
	rows, err := c.l.q.QueryContext(c.l.ctx, `SELECT psn_no FROM accounts`)
	if err != nil {
		return fmt.Errorf("reading the accounts: %w", err)
	}
	var psns []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			rows.Close()
			return fmt.Errorf("reading the accounts: %w", err)
		}
		psns = append(psns, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the accounts: %w", err)
	}
	for _, p := range psns {
		c.res.Accounts++
		a, err := c.l.account(p)
		want, moved := c.moves[p]
		delete(c.moves, p)
		switch {
		case err != nil:
			c.problem("the account of %s: %s", p, strings.TrimPrefix(err.Error(), damagedPrefix))
		case !moved:
			c.problem("the account of %s is there, but no entry moves it", p)
		case !a.Current.Equal(want.Current) || !a.Carried.Equal(want.Carried):
			c.problem("the account of %s holds %s 当年 and %s 历年, but its entries add up to %s and %s",
				p, a.Current, a.Carried, want.Current, want.Carried)
		}
	}
	for _, p := range slices.Sorted(maps.Keys(c.moves)) {
		c.problem("the account of %s is missing; its entries add up to %s 当年 and %s 历年", p, c.moves[p].Current, c.moves[p].Carried)
	}
	return nil
}

func (c *checker) reversals() error {
	rows, err := c.l.q.QueryContext(c.l.ctx, `SELECT setl_id, by_id FROM reversals`)
	if err != nil {
		return fmt.Errorf("reading the reversals: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, by string
		if err := rows.Scan(&id, &by); err != nil {
			return fmt.Errorf("reading the reversals: %w", err)
		}
		c.res.Reversals++
		want, ok := c.reverses[id]
		delete(c.reverses, id)
		if !ok || want != by {
			c.problem("settlement %s is marked reversed by %s, but no entry %s reverses it", id, by, by)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("reading the reversals: %w", err)
	}
	for _, id := range slices.Sorted(maps.Keys(c.reverses)) {
		c.problem("entry %s reverses settlement %s, which is not marked reversed", c.reverses[id], id)
	}
	return nil
}

func sortedKeys(m map[accKey]decimal.Decimal) []accKey {
	return slices.SortedFunc(maps.Keys(m), func(a, b accKey) int {
		return cmp.Or(strings.Compare(a.psnNo, b.psnNo), cmp.Compare(a.year, b.year), strings.Compare(a.key, b.key))
	})
}
