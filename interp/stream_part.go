package interp

import (
	"context"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"sync"

	"github.com/mpl-lang/mpl/interp/claim"
)

// This file is RunStream on several cores for what-if runs on the fast
// path: the members are split into partitions, one per goroutine, and each
// goroutine reads every chunk but parses, settles and formats only its own
// members' rows, against its own part of the ledger. A row never changes
// goroutine between parsing and formatting, and no two goroutines share a
// member, so they need no lock and share no figures; the writer takes
// each chunk's rows from the partitions in input order.
//
// A row is its member's: the reader tells whose each line is with
// claim.MemberKey, cheaply; a line it cannot tell is parsed by every
// partition, and kept by the one owning the claim's psn_no. A row that is
// no claim at all belongs to the first partition. CSV is read by rows, not
// lines (a quoted cell may hold a line end): the reader reads each row's
// cells (claim.Reader.NextRecord), whose psn_no cell says whose it is, and
// the partitions take the cells for claims (claim.RowParser).
//
// This needs each row to touch one member only. On the fast path a row
// touches its family member too (mulaid_psn_no) only through that
// member's account, which an account-less policy never pays into: an
// account with money in it is refused for want of a link (a FastLedger
// keeps none), an empty one is not, so the outcome of the row depends on
// the other member's balance. The stream is split only when no account
// holds anything (no balances were seeded), and otherwise settles on one
// goroutine.

// maxStreamParts bounds the partitions: a line's partition is a byte.
const maxStreamParts = 64

// anyPart marks a line whose member the reader could not tell.
const anyPart = 0xff

// partChunk is a chunk of input on its way through a partitioned stream.
// Its rows are lines of JSON Lines text, or CSV rows read.
type partChunk struct {
	csv   bool           // rows, not text, holds the rows
	text  claim.Chunk    // JSON Lines
	rows  []csvRow       // CSV
	part  []uint8        // by row: the partition that owns it, or anyPart
	read  [][]int32      // by partition: the rows it reads, its own and those anyPart, in order
	parts []partRows     // by partition: the rows it settled
	done  sync.WaitGroup // every partition is through the chunk
}

// csvRow is a CSV row as the reader read it: its cells, or why it can be no
// claim.
type csvRow struct {
	rec claim.Record
	err *claim.Error
}

// lineNo is the line row li of ch starts on.
func (ch *partChunk) lineNo(li int) int {
	switch {
	case !ch.csv:
		return ch.text.Lines[li].No
	case ch.rows[li].err != nil:
		return ch.rows[li].err.Line
	}
	return ch.rows[li].rec.Line
}

// partRows is what one partition made of a chunk: a row for each of its
// lines, in order.
type partRows struct {
	rows  []byte
	lines []int32 // the line (index in the chunk) of each row
	ends  []int32 // where each row ends in rows
	stats BatchStats
}

// partitioner assigns members to partitions.
type partitioner struct {
	seed maphash.Seed
	n    uint64
}

func (pt partitioner) of(psnNo string) int {
	return int(maphash.String(pt.seed, psnNo) % pt.n)
}

// runParts is run split into n partitions, when no account holds money;
// split is false, and nothing has happened, when one does.
//
// For the run, the partitions have the what-if ledger's figures (see
// WhatIfLedger.lend); the ledger is not locked meanwhile, so that
// Progress, or anyone, may read it.
func (s *stream) runParts(ctx context.Context, in io.Reader, f claim.Format, n int) (stats BatchStats, split bool, err error) {
	ledgers, pt, giveBack := s.fast.lend(n, true)
	if ledgers == nil {
		return BatchStats{}, false, nil
	}
	defer giveBack()
	src := &partSource{pt: pt}
	if f == claim.CSV {
		// The header first: each partition takes cells by it.
		src.csv = claim.NewReader(in, claim.CSV)
		if src.rows, err = src.csv.RowParser(); err == io.EOF {
			// No rows: the output is the CSV header, if any.
			stats, err = s.end(BatchStats{}, nil, nil, nil)
			return stats, true, err
		} else if err != nil {
			return BatchStats{}, true, err
		}
	} else {
		src.lines = claim.NewChunkReader(in)
	}
	stats, err = s.runPartsOn(ctx, src, n, pt, ledgers)
	return stats, true, err
}

