package interp_test

import (
	"os"
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/store"
	"github.com/mpl-lang/mpl/interp/store/storetest"
)

// namedStore opens a fresh, empty store for one test.
type namedStore struct {
	name string
	open func(t *testing.T) interp.Store
}

// stores lists the stores the ledger tests run against.
func stores(t *testing.T) []namedStore {
	return []namedStore{
		{"memory", func(t *testing.T) interp.Store { return interp.NewMemoryLedger() }},
		{"sqlite", func(t *testing.T) interp.Store {
			st, err := store.Open(filepath.Join(t.TempDir(), "ledger.db"))
			if err != nil {
				t.Fatal(err)
			}
			return st
		}},
		{"postgres", func(t *testing.T) interp.Store {
			st, err := store.Open(storetest.FreshSchema(t, storetest.PostgresDSN(t)))
			if err != nil {
				t.Fatal(err)
			}
			return st
		}},
	}
}

func readFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func mapFS(name, src string) fstest.MapFS {
	return fstest.MapFS{name: {Data: []byte(src)}}
}
