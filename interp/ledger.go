package interp

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"sync"
	"time"

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
// five digits of its code + 1 (310100 → D310101, 390200 → D390201). code
// is a fund's six digits, as a checked policy holds them; a shorter one is
// given back after the D as it is.
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
	Key    string          `json:"key"`
	Amount decimal.Decimal `json:"amount"`
}

// Account is a member's personal account (个人账户): its two balances and
// its state. Balances change only through entries' moves.
type Account struct {
	Current decimal.Decimal `json:"current"` // 当年账户: credited in AccountState.Year
	Carried decimal.Decimal `json:"carried"` // 历年账户: carried over from earlier years
	AccountState
}

// AccountState is what of an account is set rather than added to.
type AccountState struct {
	// Year is the year Current belongs to; 0 before anything was credited.
	Year int `json:"year,omitempty"`
	// Gaps are the periods without pooled benefits after contributions
	// stopped (断缴), oldest first.
	Gaps []Gap `json:"gaps,omitempty"`
	// Links are the relatives this account may pay for by family sharing
	// (家庭共济): relative's psn_no → relation (配偶, 子女, …).
	Links map[string]string `json:"links,omitempty"`
	// Closed says why the account was paid out and closed (死亡, 出国定居);
	// empty while open.
	Closed string `json:"closed,omitempty"`
	// Latest is the member's settlement with the latest setl_time of
	// those that stand (not reversed); zero before the first. Settle
	// refuses a claim of the member dated before it, which the member's
	// year would take out of setl_time order. A what-if ledger keeps none.
	Latest Settled `json:"latest,omitzero"`
}

// Settled names a settlement and its setl_time.
type Settled struct {
	SetlID   string    `json:"setl_id"`
	SetlTime time.Time `json:"setl_time"`
}

// Gap is a period without pooled benefits: from the first day of the month
// after contributions stopped, to the day they were restored (zero while
// still open). To is exclusive.
type Gap struct {
	From time.Time `json:"from"`
	To   time.Time `json:"to,omitzero"`
}

// Balance is the whole balance, 当年 and 历年 together.
func (a Account) Balance() decimal.Decimal { return a.Current.Add(a.Carried) }

// Lapsed reports whether day d falls in a gap without pooled benefits.
func (a Account) Lapsed(d time.Time) bool {
	for _, g := range a.Gaps {
		if !d.Before(g.From) && (g.To.IsZero() || d.Before(g.To)) {
			return true
		}
	}
	return false
}

// Clone returns a copy that shares nothing with a.
func (a Account) Clone() Account {
	a.Gaps = slices.Clone(a.Gaps)
	a.Links = maps.Clone(a.Links)
	return a
}

// AccountMove is one change to a member's personal account balances
// (negative: paid out).
type AccountMove struct {
	PsnNo   string          `json:"psn_no"`
	Current decimal.Decimal `json:"current"`
	Carried decimal.Decimal `json:"carried"`
}

// Entry kinds.
const (
	KindSettlement = "settlement" // a claim settled, or reversed
	KindCredit     = "credit"     // a monthly credit to the account
	KindRollover   = "rollover"   // year end: 当年 → 历年, with interest
	KindStatus     = "status"     // 断缴, back-payment, a family link
	KindWithdrawal = "withdrawal" // the account paid out on death or emigration
	KindImport     = "import"     // accumulators and balances set from the platform's figures
)

