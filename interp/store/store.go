package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/mpl-lang/mpl/interp"
)

// Open opens the ledger store dsn names, creating its tables when they are
// missing. A dsn starting with postgres:// or postgresql:// is a
// PostgreSQL URL in pgx's form, for example
//
//	postgres://mpl:secret@db.example:5432/ledger?sslmode=disable
//
// where search_path=name picks the schema the tables live in. Anything
// else is the path of a SQLite file, created on first use (its directory
// must exist); a dsn starting with file: is handed to SQLite as a URI.
func Open(dsn string) (interp.Store, error) {
	switch {
	case dsn == "":
		return nil, errors.New("no ledger store named")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return openPostgres(dsn, false)
	default:
		return openSQLite(dsn, false)
	}
}

// OpenReadOnly opens the ledger store dsn names, as Open does, to read it
// and never write it: it creates neither a file nor a table, a SQLite
// file is opened with SQLite's mode=ro and a PostgreSQL session with
// default_transaction_read_only, and the store's Update and RecordPolicy
// return an error for which errors.Is(err, interp.ErrReadOnly) holds. So it reads a ledger its user may not write: a file
// without write permission, a database role that may only select. A
// database that holds no ledger is ErrNoLedger; a SQLite file that does
// not exist is an error too. SQLite keeps a ledger with a write-ahead
// log, which it reads through the -shm and -wal files beside the file:
// where they are not there and the directory cannot be written, the file
// cannot be read either.
func OpenReadOnly(dsn string) (interp.Store, error) {
	switch {
	case dsn == "":
		return nil, errors.New("no ledger store named")
	case strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return openPostgres(dsn, true)
	default:
		return openSQLite(dsn, true)
	}
}

// ErrNoLedger is OpenReadOnly's error for a database that has none of a
// ledger's tables: an empty file, another program's database, a
// PostgreSQL schema no mpl run has settled into.
var ErrNoLedger = errors.New("it holds no ledger (none of its tables)")

// errReadOnly is the error of a write to a store OpenReadOnly opened:
// errors.Is(err, interp.ErrReadOnly) holds for it.
var errReadOnly error = readOnlyError{}

type readOnlyError struct{}

func (readOnlyError) Error() string { return "the ledger was opened read-only" }

// Is matches interp.ErrReadOnly, the error of every write a store refuses
// for being read-only.
func (readOnlyError) Is(target error) bool { return target == interp.ErrReadOnly }

// maxAttempts bounds how often Update and View run fn when the database
// asks for a retry (a deadlock, a serialisation failure, a file busy for
// longer than the busy timeout).
const maxAttempts = 6

// schemaVersion is the version of the tables this package writes; a store
// with a later version was written by a newer mpl and is refused.
const schemaVersion = 1

// dialect is what differs between the databases: how a transaction starts,
// how members are locked, and which errors mean what.
type dialect interface {
	// begin starts a transaction; write transactions are serialised with
	// each other for the members they lock.
	begin(ctx context.Context, write bool) (*txn, error)
	// lock makes the transaction the only writer of the members' ledgers
	// until it ends. psnNos are sorted, without repeats.
	lock(ctx context.Context, q querier, psnNos []string) error
	// schema returns the statements that create the tables.
	schema() []string
	// hasTable reports whether the table name is there.
	hasTable(ctx context.Context, q querier, name string) (bool, error)
	// retryable reports whether the transaction that met err should be run
	// again from the start.
	retryable(err error) bool
	// unique reports whether err is a unique-key violation.
	unique(err error) bool
}

// querier runs statements: a *sql.Tx, or a *sql.Conn inside BEGIN … COMMIT.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// txn is one database transaction.
type txn struct {
	q        querier
	commit   func() error
	rollback func() error // also after a failed commit
	release  func()       // always, last
}

// sqlStore is an interp.Store in a SQL database.
type sqlStore struct {
	db *sql.DB
	d  dialect
	// readOnly: opened by OpenReadOnly, to read only.
	readOnly bool
	// noPolicies: opened read-only, the ledger has no policies table (an
	// older mpl wrote it), which Open would have created.
	noPolicies bool
}

// initSchema creates the tables if they are missing and checks the
// version of those that are there.
func (s *sqlStore) initSchema(ctx context.Context) error {
	return s.retry(func() (bool, error) {
		tx, err := s.d.begin(ctx, true)
		if err != nil {
			return s.d.retryable(err), err
		}
		defer tx.release()
		err = s.createTables(ctx, tx.q)
		if err == nil {
			err = tx.commit()
		}
		if err != nil {
			tx.rollback()
			return s.d.retryable(err), err
		}
		return false, nil
	})
}

func (s *sqlStore) createTables(ctx context.Context, q querier) error {
	for _, stmt := range s.d.schema() {
		if _, err := q.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("creating the ledger's tables: %w", err)
		}
	}
	var v int
	switch err := q.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		_, err = q.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, schemaVersion)
		return err
	case err != nil:
		return err
	case v > schemaVersion:
		return fmt.Errorf("the ledger's tables are version %d, newer than this mpl knows (%d)", v, schemaVersion)
	}
	return nil
}

// checkSchema checks, reading only, that the tables are there and of a
// version this mpl reads, for OpenReadOnly, which creates nothing.
func (s *sqlStore) checkSchema(ctx context.Context) error {
	s.readOnly = true
	return s.retry(func() (bool, error) {
		tx, err := s.d.begin(ctx, false)
		if err != nil {
			return s.d.retryable(err), err
		}
		defer tx.release()
		defer tx.rollback()
		err = s.readSchema(ctx, tx.q)
		return s.d.retryable(err), err
	})
}

