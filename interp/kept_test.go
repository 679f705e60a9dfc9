package interp_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// A settlement the fast path kept answers a claim sent again and a
// reversal as Settle's entry would, and where Settle has something else
// to say (the claim is another member's or has other figures, the
// settlement is reversed already, the reversal is itself to be kept or
// gives other amounts, or another person type or kind of care, than what
// it reverses) the claim goes to Settle:
// a stream over a what-if ledger told to keep those ids writes what the
// whole batch writes over a MemoryLedger, which keeps everything. The
// batch is one no check would let stream (a setl_id two members name):
// the ids to keep come from another batch, as an embedding program might
// mix them up.
func TestFastKeptAnswersAsSettle(t *testing.T) {
	prog := loadNanjing(t)
	line := keptLine
	named := line("S1", "A", "2025-01-01 08:00:00", "") + line("S1", "A", "2025-01-01 08:00:00", "") +
		line("R1", "A", "2025-02-01 08:00:00", "S1") + line("R1", "A", "2025-02-01 08:00:00", "S1") +
		line("S2", "A", "2025-03-01 08:00:00", "") + line("S2", "A", "2025-03-01 08:00:00", "") +
		line("S3", "A", "2025-04-01 08:00:00", "") + line("S3", "A", "2025-04-01 08:00:00", "") +
		line("S4", "A", "2025-05-01 08:00:00", "") + line("S4", "A", "2025-05-01 08:00:00", "") +
		line("S5", "A", "2025-06-01 08:00:00", "") + line("S5", "A", "2025-06-01 08:00:00", "")
	keep, ok, err := prog.StreamsAsBatch(strings.NewReader(named), claim.JSONL, false)
	if err != nil || !ok || keep.Len() != 6 {
		t.Fatalf("StreamsAsBatch = %d kept, %v, %v; want S1, R1, S2, S3, S4 and S5", keep.Len(), ok, err)
	}
	psnType := func(line, psnType string) string {
		return strings.Replace(line, `"psn_type":"1101"`, `"psn_type":"`+psnType+`"`, 1)
	}
	batch := line("S1", "A", "2025-01-01 08:00:00", "") +
		line("S1", "A", "2025-01-15 08:00:00", "") + // sent again
		strings.ReplaceAll(line("S1", "A", "2025-01-16 08:00:00", ""), `"2000.00"`, `"3000.00"`) + // … with another total
		line("R1", "A", "2025-02-01 08:00:00", "S1") + // a reversal that is kept
		line("R1", "A", "2025-02-02 08:00:00", "S1") + // … and sent again
		line("R9", "A", "2025-02-03 08:00:00", "S1") + // reversed already
		line("S2", "A", "2025-03-01 08:00:00", "") +
		line("R2", "B", "2025-03-02 08:00:00", "S2") + // another member's settlement
		line("S2", "B", "2025-03-03 08:00:00", "") + // another member's setl_id
		line("R3", "A", "2025-03-04 08:00:00", "S2") + // reversed
		line("S2", "A", "2025-03-05 08:00:00", "") + // sent again after its reversal
		line("S3", "A", "2025-04-01 08:00:00", "") +
		strings.ReplaceAll(line("R6", "A", "2025-04-01 09:00:00", "S3"), `"2000.00"`, `"500.00"`) + // a reversal of other amounts
		line("R4", "A", "2025-04-02 08:00:00", "S3") + // reversed on the fast path
		line("R5", "A", "2025-04-03 08:00:00", "S3") + // … and again
		line("S3", "A", "2025-04-04 08:00:00", "") + // sent again after its reversal
		line("S4", "A", "2025-05-01 08:00:00", "") +
		line("S4", "B", "2025-05-02 08:00:00", "") + // another member's setl_id
		line("S4", "A", "2025-05-03 08:00:00", "") + // sent again
		line("S5", "A", "2025-06-01 08:00:00", "") +
		psnType(line("S5", "A", "2025-06-02 08:00:00", ""), "1201") + // sent again, of another person type
		psnType(line("S5", "A", "2025-06-03 08:00:00", ""), "在职") + // … of the same, by its label
		strings.Replace(line("S5", "A", "2025-06-04 08:00:00", ""), `"med_type":"21"`, `"med_type":"11"`, 1) + // … of another kind of care
		psnType(line("R7", "A", "2025-06-05 08:00:00", "S5"), "1201") + // a reversal of another person type
		psnType(line("R8", "A", "2025-06-06 08:00:00", "S5"), "在职") // reversed on the fast path, the person type by its label
	for _, out := range []claim.Format{claim.JSONL, claim.CSV} {
		var want bytes.Buffer
		if _, err := prog.RunBatch(context.Background(), interp.NewMemoryLedger(), claim.NewReader(strings.NewReader(batch), claim.JSONL),
			claim.NewWriter(&want, out), interp.BatchOptions{}); err != nil {
			t.Fatal(err)
		}
		wl := prog.NewWhatIfLedger()
		wl.Keep(keep)
		var got bytes.Buffer
		if _, err := prog.RunStream(context.Background(), wl, strings.NewReader(batch), claim.JSONL,
			claim.NewWriter(&got, out), interp.BatchOptions{Workers: 1}); err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(strings.Split(want.String(), "\n"), strings.Split(got.String(), "\n")); diff != "" {
			t.Errorf("%s: stream differs from batch (-batch +stream):\n%s", out, diff)
		}
	}
}

