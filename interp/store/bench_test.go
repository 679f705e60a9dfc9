package store_test

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/store/storetest"
	"github.com/shopspring/decimal"
)

// BenchmarkSQLiteUpdate is one Update committing a typical settlement
// entry to a SQLite file (synchronous=FULL: one fsync per Update).
func BenchmarkSQLiteUpdate(b *testing.B) {
	benchUpdate(b, mustOpen(b, filepath.Join(b.TempDir(), "ledger.db")))
}

// BenchmarkPostgresUpdate is BenchmarkSQLiteUpdate against the server
// MPL_TEST_POSTGRES names.
func BenchmarkPostgresUpdate(b *testing.B) {
	benchUpdate(b, mustOpen(b, storetest.FreshSchema(b, storetest.PostgresDSN(b))))
}

// BenchmarkMemoryUpdate is the same in memory, for scale.
func BenchmarkMemoryUpdate(b *testing.B) {
	benchUpdate(b, interp.NewMemoryLedger())
}

func benchUpdate(b *testing.B, s interp.Store) {
	credit := &interp.Entry{SetlID: "credit", Kind: interp.KindCredit, PsnNo: "P1", Year: 2025,
		Moves: []interp.AccountMove{{PsnNo: "P1", Current: decimal.New(1, 12), Carried: decimal.New(1, 12)}}}
	if err := s.Update([]string{"P1"}, func(l interp.Ledger) error { return l.Commit(credit) }); err != nil {
		b.Fatal(err)
	}
	tmpl := storetest.SettlementEntry("S", "P1", 2025)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		e := *tmpl
		e.SetlID = "S" + strconv.Itoa(i)
		if err := s.Update([]string{"P1"}, func(l interp.Ledger) error { return l.Commit(&e) }); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSQLiteEntry reads a stored settlement back in a View, as
// Settle does first for every claim.
func BenchmarkSQLiteEntry(b *testing.B) {
	s := mustOpen(b, filepath.Join(b.TempDir(), "ledger.db"))
	e := storetest.SettlementEntry("S1", "P1", 2025)
	e.Moves = nil
	if err := s.Update([]string{"P1"}, func(l interp.Ledger) error { return l.Commit(e) }); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		err := s.View(func(l interp.Ledger) error {
			_, ok, err := l.Entry("S1")
			if !ok && err == nil {
				b.Fatal("S1 is missing")
			}
			return err
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}
