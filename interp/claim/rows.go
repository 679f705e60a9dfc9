package claim

// The Append methods let a program format rows in one place and write them
// in another (a batch that settles on one goroutine and writes on another)
// with exactly the bytes WriteSettlement and WriteError would write; hand
// them to WriteRows in order. For CSV, call WriteRows(nil) first, so that
// the header is written (and not appended to a row). A goroutine of its
// own formats rows with a Formatter of the Writer, which makes them with
// the Writer's options (GuardFormulas).

// AppendSettlement appends the row WriteSettlement would write for s to dst.
// Like WriteSettlement it appends nothing and returns a *Error for an
// amount with a fraction of a fen.
func (w *Writer) AppendSettlement(dst []byte, s *Settlement) ([]byte, *Error) {
	if e := CheckFen(s); e != nil {
		return dst, e
	}
	if w.format == CSV {
		return w.appendCSVSettlement(dst, s), nil
	}
	return w.appendJSONSettlement(dst, s), nil
}

// AppendError appends the row WriteError would write for e to dst.
func (w *Writer) AppendError(dst []byte, e *Error) []byte {
	if w.format == CSV {
		return w.appendCSVError(dst, e)
	}
	return appendJSONError(dst, e)
}
