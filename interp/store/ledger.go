package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// errFinished is returned by a Ledger used after its Update or View ended.
var errFinished = errors.New("the ledger's transaction has ended: use a Ledger only inside its Update or View")

// txLedger is an interp.Ledger bound to one transaction.
type txLedger struct {
	ctx    context.Context
	s      *sqlStore
	q      querier
	write  bool            // false in a View
	locked map[string]bool // members this transaction holds
	done   bool            // the transaction has ended
	retry  error           // the first error after which the transaction must run again
}

// check notes an error the database wants the whole transaction retried
// after, and returns err.
func (l *txLedger) check(err error) error {
	if err != nil && l.retry == nil && l.s.d.retryable(err) {
		l.retry = err
	}
	return err
}

// lock takes the members' locks this transaction does not hold yet.
func (l *txLedger) lock(psnNos []string) error {
	var need []string
	for _, p := range psnNos {
		if !l.locked[p] {
			need = append(need, p)
		}
	}
	if len(need) == 0 {
		return nil
	}
	slices.Sort(need)
	need = slices.Compact(need)
	if err := l.check(l.s.d.lock(l.ctx, l.q, need)); err != nil {
		return fmt.Errorf("locking %s: %w", strings.Join(need, ", "), err)
	}
	for _, p := range need {
		l.locked[p] = true
	}
	return nil
}

// Entry implements interp.Ledger.
func (l *txLedger) Entry(id string) (*interp.Entry, bool, error) {
	if l.done {
		return nil, false, errFinished
	}
	var body []byte
	err := l.q.QueryRowContext(l.ctx, `SELECT body FROM entries WHERE id = $1`, id).Scan(&body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("reading entry %s: %w", id, l.check(err))
	}
	e, err := decodeEntry(body)
	if err != nil {
		return nil, false, fmt.Errorf("reading entry %s: %w", id, err)
	}
	return e, true, nil
}

// Reversed implements interp.Ledger.
func (l *txLedger) Reversed(setlID string) (string, bool, error) {
	if l.done {
		return "", false, errFinished
	}
	var by string
	err := l.q.QueryRowContext(l.ctx, `SELECT by_id FROM reversals WHERE setl_id = $1`, setlID).Scan(&by)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	if err != nil {
		return "", false, fmt.Errorf("reading the reversal of %s: %w", setlID, l.check(err))
	}
	return by, true, nil
}

// Year implements interp.Ledger. A year the store has no accumulators for
// is nil, as in MemoryLedger.
func (l *txLedger) Year(psnNo string, year int) (interp.Accumulators, error) {
	if l.done {
		return nil, errFinished
	}
	acc, err := l.year(psnNo, year)
	if err != nil {
		return nil, fmt.Errorf("reading the %d accumulators of %s: %w", year, psnNo, err)
	}
	return acc, nil
}

func (l *txLedger) year(psnNo string, year int) (interp.Accumulators, error) {
	rows, err := l.q.QueryContext(l.ctx,
		`SELECT key, amount FROM accumulators WHERE psn_no = $1 AND year = $2`, psnNo, year)
	if err != nil {
		return nil, l.check(err)
	}
	defer rows.Close()
	var acc interp.Accumulators
	for rows.Next() {
		var key, amount string
		if err := rows.Scan(&key, &amount); err != nil {
			return nil, l.check(err)
		}
		d, err := decimal.NewFromString(amount)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", key, err)
		}
		if acc == nil {
			acc = interp.Accumulators{}
		}
		acc[key] = d
	}
	return acc, l.check(rows.Err())
}

// Account implements interp.Ledger.
func (l *txLedger) Account(psnNo string) (interp.Account, error) {
	if l.done {
		return interp.Account{}, errFinished
	}
	a, err := l.account(psnNo)
	if err != nil {
		return interp.Account{}, fmt.Errorf("reading the account of %s: %w", psnNo, err)
	}
	return a, nil
}

