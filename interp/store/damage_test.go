package store_test

import (
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/store"
	"github.com/mpl-lang/mpl/interp/store/storetest"
	"github.com/shopspring/decimal"
)

// A ledger whose file SQLite finds damaged is refused by Open,
// OpenReadOnly and Check, with what SQLite found: it reads without an
// error otherwise, and settles a member's claims without the
// accumulators it lost (a deductible charged again).
func TestDamagedFileRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	readOnlyLedger(t, path)
	storetest.DamagePage(t, path, "accumulators")
	want := regexp.MustCompile(`^the ledger's database is damaged: .*(page|index|order)`)
	for name, open := range map[string]func(string) (interp.Store, error){"Open": store.Open, "OpenReadOnly": store.OpenReadOnly} {
		s, err := open(path)
		if err == nil {
			s.Close()
			t.Errorf("%s of a damaged ledger succeeded", name)
			continue
		}
		var d *store.DamagedError
		if !errors.As(err, &d) || !want.MatchString(d.Error()) {
			t.Errorf("%s: %v, want a *DamagedError matching %s", name, err, want)
		}
	}
}

// Check reads the whole file: damage to the entries, which no open
// checks (they grow with every claim), is found by Check.
func TestCheckFindsDamagedEntries(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ledger.db")
	readOnlyLedger(t, path)
	s := mustOpen(t, path)
	if err := s.Update([]string{"P2"}, func(l interp.Ledger) error {
		for _, id := range []string{"S2", "S3", "S4"} {
			if err := l.Commit(settlement(id, "P2")); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	res, err := store.Check(s)
	if err != nil {
		t.Fatalf("Check of a sound ledger: %v", err)
	}
	if d := cmp.Diff(store.CheckResult{Entries: 5, Accumulators: 5, Accounts: 1}, res); d != "" {
		t.Errorf("Check of a sound ledger (-want +got):\n%s", d)
	}
	s.Close()
	storetest.DamagePage(t, path, "sqlite_autoindex_entries_1")
	s, err = store.OpenReadOnly(path)
	if err != nil {
		t.Fatalf("OpenReadOnly checks the entries, which grow with the claims: %v", err)
	}
	defer s.Close()
	var d *store.DamagedError
	if _, err := store.Check(s); !errors.As(err, &d) {
		t.Errorf("Check of a ledger whose entries' index is damaged: %v, want a *DamagedError", err)
	}
}

// settlement is an entry of member psn's 2025 that counts one claim.
func settlement(id, psn string) *interp.Entry {
	return &interp.Entry{SetlID: id, Kind: interp.KindSettlement, PsnNo: psn, Year: 2025,
		Deltas: []interp.Delta{{Key: interp.KeyCount, Amount: decimal.RequireFromString("1")}}}
}

// A row whose contents are no longer what mpl wrote is an error that
// names the member or the entry, when it is read and when Check reads
// the ledger, never a figure: an amount with a letter or an exponent in
// it, a key no longer valid text, JSON that does not parse or has lost a
// field's name, an entry whose body names another member than its row.
// A digit changed into another digit reads as money; Check finds it, as
// the entries no longer add up to it.
func TestDamagedRows(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage string
		read   func(l interp.Ledger) error
		want   string // the error of read and of Check, as a regexp
		check  string // Check's, when it differs
	}{
		{"amount with a letter", `UPDATE accumulators SET amount = '80o.005' WHERE key = 'Q0000'`,
			year, `accumulator Q0000 of P1's 2025: amount "80o.005" is not a decimal mpl writes`, ""},
		{"amount with an exponent", `UPDATE accumulators SET amount = '8e3' WHERE key = 'Q0000'`,
			year, `accumulator Q0000 of P1's 2025: amount "8e3" is not a decimal`, ""},
		{"key no longer text", `UPDATE accumulators SET key = 'Q0` + "\x01" + `00' WHERE key = 'Q0000'`,
			year, `accumulator "Q0\\x0100" of P1's 2025: not a key mpl writes`, ""},
		{"a digit changed", `UPDATE accumulators SET amount = '900.005' WHERE key = 'Q0000'`,
			nil, "", `accumulator Q0000 of P1's 2025 is 900.005, but its entries add up to 800.005`},
		{"balance", `UPDATE accounts SET carried = '1.2.3'`,
			account, `历年 balance: amount "1.2.3" is not a decimal`, ""},
		{"balance a digit changed", `UPDATE accounts SET current = '0.01'`,
			nil, "", `the account of P1 holds 0.01 当年 and 0 历年, but its entries add up to 0 and 0`},
		{"state field name", `UPDATE accounts SET state = '{"clos3d":"死亡"}'`,
			account, `state .* does not parse: json: unknown field "clos3d"`, ""},
		{"state", `UPDATE accounts SET state = '{"closed":"死亡"'`,
			account, `state .* does not parse`, ""},
		{"entry body", `UPDATE entries SET body = substr(body, 1, 100) WHERE id = 'S1'`,
			entry, `entry S1: its body does not parse`, ""},
		{"entry row", `UPDATE entries SET psn_no = 'P7' WHERE id = 'S1'`,
			entry, `entry S1: its row's psn_no is "P7", its body's "P1"`, ""},
		{"reversal", `INSERT INTO reversals (setl_id, by_id) VALUES ('S0', 'S1')`,
			nil, "", `settlement S0 is marked reversed by S1, but no entry S1 reverses it`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "ledger.db")
			readOnlyLedger(t, path)
			storetest.ExecSQL(t, path, tc.damage)
			s := mustOpen(t, path)
			if tc.read != nil {
				err := s.View(tc.read)
				if err == nil || !regexp.MustCompile(`the ledger is damaged: `+tc.want).MatchString(err.Error()) {
					t.Errorf("read: %v, want an error matching %q", err, tc.want)
				}
			}
			want := orElse(tc.check, tc.want)
			_, err := store.Check(s)
			var d *store.DamagedError
			if !errors.As(err, &d) || !regexp.MustCompile(want).MatchString(strings.Join(d.Report, "\n")) {
				t.Errorf("Check: %v, want a *DamagedError matching %q", err, want)
			}
		})
	}
}

func year(l interp.Ledger) error {
	_, err := l.Year("P1", 2025)
	return err
}

func account(l interp.Ledger) error {
	_, err := l.Account("P1")
	return err
}

func entry(l interp.Ledger) error {
	_, _, err := l.Entry("S1")
	return err
}

func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
