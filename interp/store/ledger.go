package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

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
	r := entryRow{id: id}
	err := l.q.QueryRowContext(l.ctx, `SELECT kind, psn_no, year, reverses, body FROM entries WHERE id = $1`, id).
		Scan(&r.kind, &r.psnNo, &r.year, &r.reverses, &r.body)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("reading entry %s: %w", id, l.check(err))
	}
	e, err := r.decode()
	if err != nil {
		return nil, false, err
	}
	return e, true, nil
}

// entryRow is a row of the entries table: the entry's body, and the
// fields of it that are columns too, to be looked up by.
type entryRow struct {
	id, kind, psnNo, reverses string
	year                      int
	body                      []byte
}

// decode returns the entry the row's body holds, or an error naming the
// entry when the body no longer parses or no longer matches the row's
// columns: damage to either, which would otherwise settle a claim
// against another entry, or none.
func (r *entryRow) decode() (*interp.Entry, error) {
	e, err := decodeEntry(r.body)
	if err != nil {
		return nil, damagedRow("entry %s: its body does not parse: %v", r.id, err)
	}
	for _, f := range []struct{ name, row, body string }{
		{"id", r.id, e.SetlID},
		{"kind", r.kind, e.Kind},
		{"psn_no", r.psnNo, e.PsnNo},
		{"year", strconv.Itoa(r.year), strconv.Itoa(e.Year)},
		{"reverses", r.reverses, e.Reverses},
	} {
		if f.row != f.body {
			return nil, damagedRow("entry %s: its row's %s is %q, its body's %q", r.id, f.name, f.row, f.body)
		}
	}
	return e, nil
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
		d, err := parseAccumulator(psnNo, year, key, amount)
		if err != nil {
			return nil, err
		}
		if acc == nil {
			acc = interp.Accumulators{}
		}
		acc[key] = d
	}
	return acc, l.check(rows.Err())
}

// parseAccumulator reads an accumulator's amount, as the row holds it,
// or returns an error naming the member, year and key when the amount or
// the key is not what mpl writes: a digit that became a letter, a key
// that is no longer valid text. (A digit that became another digit
// parses; Check finds it.)
func parseAccumulator(psnNo string, year int, key, amount string) (decimal.Decimal, error) {
	if !validKey(key) {
		return decimal.Decimal{}, damagedRow("accumulator %q of %s's %d: not a key mpl writes", key, psnNo, year)
	}
	d, err := parseAmount(amount)
	if err != nil {
		return decimal.Decimal{}, damagedRow("accumulator %s of %s's %d: %v", key, psnNo, year, err)
	}
	return d, nil
}

// parseAmount reads an amount as the ledger writes it, decimal.String's
// form: digits with a '-' before and a '.' between, nothing else. It is
// stricter than decimal.NewFromString, which also takes an exponent
// ("1e3"), so that a damaged byte that makes one is not taken for money.
func parseAmount(s string) (decimal.Decimal, error) {
	digits, point := 0, false
	for i, c := range []byte(s) {
		switch {
		case c >= '0' && c <= '9':
			digits++
		case c == '-' && i == 0:
		case c == '.' && !point && digits > 0:
			point = true
		default:
			return decimal.Decimal{}, fmt.Errorf("amount %q is not a decimal mpl writes", s)
		}
	}
	if digits == 0 || strings.HasSuffix(s, ".") {
		return decimal.Decimal{}, fmt.Errorf("amount %q is not a decimal mpl writes", s)
	}
	return decimal.NewFromString(s)
}

// validKey reports whether key could be an accumulator's key: valid
// UTF-8 with no control character or space (keys are 5206 codes and
// cap names: Q0000, D310101_BIZ21, L_统筹年度限额).
func validKey(key string) bool {
	if key == "" || !utf8.ValidString(key) {
		return false
	}
	for _, r := range key {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == utf8.RuneError {
			return false
		}
	}
	return true
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
	if a.Current, err = parseAmount(current); err != nil {
		return a, damagedRow("当年 balance: %v", err)
	}
	if a.Carried, err = parseAmount(carried); err != nil {
		return a, damagedRow("历年 balance: %v", err)
	}
	// Unknown fields are refused: a damaged byte in a field's name
	// ("closed", "gaps") would otherwise drop the field without a word.
	dec := json.NewDecoder(bytes.NewReader(state))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&a.AccountState); err != nil {
		return a, damagedRow("state %q does not parse: %v", state, err)
	}
	if dec.More() {
		return a, damagedRow("state %q does not parse: more after its end", state)
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

// settlementJSON is claim.Settlement without the MarshalJSON of it and
// of its setlinfo and fund details, which write mpl run's output: money
// rounded to the output's places, and an error for an amount with a
// fraction of a fen. The ledger keeps every digit.
type settlementJSON struct {
	SetlID     string            `json:"setl_id"`
	PsnNo      string            `json:"psn_no"`
	Reverses   string            `json:"reverses,omitempty"`
	Setlinfo   setlinfoJSON      `json:"setlinfo"`
	Setldetail []fundDetailJSON  `json:"setldetail"`
	Trace      []claim.TraceStep `json:"trace,omitempty"`
}

// setlinfoJSON and fundDetailJSON are the settlement's parts without
// their MarshalJSON.
type (
	setlinfoJSON   claim.Setlinfo
	fundDetailJSON claim.FundDetail
)

// storedSettlement is s as the ledger stores it; nil for nil.
func storedSettlement(s *claim.Settlement) *settlementJSON {
	if s == nil {
		return nil
	}
	j := &settlementJSON{SetlID: s.SetlID, PsnNo: s.PsnNo, Reverses: s.Reverses, Setlinfo: setlinfoJSON(s.Setlinfo), Trace: s.Trace}
	if s.Setldetail != nil {
		j.Setldetail = make([]fundDetailJSON, len(s.Setldetail))
		for i, fd := range s.Setldetail {
			j.Setldetail[i] = fundDetailJSON(fd)
		}
	}
	return j
}

// settlement is the settlement j stores; nil for nil.
func (j *settlementJSON) settlement() *claim.Settlement {
	if j == nil {
		return nil
	}
	s := &claim.Settlement{SetlID: j.SetlID, PsnNo: j.PsnNo, Reverses: j.Reverses, Setlinfo: claim.Setlinfo(j.Setlinfo), Trace: j.Trace}
	if j.Setldetail != nil {
		s.Setldetail = make([]claim.FundDetail, len(j.Setldetail))
		for i, fd := range j.Setldetail {
			s.Setldetail[i] = claim.FundDetail(fd)
		}
	}
	return s
}

// entryFields is interp.Entry without its methods, should it gain any.
type entryFields interp.Entry

// entryJSON is how an entry is stored: its own fields, its settlement
// through settlementJSON (the outer field hides the embedded one).
type entryJSON struct {
	entryFields
	Settlement *settlementJSON `json:"settlement,omitempty"`
}

func encodeEntry(e *interp.Entry) ([]byte, error) {
	return json.Marshal(entryJSON{entryFields(*e), storedSettlement(e.Settlement)})
}

func decodeEntry(body []byte) (*interp.Entry, error) {
	var j entryJSON
	if err := json.Unmarshal(body, &j); err != nil {
		return nil, err
	}
	e := interp.Entry(j.entryFields)
	e.Settlement = j.Settlement.settlement()
	return &e, nil
}
