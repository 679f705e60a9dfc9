package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/mpl-lang/mpl/internal/report"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/mpl-lang/mpl/lang"
)

const explainHelp = `
mpl explain -p POLICY [--id SETL_ID] [--lang zh|en] [--html] CLAIMS

Explains settlements for a person at a counter: what the bill is made of,
how the deductible, the ratio (band by band where the policy has bands), any
caps (naming the fund each holds) and each further fund were reached (a
serious-illness fund with its threshold, the year's in-scope out-of-pocket
and why it pays nothing when it does), each with the policy line behind it
and the cited source, and where every yuan went. Amounts are the ones paid,
rounded as the policy rounds. Chinese by
default, English with --lang en; --html writes one self-contained page with a
stacked bar of where the money went.

Every claim in CLAIMS is settled in setl_time order (so a deductible met
earlier in the year shows as met); --id picks the one to explain, otherwise
all are explained.

Examples:
  mpl explain -p policies/cn/nanjing/employee-2025.mpl --id NJ0002 examples/nanjing/claims.jsonl
  mpl explain -p policies/cn/nanjing/employee-2025.mpl --lang en examples/nanjing/explain.jsonl
  mpl explain -p policies/cn/nanjing/employee-2025.mpl --html examples/nanjing/explain.jsonl > explain.html
`

func runExplain(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("explain", explainHelp, stdout, stderr)
	policy := fs.String("p", "", "the policy file (required)")
	id := fs.String("id", "", "explain only the claim with this setl_id")
	langName := fs.String("lang", "zh", "language: zh or en")
	html := fs.Bool("html", false, "write a self-contained HTML page")
	in := fs.String("in", "", "input format: jsonl or csv (default: by extension)")
	balances := fs.String("balances", "", "a CSV file (psn_no,balc) of personal account balances to start from")
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
	prog, loader, err := interp.LoadFile(*policy)
	if err != nil {
		lang.Print(stderr, err, loader, "")
		return ExitUsage
	}
	src, format, closeSrc, err := openClaims(files, *in, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "mpl explain: %v\n", err)
		return ExitUsage
	}
	defer closeSrc()
	ledger, err := newLedger(*balances)
	if err != nil {
		fmt.Fprintf(stderr, "mpl explain: %v\n", err)
		return ExitUsage
	}
	rows, err := interp.ReadAll(claim.NewReader(src, format))
	if err == nil {
		err = prog.SettleAll(context.Background(), ledger, rows, interp.BatchOptions{Options: interp.Options{Explain: true}})
	}
	if err != nil {
		fmt.Fprintf(stderr, "mpl explain: %v\n", err)
		return ExitUsage
	}
	pol := prog.Policy()
	var list []*report.Explanation
	status := ExitOK
	if *id != "" {
		rows = rowsOf(rows, *id)
	}
	for _, r := range rows {
		if r.Err != nil {
			fmt.Fprintf(stderr, "mpl explain: %v\n", r.Err)
			status = ExitRows
			continue
		}
		list = append(list, report.Explain(r.Settlement, pol.Name, pol.Source.Cite(), lng))
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
