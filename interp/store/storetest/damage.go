package storetest

import (
	"database/sql"
	"encoding/binary"
	"os"
	"testing"

	_ "modernc.org/sqlite" // the "sqlite" driver, which interp/store registers too
)

// DamagePage overwrites the first cell pointer of table's root page in the
// SQLite ledger file path with the second's, as a flipped byte on the disk
// may: SQLite then reads one row twice and another not at all, without an
// error, and only its integrity check says so. The ledger must be closed;
// its write-ahead log is checkpointed into the file first.
func DamagePage(tb testing.TB, path, table string) {
	tb.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	var root, pageSize int64
	err = db.QueryRow(`SELECT rootpage FROM sqlite_schema WHERE name = $1`, table).Scan(&root)
	if err == nil {
		err = db.QueryRow(`PRAGMA page_size`).Scan(&pageSize)
	}
	if err == nil {
		_, err = db.Exec(`PRAGMA wal_checkpoint(TRUNCATE)`)
	}
	db.Close()
	if err != nil {
		tb.Fatal(err)
	}
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	page := make([]byte, pageSize)
	off := (root - 1) * pageSize
	if _, err := f.ReadAt(page, off); err != nil {
		tb.Fatal(err)
	}
	if page[0] != 0x0a && page[0] != 0x0d { // a leaf page: cell pointers from byte 8
		tb.Fatalf("%s's root page is not a leaf (type %#x): the test ledger is too large", table, page[0])
	}
	if n := binary.BigEndian.Uint16(page[3:]); n < 2 {
		tb.Fatalf("%s has %d rows, want 2 or more", table, n)
	}
	copy(page[8:10], page[10:12])
	if _, err := f.WriteAt(page, off); err != nil {
		tb.Fatal(err)
	}
}

// ExecSQL runs statements on the SQLite ledger file path, as an
// operator's sqlite3 would: to damage it, or to make it fail (a trigger).
func ExecSQL(tb testing.TB, path string, stmts ...string) {
	tb.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		tb.Fatal(err)
	}
	defer db.Close()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			tb.Fatalf("%s: %v", s, err)
		}
	}
}
