package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/mpl-lang/mpl/internal/report"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
)

const explainHelp = `
mpl explain -p POLICY [--id SETL_ID] [--lang zh|en] [--html] [--balances FILE | --ledger DB] CLAIMS

Explains settlements for a person at a counter: what the bill is made of,
how the deductible, the ratio (band by band where the policy has bands), any
caps (naming the fund each holds) and each further fund were reached (a
serious-illness fund with its threshold, the year's in-scope out-of-pocket
and why it pays nothing when it does), each with the policy line behind it
and the cited source, and where every yuan went. Amounts are the ones paid,
rounded as the policy rounds. Chinese by
default, English with --lang en; --html writes one self-contained page with a
stacked bar of where the money went.

Without --ledger, every claim in CLAIMS is settled in setl_time order in a
ledger in memory (so a deductible met earlier in the year shows as met),
its accounts seeded from --balances; --id picks the one to explain,
otherwise all are explained.

With --ledger DB, each claim is explained against that persistent ledger,
on its own, and the ledger is only read (opened read-only, as mpl ledger
show opens it; it must exist). The years, accounts and family-sharing
links are the ledger's, so this is how to explain what a member was paid
last night:
  - a claim the ledger holds (sent again as first sent) is explained as it
    was settled: by the trace stored with it when it was settled with
    mpl run --explain; else settled again against the ledger as it stood
    before it (its own changes and those of the member's later
    settlements undone), and shown only when every figure, every change
    to the member's year and every account move equals the stored
    settlement to the fen. When the ledger has changed since in a way it
    cannot undo (a credit, the account carried into a later year, a family
    member's claim on a shared account, another policy) the claim is an
    error that says why, rather than an explanation of figures not paid.
    A settlement reversed since says by which setl_id;
  - a reversal the ledger holds is explained by its one step;
  - a claim or reversal the ledger does not hold is a pre-settlement
    (2206) against the ledger as it stands, as mpl run --presettle
    computes it, and the output says that nothing was written. Claims of
    one file do not see each other: each is worked out against the ledger
    as it is.

Exit status: 0 when every claim asked for is explained, 1 when one is an
error (told on standard error), 2 when the policy or the flags are wrong
(--ledger naming no ledger among them, as for mpl ledger's operations that
only read), 3 when the ledger cannot be read.

Examples:
  mpl explain -p policies/cn/nanjing/employee-2025.mpl --id NJ0002 examples/nanjing/claims.jsonl
  mpl explain -p policies/cn/nanjing/employee-2025.mpl --lang en examples/nanjing/explain.jsonl
  mpl explain -p policies/cn/nanjing/employee-2025.mpl --html examples/nanjing/explain.jsonl > explain.html
  mpl explain -p policies/cn/nanjing/employee-2025.mpl --ledger mpl.db --id NJ0002 examples/nanjing/claims.jsonl
`

func runExplain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("explain", explainHelp, stdout, stderr)
	policy := fs.String("p", "", "the policy file (required)")
	id := fs.String("id", "", "explain only the claim with this setl_id")
	langName := fs.String("lang", "zh", "language: zh or en")
	html := fs.Bool("html", false, "write a self-contained HTML page")
	in := fs.String("in", "", "input format: jsonl or csv (default: by extension)")
	balances := fs.String("balances", "", "a CSV file (psn_no,balc) of personal account balances to start from")
	ledgerDSN := fs.String("ledger", "", "explain against this persistent ledger, read-only: a claim it holds as it was settled, any other as a pre-settlement")
	files, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		return ExitUsage
	}
	lng := report.Lang(*langName)
	if *policy == "" || len(files) > 1 || (lng != report.Chinese && lng != report.English) {
		fmt.Fprintln(stderr, "mpl explain: want -p POLICY, at most one claims file, and --lang zh or en; see mpl help explain")
		return ExitUsage
	}
	if flagGiven(fs.FlagSet, "ledger") && strings.TrimSpace(*ledgerDSN) == "" {
		fmt.Fprintln(stderr, "mpl explain: --ledger is empty (an unset variable?): give a ledger file or postgres://…, or leave --ledger out to settle the claims in memory")
		return ExitUsage
	}
	if *ledgerDSN != "" && *balances != "" {
		fmt.Fprintln(stderr, "mpl explain: --balances seeds an in-memory ledger; with --ledger the ledger's own accounts are read")
		return ExitUsage
	}
	prog, loader, err := interp.LoadFile(*policy)
	if err != nil {
		lang.Print(stderr, err, loader, "")
		return ExitUsage
	}
	src, format, closeSrc, err := openClaims(context.Background(), files, *in, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "mpl explain: %v\n", err)
		return ExitUsage
	}
	defer closeSrc()
	var list []*report.Explanation
	var status int
	if *ledgerDSN != "" {
		list, status = explainAgainst(*ledgerDSN, prog, src, format, *id, lng, stderr)
	} else {
		list, status = explainInMemory(*balances, prog, src, format, *id, lng, stderr)
	}
	if status == ExitUsage || status == ExitBroke {
		return status
	}
	if *id != "" && len(list) == 0 && status == ExitOK {
		fmt.Fprintf(stderr, "mpl explain: no claim with setl_id %q\n", *id)
		return ExitRows
	}
	if *html {
		if err := report.WriteHTML(stdout, lng, list); err != nil {
			fmt.Fprintf(stderr, "mpl explain: %v\n", err)
			return ExitUsage
		}
		return status
	}
	for i, e := range list {
		if i > 0 {
			fmt.Fprintln(stdout)
		}
		e.WriteText(stdout)
	}
	return status
}

