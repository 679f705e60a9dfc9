package claim

import (
	"bufio"
	"bytes"
	"io"
	"unsafe"
)

// Chunk is a run of JSON Lines lines read in one piece, so that a program
// can parse the lines of many chunks at once and still know each line's
// number. Text holds the lines as read, line ends and all; Lines says
// where each is, without its line end.
//
// Text is a view of the chunk's own buffer, which ChunkReader.Next reuses:
// Text, and every string taken from it (a Flat's fields), is valid only
// until the chunk is filled again. Copy what must outlive that. Reusing the
// buffer is what keeps a long batch from allocating its whole size.
type Chunk struct {
	Text  string
	Lines []ChunkLine
	// Paused: Take cut the chunk short because the source had no more
	// ready (a pipe whose writer pauses). Its rows may be the last for a
	// while: whoever writes them should flush them.
	Paused bool
	buf    []byte
	// buf is the caller's text (see SplitText): Take must not fill it.
	borrowed bool
	// Taken, not yet split (see ChunkReader.Take): the number of the line
	// before the first line of buf, the line too long to hold that starts
	// the chunk, if any (its number; 0 when none), and the reader's limit.
	before, long int
	maxLine      int
}

// ChunkLine is one line of a Chunk: Text[Start:End], line number No. A line
// longer than the limit is kept as an empty line with TooLong set; its
// error is TooLongError.
type ChunkLine struct {
	Start, End int
	No         int
	TooLong    bool
}

// ChunkReader splits JSON Lines input into Chunks by the rules a Reader
// reads lines with: lines are numbered from 1 counting every physical line,
// a line end may be LF or CRLF, a UTF-8 byte order mark at the start of a
// line is dropped (files joined by cat keep each one's), blank lines are
// skipped, and a line longer than 16 MiB is reported rather than read. It
// is not safe for concurrent use.
//
// Reading is in two steps, so that several goroutines may share one input
// and still parse on their own cores what each read: Take, which must be
// called in turn, reads the input's next whole lines into a chunk's own
// buffer, and Split, which needs nothing of the reader, tells the lines
// apart. Next does both.
type ChunkReader struct {
	r       io.Reader
	maxLine int
	line    int    // the lines taken so far
	carry   []byte // read past the last line end taken: the next line's start
	skip    bool   // the next bytes, to a line end, are of a line too long
	eof     bool   // r has ended
	err     error  // sticky: r failed
	empty   int    // reads in a row that gave nothing, and no error
}

// NewChunkReader returns a ChunkReader of r.
func NewChunkReader(r io.Reader) *ChunkReader {
	return newChunkReaderSize(r, maxLineBytes)
}

func newChunkReaderSize(r io.Reader, maxLine int) *ChunkReader {
	return &ChunkReader{r: r, maxLine: maxLine}
}

// Next fills ch with the next lines, reusing its memory (so that the
// strings of its last filling are no longer valid): those in about size
// bytes of input, at least one line, or those left; or fewer, when a read
// gives less than it asked for (a pipe whose writer pauses), so that the
// lines read are not held back until more come. It returns io.EOF
// when no line is left, and the source's error when reading fails; a chunk
// filled before either is returned with a nil error first.
func (c *ChunkReader) Next(ch *Chunk, size int) error {
	for {
		if err := c.Take(ch, size); err != nil {
			return err
		}
		ch.Split()
		if len(ch.Lines) > 0 {
			return nil
		}
		// Blank lines only: on to the next.
	}
}

