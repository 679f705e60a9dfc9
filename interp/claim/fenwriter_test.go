package claim

import (
	"bytes"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/google/go-cmp/cmp"
)

// procText is setl_proc_info text that appends itself.
type procText string

func (p procText) AppendProcInfo(dst []byte) []byte { return append(dst, p...) }

// fenSamples are settlements with every edge a figure or a text can have:
// zero, one fen, negatives, the int64 extremes, text JSON must escape.
func fenSamples() []*FenSettlement {
	return []*FenSettlement{
		{SetlID: "S1", PsnNo: "P1",
			Setlinfo: [numSetlinfo]int64{1200000, 50050, 0, 120000, 1029950, 80000, 845960, 8214,
				0, 0, 30000, 0, 0, 0, 875960, 324040, 100000, 24040, 200000, 0},
			Setldetail: []FenDetail{
				{FundPayType: "310100", FundPayTypeName: "职工基本医疗保险统筹基金", InscpScpAmt: 949950, CrtPaybLmtAmt: 40000000,
					FundPayamt: 845960, ProcInfo: procText("住院: 起付线 800.00, (10299.50 − 800.00) × 90% = 8549.55, 封顶后 8459.60")},
				{FundPayType: "320100", FundPayTypeName: "公务员医疗补助", InscpScpAmt: 103990, CrtPaybLmtAmt: 10000000,
					FundPayamt: 30000, ProcInfo: procText("按 30% 补助\n(封顶) → \"三级\" \\ \u2028\u2029 \x01 \xff")},
				{FundPayType: "390200", FundPayTypeName: "", InscpScpAmt: 1, CrtPaybLmtAmt: -1, FundPayamt: -99},
			}},
		{SetlID: "S,2 \"quoted\"", PsnNo: " P2",
			Setlinfo: [numSetlinfo]int64{1, -1, 10, -10, 99, -99, 100, 10000, -5, 5,
				math.MaxInt64, math.MinInt64, 1e15, -1e15, 123456789, -100, 101, 0, 0, 0}},
		{SetlID: "", PsnNo: "\\.", Setldetail: []FenDetail{}},
		{SetlID: `=HYPERLINK("http://x","click")`, PsnNo: "-P,1", Setlinfo: [numSetlinfo]int64{-1234, 7: 8000}},
		// Reversals: reverses after psn_no, and in CSV's last column,
		// quoted and guarded as an id is.
		{SetlID: "R1", PsnNo: "P1", Reverses: "S1", Setlinfo: [numSetlinfo]int64{-1200000, 7: 8214}},
		{SetlID: "R2", PsnNo: "P2", Reverses: `-S,2 "x"`},
		// Ids of digits a spreadsheet would make numbers of.
		{SetlID: "123456789012345678901", PsnNo: "46000000000000003501209658", Reverses: "0012"},
	}
}

// writerKind is a format and the options of a Writer, for tests that
// compare the ways rows are made on each kind.
type writerKind struct {
	name string
	f    Format
	opts []WriterOption
}

var writerKinds = []writerKind{
	{"jsonl", JSONL, nil},
	{"csv", CSV, nil},
	{"csv guarding formulas", CSV, []WriterOption{GuardFormulas()}},
}

