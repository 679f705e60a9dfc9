package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/mpl-lang/mpl/lang"
)

const checkHelp = `
mpl check FILE...

Checks MPL policy files (and the files they extend): syntax, names and
labels, types, tables that miss a combination, bands with gaps or overlaps,
ratios outside [0, 1], negative money, effective periods, extends cycles,
and rules that can never apply. Every error the checker finds is printed,
compiler style, in the order of the file (a syntax error stops its file at
the first):

  my-policy.mpl:35:5: unknown person type "退修"
      退修: ¥1200
      ^
      hint: did you mean "退休"?

Exit status is 0 when every file is clean, 1 when any has errors.

Example:
  mpl check policies/cn/nanjing/employee-2025.mpl
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
	status := ExitOK
	for _, f := range files {
		l := &lang.Loader{ReadFile: os.ReadFile}
		if _, err := l.Load(f); err != nil {
			lang.Print(stderr, err, l, "")
			status = ExitRows
			continue
		}
		fmt.Fprintf(stdout, "ok  %s\n", f)
	}
	return status
}
