package interp_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/mpl-lang/mpl/interp"
	"github.com/mpl-lang/mpl/interp/claim"
	"github.com/shopspring/decimal"
)

// writeRows writes settlements through one claim.Writer of f, as a batch
// would, and returns the output.
func writeRows(t testing.TB, f claim.Format, write func(w *claim.Writer) error) string {
	t.Helper()
	var buf bytes.Buffer
	w := claim.NewWriter(&buf, f)
	if err := write(w); err != nil {
		t.Fatal(err)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// dropHeader is a CSV output without its header, a JSON Lines one as it is.
func dropHeader(f claim.Format, out string) string {
	if f == claim.CSV {
		return out[strings.IndexByte(out, '\n')+1:]
	}
	return out
}

var writeFormats = []claim.Format{claim.JSONL, claim.CSV}

// TestAppendRowMatchesWriter settles random claims under every policy the
// fast path takes and checks that each result's row, appended straight
// from fen, is the row claim.Writer writes for r.Settlement(), in JSON
// Lines and CSV; and that writing every result with WriteRow through one
// Writer gives the whole output, header and all, that WriteSettlement
// gives. (TestSettleFastMatchesDecimal checks r.Settlement() against
// Settle, setl_proc_info included.)
func TestAppendRowMatchesWriter(t *testing.T) {
	n := 3000
	if testing.Short() {
		n = 400
	}
	for _, pp := range fastPolicies(t) {
		t.Run(strings.ReplaceAll(pp.name, "/", "_"), func(t *testing.T) {
			prog, pol := pp.prog, pp.prog.Policy()
			rng := rand.New(rand.NewPCG(2027, uint64(len(pp.name))))
			g := newClaimGen(rng, pol, 25)
			l := prog.NewFastLedger()
			year := 2025
			if !pol.From.IsZero() {
				year = pol.From.Year()
			}
			for i, m := range g.members {
				if err := l.SetBalance(m, yuan(rng.Int64N(1000000))); err != nil {
					t.Fatal(err)
				}
				if i%3 != 0 {
					continue
				}
				for _, k := range interp.FastKeys(prog) {
					if rng.IntN(3) != 0 {
						continue
					}
					amt := yuan(g.fen(300000))
					if strings.HasPrefix(k, interp.KeyCount) {
						amt = decimal.NewFromInt(rng.Int64N(4))
					}
					if err := l.SetAccumulator(m, year, k, amt); err != nil {
						t.Fatal(err)
					}
				}
			}
			var (
				fc       interp.FastClaim
				fr       interp.FastResult
				row      []byte
				settled  int
				details  [2]int // results with one detail, with more
				wantRows = map[claim.Format]*claim.Writer{}
				gotRows  = map[claim.Format]*claim.Writer{}
				wantBuf  = map[claim.Format]*bytes.Buffer{}
				gotBuf   = map[claim.Format]*bytes.Buffer{}
			)
			for _, f := range writeFormats {
				wantBuf[f], gotBuf[f] = new(bytes.Buffer), new(bytes.Buffer)
				wantRows[f], gotRows[f] = claim.NewWriter(wantBuf[f], f), claim.NewWriter(gotBuf[f], f)
			}
			for range n {
				c := g.valid()
				err := prog.DecodeFast(l, c, &fc)
				if err == nil {
					err = prog.SettleFast(l, &fc, &fr)
				}
				if err != nil {
					continue // an error row, or one for the decimal path: not this path's to write
				}
				settled++
				if fr.NDetails > 1 {
					details[1]++
				} else if fr.NDetails == 1 {
					details[0]++
				}
				s := fr.Settlement()
				for _, f := range writeFormats {
					want := dropHeader(f, writeRows(t, f, func(w *claim.Writer) error { return w.WriteSettlement(s) }))
					row = fr.AppendRow(row[:0], wantRows[f])
					if string(row) != want {
						t.Fatalf("%s, %v: AppendRow wrote\n%s\nclaim.Writer writes\n%s", c.SetlID, f, row, want)
					}
					if err := wantRows[f].WriteSettlement(s); err != nil {
						t.Fatal(err)
					}
					if err := fr.WriteRow(gotRows[f]); err != nil {
						t.Fatal(err)
					}
				}
			}
			for _, f := range writeFormats {
				if err := wantRows[f].Flush(); err != nil {
					t.Fatal(err)
				}
				if err := gotRows[f].Flush(); err != nil {
					t.Fatal(err)
				}
				if diff := cmp.Diff(wantBuf[f].String(), gotBuf[f].String()); diff != "" {
					t.Errorf("%v: WriteRow output differs (-WriteSettlement +WriteRow):\n%s", f, diff)
				}
			}
			t.Logf("%d of %d claims settled on the fast path; %d with one setldetail entry, %d with more", settled, n, details[0], details[1])
			if settled == 0 {
				t.Errorf("no claim of %d settled", n)
			}
		})
	}
}

// TestAppendRowNumbers settles claims chosen for the edges of the number
// formats, amounts (0, 1 fen, billions) and percentages (whole, with
// places, rounded, 18 places), through the fast path and through Settle,
// and checks that the fast row is the row the writer writes for Settle's
// settlement, and that setl_proc_info says what it should.
func TestAppendRowNumbers(t *testing.T) {
	const src = `
policy "p" {
    insutype 310
    source   "s"
    rounding half_up
}
benefit 住院 {
    covers     普通住院
    deductible ¥%s per admission
    ratio      %s
    cap        ¥%s per visit
}
fund 大额 {
    code  330100
    base  share
    ratio %s
}
fund 大病 {
    code  390200
    base  oop
    ratio bands { 0..1000: 50%%, 1000..: 60%% }
    when  cvlserv_flag
}
`
	for _, tc := range []struct {
		ded, ratio, cap, fund string // the policy's
		inscp                 string // the claim's
		oopBefore             string // the 大病 fund's OOP accumulator; "" leaves 大病 out
		want                  []string
	}{
		{ded: "800", ratio: "85%", cap: "1000000", fund: "50%", inscp: "10000.00",
			want: []string{`住院: 起付线 800.00, (10000.00 − 800.00) × 85% = 7820.00"`, `大额: 剩余合规自付 × 50% = 1090.00"`,
				`"pool_prop_selfpay":"0.8500"`}},
		{ded: "0", ratio: "90%", cap: "1000000", fund: "10%", inscp: "0.01",
			want: []string{`起付线 0.00, (0.01 − 0.00) × 90% = 0.01"`, `"hifp_pay":"0.01"`, `"pool_prop_selfpay":"0.9000"`}},
		{ded: "0", ratio: "100%", cap: "1000000", fund: "10%", inscp: "0.00",
			want: []string{`"setldetail":[]`, `"inscp_scp_amt":"0.00"`, `"pool_prop_selfpay":"1.0000"`}},
		{ded: "0", ratio: "100%", cap: "1000000", fund: "10%", inscp: "12.34",
			want: []string{`× 100% = 12.34"`}},
		{ded: "1000", ratio: "5.25%", cap: "100000000000", fund: "0.5%", inscp: "98765432109.87",
			want: []string{`(98765432109.87 − 1000.00) × 5.25% = 5185185133.27"`, `× 0.5% = 467901234.88"`,
				`"pool_prop_selfpay":"0.0525"`}},
		{ded: "0", ratio: "12.345678%", cap: "1000000", fund: "12.34565%", inscp: "100.00",
			want: []string{`× 12.3457% = 12.35"`, `× 12.3457% = 10.82"`, `"pool_prop_selfpay":"0.1235"`}},
		{ded: "0", ratio: "12.34564%", cap: "1000000", fund: "0.00005%", inscp: "100000.00",
			want: []string{`× 12.3456% = 12345.64"`, `× 0.0001% = 0.04"`, `"pool_prop_selfpay":"0.1235"`}},
		{ded: "0", ratio: "33.3333333333333333%", cap: "1000000", fund: "99.99999%", inscp: "3.00",
			want: []string{`× 33.3333% = 1.00"`, `× 100% = 2.00"`, `"pool_prop_selfpay":"0.3333"`}},
		{ded: "200", ratio: "80%", cap: "100", fund: "90%", inscp: "5000.00",
			want: []string{`(5000.00 − 200.00) × 80% = 3840.00, 封顶后 100.00"`, `× 90% = 4410.00"`}},
		{ded: "0", ratio: "50%", cap: "1000000", fund: "0%", inscp: "3000.00", oopBefore: "400.00",
			want: []string{`大病: 年度合规自付累计 400.00 → 1900.00, 分段累进 = 840.00"`}},
		{ded: "0", ratio: "50%", cap: "1000000", fund: "0%", inscp: "3000.00", oopBefore: "-0.05",
			want: []string{`年度合规自付累计 -0.05 → 1499.95, 分段累进 = 799.97"`}},
	} {
		name := fmt.Sprintf("%s of %s", tc.ratio, tc.inscp)
		t.Run(name, func(t *testing.T) {
			prog, _, err := interp.LoadFS(mapFS("p.mpl", fmt.Sprintf(src, tc.ded, tc.ratio, tc.cap, tc.fund)), "p.mpl")
			if err != nil {
				t.Fatal(err)
			}
			c := &claim.Claim{SetlID: "N1", PsnNo: "P1", Insutype: "310", PsnType: "1101", MedType: "21", MedinsLv: "3",
				MedfeeSumamt: decimal.RequireFromString(tc.inscp), InscpScpAmt: decimal.RequireFromString(tc.inscp),
				CvlservFlag: tc.oopBefore != ""}
			c.SetlTime, _ = time.Parse(time.DateOnly, "2025-03-10")
			dl, fl := interp.NewMemoryLedger(), prog.NewFastLedger()
			if tc.oopBefore != "" {
				amt := decimal.RequireFromString(tc.oopBefore)
				if err := dl.SetAccumulator("P1", 2025, interp.KeyOOP+"大病", amt); err != nil {
					t.Fatal(err)
				}
				if err := fl.SetAccumulator("P1", 2025, interp.KeyOOP+"大病", amt); err != nil {
					t.Fatal(err)
				}
			}
			fr := settleFastOK(t, prog, fl, c)
			s, err := prog.Settle(dl, c, interp.Options{})
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range writeFormats {
				want := dropHeader(f, writeRows(t, f, func(w *claim.Writer) error { return w.WriteSettlement(s) }))
				if diff := cmp.Diff(want, string(fr.AppendRow(nil, claim.NewWriter(io.Discard, f)))); diff != "" {
					t.Errorf("%v (-Settle +fast):\n%s", f, diff)
				}
			}
			row := string(fr.AppendRow(nil, claim.NewWriter(io.Discard, claim.JSONL)))
			for _, w := range tc.want {
				if !strings.Contains(row, w) {
					t.Errorf("row has no %s:\n%s", w, row)
				}
			}
		})
	}
}

// settleNanjing settles the Nanjing inpatient claim of
// BenchmarkSettleNanjing once, on the fast path.
func settleNanjing(tb testing.TB) *interp.FastResult {
	tb.Helper()
	prog, _, err := interp.LoadFS(os.DirFS("../policies"), nanjingPath)
	if err != nil {
		tb.Fatal(err)
	}
	c, err := claim.NewReader(strings.NewReader(nanjingInpatient), claim.JSONL).Next()
	if err != nil {
		tb.Fatal(err)
	}
	l := prog.NewFastLedger()
	var fc interp.FastClaim
	if err := prog.DecodeFast(l, c, &fc); err != nil {
		tb.Fatal(err)
	}
	r := new(interp.FastResult)
	if err := prog.SettleFast(l, &fc, r); err != nil {
		if errors.Is(err, interp.ErrNotFast) {
			tb.Fatal("the Nanjing claim is not settled on the fast path")
		}
		tb.Fatal(err)
	}
	return r
}

// TestAppendRowAllocs: appending a row, in either format, and writing one
// through a Writer allocate nothing.
func TestAppendRowAllocs(t *testing.T) {
	r := settleNanjing(t)
	if r.NDetails == 0 {
		t.Fatal("the Nanjing claim has no setldetail: it tests too little")
	}
	dst := make([]byte, 0, 4096)
	for _, f := range writeFormats {
		w := claim.NewWriter(io.Discard, f)
		if n := testing.AllocsPerRun(100, func() { dst = r.AppendRow(dst[:0], w) }); n != 0 {
			t.Errorf("%v: AppendRow allocates %v times a row", f, n)
		}
		if n := testing.AllocsPerRun(100, func() { _ = r.WriteRow(w) }); n != 0 {
			t.Errorf("%v: WriteRow allocates %v times a row", f, n)
		}
	}
	if n := testing.AllocsPerRun(100, func() { dst = r.Details[0].AppendProcInfo(dst[:0]) }); n != 0 {
		t.Errorf("AppendProcInfo allocates %v times", n)
	}
}

// BenchmarkWriteFastJSONL writes one fast result, the Nanjing claim of
// BenchmarkSettleFastNanjing, as BenchmarkWriteJSONL writes a Settlement.
func BenchmarkWriteFastJSONL(b *testing.B) {
	r := settleNanjing(b)
	w := claim.NewWriter(io.Discard, claim.JSONL)
	b.ReportAllocs()
	for b.Loop() {
		if err := r.WriteRow(w); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteFastViaSettlement is the way before WriteRow, for
// comparison: convert to a Settlement, then write that.
func BenchmarkWriteFastViaSettlement(b *testing.B) {
	r := settleNanjing(b)
	w := claim.NewWriter(io.Discard, claim.JSONL)
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteSettlement(r.Settlement()); err != nil {
			b.Fatal(err)
		}
	}
}
