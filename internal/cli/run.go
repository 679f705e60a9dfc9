package cli

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/mpl-lang/mpl/internal/tempfile"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/interp/store"
	"github.com/mpl-lang/mpl/lang"
	"github.com/shopspring/decimal"
)

const runHelp = `
mpl run -p POLICY [flags] [CLAIMS]

Settles claims against a policy. CLAIMS is a JSON Lines (.jsonl) or CSV
(.csv) file of claims in the settlement-io.md format; without it (or with
-), claims are read from standard input (JSON Lines unless --in csv). One
row is written per input row, in input order: a settlement, or an error
naming the claim (or the line) and the field. A blank line (or a CSV row
of empty cells) holds no claim and gets no row. A bad row never stops the
batch; a failing ledger does (see below). docs/claims.md tells what mpl
does where the format says nothing.

A row of JSON Lines is {"setl_id","psn_no","setlinfo","setldetail"} (and
"trace" with --explain); a reversal's row has "reverses", the setl_id it
reverses, after psn_no, and no other row has it. A row of CSV (--out csv)
is setl_id, psn_no, the setlinfo figures, error_field, error_message,
error_code and reverses, the last column, which only a reversal's row
fills.

Claims of the same member are settled in setl_time order through a
ledger, so a yearly deductible met by an earlier claim is not charged
again, and caps and serious-illness bands count the whole year. Without
--ledger the ledger lives in memory for this run only; with --ledger FILE
it is an embedded database file (created on first use) that keeps every
member's year and personal account across runs, and with --ledger
postgres://… a PostgreSQL database that several mpl processes share. Each
claim is settled in its own transaction: a run killed at any point and
started again with the same input ends exactly where one whole run would
(a reversal listed before its claim at the same setl_time settles after
the claim; with --stream, which settles in input order, list it after),
and a setl_id already settled, sent again as first sent, returns its
stored settlement (with other figures, or another person type, kind of
care, … it is an error row: a correction is a reversal, which repeats the
claim as first sent, and a new setl_id). Across runs too, a ledger settles each
member's claims in setl_time order: a claim or reversal dated before its
member's latest settlement in the ledger that is not reversed is an error
row on setl_time (to settle a late claim, reverse the member's later
claims first, then send it and them again under new setl_ids). With
--presettle the ledger is only read, opened read-only: it must exist, and
may be one this user cannot write.

Without --ledger, a batch whose members' claims already come in setl_time
order is read twice: once to check that, and once to settle it as a
stream, keeping only the settlements that a later reversal or claim sent
again asks for, so that memory does not grow with the batch. Any other
batch is held whole and put in order first. The rows are the same either
way. Claims on standard input are held for the second reading (in
temporary files in $TMPDIR past 64 MiB). docs/performance.md tells how
each kind of batch runs and what it costs.

With --stream, rows are settled as they are read, in input order, and
written as soon as they are settled, so that memory stays the same however
long the batch: for a year of a province's claims, or claims piped in as
they come (the rows read reach the output whenever the pipe goes quiet,
and Ctrl-C or SIGTERM stops the run while it waits). Each member's rows must
then come in setl_time order (a row that comes before an earlier row of its
member is an error row). Without --ledger a stream is a what-if: it keeps
each member's year but no settlements, so a reversal is an error row and a
repeated setl_id is settled again; claims are settled on the int64 fast
path where the policy allows, on every core. Error
rows word their advice for any program settling claims: "settle it whole
rather than streamed" means without --stream, "a ledger that keeps
settlements" --ledger FILE, "link them in the ledger" mpl ledger link,
and "explanations on" --explain.

A ledger that fails (its file or database cannot be read or written
while a claim is settled) is no fault of the claim, and makes no error
row: the run stops there, so that no later claim of the member settles
against a ledger that lacks that one. The rows before that claim are
written (for a batch held whole, those in input order before the first
claim not yet settled), none for it or after it, and standard error
names the ledger and the claim. Once the ledger works, run the same
batch again: the claims it holds already are answered from it, and the
output is what one whole run writes.

An output that fails (a full disk) stops the run too. With --ledger the
ledger may then hold claims whose rows were never written (a batch held
whole settles every claim before it writes a row; a stream settles a few
chunks ahead): standard error says which rows are settled into it and
how many the output got at most. Once the output works, run the same
batch again: the claims the ledger holds are answered from it, with the
same rows.

--out csv writes each cell as it is, so that two runs' files can be
diffed and read back byte for byte. --bom makes the file for a
spreadsheet: a byte order mark, so that Excel reads its Chinese as UTF-8,
and an apostrophe before a text cell (setl_id, psn_no, error_field,
error_message, reverses) that begins with = + - @, a tab or a carriage return, so
that a claim's setl_id =HYPERLINK(…) shows as text rather than running
as a formula when the file is opened. A text cell of digits alone that
a spreadsheet would turn into a number, losing digits (more than 15, as
a national psn_no has: 4.6E+25) or the zeros before them (000123), is
written as ="000123" (in CSV's quotes, "=""000123"""), which the
spreadsheet shows as the text 000123. Amounts are numbers, and stay as
they are. Without --bom no cell is changed.

Exit status: 0 when every row settled, 1 when any row is an error row
(their count is said on standard error), 2 when the policy or the flags
are wrong, 3 when the ledger failed, whether it could not be opened
(nothing settled: standard error names it and what to look at) or failed
while a claim was settled, or when the run broke off partway (its output
failed, or Ctrl-C or SIGTERM stopped it: the rows written are whole, and
standard error says how many).

Examples:
  mpl run -p policies/cn/nanjing/employee-2025.mpl examples/nanjing/claims.jsonl
  mpl run -p policies/cn/nanjing/employee-2025.mpl --explain examples/nanjing/claims.jsonl
  mpl run -p policies/cn/nanjing/employee-2025.mpl --out csv examples/nanjing/claims.jsonl > out.csv
  mpl run -p policies/cn/nanjing/employee-2025.mpl --out csv --bom examples/nanjing/claims.jsonl > for-excel.csv
  cat claims.csv | mpl run -p my-policy.mpl --in csv
  mpl run -p policies/cn/nanjing/employee-2025.mpl --ledger mpl.db examples/nanjing/claims.jsonl
  mpl run -p policies/cn/nanjing/employee-2025.mpl --ledger mpl.db --presettle tomorrow.jsonl
  mpl run -p policies/cn/nanjing/employee-2025.mpl --stream year-2025.jsonl > settled.jsonl
`