func (s *sqlStore) readSchema(ctx context.Context, q querier) error {
	ok, err := s.d.hasTable(ctx, q, "schema_version")
	if err != nil {
		return err
	}
	if !ok {
		return ErrNoLedger
	}
	var v int
	switch err := q.QueryRowContext(ctx, `SELECT version FROM schema_version`).Scan(&v); {
	case errors.Is(err, sql.ErrNoRows):
		return ErrNoLedger
	case err != nil:
		return err
	case v > schemaVersion:
		return fmt.Errorf("the ledger's tables are version %d, newer than this mpl knows (%d)", v, schemaVersion)
	}
	// The tables of version 1 come together; the policies table came
	// later, without a new version.
	ok, err = s.d.hasTable(ctx, q, "policies")
	s.noPolicies = !ok
	return err
}

// retry runs attempt until it succeeds, fails for good, or has been tried
// maxAttempts times, backing off with jitter between tries.
func (s *sqlStore) retry(attempt func() (retry bool, err error)) error {
	return retrying(attempt)
}

// retrying is sqlStore.retry, for what runs before there is a store.
func retrying(attempt func() (retry bool, err error)) error {
	for n := 1; ; n++ {
		again, err := attempt()
		if !again || n == maxAttempts {
			return err
		}
		d := 4 * time.Millisecond << n
		time.Sleep(d/2 + rand.N(d/2))
	}
}

// Update implements interp.Store. fn runs inside a database transaction
// that has locked the members named; what it commits to its Ledger is
// written when fn returns nil and rolled back when it returns an error or
// panics. When the database asks for a retry (a deadlock, a busy file) the
// whole transaction runs again, fn included, so fn should touch nothing
// outside its Ledger that a second run would repeat.
func (s *sqlStore) Update(psnNos []string, fn func(interp.Ledger) error) error {
	if s.readOnly {
		return &interp.StoreError{Err: errReadOnly}
	}
	return s.retry(func() (bool, error) { return s.update(psnNos, fn) })
}

// failed is err, a failure of the store's own (a transaction that did not
// begin, lock or commit), as the *interp.StoreError a caller tells from
// fn's errors.
func failed(err error) error { return &interp.StoreError{Err: err} }

func (s *sqlStore) update(psnNos []string, fn func(interp.Ledger) error) (retry bool, err error) {
	ctx := context.Background()
	tx, err := s.d.begin(ctx, true)
	if err != nil {
		return s.d.retryable(err), failed(err)
	}
	l := &txLedger{ctx: ctx, s: s, q: tx.q, write: true, locked: map[string]bool{}}
	committed := false
	defer func() {
		l.done = true
		if !committed {
			tx.rollback()
		}
		tx.release()
	}()
	if err := l.lock(psnNos); err != nil {
		return l.retry != nil, failed(err)
	}
	if err := fn(l); err != nil {
		return l.retry != nil, err
	}
	if l.retry != nil {
		// fn went on after an error that spoilt the transaction.
		return true, failed(l.retry)
	}
	if err := tx.commit(); err != nil {
		return s.d.retryable(err), failed(fmt.Errorf("committing: %w", err))
	}
	committed = true
	return false, nil
}

// View implements interp.Store: fn reads one snapshot of the store, and
// its Ledger's Commit returns interp.ErrReadOnly.
func (s *sqlStore) View(fn func(interp.Ledger) error) error {
	return s.retry(func() (bool, error) {
		ctx := context.Background()
		tx, err := s.d.begin(ctx, false)
		if err != nil {
			return s.d.retryable(err), err
		}
		l := &txLedger{ctx: ctx, s: s, q: tx.q}
		defer func() {
			l.done = true
			tx.rollback()
			tx.release()
		}()
		err = fn(l)
		if l.retry != nil {
			return true, cmpErr(err, l.retry)
		}
		return false, err
	})
}

// cmpErr returns err, or else fallback.
func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// Members implements interp.Store.
func (s *sqlStore) Members() ([]string, error) {
	rows, err := s.db.QueryContext(context.Background(),
		`SELECT psn_no FROM accumulators UNION SELECT psn_no FROM accounts`)
	if err != nil {
		return nil, fmt.Errorf("listing members: %w", err)
	}
	defer rows.Close()
	var psns []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			return nil, fmt.Errorf("listing members: %w", err)
		}
		psns = append(psns, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing members: %w", err)
	}
	// Sorted here, not by ORDER BY: a database's collation need not be
	// Go's byte order, which MemoryLedger uses.
	slices.Sort(psns)
	return psns, nil
}

// Years implements interp.Store.
func (s *sqlStore) Years(psnNo string) ([]int, error) {
	rows, err := s.db.QueryContext(context.Background(),
		`SELECT DISTINCT year FROM accumulators WHERE psn_no = $1 ORDER BY year`, psnNo)
	if err != nil {
		return nil, fmt.Errorf("listing the years of %s: %w", psnNo, err)
	}
	defer rows.Close()
	var years []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, fmt.Errorf("listing the years of %s: %w", psnNo, err)
		}
		years = append(years, y)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("listing the years of %s: %w", psnNo, err)
	}
	return years, nil
}

// Close implements interp.Store.
func (s *sqlStore) Close() error { return s.db.Close() }
