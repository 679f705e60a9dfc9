package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/mpl-lang/mpl/internal/textdiff"
	"github.com/mpl-lang/mpl/lang"
)

const fmtHelp = `
mpl fmt [-w] [-d | -l] [--lang zh|en] FILE|DIR...

Prints MPL files in the one canonical layout: one item per line, four
spaces per level, a blank line between declarations, comments kept where
they were: each after the token it follows, at the end of that line or
on a line of its own. A statement written over several lines is joined
onto one, except where a comment stands between two of its tokens (in a
header item, a list, a table's keys or rows, a condition, …): the line
breaks there, and the rest of the statement, with any block it opens,
goes on one level deeper. Formatting a formatted file changes nothing,
and the result always means exactly what the original meant.

With --lang the keywords are converted: --lang zh writes 政策, 起付线,
报销比例, 封顶线 …; --lang en writes policy, deductible, ratio, cap …
Names, labels, strings and comments are never touched. Without --lang a
file keeps the language of its first keyword.

With no flag the formatted text goes to standard output. -w writes it
back to the file; -d prints a unified diff of what would change. With -l,
only the names of files whose layout would change are printed. -w goes
with -d or -l as with gofmt: the diff or the name is printed, and the
file written. A directory stands for the .mpl files under it.

Exit status is 0 when every file parsed, 1 when any did not (its errors
are printed like mpl check's), and with -d or -l but not -w 1 also when
any file is not formatted, so CI can insist on formatted policies.

Examples:
  mpl fmt -d policies/cn/nanjing/employee-2025.mpl
  mpl fmt -w policies/cn/nanjing/*.mpl
  mpl fmt -l policies/
  mpl fmt --lang zh policies/cn/nanjing/employee-2025.mpl > 南京.mpl
`

func runFmt(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fs := newFlags("fmt", fmtHelp, stdout, stderr)
	write := fs.Bool("w", false, "write the result back to each file")
	diff := fs.Bool("d", false, "print a unified diff instead of the formatted text")
	list := fs.Bool("l", false, "print only the names of files that are not formatted")
	lng := fs.String("lang", "", "keywords' language: zh or en (default: keep the file's)")
	files, err := parseFlags(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil {
		return ExitUsage
	}
	if *lng != "" && *lng != "zh" && *lng != "en" {
		fmt.Fprintf(stderr, "mpl fmt: --lang must be zh or en, not %q\n", *lng)
		return ExitUsage
	}
	if len(files) == 0 {
		fmt.Fprintln(stderr, "mpl fmt: no files; try: mpl fmt -d policies/cn/nanjing/employee-2025.mpl")
		return ExitUsage
	}
	if *diff && *list {
		fmt.Fprintln(stderr, "mpl fmt: give -d or -l, not both")
		return ExitUsage
	}
	files, err = expandPolicyDirs(files)
	if err != nil {
		fmt.Fprintf(stderr, "mpl fmt: %v\n", err)
		return ExitUsage
	}
	status := ExitOK
	for _, name := range files {
		src, err := lang.ReadPolicyArg(name) // within the size limit, as mpl check reads
		if err != nil {
			// Worded as mpl check words it, not as the system call that failed.
			var pe *os.PathError
			if errors.As(err, &pe) {
				err = fmt.Errorf("%s: cannot read policy: %w", name, pe.Err)
			}
			fmt.Fprintf(stderr, "mpl fmt: %v\n", err)
			status = ExitRows
			continue
		}
		out, err := lang.Format(name, src, lang.FormatOptions{Lang: *lng})
		if err != nil {
			lang.Print(stderr, err, sourceOf(name, src), "")
			status = ExitRows
			continue
		}
		changed := !bytes.Equal(src, out)
		// -l or -d tell what changes; -w, alone or with either, writes it.
		// Told and not written, a change is a failure, for CI.
		switch {
		case *list && changed:
			fmt.Fprintln(stdout, name)
		case *diff && changed:
			fmt.Fprint(stdout, textdiff.Unified(name+" (original)", name+" (formatted)", src, out))
		case !*write && !*list && !*diff:
			stdout.Write(out)
		}
		switch {
		case *write && changed:
			if err := writeFileKeepMode(name, out); err != nil {
				fmt.Fprintf(stderr, "mpl fmt: %v\n", err)
				status = ExitRows
			}
		case (*list || *diff) && changed:
			status = ExitRows
		}
	}
	return status
}

// writeFileKeepMode replaces a file's contents, keeping its permissions.
func writeFileKeepMode(name string, data []byte) error {
	info, err := os.Stat(name)
	if err != nil {
		return err
	}
	return os.WriteFile(name, data, info.Mode().Perm())
}

// oneSource serves one file's text to lang.Print.
type oneSource struct {
	name string
	src  []byte
}

func (s oneSource) Source(file string) ([]byte, bool) {
	if file != s.name {
		return nil, false
	}
	return s.src, true
}

func sourceOf(name string, src []byte) lang.Sources { return oneSource{name, src} }
