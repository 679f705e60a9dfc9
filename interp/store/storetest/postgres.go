package storetest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// PostgresDSN returns the server the PostgreSQL tests use, or skips.
func PostgresDSN(tb testing.TB) string {
	dsn := os.Getenv("MPL_TEST_POSTGRES")
	if dsn == "" {
		tb.Skip("no PostgreSQL: set MPL_TEST_POSTGRES=postgres://user@host:port/db?sslmode=disable to run the PostgreSQL store's tests (.ci/run starts a server and sets it)")
	}
	return dsn
}

var schemas atomic.Int64

// FreshSchema creates a schema for one test, dropped when it ends, and
// returns dsn with search_path set to it.
func FreshSchema(tb testing.TB, dsn string) string {
	tb.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		tb.Fatal(err)
	}
	name := fmt.Sprintf("mpl_test_%d_%d", os.Getpid(), schemas.Add(1))
	for _, stmt := range []string{"DROP SCHEMA IF EXISTS " + name + " CASCADE", "CREATE SCHEMA " + name} {
		if _, err := db.Exec(stmt); err != nil {
			db.Close()
			tb.Fatalf("%s: %v", stmt, err)
		}
	}
	tb.Cleanup(func() {
		if _, err := db.Exec("DROP SCHEMA " + name + " CASCADE"); err != nil {
			tb.Errorf("dropping schema %s: %v", name, err)
		}
		db.Close()
	})
	u, err := url.Parse(dsn)
	if err != nil {
		tb.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}
