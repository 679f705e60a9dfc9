package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/mpl-lang/mpl/lang"
)

const checkHelp = `
mpl check FILE|DIR...

Checks MPL policy files (and the files they extend): syntax, names and
labels, types, tables that miss a combination, bands with gaps or overlaps,
ratios outside [0, 1] (also a table, adjustments and a remote row that work
out so for some labels), negative money, divisions by zero, a credit rate
written as a plain number where a percentage is meant (× 1.5 for × 1.5%),
caps of ¥0 or under the benefit's own yearly deductible, one limit
given two amounts for the same claims, two yearly caps of one benefit or
fund on one total, a limit named after a benefit with a cap of its own, a
limit on a cap per visit, effective periods, extends cycles, and rules
that can never apply.
Every error the checker finds is printed, compiler style, in the order of
the file (a syntax error stops its file at the first):

  my-policy.mpl:35:5: unknown person type "退修"
      退修: ¥1200
      ^
      hint: did you mean "退休"?

Exit status is 0 when every file is clean, 1 when any has errors, and 2
when no file is given or a directory holds no .mpl file.

A directory is searched for .mpl files, recursively.

Examples:
  mpl check policies/cn/nanjing/employee-2025.mpl
  mpl check policies/
`

func runCheck(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("check", checkHelp, stdout, stderr)
	files, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		return ExitUsage
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "mpl check: no files; try: mpl check policies/cn/nanjing/employee-2025.mpl")
		return ExitUsage
	}
	files, err = expandPolicyDirs(files)
	if err != nil {
		fmt.Fprintf(stderr, "mpl check: %v\n", err)
		return ExitUsage
	}
	status := ExitOK
	for _, f := range files {
		l := &lang.Loader{ReadFile: lang.ReadPolicyFile, ReadRoot: lang.ReadPolicyArg}
		if _, err := l.Load(f); err != nil {
			lang.Print(stderr, err, l, "")
			status = ExitRows
			continue
		}
		fmt.Fprintf(stdout, "ok  %s\n", f)
	}
	return status
}

// expandPolicyDirs replaces each directory among paths by the .mpl files
// under it, in order, as mpl test searches a directory for test files.
func expandPolicyDirs(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil || !st.IsDir() {
			out = append(out, p) // a missing file is the loader's to say
			continue
		}
		found, err := filesUnder(p, ".mpl")
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no .mpl file under it", p) // a check of nothing must not pass
		}
		out = append(out, found...)
	}
	return out, nil
}

// filesUnder lists the files under dir, recursively, whose names end in
// suffix, in the order the walk meets them.
func filesUnder(dir, suffix string) ([]string, error) {
	var out []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		// Regular files only: a named pipe called x.mpl would wait for a
		// writer, where a policy named on the command line may be one.
		if err == nil && d.Type().IsRegular() && strings.HasSuffix(path, suffix) {
			out = append(out, path)
		}
		return err
	})
	return out, err
}
