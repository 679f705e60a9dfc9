package interp_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// tangledBatch makes claims of a few hundred members of the 南京 policy
// that touch each other in every way a batch can: family sharing across
// members, reversals (of the claim's amounts or others), resubmitted and
// clashing setl_ids, bad rows.
func tangledBatch(rng *rand.Rand, n int) string {
	var b strings.Builder
	psns := make([]string, n)
	totals := make([]int, n)
	for i := range n {
		member := rng.IntN(300)
		psn := fmt.Sprintf("P%03d", member)
		id := fmt.Sprintf("S%05d", i)
		extra := ""
		total := 100 + rng.IntN(2000000)
		switch rng.IntN(12) {
		case 0:
			// The next member, who has linked this one when it is even
			// (tangledLinks), or another, who has not.
			relative := (member + 1) % 300
			if rng.IntN(4) == 0 {
				relative = rng.IntN(300)
			}
			extra = fmt.Sprintf(`,"mulaid_psn_no":"P%03d"`, relative)
		case 1:
			j := rng.IntN(i + 1)
			extra = fmt.Sprintf(`,"reverses":"S%05d"`, j)
			if rng.IntN(4) > 0 {
				psn = psns[j] // mostly the reversed claim's member; sometimes another
			}
			if rng.IntN(4) > 0 {
				total = totals[j] // mostly its amounts; sometimes others
			}
		case 2:
			id = fmt.Sprintf("S%05d", rng.IntN(i+1)) // resubmitted, maybe by another member
		case 3:
			psn = "" // a bad row
		}
		psns[i], totals[i] = psn, total
		fmt.Fprintf(&b, `{"setl_id":%q,"psn_no":%q,"insutype":"310","psn_type":"%s","med_type":"%s","medins_lv":"3","setl_time":"2025-%02d-%02d",`+
			`"medfee_sumamt":"%s","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"%s"%s}`+"\n",
			id, psn, []string{"1101", "1201", "原退休"}[rng.IntN(3)], []string{"21", "11"}[rng.IntN(2)],
			1+rng.IntN(12), 1+rng.IntN(28), fen(total), fen(total), extra)
	}
	return b.String()
}

func fen(n int) string { return fmt.Sprintf("%d.%02d", n/100, n%100) }

// tangledLinks links, in l, each member after an even one to it for
// family sharing, as tangledBatch's claims ask.
func tangledLinks(t *testing.T, l *interp.MemoryLedger) {
	t.Helper()
	for i := 0; i < 300; i += 2 {
		owner, relative := fmt.Sprintf("P%03d", (i+1)%300), fmt.Sprintf("P%03d", i)
		if err := l.Update([]string{owner}, func(lg interp.Ledger) error { return interp.Link(lg, owner, relative, "配偶") }); err != nil {
			t.Fatal(err)
		}
	}
}

// TestParallelBatchEqualsOneWorker settles a tangled batch with one worker
// and with several, and requires the same rows and the same ledger.
func TestParallelBatchEqualsOneWorker(t *testing.T) {
	prog, _, err := interp.LoadFS(os.DirFS("../policies"), nanjingPath)
	if err != nil {
		t.Fatal(err)
	}
	seed := uint64(rand.Int64())
	t.Logf("seed %d", seed)
	batch := tangledBatch(rand.New(rand.NewPCG(seed, 2)), 3000)
	run := func(workers int) (string, map[string]string) {
		l := interp.NewMemoryLedger()
		for i := range 300 {
			if err := l.SetBalance(fmt.Sprintf("P%03d", i), money(fen(i*1013%500000))); err != nil {
				t.Fatal(err)
			}
		}
		tangledLinks(t, l)
		var out bytes.Buffer
		_, err := prog.RunBatch(context.Background(), l, claim.NewReader(strings.NewReader(batch), claim.JSONL),
			claim.NewWriter(&out, claim.JSONL), interp.BatchOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return out.String(), ledgerState(t, l)
	}
	wantRows, wantLedger := run(1)
	for _, re := range []string{`"acct_mulaid_pay":"[1-9]`, `has not linked`, `"medfee_sumamt":"-`, `already settled for member`, `"line":\d+,"error"`} {
		if !regexp.MustCompile(re).MatchString(wantRows) {
			t.Fatalf("the batch does not exercise family sharing, reversals, clashing ids and bad rows: no %s", re)
		}
	}
	for _, workers := range []int{2, 4, 7} {
		gotRows, gotLedger := run(workers)
		if diff := cmp.Diff(strings.Split(wantRows, "\n"), strings.Split(gotRows, "\n")); diff != "" {
			t.Errorf("%d workers: rows differ from one worker's (-one +many):\n%s", workers, diff)
		}
		if diff := cmp.Diff(wantLedger, gotLedger); diff != "" {
			t.Errorf("%d workers: ledger differs from one worker's (-one +many):\n%s", workers, diff)
		}
	}
}

// BenchmarkRunBatchWorkers reads, settles and writes the tangled batch with
// one worker and with two, on the in-memory ledger.
func BenchmarkRunBatchWorkers(b *testing.B) {
	prog := loadNanjing(b)
	data := []byte(tangledBatch(rand.New(rand.NewPCG(1, 2)), 10000))
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				_, err := prog.RunBatch(context.Background(), interp.NewMemoryLedger(), claim.NewReader(bytes.NewReader(data), claim.JSONL),
					claim.NewWriter(io.Discard, claim.JSONL), interp.BatchOptions{Workers: workers})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*10000)/b.Elapsed().Seconds(), "claims/s")
		})
	}
}