func writeFen(t *testing.T, k writerKind, ss []*FenSettlement, decimalPath bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := NewWriter(&buf, k.f, k.opts...)
	for i, s := range ss {
		var err error
		if decimalPath {
			err = w.WriteSettlement(s.Settlement())
		} else {
			err = w.WriteFen(s)
		}
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			// Error rows between settlements, as a batch has them.
			for _, e := range sampleErrors() {
				if err := w.WriteError(e); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestWriteFenMatchesWriteSettlement: WriteFen writes what WriteSettlement
// writes for the same figures, and so do rows made apart, with AppendFen
// and a Formatter's AppendError, and written with WriteRows.
func TestWriteFenMatchesWriteSettlement(t *testing.T) {
	for _, k := range writerKinds {
		t.Run(k.name, func(t *testing.T) {
			want := writeFen(t, k, fenSamples(), true)
			if diff := cmp.Diff(string(want), string(writeFen(t, k, fenSamples(), false))); diff != "" {
				t.Errorf("WriteFen (-WriteSettlement +WriteFen):\n%s", diff)
			}

			var buf bytes.Buffer
			w := NewWriter(&buf, k.f, k.opts...)
			if err := w.WriteRows(nil); err != nil {
				t.Fatal(err)
			}
			fw := w.Formatter()
			var rows []byte
			for i, s := range fenSamples() {
				rows = w.AppendFen(rows, s)
				if i == 0 {
					for _, e := range sampleErrors() {
						rows = fw.AppendError(rows, e)
					}
				}
			}
			if err := w.WriteRows(rows); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("AppendFen and WriteRows (-WriteSettlement +pipeline):\n%s", diff)
			}
		})
	}
}

// writeSizes is an io.Writer that keeps what is written to it and the
// size of each Write.
type writeSizes struct {
	bytes.Buffer
	sizes []int
}

func (w *writeSizes) Write(p []byte) (int, error) {
	w.sizes = append(w.sizes, len(p))
	return w.Buffer.Write(p)
}

// TestWriteRowsLargeGoesAsItIs: rows as large as the Writer's buffer go to
// the underlying writer in one Write of their own, after what the buffer
// held, not copied into the buffer a part at a time; what is written is
// the rows in order either way.
func TestWriteRowsLargeGoesAsItIs(t *testing.T) {
	var out writeSizes
	w := NewWriter(&out, JSONL)
	small := []byte("{\"setl_id\":\"S\"}\n")
	large := bytes.Repeat([]byte("{\"setl_id\":\"L\"}\n"), 5000) // 80,000 bytes: past the 64 KiB buffer
	var want []byte
	for _, rows := range [][]byte{small, large, large, small, small, large} {
		if err := w.WriteRows(rows); err != nil {
			t.Fatal(err)
		}
		want = append(want, rows...)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out.Bytes(), want) {
		t.Fatalf("wrote %d bytes unlike the %d given", out.Len(), len(want))
	}
	s, l := len(small), len(large)
	if diff := cmp.Diff([]int{s, l, l, 2 * s, l}, out.sizes); diff != "" {
		t.Errorf("the underlying writer's Writes (-want +got):\n%s", diff)
	}
}

// TestWriteRowsHeader: the CSV header comes once, before the first row,
// whichever method writes first, and an empty batch still has it.
func TestWriteRowsHeader(t *testing.T) {
	header := string(NewWriter(io.Discard, CSV).appendCSVHeader(nil))
	s := fenSamples()[1]
	row := string(NewWriter(io.Discard, CSV).AppendFen(nil, s))
	for _, tc := range []struct {
		name  string
		write func(w *Writer) error
		want  string
	}{
		{"nothing", func(w *Writer) error { return nil }, header},
		{"WriteRows(nil)", func(w *Writer) error { return w.WriteRows(nil) }, header},
		{"WriteRows", func(w *Writer) error { return w.WriteRows([]byte(row)) }, header + row},
		{"WriteFen twice", func(w *Writer) error {
			if err := w.WriteFen(s); err != nil {
				return err
			}
			return w.WriteFen(s)
		}, header + row + row},
		{"WriteSettlement then WriteRows", func(w *Writer) error {
			if err := w.WriteSettlement(s.Settlement()); err != nil {
				return err
			}
			return w.WriteRows([]byte(row))
		}, header + row + row},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var buf bytes.Buffer
			w := NewWriter(&buf, CSV)
			if err := tc.write(w); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(tc.want, buf.String()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
	if got := NewWriter(io.Discard, JSONL).AppendFen(nil, s); bytes.Contains(got, []byte("setl_id,")) {
		t.Errorf("a JSON Lines row has a header: %s", got)
	}
}

// TestAppendFenRandom compares random figures and texts with the decimal
// writer.
func TestAppendFenRandom(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 11))
	figure := func() int64 {
		switch rng.IntN(6) {
		case 0:
			return rng.Int64N(200) - 100
		case 1:
			return rng.Int64() - math.MaxInt64/2
		case 2:
			return -rng.Int64N(1e9)
		}
		return rng.Int64N(1e12)
	}
	const runes = "=+-@\ra 0.9,\"\\\n\t\x00\x7f起付线→−×%—“”\u2028\u2029\ufffd\uffff\U0001F600é\xe2\x80\xff\xed\xa0\x80\xe0\x80\x80"
	text := func() string {
		var b strings.Builder
		for range rng.IntN(12) {
			if rng.IntN(4) == 0 {
				b.WriteByte(runes[rng.IntN(len(runes))]) // perhaps half a rune
				continue
			}
			r := []rune(runes)
			b.WriteRune(r[rng.IntN(len(r))])
		}
		return b.String()
	}
	for range 2000 {
		s := &FenSettlement{SetlID: text(), PsnNo: text()}
		if rng.IntN(3) == 0 {
			s.Reverses = text()
		}
		for i := range s.Setlinfo {
			s.Setlinfo[i] = figure()
		}
		for range rng.IntN(4) {
			fd := FenDetail{FundPayType: text(), FundPayTypeName: text(),
				InscpScpAmt: figure(), CrtPaybLmtAmt: figure(), FundPayamt: figure()}
			if rng.IntN(5) > 0 {
				fd.ProcInfo = procText(text())
			}
			s.Setldetail = append(s.Setldetail, fd)
		}
		for _, k := range writerKinds {
			var buf bytes.Buffer
			w := NewWriter(&buf, k.f, k.opts...)
			if err := w.WriteSettlement(s.Settlement()); err != nil {
				t.Fatal(err)
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			want := buf.String()
			if k.f == CSV {
				want = want[strings.IndexByte(want, '\n')+1:]
			}
			if got := string(w.AppendFen(nil, s)); got != want {
				t.Fatalf("%s: AppendFen wrote\n%q\nWriteSettlement wrote\n%q", k.name, got, want)
			}
		}
	}
}

// TestAppendFenAllocs: appending a row with room for it allocates nothing,
// whatever the format, and whether or not a formula is guarded.
func TestAppendFenAllocs(t *testing.T) {
	s := fenSamples()[0]
	s.Setldetail = s.Setldetail[:1] // text with nothing to escape
	dst := make([]byte, 0, 4096)
	for _, k := range writerKinds {
		w := NewWriter(io.Discard, k.f, k.opts...)
		for _, id := range []string{"S1", "=S1", `=HYPERLINK("x","y")`, "0012", "46000000000000003501209658"} {
			s.SetlID = id
			if n := testing.AllocsPerRun(100, func() { dst = w.AppendFen(dst[:0], s) }); n != 0 {
				t.Errorf("%s, setl_id %s: AppendFen allocates %v times a row", k.name, id, n)
			}
		}
		s.Reverses = "-S0"
		if n := testing.AllocsPerRun(100, func() { dst = w.AppendFen(dst[:0], s) }); n != 0 {
			t.Errorf("%s, a reversal: AppendFen allocates %v times a row", k.name, n)
		}
		s.Reverses = ""
	}
	s.SetlID = "S1"
	w := NewWriter(io.Discard, CSV)
	if n := testing.AllocsPerRun(100, func() { _ = w.WriteFen(s) }); n != 0 {
		t.Errorf("WriteFen allocates %v times a row", n)
	}
}

func BenchmarkWriteFenJSONL(b *testing.B) {
	s := fenSamples()[0]
	s.Setldetail = s.Setldetail[:1]
	w := NewWriter(io.Discard, JSONL)
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteFen(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteFenCSV(b *testing.B) {
	s := fenSamples()[0]
	w := NewWriter(io.Discard, CSV)
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteFen(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteFenCSVGuardFormulas is BenchmarkWriteFenCSV for a
// spreadsheet (mpl run --bom), its setl_id one to guard.
func BenchmarkWriteFenCSVGuardFormulas(b *testing.B) {
	s := fenSamples()[0]
	s.SetlID = "-S1"
	w := NewWriter(io.Discard, CSV, GuardFormulas())
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteFen(s); err != nil {
			b.Fatal(err)
		}
	}
}

// TestPlain3 checks plain3, the short cut past the UTF-8 decoder, against
// the decoder on every three bytes it could take.
func TestPlain3(t *testing.T) {
	for c0 := 0x80; c0 < 0x100; c0++ {
		for c1 := range 0x100 {
			for c2 := range 0x100 {
				if !plain3(byte(c0), byte(c1), byte(c2)) {
					continue
				}
				r, size := utf8.DecodeRune([]byte{byte(c0), byte(c1), byte(c2)})
				if size != 3 || r == '\u2028' || r == '\u2029' {
					t.Fatalf("plain3 takes % x, which decodes to %U in %d bytes", []byte{byte(c0), byte(c1), byte(c2)}, r, size)
				}
			}
		}
	}
}

// TestDecimalDigits checks the digit count at every power of ten and of
// two.
func TestDecimalDigits(t *testing.T) {
	check := func(u uint64) {
		if got, want := decimalDigits(u), len(strconv.FormatUint(u, 10)); got != want {
			t.Errorf("decimalDigits(%d) = %d, want %d", u, got, want)
		}
	}
	for _, p := range pow10u {
		check(p - 1)
		check(p)
		check(p + 1)
	}
	for k := range 64 {
		check(1<<k - 1)
		check(1 << k)
		check(1<<k + 1)
	}
	check(math.MaxUint64)
}
