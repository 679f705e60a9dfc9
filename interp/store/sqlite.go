package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"sync"

	"github.com/mpl-lang/mpl/interp"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// sqlitePragmas are set on every connection. WAL lets readers go on while
// one connection writes, and several processes share the file;
// synchronous=FULL syncs the log at every commit, so a committed Update
// survives a crash of the process or of the machine; busy_timeout is how
// long (ms) to wait for another process's write transaction before
// SQLITE_BUSY, after which Update backs off and tries again.
const sqlitePragmas = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)"

// openSQLite opens the ledger file at path. It tries again, as Update
// does, when SQLite finds the file busy: goroutines or processes opening a
// file that does not exist yet at once each switch it to WAL and create
// its tables, and SQLite answers some SQLITE_BUSY at once, whatever the
// busy timeout.
func openSQLite(path string, readOnly bool) (interp.Store, error) {
	var st interp.Store
	err := retrying(func() (bool, error) {
		var err error
		st, err = openSQLiteOnce(path, readOnly)
		return (&sqliteDialect{}).retryable(err), err
	})
	return st, err
}

// openSQLiteOnce is one attempt of openSQLite.
func openSQLiteOnce(path string, readOnly bool) (interp.Store, error) {
	dsn, err := sqliteDSN(path)
	if readOnly {
		dsn, err = sqliteReadOnlyDSN(path), nil
	}
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening the SQLite ledger: %w", err)
	}
	db.SetMaxIdleConns(4)
	s := &sqlStore{db: db, d: &sqliteDialect{db: db}}
	ctx := context.Background()
	// The check comes first, so that nothing is written into a damaged
	// file, not even the tables Open makes.
	err = checkSQLite(ctx, db, openCheckTables)
	if err == nil && readOnly {
		err = s.checkSchema(ctx)
	} else if err == nil {
		err = s.initSchema(ctx)
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("opening the SQLite ledger: %w", explainSQLite(path, readOnly, damaged(err)))
	}
	return s, nil
}

// explainSQLite adds to err, when SQLite could not open the file for
// want of a directory it may write, what SQLite needs there: a ledger
// keeps a write-ahead log, whose -wal and -shm files SQLite makes beside
// the file, and reads through, even to only read.
//
// When SQLite may not write the ledger, to write it, and a -wal or -shm
// file beside it is another user's, it names them: a user who only read
// the ledger made them, and the ledger's owner cannot write it until
// they are the owner's again, or gone.
func explainSQLite(path string, readOnly bool, err error) error {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return err
	}
	if e.Code()&0xff == sqlite3.SQLITE_READONLY && e.Code() != sqlite3.SQLITE_READONLY_DIRECTORY && !readOnly && !strings.HasPrefix(path, "file:") {
		uid, gids := thisUser()
		if files := unwritableLogFiles(path, uid, gids); files != nil {
			return fmt.Errorf("%w: this user (%s) may not write %s, which SQLite writes with the ledger; another user made them, reading the ledger: "+
				"give them to this user (as root: chown), or, while no process has the ledger open, remove %s, and %s if it is empty",
				err, userName(uid), strings.Join(files, " and "), filepath.Base(path)+"-shm", filepath.Base(path)+"-wal")
		}
		return err
	}
	if e.Code() != sqlite3.SQLITE_READONLY_DIRECTORY {
		return err
	}
	if readOnly {
		return fmt.Errorf("%w: SQLite reads a ledger through %s-shm and %s-wal beside it, and can neither find them nor make them in %s",
			err, filepath.Base(path), filepath.Base(path), filepath.Dir(path))
	}
	return fmt.Errorf("%w: SQLite writes a ledger through %s-shm and %s-wal beside it, and cannot make them in %s",
		err, filepath.Base(path), filepath.Base(path), filepath.Dir(path))
}

// sqliteDSN adds the pragmas to a file name or a file: URI.
func sqliteDSN(path string) (string, error) {
	if strings.HasPrefix(path, "file:") {
		if strings.Contains(path, "?") {
			return path + "&" + sqlitePragmas, nil
		}
		return path + "?" + sqlitePragmas, nil
	}
	if strings.Contains(path, "?") {
		return "", fmt.Errorf("ledger file name %q has a '?': give it as a file: URI with the '?' escaped as %%3f", path)
	}
	return path + "?" + sqlitePragmas, nil
}

