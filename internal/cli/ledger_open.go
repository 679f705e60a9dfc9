package cli

import (
	"errors"
	"fmt"
	"io"
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
// found and what to do, and returns the exit status.
func reportDamaged(stderr io.Writer, cmd, dsn string, d *store.DamagedError) int {
	fmt.Fprintf(stderr, "%s: ledger %s is damaged: %s\n", cmd, ledgerName(dsn), lang.Visible(strings.Join(d.Report, "; ")))
	fmt.Fprintf(stderr, "%s: nothing done; %s\n", cmd, damagedHint)
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
	if path := dsn; !strings.HasPrefix(dsn, "file:") {
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
