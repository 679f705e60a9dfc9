// Package examples holds claims and walkthroughs a newcomer can run; its
// test runs every example exactly as the walkthroughs do, from the
// repository's root, and compares the output with the golden files beside
// them (MPL_UPDATE=1 rewrites them). TestWalkthroughCommands holds the
// walkthroughs' commands to the ones run here.
package examples

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/internal/cli"
)

func TestExamples(t *testing.T) {
	tests := []struct {
		name   string
		args   []string
		golden string
		exit   int
	}{
		{
			name:   "nanjing jsonl",
			args:   []string{"run", "-p", "policies/cn/nanjing/employee-2025.mpl", "--balances", "examples/nanjing/balances.csv", "examples/nanjing/claims.jsonl"},
			golden: "examples/nanjing/want.jsonl",
			exit:   cli.ExitRows, // the file has bad rows on purpose
		},
		{
			name:   "nanjing csv",
			args:   []string{"run", "-p", "policies/cn/nanjing/employee-2025.mpl", "--balances", "examples/nanjing/balances.csv", "--out", "csv", "examples/nanjing/claims.jsonl"},
			golden: "examples/nanjing/want.csv",
			exit:   cli.ExitRows,
		},
		{
			name:   "nanjing explain",
			args:   []string{"run", "-p", "policies/cn/nanjing/employee-2025.mpl", "--balances", "examples/nanjing/balances.csv", "--explain", "examples/nanjing/explain.jsonl"},
			golden: "examples/nanjing/explain.want.jsonl",
			exit:   cli.ExitOK,
		},
	}
	t.Chdir("..") // the walkthroughs run from the repository's root
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := cli.Main(tt.args, strings.NewReader(""), &stdout, &stderr)
			if code != tt.exit {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, tt.exit, stderr.String())
			}
			if os.Getenv("MPL_UPDATE") == "1" {
				if err := os.WriteFile(filepath.FromSlash(tt.golden), stdout.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(filepath.FromSlash(tt.golden))
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(strings.Split(string(want), "\n"), strings.Split(stdout.String(), "\n")); diff != "" {
				t.Errorf("%s differs (-want +got); run with MPL_UPDATE=1 if the change is intended:\n%s", tt.golden, diff)
			}
		})
	}
}

// Every command a walkthrough shows is one TestExamples runs: the
// walkthrough's text, its line continuations joined, names the same
// arguments (the csv row is the first command with --out csv, as the
// walkthrough says).
func TestWalkthroughCommands(t *testing.T) {
	text, err := os.ReadFile(filepath.FromSlash("nanjing/README.md"))
	if err != nil {
		t.Fatal(err)
	}
	joined := strings.ReplaceAll(string(text), "\\\n", "")
	var shown []string
	for _, line := range strings.Split(joined, "\n") {
		if rest, ok := strings.CutPrefix(line, "go run ./cmd/mpl "); ok {
			shown = append(shown, strings.Join(strings.Fields(rest), " "))
		}
	}
	want := []string{
		"run -p policies/cn/nanjing/employee-2025.mpl --balances examples/nanjing/balances.csv examples/nanjing/claims.jsonl",
		"run -p policies/cn/nanjing/employee-2025.mpl --balances examples/nanjing/balances.csv --explain examples/nanjing/explain.jsonl",
	}
	if diff := cmp.Diff(want, shown); diff != "" {
		t.Errorf("the walkthrough's commands differ from those TestExamples runs (-want +got):\n%s", diff)
	}
}
