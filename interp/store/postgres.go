package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/mpl-lang/mpl/interp"
)

func openPostgres(dsn string, readOnly bool) (interp.Store, error) {
	cfg, err := pgx.ParseConfig(dsn)
	if err != nil {
		return nil, fmt.Errorf("opening the PostgreSQL ledger: %w", err)
	}
	if readOnly {
		// Every transaction of the session, and every statement outside
		// one, is read-only: the server refuses a write, whatever the
		// user may do.
		cfg.RuntimeParams["default_transaction_read_only"] = "on"
	}
	db := stdlib.OpenDB(*cfg)
	db.SetMaxIdleConns(8)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &sqlStore{db: db, d: &postgresDialect{db: db}}
	if readOnly {
		err = s.checkSchema(context.Background())
	} else {
		err = s.initSchema(context.Background())
	}
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("opening the PostgreSQL ledger: %w", err)
	}
	return s, nil
}

// postgresDialect keeps the ledger in PostgreSQL. Updates run at READ
// COMMITTED and lock their members' rows in member_locks, in sorted order
// so that two Updates never wait for each other crosswise: after the lock,
// every statement sees what the member's previous Update committed.
// Updates of different members run side by side. A Commit that touches a
// member its Update did not name (a relative's account) locks that member
// then; should that deadlock, PostgreSQL aborts one transaction and Update
// runs it again. Views read one REPEATABLE READ snapshot.
type postgresDialect struct{ db *sql.DB }

func (d *postgresDialect) begin(ctx context.Context, write bool) (*txn, error) {
	opts := &sql.TxOptions{Isolation: sql.LevelReadCommitted}
	if !write {
		opts = &sql.TxOptions{Isolation: sql.LevelRepeatableRead, ReadOnly: true}
	}
	tx, err := d.db.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return &txn{q: tx, commit: tx.Commit, rollback: tx.Rollback, release: func() {}}, nil
}

func (*postgresDialect) lock(ctx context.Context, q querier, psnNos []string) error {
	// A member's first lock inserts its row; a concurrent insert of the
	// same member waits for this transaction, as a lock would.
	if _, err := q.ExecContext(ctx,
		`INSERT INTO member_locks (psn_no) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, psnNos); err != nil {
		return err
	}
	_, err := q.ExecContext(ctx,
		`SELECT psn_no FROM member_locks WHERE psn_no = ANY($1) ORDER BY psn_no FOR UPDATE`, psnNos)
	return err
}

func (*postgresDialect) schema() []string {
	return []string{
		// Processes opening a new database at once create the tables one
		// at a time: CREATE TABLE IF NOT EXISTS alone may race.
		`SELECT pg_advisory_xact_lock(7236892517)`,
		`CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)`,
		`CREATE TABLE IF NOT EXISTS entries (
			id text PRIMARY KEY,
			kind text NOT NULL,
			psn_no text NOT NULL,
			year integer NOT NULL,
			reverses text NOT NULL,
			body json NOT NULL
		)`,
		`CREATE TABLE IF NOT EXISTS reversals (
			setl_id text PRIMARY KEY,
			by_id text NOT NULL
		)`,
		`CREATE TABLE IF NOT EXISTS accumulators (
			psn_no text NOT NULL,
			year integer NOT NULL,
			key text NOT NULL,
			amount text NOT NULL,
			PRIMARY KEY (psn_no, year, key)
		)`,
		`CREATE TABLE IF NOT EXISTS accounts (
			psn_no text PRIMARY KEY,
			current text NOT NULL,
			carried text NOT NULL,
			state json NOT NULL
		)`,
		`CREATE TABLE IF NOT EXISTS member_locks (psn_no text PRIMARY KEY)`,
		policiesTable,
	}
}

func (*postgresDialect) hasTable(ctx context.Context, q querier, name string) (bool, error) {
	var ok bool
	err := q.QueryRowContext(ctx, `SELECT to_regclass($1) IS NOT NULL`, name).Scan(&ok)
	return ok, err
}

func (*postgresDialect) retryable(err error) bool {
	var e *pgconn.PgError
	if !errors.As(err, &e) {
		return false
	}
	switch e.Code {
	case "40001", // serialization_failure
		"40P01": // deadlock_detected
		return true
	}
	return false
}

func (*postgresDialect) unique(err error) bool {
	var e *pgconn.PgError
	return errors.As(err, &e) && e.Code == "23505" // unique_violation
}
