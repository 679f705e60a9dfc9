package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"

	"github.com/mpl-lang/mpl/interp/claim"
)

// This file is RunStream's pipeline. Each of its workers, one goroutine a
// core, takes the input's next chunk (in turn, so that chunks are numbered
// in input order), parses it, settles it once every chunk before it is
// settled (in turn, against the one ledger), and formats its rows; and
// whichever worker finds the next chunk in input order formatted writes
// it. A chunk stays with the worker that read it from reading to
// formatting, so that its lines, items and rows stay in that core's
// caches: what crosses between cores is the ledger's figures for the
// members a chunk settles, and the rows of a chunk another worker
// happens to write.
//
// Settling in turn needs no split of the ledger and no rule on which rows
// touch which members: rows are settled in input order, as on one
// goroutine, whatever the store, family accounts included. A worker never
// waits for its turn while it has anything else to do: it settles when
// its oldest chunk's turn has come, and otherwise formats a chunk it
// settled or reads and parses another, up to chunksUsual held, and up to
// chunksPerWorker when it would otherwise wait. While it reads, which may
// wait on a live source (a pipe) for as long as the source pauses, it
// lends the chunks it parsed: another worker with nothing else to do may
// settle, format and write one whose turn comes meanwhile, so that the
// rows read are settled and written however long the source pauses.

// chunksUsual is how many chunks one worker reads ahead, read and not yet
// written, while it has other work: one to settle and format while it
// reads the next, so that it has work while another worker's chunk is
// being settled. More held more memory and measured no faster when the
// cores run alike (two cores, 1M claims: 64 KiB chunks three a worker as
// two; 128 KiB three a worker slower than two).
const chunksUsual = 2

// chunksPerWorker is how many chunks one worker holds at most: past
// chunksUsual it reads another only when it would otherwise wait, its
// chunks waiting on a chunk of a worker that runs slower (a core the host
// runs at part speed). Holding no more than chunksUsual, the faster worker
// waited on the slower one's every chunk, and two workers went at twice
// the slower one's pace: with one worker made 1.8 times as slow, 1M
// claims took 1.02-1.04 s on two cores, about one core's time, where up to
// four a worker when waiting took 0.79-0.84 s (0.61-0.64 s both ways when
// the two run alike; stop 26). A worker holding more than it reads ahead
// has its chunks' items (a few KB a row) leave its core's caches.
const chunksPerWorker = 4

// streamChunk is a chunk of input on its way through the stream.
type streamChunk struct {
	text  claim.Chunk  // JSON Lines: the lines read
	csv   []csvRow     // CSV: the rows read, as cells
	items []streamItem // its rows parsed, then settled
	rows  []byte       // rows formatted when settled: settlements off the fast path
	out   []byte       // the chunk's output
	stats BatchStats
	k     int  // its place in the input: the chunks before it are 0 to k-1
	owner int  // the worker that reads it
	skip  bool // the stream stopped before settling it: it has no output
	// paused: the source had no more rows ready when the chunk was taken
	// (a pipe whose writer pauses), so its rows are flushed once written.
	paused bool
	// lent is the chunk's number and its state, k<<2 | chunkHeld, or
	// chunkLent while its worker reads (see streamRun.lend), or
	// chunkTaken by the worker that settles it then: one word, so that a
	// worker taking it by compare-and-swap takes that chunk in that state,
	// not the struct reused for a later chunk.
	lent atomic.Int64
}

// lentWord is the lent word of chunk k in state.
func lentWord(k, state int) int64 { return int64(k)<<2 | int64(state) }

// A parsed chunk's lent state.
const (
	chunkHeld  = iota // its worker settles it
	chunkLent         // its worker is reading: whoever finds its turn come settles it
	chunkTaken        // another worker settles, formats and writes it
)

// csvRow is a CSV row as the reader read it: its cells, or why it can be no
// claim.
type csvRow struct {
	rec claim.Record
	err *claim.Error
}

