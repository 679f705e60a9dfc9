package claim

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"testing/iotest"

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

// chunkLine is a line as a test compares it: its number, its text, and
// whether it was too long to read.
type chunkLine struct {
	No      int
	Text    string
	TooLong bool
}

// linesOfReader is what a Reader reads of in, line by line, with lines
// longer than maxLine too long: the lines a ChunkReader must give, blank
// ones left out, then the source's error, if any.
func linesOfReader(in io.Reader, maxLine int) ([]chunkLine, error) {
	src := lineSource{br: bufio.NewReaderSize(in, 64<<10), maxLine: maxLine}
	var got []chunkLine
	for {
		line, tooLong, err := src.next()
		switch {
		case err == io.EOF:
			return got, nil
		case err != nil:
			return got, err
		case tooLong:
			got = append(got, chunkLine{No: src.line, TooLong: true})
		case !isBlank(line):
			got = append(got, chunkLine{No: src.line, Text: string(line)})
		}
	}
}

// linesOfChunks is what a ChunkReader reads of in, in chunks of size
// bytes, with lines longer than maxLine too long; take reads with Take and
// Split rather than Next.
func linesOfChunks(in io.Reader, maxLine, size int, take bool) ([]chunkLine, error) {
	cr := newChunkReaderSize(in, maxLine)
	var got []chunkLine
	var ch Chunk
	for {
		var err error
		if take {
			if err = cr.Take(&ch, size); err == nil {
				ch.Split()
			}
		} else {
			err = cr.Next(&ch, size)
		}
		if err == io.EOF {
			return got, nil
		}
		if err != nil {
			return got, err
		}
		for _, ln := range ch.Lines {
			got = append(got, chunkLine{No: ln.No, Text: strings.Clone(ch.Text[ln.Start:ln.End]), TooLong: ln.TooLong})
		}
	}
}

// FuzzChunkReader: a ChunkReader gives the lines a Reader reads, numbered
// alike, blank ones skipped and lines too long reported, whatever the
// chunk size, however the source hands out its bytes (all at once, one at
// a time, half of what is asked), and when it fails part way; by Next,
// or by Take and Split; and SplitText gives them too, of the input whole.
func FuzzChunkReader(f *testing.F) {
	for _, seed := range []string{
		"", "\n", "a\nb", "a\r\nb\r\n", utf8BOM + "a\n" + utf8BOM + "\r\n  \t\n b\n",
		strings.Repeat("x", 40) + "\n" + strings.Repeat("y", 41) + "\nz\n",
		utf8BOM + strings.Repeat("x", 40) + "\r\n" + strings.Repeat("y", 200) + "\n" + strings.Repeat("w", 300),
		"a\n" + strings.Repeat("q", 100) + "\n" + strings.Repeat("r", 100) + "\n\n",
		"\r\r\n\r\n" + utf8BOM + "\r\n" + strings.Repeat("y", 44) + "\r",
	} {
		for _, size := range []uint16{1, 7, 64, 16 << 10} {
			f.Add([]byte(seed), size, uint8(0), uint16(0))
			f.Add([]byte(seed), size, uint8(1), uint16(5))
			f.Add([]byte(seed), size, uint8(2), uint16(len(seed)/2))
		}
	}
	const maxLine = 40
	f.Fuzz(func(t *testing.T, in []byte, size uint16, how uint8, failAt uint16) {
		boom := errors.New("source failed")
		source := func() io.Reader {
			var r io.Reader = bytes.NewReader(in)
			if how&4 != 0 && int(failAt) < len(in) {
				r = io.MultiReader(bytes.NewReader(in[:failAt]), iotest.ErrReader(boom))
			}
			switch how % 4 {
			case 1:
				return iotest.OneByteReader(r)
			case 2:
				return iotest.HalfReader(r)
			}
			return r
		}
		want, wantErr := linesOfReader(source(), maxLine)
		for _, take := range []bool{false, true} {
			got, err := linesOfChunks(source(), maxLine, int(size), take)
			if err != wantErr {
				t.Fatalf("take %v, size %d: error %v, a Reader's %v", take, size, err, wantErr)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Fatalf("take %v, size %d: (-Reader +ChunkReader):\n%s", take, size, diff)
			}
		}
		if wantErr == nil {
			if diff := cmp.Diff(want, linesOfText(t, in, maxLine)); diff != "" {
				t.Fatalf("(-Reader +SplitText):\n%s", diff)
			}
		}
	})
}