func runRun(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("run", runHelp, stdout, stderr)
	policy := fs.String("p", "", "the policy file (required)")
	in := fs.String("in", "", "input format: jsonl or csv (default: by the file's extension, jsonl for stdin)")
	out := fs.String("out", "jsonl", "output format: jsonl or csv")
	bom := fs.Bool("bom", false, "write CSV output for a spreadsheet: a byte order mark, so that Excel reads its Chinese as UTF-8, and text cells guarded against running as formulas")
	explain := fs.Bool("explain", false, "add each settlement's trace: every step's rule, file:line, source, inputs and amount (JSON Lines only)")
	balances := fs.String("balances", "", "a CSV file (psn_no,balc) of personal account balances to start from (in-memory ledger only)")
	ledgerDSN := fs.String("ledger", "", "the ledger: a database file (created on first use) or postgres://…; default: in memory, for this run only")
	workers := fs.Int("workers", 0, "goroutines at work at once: a batch held whole settles each member's claims on one, a stream settles its chunks of rows in turn, in input order (default: one per CPU; a batch held whole with --ledger: 1)")
	presettle := fs.Bool("presettle", false, "compute each settlement against the ledger as it stands and write nothing (2206 pre-settlement)")
	stream := fs.Bool("stream", false, "settle rows as they are read, in input order, in constant memory (each member's rows in setl_time order)")
	progress := fs.Bool("progress", isTerminal(stderr), "show progress on standard error (default: when it is a terminal)")
	files, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		return ExitUsage
	}
	if *policy == "" {
		fmt.Fprintln(stderr, "mpl run: -p POLICY is required; try: mpl run -p policies/cn/nanjing/employee-2025.mpl examples/nanjing/claims.jsonl")
		return ExitUsage
	}
	if len(files) > 1 {
		fmt.Fprintln(stderr, "mpl run: one claims file at a time")
		return ExitUsage
	}
	prog, loader, err := interp.LoadFile(*policy)
	if err != nil {
		lang.Print(stderr, err, loader, "")
		return ExitUsage
	}
	// Ctrl-C or a kill stops the run between chunks, with whole rows
	// written, rather than mid-row; and while the claims are read, or
	// awaited from a pipe, before any row is written.
	ctx, stopSignals := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stopSignals()
	interrupted := func(written int) int {
		fmt.Fprintf(stderr, "mpl run: interrupted: %d rows written, each whole; run the batch again to finish it", written)
		if *ledgerDSN != "" {
			fmt.Fprint(stderr, " (the claims the ledger holds are answered from it)")
		}
		fmt.Fprintln(stderr)
		return ExitBroke
	}
	src, inFormat, closeSrc, err := openClaims(ctx, files, *in, stdin)
	if err != nil && ctx.Err() != nil {
		return interrupted(0) // while a named pipe waited for its writer
	}
	if err != nil {
		fmt.Fprintf(stderr, "mpl run: %v\n", err)
		return ExitUsage
	}
	defer closeSrc()
	outFormat, ok := formatByName(*out)
	if !ok {
		fmt.Fprintf(stderr, "mpl run: --out %q: want jsonl or csv\n", *out)
		return ExitUsage
	}
	if *bom && outFormat != claim.CSV {
		fmt.Fprintln(stderr, "mpl run: --bom marks CSV output for Excel; use it with --out csv")
		return ExitUsage
	}
	if *explain && outFormat == claim.CSV {
		fmt.Fprintln(stderr, "mpl run: --explain writes each settlement's trace, which a CSV row has no room for; use it with --out jsonl")
		return ExitUsage
	}
	if *workers < 0 {
		fmt.Fprintf(stderr, "mpl run: --workers %d: want 1 or more (0 or none: one per CPU)\n", *workers)
		return ExitUsage
	}
	var ledger interp.Store
	var rows []interp.Result  // a whole batch in memory, read before its ledger is chosen
	var inOrder *claimsReader // or a whole batch to settle as a stream (see batchStream)
	wholeInMemory := *ledgerDSN == "" && !*stream
	if flagGiven(fs.FlagSet, "ledger") && strings.TrimSpace(*ledgerDSN) == "" {
		// An unset $LEDGER: settling in memory would keep nothing, and
		// every later batch would charge each deductible again.
		fmt.Fprintln(stderr, "mpl run: --ledger is empty (an unset variable?): give a ledger file or postgres://…, or leave --ledger out to settle in memory")
		return ExitUsage
	}
	if err := checkLedgerName(*ledgerDSN); err != nil {
		fmt.Fprintf(stderr, "mpl run: %v; leave --ledger out to settle in memory\n", err)
		return ExitUsage
	}
	if *presettle && *ledgerDSN == "" {
		// Without a ledger each claim would be pre-settled against an
		// empty one, as though it were its member's first of the year.
		fmt.Fprintln(stderr, "mpl run: --presettle reads a persistent ledger: give --ledger FILE; without one mpl run writes nothing already, so drop --presettle to settle the batch in memory")
		return ExitUsage
	}
	switch {
	case *ledgerDSN != "":
		if *balances != "" {
			fmt.Fprintf(stderr, "mpl run: --balances seeds the in-memory ledger; with --ledger, import them into it once first:\n  mpl ledger import --ledger %s %s\n", *ledgerDSN, *balances)
			return ExitUsage
		}
		if *presettle {
			// A pre-settlement only reads: the ledger is opened read-only,
			// so that it works on a ledger it may not write, and makes
			// none where a mistyped name names none.
			if ledgerFileMissing(*ledgerDSN) {
				fmt.Fprintf(stderr, "mpl run: no ledger %s: a pre-settlement reads a ledger and makes none; mpl run --ledger without --presettle, mpl ledger import or mpl ledger credit makes one\n", *ledgerDSN)
				return ExitUsage
			}
		}
		missing := ledgerFileMissing(*ledgerDSN)
		// A ledger that cannot be opened is a failure of the ledger, as
		// one while a claim is settled is (exit 3), not of the flags.
		var code int
		if ledger, code = openLedger(stderr, "mpl run", *ledgerDSN, *presettle, "a pre-settlement reads a ledger and makes none"); ledger == nil {
			return code
		}
		if missing {
			// A mistyped name would otherwise start every member's year
			// again, without a word.
			fmt.Fprintf(stderr, "mpl run: note: ledger %s does not exist; creating it, so every member's year starts from nothing\n", *ledgerDSN)
		}
	case *stream:
		wl := prog.NewWhatIfLedger()
		ledger = wl
		if *balances != "" {
			err = loadBalances(wl.SetBalance, *balances)
		}
	default:
		// The balances are checked first, so that a bad file is told
		// before a long read of the claims.
		if _, err = newLedger(*balances); err != nil {
			break
		}
		if !*explain && !*presettle {
			var again *claimsReader // the claims, from the start
			if again, err = readTwice(src.(*claimsReader)); err != nil {
				break
			}
			defer again.Close()
			stop := func() {}
			if *progress {
				stop = checkProgress(stderr, again, 200*time.Millisecond)
			}
			// More parts than CPUs only cost each its buffer and map.
			parts := runtime.GOMAXPROCS(0)
			if *workers > 0 {
				parts = min(parts, *workers)
			}
			ledger, err = batchStream(prog, again, inFormat, *balances, parts)
			stop()
			if err != nil {
				break
			}
			if ledger != nil {
				inOrder = again
				break
			}
			src = again
		}
		if rows, err = interp.ReadAll(claim.NewReader(src, inFormat)); err == nil {
			ledger, err = batchLedger(prog, rows, *balances, *explain)
		}
	}
	if err != nil && ctx.Err() != nil {
		return interrupted(0) // while the claims were read, before the first row
	}
	if err != nil {
		fmt.Fprintf(stderr, "mpl run: %v\n", err)
		return ExitUsage
	}
	defer ledger.Close()
	if *ledgerDSN != "" {
		if err := notePolicyChange(stderr, ledger, *ledgerDSN, prog, loader, !*presettle); err != nil {
			fmt.Fprintf(stderr, "mpl run: ledger %s: %v\n", ledgerName(*ledgerDSN), err)
			return ExitBroke
		}
	}
	// The claim.Writer buffers; a second buffer would copy every row again.
	if *bom {
		if _, err := io.WriteString(stdout, "\ufeff"); err != nil {
			fmt.Fprintf(stderr, "mpl run: %v\n", err)
			return ExitBroke
		}
	}
	var wopts []claim.WriterOption
	if *bom {
		wopts = append(wopts, claim.GuardFormulas())
	}
	// A failure of the output, once claims are settled into a persistent
	// ledger, leaves settlements stored whose rows were never written:
	// the message must say so (see printOutputBroke).
	output := &outputWatch{w: stdout}
	w := claim.NewWriter(output, outFormat, wopts...)
	opt := interp.BatchOptions{Options: interp.Options{Explain: *explain}, Presettle: *presettle, Workers: *workers}
	if opt.Workers == 0 && *ledgerDSN == "" {
		opt.Workers = runtime.GOMAXPROCS(0)
	}
	if *progress {
		if inOrder != nil {
			opt.Progress = progressPrinter(stderr, inOrder)
		} else {
			opt.Progress = progressPrinter(stderr, src)
		}
	}
	var st interp.BatchStats
	switch {
	case *stream:
		st, err = prog.RunStream(ctx, ledger, src, inFormat, w, opt)
	case inOrder != nil:
		st, err = prog.RunStream(ctx, ledger, inOrder, inFormat, w, opt)
	case wholeInMemory:
		st, err = prog.RunRows(ctx, ledger, rows, w, opt)
	default:
		st, err = prog.RunBatch(ctx, ledger, claim.NewReader(src, inFormat), w, opt)
	}
	if *progress {
		fmt.Fprintf(stderr, "\rsettled %d, errors %d, rows %d\n", st.Settled, st.Errors, st.Rows)
	}
	if err != nil && ctx.Err() != nil {
		return interrupted(st.Rows)
	}
	if err != nil { // the output or the ledger failed: the run broke off
		var failed *interp.StoreError
		if output.failed && !errors.As(err, &failed) && *ledgerDSN != "" && !*presettle {
			printOutputBroke(stderr, err, *ledgerDSN, st)
			return ExitBroke
		}
		printBroke(stderr, err, *ledgerDSN, st.Rows)
		return ExitBroke
	}
	if st.Untraced > 0 {
		// A claim the ledger holds is answered with the settlement it
		// stored, to write the rows the first run wrote; one stored
		// without a trace has none to give.
		fmt.Fprintf(stderr, "mpl run: note: %d of %d settlements have no trace: ledger %s held them already, settled without --explain, and answered them as stored;"+
			" mpl explain -p %s --ledger %s %s explains them as they were settled\n", st.Untraced, st.Settled, ledgerName(*ledgerDSN), *policy, ledgerName(*ledgerDSN), claimsArg(files))
	}
	if st.Errors > 0 {
		if !*progress { // the progress line said it already
			fmt.Fprintf(stderr, "mpl run: %d of %d rows are error rows\n", st.Errors, st.Rows)
		}
		return ExitRows
	}
	return ExitOK
}