// streamRun is one run of a stream's pipeline.
type streamRun struct {
	s   *stream
	ctx context.Context

	// A worker with nothing to do waits on cond (on mu) until the settle
	// turn passes, a chunk is lent, the input is free to read, or a chunk
	// of its comes back written: each of these wakes every waiter.
	mu      sync.Mutex
	cond    *sync.Cond
	waiters atomic.Int32

	// Reading, by the worker that set reading.
	reading atomic.Bool
	lines   *claim.ChunkReader // JSON Lines
	csv     *claim.Reader      // CSV
	taken   int                // chunks numbered so far
	ended   bool               // no chunk is left to take: the input ended or failed, or the stream stopped
	readErr error

	// Settling, in turn: next is the chunk whose turn it is.
	next    atomic.Int64
	halted  atomic.Bool // settle no more: ctx was cancelled, the store failed or writing failed
	stop    error       // the store's failure or ctx's error that halted it, set in turn
	through int         // rows settled, from the first, counted in turn
	// lent holds, by number, the chunks lent while their workers read,
	// in a ring as long as the chunks in flight.
	lent []atomic.Pointer[streamChunk]

	// Writing, by the worker that set writing: the chunks formatted, by
	// number, in a ring as long as the chunks in flight.
	formatted []atomic.Pointer[streamChunk]
	writing   atomic.Bool
	written   atomic.Int64 // chunks written, or dropped once stopped
	stats     BatchStats
	writeErr  error
	free      []chan *streamChunk // by worker: its chunks, once written
}

// wake wakes every waiting worker to look again at what it waits for.
// Whatever changed must be stored (atomically) before. A waiter counts
// itself in waiters before it looks, and looks while it holds mu: a wake
// that finds none waiting changed what the next waiter will look at, and
// one that finds one takes mu only once it is in Wait.
func (r *streamRun) wake() {
	if r.waiters.Load() == 0 {
		return
	}
	r.mu.Lock()
	r.cond.Broadcast()
	r.mu.Unlock()
}

// waitUntil waits until ready reports true; ready must look only at what
// is changed before a wake.
func (r *streamRun) waitUntil(ready func() bool) {
	r.mu.Lock()
	r.waiters.Add(1)
	for !ready() {
		r.cond.Wait()
	}
	r.waiters.Add(-1)
	r.mu.Unlock()
}

// isTurn reports whether it is chunk k's turn to be settled.
func (r *streamRun) isTurn(k int) bool { return r.next.Load() == int64(k) }

// passTurn gives the settle turn to the next chunk.
func (r *streamRun) passTurn() {
	r.next.Add(1)
	r.wake()
}

// lentChunk is the chunk whose turn it is, when its worker lent it, and
// its lent word then; nil when there is none.
func (r *streamRun) lentChunk() (*streamChunk, int64) {
	next := r.next.Load()
	ch := r.lent[next%int64(len(r.lent))].Load()
	if ch == nil {
		return nil, 0
	}
	// Only the word, which says which chunk the struct holds now: its
	// other fields are its worker's until the word is taken.
	want := lentWord(int(next), chunkLent)
	if ch.lent.Load() != want {
		return nil, 0
	}
	return ch, want
}

// lend lends a worker's parsed chunks while it reads (see chunkLent).
func (r *streamRun) lend(parsed *chunkQueue) {
	for j := range parsed.n {
		ch := parsed.at(j)
		ch.lent.Store(lentWord(ch.k, chunkLent))
		r.lent[ch.k%len(r.lent)].Store(ch)
	}
	if due, _ := r.lentChunk(); due != nil {
		r.wake() // a waiting worker may settle it
	}
}

// reclaim takes back the chunks lend lent, but those another worker took
// meanwhile: the oldest, since turns come in order.
func (r *streamRun) reclaim(parsed *chunkQueue) {
	kept := 0
	for j := range parsed.n {
		ch := parsed.at(j)
		r.lent[ch.k%len(r.lent)].CompareAndSwap(ch, nil)
		if ch.lent.CompareAndSwap(lentWord(ch.k, chunkLent), lentWord(ch.k, chunkHeld)) {
			kept++
		}
	}
	for parsed.n > kept {
		parsed.pop()
	}
}

