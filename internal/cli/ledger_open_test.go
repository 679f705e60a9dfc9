package cli

import (
	"bytes"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/mpl-lang/mpl/interp/store/storetest"
)

// nanjing is the policy the ledger tests of this package settle under.
const nanjing = "../../policies/cn/nanjing/employee-2025.mpl"

// mpl runs the mpl command in process.
func mpl(args ...string) (stdout, stderr string, code int) {
	var out, errs strings.Builder
	code = Main(args, strings.NewReader(""), &out, &errs)
	return out.String(), errs.String(), code
}

// wantBroke runs mpl with args and checks that the ledger broke it: exit
// 3, nothing on stdout, and stderr matching the regular expression want.
func wantBroke(t *testing.T, args []string, want string) {
	t.Helper()
	stdout, stderr, code := mpl(args...)
	if code != ExitBroke {
		t.Errorf("exit %d, want %d", code, ExitBroke)
	}
	if stdout != "" {
		t.Errorf("stdout %q, want none", stdout)
	}
	if !regexp.MustCompile(want).MatchString(stderr) {
		t.Errorf("stderr:\n%s\nwant it to match\n%s", stderr, want)
	}
}

// What only reads a ledger (mpl ledger show, export and policies, and
// mpl run --presettle) opens it read-only: it reads a ledger an older
// mpl wrote, without the policies table, and leaves the file as it was,
// where opening it to write made the table; it refuses a file that holds
// no ledger, rather than make it one, and a pre-settlement refuses a
// file that does not exist, rather than create it.
func TestLedgerReadOnly(t *testing.T) {
	dir := t.TempDir()
	claims := filepath.Join(dir, "claims.jsonl")
	if err := os.WriteFile(claims, []byte(ledgerFailClaims), 0o644); err != nil {
		t.Fatal(err)
	}
	ledger := filepath.Join(dir, "older.db")
	settled, stderr, code := mpl("run", "-p", nanjing, "--ledger", ledger, claims)
	if code != ExitRows {
		t.Fatalf("settling: exit %d, want %d (S3 an error row):\n%s", code, ExitRows, stderr)
	}
	storetest.ExecSQL(t, ledger, `DROP TABLE policies`)
	before, err := os.ReadFile(ledger)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{
		{"ledger", "show", "--ledger", ledger, "P1"},
		{"ledger", "export", "--ledger", ledger},
		{"ledger", "policies", "--ledger", ledger},
		{"run", "-p", nanjing, "--ledger", ledger, "--presettle", claims},
	} {
		stdout, stderr, code := mpl(args...)
		want := ExitOK
		if args[0] == "run" {
			want = ExitRows // S3
			// Every claim is answered with its stored settlement.
			if stdout != settled {
				t.Errorf("%s: the rows differ from the settling run's:\n%s\nwant\n%s", args, stdout, settled)
			}
		}
		if code != want {
			t.Errorf("%s: exit %d, want %d:\n%s", args, code, want, stderr)
		}
		after, err := os.ReadFile(ledger)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(before, after) {
			t.Errorf("%s changed the ledger file", args)
		}
	}

	empty := filepath.Join(dir, "empty.db")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.db")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"ledger", "show", "--ledger", empty, "P1"}, "mpl ledger show: no ledger in " + empty + ": it has none of a ledger's tables; mpl run --ledger, mpl ledger import or mpl ledger credit makes one\n"},
		{[]string{"ledger", "export", "--ledger", empty}, "mpl ledger export: no ledger in " + empty + ": it has none of a ledger's tables; mpl run --ledger, mpl ledger import or mpl ledger credit makes one\n"},
		{[]string{"run", "-p", nanjing, "--ledger", empty, "--presettle", claims}, "mpl run: no ledger in " + empty + ": it has none of a ledger's tables; a pre-settlement reads a ledger and makes none\n"},
		{[]string{"run", "-p", nanjing, "--ledger", missing, "--presettle", claims}, "mpl run: no ledger " + missing + ": a pre-settlement reads a ledger and makes none; mpl run --ledger without --presettle, mpl ledger import or mpl ledger credit makes one\n"},
	} {
		stdout, stderr, code := mpl(tc.args...)
		if code != ExitUsage || stderr != tc.want || stdout != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr\n%s\nwant exit %d, no stdout, stderr\n%s", tc.args, code, stdout, stderr, ExitUsage, tc.want)
		}
	}
	if text, _ := os.ReadFile(empty); len(text) != 0 {
		t.Errorf("an empty file holds %d bytes after it was read as a ledger", len(text))
	}
	if _, err := os.Stat(missing); !os.IsNotExist(err) {
		t.Errorf("a pre-settlement made %s (%v)", missing, err)
	}
}

