// Command mpl checks medical-insurance policies written in MPL and settles
// claims against them. Run `mpl help` for the commands.
package main

import (
	"os"

	"github.com/mpl-lang/mpl/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
