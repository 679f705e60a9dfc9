package interp_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// memberOrderedBatch is orderedBatch with the members' claims interleaved
// at random: each member's claims still in setl_time order, the batch's
// not.
func memberOrderedBatch(rng *rand.Rand, pp propertyPolicy, n int) string {
	var queues [][]string
	byMember := map[string]int{}
	for _, line := range strings.SplitAfter(orderedBatch(rng, pp, n), "\n") {
		if line == "" {
			continue
		}
		key, _ := claim.MemberKey(line) // a line with none: all such lines in one queue
		q, ok := byMember[key]
		if !ok {
			q = len(queues)
			byMember[key] = q
			queues = append(queues, nil)
		}
		queues[q] = append(queues[q], line)
	}
	var b strings.Builder
	for len(queues) > 0 {
		q := rng.IntN(len(queues))
		b.WriteString(queues[q][0])
		if queues[q] = queues[q][1:]; len(queues[q]) == 0 {
			queues = append(queues[:q], queues[q+1:]...)
		}
	}
	return b.String()
}

// withReversals adds to a batch in setl_time order (each member's, or the
// whole batch's) reversals and claims sent again, each by the member of
// what it names and at the time of the line it follows, so that the order
// holds: of a claim already reversed, of one that failed, of one not in
// the batch, and ones that give a psn_type or med_type of another claim of
// the batch, which may differ from the claim's.
func withReversals(t testing.TB, rng *rand.Rand, batch string) string {
	t.Helper()
	var b strings.Builder
	seen := map[string][]map[string]any{} // by member, its claims so far
	codes := map[string][]any{}           // by field, the codes claims so far gave it
	for n, line := range strings.SplitAfter(batch, "\n") {
		b.WriteString(line)
		d := json.NewDecoder(strings.NewReader(line))
		d.UseNumber()
		var c map[string]any
		if d.Decode(&c) != nil {
			continue // no claim
		}
		psn, _ := c["psn_no"].(string)
		at, ok := c["setl_time"].(string)
		if !ok {
			continue
		}
		seen[psn] = append(seen[psn], c)
		for _, f := range []string{"psn_type", "med_type"} {
			if v, ok := c[f]; ok {
				codes[f] = append(codes[f], v)
			}
		}
		another := func(f string) any { return codes[f][rng.IntN(len(codes[f]))] }
		earlier := seen[psn][rng.IntN(len(seen[psn]))]
		add := func(edit func(c map[string]any)) {
			c := maps.Clone(earlier)
			c["setl_time"] = at
			edit(c)
			out, err := json.Marshal(c)
			if err != nil {
				t.Fatal(err)
			}
			b.Write(append(out, '\n'))
		}
		switch rng.IntN(20) {
		case 0, 1:
			add(func(c map[string]any) { c["reverses"], c["setl_id"] = c["setl_id"], fmt.Sprintf("R%d", n) })
		case 2:
			add(func(c map[string]any) {}) // sent again
		case 3:
			add(func(c map[string]any) {
				c["reverses"], c["setl_id"] = fmt.Sprintf("NOT-IN-BATCH-%d", n), fmt.Sprintf("R%d", n)
			})
		case 4:
			add(func(c map[string]any) {
				c["reverses"], c["setl_id"] = c["setl_id"], fmt.Sprintf("R%d", n)
				if _, ok := c["psn_type"]; ok {
					c["psn_type"] = another("psn_type")
				}
			})
		case 5:
			add(func(c map[string]any) {
				if _, ok := c["med_type"]; ok {
					c["med_type"] = another("med_type")
				}
			})
		}
	}
	return b.String()
}

// streamsAsBatch is prog.StreamsAsBatch on batch.
func streamsAsBatch(t *testing.T, prog *interp.Program, batch string, seeded bool) bool {
	t.Helper()
	_, ok := keepOf(t, prog, batch, claim.JSONL, seeded)
	return ok
}

