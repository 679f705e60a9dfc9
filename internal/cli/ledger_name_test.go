package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// sqliteFile reads a ledger name as SQLite does: a path, a file: URI's
// path, or what keeps nothing.
func TestSQLiteFile(t *testing.T) {
	type named struct{ Path, KeepsNothing string }
	for dsn, want := range map[string]named{
		"mpl.db":                               {Path: "mpl.db"},
		"/var/lib/mpl/mpl.db":                  {Path: "/var/lib/mpl/mpl.db"},
		"file:mpl.db":                          {Path: "mpl.db"},
		"file:mpl.db?mode=rw":                  {Path: "mpl.db"},
		"file:dir/a%3fb.db#x":                  {Path: "dir/a?b.db"},
		"file:///var/lib/mpl/mpl.db":           {Path: "/var/lib/mpl/mpl.db"},
		"file://localhost/var/lib/mpl/mpl.db":  {Path: "/var/lib/mpl/mpl.db"},
		":memory:":                             {KeepsNothing: sqliteMemory},
		"file::memory:":                        {KeepsNothing: sqliteMemory},
		"file::memory:?cache=shared":           {KeepsNothing: sqliteMemory},
		"file:m.db?mode=memory":                {KeepsNothing: sqliteMemory},
		"file:m.db?cache=shared&mode=memory":   {KeepsNothing: sqliteMemory},
		"file:/m.db?vfs=memdb":                 {KeepsNothing: sqliteMemory},
		"file:":                                {KeepsNothing: sqliteTemporary},
		"file:?mode=rwc":                       {KeepsNothing: sqliteTemporary},
		"file://":                              {KeepsNothing: sqliteTemporary},
		"file://elsewhere/mpl.db":              {},
		"file:bad%zz.db":                       {},
		"postgres://mpl@db/ledger?mode=memory": {},
		"postgresql://mpl@db/ledger":           {},
		"":                                     {},
	} {
		path, nothing := sqliteFile(dsn)
		if diff := cmp.Diff(want, named{path, nothing}); diff != "" {
			t.Errorf("sqliteFile(%q) (-want +got):\n%s", dsn, diff)
		}
	}
}

// A ledger name that keeps nothing (SQLite's in-memory or temporary
// database) is refused, exit 2, by mpl run and mpl ledger, where it
// settled, said "creating it", and kept nothing; a file: URI naming no
// file is no ledger, exit 2 as a path naming none is, where it was exit
// 3 with a hint at permissions; one naming a ledger is read.
func TestLedgerNames(t *testing.T) {
	policy, err := filepath.Abs(nanjing)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	t.Chdir(dir) // the file: URIs are relative
	claims := filepath.Join(dir, "claims.jsonl")
	if err := os.WriteFile(claims, []byte(ledgerFailClaims), 0o644); err != nil {
		t.Fatal(err)
	}
	const keeps = `: a ledger must be a file or postgres://…, which keeps what is settled`
	for _, tc := range []struct {
		name string
		args []string
		code int
		want string // standard error, as a regexp
	}{
		{"run :memory:", []string{"run", "-p", policy, "--ledger", ":memory:", claims}, ExitUsage,
			`^mpl run: --ledger :memory: names SQLite's in-memory database, which is gone when mpl exits` + keeps + `; leave --ledger out to settle in memory\n$`},
		{"run mode=memory", []string{"run", "-p", policy, "--ledger", "file:m.db?mode=memory", claims}, ExitUsage,
			`^mpl run: --ledger file:m.db\?mode=memory names SQLite's in-memory database`},
		{"run temporary", []string{"run", "-p", policy, "--ledger", "file:", claims}, ExitUsage,
			`^mpl run: --ledger file: names SQLite's temporary database, which is deleted when mpl exits` + keeps},
		{"credit :memory:", []string{"ledger", "credit", "--ledger", ":memory:", "-p", policy, claims}, ExitUsage,
			`^mpl ledger credit: --ledger :memory: names SQLite's in-memory database`},
		{"show file: missing", []string{"ledger", "show", "--ledger", "file:nonexist.db", "P1"}, ExitUsage,
			`^mpl ledger show: no ledger file:nonexist.db: mpl run --ledger, mpl ledger import or mpl ledger credit makes one\n$`},
		{"presettle file: missing", []string{"run", "-p", policy, "--ledger", "file:///" + dir + "/nonexist.db", "--presettle", claims}, ExitUsage,
			`^mpl run: no ledger file:///`},
		{"run file: URI", []string{"run", "-p", policy, "--ledger", "file:uri.db?mode=rwc", claims}, ExitRows,
			`^mpl run: note: ledger file:uri.db\?mode=rwc does not exist; creating it`},
		{"show file: URI", []string{"ledger", "show", "--ledger", "file:uri.db", "P1"}, ExitOK, `^$`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, stderr, code := mpl(tc.args...)
			if code != tc.code || !regexp.MustCompile(tc.want).MatchString(stderr) {
				t.Errorf("exit %d, stderr\n%s\nwant exit %d, stderr matching\n%s", code, stderr, tc.code, tc.want)
			}
		})
	}
	for _, name := range []string{":memory:", "m.db", "nonexist.db"} {
		if _, err := os.Stat(name); !os.IsNotExist(err) {
			t.Errorf("%s was made (%v)", name, err)
		}
	}
}
