package claim

import (
	"bufio"
	"bytes"
	"io"
	"unsafe"
)

// Chunk is a run of JSON Lines lines read in one piece, so that a program
// can parse the lines of many chunks at once and still know each line's
// number. Text holds the lines back to back, without their line ends;
// Lines says where each is.
//
// Text is a view of the chunk's own buffer, which ChunkReader.Next reuses:
// Text, and every string taken from it (a Flat's fields), is valid only
// until the chunk is filled again. Copy what must outlive that. Reusing the
// buffer is what keeps a long batch from allocating its whole size.
type Chunk struct {
	Text  string
	Lines []ChunkLine
	buf   []byte
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
// line is dropped (files joined by cat keep each one's), blank lines are skipped, and a line longer than 16 MiB is
// reported rather than read. It is not safe for concurrent use.
type ChunkReader struct {
	lines lineSource
}

// NewChunkReader returns a ChunkReader of r.
func NewChunkReader(r io.Reader) *ChunkReader {
	return newChunkReaderSize(r, maxLineBytes)
}

func newChunkReaderSize(r io.Reader, maxLine int) *ChunkReader {
	return &ChunkReader{lines: lineSource{br: bufio.NewReaderSize(r, 64<<10), maxLine: maxLine}}
}

// Next fills ch with the next lines, reusing its memory (so that the
// strings of its last filling are no longer valid), until the lines hold
// at least size bytes or the input ends. It returns io.EOF
// when no line is left, and the source's error when reading fails; a chunk
// filled before either is returned with a nil error first.
func (c *ChunkReader) Next(ch *Chunk, size int) error {
	ch.Lines = ch.Lines[:0]
	ch.buf = ch.buf[:0]
	ch.Text = ""
	for len(ch.buf) < size {
		line, tooLong, err := c.lines.next()
		if err != nil {
			if len(ch.Lines) > 0 && err == io.EOF {
				break
			}
			if len(ch.Lines) > 0 {
				// Hand over what was read; the error comes back next time.
				c.lines.err = err
				break
			}
			return err
		}
		if !tooLong && isBlank(line) {
			continue
		}
		start := len(ch.buf)
		ch.buf = append(ch.buf, line...)
		ch.Lines = append(ch.Lines, ChunkLine{Start: start, End: len(ch.buf), No: c.lines.line, TooLong: tooLong})
	}
	// A view, not a copy: see Chunk. Nothing writes to buf until the next
	// call, which makes a new Text.
	ch.Text = unsafe.String(unsafe.SliceData(ch.buf), len(ch.buf))
	return nil
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
