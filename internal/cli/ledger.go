package cli

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/store"
	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
)

const ledgerHelp = `
mpl ledger <operation> --ledger DB [flags] [arguments]

Works on a persistent ledger: the file (or postgres://… database) that
mpl run --ledger settles against. It keeps, per member, each year's
accumulators (keyed like the platform's 5206 query: Q0000 deductible borne,
D310101 pooled fund paid, C0000 settlements, …) and the personal account:
当年 and 历年 balances, 断缴 gaps, family-sharing links. Every operation is
one transaction, and repeating it changes nothing. show, export, check
and policies only read: they open the ledger read-only, so that they
change nothing and work on a ledger this user cannot write.

Operations:
  show PSN_NO [--year Y] [--json]     a member's account and accumulators
  export                              every member's figures, as JSON Lines (to stdout): accumulators
                                      and accounts, not the settlements behind them, so a ledger
                                      started from an export does not know the setl_ids settled
                                      before (a claim sent again settles again; a reversal of one
                                      has nothing to reverse)
  import [-p POLICY] FILE             accumulators and accounts, as export writes them; a
                                      key no ledger keeps is refused, and so is the platform's
                                      deductible total Q0000 without its pools (Q0000_{pool}:
                                      the keys rules read); with -p, each year's keys are
                                      checked against POLICY's pools and limits too;
                                      or, from a .csv file, starting balances as mpl run
                                      --balances reads them (psn_no,balc: all 历年), each
                                      set once a file: imported again, after claims drew on
                                      the accounts, the same file changes nothing; another
                                      file sets its balances anew. The whole file is read
                                      and checked first: any bad row (a file cut short)
                                      imports nothing, exit 1, naming each bad row's line
  credit -p POLICY FILE               monthly credits from a contributions CSV:
                                      psn_no,month,psn_type,age,contribution_base,own_contribution,pension
                                      (POLICY's account block must have a credit rule); a month of a
                                      year carried over already goes to 历年, and its line says so
  rollover -p POLICY --year Y         year end for every member: 当年 → 历年, with interest
  lapse PSN_NO --date D               contributions stopped (断缴) on D: pooled benefits
                                      stop from the first of the next month
  backpay -p POLICY PSN_NO --date D   back-payment (补缴) on D: within the policy's window
                                      the gap is restored, after it benefits resume on D
  link OWNER RELATIVE --relation R    OWNER's account may pay RELATIVE's share (家庭共济);
                                      R is one of 配偶 父母 子女 兄弟姐妹 祖父母 外祖父母 孙子女 外孙子女;
                                      --relation "" removes the link
  withdraw PSN_NO --reason R --date D pay the account out and close it; R is 死亡 or 出国定居;
                                      run again, it pays out what came back since (a reversal)
  check                               the whole ledger: the database's own integrity check of the
                                      file, and every accumulator and balance against the sum of
                                      the entries; "is sound", or exit 3 naming what is damaged
  policies                            the policies mpl run settled into the ledger under, by the
                                      sha256 of their text, the most recent first (a run under
                                      another text than the last run's says so on stderr)

A ledger that cannot be opened (a file or directory this user may not
write, a directory that does not exist, a server that is down) is exit
status 3, as for mpl run, and standard error names it and what to look
at; a ledger name that names no ledger, for an operation that only reads,
is 2. A SQLite ledger may be named by a file: URI too (file:mpl.db,
file:///var/lib/mpl/mpl.db, file:a%3fb.db for a name with a '?'); SQLite's
in-memory and temporary databases (:memory:, mode=memory, file: without
a path) keep nothing, and are refused, exit 2, as by mpl run. Every open of a SQLite ledger checks the tables of its figures
(accumulators, accounts, reversals), and a damaged ledger is refused,
exit 3; check checks the whole file, entries too (see docs/ledger.md).

An output that fails (a full disk, a closed pipe) is exit status 3 too,
as for mpl run, and standard error says so, naming the standard output.
What writes the ledger has written it all the same: the same operation
again, once the output works, changes nothing more and says what was
done; credit stops at the row whose line was lost, and credits the rest
when the file is credited again.

A ledger that fails under an operation (a full disk, a lock held past
every retry) is exit status 3, and standard error names it; credit stops
at the row it failed on, not credited, and credits it and the rest when
the file is credited again.

Exit status: 0 done; 1 a row of the file is bad (import, credit: import
then imports nothing), or the ledger refuses the operation; 2 the flags
or arguments are wrong; 3 the ledger cannot be opened, is damaged or
fails, or the output fails.

Examples:
  mpl run -p policies/cn/nanjing/employee-2025.mpl --ledger mpl.db examples/nanjing/claims.jsonl
  mpl ledger show --ledger mpl.db N001 --year 2025
  mpl ledger export --ledger mpl.db > ledger.jsonl
  mpl ledger import --ledger other.db ledger.jsonl
  mpl ledger import --ledger mpl.db -p policies/cn/nanjing/employee-2025.mpl platform-5206.jsonl
  mpl ledger import --ledger mpl.db examples/nanjing/balances.csv
  mpl ledger link --ledger mpl.db N001 N002 --relation 子女
`

