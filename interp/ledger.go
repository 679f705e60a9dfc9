package interp

import (
	"fmt"
	"sync"

	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// Accumulator keys, after the national platform's 5206 query. A key may carry
// a suffix: `_BIZ{med_type}` per kind of care, or a local name after `_`.
const (
	KeyDeductible = "Q0000"      // deductible borne (起付线累计); per pool as Q0000_{pool}
	KeyCount      = "C0000"      // settlements counted; per kind of care as C0000_BIZ{med_type}
	KeyAdmissions = "C0000_ADM_" // admissions per benefit (local): C0000_ADM_{benefit}
	KeyOOP        = "OOP_"       // in-scope out-of-pocket per fund (local): OOP_{fund}
	KeyLimit      = "L_"         // paid against a named limit (local): L_{limit}
)

// FundKey is the 5206 key for what a fund has paid this year: D + the first
// five digits of its code + 1 (310100 → D310101, 390200 → D390201).
func FundKey(code string) string {
	if len(code) < 5 {
		return "D" + code
	}
	return "D" + code[:5] + "1"
}

// Accumulators is a member's year: key → amount.
type Accumulators map[string]decimal.Decimal

// Get returns the amount under key, zero when absent.
func (a Accumulators) Get(key string) decimal.Decimal { return a[key] }

// Delta is one change to an accumulator.
type Delta struct {
	Key    string
	Amount decimal.Decimal
}

// AccountMove is one change to a personal account balance (negative: paid out).
type AccountMove struct {
	PsnNo  string
	Amount decimal.Decimal
}

// Entry is everything one settlement does to the ledger, kept under its
// setl_id so that re-submitting it changes nothing and a reversal can undo
// exactly what it applied.
type Entry struct {
	SetlID     string
	PsnNo      string
	Year       int
	Reverses   string // setl_id of the settlement this entry reverses
	Settlement *claim.Settlement
	Deltas     []Delta
	Moves      []AccountMove
}

// Ledger is the state that carries a member's year across claims. Settle
// reads it and commits one Entry per claim. Implementations must apply an
// Entry atomically and at most once per setl_id.
type Ledger interface {
	// Entry returns the entry stored under setlID.
	Entry(setlID string) (*Entry, bool, error)
	// Year returns a copy of the member's accumulators for the year.
	Year(psnNo string, year int) (Accumulators, error)
	// Balance returns the member's personal account balance.
	Balance(psnNo string) (decimal.Decimal, error)
	// Commit applies the entry's deltas and account moves and stores it.
	// Committing a setl_id that is already stored returns ErrDuplicate.
	Commit(e *Entry) error
	// Reversed reports the setl_id of the entry that reversed setlID, if any.
	Reversed(setlID string) (string, bool, error)
}

// ErrDuplicate is returned by Commit for a setl_id already stored.
var ErrDuplicate = fmt.Errorf("setl_id already settled")

// MemoryLedger is a Ledger in memory, for tests, what-if runs and one batch
// of `mpl run`. It is safe for concurrent use.
type MemoryLedger struct {
	mu       sync.Mutex
	years    map[yearKey]Accumulators
	balances map[string]decimal.Decimal
	entries  map[string]*Entry
	reversed map[string]string
}

type yearKey struct {
	psn  string
	year int
}

// NewMemoryLedger returns an empty ledger.
func NewMemoryLedger() *MemoryLedger {
	return &MemoryLedger{
		years:    map[yearKey]Accumulators{},
		balances: map[string]decimal.Decimal{},
		entries:  map[string]*Entry{},
		reversed: map[string]string{},
	}
}

// SetBalance sets a member's personal account balance (for seeding a run).
func (m *MemoryLedger) SetBalance(psnNo string, balance decimal.Decimal) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.balances[psnNo] = balance
}

// SetAccumulator sets one accumulator of a member's year (for starting a
// member mid-year from the platform's 5206 figures).
func (m *MemoryLedger) SetAccumulator(psnNo string, year int, key string, amount decimal.Decimal) {
	m.mu.Lock()
	defer m.mu.Unlock()
	k := yearKey{psnNo, year}
	if m.years[k] == nil {
		m.years[k] = Accumulators{}
	}
	m.years[k][key] = amount
}

// Entry implements Ledger.
func (m *MemoryLedger) Entry(setlID string) (*Entry, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.entries[setlID]
	return e, ok, nil
}

// Reversed implements Ledger.
func (m *MemoryLedger) Reversed(setlID string) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.reversed[setlID]
	return r, ok, nil
}

// Year implements Ledger.
func (m *MemoryLedger) Year(psnNo string, year int) (Accumulators, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	out := Accumulators{}
	for k, v := range m.years[yearKey{psnNo, year}] {
		out[k] = v
	}
	return out, nil
}

// Balance implements Ledger.
func (m *MemoryLedger) Balance(psnNo string) (decimal.Decimal, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.balances[psnNo], nil
}

// Commit implements Ledger.
func (m *MemoryLedger) Commit(e *Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, dup := m.entries[e.SetlID]; dup {
		return ErrDuplicate
	}
	if e.Reverses != "" {
		if _, done := m.reversed[e.Reverses]; done {
			return fmt.Errorf("settlement %s is already reversed", e.Reverses)
		}
	}
	for _, mv := range e.Moves {
		if m.balances[mv.PsnNo].Add(mv.Amount).IsNegative() {
			return fmt.Errorf("account of %s would go below zero", mv.PsnNo)
		}
	}
	k := yearKey{e.PsnNo, e.Year}
	if m.years[k] == nil {
		m.years[k] = Accumulators{}
	}
	acc := m.years[k]
	for _, d := range e.Deltas {
		acc[d.Key] = acc[d.Key].Add(d.Amount)
	}
	for _, mv := range e.Moves {
		m.balances[mv.PsnNo] = m.balances[mv.PsnNo].Add(mv.Amount)
	}
	m.entries[e.SetlID] = e
	if e.Reverses != "" {
		m.reversed[e.Reverses] = e.SetlID
	}
	return nil
}
