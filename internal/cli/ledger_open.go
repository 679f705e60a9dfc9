package cli

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/store"
	"github.com/mpl-lang/mpl/lang"
)

// openLedger opens the persistent ledger dsn names for cmd ("mpl run",
// "mpl ledger show", …): to read it only (readOnly), or to write it too.
// When it cannot, it says so on stderr, naming the ledger and what to do,
// and returns the exit status. A ledger that holds no ledger's tables,
// opened to read, is a ledger wrongly named: ExitUsage, with noLedger's
// words after the name. Any other failure is the ledger's, as one while
// a claim is settled is: ExitBroke, nothing done.
func openLedger(stderr io.Writer, cmd, dsn string, readOnly bool, noLedger string) (interp.Store, int) {
	open := store.Open
	if readOnly {
		open = store.OpenReadOnly
	}
	st, err := open(dsn)
	if errors.Is(err, store.ErrNoLedger) {
		fmt.Fprintf(stderr, "%s: no ledger in %s: it has none of a ledger's tables; %s\n", cmd, ledgerName(dsn), noLedger)
		return nil, ExitUsage
	}
	var damaged *store.DamagedError
	if errors.As(err, &damaged) {
		return nil, reportDamaged(stderr, cmd, dsn, damaged)
	}
	if err != nil {
		fmt.Fprintf(stderr, "%s: ledger %s: %v\n", cmd, ledgerName(dsn), err)
		fmt.Fprintf(stderr, "%s: nothing done; %s; then run it again\n", cmd, openHint(dsn, readOnly))
		return nil, ExitBroke
	}
	return st, ExitOK
}

// damagedHint says what to do with a damaged ledger. Its figures may
// read without an error and be wrong, so it is not settled into.
const damagedHint = "its figures cannot be trusted, so mpl neither settles against it nor reads it. " +
	"Move it aside with its -wal and -shm files, then restore it from a backup (mpl ledger check --ledger BACKUP checks one) " +
	"or import the last mpl ledger export output into a new ledger (mpl ledger import), and settle again the claims since; see docs/ledger.md"

// reportDamaged says on stderr that the ledger dsn is damaged, what was
// found, that nothing was done, and what to do, and returns the exit
// status.
func reportDamaged(stderr io.Writer, cmd, dsn string, d *store.DamagedError) int {
	return reportDamagedAfter(stderr, cmd, dsn, d, "nothing done; ")
}

// reportDamagedAfter is reportDamaged for an operation that did some of
// its work before it found the damage, and says what (done, "" when the
// caller says it after).
func reportDamagedAfter(stderr io.Writer, cmd, dsn string, d *store.DamagedError, done string) int {
	fmt.Fprintf(stderr, "%s: ledger %s is damaged: %s\n", cmd, ledgerName(dsn), lang.Visible(strings.Join(d.Report, "; ")))
	fmt.Fprintf(stderr, "%s: %s%s\n", cmd, done, damagedHint)
	return ExitBroke
}

// openHint says what to look at when the ledger dsn cannot be opened.
func openHint(dsn string, readOnly bool) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		if readOnly {
			return "check the URL, that the server is up and lets this user in, and that the user may read the ledger's tables"
		}
		return "check the URL, that the server is up and lets this user in, and that the user may create the ledger's tables and write them"
	}
	if path, _ := sqliteFile(dsn); path != "" {
		dir := filepath.Dir(path)
		if st, err := os.Stat(dir); err != nil || !st.IsDir() {
			return fmt.Sprintf("the directory %s does not exist: make it, or give --ledger the right name", dir)
		}
		if st, err := os.Stat(path); err == nil && st.IsDir() {
			return fmt.Sprintf("%s is a directory: give --ledger the ledger's file", path)
		}
	}
	if readOnly {
		return "mpl reads a ledger's file, and its -wal and -shm files beside it, which it makes where they are not: check the permissions of the file and of its directory, or copy the file where this user may write"
	}
	return "mpl reads and writes a ledger's file, a SQLite database, and makes its -wal and -shm files beside it: check that it is a ledger, and the permissions of the file and of its directory"
}

// What a SQLite ledger name names that keeps nothing past the command.
const (
	sqliteMemory    = "SQLite's in-memory database, which is gone when mpl exits"
	sqliteTemporary = "SQLite's temporary database, which is deleted when mpl exits"
)

// sqliteFile reads the ledger name dsn as SQLite reads it: a path, or a
// file: URI (file:mpl.db, file:///var/lib/mpl/mpl.db, file://localhost/…,
// %-escapes decoded, the query dropped). It returns the path of the file
// it names, or, for a name of no file, what it names instead that keeps
// nothing (sqliteMemory: :memory:, mode=memory, vfs=memdb;
// sqliteTemporary: a URI without a path), or neither: a postgres:// URL,
// a URI SQLite refuses (another host, a bad %-escape), whose open says
// why.
func sqliteFile(dsn string) (path, keepsNothing string) {
	switch {
	case dsn == "", strings.HasPrefix(dsn, "postgres://"), strings.HasPrefix(dsn, "postgresql://"):
		return "", ""
	case dsn == ":memory:":
		return "", sqliteMemory
	}
	rest, isURI := strings.CutPrefix(dsn, "file:")
	if !isURI {
		return dsn, ""
	}
	rest, _, _ = strings.Cut(rest, "#")
	rest, query, _ := strings.Cut(rest, "?")
	if after, found := strings.CutPrefix(rest, "//"); found {
		host, p, _ := strings.Cut(after, "/")
		if host != "" && host != "localhost" {
			return "", ""
		}
		rest = "/" + p
	}
	path, err := url.PathUnescape(rest)
	switch {
	case err != nil:
		return "", ""
	case path == ":memory:" || inMemoryQuery(query):
		return "", sqliteMemory
	case path == "" || path == "/":
		return "", sqliteTemporary
	}
	return path, ""
}

// inMemoryQuery reports whether a file: URI's query makes SQLite keep the
// database in memory: mode=memory, or the memdb VFS.
func inMemoryQuery(query string) bool {
	for _, kv := range strings.Split(query, "&") {
		k, v, _ := strings.Cut(kv, "=")
		if k == "mode" && v == "memory" || k == "vfs" && v == "memdb" {
			return true
		}
	}
	return false
}

// checkLedgerName refuses a ledger name that keeps nothing past the
// command: SQLite's in-memory database, or its temporary one (see
// sqliteFile). Such a ledger opens, settles and forgets: every later
// batch would charge each deductible again.
func checkLedgerName(dsn string) error {
	if _, nothing := sqliteFile(dsn); nothing != "" {
		return fmt.Errorf("--ledger %s names %s: a ledger must be a file or postgres://…, which keeps what is settled", dsn, nothing)
	}
	return nil
}

// ledgerFileMissing reports whether dsn names a SQLite file (a path or a
// file: URI, not a postgres:// URL) that does not exist: opening it would
// create an empty ledger.
func ledgerFileMissing(dsn string) bool {
	path, _ := sqliteFile(dsn)
	if path == "" {
		return false
	}
	_, err := os.Stat(path)
	return errors.Is(err, fs.ErrNotExist)
}