// linesOfText is what SplitText finds in text, with lines longer than
// maxLine too long; it fails the test if text is written to.
func linesOfText(t *testing.T, in []byte, maxLine int) []chunkLine {
	t.Helper()
	text := bytes.Clone(in)
	var ch Chunk
	ch.splitText(text, maxLine)
	var got []chunkLine
	for _, ln := range ch.Lines {
		got = append(got, chunkLine{No: ln.No, Text: strings.Clone(ch.Text[ln.Start:ln.End]), TooLong: ln.TooLong})
	}
	if !bytes.Equal(text, in) {
		t.Fatal("SplitText wrote to its text")
	}
	return got
}

// TestSplitTextLeavesItsText: a chunk SplitText filled and a ChunkReader
// then fills again reads into memory of its own, not into the text it was
// given, however much room that text has.
func TestSplitTextLeavesItsText(t *testing.T) {
	text := []byte(strings.Repeat("a line of the text\n", 1000))
	want := bytes.Clone(text)
	var ch Chunk
	ch.SplitText(text)
	if len(ch.Lines) != 1000 {
		t.Fatalf("SplitText found %d lines, want 1000", len(ch.Lines))
	}
	cr := NewChunkReader(strings.NewReader(strings.Repeat("another line\n", 2000)))
	for {
		err := cr.Next(&ch, 16)
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if !bytes.Equal(text, want) {
		t.Error("a ChunkReader filling a chunk after SplitText wrote into SplitText's text")
	}
}

// TestChunkReaderNoProgress: a source that gives nothing, and no error,
// fails the ChunkReader with io.ErrNoProgress, as it fails a Reader,
// rather than being read for ever.
func TestChunkReaderNoProgress(t *testing.T) {
	var ch Chunk
	err := NewChunkReader(emptyReader{}).Next(&ch, 64<<10)
	if !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("err = %v, want io.ErrNoProgress", err)
	}
	if _, err := NewReader(emptyReader{}, JSONL).Next(); !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("Reader: err = %v, want io.ErrNoProgress", err)
	}
}

// emptyReader gives nothing, and no error, for ever.
type emptyReader struct{}

func (emptyReader) Read([]byte) (int, error) { return 0, nil }

// TestChunkReaderTakesWhatCame: a chunk holds the lines a source had,
// when a read gives less than it asked for (a pipe whose writer pauses),
// rather than waiting for more to fill it: the lines read are settled
// while the source pauses.
func TestChunkReaderTakesWhatCame(t *testing.T) {
	pr, pw := io.Pipe()
	go pw.Write([]byte("a\nb\nc")) // and then nothing, until the test ends
	defer pw.Close()
	var ch Chunk
	if err := NewChunkReader(pr).Next(&ch, 64<<10); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ln := range ch.Lines {
		got = append(got, ch.Text[ln.Start:ln.End])
	}
	if diff := cmp.Diff([]string{"a", "b"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// pausingReader gives its pieces, one a read, and then waits until
// released, as a pipe whose writer pauses; paused is closed when it
// starts waiting.
type pausingReader struct {
	pieces          []string
	paused, release chan struct{}
}

func (p *pausingReader) Read(b []byte) (int, error) {
	if len(p.pieces) == 0 {
		close(p.paused)
		<-p.release
		return 0, io.EOF
	}
	n := copy(b, p.pieces[0])
	if p.pieces[0] = p.pieces[0][n:]; p.pieces[0] == "" {
		p.pieces = p.pieces[1:]
	}
	return n, nil
}

// TestChunkReaderHoldsNothingBackWhilePaused: Take returns the whole lines
// a source gave before it paused, without asking it for more, after a
// line too long as after plain lines.
func TestChunkReaderHoldsNothingBackWhilePaused(t *testing.T) {
	for name, pieces := range map[string][]string{
		"plain":           {"a\nb\n"},
		"after long line": {strings.Repeat("x", 5000), "xxxx\na\nb\n"},
	} {
		p := &pausingReader{pieces: pieces, paused: make(chan struct{}), release: make(chan struct{})}
		cr := newChunkReaderSize(p, 16)
		var ch Chunk
		took := make(chan error, 1)
		go func() { took <- cr.Take(&ch, 64<<10) }()
		select {
		case err := <-took:
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		case <-p.paused:
			t.Errorf("%s: Take waits on the paused source with whole lines read", name)
			<-took
		}
		close(p.release)
	}
}
