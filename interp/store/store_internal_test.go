package store

import (
	"database/sql"
	"path/filepath"
	"testing"
)

// TestSQLiteBusyIsRetried checks that the error of a write transaction
// that found the file locked is one Update retries.
func TestSQLiteBusyIsRetried(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db") + "?_pragma=busy_timeout(0)&_pragma=journal_mode(WAL)"
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	holder, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer holder.Close()
	if _, err := holder.ExecContext(t.Context(), "BEGIN IMMEDIATE"); err != nil {
		t.Fatal(err)
	}
	defer holder.ExecContext(t.Context(), "ROLLBACK")
	other, err := db.Conn(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	_, err = other.ExecContext(t.Context(), "BEGIN IMMEDIATE")
	if err == nil {
		t.Fatal("a second write transaction began while the first held the file")
	}
	if !(&sqliteDialect{}).retryable(err) {
		t.Errorf("retryable(%v) = false, want true", err)
	}
}