// keepOf is prog.StreamsAsBatch on batch: whether it streams, and what its
// what-if ledger must keep. It fails unless StreamsAsBatchAt, the batch cut
// into 2 to 9 parts, says the same; and, JSON Lines in 2 and 3 parts read
// from their end back a window of 300 or 2000 bytes at a time, so that a
// short batch's spans are read from both ends: the back reading first, as
// far as it goes, and the two at once, meeting wherever they do.
func keepOf(t *testing.T, prog *interp.Program, batch string, f claim.Format, seeded bool) (*interp.KeepSet, bool) {
	t.Helper()
	keep, ok, err := prog.StreamsAsBatch(strings.NewReader(batch), f, seeded)
	if err != nil {
		t.Fatal(err)
	}
	// The setl_ids a JSON Lines batch names, to ask both KeepSets of.
	var ids []string
	for _, m := range namedID.FindAllStringSubmatch(batch, -1) {
		ids = append(ids, m[1])
	}
	type said struct {
		OK      bool
		Len     int
		Kept    []string
		Members int // the room it asks the ledger to make
	}
	sayOf := func(keep *interp.KeepSet, ok bool) said {
		s := said{OK: ok, Len: keep.Len(), Members: interp.KeepSetMembers(keep)}
		for _, id := range ids {
			if keep.Has(id) {
				s.Kept = append(s.Kept, id)
			}
		}
		return s
	}
	want := sayOf(keep, ok)
	for parts := 2; parts <= 9; parts++ {
		keepAt, okAt, err := prog.StreamsAsBatchAt(strings.NewReader(batch), int64(len(batch)), f, seeded, parts)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, sayOf(keepAt, okAt)); diff != "" {
			t.Fatalf("StreamsAsBatchAt in %d parts (-StreamsAsBatch +At):\n%s", parts, diff)
		}
	}
	for _, back := range []struct {
		parts, window int
		first         bool
	}{{2, 300, true}, {3, 2000, true}, {2, 2000, false}, {3, 300, false}} {
		if f != claim.JSONL {
			break // CSV is read forward only
		}
		keepAt, okAt, err := interp.StreamsAsBatchAtWindow(prog, strings.NewReader(batch), int64(len(batch)), f, seeded, back.parts, back.window, back.first)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, sayOf(keepAt, okAt)); diff != "" {
			t.Fatalf("StreamsAsBatchAt in %d parts, read back %d bytes at a time, back first %v (-StreamsAsBatch +At):\n%s", back.parts, back.window, back.first, diff)
		}
	}
	// The same with every full block of 16 setl_ids in a file.
	for _, parts := range []int{1, 3} {
		keepAt, okAt, err := interp.StreamsAsBatchAtSpilling(prog, strings.NewReader(batch), int64(len(batch)), f, seeded, parts, 16)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(want, sayOf(keepAt, okAt)); diff != "" {
			t.Fatalf("StreamsAsBatchAt in %d parts, setl_ids in a file (-StreamsAsBatch +At):\n%s", parts, diff)
		}
	}
	return keep, ok
}

// namedID finds the setl_ids a JSON Lines batch names.
var namedID = regexp.MustCompile(`"(?:setl_id|reverses)":"([^"]*)"`)

