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

// TestLedgerImportRefusesWhatTheOperationsRefuse: an export's row that
// the ledger's own operations would refuse (a link to oneself or of no
// relation, an account closed for another reason than 死亡 or 出国定居, a
// psn_no with spaces no claim can reach), a member's account or year given
// twice (the last won without a word), and a line encoding/json cannot
// read, are named in an export's words, and nothing is imported.
func TestLedgerImportRefusesWhatTheOperationsRefuse(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "rows.jsonl")
	rows := `{"psn_no":"P1","account":{"current":"1.00","carried":"0.00","links":{"P1":"配偶"}}}
{"psn_no":"P2","account":{"current":"1.00","carried":"0.00","links":{"X":"朋友"}}}
{"psn_no":"P3","account":{"current":"1.00","carried":"0.00","closed":"退休"}}
{"psn_no":"P4 ","year":2025,"accumulators":{"Q0000_住院":"1.00"}}
{"psn_no":"P5","year":2025,"accumulators":{"Q0000_住院":"100.00"}}
{"psn_no":"P5","year":2025,"accumulators":{"Q0000_住院":"700.00"}}
{"psn_no":"P6","year":"2025","accumulators":{}}
{"psn_no":"P7","year":2025,"accumulators":{"Q0000_住院":"abc"}}
not json
`
	if err := os.WriteFile(file, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	ledger := filepath.Join(dir, "l.db")
	_, stderr, code := mpl("ledger", "import", "--ledger", ledger, file)
	if code != ExitRows {
		t.Fatalf("exit %d, want %d:\n%s", code, ExitRows, stderr)
	}
	want := file + `:1: member P1 cannot be linked to itself
` + file + `:2: member P2: unknown relation "朋友" of X; the relations are 配偶, 父母, 子女, 兄弟姐妹, 祖父母, 外祖父母, 孙子女, 外孙子女
` + file + `:3: member P3: an account is closed for 死亡 or 出国定居, not "退休"
` + file + `:4: psn_no "P4 " has spaces around it, which no claim's has: none could reach this member
` + file + `:6: member P5's year 2025 is given twice (first at line 5)
` + file + `:7: not a line of mpl ledger export: year is string, where an export has int
` + file + `:8: not a line of mpl ledger export: an amount is not a number: "abc"
` + file + `:9: not a line of mpl ledger export: it is not JSON (at character 2)
mpl ledger import: nothing imported: 8 of the 9 row(s) of ` + file + ` are bad
`
	if diff := cmp.Diff(want, stderr); diff != "" {
		t.Errorf("stderr (-want +got):\n%s", diff)
	}
}