// A ledger that cannot be opened is a failure of the ledger, exit 3 as
// one while a claim is settled, not of the flags (2): standard error
// names the ledger, why, and what to look at; nothing is settled, and no
// file is made.
func TestLedgerCannotOpen(t *testing.T) {
	dir := t.TempDir()
	claims := filepath.Join(dir, "claims.jsonl")
	if err := os.WriteFile(claims, []byte(ledgerFailClaims), 0o644); err != nil {
		t.Fatal(err)
	}
	noDir := filepath.Join(dir, "no", "mpl.db")
	isDir := filepath.Join(dir, "ledgers")
	if err := os.Mkdir(isDir, 0o755); err != nil {
		t.Fatal(err)
	}
	notDB := claims // a claims file given as the ledger
	q := regexp.QuoteMeta
	for _, tc := range []struct {
		name string
		args []string
		want string // standard error, as a regexp
	}{
		{"no directory", []string{"run", "-p", nanjing, "--ledger", noDir, claims},
			`^mpl run: ledger ` + q(noDir) + `: opening the SQLite ledger: unable to open database file \(14\)\n` +
				`mpl run: nothing done; the directory ` + q(filepath.Dir(noDir)) + ` does not exist: make it, or give --ledger the right name; then run it again\n$`},
		{"no directory, ledger link", []string{"ledger", "link", "--ledger", noDir, "P1", "P2", "--relation", "子女"},
			`^mpl ledger link: ledger ` + q(noDir) + `: .*\nmpl ledger link: nothing done; the directory ` + q(filepath.Dir(noDir)) + ` does not exist`},
		{"a directory", []string{"run", "-p", nanjing, "--ledger", isDir, claims},
			`^mpl run: ledger ` + q(isDir) + `: opening the SQLite ledger: unable to open database file \(14\)\n` +
				`mpl run: nothing done; ` + q(isDir) + ` is a directory: give --ledger the ledger's file; then run it again\n$`},
		{"a directory, presettle", []string{"run", "-p", nanjing, "--ledger", isDir, "--presettle", claims},
			`^mpl run: ledger ` + q(isDir) + `: .*\nmpl run: nothing done; ` + q(isDir) + ` is a directory`},
		{"a directory, ledger show", []string{"ledger", "show", "--ledger", isDir, "P1"},
			`^mpl ledger show: ledger ` + q(isDir) + `: .*\nmpl ledger show: nothing done; ` + q(isDir) + ` is a directory`},
		{"not a database", []string{"run", "-p", nanjing, "--ledger", notDB, claims},
			`^mpl run: ledger ` + q(notDB) + `: opening the SQLite ledger: file is not a database \(26\)\n` +
				`mpl run: nothing done; mpl reads and writes a ledger's file, a SQLite database, and makes its -wal and -shm files beside it: check that it is a ledger, and the permissions of the file and of its directory; then run it again\n$`},
		{"not a database, ledger export", []string{"ledger", "export", "--ledger", notDB},
			`^mpl ledger export: ledger ` + q(notDB) + `: opening the SQLite ledger: file is not a database \(26\)\n` +
				`mpl ledger export: nothing done; mpl reads a ledger's file, and its -wal and -shm files beside it, which it makes where they are not: check the permissions of the file and of its directory, or copy the file where this user may write; then run it again\n$`},
	} {
		t.Run(tc.name, func(t *testing.T) { wantBroke(t, tc.args, tc.want) })
	}
	if _, err := os.Stat(filepath.Dir(noDir)); !os.IsNotExist(err) {
		t.Errorf("the missing directory was made (%v)", err)
	}
}

// A ledger file in a directory this user may not write cannot be
// settled into: exit 3, as any ledger that cannot be opened. Root writes
// whatever the permissions, so the test needs another user;
// TestLedgerCannotOpen checks the exit status and the words as any user.
func TestLedgerCannotOpenReadOnlyDir(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root may write a directory whatever its permissions; TestLedgerCannotOpen checks the same exit status and message as any user")
	}
	dir := t.TempDir()
	claims := filepath.Join(dir, "claims.jsonl")
	if err := os.WriteFile(claims, []byte(ledgerFailClaims), 0o644); err != nil {
		t.Fatal(err)
	}
	ro := filepath.Join(dir, "ro")
	if err := os.Mkdir(ro, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(ro, 0o755) })
	ledger := filepath.Join(ro, "mpl.db")
	_, stderr, code := mpl("run", "-p", nanjing, "--ledger", ledger, claims)
	if code != ExitBroke {
		t.Errorf("exit %d, want %d:\n%s", code, ExitBroke, stderr)
	}
	want := regexp.MustCompile(`^mpl run: ledger ` + regexp.QuoteMeta(ledger) + `: opening the SQLite ledger: .*\nmpl run: nothing done; mpl reads and writes a ledger's file`)
	if !want.MatchString(stderr) {
		t.Errorf("stderr:\n%s\nwant it to match %s", stderr, want)
	}
}

// fullDisk takes limit bytes, then fails as a full disk does,
// having written what fitted.
type fullDisk struct {
	bytes.Buffer
	limit int
}