// run runs the stream over in on the given number of workers.
func (s *stream) run(ctx context.Context, in io.Reader, f claim.Format, workers int) (BatchStats, error) {
	r := &streamRun{s: s, ctx: ctx}
	r.cond = sync.NewCond(&r.mu)
	var rowParsers []*claim.RowParser // CSV: each worker's, for its rows' cells
	if f == claim.CSV {
		r.csv = claim.NewReader(in, claim.CSV)
		for range workers {
			rp, err := r.csv.RowParser() // the first reads the header
			if err == io.EOF {
				// No rows: the output is the CSV header, if any.
				return s.end(BatchStats{}, nil, nil, nil)
			}
			if err != nil {
				return BatchStats{}, err
			}
			rowParsers = append(rowParsers, rp)
		}
	} else {
		r.lines = claim.NewChunkReader(in)
	}
	r.formatted = make([]atomic.Pointer[streamChunk], workers*chunksPerWorker)
	r.lent = make([]atomic.Pointer[streamChunk], workers*chunksPerWorker)
	r.free = make([]chan *streamChunk, workers)
	for i := range workers {
		r.free[i] = make(chan *streamChunk, chunksPerWorker)
		for range chunksPerWorker {
			r.free[i] <- &streamChunk{owner: i}
		}
	}
	var wg sync.WaitGroup
	for i := range workers {
		var rp *claim.RowParser
		if rowParsers != nil {
			rp = rowParsers[i]
		}
		wg.Go(func() { r.work(i, rp) })
	}
	wg.Wait()
	r.write() // every chunk is formatted: a last look, should the workers have left any
	stats := r.stats
	stats.Through = r.through
	if n := r.written.Load(); n != int64(r.taken) {
		return stats, fmt.Errorf("interp: internal error: %d chunks of input read, %d written", r.taken, n)
	}
	return s.end(stats, r.writeErr, r.stop, r.readErr)
}

// work is worker i's loop: it settles its oldest chunk when that chunk's
// turn has come, else formats a chunk it settled, else takes and parses
// another while it holds fewer than chunksUsual, else settles, formats and
// writes a lent chunk whose turn has come, else takes and parses another
// while it holds fewer than chunksPerWorker, else waits; until the input
// has ended and its chunks are all settled and formatted.
func (r *streamRun) work(i int, rp *claim.RowParser) {
	s := r.s
	lp := claim.NewLineParser()
	w := s.w.Formatter()
	var parsed, settled chunkQueue
	inputEnded := false
	for {
		switch {
		case parsed.n > 0 && r.isTurn(parsed.first().k):
			// Its turn: settle it, and any of ours after it.
			for parsed.n > 0 && r.isTurn(parsed.first().k) {
				ch := parsed.pop()
				r.settle(ch)
				settled.push(ch)
			}
		case settled.n > 0:
			r.format(settled.pop(), w)
		case !inputEnded && chunksPerWorker-len(r.free[i]) < chunksUsual && r.reading.CompareAndSwap(false, true):
			inputEnded = !r.readParse(i, &parsed, lp, rp)
		case inputEnded && parsed.n == 0:
			return
		default:
			if ch, word := r.lentChunk(); ch != nil && ch.lent.CompareAndSwap(word, word-chunkLent+chunkTaken) {
				// Nothing else to do, and a chunk's turn has come while
				// its worker reads: settle it in its stead. (Only now:
				// its items are in the other core's caches.)
				r.settle(ch)
				r.format(ch, w)
				continue
			}
			if !inputEnded && len(r.free[i]) > 0 && r.reading.CompareAndSwap(false, true) {
				// Nothing else to do, its chunks waiting on another
				// worker's: read ahead past chunksUsual.
				inputEnded = !r.readParse(i, &parsed, lp, rp)
				continue
			}
			r.waitUntil(func() bool {
				lent, _ := r.lentChunk()
				return lent != nil ||
					parsed.n > 0 && r.isTurn(parsed.first().k) ||
					!inputEnded && len(r.free[i]) > 0 && !r.reading.Load()
			})
		}
	}
}