// Entry is everything one ledger operation does, kept under its id so that
// repeating it changes nothing and a reversal can undo exactly what a
// settlement applied. A settlement's id is its setl_id; other operations'
// ids are made from what they are ("credit/P1/2025-03"), so the same
// operation always has the same id.
type Entry struct {
	SetlID     string            `json:"id"`
	Kind       string            `json:"kind"`
	PsnNo      string            `json:"psn_no"`
	Year       int               `json:"year"`
	Reverses   string            `json:"reverses,omitempty"` // setl_id of the settlement this entry reverses
	Settlement *claim.Settlement `json:"settlement,omitempty"`
	Deltas     []Delta           `json:"deltas,omitempty"` // to the accumulators of PsnNo's Year
	Moves      []AccountMove     `json:"moves,omitempty"`
	State      *AccountState     `json:"state,omitempty"` // when set, replaces PsnNo's account state
	Note       string            `json:"note,omitempty"`  // what the operation was, for people
	// After is, for a settlement, the member's latest settlement that
	// stood when it was settled (AccountState.Latest): what its reversal
	// sets Latest back to, or, if that was reversed since, the one that
	// came after in turn. For a reversal, it is the member's latest that
	// stood when it was made, which tells what it came after (see
	// ExplainIn); zero in a reversal a ledger kept before it was recorded.
	After Settled `json:"after,omitzero"`
	// Claim is, for a settlement or a reversal, what its claim gave beside
	// its amounts: what its reversal, and the claim sent again, must
	// repeat. Zero in an entry a ledger kept before it was recorded, which
	// is then not checked.
	Claim ClaimFields `json:"claim,omitzero"`
}

// ClaimFields are the fields of a settled claim, beside its amounts, that
// its settlement depends on: its classifying codes as the claim gave them
// (spaces around them dropped), its age and flags, the family member whose
// account paid, its disease code. A reversal repeats them, and so does a
// claim sent again under the same setl_id (see docs/claims.md). The codes
// are kept as texts, not as the ordinals the policy resolves them to, so
// that a ledger outlives a change of the policy's labels; they are
// compared by what the policy resolves them to.
type ClaimFields struct {
	Insutype     string `json:"insutype,omitempty"`
	PsnType      string `json:"psn_type,omitempty"`
	MedType      string `json:"med_type,omitempty"`
	MedinsLv     string `json:"medins_lv,omitempty"`
	MdtrtArea    string `json:"mdtrt_area,omitempty"`    // "": not given, 本地
	RemoteFiling string `json:"remote_filing,omitempty"` // "": not given, 未备案
	Age          int    `json:"age,omitempty"`
	HasAge       bool   `json:"has_age,omitempty"`
	CvlservFlag  bool   `json:"cvlserv_flag,omitempty"`
	AcctNotUsed  bool   `json:"acct_not_used,omitempty"` // acct_used_flag 0
	MulaidPsnNo  string `json:"mulaid_psn_no,omitempty"`
	DiseCode     string `json:"dise_code,omitempty"`
	PsnInsuStas  string `json:"psn_insu_stas,omitempty"` // "": not given, 正常
}

// Clone returns a copy of e that shares nothing with it that a caller
// could change: its settlement (its figures and fund details), deltas,
// moves and state are copied. Amounts are shared, as a decimal.Decimal
// is never changed in place, and so is a settlement's trace, which is
// read-only (see claim.Settlement.Trace).
func (e *Entry) Clone() *Entry {
	if e == nil {
		return nil
	}
	c := *e
	c.Settlement = cloneSettlement(e.Settlement)
	c.Deltas = slices.Clone(e.Deltas)
	c.Moves = slices.Clone(e.Moves)
	if e.State != nil {
		st := Account{AccountState: *e.State}.Clone().AccountState
		c.State = &st
	}
	return &c
}

// cloneSettlement returns a copy of s whose figures and fund details are
// its own. The trace is shared (see claim.Settlement.Trace): copying it,
// a map a step, made mpl run --explain a third slower, for a record
// nobody writes.
func cloneSettlement(s *claim.Settlement) *claim.Settlement {
	if s == nil {
		return nil
	}
	c := *s
	c.Setldetail = slices.Clone(s.Setldetail)
	return &c
}