// settleBoth settles batch, read as in, whole (RunBatch on a
// MemoryLedger) and as a stream (RunStream on a WhatIfLedger, with
// workers), each ledger seeded with balances, and fails unless both write
// the same rows, as out, and counts. It returns the counts. Like mpl run,
// it tells the what-if ledger what to keep, until the last claim naming
// each (KeepUntilLast), where StreamsAsBatch lets the batch through; and
// then fails unless the stream named each kept setl_id as often as the
// check counted, so that no kept settlement was let go before its last
// claim, nor held after it.
func settleBoth(t *testing.T, prog *interp.Program, batch string, in, out claim.Format, balances map[string]decimal.Decimal, workers int) interp.BatchStats {
	t.Helper()
	mem, wl := interp.NewMemoryLedger(), prog.NewWhatIfLedger()
	keep, kept := keepOf(t, prog, batch, in, balances != nil)
	if kept {
		wl.KeepUntilLast(keep)
	}
	for m, d := range balances {
		if err := mem.SetBalance(m, d); err != nil {
			t.Fatal(err)
		}
		if err := wl.SetBalance(m, d); err != nil {
			t.Fatal(err)
		}
	}
	var want, got bytes.Buffer
	ws, err := prog.RunBatch(context.Background(), mem, claim.NewReader(strings.NewReader(batch), in),
		claim.NewWriter(&want, out), interp.BatchOptions{})
	if err != nil {
		t.Fatal(err)
	}
	gs, err := prog.RunStream(context.Background(), wl, strings.NewReader(batch), in,
		claim.NewWriter(&got, out), interp.BatchOptions{Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.Split(want.String(), "\n"), strings.Split(got.String(), "\n")); diff != "" {
		t.Fatalf("%s in, %s out, %d workers: stream differs from batch (-batch +stream):\n%s", in, out, workers, diff)
	}
	if gs != ws {
		t.Errorf("%s in, %s out, %d workers: stream stats %+v, batch %+v", in, out, workers, gs, ws)
	}
	if left := interp.KeptLeft(wl); kept && left != "" {
		t.Errorf("%s in, %s out, %d workers: after the stream of %d kept setl_ids, left: %s", in, out, workers, keep.Len(), left)
	}
	return ws
}

// Under every shipped policy, a batch StreamsAsBatch lets through settles
// as a stream to the whole batch's rows: members interleaved out of
// setl_time order with no balances, and in order with balances seeded
// (when a family member's account may pay).
func TestStreamsAsBatchSettlesAsBatch(t *testing.T) {
	n := 1500
	if testing.Short() {
		n = 300
	}
	for _, pp := range propertyPolicies(t) {
		t.Run(strings.ReplaceAll(pp.name, "/", "_"), func(t *testing.T) {
			rng := rand.New(rand.NewPCG(11, uint64(len(pp.name))))
			batch := memberOrderedBatch(rng, pp, n)
			if !streamsAsBatch(t, pp.prog, batch, false) {
				t.Fatal("StreamsAsBatch refuses a batch in setl_time order by member")
			}
			if streamsAsBatch(t, pp.prog, batch, true) {
				t.Fatal("StreamsAsBatch lets through, with balances seeded, a batch out of setl_time order")
			}
			for _, workers := range []int{1, 3} {
				settleBoth(t, pp.prog, batch, claim.JSONL, claim.JSONL, nil, workers)
			}
			reversed := withReversals(t, rng, batch)
			if keep, ok := keepOf(t, pp.prog, reversed, claim.JSONL, false); !ok || keep.Len() == 0 {
				t.Fatalf("StreamsAsBatch = %d kept, %v on a batch in order with reversals by the members", keep.Len(), ok)
			}
			for _, workers := range []int{1, 3} {
				settleBoth(t, pp.prog, reversed, claim.JSONL, claim.JSONL, nil, workers)
			}
			// Written as CSV: a claim sent again and a reversal the fast
			// path writes (keptEntries.sentAgain, FastLedger.reverseFast)
			// are rows of the output's format too.
			settleBoth(t, pp.prog, reversed, claim.JSONL, claim.CSV, nil, 3)
			// The same as CSV, read by a claim.Reader both ways.
			csv := csvOf(t, reversed)
			if keep, ok := keepOf(t, pp.prog, csv, claim.CSV, false); !ok || keep.Len() == 0 {
				t.Fatalf("StreamsAsBatch = %d kept, %v on a CSV batch in order with reversals by the members", keep.Len(), ok)
			}
			for _, workers := range []int{1, 3} {
				settleBoth(t, pp.prog, csv, claim.CSV, claim.JSONL, nil, workers)
			}

			ordered := orderedBatch(rng, pp, n)
			if !streamsAsBatch(t, pp.prog, ordered, true) {
				t.Fatal("StreamsAsBatch refuses, with balances seeded, a batch in setl_time order")
			}
			balances := map[string]decimal.Decimal{}
			for i := 0; i < 40; i += 3 {
				balances[fmt.Sprintf("M%03d", i)] = decimal.New(int64(50000+i*1000), -2)
			}
			settleBoth(t, pp.prog, ordered, claim.JSONL, claim.JSONL, balances, 2)
			reversed = withReversals(t, rng, ordered)
			if !streamsAsBatch(t, pp.prog, reversed, true) {
				t.Fatal("StreamsAsBatch refuses, with balances seeded, a batch in setl_time order with reversals")
			}
			settleBoth(t, pp.prog, reversed, claim.JSONL, claim.JSONL, balances, 2)
		})
	}
}

// swappedBatch is n claims a day apart, of members members in turn (P0,
// P1, …), with claims swap and swap+1 swapped in time (none when swap is
// negative); pad(i) spaces end claim i's JSON, when pad is not nil, and
// change rewrites its line, when it is not nil.
func swappedBatch(n, swap, members int, pad func(i int) int, change func(i int, line string) string) string {
	var b strings.Builder
	for i := range n {
		day := i
		switch i {
		case swap:
			day = i + 1
		case swap + 1:
			day = i - 1
		}
		spaces := 0
		if pad != nil {
			spaces = pad(i)
		}
		line := fmt.Sprintf(`{"setl_id":"S%d","psn_no":"P%d","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-%02d-%02d 08:00:00","medfee_sumamt":"100.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"100.00"%s}`+"\n", i, i%members, 1+day/28, 1+day%28, strings.Repeat(" ", spaces))
		if change != nil {
			line = change(i, line)
		}
		b.WriteString(line)
	}
	return b.String()
}

// A batch in setl_time order with two neighbouring claims swapped, at
// every place: their member's claims out of order (said no, seeded or
// not), or two members' (said no only where every claim must be in
// order, balances seeded) — wherever a part read forward or back, or the
// join of two, meets the swap (keepOf).
func TestStreamsAsBatchFindsASwapAnywhere(t *testing.T) {
	prog := loadNanjing(t)
	const n = 40
	if _, ok := keepOf(t, prog, swappedBatch(n, -2, 1, nil, nil), claim.JSONL, true); !ok {
		t.Fatal("StreamsAsBatch refuses the batch in order")
	}
	for swap := range n - 1 {
		// One member: their claims out of order.
		if _, ok := keepOf(t, prog, swappedBatch(n, swap, 1, nil, nil), claim.JSONL, false); ok {
			t.Errorf("claims %d and %d of one member swapped: StreamsAsBatch = true, want false", swap, swap+1)
		}
		// Two members, alternating: each in order, the batch not.
		twice := swappedBatch(n, swap, 2, nil, nil)
		if _, ok := keepOf(t, prog, twice, claim.JSONL, false); !ok {
			t.Errorf("claims %d and %d of two members swapped: StreamsAsBatch = false, want true", swap, swap+1)
		}
		if _, ok := keepOf(t, prog, twice, claim.JSONL, true); ok {
			t.Errorf("claims %d and %d of two members swapped, balances seeded: StreamsAsBatch = true, want false", swap, swap+1)
		}
	}
}

// Lines read back are told apart by the forward reading's rules, whatever
// they hold: CRLF line ends, a byte order mark at each line's start,
// blank lines, no line end after the last, lines that are no claim, and
// lines longer than the window; a swap of two neighbouring claims at every
// place of such a batch is found as one reading finds it (keepOf reads it
// from both ends).
func TestStreamsAsBatchReadsOddLinesBack(t *testing.T) {
	prog := loadNanjing(t)
	const n = 30
	longer := func(i int) int {
		if i%7 == 3 {
			return 2100 // past the 2000-byte window keepOf reads back
		}
		return 0
	}
	for _, tc := range []struct {
		name   string
		pad    func(i int) int
		change func(i int, line string) string
		noEnd  bool // the last line without its line end
	}{
		{name: "CRLF", change: func(_ int, l string) string { return strings.TrimSuffix(l, "\n") + "\r\n" }},
		{name: "byte order marks", change: func(_ int, l string) string { return "\ufeff" + l }},
		{name: "blank lines", change: func(_ int, l string) string { return l + "\n  \n" }},
		{name: "no claim", change: func(i int, l string) string {
			if i%5 == 0 {
				return "not JSON\n" + l
			}
			return l
		}},
		{name: "no last line end", noEnd: true},
		{name: "longer lines", pad: longer},
	} {
		for swap := -2; swap < n-1; swap++ {
			for _, members := range []int{1, 2} {
				batch := swappedBatch(n, swap, members, tc.pad, tc.change)
				if tc.noEnd {
					batch = strings.TrimSuffix(batch, "\n")
				}
				_, ok := keepOf(t, prog, batch, claim.JSONL, members == 2)
				if want := swap < 0; ok != want {
					t.Errorf("%s, %d members, claims %d and %d swapped: StreamsAsBatch = %v, want %v", tc.name, members, swap, swap+1, ok, want)
				}
			}
		}
	}
}

// A line at least a window long, which the reading back leaves to the
// forward reading, is read once: the reading back stops there rather than
// read the same window again (it did, without end while the forward
// reading waited, until it looked for a line end before the one that
// ends its window).
func TestStreamsAsBatchReadsLongLinesOnce(t *testing.T) {
	prog := loadNanjing(t)
	batch := swappedBatch(200, -1, 3, func(i int) int {
		if i%7 == 3 {
			return 1100
		}
		return 0
	}, nil)
	const window = 1000
	// A window or a line a read, at least: the forward reading's steps,
	// and a read a line, more than the reading back needs, and the cuts.
	most := len(batch)/window + 200 + 20
	r := &countingReaderAt{r: strings.NewReader(batch), most: most}
	if _, ok, err := interp.StreamsAsBatchAtWindow(prog, r, int64(len(batch)), claim.JSONL, false, 2, window, true); err != nil || !ok {
		t.Fatalf("StreamsAsBatchAt = %v, %v; want true, nil (at most %d reads of %d bytes)", ok, err, most, len(batch))
	}
}

// countingReaderAt is an io.ReaderAt that fails once it has been read
// more than most times.
type countingReaderAt struct {
	r     io.ReaderAt
	most  int
	mu    sync.Mutex
	reads int
}

func (c *countingReaderAt) ReadAt(p []byte, off int64) (int, error) {
	c.mu.Lock()
	c.reads++
	over := c.reads > c.most
	c.mu.Unlock()
	if over {
		return 0, fmt.Errorf("read %d times, more than %d", c.reads, c.most)
	}
	return c.r.ReadAt(p, off)
}

// TestStreamsAsBatch holds StreamsAsBatch to each of its rules.
func TestStreamsAsBatch(t *testing.T) {
	prog := loadNanjing(t)
	line := func(id, psn, at, total string) string {
		return `{"setl_id":"` + id + `","psn_no":"` + psn + `","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"` + at +
			`","medfee_sumamt":"` + total + `","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"` + total + `"}` + "\n"
	}
	a1 := line("S1", "A", "2025-03-01 08:00:00", "100.00")
	b1 := line("S2", "B", "2025-02-01 08:00:00", "100.00")
	a2 := line("S3", "A", "2025-04-01 08:00:00", "100.00")
	a0 := line("S4", "A", "2025-01-01 08:00:00", "100.00")
	reversal := func(id, psn, at, reverses string) string {
		return `{"setl_id":"` + id + `","psn_no":"` + psn + `","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"` + at +
			`","medfee_sumamt":"100.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"100.00","reverses":"` + reverses + `"}` + "\n"
	}
	tests := []struct {
		name           string
		batch          string
		unseeded, seed bool
		keep           []string // of S1…S9, R1, when it streams
	}{
		{"empty", "", true, true, nil},
		{"in order", b1 + a1 + a2, true, true, nil},
		{"members interleaved", a1 + b1 + a2, true, false, nil},
		{"a member out of order", a1 + a2 + a0, false, false, nil},
		{"the same time twice", a1 + line("S5", "A", "2025-03-01 08:00:00", "1.00"), true, true, nil},
		{"a day before its time", line("S5", "A", "2025-03-01", "1.00") + a1, true, true, nil},
		{"a setl_id twice, by two members", a1 + line("S1", "B", "2025-05-01 08:00:00", "1.00"), false, false, nil},
		{"a setl_id twice, by one member", a1 + b1 + line("S1", "A", "2025-05-01 08:00:00", "1.00"), true, false, []string{"S1"}},
		{"a reversal", a1 + reversal("R1", "A", "2025-05-01", "S1"), true, true, []string{"S1"}},
		{"a reversal by another member", a1 + reversal("R1", "B", "2025-05-01", "S1"), false, false, nil},
		// A batch settles a reversal listed before its claim at one time
		// after the claim (SettleOrder); a stream cannot, so a batch with
		// a line after a reversal of it is not streamed. A correction (a
		// reversal, then a new claim at its time) streams.
		{"a reversal before what it reverses, at its time", reversal("R1", "A", "2025-03-01 08:00:00", "S1") + a1, false, false, nil},
		{"a reversal before what it reverses, another claim between", reversal("R1", "A", "2025-03-01 08:00:00", "S1") + line("S5", "A", "2025-03-01 08:00:00", "1.00") + a1, false, false, nil},
		{"a correction: a reversal, then a new claim at its time", a0 + reversal("R1", "A", "2025-03-01 08:00:00", "S4") + a1, true, true, []string{"S4"}},
		{"two reversals, then another claim at their time", a0 + reversal("R1", "A", "2025-03-01 08:00:00", "S4") + reversal("R2", "A", "2025-03-01 08:00:00", "S9") + a1, true, true, []string{"S4"}},
		{"a claim after a reversal of it, at a later time", reversal("R1", "A", "2025-02-01 08:00:00", "S1") + a1, false, false, nil},
		{"a claim sent again after its reversal", a1 + reversal("R1", "A", "2025-03-01 09:00:00", "S1") + line("S1", "A", "2025-03-02 08:00:00", "100.00"), true, true, []string{"S1"}},
		{"a reversal after what it reverses, at its time", a1 + reversal("R1", "A", "2025-03-01 08:00:00", "S1"), true, true, []string{"S1"}},
		{"a reversal of a claim not in the batch", a1 + reversal("R1", "A", "2025-05-01", "S9"), true, true, []string{}},
		{"a reversal out of order", a2 + reversal("R1", "A", "2025-03-01 09:00:00", "S3"), false, false, nil},
		{"totals beyond the fast path", line("S5", "A", "2025-03-01", "6000000000000.00") + line("S6", "B", "2025-03-02", "6000000000000.00"), false, false, nil},
		{"a total at the fast path's limit", line("S5", "A", "2025-03-01", "10000000000000.00"), true, true, nil},
		// A negative total is no claim (an error row): it asks nothing,
		// and takes nothing from the others' totals.
		{"a negative total between two that together pass the limit", line("S5", "A", "2025-03-01", "6000000000000.00") + line("S6", "A", "2025-03-02", "-6000000000000.00") + line("S7", "B", "2025-03-03", "6000000000000.00"), false, false, nil},
		{"a line that is no claim", a1 + "{\"setl_id\":\n" + "\n" + a2, true, true, nil},
		{"a claim that fails, out of order", a1 + line("S5", "A", "2025-01-01", "oops") + a2, true, true, nil},
		// A byte order mark is dropped at the start of any line (files
		// joined by cat keep each one's): a claim after one is read as any
		// other, here out of order (one ReadLineKeys cannot read, for its
		// escape, is parsed to know).
		{"a line that starts with a byte order mark, out of order", a1 + a2 + "\ufeff" + strings.Replace(a0, "{", `{"memo":"a\"b",`, 1), false, false, nil},
		{"a byte order mark at the start", "\ufeff" + a1 + a2, true, true, nil},
		{"fee lines, read in full", a1 + `{"setl_id":"S6","psn_no":"A","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-01-01","medfee_sumamt":"10","fee_details":[{"item_code":"X","chrg_item_lv":"甲","det_item_fee_sumamt":"10","selfpay_prop":"0"}]}` + "\n", false, false, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keep, unseeded := keepOf(t, prog, tc.batch, claim.JSONL, false)
			got := [2]bool{unseeded, streamsAsBatch(t, prog, tc.batch, true)}
			if diff := cmp.Diff([2]bool{tc.unseeded, tc.seed}, got); diff != "" {
				t.Errorf("StreamsAsBatch (unseeded, seeded) (-want +got):\n%s", diff)
			}
			if !unseeded {
				return
			}
			kept := []string{}
			for _, id := range []string{"S1", "S2", "S3", "S4", "S5", "S6", "S9", "R1"} {
				if keep.Has(id) {
					kept = append(kept, id)
				}
			}
			want := tc.keep
			if want == nil {
				want = []string{}
			}
			if diff := cmp.Diff(want, kept); diff != "" || keep.Len() != len(want) {
				t.Errorf("kept (-want +got):\n%s; Len %d", diff, keep.Len())
			}
		})
	}
}