// TestWhatIfBatchEqualsMemory: on a batch with no reversal and no repeated
// setl_id (not in setl_time order, with family sharing, bad rows and
// balances to draw on), a whole batch settled against a WhatIfLedger, on
// the fast path where the policy allows, writes what it writes against a
// MemoryLedger, byte for byte, and leaves the same years and accounts;
// under every shipped policy, with one worker and several, settling and
// presettling (which the what-if ledger does on the decimal path, so as to
// add no member).
func TestWhatIfBatchEqualsMemory(t *testing.T) {
	n := 800
	if testing.Short() {
		n = 300
	}
	for _, pp := range propertyPolicies(t) {
		t.Run(strings.ReplaceAll(pp.name, "/", "_"), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, uint64(len(pp.name))))
			lines := strings.SplitAfter(orderedBatch(rng, pp, n), "\n")
			rng.Shuffle(len(lines), func(i, j int) { lines[i], lines[j] = lines[j], lines[i] })
			batch := strings.Join(lines, "")
			rows, err := interp.ReadAll(claim.NewReader(strings.NewReader(batch), claim.JSONL))
			if err != nil {
				t.Fatal(err)
			}
			if interp.KeepsSettlements(rows) {
				t.Fatal("the batch has a reversal or a repeated setl_id: it tests nothing")
			}
			balances := map[string]string{"M000": "300.00", "M001": "50000.00", "M007": "12.34"}
			for _, f := range []claim.Format{claim.JSONL, claim.CSV} {
				for _, opt := range []interp.BatchOptions{{}, {Workers: 3}, {Presettle: true}} {
					run := func(st interp.Store, seed func(string, decimal.Decimal) error) (string, interp.BatchStats, map[string]string) {
						for m, b := range balances {
							if err := seed(m, decimal.RequireFromString(b)); err != nil {
								t.Fatal(err)
							}
						}
						var out bytes.Buffer
						s, err := pp.prog.RunBatch(context.Background(), st, claim.NewReader(strings.NewReader(batch), claim.JSONL),
							claim.NewWriter(&out, f), opt)
						if err != nil {
							t.Fatal(err)
						}
						return out.String(), s, ledgerState(t, st)
					}
					mem := interp.NewMemoryLedger()
					want, wantStats, wantLedger := run(mem, mem.SetBalance)
					if wantStats.Settled < n/20 {
						t.Fatalf("only %d of %d claims settled: the batch tests little", wantStats.Settled, n)
					}
					wl := pp.prog.NewWhatIfLedger()
					got, gotStats, gotLedger := run(wl, wl.SetBalance)
					if diff := cmp.Diff(strings.Split(want, "\n"), strings.Split(got, "\n")); diff != "" {
						t.Fatalf("%s, %+v: what-if rows differ (-memory +what-if):\n%s", f, opt, diff)
					}
					if gotStats != wantStats {
						t.Errorf("%s, %+v: stats %+v, memory's %+v", f, opt, gotStats, wantStats)
					}
					// The what-if ledger knows every member a claim named,
					// settled or not; the memory ledger those it committed.
					for k, v := range gotLedger {
						if _, ok := wantLedger[k]; !ok && v == "0.00 / 0.00" {
							delete(gotLedger, k)
						}
					}
					if diff := cmp.Diff(wantLedger, gotLedger); diff != "" {
						t.Errorf("%s, %+v: ledger differs (-memory +what-if):\n%s", f, opt, diff)
					}
				}
			}
		})
	}
}