// readParse takes the input's next chunk, by worker i once it has set
// reading, and parses it into parsed, lending the chunks parsed holds
// while it reads (see chunkLent); it reports false, the chunk given back,
// when no chunk is left.
func (r *streamRun) readParse(i int, parsed *chunkQueue, lp *claim.LineParser, rp *claim.RowParser) bool {
	ch := <-r.free[i] // only this worker takes from it
	lending := parsed.n > 0
	if lending {
		r.lend(parsed)
	}
	took := r.take(ch)
	r.reading.Store(false)
	r.wake()
	if lending {
		r.reclaim(parsed)
	}
	if !took {
		r.free[i] <- ch
		return false
	}
	if r.csv != nil {
		r.s.parseRows(rp, ch)
	} else {
		ch.text.Split()
		r.s.parse(lp, ch)
	}
	if r.s.parsed != nil {
		r.s.parsed(i, ch.k)
	}
	parsed.push(ch)
	return true
}

// format formats a settled chunk's rows with w, hands it to be written,
// and writes what is ready.
func (r *streamRun) format(ch *streamChunk, w *claim.Writer) {
	if !ch.skip {
		ch.formatRows(w)
	}
	r.formatted[ch.k%len(r.formatted)].Store(ch)
	r.write()
}

// chunkQueue is a worker's chunks at one step, in input order.
type chunkQueue struct {
	ring    [chunksPerWorker]*streamChunk
	head, n int
}

func (q *chunkQueue) first() *streamChunk { return q.ring[q.head] }

func (q *chunkQueue) at(j int) *streamChunk { return q.ring[(q.head+j)%len(q.ring)] }

func (q *chunkQueue) push(ch *streamChunk) {
	q.ring[(q.head+q.n)%len(q.ring)] = ch
	q.n++
}

func (q *chunkQueue) pop() *streamChunk {
	ch := q.ring[q.head]
	q.head = (q.head + 1) % len(q.ring)
	q.n--
	return ch
}

// take reads the input's next chunk into ch and numbers it, by the worker
// that set reading; it reports false, ch unused, when no chunk is left.
func (r *streamRun) take(ch *streamChunk) bool {
	if r.ended || r.halted.Load() {
		r.ended = true
		return false
	}
	var err error
	if r.csv != nil {
		err = r.takeCSV(ch)
		ch.paused = len(ch.csv) < csvChunkRows
	} else {
		err = r.lines.Take(&ch.text, streamChunkBytes)
		ch.paused = ch.text.Paused
	}
	if err != nil {
		r.ended = true
		if err != io.EOF {
			r.readErr = err
		}
		return false
	}
	ch.k, ch.skip = r.taken, false
	ch.lent.Store(lentWord(ch.k, chunkHeld))
	r.taken++
	return true
}

// takeCSV reads up to csvChunkRows CSV rows into ch.csv, as cells. It
// returns io.EOF when no row is left, and the source's error when reading
// fails; rows read before either come first, with a nil error.
func (r *streamRun) takeCSV(ch *streamChunk) error {
	ch.csv = ch.csv[:0]
	for len(ch.csv) < csvChunkRows && (len(ch.csv) == 0 || r.csv.LineReady()) {
		// Past the first row, only the rows read ahead: a paused
		// source's rows are not held back waiting for more.
		row := addItem(&ch.csv) // its cells' memory reused
		row.err = nil
		err := r.csv.NextRecord(&row.rec)
		if err == nil {
			continue
		}
		var ce *claim.Error
		if errors.As(err, &ce) {
			row.err = ce // a row that is no claim: its error row
			continue
		}
		// The end, or the source failed: the rows read so far first;
		// the reader says so again next time.
		ch.csv = ch.csv[:len(ch.csv)-1]
		if len(ch.csv) > 0 {
			return nil
		}
		return err
	}
	return nil
}