// A KeepSet says how many members its batch names, each once however many
// parts it is read in (keepOf) and in however many of them a member is; a
// line that is no claim names none.
func TestKeepSetMembers(t *testing.T) {
	prog := loadNanjing(t)
	var b strings.Builder
	for i := range 40 {
		psn := []string{"A", "B", "C"}[i%3]
		if i >= 30 {
			psn = fmt.Sprintf("N%d", i) // new in the last parts
		}
		fmt.Fprintf(&b, `{"setl_id":"S%d","psn_no":"%s","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-%02d 08:00:00","medfee_sumamt":"100.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"100.00"}`+"\n", i, psn, 1+i/2)
	}
	b.WriteString(`{"setl_id":"X","psn_no":"D","medfee_sumamt":"oops"}` + "\n")
	keep, ok := keepOf(t, prog, b.String(), claim.JSONL, false)
	if got := interp.KeepSetMembers(keep); !ok || got != 13 {
		t.Errorf("StreamsAsBatch = %v, %d members; want true, 13 (A, B, C and N30…N39)", ok, got)
	}
}

// Parts of hundreds of members each join as one part reads them
// (keepOf), past the read-ahead's 64 members at a time: a batch in order
// streams, with every member counted once, and a member whose claim in a
// later part comes before their claim in an earlier one sends it whole.
func TestStreamsAsBatchJoinsManyMembers(t *testing.T) {
	prog := loadNanjing(t)
	const members = 600
	batch := func(late int) string {
		var b strings.Builder
		for i := range 3 * members {
			day, hour := 1+i/members, 8
			if i == late {
				day, hour = 1, 7 // before this member's first claim
			}
			fmt.Fprintf(&b, `{"setl_id":"S%d","psn_no":"P%04d","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-%02d %02d:00:%02d","medfee_sumamt":"100.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"100.00"}`+"\n", i, i%members, day, hour, i%60)
		}
		return b.String()
	}
	keep, ok := keepOf(t, prog, batch(-1), claim.JSONL, false)
	if got := interp.KeepSetMembers(keep); !ok || got != members {
		t.Errorf("in order: StreamsAsBatch = %v, %d members; want true, %d", ok, got, members)
	}
	for _, late := range []int{2*members + 7, 3*members - 1} {
		if _, ok := keepOf(t, prog, batch(late), claim.JSONL, false); ok {
			t.Errorf("claim %d before its member's first: StreamsAsBatch = true, want false", late)
		}
	}
}