// ledgerFailed says on stderr why an operation on the ledger dsn failed,
// and returns the exit status: a ledger found damaged as it was read is
// told as one found so when opened (exit 3, what to do); the ledger
// failing (an *interp.StoreError: a full disk, a lock not given up) is
// exit 3, as when mpl run settles; the operation refused or its input
// wrong (an *interp.InputError, an *interp.RefusedError) is exit 1.
func ledgerFailed(stderr io.Writer, cmd, dsn string, err error) int {
	var damaged *store.DamagedError
	if errors.As(err, &damaged) {
		return reportDamaged(stderr, cmd, dsn, damaged)
	}
	if ledgerBroke(err) {
		fmt.Fprintf(stderr, "%s: ledger %s: %v\n", cmd, ledgerName(dsn), err)
		return ExitBroke
	}
	fmt.Fprintf(stderr, "%s: %v\n", cmd, err)
	return ExitRows
}

// ledgerBroke says whether err is the ledger's failure, or its damage,
// rather than the operation's input refused.
func ledgerBroke(err error) bool {
	var failed *interp.StoreError
	var damaged *store.DamagedError
	return errors.As(err, &failed) || errors.As(err, &damaged)
}

// ledgerFlags are the flags each operation reads, besides --ledger.
var ledgerFlags = map[string][]string{
	"show": {"year", "json"}, "export": nil, "import": {"p"}, "credit": {"p"}, "rollover": {"p", "year"},
	"lapse": {"date"}, "backpay": {"p", "date"}, "link": {"relation"}, "withdraw": {"reason", "date"}, "policies": nil, "check": nil,
}

// ledgerRow is one line of mpl ledger export and import: a member's account
// or one year of a member's accumulators.
type ledgerRow struct {
	PsnNo        string                     `json:"psn_no"`
	Account      *interp.Account            `json:"account,omitempty"`
	Year         int                        `json:"year,omitempty"`
	Accumulators map[string]decimal.Decimal `json:"accumulators,omitempty"`
}

