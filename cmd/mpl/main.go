// Command mpl checks medical-insurance policies written in MPL and settles
// claims against them. Run `mpl help` for the commands.
package main

import (
	"os"
	"os/signal"
	"syscall"

	"github.com/mpl-lang/mpl/internal/cli"
)

func main() {
	// A write to a closed pipe (mpl run … | head -1) fails with EPIPE, so
	// that the command reports it as a failed output (exit 3, saying what
	// was written and, with --ledger, what the ledger holds), rather than
	// the Go runtime ending the process by SIGPIPE without a word. The
	// signal itself is not acted on.
	signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