// A CSV batch is held to the same rules, its rows read by a claim.Reader:
// a row that is no claim asks nothing.
func TestStreamsAsBatchCSV(t *testing.T) {
	prog := loadNanjing(t)
	const header = "setl_id,psn_no,insutype,psn_type,med_type,medins_lv,setl_time,medfee_sumamt,fulamt_ownpay_amt,overlmt_selfpay,preselfpay_amt,inscp_scp_amt,reverses\n"
	row := func(id, psn, at, reverses string) string {
		return id + "," + psn + ",310,1101,21,3," + at + ",100.00,0,0,0,100.00," + reverses + "\n"
	}
	tests := []struct {
		name, batch string
		ok          bool
		keep        []string
	}{
		{"header only", header, true, nil},
		{"members interleaved, each in order", header + row("S1", "A", "2025-03-01", "") + row("S2", "B", "2025-02-01", "") + row("S3", "A", "2025-04-01", ""), true, nil},
		{"a member out of order", header + row("S1", "A", "2025-03-01", "") + row("S3", "A", "2025-01-01", ""), false, nil},
		{"a reversal by the member", header + row("S1", "A", "2025-03-01", "") + row("R1", "A", "2025-03-02", "S1"), true, []string{"S1"}},
		{"a reversal by another member", header + row("S1", "A", "2025-03-01", "") + row("R1", "B", "2025-03-02", "S1"), false, nil},
		{"a row that is no claim, out of order", header + row("S1", "A", "2025-03-01", "") + "S2,A,310,1101,21,3,2025-01-01,oops,0,0,0,1,\n" + row("S3", "A", "2025-04-01", ""), true, nil},
		// A quoted field over three lines, the middle one a row out of
		// order were it cut there: no CSV with a quote is cut in parts.
		{"a blank line before the header, a member out of order", "\n\r\n" + header + row("S1", "A", "2025-03-01", "") + row("S2", "B", "2025-03-01", "") + row("S3", "A", "2025-01-01", "") + row("S4", "B", "2025-03-02", ""), false, nil},
		{"a byte order mark, a blank line, the header", "\ufeff\n" + header + row("S1", "A", "2025-03-01", "") + row("S2", "B", "2025-03-01", "") + row("S3", "A", "2025-01-01", ""), false, nil},
		{"a quoted field over lines", header + row("S1", "A", "2025-03-01", "") + `S2,A,310,1101,21,3,2025-04-01,100.00,0,0,0,100.00,"` + "\n" + row("S3", "A", "2025-01-01", "") + `"` + "\n", true, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			keep, ok := keepOf(t, prog, tc.batch, claim.CSV, false)
			var kept []string
			for _, id := range []string{"S1", "S2", "S3", "R1"} {
				if keep.Has(id) {
					kept = append(kept, id)
				}
			}
			if diff := cmp.Diff([]any{tc.ok, tc.keep}, []any{ok, kept}); diff != "" {
				t.Errorf("StreamsAsBatch (ok, kept) (-want +got):\n%s", diff)
			}
		})
	}
}