func runLedger(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		args = []string{""} // no operation: the help, exit 2
	}
	op, args := args[0], args[1:]
	fs := newFlags("ledger "+op, ledgerHelp, stdout, stderr)
	dsn := fs.String("ledger", "", "the ledger: a database file or postgres://… (required)")
	policy := fs.String("p", "", "the policy (import, credit, rollover, backpay)")
	year := fs.Int("year", 0, "the year (show, rollover)")
	date := fs.String("date", "", "the day, YYYY-MM-DD (lapse, backpay, withdraw)")
	relation := fs.String("relation", "", "the relation (link)")
	reason := fs.String("reason", "", "死亡 or 出国定居 (withdraw)")
	asJSON := fs.Bool("json", false, "show as JSON Lines")
	if slices.Contains([]string{"", "help", "-h", "--help"}, op) {
		// The help without an operation lists the flags too, as each
		// operation's help does.
		fs.printHelp()
		if op == "" {
			return ExitUsage
		}
		return ExitOK
	}
	rest, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		return ExitUsage
	}
	usage := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "mpl ledger %s: "+format+"\n", append([]any{op}, a...)...)
		return ExitUsage
	}
	want := map[string]int{"show": 1, "export": 0, "import": 1, "credit": 1, "rollover": 0, "lapse": 1, "backpay": 1, "link": 2, "withdraw": 1, "policies": 0, "check": 0}
	n, known := want[op]
	if !known {
		return usage("unknown operation; see mpl ledger --help")
	}
	if len(rest) != n {
		return usage("want %d argument(s), got %d; see mpl ledger --help", n, len(rest))
	}
	// A flag the operation does not read would be ignored without a word
	// (export --year 1999 exported every year).
	var stray []string
	fs.Visit(func(f *flag.Flag) {
		if f.Name != "ledger" && !slices.Contains(ledgerFlags[op], f.Name) {
			stray = append(stray, "--"+f.Name)
		}
	})
	if len(stray) > 0 {
		takes := "no flag but --ledger"
		if len(ledgerFlags[op]) > 0 {
			takes = "--ledger and --" + strings.Join(ledgerFlags[op], ", --")
		}
		verb := "does"
		if len(stray) > 1 {
			verb = "do"
		}
		return usage("%s %s not apply: %s takes %s; see mpl ledger --help", strings.Join(stray, ", "), verb, op, takes)
	}
	// link without --relation would remove the link, as --relation ""
	// does: a forgotten flag must not end a family's sharing unasked.
	if op == "link" && !flagGiven(fs.FlagSet, "relation") {
		return usage("give the relation: --relation 配偶 (or another), or --relation \"\" to remove the link")
	}
	if *dsn == "" {
		return usage("--ledger DB is required")
	}
	if err := checkLedgerName(*dsn); err != nil {
		return usage("%v", err)
	}
	var prog *interp.Program
	if slices.Contains([]string{"credit", "rollover", "backpay"}, op) || op == "import" && *policy != "" {
		if *policy == "" {
			return usage("-p POLICY is required")
		}
		var loader *lang.Loader
		prog, loader, err = interp.LoadFile(*policy)
		if err != nil {
			lang.Print(stderr, err, loader, "")
			return ExitUsage
		}
		if op == "credit" {
			if lacks := lacksCredits(prog.Policy()); lacks != "" {
				// Else every row of the file would be refused alike.
				return usage("policy %q (%s) %s, so it credits nothing; give the policy whose account block has the credit rules (see docs/ledger.md)", prog.Policy().Name, *policy, lacks)
			}
		}
	}
	var day time.Time
	if slices.Contains([]string{"lapse", "backpay", "withdraw"}, op) {
		if day, err = time.Parse("2006-01-02", *date); err != nil {
			return usage("--date %q: want YYYY-MM-DD", *date)
		}
	}
	// The file to import is read and checked whole before the ledger is
	// opened: a bad file imports nothing, and makes no ledger either.
	var imp *importFile
	if op == "import" {
		var code int
		if imp, code = readImport(prog, rest[0], stdin, stderr); imp == nil {
			return code
		}
	}
	// These only read: the ledger is opened read-only, so that they work
	// on a file or a database they may not write, and change nothing.
	readOnly := slices.Contains([]string{"show", "export", "policies", "check"}, op)
	if readOnly && ledgerFileMissing(*dsn) {
		// A mistyped name is not shown as a ledger with nothing in it.
		return usage("no ledger %s: mpl run --ledger, mpl ledger import or mpl ledger credit makes one", *dsn)
	}
	st, code := openLedger(stderr, "mpl ledger "+op, *dsn, readOnly, "mpl run --ledger, mpl ledger import or mpl ledger credit makes one")
	if st == nil {
		return code
	}
	defer st.Close()
	one := func(psn string, fn func(interp.Ledger) error) int {
		if err := st.Update([]string{psn}, fn); err != nil {
			return ledgerFailed(stderr, "mpl ledger "+op, *dsn, err)
		}
		return ExitOK
	}
	// What an operation says goes through out, which keeps a write that
	// failed: a report lost (what was credited, paid out) is exit 3, as
	// mpl run's output that fails is.
	out := &ledgerOutput{w: stdout}
	code = func(stdout io.Writer) int {
		switch op {
		case "show":
			return ledgerShow(st, *dsn, rest[0], *year, *asJSON, stdout, stderr)
		case "policies":
			uses, err := store.Policies(st)
			if err != nil {
				fmt.Fprintf(stderr, "mpl ledger policies: %v\n", err)
				return ExitRows
			}
			for _, u := range uses {
				fmt.Fprintf(stdout, "%s  %s to %s  %s\n", shortDigest(u.Digest), u.First.Format("2006-01-02 15:04"), u.Last.Format("2006-01-02 15:04 UTC"), u.Name)
			}
			return ExitOK
		case "check":
			return ledgerCheck(st, *dsn, stdout, stderr)
		case "export":
			return ledgerExport(st, *dsn, stdout, stderr)
		case "import":
			return imp.apply(st, *dsn, stdout, stderr)
		case "credit":
			return ledgerCredit(st, *dsn, prog, rest[0], out, stderr)
		case "rollover":
			if *year == 0 {
				return usage("--year is required")
			}
			members, err := st.Members()
			if err != nil {
				fmt.Fprintf(stderr, "mpl ledger rollover: %v\n", err)
				return ExitRows
			}
			rolled := 0
			for _, psn := range members {
				n := 0
				if code := one(psn, func(l interp.Ledger) error {
					entries, err := prog.Rollover(l, psn, *year)
					n = len(entries) // set, not added: the store may run this again
					return err
				}); code != ExitOK {
					return code
				}
				rolled += n
			}
			fmt.Fprintf(stdout, "rolled over %d account-year(s) of %d member(s) to the end of %d\n", rolled, len(members), *year)
			return ExitOK
		case "lapse":
			return one(rest[0], func(l interp.Ledger) error { return interp.Lapse(l, rest[0], day) })
		case "backpay":
			return one(rest[0], func(l interp.Ledger) error { return prog.Backpay(l, rest[0], day) })
		case "link":
			return one(rest[0], func(l interp.Ledger) error { return interp.Link(l, rest[0], rest[1], *relation) })
		case "withdraw":
			// Said once committed: the store may run fn again, and its
			// commit may fail.
			var paid decimal.Decimal
			already := false // closed before, with nothing come back since
			if code := one(rest[0], func(l interp.Ledger) (err error) {
				a, err := l.Account(rest[0])
				if err != nil {
					return err
				}
				already = a.Closed != "" && !a.Balance().IsPositive()
				paid, err = interp.Withdraw(l, rest[0], *reason, day)
				return err
			}); code != ExitOK {
				return code
			}
			if already {
				fmt.Fprintf(stdout, "%s: already paid out (%s, %s when closed); nothing more to pay\n", rest[0], *reason, paid.StringFixed(2))
				return ExitOK
			}
			fmt.Fprintf(stdout, "%s: paid out %s, account closed (%s)\n", rest[0], paid.StringFixed(2), *reason)
			return ExitOK
		}
		return ExitUsage
	}(out)
	if out.err != nil {
		return out.failed(stderr, "mpl ledger "+op, readOnly)
	}
	return code
}