func (l *txLedger) account(psnNo string) (interp.Account, error) {
	var a interp.Account
	var current, carried string
	var state []byte
	err := l.q.QueryRowContext(l.ctx,
		`SELECT current, carried, state FROM accounts WHERE psn_no = $1`, psnNo).Scan(&current, &carried, &state)
	if errors.Is(err, sql.ErrNoRows) {
		return a, nil
	}
	if err != nil {
		return a, l.check(err)
	}
	if a.Current, err = decimal.NewFromString(current); err != nil {
		return a, fmt.Errorf("current: %w", err)
	}
	if a.Carried, err = decimal.NewFromString(carried); err != nil {
		return a, fmt.Errorf("carried: %w", err)
	}
	if err := json.Unmarshal(state, &a.AccountState); err != nil {
		return a, fmt.Errorf("state: %w", err)
	}
	return a, nil
}

// Commit implements interp.Ledger. It locks the members the entry touches
// (its own and those its moves pay from or to) if Update did not, checks
// the entry with interp.CheckEntry, and writes it under a savepoint, so a
// failure leaves the transaction as it was before the call.
func (l *txLedger) Commit(e *interp.Entry) error {
	if l.done {
		return errFinished
	}
	if !l.write {
		return interp.ErrReadOnly
	}
	touched := []string{e.PsnNo}
	for _, mv := range e.Moves {
		touched = append(touched, mv.PsnNo)
	}
	if err := l.lock(touched); err != nil {
		return err
	}
	if err := interp.CheckEntry(l, e); err != nil {
		return err
	}
	body, err := encodeEntry(e)
	if err != nil {
		return fmt.Errorf("entry %s: %w", e.SetlID, err)
	}
	if _, err := l.q.ExecContext(l.ctx, `SAVEPOINT mpl_commit`); err != nil {
		return l.check(err)
	}
	if err := l.apply(e, body); err != nil {
		// Undo this entry's writes; the transaction goes on as before it.
		if _, rerr := l.q.ExecContext(l.ctx, `ROLLBACK TO SAVEPOINT mpl_commit`); rerr != nil {
			return errors.Join(err, l.check(rerr))
		}
		if _, rerr := l.q.ExecContext(l.ctx, `RELEASE SAVEPOINT mpl_commit`); rerr != nil {
			return errors.Join(err, l.check(rerr))
		}
		return err
	}
	_, err = l.q.ExecContext(l.ctx, `RELEASE SAVEPOINT mpl_commit`)
	return l.check(err)
}

// apply writes a checked entry: the entry and its reversal link, then its
// deltas, then its moves and state.
func (l *txLedger) apply(e *interp.Entry, body []byte) error {
	_, err := l.q.ExecContext(l.ctx,
		`INSERT INTO entries (id, kind, psn_no, year, reverses, body) VALUES ($1, $2, $3, $4, $5, $6)`,
		e.SetlID, e.Kind, e.PsnNo, e.Year, e.Reverses, string(body))
	if l.s.d.unique(err) {
		// Another member's transaction stored the same id since CheckEntry.
		return interp.ErrDuplicate
	}
	if err != nil {
		return fmt.Errorf("storing entry %s: %w", e.SetlID, l.check(err))
	}
	if e.Reverses != "" {
		_, err := l.q.ExecContext(l.ctx,
			`INSERT INTO reversals (setl_id, by_id) VALUES ($1, $2)`, e.Reverses, e.SetlID)
		if l.s.d.unique(err) {
			return &interp.RefusedError{Msg: fmt.Sprintf("settlement %s is already reversed", e.Reverses)}
		}
		if err != nil {
			return fmt.Errorf("storing the reversal of %s: %w", e.Reverses, l.check(err))
		}
	}
	if err := l.applyDeltas(e); err != nil {
		return fmt.Errorf("entry %s: accumulators of %s: %w", e.SetlID, e.PsnNo, err)
	}
	return l.applyAccounts(e)
}

