package claim

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// benchClaims generates n claim lines like a HIS's: mostly the four
// amounts, as strings or numbers, every fifth with fee lines, all with a few
// fields the contract does not know.
func benchClaims(n int) []byte {
	rng := rand.New(rand.NewPCG(5, 6))
	var b bytes.Buffer
	for i := range n {
		own, over, pre, inscp := rng.IntN(50000), rng.IntN(2000), rng.IntN(30000), rng.IntN(900000)
		fmt.Fprintf(&b, `{"setl_id":"S%08d","psn_no":"P%06d","insutype":"310","psn_type":"%s","med_type":"%s",`+
			`"medins_lv":"%d","setl_time":"2024-%02d-%02d 10:%02d:00","age":%d,"mdtrt_area":"本地",`+
			`"fixmedins_code":"H11010800001","fixmedins_name":"北京协和医院","dept_name":"心内科",`,
			i, rng.IntN(200000), []string{"1101", "1201", "在职", "退休"}[i%4], []string{"11", "21", "14"}[i%3],
			1+i%3, 1+i%12, 1+i%28, i%60, 20+i%70)
		total := own + over + pre + inscp
		if i%5 == 0 {
			fmt.Fprintf(&b, `"medfee_sumamt":"%s","fee_details":[`, fenText(int64(total)))
			lines := []int{own, over, pre, inscp}
			for k, fen := range lines {
				if k > 0 {
					b.WriteByte(',')
				}
				fmt.Fprintf(&b, `{"item_code":"XA01AAA%03d","chrg_item_lv":"%s","det_item_fee_sumamt":"%s","selfpay_prop":"0.1","cnt":2}`,
					k, []string{"甲", "乙", "丙", "01"}[k], fenText(int64(fen)))
			}
			b.WriteString("]}\n")
			continue
		}
		if i%2 == 0 {
			fmt.Fprintf(&b, `"medfee_sumamt":%s,"fulamt_ownpay_amt":%s,"overlmt_selfpay":%s,"preselfpay_amt":%s,"inscp_scp_amt":%s}`+"\n",
				fenText(int64(total)), fenText(int64(own)), fenText(int64(over)), fenText(int64(pre)), fenText(int64(inscp)))
		} else {
			fmt.Fprintf(&b, `"medfee_sumamt":"%s","fulamt_ownpay_amt":"%s","overlmt_selfpay":"%s","preselfpay_amt":"%s","inscp_scp_amt":"%s"}`+"\n",
				fenText(int64(total)), fenText(int64(own)), fenText(int64(over)), fenText(int64(pre)), fenText(int64(inscp)))
		}
	}
	return b.Bytes()
}

func BenchmarkReadJSONL(b *testing.B) {
	const n = 1000
	benchRead(b, benchClaims(n), n, func(in io.Reader) (int, error) {
		r := NewReader(in, JSONL)
		count := 0
		for {
			_, err := r.Next()
			if err == io.EOF {
				return count, nil
			}
			if err != nil {
				return count, err
			}
			count++
		}
	})
}

// benchRead measures read, which reads data, lines lines or rows of input,
// and returns how many it read: per line as well as per run.
func benchRead(b *testing.B, data []byte, lines int, read func(io.Reader) (int, error)) {
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	defer reportPerLine(b, lines)
	for b.Loop() {
		count, err := read(bytes.NewReader(data))
		if err != nil {
			b.Fatal(err)
		}
		if count != lines {
			b.Fatalf("read %d, want %d", count, lines)
		}
	}
}

