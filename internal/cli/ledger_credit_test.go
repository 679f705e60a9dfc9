package cli

import (
	"os"
	"path/filepath"
	"testing"
)

// mpl ledger credit under a policy that credits nothing is one error,
// before any row is read or the ledger is made, exit 2 as a wrong
// policy is, naming the policy and what it lacks; it was one error a
// row, exit 1.
func TestLedgerCreditWithoutRules(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeIn(t, dir, name, text) }
	const head = `policy "无划入" {
    insutype  310
    effective 2025-01-01 to 2025-12-31
    source    "test" year 2025
}

benefit 住院 {
    covers 普通住院
    ratio  50%
}
`
	contributions := write("contributions.csv", "psn_no,month,psn_type,age,contribution_base,own_contribution,pension\nP1,2025-01,1101,30,8000,160,\nP2,2025-01,1101,30,8000,160,\n")
	for _, tc := range []struct {
		name, policy, lacks string
	}{
		{"no account block", head, "has no account block"},
		{"no credit rule", head + "\naccount {\n    interest 1.5%\n}\n", "has an account block without a credit rule"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			policy := write("policy.mpl", tc.policy)
			ledger := filepath.Join(dir, "mpl.db")
			stdout, stderr, code := mpl("ledger", "credit", "--ledger", ledger, "-p", policy, contributions)
			want := `mpl ledger credit: policy "无划入" (` + policy + `) ` + tc.lacks + `, so it credits nothing; give the policy whose account block has the credit rules (see docs/ledger.md)` + "\n"
			if code != ExitUsage || stderr != want || stdout != "" {
				t.Errorf("exit %d, stdout %q, stderr\n%s\nwant exit %d, no stdout, stderr\n%s", code, stdout, stderr, ExitUsage, want)
			}
			if _, err := os.Stat(ledger); !os.IsNotExist(err) {
				t.Errorf("the ledger was made (%v)", err)
			}
		})
	}
}

// writeIn writes text to the file name in dir, and returns its path.
func writeIn(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
