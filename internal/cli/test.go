package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/cases"
	"github.com/mpl-lang/mpl/lang"
)

const testHelp = `
mpl test [PATH...]

Runs policies' test cases. Beside each policy NAME.mpl, a file NAME_test.jsonl
holds claims with the settlement figures they must produce, worked out by
hand. PATH is a policy, a test file, or a directory searched recursively
(default: the current directory). Cases in one file run in order against one
ledger, so later claims see the year earlier ones built.

A test file is JSON Lines; each line is one of:

  {"note": "(9000 − 1500) × 85% = 6375.00",
   "claim": {"setl_id": "c1", "psn_no": "E1", …},
   "want": {"act_pay_dedc": "1500.00", "hifp_pay": "6375.00"}}
  {"claim": {…}, "want_error": {"field": "psn_type", "message": "did you mean"}}
  {"balances": {"E1": "2000.00"}}

Empty lines and lines starting with # (comments) are skipped. want names
only the setlinfo fields the case is about, at least one; its figures are
strings, as the settlement writes them: money with two places ("6375.00"),
pool_prop_selfpay as a ratio with four ("0.8500", not "85%"). They are
compared as amounts ("7990" is 7990.00). A failure prints the
claim, the field, want and got, the note, and the trace of the steps that
produced the field. Output is like go test's: an ok or FAIL line per policy
and a last line "N passed, N failed" counting cases.

Exit status: 0 when every case passes, 1 when any fails, 2 when a policy or
test file cannot be read.

Examples:
  mpl test policies/
  mpl test policies/cn/nanjing/employee-2025.mpl
`