func (f *fullDisk) Write(p []byte) (int, error) {
	room := f.limit - f.Len()
	if room >= len(p) {
		return f.Buffer.Write(p)
	}
	f.Buffer.Write(p[:max(room, 0)])
	return max(room, 0), errors.New("write /dev/stdout: no space left on device")
}

// outputFailClaims is a batch of n claims of n members in setl_time
// order, an error row (P4's unknown psn_type) and, last, a reversal of
// the first claim.
func outputFailClaims(n int) string {
	var b strings.Builder
	row := func(id, psn, psnType, day, reverses string) {
		fmt.Fprintf(&b, `{"setl_id":%q,"psn_no":%q,"insutype":"310","psn_type":%q,"med_type":"21","medins_lv":"3","setl_time":%q,"medfee_sumamt":"30000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"30000.00"%s}`+"\n",
			id, psn, psnType, day, reverses)
	}
	row("E1", "P4", "9999", "2025-01-01", "")
	for i := range n {
		row(fmt.Sprintf("G%d", i), fmt.Sprintf("M%d", i), "1101", fmt.Sprintf("2025-02-%02d", 1+i%28), "")
	}
	row("G0-R", "M0", "1101", "2025-03-01", `,"reverses":"G0"`)
	return b.String()
}

// When the output fails during mpl run --ledger (a full disk), the
// ledger holds settlements whose rows were never written: standard error
// says which rows are settled into it, and a run again, once the output
// works, answers them from it and writes what one whole run writes.
func TestRunLedgerOutputFails(t *testing.T) {
	dir := t.TempDir()
	claims := filepath.Join(dir, "claims.jsonl")
	const n = 600 // three chunks of a stream
	if err := os.WriteFile(claims, []byte(outputFailClaims(n)), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name  string
		flags []string
		room  int // the output's: past the rows of the stream's first chunk
	}{
		{"batch", nil, 200 << 10},
		{"stream", []string{"--stream"}, 200 << 10},
		{"stream csv", []string{"--stream", "--out", "csv"}, 60 << 10},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := func(ledger string, stdout io.Writer) (stderr string, code int) {
				args := append([]string{"run", "-p", nanjing, "--ledger", ledger}, tc.flags...)
				var errs strings.Builder
				code = Main(append(args, claims), strings.NewReader(""), stdout, &errs)
				return errs.String(), code
			}
			var want strings.Builder
			if stderr, code := run(filepath.Join(t.TempDir(), "sound.db"), &want); code != ExitRows {
				t.Fatalf("sound run: exit %d, want %d (E1 an error row):\n%s", code, ExitRows, stderr)
			}
			ledger := filepath.Join(t.TempDir(), "mpl.db")
			full := &fullDisk{limit: tc.room}
			stderr, code := run(ledger, full)
			if code != ExitBroke {
				t.Errorf("output failing: exit %d, want %d:\n%s", code, ExitBroke, stderr)
			}
			m := regexp.MustCompile(`^(?:mpl run: note: .*\n)?mpl run: write /dev/stdout: no space left on device\n` +
				`mpl run: stopped: rows 1 to ([0-9]+) have been settled against ledger ` + regexp.QuoteMeta(ledger) +
				`, but the output holds at most rows 1 to ([0-9]+), the last perhaps cut short; once the output works, run the batch again: the settlements the ledger holds are answered from it, with the same rows\n$`).FindStringSubmatch(stderr)
			if m == nil {
				t.Fatalf("stderr does not say how far the ledger and the output got:\n%s", stderr)
			}
			settled, _ := strconv.Atoi(m[1])
			written, _ := strconv.Atoi(m[2])
			wantRows := strings.SplitAfter(want.String(), "\n")
			if tc.name == "stream csv" {
				wantRows = wantRows[1:] // the header
			}
			t.Logf("rows 1 to %d settled, at most 1 to %d written", settled, written)
			if settled < written || settled > len(wantRows) {
				t.Errorf("rows 1 to %d settled, at most 1 to %d written, of %d", settled, written, len(wantRows))
			}
			if !strings.HasPrefix(want.String(), full.String()) {
				t.Errorf("the output written is not the start of one whole run's")
			}
			if entries := ledgerEntries(t, ledger); entries < settled-1 { // E1 is no entry
				t.Errorf("the ledger holds %d entries, fewer than the rows 1 to %d it says are settled", entries, settled)
			}
			var again strings.Builder
			if stderr, code := run(ledger, &again); code != ExitRows {
				t.Errorf("run again: exit %d, want %d:\n%s", code, ExitRows, stderr)
			}
			if again.String() != want.String() {
				t.Errorf("run again once the output works differs from one whole run")
			}
		})
	}
}

// ledgerEntries counts the entries of a SQLite ledger.
func ledgerEntries(t *testing.T, path string) int {
	t.Helper()
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT count(*) FROM entries`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
