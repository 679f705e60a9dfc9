package cli

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/store"
	"github.com/shopspring/decimal"
)

// exportRow is a row of a file to import, with the line it is on.
type exportRow struct {
	line int
	ledgerRow
}

// startingBalance is a row of a .csv file of starting balances.
type startingBalance struct {
	psn  string
	balc decimal.Decimal
}

// importFile is a file mpl ledger import imports, read whole and checked
// before the ledger is opened: an export's rows (or the platform's
// figures), or a .csv file's starting balances.
type importFile struct {
	path     string
	rows     []exportRow       // an export's rows
	balances []startingBalance // or a .csv file's balances
	from     string            // and the .csv file's digest (see fileDigest)
}

// readImport reads and checks the file to import at path ("-" is stdin):
// an export (or the platform's figures), or, from a .csv file, starting
// balances. The whole file is read and checked before anything is
// imported, so that a file cut short, or with a bad row, imports nothing,
// and says so with every bad row's line (a line-by-line import left a
// member's account imported without its accumulators, and the member bore
// the deductible again); with prog (-p), each year's keys are checked
// against what the policy reads too. When the file cannot be imported it
// returns nil and the exit status.
func readImport(prog *interp.Program, path string, stdin io.Reader, stderr io.Writer) (*importFile, int) {
	if strings.EqualFold(filepath.Ext(path), ".csv") {
		return readBalances(path, stderr)
	}
	var src io.Reader = stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			fmt.Fprintf(stderr, "mpl ledger import: %v\n", err)
			return nil, ExitUsage
		}
		defer f.Close()
		src = f
	}
	rows, bad := readExport(src, path, prog, stderr)
	if bad > 0 {
		fmt.Fprintf(stderr, "mpl ledger import: nothing imported: %d of the %d row(s) of %s are bad\n", bad, len(rows)+bad, path)
		return nil, ExitRows
	}
	return &importFile{path: path, rows: rows}, ExitOK
}

// apply imports the file into st, the ledger dsn names, in one
// transaction over every member of the file: all of it, or nothing.
func (f *importFile) apply(st interp.Store, dsn string, stdout, stderr io.Writer) int {
	if f.from != "" { // a .csv file of balances
		return f.applyBalances(st, dsn, stdout, stderr)
	}
	psns := make([]string, 0, len(f.rows))
	for _, r := range f.rows {
		psns = append(psns, r.PsnNo)
	}
	slices.Sort(psns)
	psns = slices.Compact(psns)
	var at exportRow
	err := st.Update(psns, func(l interp.Ledger) error {
		for _, r := range f.rows {
			at = r
			if err := importRow(l, r.ledgerRow); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return importFailed(stderr, dsn, fmt.Sprintf("%s:%d", f.path, at.line), err)
	}
	fmt.Fprintf(stdout, "imported %d row(s)\n", len(f.rows))
	return ExitOK
}

// readExport reads the rows of an export from src (the file path) and
// checks each as the import will apply it, by importing it into an empty
// ledger in memory first: what the import refuses of a row's own figures
// (a balance below zero or with a fraction of a fen, a key no ledger
// keeps) is found before the ledger is touched. It names each bad row on
// stderr, with its line, and returns the good rows and the count of bad.
func readExport(src io.Reader, path string, prog *interp.Program, stderr io.Writer) (rows []exportRow, bad int) {
	trial := interp.NewMemoryLedger()
	sc := bufio.NewScanner(src)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	seen := map[string]int{} // a member's account or year → the line giving it
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" {
			continue
		}
		r, err := parseExportRow(text, prog)
		if err == nil {
			// Given twice, the last would win without a word, as the
			// balances CSV refuses.
			what := fmt.Sprintf("member %s's year %d", r.PsnNo, r.Year)
			if r.Account != nil {
				what = fmt.Sprintf("member %s's account", r.PsnNo)
			}
			if first, twice := seen[what]; twice {
				err = fmt.Errorf("%s is given twice (first at line %d)", what, first)
			} else {
				seen[what] = line
			}
		}
		if err == nil {
			err = importRow(trial, r)
		}
		if err != nil {
			fmt.Fprintf(stderr, "%s:%d: %v\n", path, line, err)
			bad++
			continue
		}
		rows = append(rows, exportRow{line, r})
	}
	if err := sc.Err(); err != nil {
		// The rest of the file is not read: it is not all imported.
		fmt.Fprintf(stderr, "%s:%d: %v\n", path, line+1, err)
		bad++
	}
	return rows, bad
}

// parseExportRow reads one line of an export, and checks it names a
// member and holds an account or a year; with prog, a year's keys are
// checked against the policy.
func parseExportRow(text string, prog *interp.Program) (ledgerRow, error) {
	var r ledgerRow
	dec := json.NewDecoder(strings.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&r); err != nil {
		return r, fmt.Errorf("not a line of mpl ledger export: %v", exportJSONError(err))
	}
	switch {
	case r.PsnNo == "":
		return r, errors.New("psn_no is missing")
	case strings.TrimSpace(r.PsnNo) != r.PsnNo:
		return r, fmt.Errorf("psn_no %q has spaces around it, which no claim's has: none could reach this member", r.PsnNo)
	case r.Account == nil && r.Year == 0, r.Account != nil && (r.Year != 0 || r.Accumulators != nil):
		// An account and a year in one row: one of them would be
		// imported and the other left out without a word.
		return r, errors.New("a row holds an account, or a year with its accumulators")
	case r.Account == nil && prog != nil:
		if err := prog.CheckYear(r.Accumulators); err != nil {
			return r, fmt.Errorf("member %s, %d: %w", r.PsnNo, r.Year, err)
		}
	}
	return r, nil
}