func runTest(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fset := newFlags("test", testHelp, stdout, stderr)
	verbose := fset.Bool("v", false, "list every case, passing or not")
	paths, err := parseFlags(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		return ExitUsage
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	files, err := findTestFiles(paths)
	if err != nil {
		fmt.Fprintf(stderr, "mpl test: %v\n", err)
		return ExitUsage
	}
	if len(files) == 0 {
		fmt.Fprintf(stderr, "mpl test: no NAME_test.jsonl files under %s\n", strings.Join(paths, " "))
		return ExitUsage
	}
	passed, failed, broken := 0, 0, false
	for _, tf := range files {
		policy := strings.TrimSuffix(tf, "_test.jsonl") + ".mpl"
		prog, loader, err := interp.LoadFile(policy)
		if err != nil {
			why := "policy does not check"
			if errors.Is(err, fs.ErrNotExist) {
				why = "no policy beside " + filepath.Base(tf)
			}
			fmt.Fprintf(stdout, "FAIL\t%s\t(%s)\n", policy, why)
			lang.Print(stdout, err, loader, "")
			broken = true
			continue
		}
		f, err := os.Open(tf)
		if err != nil {
			fmt.Fprintf(stdout, "FAIL\t%s\t%v\n", tf, err)
			broken = true
			continue
		}
		cs, err := cases.ReadCases(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(stdout, "FAIL\t%s\t%s\n", policy, caseFileError(tf, err))
			broken = true
			continue
		}
		fails, err := cases.RunCases(prog, cs)
		if err != nil {
			fmt.Fprintf(stdout, "FAIL\t%s\t%s\n", policy, caseFileError(tf, err))
			broken = true
			continue
		}
		byLine := map[int][]cases.Failure{}
		for _, fl := range fails {
			byLine[fl.Line] = append(byLine[fl.Line], fl)
		}
		claimsRun := 0
		for _, c := range cs {
			if c.Claim == nil {
				continue
			}
			claimsRun++
			fl := byLine[c.Line]
			if len(fl) == 0 {
				passed++
				if *verbose {
					fmt.Fprintf(stdout, "--- PASS: %s:%d %s\n", tf, c.Line, lang.Visible(c.Note))
				}
				continue
			}
			failed++
			printFailure(stdout, tf, c, fl)
		}
		if claimsRun == 0 {
			// A test file that settles nothing tests nothing: most likely
			// it was cut short, or its cases are all commented out.
			fmt.Fprintf(stdout, "FAIL\t%s\t%s holds no claim to settle\n", policy, tf)
			broken = true
			continue
		}
		if len(byLine) == 0 {
			fmt.Fprintf(stdout, "ok  \t%s\t%s\n", policy, countOf(claimsRun, "case"))
		} else {
			fmt.Fprintf(stdout, "FAIL\t%s\t%d of %s failed\n", policy, len(byLine), countOf(claimsRun, "case"))
		}
	}
	fmt.Fprintf(stdout, "%d passed, %d failed\n", passed, failed)
	switch {
	case broken:
		return ExitUsage
	case failed > 0:
		return ExitRows
	}
	return ExitOK
}

// countOf is n things: "1 case", "12 cases".
func countOf(n int, thing string) string {
	if n == 1 {
		return "1 " + thing
	}
	return fmt.Sprintf("%d %ss", n, thing)
}

// caseFileError words a test file's error as file:line: message, as a
// compiler does, where it has a line.
func caseFileError(file string, err error) string {
	var le *cases.LineError
	if errors.As(err, &le) {
		return lang.Visible(fmt.Sprintf("%s:%d: %s", file, le.Line, le.Msg))
	}
	return lang.Visible(fmt.Sprintf("%s: %v", file, err))
}

func printFailure(w io.Writer, file string, c cases.Case, fails []cases.Failure) {
	fmt.Fprintf(w, "--- FAIL: %s:%d (setl_id %s)\n", file, c.Line, fails[0].SetlID)
	if c.Note != "" {
		fmt.Fprintf(w, "    note:  %s\n", lang.Visible(c.Note))
	}
	fmt.Fprintf(w, "    claim: %s\n", strings.TrimSpace(string(c.Claim)))
	for _, f := range fails {
		fmt.Fprintf(w, "    %s: want %s, got %s\n", lang.Visible(f.Field), lang.Visible(f.Want), lang.Visible(f.Got))
		for _, t := range f.Trace {
			fmt.Fprintf(w, "        %-10s %s", t.Step, t.Rule)
			if t.Pos != "" {
				fmt.Fprintf(w, " at %s", t.Pos)
			}
			fmt.Fprintf(w, ": %s → %s", lang.Visible(t.Note), t.Amount.StringFixed(2))
			if len(t.Inputs) > 0 {
				keys := make([]string, 0, len(t.Inputs))
				for k := range t.Inputs {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				var parts []string
				for _, k := range keys {
					parts = append(parts, k+"="+t.Inputs[k])
				}
				fmt.Fprintf(w, " (%s)", strings.Join(parts, ", "))
			}
			fmt.Fprintln(w)
		}
	}
}

// findTestFiles expands paths into NAME_test.jsonl files, sorted.
func findTestFiles(paths []string) ([]string, error) {
	seen := map[string]bool{}
	var out []string
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, p := range paths {
		p = strings.TrimSuffix(p, "/...")
		st, err := os.Stat(p)
		if err != nil {
			return nil, err
		}
		switch {
		case st.IsDir():
			found, err := filesUnder(p, "_test.jsonl")
			if err != nil {
				return nil, err
			}
			for _, f := range found {
				add(f)
			}
		case strings.HasSuffix(p, "_test.jsonl"):
			add(p)
		case strings.HasSuffix(p, ".mpl"):
			tf := strings.TrimSuffix(p, ".mpl") + "_test.jsonl"
			if _, err := os.Stat(tf); err != nil {
				return nil, fmt.Errorf("%s has no test file %s", p, tf)
			}
			add(tf)
		default:
			return nil, fmt.Errorf("%s is not a policy, a test file or a directory", p)
		}
	}
	sort.Strings(out)
	return out, nil
}