// Ledger is the state that carries a member's year across claims: what
// Settle and the account operations read, and where they commit one Entry
// each. Implementations must apply an Entry atomically and at most once
// per id, and share no memory with their callers: Entry returns a copy
// the caller may change, and Commit keeps a copy of what it stores, not
// the Entry it is given (a copy the caller's later changes cannot reach,
// as a database store's is). Settle relies on both to hand each caller a
// settlement of its own.
type Ledger interface {
	// Entry returns a copy of the entry stored under id.
	Entry(id string) (*Entry, bool, error)
	// Reversed reports the setl_id of the entry that reversed setlID, if any.
	Reversed(setlID string) (string, bool, error)
	// Year returns a copy of the member's accumulators for the year.
	Year(psnNo string, year int) (Accumulators, error)
	// Account returns a copy of the member's personal account; the zero
	// Account for a member the ledger has never seen.
	Account(psnNo string) (Account, error)
	// Commit applies the entry's deltas, moves and state, and stores a
	// copy of it.
	// It returns ErrDuplicate for an id already stored, and a
	// *RefusedError (and applies nothing) when a reversal's settlement is
	// already reversed or a move would take either balance below zero.
	// Any other error is the store's failure, and applies nothing either.
	Commit(e *Entry) error
}

// Store is a ledger that many settlements share, in one process or many.
// Each Update runs in one transaction: it sees every earlier Update whole
// and commits whole or not at all, serialised with every other Update that
// names one of the same members. Program.SettleIn settles a claim in one.
//
// The stores differ in what they keep. MemoryLedger, and the SQLite and
// PostgreSQL stores of package store, keep every settlement: a claim sent
// again returns the settlement it had and pays nothing twice, and a
// reversal finds what it reverses. A WhatIfLedger, for what-if runs, keeps
// none (unless told which: WhatIfLedger.Keep): a claim sent again to it is
// settled and paid a second time, and a reversal is refused. A counter
// settling real claims wants one of the first.
type Store interface {
	// Update runs fn in a transaction over the members named and commits
	// what fn committed to its Ledger when fn returns nil. A store may run
	// fn more than once, when it retries a deadlock or a busy database, so
	// fn must not act outside the Ledger it is given.
	Update(psnNos []string, fn func(Ledger) error) error
	// View runs fn over a consistent, read-only view.
	View(fn func(Ledger) error) error
	// Members lists every member the store knows, sorted.
	Members() ([]string, error)
	// Years lists the years the store holds accumulators for a member, sorted.
	Years(psnNo string) ([]int, error)
	// Close releases the store.
	Close() error
}

// RefusedError is a ledger's refusal to commit an entry for what the
// ledger already holds: the entry's id (ErrDuplicate), a reversal of the
// settlement the entry reverses, a balance the entry would take below
// zero. Every store refuses the same entries (see CheckEntry). A refusal
// is the entry's fault; any other error of a Ledger or a Store is a
// failure of the store itself, which Settle reports as a *StoreError.
type RefusedError struct {
	Msg string
}

// Error is why the ledger refused the operation.
func (e *RefusedError) Error() string { return e.Msg }

// ErrDuplicate is returned by Commit for an id already stored.
var ErrDuplicate error = &RefusedError{Msg: "already applied"}

// StoreError is a failure of the ledger's store while a claim was being
// settled: a database that could not be read or written, a transaction
// that could not begin or commit. It is no fault of the claim, and the
// ledger holds nothing of it, so it is no error row: a batch stops at it
// (see RunRows and RunStream) rather than settle the member's later
// claims against a ledger without this one (a second deductible, a cap
// passed). Settle returns it for any error of the ledger that is not a
// refusal (*RefusedError); so do the account operations (Credit, Link,
// Withdraw, …), without a claim, and the stores of package store from
// Update for a transaction that could not begin, lock or commit.
type StoreError struct {
	SetlID string // the claim being settled; empty for no claim
	Line   int    // its input line; 0 when not known
	Err    error  // what failed
}

// Error names what failed and the claim: "storing entry S3: disk I/O
// error (claim S3, line 3)".
func (e *StoreError) Error() string {
	what := "the ledger's store failed"
	if e.Err != nil {
		what = e.Err.Error()
	}
	if e.SetlID == "" && e.Line == 0 {
		return what // no claim: an account operation's
	}
	return what + " (" + e.Claim() + ")"
}

// Claim names the claim the store failed on: "claim S3, line 3".
func (e *StoreError) Claim() string {
	if e.Line > 0 {
		return fmt.Sprintf("claim %s, line %d", e.SetlID, e.Line)
	}
	return "claim " + e.SetlID
}