// ledgerOutput is an operation's standard output. It keeps the first
// error of a write, and writes nothing after it.
type ledgerOutput struct {
	w   io.Writer
	err error
	// stopped says where an operation that writes the ledger row by row
	// stopped when its output failed, and what the ledger holds.
	stopped string
}

func (o *ledgerOutput) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	if err != nil {
		o.err = err
	}
	return n, err
}

// failed says on stderr that cmd's standard output failed, and what the
// ledger holds, and returns the exit status: 3, as for mpl run, whose
// output failing breaks it off. An operation that writes the ledger has
// done so: the same operation again changes nothing, and says what it
// did; credit, which credits row by row, stops at the row whose line
// failed, and says so.
func (o *ledgerOutput) failed(stderr io.Writer, cmd string, readOnly bool) int {
	fmt.Fprintf(stderr, "%s: writing standard output: %v\n", cmd, o.err)
	switch {
	case o.stopped != "":
		fmt.Fprintf(stderr, "%s: %s\n", cmd, o.stopped)
	case !readOnly:
		fmt.Fprintf(stderr, "%s: what it did is in the ledger all the same; once the output works, run it again: it changes nothing more, and says what was done\n", cmd)
	}
	return ExitBroke
}

// ledgerCheck checks the whole ledger st (store.Check) and says what it
// found: exit 3 for a damaged ledger, as an open that finds damage is.
func ledgerCheck(st interp.Store, dsn string, stdout, stderr io.Writer) int {
	res, err := store.Check(st)
	var damaged *store.DamagedError
	if errors.As(err, &damaged) {
		return reportDamaged(stderr, "mpl ledger check", dsn, damaged)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mpl ledger check: ledger %s: %v\n", ledgerName(dsn), err)
		return ExitBroke
	}
	fmt.Fprintf(stdout, "ledger %s is sound: %d entries, %d accumulators, %d accounts, %d reversals, each figure what its entries add up to\n",
		ledgerName(dsn), res.Entries, res.Accumulators, res.Accounts, res.Reversals)
	return ExitOK
}

