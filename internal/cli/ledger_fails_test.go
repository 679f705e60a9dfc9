package cli

import (
	"path/filepath"
	"regexp"
	"testing"

	"github.com/mpl-lang/mpl/interp/store"
	"github.com/mpl-lang/mpl/interp/store/storetest"
)

// The ledger failing under an operation of mpl ledger is exit 3, as help
// ledger says and as mpl run's is, where lapse, credit and the others
// exited 1, as for a refusal; credit stops at the row the ledger failed
// on, where it told the row as bad and credited the rows after it. The
// operation refused stays exit 1.
func TestLedgerOperationFails(t *testing.T) {
	dir := t.TempDir()
	const account = "../../interp/testdata/account/employee.mpl"
	contributions := writeIn(t, dir, "contributions.csv", "psn_no,month,psn_type,age,contribution_base,own_contribution,pension\n"+
		"A,2025-11,在职,30,10000,200,\nB,2025-12,在职,30,10000,200,\nA,2025-12,在职,30,10000,200,\n")
	ledger := filepath.Join(dir, "mpl.db")
	st, err := store.Open(ledger)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	const full = `BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`
	storetest.ExecSQL(t, ledger, `CREATE TRIGGER disk_full BEFORE INSERT ON entries WHEN NEW.psn_no = 'B' `+full)

	stdout, stderr, code := mpl("ledger", "credit", "--ledger", ledger, "-p", account, contributions)
	if code != ExitBroke {
		t.Errorf("credit: exit %d, want %d", code, ExitBroke)
	}
	if !regexp.MustCompile(`^A 2025-11 credited [0-9.]+\n$`).MatchString(stdout) {
		t.Errorf("credit: stdout %q, want A's first month only", stdout)
	}
	want := `^mpl ledger credit: ledger ` + regexp.QuoteMeta(ledger) + `: ` + regexp.QuoteMeta(contributions) + `:3: .*database or disk is full.*\n` +
		`mpl ledger credit: stopped at ` + regexp.QuoteMeta(contributions) + `:3, not credited, nor the rows after it; the rows before it are credited as said: ` +
		`once the ledger works, credit the file again: the months credited say so, and the rest are credited\n$`
	if !regexp.MustCompile(want).MatchString(stderr) {
		t.Errorf("credit: stderr\n%s\nwant it to match\n%s", stderr, want)
	}

	storetest.ExecSQL(t, ledger, `DROP TRIGGER disk_full`)
	stdout, stderr, code = mpl("ledger", "credit", "--ledger", ledger, "-p", account, contributions)
	if code != ExitOK {
		t.Errorf("credit again: exit %d:\n%s", code, stderr)
	}
	if !regexp.MustCompile(`^A 2025-11 already credited \([0-9.]+\)\nB 2025-12 credited [0-9.]+\nA 2025-12 credited [0-9.]+\n$`).MatchString(stdout) {
		t.Errorf("credit again: stdout\n%s\nwant A's first month credited already, the rest now", stdout)
	}

	storetest.ExecSQL(t, ledger, `CREATE TRIGGER disk_full BEFORE INSERT ON entries `+full)
	wantBroke(t, []string{"ledger", "lapse", "--ledger", ledger, "A", "--date", "2026-01-10"},
		`^mpl ledger lapse: ledger `+regexp.QuoteMeta(ledger)+`: .*database or disk is full.*\n$`)
	wantBroke(t, []string{"ledger", "withdraw", "--ledger", ledger, "B", "--reason", "死亡", "--date", "2026-01-10"},
		`^mpl ledger withdraw: ledger `+regexp.QuoteMeta(ledger)+`: .*database or disk is full.*\n$`)

	storetest.ExecSQL(t, ledger, `DROP TRIGGER disk_full`)
	for i, want := range []int{ExitOK, ExitOK, ExitRows} {
		// The same lapse again changes nothing; another while the first
		// holds is refused.
		date := "2026-01-10"
		if i == 2 {
			date = "2026-02-10"
		}
		if _, stderr, code := mpl("ledger", "lapse", "--ledger", ledger, "A", "--date", date); code != want {
			t.Errorf("lapse %s: exit %d, want %d:\n%s", date, code, want, stderr)
		}
	}
}

// A ledger found damaged part way through a credit file (a figure of A's
// that mpl did not write) stops the credit there, told as damage and what
// to do, but not as "nothing done": the rows before it are credited.
func TestLedgerCreditMeetsDamage(t *testing.T) {
	dir := t.TempDir()
	const account = "../../interp/testdata/account/employee.mpl"
	first := writeIn(t, dir, "first.csv", "psn_no,month,psn_type,age,contribution_base,own_contribution,pension\nA,2025-11,在职,30,10000,200,\n")
	contributions := writeIn(t, dir, "contributions.csv", "psn_no,month,psn_type,age,contribution_base,own_contribution,pension\n"+
		"B,2025-12,在职,30,10000,200,\nA,2025-12,在职,30,10000,200,\n")
	ledger := filepath.Join(dir, "mpl.db")
	if _, stderr, code := mpl("ledger", "credit", "--ledger", ledger, "-p", account, first); code != ExitOK {
		t.Fatalf("credit: exit %d:\n%s", code, stderr)
	}
	storetest.ExecSQL(t, ledger, `UPDATE accounts SET current = '2o0' WHERE psn_no = 'A'`)

	stdout, stderr, code := mpl("ledger", "credit", "--ledger", ledger, "-p", account, contributions)
	if code != ExitBroke {
		t.Errorf("credit: exit %d, want %d", code, ExitBroke)
	}
	if !regexp.MustCompile(`^B 2025-12 credited [0-9.]+\n$`).MatchString(stdout) {
		t.Errorf("credit: stdout %q, want B's month only", stdout)
	}
	want := `^mpl ledger credit: ledger ` + regexp.QuoteMeta(ledger) + ` is damaged: .*"2o0".*\n` +
		`mpl ledger credit: its figures cannot be trusted, .*\n` +
		`mpl ledger credit: stopped at ` + regexp.QuoteMeta(contributions) + `:3, not credited, nor the rows after it; the rows before it are credited as said`
	if !regexp.MustCompile(want).MatchString(stderr) {
		t.Errorf("credit: stderr\n%s\nwant it to match\n%s", stderr, want)
	}
}