// keptLine is a claim of 2000 yuan in scope, reversing reverses if that
// is not "".
func keptLine(id, psn, at, reverses string) string {
	rev := ""
	if reverses != "" {
		rev = `"reverses":"` + reverses + `",`
	}
	return `{"setl_id":"` + id + `",` + rev + `"psn_no":"` + psn + `","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"` + at +
		`","medfee_sumamt":"2000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"2000.00"}` + "\n"
}

// A reversal that would leave its member's balc below zero (a balance
// below zero between two runs over one ledger, which SetBalances refuses
// but a store edited by hand could hold) is Settle's to refuse,
// as checkInvariants does: the fast path leaves it alone.
func TestFastReversalBelowZero(t *testing.T) {
	prog := loadNanjing(t)
	first := keptLine("S1", "A", "2025-01-01 08:00:00", "")
	second := keptLine("R1", "A", "2025-02-01 08:00:00", "S1")
	keep, ok, err := prog.StreamsAsBatch(strings.NewReader(first+second), claim.JSONL, false)
	if err != nil || !ok {
		t.Fatalf("StreamsAsBatch = %v, %v", ok, err)
	}
	mem, wl := interp.NewMemoryLedger(), prog.NewWhatIfLedger()
	wl.Keep(keep)
	var want, got bytes.Buffer
	run := func(in string) {
		t.Helper()
		if _, err := prog.RunBatch(context.Background(), mem, claim.NewReader(strings.NewReader(in), claim.JSONL),
			claim.NewWriter(&want, claim.JSONL), interp.BatchOptions{}); err != nil {
			t.Fatal(err)
		}
		if _, err := prog.RunStream(context.Background(), wl, strings.NewReader(in), claim.JSONL,
			claim.NewWriter(&got, claim.JSONL), interp.BatchOptions{Workers: 1}); err != nil {
			t.Fatal(err)
		}
	}
	run(first)
	below := decimal.New(-1, -2)
	for _, st := range []interp.Store{mem, wl} {
		if err := interp.SetBalancesUnchecked(st, "A", decimal.Zero, below); err != nil {
			t.Fatal(err)
		}
	}
	run(second)
	if !strings.Contains(want.String(), "below zero") {
		t.Fatalf("the batch settles the reversal:\n%s", want.String())
	}
	if diff := cmp.Diff(strings.Split(want.String(), "\n"), strings.Split(got.String(), "\n")); diff != "" {
		t.Errorf("stream differs from batch (-batch +stream):\n%s", diff)
	}
}

