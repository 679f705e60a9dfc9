package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp/store"
	"github.com/mpl-lang/mpl/interp/store/storetest"
)

// A ledger that fails during mpl ledger import (here a SQLite file whose
// trigger refuses P3's year, as a full disk would) imports nothing of the
// file, where a line-by-line import left P3's account imported without
// its year: exit 3, naming the ledger and the row. Once the ledger works,
// the file imports whole, and again changes nothing. So with a .csv file
// of starting balances.
func TestLedgerImportFails(t *testing.T) {
	dir := t.TempDir()
	claims := filepath.Join(dir, "claims.jsonl")
	if err := os.WriteFile(claims, []byte(ledgerFailClaims), 0o644); err != nil {
		t.Fatal(err)
	}
	src := filepath.Join(dir, "src.db")
	if _, stderr, code := mpl("run", "-p", nanjing, "--ledger", src, claims); code != ExitRows {
		t.Fatalf("settling: exit %d, want %d (S3 an error row):\n%s", code, ExitRows, stderr)
	}
	export, stderr, code := mpl("ledger", "export", "--ledger", src)
	if code != ExitOK {
		t.Fatalf("export: exit %d:\n%s", code, stderr)
	}
	exp := filepath.Join(dir, "export.jsonl")
	balances := filepath.Join(dir, "balances.csv")
	for name, text := range map[string]string{exp: export, balances: "psn_no,balc\nB1,100.00\nB2,200.00\nB3,300.00\n"} {
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	for _, tc := range []struct {
		name, file, refused, want string
		err                       string // standard error, as a regexp
	}{
		{"export", exp, "import/P3/2025/%", "imported 6 row(s)\n",
			`storing entry import/P3/2025/.*database or disk is full.* \(importing ` + regexp.QuoteMeta(exp) + `:6\)`},
		{"balances", balances, "import/B2/balance/%", "imported 3 balance(s)\n",
			`storing entry import/B2/balance/.*database or disk is full.* \(importing ` + regexp.QuoteMeta(balances) + `, member B2\)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ledger := filepath.Join(t.TempDir(), "dst.db")
			st, err := store.Open(ledger)
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			storetest.ExecSQL(t, ledger, `CREATE TRIGGER disk_full BEFORE INSERT ON entries WHEN NEW.id LIKE '`+tc.refused+`'
				BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`)
			wantBroke(t, []string{"ledger", "import", "--ledger", ledger, tc.file},
				`^mpl ledger import: ledger `+regexp.QuoteMeta(ledger)+`: `+tc.err+`\n`+
					`mpl ledger import: nothing imported; once the ledger works, import the file again\n$`)
			if n := ledgerEntries(t, ledger); n != 0 {
				t.Errorf("the failed import left %d entries in the ledger, want none", n)
			}

			storetest.ExecSQL(t, ledger, `DROP TRIGGER disk_full`)
			for _, again := range []string{"once the ledger works", "again"} {
				stdout, stderr, code := mpl("ledger", "import", "--ledger", ledger, tc.file)
				if code != ExitOK {
					t.Errorf("import %s: exit %d:\n%s", again, code, stderr)
				}
				if again == "again" {
					tc.want = "imported 0 balance(s); 3 imported before, left as the account holds them now\n"
					if tc.name == "export" {
						tc.want = "imported 6 row(s)\n"
					}
				}
				if stdout != tc.want {
					t.Errorf("import %s: stdout %q, want %q", again, stdout, tc.want)
				}
			}
			if tc.name != "export" {
				return
			}
			got, stderr, code := mpl("ledger", "export", "--ledger", ledger)
			if code != ExitOK {
				t.Fatalf("export of the import: exit %d:\n%s", code, stderr)
			}
			if diff := cmp.Diff(export, got); diff != "" {
				t.Errorf("the import exports otherwise than its file (-want +got):\n%s", diff)
			}
		})
	}
}
