package cli

import (
	"bytes"
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

const diffHelp = `
mpl diff -p OLD -p NEW [--json | --html] [--lang zh|en] [--top N] CLAIMS

Shows what a policy change costs over a batch of claims, before it is
adopted: for each fund the total paid under the old and the new policy and
the change, the fund's total by person type, kind of care and provider
level (labels as the old policy names them), how many members pay more or
less, the members and the claims whose share changed most. Each policy settles the whole batch against its own
fresh ledger, in setl_time order, as mpl run does. Each setl_id is summed
once, by its settlement (a claim sent again is not summed twice; a reversal
is netted with its claim). A claim that one policy settles and the other
turns away (an error row, such as a refuse rule) is summed too: the policy
that turned it away pays nothing and the member bears the claim's
medfee_sumamt in cash, so a reform that covers more claims shows their cost.
Claims that fail under both policies are counted, not summed, and so are
rows not read as claims at all (an error row under each policy). CLAIMS may be
- for standard input.

Examples:
  mpl diff -p policies/cn/nanjing/employee-2025.mpl -p my-reform.mpl examples/nanjing/claims.jsonl
  mpl diff -p old.mpl -p new.mpl --json claims.jsonl > impact.json
  mpl diff -p old.mpl -p new.mpl --html claims.jsonl > impact.html
`

// policyList collects repeated -p flags.
type policyList []string

func (p *policyList) String() string     { return strings.Join(*p, ",") }
func (p *policyList) Set(v string) error { *p = append(*p, v); return nil }

func runDiff(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("diff", diffHelp, stdout, stderr)
	var pols policyList
	fs.Var(&pols, "p", "a policy file: give -p twice, the old one first")
	asJSON := fs.Bool("json", false, "write the report as JSON")
	html := fs.Bool("html", false, "write the report as a self-contained HTML page")
	langName := fs.String("lang", "zh", "language of labels: zh or en")
	top := fs.Int("top", 10, "how many members and claims to list")
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
	if len(pols) != 2 || len(files) != 1 || (lng != report.Chinese && lng != report.English) || *top < 0 {
		fmt.Fprintln(stderr, "mpl diff: want -p OLD -p NEW, one claims file, and --lang zh or en; see mpl help diff")
		return ExitUsage
	}
	if *asJSON && *html {
		fmt.Fprintln(stderr, "mpl diff: give --json or --html, not both")
		return ExitUsage
	}
	var progs [2]*interp.Program
	for i, p := range pols {
		prog, loader, err := interp.LoadFile(p)
		if err != nil {
			lang.Print(stderr, err, loader, "")
			return ExitUsage
		}
		progs[i] = prog
	}
	// Read once, settled twice: standard input or a pipe cannot be read
	// again, and both policies must see the same rows.
	src, format, closeSrc, err := openClaims(context.Background(), files, *in, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "mpl diff: %v\n", err)
		return ExitUsage
	}
	text, err := io.ReadAll(src)
	closeSrc()
	if err != nil {
		fmt.Fprintf(stderr, "mpl diff: reading claims: %v\n", err)
		return ExitUsage
	}
	var results [2][]interp.Result
	for i, prog := range progs {
		ledger, err := newLedger(*balances)
		if err == nil {
			results[i], err = interp.ReadAll(claim.NewReader(bytes.NewReader(text), format))
		}
		if err == nil {
			err = prog.SettleAll(context.Background(), ledger, results[i], interp.BatchOptions{})
		}
		if err != nil {
			fmt.Fprintf(stderr, "mpl diff: %v\n", err)
			return ExitUsage
		}
	}
	oldPolicy := progs[0].Policy()
	label := func(field, text string) string {
		if e := oldPolicy.Enums[field]; e != nil {
			if i, ok := e.Lookup(text); ok {
				return e.Labels[i]
			}
		}
		return ""
	}
	d, err := report.Compare(oldPolicy.Name, progs[1].Policy().Name, results[0], results[1], report.Options{Lang: lng, Top: *top, Label: label})
	if err != nil {
		fmt.Fprintf(stderr, "mpl diff: %v\n", err)
		return ExitUsage
	}
	switch {
	case *asJSON:
		err = d.WriteJSON(stdout)
	case *html:
		err = d.WriteHTML(stdout, lng)
	default:
		d.WriteText(stdout, lng)
	}
	if err != nil {
		fmt.Fprintf(stderr, "mpl diff: %v\n", err)
		return ExitUsage
	}
	return ExitOK
}