// claimsArg is how a hint names the claims file of a run: its name, or
// CLAIMS for standard input.
func claimsArg(files []string) string {
	if len(files) == 1 && files[0] != "-" {
		return files[0]
	}
	return "CLAIMS"
}

// printBroke says why a run broke off: the output failed, or the source,
// or the ledger, which it names (see ledgerName) with the claim it failed
// on, and what a run again does.
func printBroke(stderr io.Writer, err error, dsn string, written int) {
	var failed *interp.StoreError
	if !errors.As(err, &failed) {
		fmt.Fprintf(stderr, "mpl run: %v\n", err)
		return
	}
	var damaged *store.DamagedError
	if errors.As(err, &damaged) {
		// Not a ledger to run again once it works: one to restore.
		fmt.Fprintf(stderr, "mpl run: ledger %s is damaged: %s\n", ledgerName(dsn), lang.Visible(strings.Join(damaged.Report, "; ")))
		fmt.Fprintf(stderr, "mpl run: stopped at %s: %d rows written, in input order up to the first claim not settled; %s\n", failed.Claim(), written, damagedHint)
		return
	}
	fmt.Fprintf(stderr, "mpl run: ledger %s: %v\n", ledgerName(dsn), err)
	fmt.Fprintf(stderr, "mpl run: stopped at %s: %d rows written, in input order up to the first claim not settled, none for it or after it;"+
		" once the ledger works, run the batch again: the claims it holds are answered from it\n", failed.Claim(), written)
}