// explainInMemory settles every claim of src in setl_time order in a
// ledger in memory, seeded with the balances file when one is given, and
// explains the rows with setl_id id (every row when id is ""); its status
// is ExitRows when a row is an error, which it tells on stderr.
func explainInMemory(balances string, prog *interp.Program, src io.Reader, format claim.Format, id string, lng report.Lang, stderr io.Writer) ([]*report.Explanation, int) {
	ledger, err := newLedger(balances)
	if err != nil {
		fmt.Fprintf(stderr, "mpl explain: %v\n", err)
		return nil, ExitUsage
	}
	rows, err := interp.ReadAll(claim.NewReader(src, format))
	if err == nil {
		err = prog.SettleAll(context.Background(), ledger, rows, interp.BatchOptions{Options: interp.Options{Explain: true}})
	}
	if err != nil {
		fmt.Fprintf(stderr, "mpl explain: %v\n", err)
		return nil, ExitUsage
	}
	pol := prog.Policy()
	var list []*report.Explanation
	status := ExitOK
	if id != "" {
		rows = rowsOf(rows, id)
	}
	for _, r := range rows {
		if r.Err != nil {
			fmt.Fprintf(stderr, "mpl explain: %v\n", r.Err)
			status = ExitRows
			continue
		}
		list = append(list, report.Explain(r.Settlement, pol.Name, pol.Source.Cite(), lng))
	}
	return list, status
}

// explainAgainst explains the rows of src with setl_id id (every row when
// id is "") against the persistent ledger dsn, opened read-only: each
// claim the ledger holds as it was settled, any other as a
// pre-settlement against the ledger as it stands (Program.ExplainIn),
// each on its own, in input order. Its status is ExitRows when a row is
// an error, ExitBroke when the ledger fails, each told on stderr.
func explainAgainst(dsn string, prog *interp.Program, src io.Reader, format claim.Format, id string, lng report.Lang, stderr io.Writer) ([]*report.Explanation, int) {
	const makesNone = "an explanation reads a ledger and makes none"
	if ledgerFileMissing(dsn) {
		fmt.Fprintf(stderr, "mpl explain: no ledger %s: %s; mpl run --ledger, mpl ledger import or mpl ledger credit makes one\n", dsn, makesNone)
		return nil, ExitUsage
	}
	rows, err := interp.ReadAll(claim.NewReader(src, format))
	if err != nil {
		fmt.Fprintf(stderr, "mpl explain: %v\n", err)
		return nil, ExitUsage
	}
	st, code := openLedger(stderr, "mpl explain", dsn, true, makesNone)
	if st == nil {
		return nil, code
	}
	defer st.Close()
	pol := prog.Policy()
	var list []*report.Explanation
	status := ExitOK
	var firstErr *claim.Error // of the rows with setl_id id, when none explains
	for _, r := range rows {
		if id != "" && (r.Claim == nil || r.Claim.SetlID != id) {
			continue
		}
		var x *interp.Explained
		var err error
		if r.Err == nil {
			x, err = prog.ExplainIn(st, r.Claim)
		}
		var failed *interp.StoreError
		if errors.As(err, &failed) {
			fmt.Fprintf(stderr, "mpl explain: ledger %s: %v\n", ledgerName(dsn), err)
			return nil, ExitBroke
		}
		rowErr := r.Err
		if err != nil && !errors.As(err, &rowErr) {
			rowErr = &claim.Error{SetlID: r.Claim.SetlID, Line: r.Claim.Line, Code: claim.CodeSettlement, Msg: err.Error()}
		}
		if rowErr != nil {
			if id != "" {
				// As rowsOf: the file may send the claim again; the one
				// the ledger explains is the answer.
				if firstErr == nil {
					firstErr = rowErr
				}
				continue
			}
			fmt.Fprintf(stderr, "mpl explain: %v\n", rowErr)
			status = ExitRows
			continue
		}
		e := report.Explain(x.Settlement, pol.Name, pol.Source.Cite(), lng)
		e.FromLedger(ledgerName(dsn), x)
		list = append(list, e)
		if id != "" {
			break
		}
	}
	if id != "" && len(list) == 0 && firstErr != nil {
		fmt.Fprintf(stderr, "mpl explain: %v\n", firstErr)
		status = ExitRows
	}
	return list, status
}

// rowsOf is the row of the claim setlID names: its settlement, the first
// row that settled (the file may send the claim again, with the same
// settlement or an error about it; a batch settles in setl_time order, so
// the one that settled need not be the first in the file), else its first
// error; none when no claim has that id.
func rowsOf(rows []interp.Result, setlID string) []interp.Result {
	var first []interp.Result
	for _, r := range rows {
		if r.Claim == nil || r.Claim.SetlID != setlID {
			continue
		}
		if r.Err == nil {
			return []interp.Result{r}
		}
		if first == nil {
			first = []interp.Result{r}
		}
	}
	return first
}