// A failing reader's error comes back.
func TestStreamsAsBatchReadError(t *testing.T) {
	boom := errors.New("disk on fire")
	for _, f := range []claim.Format{claim.JSONL, claim.CSV} {
		first := "{}\n"
		if f == claim.CSV {
			first = "setl_id,psn_no\nS1,P1\n"
		}
		_, ok, err := loadNanjing(t).StreamsAsBatch(io.MultiReader(strings.NewReader(first), iotest.ErrReader(boom)), f, false)
		if ok || !errors.Is(err, boom) {
			t.Errorf("%v: StreamsAsBatch = %v, %v; want false, %v", f, ok, err, boom)
		}
	}
}

// BenchmarkStreamsAsBatch is the read mpl run makes of a whole batch
// before settling it as a stream: 200,000 Nanjing claims in order, read
// in one part (StreamsAsBatch) and cut into as many as there are CPUs
// (StreamsAsBatchAt; -cpu 1,2), as mpl run reads a file, with its
// setl_ids in memory or in a file, and with a thousand members or as many
// as claims.
func BenchmarkStreamsAsBatch(b *testing.B) {
	prog := loadNanjing(b)
	const n = 200000
	var data, many bytes.Buffer
	if _, err := io.Copy(&data, newStreamSource(n, 1000)); err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(&many, newStreamSource(n, n)); err != nil {
		b.Fatal(err)
	}
	for _, bc := range []struct {
		name  string
		check func() (*interp.KeepSet, bool, error)
	}{
		{"one-part", func() (*interp.KeepSet, bool, error) {
			return prog.StreamsAsBatch(bytes.NewReader(data.Bytes()), claim.JSONL, false)
		}},
		{"parts=cpus", func() (*interp.KeepSet, bool, error) {
			return prog.StreamsAsBatchAt(bytes.NewReader(data.Bytes()), int64(data.Len()), claim.JSONL, false, runtime.GOMAXPROCS(0))
		}},
		// As a batch past what is held in memory is checked: every full
		// block of setl_ids (of 65,536, as StreamsAsBatch's) in a file.
		{"parts=cpus,spilling", func() (*interp.KeepSet, bool, error) {
			return interp.StreamsAsBatchAtSpilling(prog, bytes.NewReader(data.Bytes()), int64(data.Len()), claim.JSONL, false, runtime.GOMAXPROCS(0), 1<<16)
		}},
		// As many members as claims (see BenchmarkRunStream).
		{"parts=cpus,members=n", func() (*interp.KeepSet, bool, error) {
			return prog.StreamsAsBatchAt(bytes.NewReader(many.Bytes()), int64(many.Len()), claim.JSONL, false, runtime.GOMAXPROCS(0))
		}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(data.Len()))
			for b.Loop() {
				if _, ok, err := bc.check(); err != nil || !ok {
					b.Fatalf("= %v, %v", ok, err)
				}
			}
			b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "claims/s")
		})
	}
}

