package interp_test

import (
	"os"
	"testing"
	"testing/fstest"

	"github.com/mpl-lang/mpl/interp"
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