// applyDeltas adds the entry's deltas to its member's year in one
// statement. Amounts are added here, exactly, not in SQL: the database
// holds them as text.
func (l *txLedger) applyDeltas(e *interp.Entry) error {
	if len(e.Deltas) == 0 {
		return nil
	}
	acc, err := l.year(e.PsnNo, e.Year)
	if err != nil {
		return err
	}
	var keys []string
	sums := map[string]decimal.Decimal{}
	for _, d := range e.Deltas {
		if _, seen := sums[d.Key]; !seen {
			keys = append(keys, d.Key)
			sums[d.Key] = acc[d.Key]
		}
		sums[d.Key] = sums[d.Key].Add(d.Amount)
	}
	var q strings.Builder
	q.WriteString(`INSERT INTO accumulators (psn_no, year, key, amount) VALUES `)
	args := []any{e.PsnNo, e.Year}
	for i, k := range keys {
		if i > 0 {
			q.WriteString(", ")
		}
		n := len(args)
		fmt.Fprintf(&q, "($1, $2, $%d, $%d)", n+1, n+2)
		args = append(args, k, sums[k].String())
	}
	q.WriteString(` ON CONFLICT (psn_no, year, key) DO UPDATE SET amount = excluded.amount`)
	_, err = l.q.ExecContext(l.ctx, q.String(), args...)
	return l.check(err)
}

// applyAccounts adds the entry's moves to the balances and sets its
// member's account state, as MemoryLedger does: every member moved gets an
// account, even by a move of zero.
func (l *txLedger) applyAccounts(e *interp.Entry) error {
	var psns []string
	sums := map[string]interp.AccountMove{}
	for _, mv := range e.Moves {
		s, seen := sums[mv.PsnNo]
		if !seen {
			psns = append(psns, mv.PsnNo)
		}
		s.Current, s.Carried = s.Current.Add(mv.Current), s.Carried.Add(mv.Carried)
		sums[mv.PsnNo] = s
	}
	if e.State != nil && !slices.Contains(psns, e.PsnNo) {
		psns = append(psns, e.PsnNo)
	}
	for _, p := range psns {
		a, err := l.account(p)
		if err != nil {
			return fmt.Errorf("entry %s: account of %s: %w", e.SetlID, p, err)
		}
		s := sums[p]
		a.Current, a.Carried = a.Current.Add(s.Current), a.Carried.Add(s.Carried)
		if p == e.PsnNo && e.State != nil {
			a.AccountState = *e.State
		}
		state, err := json.Marshal(a.AccountState)
		if err != nil {
			return fmt.Errorf("entry %s: account state of %s: %w", e.SetlID, p, err)
		}
		_, err = l.q.ExecContext(l.ctx,
			`INSERT INTO accounts (psn_no, current, carried, state) VALUES ($1, $2, $3, $4)
			ON CONFLICT (psn_no) DO UPDATE SET current = excluded.current, carried = excluded.carried, state = excluded.state`,
			p, a.Current.String(), a.Carried.String(), string(state))
		if err != nil {
			return fmt.Errorf("entry %s: account of %s: %w", e.SetlID, p, l.check(err))
		}
	}
	return nil
}

// settlementJSON is claim.Settlement without its MarshalJSON, which writes
// mpl run's output: money rounded to the output's places, and an error for
// an amount with a fraction of a fen. The ledger keeps every digit.
type settlementJSON claim.Settlement

// entryFields is interp.Entry without its methods, should it gain any.
type entryFields interp.Entry

// entryJSON is how an entry is stored: its own fields, its settlement
// through settlementJSON (the outer field hides the embedded one).
type entryJSON struct {
	entryFields
	Settlement *settlementJSON `json:"settlement,omitempty"`
}

func encodeEntry(e *interp.Entry) ([]byte, error) {
	return json.Marshal(entryJSON{entryFields(*e), (*settlementJSON)(e.Settlement)})
}

func decodeEntry(body []byte) (*interp.Entry, error) {
	var j entryJSON
	if err := json.Unmarshal(body, &j); err != nil {
		return nil, err
	}
	e := interp.Entry(j.entryFields)
	e.Settlement = (*claim.Settlement)(j.Settlement)
	return &e, nil
}
