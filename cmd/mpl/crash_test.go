package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// TestCrashResume kills a real `mpl run --ledger` process with SIGKILL at
// random points, runs the same batch again until it finishes, and checks
// that the ledger and the output are exactly those of one clean run: no
// claim lost, none applied twice, no account money made or lost.
func TestCrashResume(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the mpl command; skipped with -short")
	}
	dir, bin, policy := buildMPL(t)
	seed := uint64(time.Now().UnixNano())
	t.Logf("seed %d", seed)
	rng := rand.New(rand.NewPCG(seed, 1))
	claims, accounts := crashBatch(rng, 240, 24)
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	claimsFile, seedFile := write("claims.jsonl", claims), write("accounts.jsonl", accounts)
	mpl := func(args ...string) *exec.Cmd { return exec.Command(bin, args...) }
	run := func(db string) string {
		var out bytes.Buffer
		cmd := mpl("run", "-p", policy, "--ledger", db, claimsFile)
		cmd.Stdout = &out
		if err := cmd.Run(); err != nil {
			if _, rows := err.(*exec.ExitError); !rows || cmd.ProcessState.ExitCode() != 1 {
				t.Fatalf("mpl run: %v", err)
			}
		}
		return out.String()
	}
	export := func(db string) string {
		out, err := mpl("ledger", "export", "--ledger", db).Output()
		if err != nil {
			t.Fatalf("mpl ledger export: %v", err)
		}
		return string(out)
	}
	prepare := func(db string) {
		if out, err := mpl("ledger", "import", "--ledger", db, seedFile).CombinedOutput(); err != nil {
			t.Fatalf("mpl ledger import: %v\n%s", err, out)
		}
	}

	clean := filepath.Join(dir, "clean.db")
	prepare(clean)
	start := time.Now()
	wantOut := run(clean)
	took := time.Since(start)
	wantLedger := export(clean)
	if !strings.Contains(wantLedger, `"D310101"`) {
		t.Fatalf("the clean run paid nothing from the pooled fund:\n%s", wantLedger)
	}

	crashed := filepath.Join(dir, "crashed.db")
	prepare(crashed)
	kills, partial := 0, 0
	settledIn := func(db string) int { return strings.Count(export(db), `"C0000":`) }
	for range 6 {
		cmd := mpl("run", "-p", policy, "--ledger", crashed, claimsFile)
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(time.Duration(rng.Int64N(int64(took) + 1)))
		if cmd.Process.Kill() == nil {
			kills++
		}
		cmd.Wait()
		if n := settledIn(crashed); n > 0 && n < settledIn(clean) {
			partial++
		}
	}
	t.Logf("a clean run took %v; killed %d runs at random points, %d of them part-way through the batch", took, kills, partial)
	gotOut := run(crashed)
	if diff := cmp.Diff(wantOut, gotOut); diff != "" {
		t.Errorf("settlements after crashes differ from one clean run (-clean +resumed):\n%s", diff)
	}
	if diff := cmp.Diff(wantLedger, export(crashed)); diff != "" {
		t.Errorf("ledger after crashes differs from one clean run (-clean +resumed):\n%s", diff)
	}
}

// buildMPL builds the mpl command into a temporary directory and returns
// the directory, the binary and the 南京 employee policy's absolute path.
func buildMPL(t *testing.T) (dir, bin, policy string) {
	t.Helper()
	dir = t.TempDir()
	bin = filepath.Join(dir, "mpl")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	policy, err := filepath.Abs("../../policies/cn/nanjing/employee-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	return dir, bin, policy
}

// crashBatch makes n inpatient and outpatient claims for members employees
// of the 南京 policy, in random order of time, and their starting accounts.
func crashBatch(rng *rand.Rand, n, members int) (claims, accounts string) {
	var c, a strings.Builder
	for m := range members {
		fmt.Fprintf(&a, `{"psn_no":"M%02d","account":{"current":"0","carried":"%d.%02d"}}`+"\n", m, rng.IntN(5000), rng.IntN(100))
	}
	types := []string{"1101", "1201", "原退休"}
	for i := range n {
		m := rng.IntN(members)
		total := rng.IntN(3000000) + 100
		own := rng.IntN(total / 10)
		med := "21"
		if rng.IntN(3) == 0 {
			med = "11"
		}
		fmt.Fprintf(&c, `{"setl_id":"S%04d","psn_no":"M%02d","insutype":"310","psn_type":%q,"med_type":%q,"medins_lv":"3",`+
			`"setl_time":"2025-%02d-%02d","medfee_sumamt":"%s","fulamt_ownpay_amt":"%s","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"%s"}`+"\n",
			i, m, types[m%len(types)], med, 1+rng.IntN(12), 1+rng.IntN(28), fen(total), fen(own), fen(total-own))
	}
	return c.String(), a.String()
}

func fen(n int) string { return fmt.Sprintf("%d.%02d", n/100, n%100) }