func TestKeepsSettlements(t *testing.T) {
	row := func(id, reverses string) interp.Result {
		return interp.Result{Claim: &claim.Claim{SetlID: id, Reverses: reverses}}
	}
	tests := []struct {
		name string
		rows []interp.Result
		want bool
	}{
		{"none", nil, false},
		{"distinct ids", []interp.Result{row("A", ""), row("B", ""), {Err: &claim.Error{Line: 3}}}, false},
		{"a reversal", []interp.Result{row("A", ""), row("R", "A")}, true},
		{"a repeated id", []interp.Result{row("A", ""), row("B", ""), row("A", "")}, true},
	}
	for _, tc := range tests {
		if got := interp.KeepsSettlements(tc.rows); got != tc.want {
			t.Errorf("%s: KeepsSettlements = %v, want %v", tc.name, got, tc.want)
		}
	}
}

func TestFitsWhatIf(t *testing.T) {
	row := func(id, total string) interp.Result {
		return interp.Result{Claim: &claim.Claim{SetlID: id, MedfeeSumamt: decimal.RequireFromString(total)}}
	}
	tests := []struct {
		name string
		rows []interp.Result
		want bool
	}{
		{"ordinary", []interp.Result{row("A", "20000.00"), row("B", "35.50"), {Err: &claim.Error{Line: 3}}}, true},
		{"a reversal", []interp.Result{row("A", "1.00"), {Claim: &claim.Claim{SetlID: "R", Reverses: "A"}}}, false},
		{"up to the range", []interp.Result{row("A", "5000000000000.00"), row("B", "5000000000000.00")}, true},
		{"beyond it together", []interp.Result{row("A", "5000000000000.00"), row("B", "5000000000000.01")}, false},
		{"beyond it alone", []interp.Result{row("A", "100000000000000.00")}, false},
	}
	for _, tc := range tests {
		if got := interp.FitsWhatIf(tc.rows); got != tc.want {
			t.Errorf("%s: FitsWhatIf = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// whatIfAndMemory runs batch whole against a MemoryLedger and a
// WhatIfLedger, and returns both outputs, counts and errors.
func whatIfAndMemory(t *testing.T, prog *interp.Program, batch string) (mem, whatIf string, memStats, whatIfStats interp.BatchStats, memErr, whatIfErr error) {
	t.Helper()
	run := func(st interp.Store) (string, interp.BatchStats, error) {
		var out bytes.Buffer
		s, err := prog.RunBatch(context.Background(), st, claim.NewReader(strings.NewReader(batch), claim.JSONL), claim.NewWriter(&out, claim.JSONL), interp.BatchOptions{})
		return out.String(), s, err
	}
	mem, memStats, memErr = run(interp.NewMemoryLedger())
	whatIf, whatIfStats, whatIfErr = run(prog.NewWhatIfLedger())
	return
}

// fractionalCapPolicy is the 天津 resident policy with a per-visit cap of
// ¥2001.01 × 50% = 1000.505, which the policy's rounding (half up) makes
// 1000.51 where it is applied. line makes one inpatient claim under it.
func fractionalCapPolicy(t *testing.T) (prog *interp.Program, line func(id, psn, day, amount string) string) {
	t.Helper()
	src, err := os.ReadFile("../policies/cn/tianjin/resident-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	pol := strings.Replace(string(src), "    ratio  住院统筹比例\n", "    ratio  住院统筹比例\n    cap    ¥2001.01 * 50% per visit\n", 1)
	if pol == string(src) {
		t.Fatal("the policy no longer has the line the test changes")
	}
	file := filepath.Join(t.TempDir(), "p.mpl")
	if err := os.WriteFile(file, []byte(pol), 0o644); err != nil {
		t.Fatal(err)
	}
	prog, _, err = interp.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	line = func(id, psn, day, amount string) string {
		return `{"setl_id":"` + id + `","psn_no":"` + psn + `","insutype":"390","psn_type":"1501","med_type":"21","medins_lv":"3","setl_time":"2025-` + day +
			`","medfee_sumamt":"` + amount + `","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"` + amount + `"}` + "\n"
	}
	return prog, line
}

// TestFractionalCapSettles: a cap worked out to a fraction of a fen is
// rounded where it is applied, so the settlement is whole fen, is stored
// (settled again, the claim returns it), and shows the rounded cap. It was
// refused as an error row before caps were rounded; claim.CheckFen still
// refuses any figure that is not whole fen, but no construct of the
// language leaves one now.
func TestFractionalCapSettles(t *testing.T) {
	prog, line := fractionalCapPolicy(t)
	c, err := claim.NewReader(strings.NewReader(line("F1", "T01", "05-01", "1000.00")), claim.JSONL).Next()
	if err != nil {
		t.Fatal(err)
	}
	l := interp.NewMemoryLedger()
	for range 2 {
		s, err := prog.SettleIn(l, c, interp.Options{})
		if err != nil {
			t.Fatal(err)
		}
		// 1000.00 × 50% = 500.00 under the 1000.51 cap.
		got := []string{s.Setlinfo.HifpPay.StringFixed(2), s.Setldetail[0].CrtPaybLmtAmt.String()}
		if diff := cmp.Diff([]string{"500.00", "1000.51"}, got); diff != "" {
			t.Errorf("hifp_pay, crt_payb_lmt_amt (-want +got):\n%s", diff)
		}
	}
	if _, ok, _ := l.Entry("F1"); !ok {
		t.Error("the settlement is not stored")
	}
}

// A batch of such claims among bad rows settles them alike on the memory
// ledger, the what-if ledger and in a stream, the bad rows error rows.
func TestFractionalCapInABatch(t *testing.T) {
	prog, line := fractionalCapPolicy(t)
	batch := strings.Repeat(`{"setl_id":"BAD"}`+"\n", 50) + line("F1", "T01", "05-01", "1000.00") + line("F2", "T02", "03-01", "1000.00") +
		line("OK1", "T03", "04-01", "2100.00")
	mem, whatIf, ms, ws, merr, werr := whatIfAndMemory(t, prog, batch)
	if merr != nil || werr != nil {
		t.Fatal(merr, werr)
	}
	rows := strings.Split(strings.TrimSuffix(mem, "\n"), "\n")
	if len(rows) != 53 {
		t.Fatalf("%d rows for 53 lines:\n%s", len(rows), mem)
	}
	// 1000.00 × 50% = 500.00; 2100.00 × 50% = 1050.00, held to the 1000.51 cap.
	for i, want := range map[int]string{50: `"hifp_pay":"500.00"`, 51: `"hifp_pay":"500.00"`, 52: `"hifp_pay":"1000.51"`} {
		if !strings.Contains(rows[i], want) || !strings.Contains(rows[i], `"crt_payb_lmt_amt":"1000.51"`) {
			t.Errorf("row %d is\n%s\nwant it to hold %s and the cap 1000.51", i+1, rows[i], want)
		}
	}
	if want := (interp.BatchStats{Rows: 53, Settled: 3, Errors: 50, Through: 53}); ms != want {
		t.Errorf("stats %+v, want %+v", ms, want)
	}
	if diff := cmp.Diff([]any{mem, ms}, []any{whatIf, ws}); diff != "" {
		t.Errorf("(-memory +what-if):\n%s", diff)
	}
	settleBoth(t, prog, batch, claim.JSONL, claim.JSONL, nil, 2)
}

// TestWhatIfLedgerNeverWraps: claims whose running totals would pass what
// the what-if ledger holds get error rows, never figures that wrapped;
// every row it settles is the memory ledger's.
func TestWhatIfLedgerNeverWraps(t *testing.T) {
	prog, _, err := interp.LoadFile("../policies/cn/tianjin/resident-2025.mpl")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for i := range 18500 {
		fmt.Fprintf(&b, `{"setl_id":"W%d","psn_no":"T01","insutype":"390","psn_type":"1501","med_type":"21","medins_lv":"3","setl_time":"2025-03-01",`+
			`"medfee_sumamt":"10000000000000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"10000000000000.00"}`+"\n", i)
	}
	mem, whatIf, _, ws, merr, werr := whatIfAndMemory(t, prog, b.String())
	if merr != nil || werr != nil {
		t.Fatal(merr, werr)
	}
	memRows, whatIfRows := strings.Split(mem, "\n"), strings.Split(whatIf, "\n")
	for i := range memRows {
		if whatIfRows[i] != memRows[i] && !strings.Contains(whatIfRows[i], `"field":"medfee_sumamt","message":"this claim takes the member's year past what a what-if ledger holds`) {
			t.Fatalf("row %d: the what-if ledger writes\n%.300s\nthe memory ledger\n%.300s", i+1, whatIfRows[i], memRows[i])
		}
	}
	if ws.Errors == 0 {
		t.Fatal("no row reached the what-if ledger's limit: the test tests nothing")
	}
}

// TestWhatIfBatchLendsItsLedger: while a whole batch settles on a what-if
// ledger, split among goroutines or not, Progress may read the ledger.
func TestWhatIfBatchLendsItsLedger(t *testing.T) {
	prog := loadNanjing(t)
	batch := tangledBatch(rand.New(rand.NewPCG(4, 4)), 400)
	for _, workers := range []int{1, 2} {
		wl := prog.NewWhatIfLedger()
		endsWithin(t, time.Minute, fmt.Sprintf("a batch on %d workers whose Progress reads its ledger", workers), func() error {
			_, err := prog.RunBatch(context.Background(), wl, claim.NewReader(strings.NewReader(batch), claim.JSONL),
				claim.NewWriter(io.Discard, claim.JSONL), interp.BatchOptions{Workers: workers, Progress: readLedger(t, wl)})
			return err
		})
	}
}