// lacksCredits says what a policy lacks to credit a contribution: an
// account block, or a credit rule in it; "" when it has one.
func lacksCredits(pol *lang.Policy) string {
	switch {
	case pol.AccountRules == nil:
		return "has no account block"
	case len(pol.AccountRules.Credits) == 0:
		return "has an account block without a credit rule"
	}
	return ""
}

// MarshalJSON writes money as the contract writes it, a string with two
// places ("10625.00"), where decimal's own JSON drops them ("10625"); a
// count (C0000…) is written as a whole number.
func (r ledgerRow) MarshalJSON() ([]byte, error) {
	type account struct {
		Current string `json:"current"`
		Carried string `json:"carried"`
		interp.AccountState
	}
	out := struct {
		PsnNo        string            `json:"psn_no"`
		Account      *account          `json:"account,omitempty"`
		Year         int               `json:"year,omitempty"`
		Accumulators map[string]string `json:"accumulators,omitempty"`
	}{PsnNo: r.PsnNo, Year: r.Year}
	if a := r.Account; a != nil {
		out.Account = &account{Current: a.Current.StringFixed(2), Carried: a.Carried.StringFixed(2), AccountState: a.AccountState}
	}
	if len(r.Accumulators) > 0 {
		out.Accumulators = make(map[string]string, len(r.Accumulators))
		for k, v := range r.Accumulators {
			out.Accumulators[k] = accumulatorText(k, v)
		}
	}
	return json.Marshal(out)
}

// accumulatorText writes an accumulator as the contract writes money, two
// places, but a count (C0000…), which is a whole number.
func accumulatorText(key string, v decimal.Decimal) string {
	if strings.HasPrefix(key, interp.KeyCount) {
		return v.String()
	}
	return v.StringFixed(2)
}

// memberRows reads a member's account and years as export rows; keys at
// zero are left out.
func memberRows(st interp.Store, psn string, onlyYear int) ([]ledgerRow, error) {
	years, err := st.Years(psn)
	if err != nil {
		return nil, err
	}
	var rows []ledgerRow
	err = st.View(func(l interp.Ledger) error {
		a, err := l.Account(psn)
		if err != nil {
			return err
		}
		rows = append(rows, ledgerRow{PsnNo: psn, Account: &a})
		for _, y := range years {
			if onlyYear != 0 && y != onlyYear {
				continue
			}
			acc, err := l.Year(psn, y)
			if err != nil {
				return err
			}
			// A key back at zero (after a reversal) is as if never touched.
			maps.DeleteFunc(acc, func(_ string, v decimal.Decimal) bool { return v.IsZero() })
			if len(acc) > 0 {
				rows = append(rows, ledgerRow{PsnNo: psn, Year: y, Accumulators: acc})
			}
		}
		return nil
	})
	return rows, err
}