// printOutputBroke says why a run that settles into the persistent
// ledger dsn broke off when its output failed: how many rows the output
// got at most (it is buffered), which rows the ledger holds settled (a
// batch held whole settles every claim before it writes a row; a stream
// runs a few chunks ahead), and that a run again answers them from it.
func printOutputBroke(stderr io.Writer, err error, dsn string, st interp.BatchStats) {
	fmt.Fprintf(stderr, "mpl run: %v\n", err)
	if st.Through == 0 {
		fmt.Fprintf(stderr, "mpl run: stopped: no row written, no claim settled into ledger %s; once the output works, run the batch again\n", ledgerName(dsn))
		return
	}
	output := "no row"
	if n := st.Settled + st.Errors; n > 0 {
		output = fmt.Sprintf("at most rows 1 to %d, the last perhaps cut short", n)
	}
	fmt.Fprintf(stderr, "mpl run: stopped: rows 1 to %d have been settled against ledger %s, but the output holds %s;"+
		" once the output works, run the batch again: the settlements the ledger holds are answered from it, with the same rows\n",
		st.Through, ledgerName(dsn), output)
}

// outputWatch is the output of a run, which remembers whether a write to
// it failed.
type outputWatch struct {
	w      io.Writer
	failed bool
}

func (o *outputWatch) Write(p []byte) (int, error) {
	n, err := o.w.Write(p)
	if err != nil {
		o.failed = true
	}
	return n, err
}

// notePolicyChange records the run's policy in the persistent ledger st
// (unless record is false: a pre-settlement writes nothing) and, when the
// ledger's last run settled under another policy text, says so on stderr:
// the members' years carry over from that run, deductibles borne and caps
// reached under its rules.
func notePolicyChange(stderr io.Writer, st interp.Store, dsn string, prog *interp.Program, loader *lang.Loader, record bool) error {
	pol := prog.Policy()
	digest := policyDigest(pol, loader)
	var prev *store.PolicyUse
	if record {
		var err error
		if prev, err = store.RecordPolicy(st, pol.Name, digest, time.Now()); err != nil {
			return err
		}
	} else if uses, err := store.Policies(st); err != nil {
		return err
	} else if len(uses) > 0 {
		prev = &uses[0]
	}
	if prev == nil || prev.Digest == digest {
		return nil
	}
	verb := "settles"
	if !record {
		verb = "pre-settles, writing nothing,"
	}
	fmt.Fprintf(stderr, "mpl run: note: ledger %s was last settled under policy %q (text sha256 %s, %s);"+
		" this run %s under policy %q (text sha256 %s). Members' deductibles borne, caps reached and accounts"+
		" carry over from one to the other: right for a corrected policy, wrong for another scheme's.\n",
		ledgerName(dsn), prev.Name, shortDigest(prev.Digest), prev.Last.Format("2006-01-02 15:04 UTC"), verb, pol.Name, shortDigest(digest))
	return nil
}

