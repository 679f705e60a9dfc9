package claim

import (
	"bytes"
	"io"
)

// Cutting input at line ends, so that its parts can be read at once.

// CSVHeaderEnd is where the header line of the first n bytes of CSV r
// ends, the blank lines a Reader skips before it included: a Reader of
// those bytes followed by the rows of any part of r that starts at a line
// end reads the header as a Reader of the whole does. (A double quote in
// the header, as anywhere, may make a record span lines; cutting such
// input is the caller's risk.)
func CSVHeaderEnd(r io.ReaderAt, n int64) (int64, error) {
	buf := make([]byte, 4<<10)
	for at := int64(0); at < n; {
		end, err := LineEnd(r, at, n, buf)
		if err != nil {
			return 0, err
		}
		// Blank, as encoding/csv has it: just a line end, LF or CRLF.
		size := end - at
		start := make([]byte, min(size, int64(len(utf8BOM)+2)))
		if _, err := r.ReadAt(start, at); err != nil && err != io.EOF {
			return 0, err
		}
		if at == 0 && bytes.HasPrefix(start, []byte(utf8BOM)) {
			start, size = start[len(utf8BOM):], size-int64(len(utf8BOM))
		}
		if size > 2 || string(start) != "\n" && string(start) != "\r\n" {
			return end, nil
		}
		at = end
	}
	return n, nil
}

// LineEnd is where the line of r that byte at is in ends, past its line
// end: at most n, and n where r ends sooner. It reads into buf. A part of
// input that starts where it says is read by a ChunkReader of its own.
func LineEnd(r io.ReaderAt, at, n int64, buf []byte) (int64, error) {
	for at < n {
		m, err := r.ReadAt(buf[:min(int64(len(buf)), n-at)], at)
		if j := bytes.IndexByte(buf[:m], '\n'); j >= 0 {
			return at + int64(j) + 1, nil
		}
		at += int64(m)
		if err != nil && err != io.EOF {
			return 0, err
		}
		if m == 0 {
			return n, nil // r is shorter than n
		}
	}
	return n, nil
}