// Off the fast path (a policy with an account block) a member may draw on
// a family member's account whatever was seeded, so every claim must come
// in setl_time order, as the stream's order check asks; a batch that does
// then settles as the whole batch does.
func TestStreamsAsBatchOffTheFastPath(t *testing.T) {
	const pol = `policy "tiny" {
    insutype 310
    effective 2025-01-01 to 2025-12-31
    source "test"
}
benefit 住院 {
    covers 普通住院
    deductible ¥1000 per year
    ratio 80%
}
account {
    spend current
}
`
	file := filepath.Join(t.TempDir(), "p.mpl")
	if err := os.WriteFile(file, []byte(pol), 0o644); err != nil {
		t.Fatal(err)
	}
	prog, _, err := interp.LoadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if interp.FastReason(prog) == "" {
		t.Fatal("the fast path takes the policy: the test tests nothing")
	}
	line := func(id, psn, mulaid, day string) string {
		return `{"setl_id":"` + id + `","psn_no":"` + psn + `","mulaid_psn_no":"` + mulaid + `","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-` + day +
			`","medfee_sumamt":"5000.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"5000.00"}` + "\n"
	}
	interleaved := line("C1", "P1", "", "03-10") + line("C2", "P2", "P1", "02-01")
	if streamsAsBatch(t, prog, interleaved, false) {
		t.Error("StreamsAsBatch lets through a family member's claim before the member's")
	}
	ordered := line("C2", "P2", "P1", "02-01") + line("C1", "P1", "", "03-10") + line("C3", "P2", "P1", "04-01")
	if !streamsAsBatch(t, prog, ordered, false) {
		t.Fatal("StreamsAsBatch refuses a batch in setl_time order")
	}
	settleBoth(t, prog, ordered, claim.JSONL, claim.JSONL, nil, 2)
}