// Unwrap returns what failed.
func (e *StoreError) Unwrap() error { return e.Err }

// ErrReadOnly is returned by Commit in a Store's View; the write of a
// store opened to read only (store.OpenReadOnly) is refused with an
// error that errors.Is matches to it.
var ErrReadOnly = errors.New("the ledger is read-only here")

// CheckEntry checks an entry against the ledger before it is applied:
// not a duplicate, not a second reversal, no balance below zero. Stores
// call it inside their transaction, so every store refuses the same entries
// with the same errors, each a *RefusedError; an error reading the ledger
// is returned as it is.
func CheckEntry(l Ledger, e *Entry) error {
	if isNil(l) {
		return errors.New("interp: no ledger to check the entry against (nil)")
	}
	if e == nil {
		return &RefusedError{Msg: "no entry (nil)"}
	}
	if e.SetlID == "" {
		return &RefusedError{Msg: "entry has no id"}
	}
	if _, dup, err := l.Entry(e.SetlID); err != nil {
		return err
	} else if dup {
		return ErrDuplicate
	}
	if e.Reverses != "" {
		if by, done, err := l.Reversed(e.Reverses); err != nil {
			return err
		} else if done {
			return &RefusedError{Msg: fmt.Sprintf("settlement %s is already reversed by %s", e.Reverses, by)}
		}
	}
	sums := map[string]AccountMove{}
	for _, mv := range e.Moves {
		s := sums[mv.PsnNo]
		s.Current, s.Carried = s.Current.Add(mv.Current), s.Carried.Add(mv.Carried)
		sums[mv.PsnNo] = s
	}
	for _, psn := range slices.Sorted(maps.Keys(sums)) {
		a, err := l.Account(psn)
		if err != nil {
			return err
		}
		s := sums[psn]
		if a.Current.Add(s.Current).IsNegative() || a.Carried.Add(s.Carried).IsNegative() {
			return &RefusedError{Msg: fmt.Sprintf("account of %s would go below zero", psn)}
		}
	}
	return nil
}

// MemoryLedger is a Ledger and a Store in memory, for tests, what-if runs
// and one batch of `mpl run` without --ledger. Each of its methods is safe
// for concurrent use, and so is Program.Settle into it, which settles as
// SettleIn does (see Settle). What reads it and then commits by itself —
// an account operation such as Program.Credit, or code of your own — is
// atomic only inside Update, which locks the members it names: two
// goroutines crediting one member directly could both read the account
// before either commits. It keeps every entry, so that a claim sent again
// returns its settlement and a reversal finds what it reverses; it hands
// out and keeps copies (see Ledger).
//
// The zero MemoryLedger is empty and ready to use, so that one may be
// held by value in a struct; like a sync.Mutex, it must not be copied
// once used.
type MemoryLedger struct {
	locks    [memoryStripes]sync.Mutex // Update holds the stripes of its members
	mu       sync.Mutex                // guards the maps
	years    map[yearKey]Accumulators
	accounts map[string]Account
	entries  map[string]*Entry
	reversed map[string]string
	forget   bool     // keep no entries (a WhatIfLedger's) but those of keep
	keep     *KeepSet // with forget, the entries kept (see WhatIfLedger.Keep)
}

type yearKey struct {
	psn  string
	year int
}

// NewMemoryLedger returns an empty ledger.
func NewMemoryLedger() *MemoryLedger {
	m := &MemoryLedger{}
	m.init()
	return m
}

// init makes the maps of a zero MemoryLedger, before its first write; the
// caller holds m.mu, or has m to itself. Reading a nil map needs none.
func (m *MemoryLedger) init() {
	if m.years != nil {
		return
	}
	m.years = map[yearKey]Accumulators{}
	m.accounts = map[string]Account{}
	m.entries = map[string]*Entry{}
	m.reversed = map[string]string{}
}

