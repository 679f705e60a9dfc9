package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/policies"
)

const policiesHelp = `
mpl policies [--json] [FILTER]

Lists the policies shipped with mpl: file, region code, scheme (insutype),
effective period, name and cited source. FILTER keeps the rows that contain
it anywhere (a city, a year, a scheme code). Use the file with mpl run -p
from a checkout of the repository.

Examples:
  mpl policies
  mpl policies 南京
  mpl policies --json 390
`

// PolicyInfo describes one shipped policy, as `mpl policies --json` prints it.
type PolicyInfo struct {
	File     string `json:"file"`
	Name     string `json:"name"`
	Region   string `json:"region"`
	Insutype string `json:"insutype"`
	From     string `json:"from,omitempty"`
	To       string `json:"to,omitempty"`
	Source   string `json:"source"`
}

// ShippedPolicies loads every policy under policies/ and describes it.
func ShippedPolicies() ([]PolicyInfo, error) {
	var out []PolicyInfo
	err := fs.WalkDir(policies.FS, "cn", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".mpl") {
			return err
		}
		prog, _, err := interp.LoadFS(policies.FS, path)
		if err != nil {
			return fmt.Errorf("policies/%s: %v", path, err)
		}
		p := prog.Policy()
		info := PolicyInfo{File: "policies/" + path, Name: p.Name, Region: p.Region, Insutype: p.Insutype, Source: p.Source.Cite()}
		if !p.From.IsZero() {
			info.From, info.To = p.From.Format("2006-01-02"), p.To.Format("2006-01-02")
		}
		out = append(out, info)
		return nil
	})
	return out, err
}

func runPolicies(args []string, _ io.Reader, stdout, stderr io.Writer) int {
	fset := newFlags("policies", policiesHelp, stdout, stderr)
	asJSON := fset.Bool("json", false, "print JSON Lines, one policy a line")
	rest, err := parseFlags(fset, args)
	if errors.Is(err, flag.ErrHelp) {
		return ExitOK
	}
	if err != nil || len(rest) > 1 {
		return ExitUsage
	}
	list, err := ShippedPolicies()
	if err != nil {
		fmt.Fprintf(stderr, "mpl policies: %v\n", err)
		return ExitUsage
	}
	filter := ""
	if len(rest) == 1 {
		filter = rest[0]
	}
	table := [][]string{{"FILE", "REGION", "INSUTYPE", "EFFECTIVE", "NAME", "SOURCE"}}
	enc := json.NewEncoder(stdout)
	enc.SetEscapeHTML(false)
	for _, p := range list {
		row := []string{p.File, p.Region, p.Insutype, p.From + ".." + p.To, p.Name, p.Source}
		if filter != "" && !strings.Contains(strings.Join(row, "\t"), filter) {
			continue
		}
		if *asJSON {
			enc.Encode(p)
			continue
		}
		table = append(table, row)
	}
	if !*asJSON {
		writeTable(stdout, table)
	}
	return ExitOK
}
