package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
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

func openSQLite(path string) (interp.Store, error) {
	dsn, err := sqliteDSN(path)
	if err != nil {
		return nil, err
	}
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	db.SetMaxIdleConns(4)
	s := &sqlStore{db: db, d: &sqliteDialect{db: db}}
	if err := s.initSchema(context.Background()); err != nil {
		db.Close()
		return nil, fmt.Errorf("opening %s: %w", path, err)
	}
	return s, nil
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