// runPartsOn runs the partitions over their ledgers.
func (s *stream) runPartsOn(ctx context.Context, src *partSource, n int, pt partitioner, ledgers []*FastLedger) (BatchStats, error) {
	// Enough chunks in flight that one partition can run a few hundred
	// rows ahead of another (a random split is uneven over short runs)
	// without waiting for a free chunk; at most 256 (4 MiB of input),
	// however many partitions.
	inFlight := min(32*n, 256)
	free := make(chan *partChunk, inFlight)
	for range inFlight {
		free <- &partChunk{read: make([][]int32, n), parts: make([]partRows, n)}
	}
	toWrite := make(chan *partChunk, inFlight)
	toWork := make([]chan *partChunk, n)
	quit := make(chan struct{})
	var wg sync.WaitGroup
	var cancelled, readErr error

	// Settle: each partition its own members' rows, with a Formatter of
	// its own to format them.
	settlers := make([]*settler, n)
	rows := make([]*claim.RowParser, n) // CSV: each partition's, for its rows' cells
	for i := range n {
		settlers[i] = s.settler(ledgers[i], s.w.Formatter())
		if src.csv != nil {
			var err error
			if rows[i], err = src.csv.RowParser(); err != nil {
				return BatchStats{}, err
			}
		}
	}
	for i, set := range settlers {
		toWork[i] = make(chan *partChunk, inFlight)
		wg.Add(1)
		go func() {
			defer wg.Done()
			s.workPart(set, i, rows[i], toWork[i], pt, quit)
		}()
	}
	// Read: split the input into chunks and tell whose each line is.
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer func() {
			close(toWrite)
			for _, c := range toWork {
				close(c)
			}
		}()
		cancelled, readErr = s.readParts(ctx, src, free, toWork, toWrite, quit)
	}()

	// Write: in order, here; every chunk handed to the partitions, even
	// once ctx is cancelled.
	var stats BatchStats
	var err error
	for ch := range toWrite {
		ch.done.Wait()
		if err = ch.write(s.w, &stats); err != nil {
			break
		}
		if s.opt.Progress != nil {
			s.opt.Progress(stats.Rows, 0)
		}
		free <- ch
	}
	close(quit)
	for ch := range toWrite { // let the reader see quit
		ch.done.Wait()
	}
	wg.Wait()
	stats.Through = stats.Rows                   // a what-if ledger's: none kept for a run again
	return s.end(stats, err, cancelled, readErr) // a fast ledger has no store to fail
}

