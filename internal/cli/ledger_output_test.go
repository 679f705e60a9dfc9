package cli

import (
	"errors"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// failAfter is an output that takes ok writes, then fails every write, as
// a full disk does.
type failAfter struct {
	strings.Builder
	ok int
}

func (f *failAfter) Write(p []byte) (int, error) {
	if f.ok == 0 {
		return 0, errors.New("write /dev/stdout: no space left on device")
	}
	f.ok--
	return f.Builder.Write(p)
}

// An operation of mpl ledger whose output fails says so, naming the
// standard output, and exits 3, as mpl run does, where show, check,
// policies and credit exited 0 without a word and export 1. One that
// writes the ledger says the ledger holds what it did; credit, which
// credits row by row, stops at the row whose line was lost, and the file
// credited again once the output works credits the rest.
func TestLedgerOutputFails(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string { return writeIn(t, dir, name, text) }
	const account = "../../interp/testdata/account/employee.mpl"
	contributions := write("contributions.csv", "psn_no,month,psn_type,age,contribution_base,own_contribution,pension\n"+
		"A,2025-11,在职,30,10000,200,\nA,2025-12,在职,30,10000,200,\nB,2025-12,在职,30,10000,200,\n")
	claims := write("claims.jsonl", ledgerFailClaims)
	ledger := filepath.Join(dir, "mpl.db")
	run := func(out *failAfter, args ...string) (stderr string, code int) {
		var errs strings.Builder
		code = Main(args, strings.NewReader(""), out, &errs)
		return errs.String(), code
	}
	const broke = "writing standard output: write /dev/stdout: no space left on device\n"

	// The second row's line fails: A's two months are credited, B's not.
	out := &failAfter{ok: 1}
	stderr, code := run(out, "ledger", "credit", "--ledger", ledger, "-p", account, contributions)
	want := "mpl ledger credit: " + broke + "mpl ledger credit: stopped at " + contributions + ":3, which is credited, its line lost; the rows after it are not credited: " +
		"once the output works, credit the file again: the months credited say so, and the rest are credited\n"
	if code != ExitBroke || stderr != want {
		t.Errorf("credit: exit %d, stderr\n%s\nwant exit %d, stderr\n%s", code, stderr, ExitBroke, want)
	}
	if !regexp.MustCompile(`^A 2025-11 credited [0-9.]+\n$`).MatchString(out.String()) {
		t.Errorf("credit: stdout %q, want A's first month", out.String())
	}
	out = &failAfter{ok: 100}
	if stderr, code := run(out, "ledger", "credit", "--ledger", ledger, "-p", account, contributions); code != ExitOK {
		t.Errorf("credit again: exit %d:\n%s", code, stderr)
	}
	if !regexp.MustCompile(`^A 2025-11 already credited \([0-9.]+\)\nA 2025-12 already credited \([0-9.]+\)\nB 2025-12 credited [0-9.]+\n$`).MatchString(out.String()) {
		t.Errorf("credit again: stdout\n%s\nwant A's months credited already, B's now", out.String())
	}

	if stderr, code := run(&failAfter{ok: 100}, "run", "-p", nanjing, "--ledger", ledger, claims); code != ExitRows {
		t.Fatalf("settling: exit %d, want %d (S3 an error row):\n%s", code, ExitRows, stderr)
	}
	export := filepath.Join(dir, "export.jsonl")
	out = &failAfter{ok: 1000}
	if stderr, code := run(out, "ledger", "export", "--ledger", ledger); code != ExitOK {
		t.Fatalf("export: exit %d:\n%s", code, stderr)
	}
	write("export.jsonl", out.String())

	const wrote = ": what it did is in the ledger all the same; once the output works, run it again: it changes nothing more, and says what was done\n"
	for _, tc := range []struct {
		name  string
		args  []string
		wrote bool // writes the ledger
		then  []string
		want  string // what then writes, as a regexp
	}{
		{name: "show", args: []string{"show", "--ledger", ledger, "A"}},
		{name: "show --json", args: []string{"show", "--ledger", ledger, "A", "--json"}},
		{name: "policies", args: []string{"policies", "--ledger", ledger}},
		{name: "check", args: []string{"check", "--ledger", ledger}},
		{name: "export", args: []string{"export", "--ledger", ledger}},
		{name: "import", args: []string{"import", "--ledger", filepath.Join(dir, "copy.db"), export}, wrote: true,
			then: []string{"export", "--ledger", filepath.Join(dir, "copy.db")}, want: `"psn_no":"P3","year":2025`},
		{name: "rollover", args: []string{"rollover", "--ledger", ledger, "-p", account, "--year", "2025"}, wrote: true,
			then: []string{"rollover", "--ledger", ledger, "-p", account, "--year", "2025"}, want: `^rolled over 0 account-year`},
		{name: "withdraw", args: []string{"withdraw", "--ledger", ledger, "B", "--reason", "死亡", "--date", "2026-01-10"}, wrote: true,
			then: []string{"show", "--ledger", ledger, "B"}, want: `已销户`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			stderr, code := run(&failAfter{}, append([]string{"ledger"}, tc.args...)...)
			want := "mpl ledger " + tc.args[0] + ": " + broke
			if tc.wrote {
				want += "mpl ledger " + tc.args[0] + wrote
			}
			if code != ExitBroke || stderr != want {
				t.Errorf("exit %d, stderr\n%s\nwant exit %d, stderr\n%s", code, stderr, ExitBroke, want)
			}
			if tc.then == nil {
				return
			}
			out := &failAfter{ok: 1000}
			if stderr, code := run(out, append([]string{"ledger"}, tc.then...)...); code != ExitOK {
				t.Errorf("then %v: exit %d:\n%s", tc.then, code, stderr)
			}
			if !regexp.MustCompile(tc.want).MatchString(out.String()) {
				t.Errorf("then %v: stdout\n%s\nwant it to match %s", tc.then, out.String(), tc.want)
			}
		})
	}
}
