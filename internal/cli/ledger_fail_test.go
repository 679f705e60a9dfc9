package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp/store"
	"github.com/mpl-lang/mpl/interp/store/storetest"
)

// ledgerFailClaims is a batch in setl_time order whose fourth row, S4, is
// the first claim of member P3; S3 is an error row, S6 P3's second claim.
const ledgerFailClaims = `{"setl_id":"S1","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-01-10","medfee_sumamt":"30000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"30000.00"}
{"setl_id":"S2","psn_no":"P2","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-01-11","medfee_sumamt":"30000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"30000.00"}
{"setl_id":"S3","psn_no":"P4","insutype":"310","psn_type":"9999","med_type":"21","medins_lv":"3","setl_time":"2025-01-11","medfee_sumamt":"30000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"30000.00"}
{"setl_id":"S4","psn_no":"P3","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-01-12","medfee_sumamt":"30000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"30000.00"}
{"setl_id":"S5","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-01-13","medfee_sumamt":"30000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"30000.00"}
{"setl_id":"S6","psn_no":"P3","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-01-14","medfee_sumamt":"30000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"30000.00"}
`

// ledgerFailCSV is ledgerFailClaims as CSV.
const ledgerFailCSV = `setl_id,psn_no,insutype,psn_type,med_type,medins_lv,setl_time,medfee_sumamt,fulamt_ownpay_amt,overlmt_selfpay,preselfpay_amt,inscp_scp_amt
S1,P1,310,1101,21,3,2025-01-10,30000.00,0,0,0,30000.00
S2,P2,310,1101,21,3,2025-01-11,30000.00,0,0,0,30000.00
S3,P4,310,9999,21,3,2025-01-11,30000.00,0,0,0,30000.00
S4,P3,310,1101,21,3,2025-01-12,30000.00,0,0,0,30000.00
S5,P1,310,1101,21,3,2025-01-13,30000.00,0,0,0,30000.00
S6,P3,310,1101,21,3,2025-01-14,30000.00,0,0,0,30000.00
`

// A ledger that fails while a claim is settled (here a SQLite file whose
// trigger refuses member P3's entries, as a full disk would refuse them)
// stops mpl run with status 3, whole batch or stream, JSON Lines or CSV:
// the rows before the claim are written, none for it or after it, and
// standard error names the ledger and the claim. Once the ledger works,
// the same run writes what one whole run over a sound ledger writes.
func TestRunLedgerFails(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{"claims.jsonl": ledgerFailClaims, "claims.csv": ledgerFailCSV}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		name   string
		flags  []string
		claims string
		line   int // S4's
	}{
		{"batch", nil, "claims.jsonl", 4},
		{"batch csv", nil, "claims.csv", 5},
		{"stream", []string{"--stream"}, "claims.jsonl", 4},
		{"stream csv", []string{"--stream"}, "claims.csv", 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			run := func(ledger string) (stdout, stderr string, code int) {
				args := append([]string{"run", "-p", "../../policies/cn/nanjing/employee-2025.mpl", "--ledger", ledger}, tc.flags...)
				var out, errs strings.Builder
				code = Main(append(args, filepath.Join(dir, tc.claims)), strings.NewReader(""), &out, &errs)
				return out.String(), errs.String(), code
			}
			ledgerDir := t.TempDir()
			want, stderr, code := run(filepath.Join(ledgerDir, "sound.db"))
			if code != ExitRows {
				t.Fatalf("sound ledger: exit %d, want %d (S3 an error row):\n%s", code, ExitRows, stderr)
			}
			ledger := filepath.Join(ledgerDir, "failing.db")
			st, err := store.Open(ledger)
			if err != nil {
				t.Fatal(err)
			}
			st.Close()
			storetest.ExecSQL(t, ledger, `CREATE TRIGGER disk_full BEFORE INSERT ON entries WHEN NEW.psn_no = 'P3'
				BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END`)

			got, stderr, code := run(ledger)
			if code != ExitBroke {
				t.Errorf("failing ledger: exit %d, want %d; stderr:\n%s", code, ExitBroke, stderr)
			}
			wantErr := regexp.MustCompile(`^mpl run: ledger ` + regexp.QuoteMeta(ledger) +
				`: storing entry S4: .*database or disk is full.* \(claim S4, line ` + strconv.Itoa(tc.line) + `\)\n` +
				`mpl run: stopped at claim S4, line ` + strconv.Itoa(tc.line) + `: 3 rows written, in input order up to the first claim not settled`)
			if !wantErr.MatchString(stderr) {
				t.Errorf("stderr does not name the ledger and the claim:\n%s\nwant it to match %s", stderr, wantErr)
			}
			wantRows := strings.SplitAfter(want, "\n")
			if diff := cmp.Diff(strings.Join(wantRows[:3], ""), got); diff != "" {
				t.Errorf("rows written differ from the sound run's first three (-want +got):\n%s", diff)
			}

			storetest.ExecSQL(t, ledger, `DROP TRIGGER disk_full`)
			again, stderr, code := run(ledger)
			if code != ExitRows {
				t.Errorf("run again: exit %d, want %d:\n%s", code, ExitRows, stderr)
			}
			if diff := cmp.Diff(want, again); diff != "" {
				t.Errorf("run again once the ledger works differs from one sound run (-want +got):\n%s", diff)
			}
		})
	}
}

// A message names a ledger as given, but for a PostgreSQL URL's password.
func TestLedgerName(t *testing.T) {
	for dsn, want := range map[string]string{
		"mpl.db":                                           "mpl.db",
		"/var/lib/mpl/ledger.db":                           "/var/lib/mpl/ledger.db",
		"file:ledger.db?mode=rw":                           "file:ledger.db?mode=rw",
		"postgres://mpl:secret@db:5432/ledger":             "postgres://mpl:xxxxx@db:5432/ledger",
		"postgres://db/ledger?sslmode=disable":             "postgres://db/ledger?sslmode=disable",
		"postgres://db/ledger?password=s3cret&user=mpl":    "postgres://db/ledger?password=xxxxx&user=mpl",
		"postgresql://mpl:s3cret@db/ledger?password=again": "postgresql://mpl:xxxxx@db/ledger?password=xxxxx",
		"": "in memory",
	} {
		if got := ledgerName(dsn); got != want {
			t.Errorf("ledgerName(%q) = %q, want %q", dsn, got, want)
		}
	}
}