// readParts fills chunks from src, marks whose each row is, and hands each
// chunk to the writer and to every partition; it returns ctx's error, when
// ctx was cancelled before a chunk was handed on (the chunks handed on are
// settled and written whole, so that no claim is settled without its row),
// or the source's error, if any.
func (s *stream) readParts(ctx context.Context, src *partSource, free chan *partChunk, toWork []chan *partChunk, toWrite chan *partChunk, quit chan struct{}) (cancelled, readErr error) {
	for {
		var ch *partChunk
		select {
		case ch = <-free:
		case <-quit:
			return nil, nil
		}
		err := src.fill(ch)
		if err == io.EOF {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		if err := ctx.Err(); err != nil {
			return err, nil
		}
		ch.done.Add(len(toWork))
		select {
		case toWrite <- ch:
		case <-quit:
			return nil, nil
		}
		for k, c := range toWork {
			select {
			case c <- ch:
			case <-quit:
				// The writer waits for the chunk: the partitions not
				// given it are through with it.
				ch.done.Add(-(len(toWork) - k))
				return nil, nil
			}
		}
	}
}

// partSource is the input of a partitioned stream, read into chunks:
// JSON Lines by lines, CSV by rows.
type partSource struct {
	pt    partitioner
	lines *claim.ChunkReader // JSON Lines
	csv   *claim.Reader      // CSV
	rows  *claim.RowParser   // CSV: the reader's, to tell whose each row is
}

// fill reads the next chunk into ch and marks whose each row is. It
// returns io.EOF when no row is left, and the source's error when reading
// fails; a chunk filled before either is returned with a nil error first.
func (src *partSource) fill(ch *partChunk) error {
	ch.part = ch.part[:0]
	for p := range ch.read {
		ch.read[p] = ch.read[p][:0]
	}
	ch.csv = src.csv != nil
	if ch.csv {
		return src.fillCSV(ch)
	}
	if err := src.lines.Next(&ch.text, streamChunkBytes); err != nil {
		return err
	}
	for _, ln := range ch.text.Lines {
		var part uint8 // a line too long is no claim: the first partition's
		if !ln.TooLong {
			part = anyPart
			if psnNo, ok := claim.MemberKey(ch.text.Text[ln.Start:ln.End]); ok {
				part = uint8(src.pt.of(psnNo))
			}
		}
		ch.mark(part)
	}
	return nil
}

// mark gives the next row to partition part, or to every partition when
// part is anyPart.
func (ch *partChunk) mark(part uint8) {
	li := int32(len(ch.part))
	ch.part = append(ch.part, part)
	if part != anyPart {
		ch.read[part] = append(ch.read[part], li)
		return
	}
	for p := range ch.read {
		ch.read[p] = append(ch.read[p], li)
	}
}

// fillCSV is fill for CSV: up to csvChunkRows rows.
func (src *partSource) fillCSV(ch *partChunk) error {
	ch.rows = ch.rows[:0]
	for len(ch.rows) < csvChunkRows {
		row := addItem(&ch.rows) // its Cells reused
		row.err = nil
		err := src.csv.NextRecord(&row.rec)
		if err != nil {
			var ce *claim.Error
			if !errors.As(err, &ce) {
				// The end, or the source failed: the rows read so far
				// first; the reader says so again next time.
				ch.rows = ch.rows[:len(ch.rows)-1]
				if len(ch.rows) > 0 {
					return nil
				}
				return err
			}
			row.err = ce
			ch.mark(0) // no claim: the first partition's
			continue
		}
		part := uint8(anyPart)
		if psnNo, ok := src.rows.Member(&row.rec); ok {
			part = uint8(src.pt.of(psnNo))
		}
		ch.mark(part)
	}
	return nil
}

// workPart settles partition i's rows of each chunk, until the chunks end.
// It takes a chunk in three passes, parse, settle and format, as the
// one-goroutine stream does: each pass's code stays in the core's caches
// for the chunk's rows, where taking each row through all three in turn
// measured a third slower.
func (s *stream) workPart(set *settler, i int, rp *claim.RowParser, chunks chan *partChunk, pt partitioner, quit chan struct{}) {
	lp := claim.NewLineParser()
	var items []streamItem
	var settled []bool
	var scratch []byte // rows made while settling: errors, and Settle's
	var row []byte     // a row being formatted
	for ch := range chunks {
		select {
		case <-quit:
			ch.done.Done()
			continue
		default:
		}
		// Work on copies, and store them once at the end: the
		// partitions' partRows share cache lines, and a store to one
		// for every row would hand the line from core to core.
		pr := &ch.parts[i]
		rows, lines, ends := pr.rows[:0], pr.lines[:0], pr.ends[:0]

		// Parse this partition's lines, as the reader listed them: a
		// test of each line's partition here missed its branch on half
		// the lines.
		items = items[:0]
		for _, li := range ch.read[i] {
			part := int(ch.part[li])
			it := addItem(&items)
			if ch.csv {
				s.parseRow(rp, &ch.rows[li], it)
			} else {
				s.parseLine(lp, ch.text.Text, ch.text.Lines[li], it)
			}
			if part == anyPart && it.partition(pt) != i {
				items = items[:len(items)-1]
				continue
			}
			lines = append(lines, li)
		}
		// Settle them, in order.
		scratch = scratch[:0]
		settled = settled[:0]
		set.warm(items)
		for k := range items {
			it := &items[k]
			start := len(scratch)
			settled = append(settled, set.row(&scratch, it))
			it.row = [2]int{start, len(scratch)}
		}
		// Format them.
		var stats BatchStats
		for k := range items {
			it := &items[k]
			if it.fast {
				// Formatted where the core's cache holds it, then
				// copied in one go: the chunk's rows were last read
				// on the writer's core, and appending to them piece
				// by piece measured slower.
				row = it.res.AppendRow(row[:0], s.w)
				rows = append(rows, row...)
			} else {
				rows = append(rows, scratch[it.row[0]:it.row[1]]...)
			}
			ends = append(ends, int32(len(rows)))
			if settled[k] {
				stats.Settled++
			} else {
				stats.Errors++
			}
		}
		stats.Rows = len(items)
		pr.rows, pr.lines, pr.ends, pr.stats = rows, lines, ends, stats
		ch.done.Done()
	}
}

// partition is the partition owning a parsed row: its member's, or the
// first for a row that is no claim.
func (it *streamItem) partition(pt partitioner) int {
	switch {
	case it.err != nil:
		return 0
	case it.isFlat:
		return pt.of(it.flat.PsnNo)
	default:
		return pt.of(it.claim.PsnNo)
	}
}

// write writes the partitions' rows of ch in input order and adds their
// counts to stats. Each line must have its one row: a line with none would
// be a row silently lost, so it is an error.
func (ch *partChunk) write(w *claim.Writer, stats *BatchStats) error {
	var next [maxStreamParts]int // by partition: its next row
	for li := range ch.part {
		found := false
		for pi := range ch.parts {
			if p := int(ch.part[li]); p != anyPart && p != pi {
				continue
			}
			pr := &ch.parts[pi]
			r := next[pi]
			if r >= len(pr.lines) || pr.lines[r] != int32(li) {
				continue
			}
			start := int32(0)
			if r > 0 {
				start = pr.ends[r-1]
			}
			if err := w.WriteRows(pr.rows[start:pr.ends[r]]); err != nil {
				return err
			}
			next[pi]++
			found = true
			break
		}
		if !found {
			return fmt.Errorf("interp: internal error: no partition settled line %d", ch.lineNo(li))
		}
	}
	for pi := range ch.parts {
		stats.Rows += ch.parts[pi].stats.Rows
		stats.Settled += ch.parts[pi].stats.Settled
		stats.Errors += ch.parts[pi].stats.Errors
	}
	return nil
}