// parseRows takes a CSV chunk's rows' cells into its items.
func (s *stream) parseRows(rp *claim.RowParser, ch *streamChunk) {
	ch.items = ch.items[:0]
	for i := range ch.csv {
		s.parseRow(rp, &ch.csv[i], addItem(&ch.items))
	}
}

// settle settles ch in its turn, unless the stream has stopped: then, or
// when ctx is cancelled now, ch is skipped, and so are the chunks after
// it. Every chunk settled is written, so that no claim is settled (and
// committed to a ledger that keeps it) without its row; when the store
// fails, ch is cut short to the rows before the failure.
func (r *streamRun) settle(ch *streamChunk) {
	defer r.passTurn()
	if !r.halted.Load() {
		if err := r.ctx.Err(); err != nil {
			r.stop = err
			r.halted.Store(true)
		}
	}
	if r.halted.Load() {
		ch.skip = true
		return
	}
	if failed := r.s.settle(ch); failed != nil {
		r.stop = failed
		r.halted.Store(true)
	}
	r.through += ch.stats.Rows
}

// write writes the chunks formatted, in input order, from the next
// unwritten one to the first not formatted yet, unless another worker is
// writing (which will write ours too); it gives each chunk back to its
// worker. (The flag is an atomic, not a mutex's TryLock, whose failure
// orders nothing: the writer must see the chunk stored by a worker whose
// attempt failed, when it looks again after letting go.)
func (r *streamRun) write() {
	for {
		next := r.written.Load()
		if r.formatted[next%int64(len(r.formatted))].Load() == nil {
			return // not formatted yet: its worker writes it when it is
		}
		if !r.writing.CompareAndSwap(false, true) {
			return // the writer sees ours after its own
		}
		gaveBack := false
		for {
			next := r.written.Load()
			slot := &r.formatted[next%int64(len(r.formatted))]
			ch := slot.Load()
			if ch == nil || int64(ch.k) != next {
				break
			}
			slot.Store(nil)
			r.writeChunk(ch)
			r.written.Add(1)
			r.free[ch.owner] <- ch
			gaveBack = true
		}
		r.writing.Store(false)
		if gaveBack {
			r.wake() // a worker may wait for its chunk
		}
		// A chunk formatted while we wrote finds the flag set: look
		// again.
	}
}

// writeChunk writes ch's rows, by the worker that set writing.
func (r *streamRun) writeChunk(ch *streamChunk) {
	if ch.skip || r.writeErr != nil {
		return
	}
	if r.writeErr = r.s.w.WriteRows(ch.out); r.writeErr == nil && ch.paused {
		// The source paused: these rows may be the last for a while,
		// and whoever reads the output waits for them.
		r.writeErr = r.s.w.Flush()
	}
	if r.writeErr != nil {
		r.halted.Store(true)
		return
	}
	r.stats.Rows += ch.stats.Rows
	r.stats.Settled += ch.stats.Settled
	r.stats.Errors += ch.stats.Errors
	r.stats.Untraced += ch.stats.Untraced
	if r.s.opt.Progress != nil {
		r.s.opt.Progress(r.stats.Rows, 0)
	}
}

// formatRows writes a settled chunk's rows, in order, into ch.out, the
// fast path's with w.
func (ch *streamChunk) formatRows(w *claim.Writer) {
	ch.out = ch.out[:0]
	for i := range ch.items {
		it := &ch.items[i]
		switch {
		case it.fast:
			ch.out = it.res.AppendRow(ch.out, w)
		case it.errRow != nil:
			ch.out = w.AppendError(ch.out, it.errRow)
		default:
			ch.out = append(ch.out, ch.rows[it.row[0]:it.row[1]]...)
		}
	}
}