func ledgerShow(st interp.Store, dsn, psn string, year int, asJSON bool, stdout, stderr io.Writer) int {
	rows, err := memberRows(st, psn, year)
	if err != nil {
		return ledgerFailed(stderr, "mpl ledger show", dsn, err)
	}
	// A mistyped psn_no would show as an empty account, as if it were one.
	// Only then are the members listed, for the nearest.
	if unknownMember(rows) {
		if years, err := st.Years(psn); err != nil || len(years) == 0 { // with --year, another year may hold something
			members, err := st.Members()
			// A member the ledger knows whose account is empty (a gap
			// opened and closed again) is shown so.
			if err != nil || !slices.Contains(members, psn) {
				hint := ""
				if err == nil {
					hint = suggestMember(psn, members)
				}
				fmt.Fprintf(stderr, "mpl ledger show: the ledger has nothing of member %s%s\n", psn, hint)
				return ExitRows
			}
		}
	}
	if asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		for _, r := range rows {
			enc.Encode(r)
		}
		return ExitOK
	}
	for _, r := range rows {
		if a := r.Account; a != nil {
			fmt.Fprintf(stdout, "member %s\n", psn)
			fmt.Fprintf(stdout, "  个人账户  当年 %s  历年 %s  合计 %s", a.Current.StringFixed(2), a.Carried.StringFixed(2), a.Balance().StringFixed(2))
			if a.Year != 0 {
				fmt.Fprintf(stdout, "  (当年 = %d)", a.Year)
			}
			fmt.Fprintln(stdout)
			if a.Closed != "" {
				fmt.Fprintf(stdout, "  已销户    %s\n", a.Closed)
			}
			for _, g := range a.Gaps {
				to := "now"
				if !g.To.IsZero() {
					to = g.To.Format("2006-01-02")
				}
				fmt.Fprintf(stdout, "  断缴      no pooled benefits %s to %s\n", g.From.Format("2006-01-02"), to)
			}
			for _, rel := range slices.Sorted(maps.Keys(a.Links)) {
				fmt.Fprintf(stdout, "  共济      may pay for %s (%s)\n", rel, a.Links[rel])
			}
			continue
		}
		fmt.Fprintf(stdout, "  %d\n", r.Year)
		for _, k := range slices.Sorted(maps.Keys(r.Accumulators)) {
			fmt.Fprintf(stdout, "    %s %12s\n", padRight(k, 24), accumulatorText(k, r.Accumulators[k]))
		}
	}
	return ExitOK
}

// unknownMember reports whether a member's rows hold nothing: an account
// never credited, linked, lapsed or closed, and no year.
func unknownMember(rows []ledgerRow) bool {
	if len(rows) != 1 || rows[0].Account == nil {
		return false
	}
	a := rows[0].Account
	return a.Current.IsZero() && a.Carried.IsZero() && a.Year == 0 && len(a.Gaps) == 0 && len(a.Links) == 0 && a.Closed == ""
}

// suggestMember is ` (did you mean X?)` for the member whose psn_no is
// closest to psn, when one is close, or "". A ledger of a province is not
// searched: the error says enough without.
func suggestMember(psn string, members []string) string {
	if len(members) > 100000 {
		return ""
	}
	if h := lang.Suggest(psn, members); h != "" {
		return " (did you mean " + h + "?)"
	}
	return ""
}

func ledgerExport(st interp.Store, dsn string, stdout, stderr io.Writer) int {
	members, err := st.Members()
	if err != nil {
		return ledgerFailed(stderr, "mpl ledger export", dsn, err)
	}
	w := bufio.NewWriter(stdout)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, psn := range members {
		rows, err := memberRows(st, psn, 0)
		if err != nil {
			return ledgerFailed(stderr, "mpl ledger export", dsn, err)
		}
		for _, r := range rows {
			if err := enc.Encode(r); err != nil {
				return ExitBroke // the output failed: runLedger says so
			}
		}
	}
	if err := w.Flush(); err != nil {
		return ExitBroke
	}
	return ExitOK
}

var contributionHeader = []string{"psn_no", "month", "psn_type", "age", "contribution_base", "own_contribution", "pension"}