// exportJSONError words a line's JSON fault in an export's terms, not
// encoding/json's or the decimal package's.
func exportJSONError(err error) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	msg := err.Error()
	switch {
	case errors.As(err, &syntax):
		return fmt.Errorf("it is not JSON (at character %d)", syntax.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if i := strings.LastIndex(field, "."); i >= 0 {
			field = field[i+1:]
		}
		return fmt.Errorf("%s is %s, where an export has %s", field, typ.Value, typ.Type)
	case strings.HasPrefix(msg, "json: unknown field "):
		return fmt.Errorf("%s is no key of an export's line", strings.TrimPrefix(msg, "json: unknown field "))
	case strings.Contains(msg, "can't convert"):
		v := msg[strings.LastIndex(msg, "can't convert")+len("can't convert "):]
		return fmt.Errorf("an amount is not a number: %q", strings.TrimSuffix(v, " to decimal"))
	case errors.Is(err, io.ErrUnexpectedEOF):
		return errors.New("the line ends before its JSON object does")
	}
	return err
}

// importRow imports one row into l: a member's account or a year.
func importRow(l interp.Ledger, r ledgerRow) error {
	if r.Account != nil {
		return interp.ImportAccount(l, r.PsnNo, *r.Account)
	}
	return interp.ImportYear(l, r.PsnNo, r.Year, r.Accumulators)
}

// importFailed says on stderr why the import's transaction failed, at
// (file:line) the row it was importing, and returns the exit status:
// nothing was imported either way. A refusal of the ledger (an entry it
// holds already in another form) is the row's, exit 1; any other error
// is the ledger's (a full disk, a lost connection), exit 3, as a failure
// of the ledger while a claim is settled is.
func importFailed(stderr io.Writer, dsn, at string, err error) int {
	const cmd = "mpl ledger import"
	var refused *interp.RefusedError
	if errors.As(err, &refused) {
		fmt.Fprintf(stderr, "%s: %v\n", at, err)
		fmt.Fprintf(stderr, "%s: nothing imported\n", cmd)
		return ExitRows
	}
	var damaged *store.DamagedError
	if errors.As(err, &damaged) {
		return reportDamaged(stderr, cmd, dsn, damaged)
	}
	fmt.Fprintf(stderr, "%s: ledger %s: %v (importing %s)\n", cmd, ledgerName(dsn), err, at)
	fmt.Fprintf(stderr, "%s: nothing imported; once the ledger works, import the file again\n", cmd)
	return ExitBroke
}

// readBalances reads and checks a CSV file of starting balances (see
// loadBalances), whole, and its digest, which names the import.
func readBalances(path string, stderr io.Writer) (*importFile, int) {
	f := &importFile{path: path}
	if err := loadBalances(func(psn string, balc decimal.Decimal) error {
		f.balances = append(f.balances, startingBalance{psn, balc})
		return nil
	}, path); err != nil {
		// Bad rows are the file's, exit 1, each told with its line; a
		// file that cannot be read is a wrong argument.
		var bad *badBalances
		if errors.As(err, &bad) {
			fmt.Fprintln(stderr, bad)
			fmt.Fprintf(stderr, "mpl ledger import: nothing imported: %d row(s) of %s are bad\n", bad.rows(), path)
			return nil, ExitRows
		}
		fmt.Fprintf(stderr, "mpl ledger import: %v\n", err)
		return nil, ExitUsage
	}
	// The file's digest names the import: the same file again changes
	// nothing, another (next year's) is imported, whatever its amounts.
	var err error
	if f.from, err = fileDigest(path); err != nil {
		fmt.Fprintf(stderr, "mpl ledger import: %v\n", err)
		return nil, ExitUsage
	}
	return f, ExitOK
}

// applyBalances sets each member's personal account to the balance the
// file gives, all of it 历年 as mpl run --balances seeds it, keeping the
// account's state (gaps, links), once (see interp.ImportBalance): the
// same file imported again, after claims drew on the accounts, changes
// nothing. It is one transaction, as every ledger operation is: all or
// nothing.
func (f *importFile) applyBalances(st interp.Store, dsn string, stdout, stderr io.Writer) int {
	psns := make([]string, len(f.balances))
	for i, b := range f.balances {
		psns[i] = b.psn
	}
	// loadBalances checked each amount as ImportBalance does, so what
	// fails here is the ledger (or a refusal of it), not a row.
	set := 0
	var at string
	err := st.Update(psns, func(l interp.Ledger) error {
		set = 0 // the transaction may be tried again
		for _, b := range f.balances {
			at = b.psn
			done, err := interp.ImportBalance(l, b.psn, b.balc, f.from)
			if err != nil {
				return err
			}
			if done {
				set++
			}
		}
		return nil
	})
	if err != nil {
		return importFailed(stderr, dsn, fmt.Sprintf("%s, member %s", f.path, at), err)
	}
	if set == len(f.balances) {
		fmt.Fprintf(stdout, "imported %d balance(s)\n", set)
	} else {
		fmt.Fprintf(stdout, "imported %d balance(s); %d imported before, left as the account holds them now\n", set, len(f.balances)-set)
	}
	return ExitOK
}

// fileDigest is the first 16 hex digits of the sha256 of the file at path.
func fileDigest(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}