// A what-if ledger told to keep settlements until their last claim
// (KeepUntilLast, as mpl run does) writes what the whole batch writes and
// holds nothing by the end (settleBoth fails otherwise) however the
// batch's claims name a kept setl_id: sent again several times, reversed
// twice, reversed and then sent again, and named by a line that is no
// claim — which StreamsAsBatch counts where the line is plain enough to
// read its keys without parsing it (claim.ReadLineKeys), and not where
// it must parse it (an escape, a reversal); read as JSON Lines and as
// CSV, on one goroutine and on several.
func TestKeepUntilLast(t *testing.T) {
	prog := loadNanjing(t)
	line := keptLine
	bad := func(l, field string) string { return strings.Replace(l, "{", "{"+field+",", 1) }
	for name, batch := range map[string]string{
		"sent again three times": line("S1", "A", "2025-01-01 08:00:00", "") + line("S1", "A", "2025-01-02 08:00:00", "") +
			line("S2", "B", "2025-01-02 08:00:00", "") + line("S1", "A", "2025-01-03 08:00:00", "") + line("S1", "A", "2025-01-04 08:00:00", ""),
		"reversed twice, then sent again": line("S1", "A", "2025-01-01 08:00:00", "") + line("R1", "A", "2025-01-02 08:00:00", "S1") +
			line("R2", "A", "2025-01-03 08:00:00", "S1") + line("S1", "A", "2025-01-04 08:00:00", "") + line("S3", "A", "2025-01-05 08:00:00", ""),
		"a plain line that is no claim, then the claim": bad(line("S1", "A", "2025-03-01 08:00:00", ""), `"age":"abc"`) +
			line("S1", "A", "2025-04-01 08:00:00", "") + line("R1", "A", "2025-04-02 08:00:00", "S1"),
		"the claim, then a plain line that is no claim": line("S1", "A", "2025-03-01 08:00:00", "") +
			bad(line("S1", "A", "2025-04-01 08:00:00", ""), `"age":"abc"`) + line("S2", "B", "2025-04-02 08:00:00", ""),
		"a line with an escape that is no claim": bad(line("S1", "A", "2025-03-01 08:00:00", ""), `"memo":"a\"b","age":"abc"`) +
			line("S1", "A", "2025-04-01 08:00:00", "") + line("S1", "A", "2025-04-02 08:00:00", ""),
		"a reversal that is no claim": line("S1", "A", "2025-03-01 08:00:00", "") +
			bad(line("R1", "A", "2025-04-01 08:00:00", "S1"), `"age":"abc"`) + line("R2", "A", "2025-04-02 08:00:00", "S1"),
	} {
		t.Run(name, func(t *testing.T) {
			if keep, ok, err := prog.StreamsAsBatch(strings.NewReader(batch), claim.JSONL, false); err != nil || !ok || keep.Len() == 0 {
				t.Fatalf("StreamsAsBatch = %d kept, %v, %v: the test tests nothing", keep.Len(), ok, err)
			}
			for _, workers := range []int{1, 2} {
				settleBoth(t, prog, batch, claim.JSONL, claim.JSONL, nil, workers)
				settleBoth(t, prog, csvOf(t, batch), claim.CSV, claim.JSONL, nil, workers)
			}
		})
	}
}