// sqliteReadOnly is the query of a read-only open: SQLite's mode=ro
// creates no file and refuses every write. It goes last, as SQLite takes
// the last mode a URI gives. No journal_mode or synchronous pragma: the
// first would write the file, the second matters only to writes.
const sqliteReadOnly = "_pragma=busy_timeout(5000)&mode=ro"

// sqliteReadOnlyDSN makes a file name, or a file: URI, a file: URI that
// SQLite opens read-only; mode=ro works only in a URI, and a plain name
// with a query loses it to the driver.
func sqliteReadOnlyDSN(path string) string {
	if strings.HasPrefix(path, "file:") {
		if strings.Contains(path, "?") {
			return path + "&" + sqliteReadOnly
		}
		return path + "?" + sqliteReadOnly
	}
	escaped := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	if strings.HasPrefix(path, "/") {
		return "file://" + escaped + "?" + sqliteReadOnly // file:///var/…: an empty authority
	}
	return "file:" + escaped + "?" + sqliteReadOnly
}

// sqliteDialect keeps the ledger in a SQLite file. A write transaction
// starts with BEGIN IMMEDIATE, which takes the file's one write lock at
// once, so Updates are serialised whole, whatever members they name, and a
// read inside one always sees the latest commit.
type sqliteDialect struct {
	db *sql.DB
	// write queues this process's write transactions here rather than in
	// SQLite's busy handler, which polls; other processes' transactions
	// still wait in the busy handler.
	write sync.Mutex
}

func (d *sqliteDialect) begin(ctx context.Context, write bool) (*txn, error) {
	if write {
		d.write.Lock()
	}
	unlock := func() {
		if write {
			d.write.Unlock()
		}
	}
	conn, err := d.db.Conn(ctx)
	if err != nil {
		unlock()
		return nil, err
	}
	begin := "BEGIN"
	if write {
		begin = "BEGIN IMMEDIATE"
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		conn.Close()
		unlock()
		return nil, err
	}
	return &txn{
		q: conn,
		commit: func() error {
			_, err := conn.ExecContext(ctx, "COMMIT")
			return err
		},
		rollback: func() error {
			_, err := conn.ExecContext(ctx, "ROLLBACK")
			if err != nil {
				// Whether the connection is still in a transaction is
				// unknown: drop it rather than hand it to the next user.
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
			return err
		},
		release: func() {
			conn.Close()
			unlock()
		},
	}, nil
}

// lock does nothing: the write transaction holds the whole file.
func (*sqliteDialect) lock(context.Context, querier, []string) error { return nil }

func (*sqliteDialect) schema() []string {
	return []string{
		`CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS entries (
			id TEXT NOT NULL PRIMARY KEY,
			kind TEXT NOT NULL,
			psn_no TEXT NOT NULL,
			year INTEGER NOT NULL,
			reverses TEXT NOT NULL,
			body TEXT NOT NULL
		)`,
		`CREATE TABLE IF NOT EXISTS reversals (
			setl_id TEXT NOT NULL PRIMARY KEY,
			by_id TEXT NOT NULL
		)`,
		`CREATE TABLE IF NOT EXISTS accumulators (
			psn_no TEXT NOT NULL,
			year INTEGER NOT NULL,
			key TEXT NOT NULL,
			amount TEXT NOT NULL,
			PRIMARY KEY (psn_no, year, key)
		) WITHOUT ROWID`,
		`CREATE TABLE IF NOT EXISTS accounts (
			psn_no TEXT NOT NULL PRIMARY KEY,
			current TEXT NOT NULL,
			carried TEXT NOT NULL,
			state TEXT NOT NULL
		)`,
		policiesTable,
	}
}

func (*sqliteDialect) hasTable(ctx context.Context, q querier, name string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $1`, name).Scan(&n)
	return n > 0, err
}

func (*sqliteDialect) retryable(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code() & 0xff { // the primary code of an extended one
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		return true
	}
	return false
}

func (*sqliteDialect) unique(err error) bool {
	var e *sqlite.Error
	if !errors.As(err, &e) {
		return false
	}
	return e.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || e.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}