// Take reads the input's next whole lines into ch, as Next does, but
// leaves them for Split to tell apart: ch.Lines is empty until then, and
// may be empty after it when the lines taken were blank.
func (c *ChunkReader) Take(ch *Chunk, size int) error {
	ch.Lines = ch.Lines[:0]
	ch.Text = ""
	ch.Paused = false
	if ch.borrowed {
		ch.buf, ch.borrowed = nil, false // the memory is SplitText's caller's
	}
	ch.maxLine = c.maxLine
	ch.buf = append(ch.buf[:0], c.carry...)
	c.carry = c.carry[:0]
	ch.before, ch.long = c.line, 0
	size = max(size, 1)
	last := -1     // the index of the last line end in ch.buf
	scanned := 0   // ch.buf[:scanned] was looked through for line ends
	short := false // the last read gave less than it was asked for
	for {
		if c.skip {
			// A line too long starts the chunk: its number, and its bytes
			// dropped to its end.
			c.line++
			ch.before, ch.long = c.line, c.line
			var err error
			if short, err = c.skipLong(ch); err != nil {
				return err
			}
			last, scanned = -1, 0
		}
		if i := bytes.LastIndexByte(ch.buf[scanned:], '\n'); i >= 0 {
			last = scanned + i
		}
		scanned = len(ch.buf)
		switch {
		case last >= 0 && (len(ch.buf) >= size || short):
			// Enough; or all the source had (a pipe whose writer
			// pauses): the lines read are not held back waiting for more.
			ch.Paused = len(ch.buf) < size
			return c.cut(ch, last+1)
		case c.eof || c.err != nil:
			return c.end(ch, last)
		case len(ch.buf)-(last+1) > c.maxLine+len(utf8BOM)+1:
			// The line after the last line end is too long, whatever
			// follows (a byte order mark and a CR are no part of its
			// length). The chunk ends before it, unless it holds nothing
			// yet.
			c.skip = true
			if last >= 0 || ch.long != 0 {
				ch.buf = ch.buf[:last+1]
				c.line += bytes.Count(ch.buf, []byte{'\n'})
				return nil
			}
			ch.buf = ch.buf[:0]
			continue
		}
		want := max(size-len(ch.buf), size/2, 4096)
		short = c.fill(ch, want) < want
	}
}

// fill reads once from the input, up to n bytes, onto the end of ch.buf,
// and returns how many it read. A source that gives nothing a hundred
// times over, without an error, fails with io.ErrNoProgress, as a
// bufio.Reader (and so a Reader) fails.
func (c *ChunkReader) fill(ch *Chunk, n int) int {
	if cap(ch.buf)-len(ch.buf) < n {
		ch.buf = append(ch.buf, make([]byte, n)...)[:len(ch.buf)]
	}
	got, err := c.r.Read(ch.buf[len(ch.buf) : len(ch.buf)+n])
	ch.buf = ch.buf[:len(ch.buf)+got]
	switch {
	case err == io.EOF:
		c.eof = true
	case err != nil:
		c.err = err
	case got > 0:
		c.empty = 0
	default:
		if c.empty++; c.empty >= 100 {
			c.err = io.ErrNoProgress
		}
	}
	return got
}

// cut ends ch after its first n bytes, the last a line end, and keeps the
// rest for the next chunk.
func (c *ChunkReader) cut(ch *Chunk, n int) error {
	c.carry = append(c.carry, ch.buf[n:]...)
	ch.buf = ch.buf[:n]
	c.line += bytes.Count(ch.buf, []byte{'\n'})
	return nil
}

// end ends ch when the input has ended or failed; last is the index of its
// last line end, or -1.
func (c *ChunkReader) end(ch *Chunk, last int) error {
	if c.err != nil {
		// The whole lines read, then the failure next time: the line it
		// cut short is lost, as Reader loses it.
		ch.buf = ch.buf[:last+1]
		if last < 0 && ch.long == 0 {
			return c.err
		}
		c.line += bytes.Count(ch.buf, []byte{'\n'})
		return nil
	}
	if len(ch.buf) == 0 && ch.long == 0 {
		return io.EOF
	}
	c.line += bytes.Count(ch.buf, []byte{'\n'})
	if last < len(ch.buf)-1 {
		c.line++ // the last line, without its end
	}
	return nil
}

// skipLong drops the input up to the end of the line too long that starts
// ch, and keeps in ch.buf what follows it; it reports whether its last
// read gave less than it asked for (see Take).
func (c *ChunkReader) skipLong(ch *Chunk) (short bool, err error) {
	for {
		if i := bytes.IndexByte(ch.buf, '\n'); i >= 0 {
			ch.buf = append(ch.buf[:0], ch.buf[i+1:]...)
			c.skip = false
			return short, nil
		}
		ch.buf = ch.buf[:0]
		switch {
		case c.eof:
			c.skip = false
			return short, nil
		case c.err != nil:
			c.skip = false
			return short, c.err
		}
		const want = 64 << 10
		short = c.fill(ch, want) < want
	}
}

