package store_test

import (
	"bufio"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/store"
	"github.com/mpl-lang/mpl/interp/store/storetest"
	"github.com/shopspring/decimal"
)

func TestMain(m *testing.M) {
	// The test binary is also the other process of the multi-process tests.
	if path := os.Getenv("MPL_STORE_CHILD"); path != "" {
		os.Exit(child(path, os.Getenv("MPL_STORE_CHILD_MODE"), os.Getenv("MPL_STORE_CHILD_PREFIX")))
	}
	os.Exit(m.Run())
}

func TestMemory(t *testing.T) {
	storetest.Run(t, func(*testing.T) interp.Store { return interp.NewMemoryLedger() }, storetest.Options{})
}

func TestSQLite(t *testing.T) {
	var r reopener
	storetest.Run(t, func(t *testing.T) interp.Store {
		return r.open(t, filepath.Join(t.TempDir(), "ledger.db"))
	}, storetest.Options{Rollback: true, Reopen: r.reopen})
}

func TestPostgres(t *testing.T) {
	dsn := storetest.PostgresDSN(t)
	var r reopener
	storetest.Run(t, func(t *testing.T) interp.Store {
		return r.open(t, storetest.FreshSchema(t, dsn))
	}, storetest.Options{Rollback: true, Reopen: r.reopen})
}

// reopener opens stores and remembers their dsn, to open them again.
type reopener struct {
	mu   sync.Mutex
	dsns map[interp.Store]string
}

func (r *reopener) open(t *testing.T, dsn string) interp.Store {
	t.Helper()
	s, err := store.Open(dsn)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.dsns == nil {
		r.dsns = map[interp.Store]string{}
	}
	r.dsns[s] = dsn
	return s
}

func (r *reopener) reopen(t *testing.T, s interp.Store) interp.Store {
	t.Helper()
	r.mu.Lock()
	dsn := r.dsns[s]
	r.mu.Unlock()
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	return r.open(t, dsn)
}

