package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// DamagedError is the error of Open, OpenReadOnly and Check for a ledger
// whose database reports itself damaged: pages that overlap or point
// nowhere, rows out of key order or missing from an index, a file that
// SQLite calls malformed. Such a file may read without an error and
// still give wrong figures (a member's deductible not found, and so
// charged again), so it is refused whole, to be restored from a backup
// or rebuilt from an export (see docs/ledger.md).
type DamagedError struct {
	// Report is what the database found, one problem a line, at most
	// ten of them (the first say that, and where, a file is damaged); or,
	// for a row found wrong as it was read, what is wrong with it.
	Report []string
	row    bool // a row read, not the file checked
}

// Error says the ledger is damaged, and what the check found.
func (e *DamagedError) Error() string {
	if e.row {
		return damagedPrefix + strings.Join(e.Report, "; ")
	}
	return "the ledger's database is damaged: " + strings.Join(e.Report, "; ")
}

// maxReport bounds the lines a DamagedError keeps: the first few say
// that, and where, a file is damaged; a badly damaged one has thousands.
const maxReport = 10

// openCheckTables are the tables Open and OpenReadOnly check on every
// open of a SQLite ledger: the figures a claim is settled from
// (accumulators, accounts), the reversal links, the policies and the
// version. Their size follows the members, not the claims; the entries,
// which grow with every claim and are most of the file, are checked by
// Check, on demand (docs/ledger.md has the figures).
var openCheckTables = []string{"schema_version", "accumulators", "accounts", "reversals", "policies"}

// checkSQLite runs SQLite's integrity_check on the tables named (those of
// them the file has), or on the whole file when tables is nil, and
// returns a *DamagedError when it finds anything. integrity_check, not
// quick_check: only it finds a row missing from its index, or a key out
// of order, by which a lookup misses a row that is there.
func checkSQLite(ctx context.Context, db *sql.DB, tables []string) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return damaged(err)
	}
	defer conn.Close()
	pragmas := []string{"PRAGMA integrity_check"}
	if tables != nil {
		pragmas, err = tableChecks(ctx, conn, tables)
		if err != nil {
			return damaged(err)
		}
	}
	var report []string
	for _, p := range pragmas {
		lines, err := pragmaLines(ctx, conn, p)
		if err != nil {
			return damaged(err)
		}
		for _, l := range lines {
			// The heading names the schema, always main here.
			if l != "ok" && l != "*** in database main ***" && len(report) < maxReport {
				report = append(report, l)
			}
		}
	}
	if report != nil {
		return &DamagedError{Report: report}
	}
	return nil
}

// tableChecks returns the integrity_check of each of tables the file has.
func tableChecks(ctx context.Context, conn *sql.Conn, tables []string) ([]string, error) {
	var pragmas []string
	for _, t := range tables {
		var n int
		err := conn.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = $1`, t).Scan(&n)
		if err != nil {
			return nil, err
		}
		if n > 0 {
			pragmas = append(pragmas, "PRAGMA integrity_check("+t+")") // t is one of ours, not input
		}
	}
	return pragmas, nil
}

func pragmaLines(ctx context.Context, conn *sql.Conn, pragma string) ([]string, error) {
	rows, err := conn.QueryContext(ctx, pragma)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var l string
		if err := rows.Scan(&l); err != nil {
			return nil, err
		}
		// integrity_check reports one problem a row, some over several
		// lines.
		lines = append(lines, strings.Split(strings.TrimRight(l, "\n"), "\n")...)
	}
	return lines, rows.Err()
}

// damaged returns err as a *DamagedError when SQLite says the file is
// corrupt, and as it is otherwise (a busy file, a permission).
func damaged(err error) error {
	if isCorrupt(err) {
		return &DamagedError{Report: []string{err.Error()}}
	}
	return err
}

// isCorrupt reports whether err is SQLite's SQLITE_CORRUPT, whatever the
// extended code.
func isCorrupt(err error) bool {
	var e *sqlite.Error
	return errors.As(err, &e) && e.Code()&0xff == sqlite3.SQLITE_CORRUPT
}

// damagedRow is the error of a row the ledger's own checks find wrong:
// text where an amount should be, JSON that no longer parses, an entry
// whose body names another id than its row. The database may be sound:
// what it holds is not what mpl wrote.
func damagedRow(format string, a ...any) error {
	return &DamagedError{Report: []string{fmt.Sprintf(format, a...)}, row: true}
}

const damagedPrefix = "the ledger is damaged: "