// Split tells apart the lines Take read into ch, in ch.Lines.
func (ch *Chunk) Split() {
	// A view, not a copy: see Chunk. Nothing writes to buf until the next
	// Take, which makes a new Text.
	ch.Text = unsafe.String(unsafe.SliceData(ch.buf), len(ch.buf))
	ch.Lines = ch.Lines[:0]
	if ch.long != 0 {
		ch.Lines = append(ch.Lines, ChunkLine{No: ch.long, TooLong: true})
	}
	no := ch.before
	for start := 0; start < len(ch.buf); {
		end := bytes.IndexByte(ch.buf[start:], '\n')
		next := len(ch.buf)
		if end >= 0 {
			end += start
			next = end + 1
		} else {
			end = len(ch.buf)
		}
		no++
		s, e := start, end
		if e > s && ch.buf[e-1] == '\r' {
			e--
		}
		if bytes.HasPrefix(ch.buf[s:e], []byte(utf8BOM)) {
			s += len(utf8BOM)
		}
		start = next
		switch {
		case e-s > ch.maxLine:
			ch.Lines = append(ch.Lines, ChunkLine{Start: s, End: s, No: no, TooLong: true})
		case !isBlank(ch.buf[s:e]):
			ch.Lines = append(ch.Lines, ChunkLine{Start: s, End: e, No: no})
		}
	}
}

// SplitText fills ch with the lines of text, which must hold whole lines
// (the last may lack its line end), told apart as Take and Split tell them
// and numbered from 1: so that a part of input read some other way (from
// its end back, say) is read by the same rules. ch shares text's memory
// until it is filled again, by SplitText or by a ChunkReader, which then
// reads into memory of its own: nothing is ever written to text.
func (ch *Chunk) SplitText(text []byte) { ch.splitText(text, maxLineBytes) }

// splitText is SplitText with lines longer than maxLine too long.
func (ch *Chunk) splitText(text []byte, maxLine int) {
	ch.buf, ch.borrowed = text, true
	ch.before, ch.long, ch.maxLine = 0, 0, maxLine
	ch.Split()
}

// TooLongError is the error row of a line longer than a Reader accepts.
func TooLongError(line int) *Error {
	return &Error{Line: line, Code: CodeRead, Msg: "the line is longer than " + sizeText(maxLineBytes)}
}

// lineSource reads lines as Reader and ChunkReader number them.
type lineSource struct {
	br      *bufio.Reader
	maxLine int
	line    int    // lines read so far
	buf     []byte // a line longer than br's buffer
	err     error  // sticky: the source failed
}

// next returns the next line without its line end, in a buffer reused by
// the next call. A line longer than maxLine is skipped to its end and
// reported with tooLong.
func (s *lineSource) next() (line []byte, tooLong bool, err error) {
	if s.err != nil {
		return nil, false, s.err
	}
	s.buf = s.buf[:0]
	long := false // the line so far is in s.buf
	for {
		chunk, err := s.br.ReadSlice('\n')
		if err == bufio.ErrBufferFull {
			if !tooLong {
				if len(s.buf)+len(chunk) > s.maxLine {
					tooLong = true
					s.buf = s.buf[:0]
				} else {
					s.buf = append(s.buf, chunk...)
					long = true
				}
			}
			continue
		}
		if err != nil && err != io.EOF {
			s.err = err
			return nil, false, err
		}
		if err == io.EOF && len(chunk) == 0 && !long && !tooLong {
			return nil, false, io.EOF
		}
		s.line++
		if long {
			s.buf = append(s.buf, chunk...)
			chunk = s.buf
		}
		// A byte order mark starts a file a Windows program wrote, and
		// files joined by cat keep each one's: it is no part of the line.
		chunk = bytes.TrimPrefix(trimLineEnd(chunk), []byte(utf8BOM))
		if tooLong || len(chunk) > s.maxLine {
			return nil, true, nil
		}
		return chunk, false, nil
	}
}