func ledgerCredit(st interp.Store, dsn string, prog *interp.Program, path string, stdout *ledgerOutput, stderr io.Writer) int {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "mpl ledger credit: %v\n", err)
		return ExitUsage
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	status, line := ExitOK, 0
	fail := func(format string, a ...any) {
		fmt.Fprintf(stderr, "%s:%d: "+format+"\n", append([]any{path, line}, a...)...)
		status = ExitRows
	}
	for {
		rec, err := r.Read()
		line++
		if err == io.EOF {
			break
		}
		if err != nil {
			fail("%v", err)
			continue
		}
		if line == 1 {
			if !slices.Equal(rec, contributionHeader) {
				fmt.Fprintf(stderr, "%s:1: the header must be %s\n", path, strings.Join(contributionHeader, ","))
				return ExitUsage
			}
			continue
		}
		if len(rec) != len(contributionHeader) {
			fail("want %d fields, got %d", len(contributionHeader), len(rec))
			continue
		}
		c := interp.Contribution{PsnNo: strings.TrimSpace(rec[0]), PsnType: strings.TrimSpace(rec[2])}
		if c.Month, err = time.Parse("2006-01", strings.TrimSpace(rec[1])); err != nil {
			fail("month %q: want YYYY-MM", rec[1])
			continue
		}
		if c.Age, err = strconv.Atoi(strings.TrimSpace(rec[3])); err != nil || c.Age < 0 || c.Age > 150 {
			fail("age %q is not an age in years", rec[3])
			continue
		}
		bad := false
		for i, dst := range []*decimal.Decimal{&c.Base, &c.Own, &c.Pension} {
			text := strings.TrimSpace(rec[4+i])
			if text == "" {
				continue
			}
			d, err := decimal.NewFromString(text)
			if err != nil || d.IsNegative() {
				fail("%s %q is not an amount in yuan", contributionHeader[4+i], text)
				bad = true
				break
			}
			*dst = d
		}
		if bad {
			continue
		}
		// What was credited is said once committed: the store may run fn
		// again, and its commit may fail.
		var got interp.Credited
		err = st.Update([]string{c.PsnNo}, func(l interp.Ledger) (err error) {
			got, err = prog.Credit(l, c)
			return err
		})
		if ledgerBroke(err) {
			// Not credited on past it: the rows after it are left for
			// the file credited again, once the ledger works. The rows
			// before it are credited: not "nothing done".
			code := ExitBroke
			if damaged := (*store.DamagedError)(nil); errors.As(err, &damaged) {
				reportDamagedAfter(stderr, "mpl ledger credit", dsn, damaged, "")
			} else {
				code = ledgerFailed(stderr, "mpl ledger credit", dsn, fmt.Errorf("%s:%d: %w", path, line, err))
			}
			fmt.Fprintf(stderr, "mpl ledger credit: stopped at %s:%d, not credited, nor the rows after it; the rows before it are credited as said: "+
				"once the ledger works, credit the file again: the months credited say so, and the rest are credited\n", path, line)
			return code
		}
		if err != nil {
			fail("%v", err)
			continue
		}
		if err := sayCredited(stdout, c, got); err != nil {
			// Not credited on without a word: the rows after it are
			// left for the file credited again, once the output works.
			stdout.stopped = fmt.Sprintf("stopped at %s:%d, which is credited, its line lost; the rows after it are not credited: "+
				"once the output works, credit the file again: the months credited say so, and the rest are credited", path, line)
			return ExitBroke
		}
	}
	return status
}

// sayCredited writes the line that says what crediting c did.
func sayCredited(stdout io.Writer, c interp.Contribution, got interp.Credited) error {
	month, amount := c.Month.Format("2006-01"), got.Amount.StringFixed(2)
	var err error
	switch {
	case got.Done && got.Carried:
		// Not 当年, where a reader of the line would look for it.
		_, err = fmt.Fprintf(stdout, "%s %s credited %s to 历年: %d was carried over already\n", c.PsnNo, month, amount, c.Month.Year())
	case got.Done:
		_, err = fmt.Fprintf(stdout, "%s %s credited %s\n", c.PsnNo, month, amount)
	case got.Carried:
		_, err = fmt.Fprintf(stdout, "%s %s already credited (%s, to 历年)\n", c.PsnNo, month, amount)
	default:
		_, err = fmt.Fprintf(stdout, "%s %s already credited (%s)\n", c.PsnNo, month, amount)
	}
	return err
}