// FuzzStreamsAsBatch: on any input, JSON Lines or CSV, with balances or
// without, the check says the same read in one part and in 2 to 9
// (keepOf), and where it lets a batch through, the stream writes what the
// whole batch writes. Fuzz it with -fuzzminimizetime 3s: each run settles
// a batch twice, and minimizing a new input at the default 60 s stalls the
// fuzzer for minutes.
func FuzzStreamsAsBatch(f *testing.F) {
	prog := loadNanjing(f)
	rng := rand.New(rand.NewPCG(5, 6))
	pp := propertyPolicy{name: "nanjing", prog: prog}
	batch := memberOrderedBatch(rng, pp, 12)
	f.Add(batch, false, false)
	f.Add(orderedBatch(rng, pp, 12), false, true)
	f.Add(withReversals(f, rng, batch), false, false)
	f.Add(csvOf(f, batch), true, false)
	f.Add("\ufeff\n\r\n"+csvOf(f, batch), true, false)
	f.Add("\xef\xbb\xbf{\"setl_id\":\"A\"}\r\n\n\xef\xbb\xbfnot json\r\n{}", false, false)
	f.Add("setl_id,psn_no\n\"S1\nS2\",P1\n", true, false)
	// A reversal listed before its claim at one time, and after it.
	rev := `{"setl_id":"R1","reverses":"S1","psn_no":"M001","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-01","medfee_sumamt":"100.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"100.00"}` + "\n"
	claim1 := strings.Replace(strings.Replace(rev, `"reverses":"S1",`, "", 1), `"setl_id":"R1"`, `"setl_id":"S1"`, 1)
	f.Add(rev+claim1, false, false)
	f.Add(claim1+rev+claim1, false, false)
	f.Fuzz(func(t *testing.T, in string, csv, seeded bool) {
		format := claim.JSONL
		if csv {
			format = claim.CSV
		}
		var balances map[string]decimal.Decimal
		if seeded {
			balances = map[string]decimal.Decimal{"M001": decimal.New(10000, -2)}
		}
		if _, ok := keepOf(t, prog, in, format, seeded); ok {
			settleBoth(t, prog, in, format, claim.JSONL, balances, 2)
		}
	})
}

// A presettlement keeps nothing, kept setl_ids or not: a batch with
// reversals and claims sent again presettles on a what-if ledger told
// what to keep (on the fast path) as on a memory ledger (on the decimal
// path).
func TestKeepPresettles(t *testing.T) {
	prog := loadNanjing(t)
	rng := rand.New(rand.NewPCG(7, 7))
	batch := withReversals(t, rng, memberOrderedBatch(rng, propertyPolicy{name: "nanjing", prog: prog}, 400))
	keep, ok := keepOf(t, prog, batch, claim.JSONL, false)
	if !ok || keep.Len() == 0 {
		t.Fatalf("StreamsAsBatch = %d kept, %v: the test tests nothing", keep.Len(), ok)
	}
	opt := interp.BatchOptions{Presettle: true}
	var want, got bytes.Buffer
	if _, err := prog.RunBatch(context.Background(), interp.NewMemoryLedger(), claim.NewReader(strings.NewReader(batch), claim.JSONL),
		claim.NewWriter(&want, claim.JSONL), opt); err != nil {
		t.Fatal(err)
	}
	wl := prog.NewWhatIfLedger()
	wl.KeepUntilLast(keep)
	if _, err := prog.RunStream(context.Background(), wl, strings.NewReader(batch), claim.JSONL, claim.NewWriter(&got, claim.JSONL), opt); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(strings.Split(want.String(), "\n"), strings.Split(got.String(), "\n")); diff != "" {
		t.Errorf("presettled (-memory ledger +what-if ledger keeping %d):\n%s", keep.Len(), diff)
	}
}
