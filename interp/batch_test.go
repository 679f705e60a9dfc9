package interp_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
)

// tangledBatch makes claims of a few hundred members of the 南京 policy
// that touch each other in every way a batch can: family sharing across
// members, reversals, resubmitted and clashing setl_ids, bad rows.
func tangledBatch(rng *rand.Rand, n int) string {
	var b strings.Builder
	psns := make([]string, n)
	for i := range n {
		psn := fmt.Sprintf("P%03d", rng.IntN(300))
		id := fmt.Sprintf("S%05d", i)
		extra := ""
		switch rng.IntN(12) {
		case 0:
			extra = fmt.Sprintf(`,"mulaid_psn_no":"P%03d"`, rng.IntN(300))
		case 1:
			j := rng.IntN(i + 1)
			extra = fmt.Sprintf(`,"reverses":"S%05d"`, j)
			if rng.IntN(4) > 0 {
				psn = psns[j] // mostly the reversed claim's member; sometimes another
			}
		case 2:
			id = fmt.Sprintf("S%05d", rng.IntN(i+1)) // resubmitted, maybe by another member
		case 3:
			psn = "" // a bad row
		}
		psns[i] = psn
		total := 100 + rng.IntN(2000000)
		fmt.Fprintf(&b, `{"setl_id":%q,"psn_no":%q,"insutype":"310","psn_type":"%s","med_type":"%s","medins_lv":"3","setl_time":"2025-%02d-%02d",`+
			`"medfee_sumamt":"%s","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"%s"%s}`+"\n",
			id, psn, []string{"1101", "1201", "原退休"}[rng.IntN(3)], []string{"21", "11"}[rng.IntN(2)],
			1+rng.IntN(12), 1+rng.IntN(28), fen(total), fen(total), extra)
	}
	return b.String()
}

func fen(n int) string { return fmt.Sprintf("%d.%02d", n/100, n%100) }

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
			l.SetBalance(fmt.Sprintf("P%03d", i), money(fen(i*1013%500000)))
		}
		var out bytes.Buffer
		_, err := prog.RunBatch(context.Background(), l, claim.NewReader(strings.NewReader(batch), claim.JSONL),
			claim.NewWriter(&out, claim.JSONL), interp.BatchOptions{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		return out.String(), ledgerState(t, l)
	}
	wantRows, wantLedger := run(1)
	for _, re := range []string{`"acct_mulaid_pay":"[1-9]`, `"medfee_sumamt":"-`, `already settled for member`, `"line":\d+,"error"`} {
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
