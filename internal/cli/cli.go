// Package cli implements the mpl command's subcommands. Each is a function
// of its arguments and streams, so tests (and testscript) run them in
// process; cmd/mpl only calls Main.
package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Exit codes.
const (
	ExitOK    = 0 // all good
	ExitRows  = 1 // the command ran, but some input was bad (error rows, failed checks)
	ExitUsage = 2 // the command could not run: bad flags, unreadable policy
	ExitBroke = 3 // the ledger could not be opened, or the command broke off partway: its output or its ledger failed, or it was interrupted
)

type command struct {
	name  string
	short string
	run   func(args []string, stdin io.Reader, stdout, stderr io.Writer) int
}

var commands []command

func init() {
	commands = []command{
		{"check", "check policies for errors", runCheck},
		{"run", "settle claims against a policy", runRun},
		{"explain", "explain a settlement, yuan by yuan, for a person", runExplain},
		{"diff", "what a policy change costs over a batch of claims", runDiff},
		{"test", "run policies' hand-worked test cases", runTest},
		{"fmt", "format policies, or convert their keywords to Chinese or English", runFmt},
		{"ledger", "show, import, export and operate a persistent ledger", runLedger},
		{"policies", "list the shipped regional policies", runPolicies},
	}
}

// Main runs the mpl command with args (without the program name) and
// returns the exit code.
func Main(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || isHelp(args[0]) {
		// mpl help COMMAND is COMMAND --help; mpl help help is the
		// command list, as mpl help is.
		if len(args) > 1 && !isHelp(args[1]) {
			return Main([]string{args[1], "--help"}, stdin, stdout, stderr)
		}
		usage(stdout)
		if len(args) == 0 {
			return ExitUsage
		}
		return ExitOK
	}
	for _, c := range commands {
		if c.name == args[0] {
			return c.run(args[1:], stdin, stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "mpl: unknown command %q\n\n", args[0])
	usage(stderr)
	return ExitUsage
}

// isHelp reports whether arg asks for help: help, -h or --help.
func isHelp(arg string) bool {
	return arg == "help" || arg == "-h" || arg == "--help"
}

func usage(w io.Writer) {
	fmt.Fprint(w, `mpl checks medical-insurance policies written in MPL and settles claims
against them, exactly to the fen.

Usage:
  mpl <command> [arguments]

Commands:
`)
	for _, c := range commands {
		fmt.Fprintf(w, "  %-8s %s\n", c.name, c.short)
	}
	fmt.Fprint(w, `
Examples:
  mpl check policies/cn/nanjing/employee-2025.mpl
  mpl run -p policies/cn/nanjing/employee-2025.mpl examples/nanjing/claims.jsonl
  mpl policies 南京

Run "mpl help <command>" for a command's flags and examples.
`)
}

// flagSet is a subcommand's flags and the help text -h prints.
type flagSet struct {
	*flag.FlagSet
	help   string
	stdout io.Writer
}

// newFlags makes a subcommand's flag set. Help asked for (-h, --help, mpl
// help NAME) goes to stdout, so that it can be paged; a bad flag gets one
// line on stderr, and a pointer to the help, rather than the whole of it.
func newFlags(name, help string, stdout, stderr io.Writer) *flagSet {
	fs := &flagSet{FlagSet: flag.NewFlagSet(name, flag.ContinueOnError), help: help, stdout: stdout}
	fs.SetOutput(stderr)
	fs.Usage = func() {} // parseFlags says what is needed
	return fs
}

// flagGiven reports whether the flag name was given, even as "" (an unset
// variable).
func flagGiven(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) { set = set || f.Name == name })
	return set
}

// printHelp writes the help text and the flags, if there are any.
func (fs *flagSet) printHelp() {
	fmt.Fprint(fs.stdout, strings.TrimLeft(fs.help, "\n"))
	n := 0
	fs.VisitAll(func(*flag.Flag) { n++ })
	if n == 0 {
		return
	}
	fmt.Fprintln(fs.stdout, "\nFlags:")
	fs.SetOutput(fs.stdout)
	fs.PrintDefaults()
}

// parseFlags parses args, allowing flags after positional arguments.
// On -h it prints the help to stdout and returns flag.ErrHelp; on a bad
// flag, the flag package's line and a pointer to the help on stderr.
func parseFlags(fs *flagSet, args []string) ([]string, error) {
	var rest []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				fs.printHelp()
			} else {
				fmt.Fprintf(fs.Output(), "run \"mpl help %s\" for its flags and examples\n", strings.Fields(fs.Name())[0])
			}
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return rest, nil
		}
		rest = append(rest, args[0])
		args = args[1:]
	}
}