// SetBalance sets a member's personal account balance, all of it carried
// over (历年), for seeding a run. A balance below zero, or with a fraction
// of a fen, is an error (the member's next claim would break the
// settlement's invariants), and sets nothing.
func (m *MemoryLedger) SetBalance(psnNo string, balance decimal.Decimal) error {
	return m.SetBalances(psnNo, decimal.Zero, balance)
}

// SetBalances sets a member's current-year (当年) and carried-over (历年)
// balances, for seeding a run: in the order Account and Balances give them.
// Either below zero, or with a fraction of a fen, is an error, and sets
// nothing.
func (m *MemoryLedger) SetBalances(psnNo string, current, carried decimal.Decimal) error {
	if err := checkSeed(psnNo, "当年 balance", current); err != nil {
		return err
	}
	if err := checkSeed(psnNo, "历年 balance", carried); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	a := m.accounts[psnNo]
	a.Carried, a.Current = carried, current
	m.accounts[psnNo] = a
	return nil
}

// SetAccumulator sets one accumulator of a member's year (for starting a
// member mid-year from the platform's 5206 figures). An amount with a
// fraction of a fen is an error, and sets nothing. (One below zero is not:
// reversing a settlement made before the platform's figures were imported
// can leave one.)
func (m *MemoryLedger) SetAccumulator(psnNo string, year int, key string, amount decimal.Decimal) error {
	if err := checkFen(psnNo, "accumulator "+key, amount); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.init()
	k := yearKey{psnNo, year}
	if m.years[k] == nil {
		m.years[k] = Accumulators{}
	}
	m.years[k][key] = amount
	return nil
}

// checkSeed refuses a balance a ledger is seeded with that no settlement
// could have left: below zero, or with a fraction of a fen.
func checkSeed(psnNo, what string, d decimal.Decimal) error {
	if d.IsNegative() {
		return fmt.Errorf("interp: member %s: %s %s is below zero", psnNo, what, d.String())
	}
	if err := checkFen(psnNo, what, d); err != nil {
		return err
	}
	if msg := claim.AmountError(d); msg != "" {
		return fmt.Errorf("interp: member %s: %s %s", psnNo, what, msg)
	}
	return nil
}

// checkFen refuses an amount with a fraction of a fen.
func checkFen(psnNo, what string, d decimal.Decimal) error {
	if !d.Equal(d.Truncate(2)) {
		return fmt.Errorf("interp: member %s: %s %s is not whole fen", psnNo, what, d.String())
	}
	return nil
}

// Entry implements Ledger.
func (m *MemoryLedger) Entry(id string) (*Entry, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return memoryHeld{m}.Entry(id)
}

// Reversed implements Ledger.
func (m *MemoryLedger) Reversed(setlID string) (string, bool, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return memoryHeld{m}.Reversed(setlID)
}

// Year implements Ledger.
func (m *MemoryLedger) Year(psnNo string, year int) (Accumulators, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return memoryHeld{m}.Year(psnNo, year)
}

// Account implements Ledger.
func (m *MemoryLedger) Account(psnNo string) (Account, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return memoryHeld{m}.Account(psnNo)
}

// Commit implements Ledger: the checks and the changes happen under one
// lock, so two commits of the same id cannot both pass.
func (m *MemoryLedger) Commit(e *Entry) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := CheckEntry(memoryHeld{m}, e); err != nil {
		return err
	}
	m.init()
	k := yearKey{e.PsnNo, e.Year}
	if len(e.Deltas) > 0 && m.years[k] == nil {
		m.years[k] = Accumulators{}
	}
	for _, d := range e.Deltas {
		m.years[k][d.Key] = m.years[k][d.Key].Add(d.Amount)
	}
	for _, mv := range e.Moves {
		a := m.accounts[mv.PsnNo]
		a.Current, a.Carried = a.Current.Add(mv.Current), a.Carried.Add(mv.Carried)
		m.accounts[mv.PsnNo] = a
	}
	if e.State != nil {
		a := m.accounts[e.PsnNo]
		a.AccountState = Account{AccountState: *e.State}.Clone().AccountState
		m.accounts[e.PsnNo] = a
	}
	if !m.forget || m.keep.Has(e.SetlID) {
		m.entries[e.SetlID] = e.Clone() // the caller's e is the caller's to change
	}
	if e.Reverses != "" && (!m.forget || m.keep.Has(e.Reverses)) {
		m.reversed[e.Reverses] = e.SetlID
	}
	return nil
}