// policyDigest is the sha256 of a policy's text: its files, the extends
// chain base first, each after its length.
func policyDigest(pol *lang.Policy, loader *lang.Loader) string {
	h := sha256.New()
	for _, name := range pol.Files {
		text, _ := loader.Source(name)
		fmt.Fprintf(h, "%d\n", len(text))
		h.Write(text)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// shortDigest is the start of a digest, as a person compares two.
func shortDigest(d string) string { return d[:min(len(d), 12)] }

// ledgerName is how a message names the ledger dsn: as given, without
// the password of a PostgreSQL URL (user:password@, or ?password=).
func ledgerName(dsn string) string {
	if dsn == "" {
		return "in memory"
	}
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return dsn
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}

// openClaims opens the claims file (or stdin when there is none, or it is
// "-") and picks its format: --in when given, else the file's extension
// (a file whose extension says neither is an error), else, for stdin or a
// pipe such as <(zcat …), JSON Lines. A pipe or terminal is read so that
// its reads end when ctx is done (see interruptible).
func openClaims(ctx context.Context, files []string, in string, stdin io.Reader) (io.Reader, claim.Format, func(), error) {
	src, format, closeSrc := stdin, claim.JSONL, func() {}
	var size int64
	if len(files) == 1 && files[0] != "-" {
		f, err := openFile(ctx, files[0])
		if err != nil {
			return nil, 0, nil, err
		}
		src, closeSrc = f, func() { f.Close() }
		fm, known := claim.FormatFromName(files[0])
		if st, err := f.Stat(); !known && in == "" && err == nil && st.Mode().IsRegular() {
			closeSrc()
			return nil, 0, nil, fmt.Errorf("%s: the extension does not say whether it is JSON Lines or CSV; name it .jsonl or .csv, or give --in jsonl or --in csv", files[0])
		}
		if known {
			format = fm
		}
	}
	if f, ok := src.(*os.File); ok {
		// A file, or standard input redirected from one.
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			size = st.Size()
			if at, err := f.Seek(0, io.SeekCurrent); err == nil {
				size -= at
			}
		}
	}
	if in != "" {
		fm, ok := formatByName(in)
		if !ok {
			closeSrc()
			return nil, 0, nil, fmt.Errorf("--in %q: want jsonl or csv", in)
		}
		format = fm
	}
	if f, ok := src.(*os.File); ok && size > 0 {
		name := "standard input"
		if len(files) == 1 && files[0] != "-" {
			name = files[0]
		}
		check := notJSONLines
		if format == claim.CSV {
			check = notCSV
		}
		if err := check(name, f); err != nil {
			closeSrc()
			return nil, 0, nil, err
		}
	}
	if _, isFile := src.(*os.File); isFile && size == 0 && ctx.Done() != nil {
		// A pipe or a terminal: a signal stops the run while it waits.
		src = newInterruptible(ctx, src)
	}
	return newClaimsReader(src, size), format, closeSrc, nil
}

// shellQuote quotes s for a POSIX shell where it holds more than letters,
// digits and . _ - / (a name with a space, say).
func shellQuote(s string) string {
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._-/", r)) {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	return s
}

// notJSONLines refuses claims that are JSON but not JSON Lines, as a .json
// file often is: an array of claims, or one claim written over several
// lines. Read as JSON Lines, every line of it would be an error row and no
// row would name a claim. It reads the start of the file f from where it
// stands, moving nothing.
func notJSONLines(name string, f *os.File) error {
	text := fileHead(f, 4<<10)
	firstLine, _, whole := bytes.Cut(text, []byte("\n"))
	convert := func(filter string) string {
		if name == "standard input" {
			return "pipe it through jq -c '" + filter + "'"
		}
		// Written to a file of another name: the shell would empty the
		// input before jq read it.
		out := strings.TrimSuffix(name, filepath.Ext(name)) + ".jsonl"
		if out == name {
			out = strings.TrimSuffix(name, filepath.Ext(name)) + ".lines.jsonl"
		}
		return "convert it with jq -c '" + filter + "' " + shellQuote(name) + " > " + shellQuote(out)
	}
	switch {
	case bytes.HasPrefix(text, []byte("[")):
		return fmt.Errorf("%s holds a JSON array; claims are read as JSON Lines, one claim a line: %s", name, convert(".[]"))
	case whole && string(bytes.TrimSpace(firstLine)) == "{":
		return fmt.Errorf("%s holds JSON written over several lines; claims are read as JSON Lines, one claim a line: %s", name, convert("."))
	case !bytes.HasPrefix(firstLine, []byte("{")) && csvHeader(firstLine):
		// (A JSON object's strings may hold commas and "setl_id".)
		return fmt.Errorf("%s is CSV (its first line is a header naming setl_id), read as JSON Lines: give --in csv", name)
	}
	return nil
}

// notCSV refuses claims read as CSV that are JSON (JSON Lines, most
// likely): read as CSV, every line would be an error row and none would
// name a claim. It reads the start of the file f from where it stands,
// moving nothing.
func notCSV(name string, f *os.File) error {
	text := fileHead(f, 1<<10)
	if bytes.HasPrefix(text, []byte("{")) || bytes.HasPrefix(text, []byte("[")) {
		return fmt.Errorf("%s is JSON (its first line starts with %c), read as CSV: give --in jsonl, or name it .jsonl", name, text[0])
	}
	return nil
}

// openFile opens the file name to read, or returns ctx's error once ctx
// is done while the open waits: a named pipe's open waits for a writer,
// without end if none comes. The open left waiting closes what it opens,
// should it ever.
func openFile(ctx context.Context, name string) (*os.File, error) {
	if ctx.Done() == nil {
		return os.Open(name)
	}
	type opened struct {
		f   *os.File
		err error
	}
	done := make(chan opened, 1)
	go func() {
		f, err := os.Open(name)
		done <- opened{f, err}
	}()
	select {
	case o := <-done:
		return o.f, o.err
	case <-ctx.Done():
		go func() {
			if o := <-done; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// fileHead is up to n bytes of f from where it stands, moving nothing,
// past a byte order mark and blank space: what a check of its format
// looks at. Nil when f cannot say where it stands.
func fileHead(f *os.File, n int) []byte {
	at, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil
	}
	head := make([]byte, n)
	n, _ = f.ReadAt(head, at)
	return bytes.TrimLeft(bytes.TrimPrefix(head[:n], []byte("\ufeff")), " \t\r\n")
}

// csvHeader reports whether line is a CSV header row of claims: cells
// split by commas, one of them setl_id.
func csvHeader(line []byte) bool {
	for cell := range bytes.SplitSeq(bytes.TrimSpace(line), []byte(",")) {
		if string(bytes.Trim(bytes.TrimSpace(cell), `"`)) == "setl_id" {
			return true
		}
	}
	return false
}

// newClaimsReader buffers src, of size bytes (0 when not known), counting
// what is read.
func newClaimsReader(src io.Reader, size int64) *claimsReader {
	cr := &claimsReader{src: src, size: size}
	cr.Reader = bufio.NewReaderSize(countingReader{src, &cr.read}, 64<<10)
	return cr
}

// rewind takes cr back to the start of its claims, which must be a file or
// in memory (see readTwice), to read them again as far as limit bytes, or
// to their end when limit is negative: a file that grew since a first
// reading of limit bytes is read to where it ended then.
func (cr *claimsReader) rewind(limit int64) error {
	if cr.reopen == nil {
		return errors.New("internal error: the claims cannot be read twice")
	}
	src, err := cr.reopen()
	if err != nil {
		return err
	}
	cr.read.Store(0)
	if limit >= 0 {
		src = io.LimitReader(src, limit)
	}
	cr.Reader.Reset(countingReader{src, &cr.read})
	return nil
}

// readTwice returns cr, able to rewind and to be read at any offset (at,
// the first size bytes): a regular file is read again from its start;
// anything else (a pipe, standard input) is read into memory, in blocks,
// so that no one large buffer is grown by copying, and past holdInMemory
// bytes into a temporary file instead (see spill), so that a long batch
// piped in does not grow the heap. Close the claimsReader returned to
// remove that file.
func readTwice(cr *claimsReader) (*claimsReader, error) {
	if f, ok := cr.src.(*os.File); ok && cr.size > 0 {
		// Where the claims start: standard input may be a file read in
		// part already.
		if start, err := f.Seek(0, io.SeekCurrent); err == nil {
			cr.reopen = func() (io.Reader, error) {
				_, err := f.Seek(start, io.SeekStart)
				return f, err
			}
			cr.at = io.NewSectionReader(f, start, cr.size)
			return cr, nil
		}
	}
	blocks, end, err := readBlocks(cr, nil, holdInMemory)
	if err != nil {
		return nil, err
	}
	if !end {
		// A batch of just holdInMemory bytes ends here.
		_, err := cr.Peek(1)
		end = err == io.EOF
	}
	if !end {
		onDisk, held, err := spill(cr, blocks)
		switch {
		case onDisk != nil || err != nil:
			return onDisk, err
		case held != nil:
			blocks = held
		default:
			if blocks, _, err = readBlocks(cr, blocks, -1); err != nil {
				return nil, err
			}
		}
	}
	var size int64
	for _, b := range blocks {
		size += int64(len(b))
	}
	all := func() (io.Reader, error) {
		rs := make([]io.Reader, len(blocks))
		for i, b := range blocks {
			rs[i] = bytes.NewReader(b)
		}
		return io.MultiReader(rs...), nil
	}
	src, _ := all()
	mem := newClaimsReader(src, size)
	mem.reopen = all
	mem.at = blocksAt{blocks, blockBytes}
	return mem, nil
}

// blockBytes is the size of the blocks readTwice holds a batch in.
const blockBytes = 1 << 20

// readBlocks reads r on after blocks, a block at a time, to its end, or
// (limit ≥ 0) until the blocks hold limit bytes or more, and reports
// whether it came to the end.
func readBlocks(r io.Reader, blocks [][]byte, limit int64) ([][]byte, bool, error) {
	var size int64
	for _, b := range blocks {
		size += int64(len(b))
	}
	for limit < 0 || size < limit {
		b := make([]byte, blockBytes)
		n, err := io.ReadFull(r, b)
		if n > 0 {
			blocks = append(blocks, b[:n])
			size += int64(n)
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			return blocks, true, nil
		}
		if err != nil {
			return nil, false, err
		}
	}
	return blocks, false, nil
}

// holdInMemory is how much of a batch read twice from a pipe readTwice
// holds in memory before it moves the batch to a temporary file: a
// batch of some hundred thousand claims, read again from memory as fast
// as from a file, where a year of a province's (gigabytes) would grow the
// heap by as much. A variable, for tests.
var holdInMemory int64 = 64 << 20

// spill moves a batch read from a pipe into a temporary file, to be read
// again from there: the blocks read so far, then the rest of cr. The file
// is made in os.TempDir ($TMPDIR), readable by its owner alone, and
// removed at once where the system lets an open file be removed, so that
// no claim is left on disk even when the run is killed; elsewhere when the
// claimsReader returned is closed. Where the file cannot be made, spill
// returns neither a claimsReader nor blocks, having read nothing; where it
// cannot be written (a full disk), it returns the whole batch in blocks,
// read back from the file and then from cr: either way the batch is held
// in memory after all, as it was before there was spill.
func spill(cr *claimsReader, blocks [][]byte) (*claimsReader, [][]byte, error) {
	f, err := createSpillFile()
	if err != nil {
		return nil, nil, nil
	}
	remove := func() { f.Close() }
	var written int64
	// inMemory holds the batch in memory instead: what was written, read
	// back, what was not, and the rest of cr.
	inMemory := func(unwritten ...[]byte) (*claimsReader, [][]byte, error) {
		defer remove()
		parts := []io.Reader{io.NewSectionReader(f, 0, written)}
		for _, b := range unwritten {
			parts = append(parts, bytes.NewReader(b))
		}
		held, _, err := readBlocks(io.MultiReader(append(parts, cr)...), nil, -1)
		return nil, held, err
	}
	for i, b := range blocks {
		n, err := f.Write(b)
		written += int64(n)
		if err != nil {
			return inMemory(append([][]byte{b[n:]}, blocks[i+1:]...)...)
		}
	}
	// The rest, as cr has it: a failure to read it is the source's, not
	// the temporary file's.
	buf := make([]byte, blockBytes)
	for {
		n, err := cr.Read(buf)
		if n > 0 {
			w, werr := f.Write(buf[:n])
			written += int64(w)
			if werr != nil {
				return inMemory(buf[w:n])
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			remove()
			return nil, nil, err
		}
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return inMemory()
	}
	onDisk := newClaimsReader(f, written)
	onDisk.reopen = func() (io.Reader, error) {
		_, err := f.Seek(0, io.SeekStart)
		return f, err
	}
	onDisk.at = io.NewSectionReader(f, 0, written)
	onDisk.close = remove
	return onDisk, nil, nil
}

// spillFile is the temporary file spill holds a batch in: a
// tempfile.File, but for tests.
type spillFile interface {
	io.Reader
	io.ReaderAt
	io.Writer
	io.Seeker
	Close() error
}

// createSpillFile makes spill's temporary file; a variable, for tests.
var createSpillFile = func() (spillFile, error) { return tempfile.Create("mpl-claims-*.tmp") }

// blocksAt reads at any offset the claims readTwice holds in memory: in
// blocks of size bytes, the last perhaps shorter.
type blocksAt struct {
	blocks [][]byte
	size   int
}

func (b blocksAt) ReadAt(p []byte, off int64) (int, error) {
	n := 0
	for n < len(p) {
		i, j := int((off+int64(n))/int64(b.size)), int((off+int64(n))%int64(b.size))
		if off < 0 || i >= len(b.blocks) || j >= len(b.blocks[i]) {
			return n, io.EOF
		}
		n += copy(p[n:], b.blocks[i][j:])
	}
	return n, nil
}

// claimsReader is the claims input, buffered, with how much of the file
// has been read, for progress.
type claimsReader struct {
	*bufio.Reader
	src    io.Reader // the file, standard input, or the claims in memory
	read   atomic.Int64
	size   int64                     // the file's size; 0 when not known (stdin)
	reopen func() (io.Reader, error) // the claims from the start again, if they can be (see readTwice)
	at     io.ReaderAt               // the claims at any offset, if they can be (see readTwice)
	close  func()                    // removes what holds the claims, if anything does (see spill)
}

// Close removes the temporary file cr's claims are held in, if they are
// (see readTwice); the source cr was made from is its opener's to close.
func (cr *claimsReader) Close() {
	if cr.close != nil {
		cr.close()
		cr.close = nil
	}
}

// countingReaderAt counts the bytes read through it.
type countingReaderAt struct {
	r io.ReaderAt
	n *atomic.Int64
}

func (c countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	n, err := c.r.ReadAt(p, off)
	c.n.Add(int64(n))
	return n, err
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n.Add(int64(n))
	return n, err
}

// batchLedger makes the in-memory ledger of a whole batch, seeded with
// balances: a WhatIfLedger, which settles on the int64 fast path and keeps
// no settlements, when the batch fits one (no reversal, no repeated
// setl_id, amounts within its range: see interp.FitsWhatIf), its balances
// too, and no trace is asked for; else a MemoryLedger. Both settle such a
// batch to the same bytes.
func batchLedger(prog *interp.Program, rows []interp.Result, balances string, explain bool) (interp.Store, error) {
	if explain || !interp.FitsWhatIf(rows) {
		return newLedger(balances)
	}
	wl := prog.NewWhatIfLedger()
	if balances != "" {
		if err := loadBalances(wl.SetBalance, balances); err != nil {
			// A balance beyond the what-if ledger's range, or a bad
			// file, which the memory ledger reports in its own words.
			return newLedger(balances)
		}
	}
	return wl, nil
}

// batchStream reads a whole batch of claims, in format f, from cr (in up
// to parts pieces at once) and
// returns the ledger to settle it on as a stream, when that writes the
// very rows the whole batch would (see interp.Program.StreamsAsBatch): a
// WhatIfLedger, seeded with balances, that keeps the settlements later
// claims reverse or send again. It is nil when the batch must be read
// whole: out of order, or with a setl_id two members name, or with
// totals or balances beyond the what-if ledger's range. Either way cr is
// rewound. A
// stream holds neither the claims nor (but those) their settlements, and
// reads the lines on the fast reader, so a batch in order settles several
// times faster, in a fraction of the memory.
func batchStream(prog *interp.Program, cr *claimsReader, f claim.Format, balances string, parts int) (interp.Store, error) {
	keep, ok, err := prog.StreamsAsBatchAt(countingReaderAt{cr.at, &cr.read}, cr.size, f, balances != "", parts)
	if err == nil {
		// A batch that may stream was read to its end: so far again.
		limit := int64(-1)
		if ok {
			limit = cr.size
		}
		err = cr.rewind(limit)
	}
	if err != nil || !ok {
		return nil, err
	}
	// The check's member table and setl_ids (a hundred MB for a million
	// members) are garbage now: collected here, their memory is the
	// ledger's to reuse, where the collector's own pace left most of it
	// unfreed while the ledger faulted in fresh pages (1M claims of 1M
	// members: 2.2-2.4 s to 2.0-2.2 s on one core, 196-245 MB to 206).
	runtime.GC()
	wl := prog.NewWhatIfLedger()
	wl.KeepUntilLast(keep)
	if balances != "" && loadBalances(wl.SetBalance, balances) != nil {
		return nil, nil
	}
	return wl, nil
}

// newLedger makes the in-memory ledger of one run, seeded with balances
// when a file is given.
func newLedger(balances string) (*interp.MemoryLedger, error) {
	l := interp.NewMemoryLedger()
	if balances == "" {
		return l, nil
	}
	return l, loadBalances(l.SetBalance, balances)
}

func formatByName(s string) (claim.Format, bool) {
	switch strings.ToLower(s) {
	case "jsonl", "json", "ndjson":
		return claim.JSONL, true
	case "csv":
		return claim.CSV, true
	}
	return 0, false
}

// maxBalanceLine bounds a line of a balances file, and maxAmountText the
// text of a balance: a file with a line of a million digits, or no line
// end at all (/dev/zero), is refused as it is read.
const (
	maxBalanceLine = 64 << 10
	maxAmountText  = 40
)

// lineLimit is r, failing with a *lineTooLong once a line passes max
// bytes.
type lineLimit struct {
	r    io.Reader
	max  int
	run  int // bytes since the last line end
	line int // lines ended so far
}

// lineTooLong is the error of a line longer than a lineLimit allows.
type lineTooLong struct {
	line, max int
}

func (e *lineTooLong) Error() string {
	return fmt.Sprintf("the line is longer than %d bytes: not a balances file (psn_no,balc)", e.max)
}

func (l *lineLimit) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for _, c := range p[:n] {
		if c == '\n' {
			l.run, l.line = 0, l.line+1
		} else if l.run++; l.run > l.max {
			return 0, &lineTooLong{line: l.line + 1, max: l.max}
		}
	}
	return n, err
}

// loadBalances reads a CSV file of starting balances, psn_no,balc a row,
// and sets each. A first row naming the columns (psn_no and balc, in
// either order, as a spreadsheet saves them, byte-order mark and all) is
// read as the header, other columns it names ignored; without one the
// columns are psn_no, balc. A member given twice is an error, not a silent
// choice between the two. A file with bad rows is a *badBalances, naming
// each (up to maxBadBalances of them) with its line; a file that cannot
// be read is its error.
func loadBalances(set func(psnNo string, balc decimal.Decimal) error, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	br := bufio.NewReader(&lineLimit{r: f, max: maxBalanceLine})
	if bom, err := br.Peek(3); err == nil && string(bom) == "\ufeff" {
		br.Discard(3) // before the CSV reader, which would take it for a cell's text
	}
	r := csv.NewReader(br)
	r.FieldsPerRecord = -1 // a row of the wrong width is said below, with its line
	var recs [][]string
	var lines []int // where each record starts: blank lines are skipped
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var long *lineTooLong
			if errors.As(err, &long) {
				return &badBalances{errs: []error{fmt.Errorf("%s:%d: %v", path, long.line, err)}}
			}
			var parse *csv.ParseError
			if errors.As(err, &parse) {
				return &badBalances{errs: []error{fmt.Errorf("%s: %v", path, err)}}
			}
			return fmt.Errorf("%s: %v", path, err)
		}
		line, _ := r.FieldPos(0)
		recs, lines = append(recs, rec), append(lines, line)
	}
	psnCol, balcCol, first := 0, 1, 0
	if len(recs) > 0 && slices.ContainsFunc(recs[0], func(c string) bool { return strings.TrimSpace(c) == "psn_no" }) {
		psnCol, balcCol, first = -1, -1, 1
		for i, c := range recs[0] {
			switch strings.TrimSpace(c) {
			case "psn_no":
				psnCol = i
			case "balc":
				balcCol = i
			}
		}
		if balcCol < 0 {
			return &badBalances{errs: []error{fmt.Errorf("%s:%d: the header names no balc column; want psn_no,balc", path, lines[0])}}
		}
	}
	width := 2
	if first == 1 {
		width = len(recs[0])
	}
	seen := map[string]int{}
	bad := &badBalances{}
	for i, rec := range recs[first:] {
		line := lines[first+i]
		// Every bad row is told, not only the first: a file fixed row by
		// row, one run each, takes as many runs as it has bad rows.
		fail := func(format string, a ...any) {
			if len(bad.errs) == maxBadBalances {
				bad.more++
				return
			}
			bad.errs = append(bad.errs, fmt.Errorf("%s:%d: "+format, append([]any{path, line}, a...)...))
		}
		if len(rec) != width {
			fail("want %d columns, as the first row has, not %d", width, len(rec))
			continue
		}
		psn := strings.TrimSpace(rec[psnCol])
		if psn == "" {
			fail("psn_no is empty")
			continue
		}
		// As the claims' psn_no: an id with a zero-width space would be
		// another member's than the claims', whose balance none draws on.
		if msg := claim.IDError(psn); msg != "" {
			fail("psn_no %s", msg)
			continue
		}
		if at, dup := seen[psn]; dup {
			fail("psn_no %s is given twice (first on line %d)", psn, at)
			continue
		}
		seen[psn] = line
		text := strings.TrimSpace(rec[balcCol])
		if strings.ContainsAny(text, "eE") { // 1e9999: short text, ten thousand digits
			fail("balc %q is not an amount", claim.Clip(text))
			continue
		}
		if len(text) > maxAmountText {
			// Not parsed: a number of a million digits takes minutes.
			fail("balc has %d characters, more than any amount (at most 15 digits of yuan)", len(text))
			continue
		}
		// Read as a claim's amounts are: "+100", ".5" and "100." are not.
		d, msg := claim.ParseAmount(text)
		if msg != "" {
			fail("balc %s", msg)
			continue
		}
		if err := set(psn, d); err != nil {
			fail("%v", err)
		}
	}
	if len(bad.errs) > 0 {
		return bad
	}
	return nil
}

// maxBadBalances bounds the bad rows of a balances file told one by one;
// the rest are counted.
const maxBadBalances = 20

// badBalances is the bad rows of a balances file, each error naming its
// file:line, and how many more there are than those.
type badBalances struct {
	errs []error
	more int
}

// Error is one bad row a line, then how many more there are.
func (e *badBalances) Error() string {
	msg := errors.Join(e.errs...).Error()
	if e.more > 0 {
		msg += fmt.Sprintf("\nand %d more bad row(s)", e.more)
	}
	return msg
}

// Unwrap returns the errors of the rows told.
func (e *badBalances) Unwrap() []error { return e.errs }

// rows is how many rows are bad, those told and the rest.
func (e *badBalances) rows() int { return len(e.errs) + e.more }

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// checkProgress shows how much of the claims a whole batch's first read
// (see batchStream) has been through, once every tick, until stop is
// called; stop wipes the line.
func checkProgress(w io.Writer, cr *claimsReader, every time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	shown := false
	go func() {
		defer close(finished)
		tick := time.NewTicker(every)
		defer tick.Stop()
		last := -1.0
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				// The count starts again at 0 when the check ends and the
				// claims are read again: the line never goes back.
				if pct := 100 * min(float64(cr.read.Load())/float64(max(cr.size, 1)), 1); cr.size > 0 && pct >= last {
					fmt.Fprintf(w, "\r%s", checkLine(pct))
					last, shown = pct, true
				}
			}
		}
	}()
	return func() {
		close(done)
		<-finished
		// Wipe the line: what comes next (the run's own progress, or a
		// whole batch read into memory) is not the check.
		if shown {
			fmt.Fprintf(w, "\r%s\r", strings.Repeat(" ", len(checkLine(100))))
		}
	}
}

