package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/mpl-lang/mpl/interp/store/storetest"
)

// A damaged ledger is refused, exit 3, by mpl run and by what only reads
// it, naming the file, what was found and what to do, where it settled
// claims with other money; mpl ledger check finds, besides, a figure the
// entries do not add up to. A row mpl cannot read back stops mpl run,
// naming the member, rather than settle without it.
func TestLedgerDamaged(t *testing.T) {
	dir := t.TempDir()
	claims := filepath.Join(dir, "claims.jsonl")
	if err := os.WriteFile(claims, []byte(ledgerFailClaims), 0o644); err != nil {
		t.Fatal(err)
	}
	settle := func(ledger string) {
		t.Helper()
		if _, stderr, code := mpl("run", "-p", nanjing, "--ledger", ledger, claims); code != ExitRows {
			t.Fatalf("settling: exit %d, want %d (S3 an error row):\n%s", code, ExitRows, stderr)
		}
	}
	sound := filepath.Join(dir, "sound.db")
	settle(sound)
	stdout, stderr, code := mpl("ledger", "check", "--ledger", sound)
	if code != ExitOK || stdout != "ledger "+sound+" is sound: 5 entries, 24 accumulators, 3 accounts, 0 reversals, each figure what its entries add up to\n" {
		t.Errorf("ledger check of a sound ledger: exit %d, stdout %q, stderr\n%s", code, stdout, stderr)
	}

	damaged := filepath.Join(dir, "damaged.db")
	settle(damaged)
	storetest.DamagePage(t, damaged, "accumulators")
	digit := filepath.Join(dir, "digit.db")
	settle(digit)
	storetest.ExecSQL(t, digit, `UPDATE accumulators SET amount = '3000' WHERE psn_no = 'P1' AND key = 'Q0000'`)
	letter := filepath.Join(dir, "letter.db")
	settle(letter)
	storetest.ExecSQL(t, letter, `UPDATE accumulators SET amount = '1o00' WHERE psn_no = 'P1' AND key = 'Q0000'`)

	// A claim of P1's not settled yet, which reads P1's accumulators.
	another := filepath.Join(dir, "another.jsonl")
	if err := os.WriteFile(another, []byte(`{"setl_id":"S7","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-02-10","medfee_sumamt":"3000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"3000.00"}`+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}

	q := regexp.QuoteMeta
	hint := q("nothing done; its figures cannot be trusted, so mpl neither settles against it nor reads it. Move it aside with its -wal and -shm files, then restore it from a backup")
	for _, tc := range []struct {
		name string
		args []string
		want string // standard error, as a regexp
	}{
		{"run", []string{"run", "-p", nanjing, "--ledger", damaged, claims},
			`^mpl run: ledger ` + q(damaged) + ` is damaged: .*(page|order|malformed).*\nmpl run: ` + hint},
		{"presettle", []string{"run", "-p", nanjing, "--ledger", damaged, "--presettle", claims},
			`^mpl run: ledger ` + q(damaged) + ` is damaged: .*\nmpl run: ` + hint},
		{"show", []string{"ledger", "show", "--ledger", damaged, "P1"},
			`^mpl ledger show: ledger ` + q(damaged) + ` is damaged: .*\nmpl ledger show: ` + hint},
		{"check", []string{"ledger", "check", "--ledger", damaged},
			`^mpl ledger check: ledger ` + q(damaged) + ` is damaged: .*\nmpl ledger check: ` + hint},
		{"check, a digit", []string{"ledger", "check", "--ledger", digit},
			`^mpl ledger check: ledger ` + q(digit) + ` is damaged: accumulator Q0000 of P1's 2025 is 3000, but its entries add up to [0-9.]+\n`},
		{"check, a letter", []string{"ledger", "check", "--ledger", letter},
			`^mpl ledger check: ledger ` + q(letter) + ` is damaged: accumulator Q0000 of P1's 2025: amount "1o00" is not a decimal mpl writes\n`},
		{"run, a letter", []string{"run", "-p", nanjing, "--ledger", letter, another},
			`^mpl run: ledger ` + q(letter) + ` is damaged: accumulator Q0000 of P1's 2025: amount "1o00" is not a decimal mpl writes\nmpl run: stopped at claim S7, line 1: 0 rows written, in input order up to the first claim not settled; its figures cannot be trusted`},
		// Found as a row is read, not as the file is opened: told alike.
		{"show, a letter", []string{"ledger", "show", "--ledger", letter, "P1"},
			`^mpl ledger show: ledger ` + q(letter) + ` is damaged: accumulator Q0000 of P1's 2025: amount "1o00" is not a decimal mpl writes\nmpl ledger show: ` + hint},
		{"export, a letter", []string{"ledger", "export", "--ledger", letter},
			`^mpl ledger export: ledger ` + q(letter) + ` is damaged: .*"1o00".*\nmpl ledger export: ` + hint},
	} {
		t.Run(tc.name, func(t *testing.T) { wantBroke(t, tc.args, tc.want) })
	}
}