// Telling a what-if ledger what to keep while a stream on one goroutine
// runs over it (Keep's "from here on") races with nothing the stream's
// parsing workers read, lines that are no claim among them: run with
// -race.
func TestKeepWhileStreaming(t *testing.T) {
	prog := loadNanjing(t)
	var b strings.Builder
	for i := range 2000 {
		l := keptLine(fmt.Sprint("S", i), fmt.Sprint("P", i%50), "2025-01-01 08:00:00", "")
		if i%2 == 0 {
			l = strings.Replace(l, "{", `{"age":"abc",`, 1) // no claim
		}
		b.WriteString(l)
	}
	batch := b.String()
	keep, ok, err := prog.StreamsAsBatch(strings.NewReader(batch), claim.JSONL, false)
	if err != nil || !ok {
		t.Fatalf("StreamsAsBatch = %v, %v", ok, err)
	}
	wl := prog.NewWhatIfLedger()
	wl.KeepUntilLast(keep)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 100 {
			wl.KeepUntilLast(keep)
		}
	}()
	st, err := prog.RunStream(context.Background(), wl, strings.NewReader(batch), claim.JSONL,
		claim.NewWriter(io.Discard, claim.JSONL), interp.BatchOptions{Workers: 1})
	<-done
	if err != nil || st.Rows != 2000 || st.Errors != 1000 {
		t.Fatalf("RunStream = %+v, %v; want 2000 rows, 1000 errors", st, err)
	}
}

// A claim sent again after a later claim of its member changes nothing,
// so a stream answers it as the batch does (the settlement held, or the
// error on what differs) rather than as a row out of order: over a ledger
// that keeps every settlement, over one that keeps the batch's repeated
// setl_ids, and run again over the same ledger, as a restarted run is.
// The reversal sent again after a later claim is one too.
func TestStreamSentAgainLate(t *testing.T) {
	prog := loadNanjing(t)
	line := keptLine
	batch := line("E1", "A", "2025-03-10 08:00:00", "") +
		line("E2", "A", "2025-04-01 08:00:00", "") +
		line("E1", "A", "2025-03-10 08:00:00", "") + // sent again, late
		strings.ReplaceAll(line("E1", "A", "2025-03-10 08:00:00", ""), `"2000.00"`, `"900.00"`) + // … with other amounts
		line("E3", "A", "2025-04-02 08:00:00", "E1") +
		line("E4", "A", "2025-05-02 08:00:00", "") +
		line("E3", "A", "2025-04-02 08:00:00", "E1") // the reversal sent again, late
	var want bytes.Buffer
	if _, err := prog.RunBatch(context.Background(), interp.NewMemoryLedger(), claim.NewReader(strings.NewReader(batch), claim.JSONL),
		claim.NewWriter(&want, claim.JSONL), interp.BatchOptions{}); err != nil {
		t.Fatal(err)
	}
	wantRows := strings.Split(want.String(), "\n")
	stream := func(st interp.Store) []string {
		var got bytes.Buffer
		if _, err := prog.RunStream(context.Background(), st, strings.NewReader(batch), claim.JSONL,
			claim.NewWriter(&got, claim.JSONL), interp.BatchOptions{Workers: 1}); err != nil {
			t.Fatal(err)
		}
		return strings.Split(got.String(), "\n")
	}
	mem := interp.NewMemoryLedger()
	keep, _, err := prog.StreamsAsBatch(strings.NewReader(line("E1", "A", "2025-01-01 08:00:00", "")+line("E1", "A", "2025-01-01 08:00:00", "")+
		line("E3", "A", "2025-01-01 08:00:00", "E1")+line("E3", "A", "2025-01-01 08:00:00", "E1")), claim.JSONL, false)
	if err != nil || keep.Len() != 2 {
		t.Fatalf("StreamsAsBatch = %v, %v; want E1 and E3 kept", keep, err)
	}
	wl := prog.NewWhatIfLedger()
	wl.Keep(keep)
	for _, run := range []struct {
		name string
		st   interp.Store
	}{{"memory", mem}, {"memory, run again", mem}, {"what-if", wl}} {
		if diff := cmp.Diff(wantRows, stream(run.st)); diff != "" {
			t.Errorf("%s: stream differs from batch (-batch +stream):\n%s", run.name, diff)
		}
	}
}