// BenchmarkReadCSVFlat reads CSV rows as a stream does, each into a Flat
// (NextFlat): the row's cells through encoding/csv and the lineGuard that
// bounds its lines.
func BenchmarkReadCSVFlat(b *testing.B) {
	const n = 1000
	rng := rand.New(rand.NewPCG(5, 6))
	var data bytes.Buffer
	data.WriteString(csvHeader + ",fixmedins_name\n")
	for i := range n {
		fmt.Fprintf(&data, "S%08d,P%06d,310,1101,21,%d,2024-%02d-%02d 10:00:00,%d.00,10.00,0,5.50,%d.50,北京协和医院\n",
			i, rng.IntN(200000), 1+i%3, 1+i%12, 1+i%28, 1000+i, 984+i)
	}
	var f Flat
	benchRead(b, data.Bytes(), n, func(in io.Reader) (int, error) {
		r := NewReader(in, CSV)
		count := 0
		for {
			flat, _, err := r.NextFlat(&f)
			if err == io.EOF {
				return count, nil
			}
			if err != nil || !flat {
				return count, fmt.Errorf("row %d: flat %v, %v", count+1, flat, err)
			}
			count++
		}
	})
}

// BenchmarkParseFlat reads benchClaims as a batch does with a LineParser:
// Flat for each line, Claim for the lines Flat leaves (those with fee
// lines). The flat variant reads only the lines without fee lines.
func BenchmarkParseFlat(b *testing.B) {
	const n = 1000
	all := benchLines(n)
	var flat []string
	for _, line := range all {
		if !strings.Contains(line, `"fee_details"`) {
			flat = append(flat, line)
		}
	}
	for _, bc := range []struct {
		name  string
		lines []string
	}{{"mix", all}, {"flat", flat}} {
		b.Run(bc.name, func(b *testing.B) {
			// One text holding every line, as a batch's read buffer does:
			// the lines are substrings of it and byte slices of it.
			text := strings.Join(bc.lines, "\n") + "\n"
			data := []byte(text)
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			defer reportPerLine(b, len(bc.lines))
			p := NewLineParser()
			var f Flat
			for b.Loop() {
				start, lineNo, fast := 0, 0, 0
				for start < len(text) {
					end := start + strings.IndexByte(text[start:], '\n')
					lineNo++
					if p.Flat(text[start:end], lineNo, &f) {
						fast++
					} else if _, e := p.Claim(data[start:end], lineNo); e != nil {
						b.Fatal(e)
					}
					start = end + 1
				}
				if lineNo != len(bc.lines) || fast != len(flat) && bc.name == "flat" {
					b.Fatalf("%d lines, %d fast", lineNo, fast)
				}
			}
		})
	}
}

// reportPerLine reports the time per line of a benchmark that reads lines
// lines each iteration.
func reportPerLine(b *testing.B, lines int) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(lines), "ns/line")
}

func BenchmarkWriteJSONL(b *testing.B) {
	s := sampleSettlement()
	w := NewWriter(io.Discard, JSONL)
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteSettlement(s); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWriteCSV is BenchmarkWriteJSONL's settlement as a CSV row, and
// BenchmarkWriteCSVError an error row, on the plain writer (mpl run --out
// csv).
func BenchmarkWriteCSV(b *testing.B) {
	s := sampleSettlement()
	w := NewWriter(io.Discard, CSV)
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteSettlement(s); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteCSVError(b *testing.B) {
	e := &Error{SetlID: "S2024-0001", Line: 12, Field: "medfee_sumamt", Code: CodeClaim, Msg: `"-5" is negative`}
	w := NewWriter(io.Discard, CSV)
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteError(e); err != nil {
			b.Fatal(err)
		}
	}
}

// The generated claims are all valid, so the benchmark measures claims, not
// error rows.
func TestBenchClaimsAreValid(t *testing.T) {
	r := NewReader(bytes.NewReader(benchClaims(100)), JSONL)
	for {
		c, err := r.Next()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatal(err)
		}
		if err := checkContract(c); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkChunkReader splits JSON Lines into a stream's 64 KiB chunks, as
// RunStream's reader and StreamsAsBatch's check do before anything parses
// a line: the cost a line pays for being read at all.
func BenchmarkChunkReader(b *testing.B) {
	const n = 20000
	var ch Chunk
	benchRead(b, benchClaims(n), n, func(in io.Reader) (int, error) {
		cr := NewChunkReader(in)
		count := 0
		for {
			err := cr.Next(&ch, 64<<10)
			if err == io.EOF {
				return count, nil
			}
			if err != nil {
				return count, err
			}
			count += len(ch.Lines)
		}
	})
}