func mustOpen(tb testing.TB, dsn string) interp.Store {
	tb.Helper()
	s, err := store.Open(dsn)
	if err != nil {
		tb.Fatalf("Open: %v", err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

func TestLedgerAfterUpdate(t *testing.T) {
	s := mustOpen(t, filepath.Join(t.TempDir(), "ledger.db"))
	var kept interp.Ledger
	if err := s.Update([]string{"P1"}, func(l interp.Ledger) error { kept = l; return nil }); err != nil {
		t.Fatal(err)
	}
	if _, err := kept.Account("P1"); err == nil {
		t.Errorf("Account on the Ledger of a finished Update succeeded")
	}
	if err := kept.Commit(storetest.SettlementEntry("S1", "P1", 2025)); err == nil {
		t.Errorf("Commit on the Ledger of a finished Update succeeded")
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	for _, dsn := range []string{"", filepath.Join(dir, "a?b.db"), filepath.Join(dir, "no", "such", "dir", "ledger.db")} {
		if s, err := store.Open(dsn); err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", dsn)
		}
	}
}

// TestNewerSchema checks a file written by a newer mpl is refused, not
// misread.
func TestNewerSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	s, err := store.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`UPDATE schema_version SET version = 99`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	if s, err := store.Open(path); err == nil || !strings.Contains(err.Error(), "version 99") {
		if s != nil {
			s.Close()
		}
		t.Errorf("Open of a version 99 ledger: %v, want an error naming the version", err)
	}
}

// bump is one read-check-write Update: it counts a settlement of A, notes
// the count it read, and moves 0.01 from A's account to B's while A has it.
func bump(s interp.Store, id string) error {
	return s.Update([]string{"A", "B"}, func(l interp.Ledger) error {
		acc, err := l.Year("A", 2025)
		if err != nil {
			return err
		}
		a, err := l.Account("A")
		if err != nil {
			return err
		}
		cent := decimal.New(1, -2)
		e := &interp.Entry{SetlID: id, Kind: interp.KindSettlement, PsnNo: "A", Year: 2025,
			Note: acc.Get(interp.KeyCount).String(), Deltas: []interp.Delta{{Key: interp.KeyCount, Amount: decimal.New(1, 0)}}}
		if a.Carried.GreaterThanOrEqual(cent) {
			e.Moves = []interp.AccountMove{{PsnNo: "A", Carried: cent.Neg()}, {PsnNo: "B", Carried: cent}}
		}
		return l.Commit(e)
	})
}

const childUpdates = 300

// child is the other process: in mode "count" it bumps childUpdates times;
// in mode "crash" it bumps until killed, printing each id it committed.
func child(path, mode, prefix string) int {
	s, err := store.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer s.Close()
	for i := 0; mode == "crash" || i < childUpdates; i++ {
		if err := bump(s, fmt.Sprintf("%s/%d", prefix, i)); err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
		if mode == "crash" {
			fmt.Println(i)
		}
	}
	return 0
}

func startChild(t *testing.T, path, mode, prefix string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "MPL_STORE_CHILD="+path, "MPL_STORE_CHILD_MODE="+mode, "MPL_STORE_CHILD_PREFIX="+prefix)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(out)
}

func seed(t *testing.T, s interp.Store) {
	t.Helper()
	e := &interp.Entry{SetlID: "seed", Kind: interp.KindCredit, PsnNo: "A", Year: 2025,
		Moves: []interp.AccountMove{{PsnNo: "A", Carried: decimal.RequireFromString("10.00")}}}
	if err := s.Update([]string{"A"}, func(l interp.Ledger) error { return l.Commit(e) }); err != nil {
		t.Fatal(err)
	}
}

// TestSQLiteProcesses runs read-check-write Updates from two processes on
// one file: the result must be the serial one.
func TestSQLiteProcesses(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	s := mustOpen(t, path)
	seed(t, s)
	cmd, _ := startChild(t, path, "count", "child")
	for i := range childUpdates {
		if err := bump(s, fmt.Sprintf("parent/%d", i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("the other process: %v", err)
	}
	const n = 2 * childUpdates
	err := s.View(func(l interp.Ledger) error {
		acc, err := l.Year("A", 2025)
		if err != nil {
			return err
		}
		if got := acc.Get(interp.KeyCount).String(); got != strconv.Itoa(n) {
			t.Errorf("count = %s, want %d", got, n)
		}
		seen := map[string]bool{}
		for _, who := range []string{"parent", "child"} {
			for i := range childUpdates {
				e, ok, err := l.Entry(fmt.Sprintf("%s/%d", who, i))
				if err != nil || !ok {
					t.Fatalf("entry %s/%d: %v, %v", who, i, ok, err)
				}
				if seen[e.Note] {
					t.Fatalf("two Updates read the count %s: the processes were not serialised", e.Note)
				}
				seen[e.Note] = true
			}
		}
		return checkBalances(l, "10", decimal.New(n, -2))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// checkBalances checks A and B hold total between them, B holding b.
func checkBalances(l interp.Ledger, total string, b decimal.Decimal) error {
	a, err := l.Account("A")
	if err != nil {
		return err
	}
	bb, err := l.Account("B")
	if err != nil {
		return err
	}
	if !a.Balance().Add(bb.Balance()).Equal(decimal.RequireFromString(total)) || !bb.Balance().Equal(b) {
		return fmt.Errorf("A holds %s and B %s, want %s in all and %s in B", a.Balance(), bb.Balance(), total, b)
	}
	return nil
}

// TestSQLiteCrash kills a process in the middle of its Updates, again and
// again: the file must hold every Update it finished and none in part.
func TestSQLiteCrash(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	s := mustOpen(t, path)
	seed(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	total := 0
	for round := range 4 {
		prefix := fmt.Sprintf("crash%d", round)
		cmd, out := startChild(t, path, "crash", prefix)
		acked, kill := -1, 10+rand.IntN(40)
		for acked < kill && out.Scan() {
			acked, _ = strconv.Atoi(out.Text())
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		if acked < kill {
			t.Fatalf("round %d: the process stopped after %d Updates", round, acked+1)
		}

		s := mustOpen(t, path)
		err := s.View(func(l interp.Ledger) error {
			n := 0
			for ; ; n++ {
				if _, ok, err := l.Entry(fmt.Sprintf("%s/%d", prefix, n)); err != nil {
					return err
				} else if !ok {
					break
				}
			}
			if n <= acked {
				return fmt.Errorf("round %d: %d Updates finished but %d are in the file", round, acked+1, n)
			}
			total += n
			acc, err := l.Year("A", 2025)
			if err != nil {
				return err
			}
			if got := acc.Get(interp.KeyCount); !got.Equal(decimal.New(int64(total), 0)) {
				return fmt.Errorf("round %d: count %s, but %d entries", round, got, total)
			}
			return checkBalances(l, "10", decimal.New(int64(total), -2))
		})
		if err != nil {
			t.Fatal(err)
		}
		s.Close()
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var check string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check = %q, %v", check, err)
	}
}

// TestPostgresDeadlock makes two Updates lock each other's member at
// Commit (each pays from the other's account, which it did not name):
// PostgreSQL aborts one, and Update runs it again.
func TestPostgresDeadlock(t *testing.T) {
	s := mustOpen(t, storetest.FreshSchema(t, storetest.PostgresDSN(t)))
	for _, p := range []string{"A", "B"} {
		e := &interp.Entry{SetlID: "seed/" + p, Kind: interp.KindCredit, PsnNo: p, Year: 2025,
			Moves: []interp.AccountMove{{PsnNo: p, Carried: decimal.New(1, 0)}}}
		if err := s.Update([]string{p}, func(l interp.Ledger) error { return l.Commit(e) }); err != nil {
			t.Fatal(err)
		}
	}
	var inside sync.WaitGroup
	inside.Add(2)
	var wg sync.WaitGroup
	errs := make([]error, 2)
	attempts := make([]int, 2)
	for i, pair := range [][2]string{{"A", "B"}, {"B", "A"}} {
		wg.Go(func() {
			errs[i] = s.Update([]string{pair[0]}, func(l interp.Ledger) error {
				if attempts[i]++; attempts[i] == 1 {
					inside.Done()
					inside.Wait() // both hold their own member now
				}
				return l.Commit(&interp.Entry{SetlID: "share/" + pair[0], Kind: interp.KindSettlement, PsnNo: pair[0], Year: 2025,
					Moves: []interp.AccountMove{{PsnNo: pair[1], Carried: decimal.New(-1, 0)}}})
			})
		})
	}
	wg.Wait()
	for i, err := range errs {
		if err != nil {
			t.Errorf("Update %d: %v", i, err)
		}
	}
	if attempts[0]+attempts[1] != 3 {
		t.Errorf("fn ran %v times, want one Update retried once", attempts)
	}
}
