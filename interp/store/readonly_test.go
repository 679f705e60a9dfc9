package store_test

import (
	"bytes"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/store"
	"github.com/mpl-lang/mpl/interp/store/storetest"
	"github.com/shopspring/decimal"
)

// readOnlyLedger writes a ledger with member P1's account, settlement S1 and a
// policy recorded into the store dsn names, through Open, and closes it.
func readOnlyLedger(t *testing.T, dsn string) {
	t.Helper()
	s, err := store.Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.Update([]string{"P1"}, func(l interp.Ledger) error {
		// What S1 pays from the account, 300.00 of 当年 and 700.40 of 历年.
		if err := interp.ImportAccount(l, "P1", interp.Account{Current: decimal.New(300, 0), Carried: decimal.New(70040, -2)}); err != nil {
			return err
		}
		return l.Commit(storetest.SettlementEntry("S1", "P1", 2025))
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := store.RecordPolicy(s, "南京 2025", "aaa", day0); err != nil {
		t.Fatal(err)
	}
}

// checkReadOnly reads the ledger readOnlyLedger wrote through a store
// OpenReadOnly opened, and checks that every write is refused.
func checkReadOnly(t *testing.T, s interp.Store, wantPolicies []store.PolicyUse) {
	t.Helper()
	members, err := s.Members()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"P1"}, members); d != "" {
		t.Errorf("Members (-want +got):\n%s", d)
	}
	if err := s.View(func(l interp.Ledger) error {
		_, ok, err := l.Entry("S1")
		if err == nil && !ok {
			t.Errorf("S1 is not in the ledger read-only")
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	uses, err := store.Policies(s)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(wantPolicies, uses); d != "" {
		t.Errorf("Policies (-want +got):\n%s", d)
	}
	if err := s.Update([]string{"P2"}, func(l interp.Ledger) error {
		return l.Commit(storetest.SettlementEntry("S2", "P2", 2025))
	}); !errors.Is(err, interp.ErrReadOnly) {
		t.Errorf("Update of a store opened read-only: %v, want interp.ErrReadOnly", err)
	}
	if _, err := store.RecordPolicy(s, "p", "bbb", day0); !errors.Is(err, interp.ErrReadOnly) {
		t.Errorf("RecordPolicy into a store opened read-only: %v, want interp.ErrReadOnly", err)
	}
}

// TestOpenReadOnlySQLite: OpenReadOnly reads a ledger file and changes
// nothing of it, even where Open would (an older mpl's file, without the
// policies table); it refuses a file that does not exist, rather than
// create it, and one that holds no ledger, rather than make it one.
func TestOpenReadOnlySQLite(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "missing.db")
	if s, err := store.OpenReadOnly(missing); err == nil {
		s.Close()
		t.Errorf("OpenReadOnly of a file that does not exist succeeded")
	}
	if _, err := os.Stat(missing); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("OpenReadOnly made %s: %v", missing, err)
	}

	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if s, err := store.OpenReadOnly(empty); !errors.Is(err, store.ErrNoLedger) {
		if s != nil {
			s.Close()
		}
		t.Errorf("OpenReadOnly of an empty file: %v, want ErrNoLedger", err)
	}
	if text, _ := os.ReadFile(empty); len(text) != 0 {
		t.Errorf("OpenReadOnly wrote %d bytes into an empty file", len(text))
	}

	// A name with the characters a file: URI escapes.
	path := filepath.Join(dir, "ledger 100% #1.db")
	readOnlyLedger(t, path)
	older := filepath.Join(dir, "older.db")
	readOnlyLedger(t, older)
	storetest.ExecSQL(t, older, `DROP TABLE policies`)

	for name, want := range map[string][]store.PolicyUse{
		path:  {{Name: "南京 2025", Digest: "aaa", First: day0, Last: day0}},
		older: nil,
	} {
		before, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		s, err := store.OpenReadOnly(name)
		if err != nil {
			t.Fatalf("OpenReadOnly(%q): %v", name, err)
		}
		checkReadOnly(t, s, want)
		s.Close()
		after, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Errorf("%s changed under OpenReadOnly", name)
		}
	}
	if tables(t, older)["policies"] {
		t.Errorf("OpenReadOnly made the policies table in an older mpl's ledger")
	}
	// A file: URI the user gave, whose own mode does not win.
	s, err := store.OpenReadOnly("file:" + older + "?mode=rwc")
	if err != nil {
		t.Fatal(err)
	}
	checkReadOnly(t, s, nil)
	s.Close()
}

// TestOpenReadOnlyPermissions: a ledger file its user may not write is
// read, where Open fails; in a directory its user may not write either,
// the error says what SQLite lacks there. Root writes whatever the
// permissions, so the test needs another user.
func TestOpenReadOnlyPermissions(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write a file and a directory whatever their permissions; TestOpenReadOnlySQLite checks, as any user, that OpenReadOnly writes nothing")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "ledger.db")
	readOnlyLedger(t, path)
	if err := os.Chmod(path, 0o444); err != nil {
		t.Fatal(err)
	}
	s, err := store.OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly of a file without write permission: %v", err)
	}
	checkReadOnly(t, s, []store.PolicyUse{{Name: "南京 2025", Digest: "aaa", First: day0, Last: day0}})
	s.Close()

	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o755); err != nil {
		t.Fatal(err)
	}
	inRO := filepath.Join(ro, "ledger.db")
	readOnlyLedger(t, inRO)
	if err := os.Chmod(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	if s, err := store.OpenReadOnly(inRO); err == nil {
		s.Close() // a SQLite that reads without the -shm file: nothing to explain
	} else if !strings.Contains(err.Error(), "ledger.db-shm") {
		t.Errorf("OpenReadOnly in a directory without write permission: %v, want it to name ledger.db-shm", err)
	}
}

// TestOpenReadOnlyPostgres: a read-only session reads a ledger and writes
// nothing; a schema with no ledger is ErrNoLedger, and no table is made.
func TestOpenReadOnlyPostgres(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	empty := storetest.FreshSchema(t, dsn)
	if s, err := store.OpenReadOnly(empty); !errors.Is(err, store.ErrNoLedger) {
		if s != nil {
			s.Close()
		}
		t.Errorf("OpenReadOnly of an empty schema: %v, want ErrNoLedger", err)
	}
	db, err := sql.Open("pgx", empty)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var made bool
	if err := db.QueryRow(`SELECT to_regclass('schema_version') IS NOT NULL`).Scan(&made); err != nil || made {
		t.Errorf("OpenReadOnly of an empty schema made the tables (%v)", err)
	}

	full := storetest.FreshSchema(t, dsn)
	readOnlyLedger(t, full)
	s, err := store.OpenReadOnly(full)
	if err != nil {
		t.Fatal(err)
	}
	checkReadOnly(t, s, []store.PolicyUse{{Name: "南京 2025", Digest: "aaa", First: day0, Last: day0}})
	s.Close()

	older := storetest.FreshSchema(t, dsn)
	readOnlyLedger(t, older)
	db2, err := sql.Open("pgx", older)
	if err != nil {
		t.Fatal(err)
	}
	defer db2.Close()
	if _, err := db2.Exec(`DROP TABLE policies`); err != nil {
		t.Fatal(err)
	}
	s, err = store.OpenReadOnly(older)
	if err != nil {
		t.Fatal(err)
	}
	checkReadOnly(t, s, nil)
	s.Close()
}

// tables lists the tables of a SQLite file.
func tables(t *testing.T, path string) map[string]bool {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table'`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	names := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names[n] = true
	}
	return names
}