// checkLine is checkProgress's line at pct per cent.
func checkLine(pct float64) string {
	return fmt.Sprintf("checking the batch's order  %3.0f%%   ", pct)
}

// progressPrinter prints claims settled, the rate and the time left, at most
// a few times a second. When the total is not known (a stream), the time
// left is worked out from how much of the claims file has been read.
func progressPrinter(w io.Writer, src io.Reader) func(done, total int) {
	start := time.Now()
	var last time.Time
	cr, _ := src.(*claimsReader)
	return func(done, total int) {
		now := time.Now()
		if done != total && now.Sub(last) < 200*time.Millisecond {
			return
		}
		last = now
		elapsed := now.Sub(start).Seconds()
		rate := float64(done) / max(elapsed, 1e-9)
		switch {
		case total > 0:
			left := time.Duration(float64(total-done)/max(rate, 1e-9)) * time.Second
			fmt.Fprintf(w, "\rsettling %d/%d  %.0f claims/s  ETA %s   ", done, total, rate, left.Round(time.Second))
		case cr != nil && cr.size > 0:
			frac := min(float64(cr.read.Load())/float64(cr.size), 1)
			left := time.Duration(elapsed*(1-frac)/max(frac, 1e-9)) * time.Second
			fmt.Fprintf(w, "\r%d rows  %3.0f%%  %.0f rows/s  ETA %s   ", done, 100*frac, rate, left.Round(time.Second))
		default:
			fmt.Fprintf(w, "\r%d rows  %.0f rows/s   ", done, rate)
		}
	}
}
