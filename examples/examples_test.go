// Package examples holds claims and walkthroughs a newcomer can run; its
// test runs every example exactly as the walkthroughs do and compares the
// output with the golden files beside them (MPL_UPDATE=1 rewrites them).
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
			args:   []string{"run", "-p", "../policies/cn/nanjing/employee-2025.mpl", "--balances", "nanjing/balances.csv", "nanjing/claims.jsonl"},
			golden: "nanjing/want.jsonl",
			exit:   cli.ExitRows, // the file has bad rows on purpose
		},
		{
			name:   "nanjing csv",
			args:   []string{"run", "-p", "../policies/cn/nanjing/employee-2025.mpl", "--balances", "nanjing/balances.csv", "--out", "csv", "nanjing/claims.jsonl"},
			golden: "nanjing/want.csv",
			exit:   cli.ExitRows,
		},
		{
			name:   "nanjing explain",
			args:   []string{"run", "-p", "../policies/cn/nanjing/employee-2025.mpl", "--balances", "nanjing/balances.csv", "--explain", "nanjing/explain.jsonl"},
			golden: "nanjing/explain.want.jsonl",
			exit:   cli.ExitOK,
		},
	}
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
