package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// nanjing is the policy the ledger tests of this package settle under.
const nanjing = "../../policies/cn/nanjing/employee-2025.mpl"

// mpl runs the mpl command in process.
func mpl(args ...string) (stdout, stderr string, code int) {
	var out, errs strings.Builder
	code = Main(args, strings.NewReader(""), &out, &errs)
	return out.String(), errs.String(), code
}

// What only reads a ledger (mpl ledger show, export and policies, and
// mpl run --presettle) opens it read-only: it reads a ledger an older
// mpl wrote, without the policies table, and leaves the file as it was,
// where opening it to write made the table; it refuses a file that holds
// no ledger, rather than make it one, and a pre-settlement refuses a
// file that does not exist, rather than create it.
func TestLedgerReadOnly(t *testing.T) {
	dir := t.TempDir()
	claims := filepath.Join(dir, "claims.jsonl")
	if err := os.WriteFile(claims, []byte(ledgerFailClaims), 0o644); err != nil {
		t.Fatal(err)
	}
	ledger := filepath.Join(dir, "older.db")
	settled, stderr, code := mpl("run", "-p", nanjing, "--ledger", ledger, claims)
	if code != ExitRows {
		t.Fatalf("settling: exit %d, want %d (S3 an error row):\n%s", code, ExitRows, stderr)
	}
	execSQL(t, ledger, `DROP TABLE policies`)
	before, err := os.ReadFile(ledger)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"ledger", "show", "--ledger", ledger, "P1"},
		{"ledger", "export", "--ledger", ledger},
		{"ledger", "policies", "--ledger", ledger},
		{"run", "-p", nanjing, "--ledger", ledger, "--presettle", claims},
	} {
		stdout, stderr, code := mpl(args...)
		want := ExitOK
		if args[0] == "run" {
			want = ExitRows // S3
			// Every claim is answered with its stored settlement.
			if stdout != settled {
				t.Errorf("%s: the rows differ from the settling run's:\n%s\nwant\n%s", args, stdout, settled)
			}
		}
		if code != want {
			t.Errorf("%s: exit %d, want %d:\n%s", args, code, want, stderr)
		}
		after, err := os.ReadFile(ledger)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Errorf("%s changed the ledger file", args)
		}
	}

	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ledger", "show", "--ledger", empty, "P1"}, "mpl ledger show: no ledger in " + empty + ": it has none of a ledger's tables; mpl run --ledger, mpl ledger import or mpl ledger credit makes one\n"},
		{[]string{"ledger", "export", "--ledger", empty}, "mpl ledger export: no ledger in " + empty + ": it has none of a ledger's tables; mpl run --ledger, mpl ledger import or mpl ledger credit makes one\n"},
		{[]string{"run", "-p", nanjing, "--ledger", empty, "--presettle", claims}, "mpl run: no ledger in " + empty + ": it has none of a ledger's tables; a pre-settlement reads a ledger and makes none\n"},
		{[]string{"run", "-p", nanjing, "--ledger", missing, "--presettle", claims}, "mpl run: no ledger " + missing + ": a pre-settlement reads a ledger and makes none; mpl run --ledger without --presettle, mpl ledger import or mpl ledger credit makes one\n"},
	} {
		stdout, stderr, code := mpl(tc.args...)
		if code != ExitUsage || stderr != tc.want || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr\n%s\nwant exit %d, no stdout, stderr\n%s", tc.args, code, stdout, stderr, ExitUsage, tc.want)
		}
	}
	if text, _ := os.ReadFile(empty); len(text) != 0 {
		t.Errorf("an empty file holds %d bytes after it was read as a ledger", len(text))
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a pre-settlement made %s (%v)", missing, err)
	}
}
