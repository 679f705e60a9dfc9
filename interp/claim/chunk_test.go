package claim

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestChunkReaderMatchesReader: reading lines in chunks and parsing each
// with a LineParser gives the rows a Reader gives, line numbers included,
// whatever the chunk size: a byte order mark, CRLF, blank lines, a last
// line without its end, and a line over the length limit.
func TestChunkReaderMatchesReader(t *testing.T) {
	ok := `{"setl_id":"S%d","psn_no":"P1","insutype":"310","psn_type":"1101","med_type":"21","medins_lv":"3","setl_time":"2025-03-01","medfee_sumamt":"10.00","fulamt_ownpay_amt":"0","overlmt_selfpay":"0","preselfpay_amt":"0","inscp_scp_amt":"10.00"}`
	long := `{"setl_id":"L","memo":"` + strings.Repeat("x", 600) + `"}`
	inputs := map[string]string{
		"plain":      fmt.Sprintf(ok+"\n"+ok+"\n", 1, 2),
		"bom crlf":   utf8BOM + fmt.Sprintf(ok+"\r\n\r\n"+ok+"\r\n", 1, 2),
		"blank":      "\n  \t\n" + fmt.Sprintf(ok, 1) + "\n\n",
		"no end":     fmt.Sprintf(ok+"\n"+ok, 1, 2),
		"too long":   fmt.Sprintf(ok+"\n", 1) + long + "\n" + fmt.Sprintf(ok+"\n", 2),
		"broken":     "{\"setl_id\":\n" + fmt.Sprintf(ok, 3) + "\nnot json\n",
		"empty":      "",
		"only blank": "\n\n",
	}
	const maxLine = 500
	type row struct {
		Claim *Claim
		Err   *Error
	}
	for name, in := range inputs {
		var want []row
		r := newReaderSize(strings.NewReader(in), JSONL, maxLine)
		for {
			c, err := r.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			var e *Error
			if err != nil && !errors.As(err, &e) {
				t.Fatal(err)
			}
			want = append(want, row{c, e})
		}
		for _, size := range []int{1, 100, 1 << 20} {
			cr := newChunkReaderSize(strings.NewReader(in), maxLine)
			lp := NewLineParser()
			var got []row
			var ch Chunk
			for {
				err := cr.Next(&ch, size)
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatal(err)
				}
				for _, ln := range ch.Lines {
					if ln.TooLong {
						e := TooLongError(ln.No)
						e.Msg = "the line is longer than " + sizeText(maxLine)
						got = append(got, row{nil, e})
						continue
					}
					c, e := lp.Claim([]byte(ch.Text[ln.Start:ln.End]), ln.No)
					got = append(got, row{c, e})
				}
			}
			if diff := cmp.Diff(want, got, equalDecimals); diff != "" {
				t.Errorf("%s, chunks of %d bytes: (-Reader +ChunkReader):\n%s", name, size, diff)
			}
		}
	}
}

// TestChunkReaderParts: input cut at any line end and read in parts, each
// by a ChunkReader of its own, gives the lines the whole input gives, a
// byte order mark dropped at the start of any line (files joined by cat
// keep each one's), however the line ends.
func TestChunkReaderParts(t *testing.T) {
	in := utf8BOM + "a\r\n\nb\n" + utf8BOM + "c\r\n  \n" + utf8BOM + "\nd"
	type line struct {
		Text    string
		TooLong bool
	}
	lines := func(cr *ChunkReader) []line {
		var got []line
		var ch Chunk
		for {
			err := cr.Next(&ch, 1)
			if errors.Is(err, io.EOF) {
				return got
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, ln := range ch.Lines {
				got = append(got, line{strings.Clone(ch.Text[ln.Start:ln.End]), ln.TooLong})
			}
		}
	}
	want := lines(NewChunkReader(strings.NewReader(in)))
	if diff := cmp.Diff([]line{{"a", false}, {"b", false}, {"c", false}, {"d", false}}, want); diff != "" {
		t.Fatalf("whole (-want +got):\n%s", diff)
	}
	for cut := 1; cut < len(in); cut++ {
		if in[cut-1] != '\n' {
			continue
		}
		got := append(lines(NewChunkReader(strings.NewReader(in[:cut]))), lines(NewChunkReader(strings.NewReader(in[cut:])))...)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("cut at %d (-whole +parts):\n%s", cut, diff)
		}
	}
}