// memoryHeld reads a MemoryLedger whose lock the caller holds.
type memoryHeld struct{ m *MemoryLedger }

func (h memoryHeld) Entry(id string) (*Entry, bool, error) {
	e, ok := h.m.entries[id]
	return e.Clone(), ok, nil
}

func (h memoryHeld) Reversed(setlID string) (string, bool, error) {
	r, ok := h.m.reversed[setlID]
	return r, ok, nil
}

func (h memoryHeld) Year(psnNo string, year int) (Accumulators, error) {
	return maps.Clone(h.m.years[yearKey{psnNo, year}]), nil
}

func (h memoryHeld) Account(psnNo string) (Account, error) {
	return h.m.accounts[psnNo].Clone(), nil
}

func (h memoryHeld) Commit(*Entry) error { return errors.New("memoryHeld is read-only") }

// memoryStripes is how many locks MemoryLedger spreads its members over.
const memoryStripes = 64

// Update implements Store: fn runs while no other Update of the same
// members does (each member's stripe is locked, in order, so two Updates
// never wait on each other in a cycle), and what it committed stays
// committed (memory has no rollback; fn commits last, after its checks).
// fn's Ledger is m's, but not m itself: Settle into m locks the members
// (see Settle), and inside fn, which holds their locks, would wait for
// them for ever; settle into fn's Ledger.
func (m *MemoryLedger) Update(psnNos []string, fn func(Ledger) error) error {
	var stripes [memoryStripes]bool
	for _, psn := range psnNos {
		stripes[stripeOf(psn)] = true
	}
	for i := range stripes {
		if stripes[i] {
			m.locks[i].Lock()
			defer m.locks[i].Unlock()
		}
	}
	return fn(memoryUpdate{m})
}

// memoryUpdate is a MemoryLedger inside its Update, its members locked: a
// Ledger, and no *MemoryLedger for Settle to lock again.
type memoryUpdate struct{ m *MemoryLedger }

func (u memoryUpdate) Entry(id string) (*Entry, bool, error)        { return u.m.Entry(id) }
func (u memoryUpdate) Reversed(setlID string) (string, bool, error) { return u.m.Reversed(setlID) }
func (u memoryUpdate) Year(psnNo string, year int) (Accumulators, error) {
	return u.m.Year(psnNo, year)
}
func (u memoryUpdate) Account(psnNo string) (Account, error) { return u.m.Account(psnNo) }
func (u memoryUpdate) Commit(e *Entry) error                 { return u.m.Commit(e) }

// stripeOf spreads member ids over the stripes (FNV-1a).
func stripeOf(psn string) int {
	h := uint32(2166136261)
	for i := 0; i < len(psn); i++ {
		h = (h ^ uint32(psn[i])) * 16777619
	}
	return int(h % memoryStripes)
}

// View implements Store: reads see each committed entry whole.
func (m *MemoryLedger) View(fn func(Ledger) error) error {
	return fn(readOnly{m})
}

// Members implements Store.
func (m *MemoryLedger) Members() ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	seen := map[string]bool{}
	for k := range m.years {
		seen[k.psn] = true
	}
	for p := range m.accounts {
		seen[p] = true
	}
	return slices.Sorted(maps.Keys(seen)), nil
}

// Years implements Store.
func (m *MemoryLedger) Years(psnNo string) ([]int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var ys []int
	for k := range m.years {
		if k.psn == psnNo {
			ys = append(ys, k.year)
		}
	}
	sort.Ints(ys)
	return ys, nil
}

// Close implements Store.
func (m *MemoryLedger) Close() error { return nil }

// readOnly is a Ledger that refuses commits, for View.
type readOnly struct{ Ledger }

func (readOnly) Commit(*Entry) error { return ErrReadOnly }
