package interp

import (
	"bytes"
	"cmp"
	"fmt"
	"hash/maphash"
	"io"
	"math/bits"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/shopspring/decimal"

	"github.com/mpl-lang/mpl/interp/claim"
)

// StreamsAsBatch reads a whole batch of claims, in format f, from r and
// reports whether RunStream, against a fresh WhatIfLedger that keeps the
// settlements keep names (see WhatIfLedger.Keep), settles it to the very
// rows and counts RunRows writes for it against a fresh MemoryLedger, so
// that a batch already in order may be settled as a stream: without
// holding its claims, sorting them or converting them to decimals. It is
// so when
//
//   - each member's claims come in setl_time order, as the batch would
//     settle them; or every claim does, where a member may draw on a
//     family member's account: when balances are seeded (seeded), or the
//     policy is one the fast path does not take (one with an account
//     block, say), as the stream's own order check has it;
//   - every setl_id the batch names more than once (a claim and its
//     reversal, a claim sent again) is named by one member's claims only,
//     so that their order is that member's, and not first by a reversal
//     and then by a claim as its own (a batch settles the claim first
//     when the two have one setl_time: see SettleOrder); keep names those
//     setl_ids;
//   - the claims' totals stay within the fast ledger's range (see
//     FitsWhatIf).
//
// A row that is no claim (too long, not JSON, a field wrong) is an error
// row both ways, worded alike (the package's tests hold the two to it), and asks
// nothing. It reads every row as the stream will: a JSON Lines line with
// claim.LineParser, or just the fields it needs where the line is plain
// (claim.ReadLineKeys); a CSV row with a claim.Reader. It says no at the
// first claim that breaks a rule. A setl_id or psn_no is known by a 64-bit hash:
// two members sharing one are told apart by name (and send the batch the
// slow way); two setl_ids sharing one are both kept when one member names
// them, which asks more, never less, and send the batch the slow way when
// two members do. It records 24 bytes for every setl_id a claim names (48
// for a reversal), held in memory up to 24 MiB (a batch of a million
// claims) and past that in a temporary file in os.TempDir, removed when
// it returns (in memory after all where no file can be made or written;
// where it cannot be read back, the answer is no), and holds a table
// entry and a span (its first and latest setl_time) a member. It returns
// the error of a failing r.
func (p *Program) StreamsAsBatch(r io.Reader, f claim.Format, seeded bool) (keep *KeepSet, ok bool, err error) {
	if err := p.checkArgs("input", r); err != nil {
		return nil, false, err
	}
	if err := checkFormat(f); err != nil {
		return nil, false, err
	}
	return p.streamsAsBatch(r, f, seeded, refLimits{refBlock, refsInMemory})
}

// refLimits are the sizes of a batch check's refStore.
type refLimits struct {
	block    int   // refs in a block
	inMemory int64 // refs in full blocks held in memory before they go to a file
}

// streamsAsBatch is StreamsAsBatch, recording setl_ids within limits.
func (p *Program) streamsAsBatch(r io.Reader, f claim.Format, seeded bool, limits refLimits) (keep *KeepSet, ok bool, err error) {
	store := newRefStore(limits)
	defer store.close()
	bc := p.newBatchCheck(seeded, maphash.MakeSeed(), store, nil)
	if f == claim.CSV {
		ok, err = bc.readCSV(r)
	} else {
		ok, err = bc.readJSONL(claim.NewChunkReader(r))
	}
	if !ok || err != nil {
		return nil, false, err
	}
	keep, ok = bc.keep()
	return keep, ok, nil
}

// StreamsAsBatchAt is StreamsAsBatch on the first n bytes of r, read by up
// to parts goroutines at once. The input is cut at line ends into parts,
// each part is checked on its own, and the parts' findings are then joined
// in order (each member's first claim in a part no earlier than their last
// before it, and so on), which says what one reading says: the tests hold
// every batch they give StreamsAsBatch to it, in 2 to 9 parts.
//
// JSON Lines is cut into spans of about 2n/parts bytes, each read by two
// goroutines at once, one from its start forward and one from its end
// back, 64 KiB at a time, until they meet: each span's two parts end
// where the two happen to meet, so that a goroutine whose core is slower
// (a host that runs one of its cores at part speed, another program on it)
// leaves more of its span to the other rather than holding the check up.
// The last two windows' worth of a span, and all of one shorter than
// that, are read forward; so is an odd last part.
//
// CSV is cut into parts of about n/parts bytes, each read forward, the
// first after the header line; CSV with a quote anywhere, where a record
// may span lines, is read again in one part.
//
// Each part holds its own entry and span for a member it sees; the parts'
// setl_ids are held within StreamsAsBatch's 24 MiB together, each part
// filling a block of them besides.
func (p *Program) StreamsAsBatchAt(r io.ReaderAt, n int64, f claim.Format, seeded bool, parts int) (keep *KeepSet, ok bool, err error) {
	if err := p.checkArgs("input", r); err != nil {
		return nil, false, err
	}
	if err := checkFormat(f); err != nil {
		return nil, false, err
	}
	if n < 0 {
		return nil, false, fmt.Errorf("interp: StreamsAsBatchAt of %d bytes: want 0 or more", n)
	}
	return p.streamsAsBatchAt(r, n, f, seeded, parts, refLimits{refBlock, refsInMemory}, backReading{window: streamChunkBytes})
}

// backReading is how the check of a JSON Lines span reads it from its end
// back (see readBack).
type backReading struct {
	window int // bytes read at a time; the forward reading reads as many
	// first makes each span's forward reading wait until the back
	// reading is done: for tests, so that a short span is read back as
	// far as it goes whatever the scheduler does.
	first bool
}

// streamsAsBatchAt is StreamsAsBatchAt, recording setl_ids within limits,
// a JSON Lines span read from its end back as back says.
func (p *Program) streamsAsBatchAt(r io.ReaderAt, n int64, f claim.Format, seeded bool, parts int, limits refLimits, back backReading) (keep *KeepSet, ok bool, err error) {
	whole := func() (*KeepSet, bool, error) {
		return p.streamsAsBatch(io.NewSectionReader(r, 0, n), f, seeded, limits)
	}
	if parts <= 1 {
		return whole()
	}
	cuts, err := lineCuts(r, n, parts)
	if err != nil {
		return nil, false, err
	}
	var header int64 // CSV: where the header line ends
	if f == claim.CSV {
		if header, err = claim.CSVHeaderEnd(r, n); err != nil {
			return nil, false, err
		}
		for len(cuts) > 2 && cuts[1] < header {
			cuts = append(cuts[:1], cuts[2:]...) // a part of blank lines and the header
		}
	}
	pc := &partChecks{seed: maphash.MakeSeed(), store: newRefStore(limits)}
	defer pc.store.close()
	if f == claim.CSV {
		for i := range len(cuts) - 1 {
			pc.checkCSV(p, seeded, r, header, cuts[i], cuts[i+1])
		}
	} else {
		// Two pieces a span, read from both ends; an odd last piece
		// forward alone.
		for i := 0; i+1 < len(cuts); i += 2 {
			span := &meeting{lo: cuts[i], hi: cuts[min(i+2, len(cuts)-1)]}
			var backDone chan struct{} // closed when the back reading ends, if back.first
			if back.first && i+2 < len(cuts) {
				backDone = make(chan struct{})
			}
			pc.checkForward(p, seeded, r, span, back.window, backDone)
			if i+2 < len(cuts) {
				pc.checkBack(p, seeded, r, span, back.window, backDone)
			}
		}
	}
	pc.wg.Wait()
	for _, part := range pc.parts {
		if part.quoted {
			pc.store.close()
			return whole()
		}
	}
	for _, part := range pc.parts {
		if part.err != nil {
			return nil, false, part.err
		}
	}
	first := pc.parts[0].check
	for i, part := range pc.parts {
		if !part.ok || i > 0 && !first.join(part.check, i == len(pc.parts)-1) {
			return nil, false, nil
		}
	}
	var after []*batchCheck
	for _, part := range pc.parts[1:] {
		after = append(after, part.check)
	}
	keep, ok = first.keep(after...)
	return keep, ok, nil
}

// partChecks are the checks of a batch's parts, each on a goroutine of its
// own, in input order.
type partChecks struct {
	seed  maphash.Seed
	store *refStore
	stop  atomic.Bool // a part said no, or met a quote: the others need not go on
	wg    sync.WaitGroup
	parts []*partCheck
}

// partCheck is the check of one part of a batch, and what it found.
type partCheck struct {
	check  *batchCheck
	ok     bool  // the part keeps the rules
	err    error // reading it failed
	quoted bool  // CSV: it holds a quote
}

// start adds the check of the next part of the input, read back when back
// is set (see readBack), and runs read on it, on a goroutine of its own;
// read reports whether the part keeps the rules.
func (pc *partChecks) start(p *Program, seeded, back bool, read func(part *partCheck) (bool, error)) {
	bc := p.newBatchCheck(seeded, pc.seed, pc.store, &pc.stop)
	bc.part, bc.back = uint64(len(pc.parts)), back
	part := &partCheck{check: bc}
	pc.parts = append(pc.parts, part)
	pc.wg.Go(func() {
		if part.ok, part.err = read(part); !part.ok {
			pc.stop.Store(true)
		} else {
			bc.bucketRefs()
		}
	})
}

// checkCSV checks the CSV rows from byte from to byte to of r, after the
// header line, which ends at header.
func (pc *partChecks) checkCSV(p *Program, seeded bool, r io.ReaderAt, header, from, to int64) {
	first := len(pc.parts) == 0
	pc.start(p, seeded, false, func(part *partCheck) (bool, error) {
		var src io.Reader = io.NewSectionReader(r, from, to-from)
		if !first {
			src = io.MultiReader(io.NewSectionReader(r, 0, header), src)
		}
		q := &quoteSpotter{r: src, stop: &pc.stop}
		ok, err := part.check.readCSV(q)
		part.quoted = q.seen
		return ok, err
	})
}

// checkForward checks the JSON Lines of span from its start forward, step
// bytes a read, as far as the check reading it back lets it. When after
// is not nil, it starts once after is closed.
func (pc *partChecks) checkForward(p *Program, seeded bool, r io.ReaderAt, span *meeting, step int, after <-chan struct{}) {
	pc.start(p, seeded, false, func(part *partCheck) (bool, error) {
		if after != nil {
			<-after
		}
		return part.check.readJSONL(claim.NewChunkReader(&forwardReader{r: r, span: span, step: step}))
	})
}

// checkBack checks the JSON Lines of span from its end back, as far as
// the check reading it forward lets it, and closes done, when it is not
// nil, once it is through.
func (pc *partChecks) checkBack(p *Program, seeded bool, r io.ReaderAt, span *meeting, window int, done chan<- struct{}) {
	pc.start(p, seeded, true, func(part *partCheck) (bool, error) {
		if done != nil {
			defer close(done)
		}
		return part.check.readBack(r, span, window)
	})
}

// meeting is the span of input two checks read from its two ends: lo is
// where the one reading forward has read to, hi where the one reading
// back has; each line of the span is read by one of them.
type meeting struct {
	mu     sync.Mutex
	lo, hi int64
}

// forwardReader reads a span forward, up to where the check reading it
// back has read, at most step bytes a read: as the check reading back
// reads a window at a time, so that neither takes much more than its
// share at once.
type forwardReader struct {
	r    io.ReaderAt
	span *meeting
	step int
}

func (f *forwardReader) Read(p []byte) (int, error) {
	f.span.mu.Lock()
	at := f.span.lo
	n := int(min(int64(len(p)), int64(f.step), f.span.hi-at))
	f.span.lo += int64(n)
	f.span.mu.Unlock()
	if n == 0 {
		return 0, io.EOF
	}
	got, err := f.r.ReadAt(p[:n], at)
	switch {
	case got == n:
		err = nil // io.EOF with the last bytes of r
	case err == nil || err == io.EOF:
		err = io.ErrUnexpectedEOF // r is shorter than it was said to be, as readBack finds
	}
	return got, err
}

// readBack reads the claims of span from its end back, window bytes at a
// time, each window's whole lines (those after its first line end) last
// to first; until fewer than two windows are left for the forward
// reading, or the forward reading has passed the window's first line end,
// or a window holds no line end but the one that ends it (a line at least
// a window long, which the forward reading reads). It reports false at
// the first claim that breaks a rule. Its line numbers are no file's: an
// error row asks nothing of it.
func (bc *batchCheck) readBack(r io.ReaderAt, span *meeting, window int) (bool, error) {
	ck := chunkKeys{lp: claim.NewLineParser()}
	buf := make([]byte, window)
	var ch claim.Chunk
	span.mu.Lock()
	hi := span.hi // only this reading moves it
	span.mu.Unlock()
	for {
		if bc.stop != nil && bc.stop.Load() {
			return false, nil
		}
		span.mu.Lock()
		left := hi - span.lo
		span.mu.Unlock()
		if left < 2*int64(window) {
			return true, nil
		}
		from := hi - int64(window)
		if got, err := r.ReadAt(buf, from); got < window {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF // r is shorter than it was said to be
			}
			return false, err
		}
		// buf ends with the line end before hi (or with the input's last
		// line, which has none): the line end that starts its whole
		// lines is one before that.
		cut := bytes.IndexByte(buf[:window-1], '\n')
		if cut < 0 {
			return true, nil
		}
		from += int64(cut) + 1
		span.mu.Lock()
		if span.lo > from {
			span.mu.Unlock()
			return true, nil
		}
		span.hi, hi = from, from
		span.mu.Unlock()
		ch.SplitText(buf[cut+1:])
		if !bc.addAll(ck.of(&ch)) {
			return false, nil
		}
	}
}

// quoteSpotter reads r, and marks (seen, and stop) a double quote in it.
type quoteSpotter struct {
	r    io.Reader
	seen bool
	stop *atomic.Bool
}

func (q *quoteSpotter) Read(p []byte) (int, error) {
	n, err := q.r.Read(p)
	if bytes.IndexByte(p[:n], '"') >= 0 {
		q.seen = true
		q.stop.Store(true)
	}
	return n, err
}

// lineCuts cuts the first n bytes of r into up to parts pieces of about
// equal size, each ending at a line end (or at n): it returns where each
// starts, and n.
func lineCuts(r io.ReaderAt, n int64, parts int) ([]int64, error) {
	cuts := []int64{0}
	buf := make([]byte, 4<<10)
	for i := 1; i < parts; i++ {
		// The first line end at or after the even cut's byte before.
		at, err := claim.LineEnd(r, max(n/int64(parts)*int64(i)-1, cuts[len(cuts)-1]), n, buf)
		if err != nil {
			return nil, err
		}
		if at >= n {
			break
		}
		cuts = append(cuts, at)
	}
	return append(cuts, n), nil
}

// newBatchCheck starts a reading of a batch (or of a part of one, with
// stop set when any part says no) that knows members and ids by seed and
// holds the setl_ids named in store.
func (p *Program) newBatchCheck(seeded bool, seed maphash.Seed, store *refStore, stop *atomic.Bool) *batchCheck {
	return &batchCheck{
		inOrder: seeded || p.fast.reason != "", // every claim, not each member's
		seed:    seed,
		store:   store,
		stop:    stop,
	}
}

// batchCheck is StreamsAsBatch's reading of a batch, or of a part of one,
// claim by claim.
type batchCheck struct {
	inOrder bool // every claim in setl_time order, not each member's
	seed    maphash.Seed
	part    uint64 // which part of the batch, from 0, for its refs' at
	back    bool   // the part is read last claim first (see readBack)
	claims  uint64 // the claims taken so far, for their refs' at
	// Every setl_id named, by whom: to sort and compare at the end. In
	// blocks (the first grown up to store.block), so that a long batch's
	// are never copied to a larger slice, each put in bucket order once
	// full, while the parts still read on every core; past what store
	// holds in memory, the full ones in its file instead.
	refs    []*heldRefs
	store   *refStore  // shared by the parts of one batch
	runBufs runBuffers // for a block's refs, as store writes them
	// By member, its name and first and latest setl_time: its index in
	// spans, which holds them in blocks, not one allocation a member,
	// tagged by the member's hash.
	spanOf      tagTable
	spans       blocks[memberSpan]
	names       nameArena // the spans' psn_nos
	unjoined    int       // members new in the last part joined, left out of spans (see join)
	first, last time.Time // of any claim, when any has been
	any         bool
	total       int64        // in fen, of |medfee_sumamt|
	stop        *atomic.Bool // when another part has said no; nil when there are no others
	warmed      uint64       // what addAll and readAhead read ahead, stored so that the compiler keeps the reads
}

// readJSONL reads the claims of JSON Lines r, as RunStream will, and
// reports false at the first that breaks a rule.
func (bc *batchCheck) readJSONL(cr *claim.ChunkReader) (bool, error) {
	ck := chunkKeys{lp: claim.NewLineParser()}
	var ch claim.Chunk
	for {
		switch err := cr.Next(&ch, streamChunkBytes); {
		case err == io.EOF:
			return true, nil
		case err != nil:
			return false, err
		case bc.stop != nil && bc.stop.Load():
			return false, nil
		}
		if !bc.addAll(ck.of(&ch)) {
			return false, nil
		}
	}
}

// chunkKeys reads the keys of a chunk's claims, chunk after chunk, in
// memory of its own reused.
type chunkKeys struct {
	lp   *claim.LineParser
	f    claim.Flat
	keys []lineKeys
}

// of is the keys of ch's claims, in input order; a line that is no claim
// is an error row, and asks nothing. Their strings share ch's text, and
// the slice is ck's until the next chunk.
func (ck *chunkKeys) of(ch *claim.Chunk) []lineKeys {
	ck.keys = ck.keys[:0]
	for _, ln := range ch.Lines {
		if ln.TooLong {
			continue // an error row
		}
		if k, ok := batchKeys(ck.lp, ch.Text[ln.Start:ln.End], ln.No, &ck.f); ok {
			ck.keys = append(ck.keys, k)
		} // else an error row
	}
	return ck.keys
}

// addAll takes claims' keys, given in input order, first to last, or last
// to first when bc reads its part back; it reports false at the first
// that breaks a rule. It first reads, for each, the entry of spanOf its member's
// search starts at: in a batch of many members that entry is rarely in the
// cache, and read one after another the misses overlap, where one claim at
// a time each was waited for alone (see settler.warm).
func (bc *batchCheck) addAll(keys []lineKeys) bool {
	var sum uint64
	for i := range keys {
		keys[i].member = maphash.String(bc.seed, keys[i].psnNo)
		sum += bc.spanOf.first(tag32(keys[i].member))
	}
	bc.warmed = sum
	if bc.back {
		for i := len(keys) - 1; i >= 0; i-- {
			if !bc.addBefore(&keys[i]) {
				return false
			}
		}
		return true
	}
	for i := range keys {
		if !bc.add(&keys[i]) {
			return false
		}
	}
	return true
}

// readCSV reads the claims of CSV r, as RunStream will, with a Reader, and
// reports false at the first that breaks a rule.
func (bc *batchCheck) readCSV(r io.Reader) (bool, error) {
	cr := claim.NewReader(r, claim.CSV)
	var f claim.Flat
	for {
		if bc.stop != nil && bc.stop.Load() {
			return false, nil
		}
		flat, c, err := cr.NextFlat(&f)
		var k lineKeys
		switch _, bad := err.(*claim.Error); {
		case err == io.EOF:
			return true, nil
		case bad:
			continue // an error row
		case err != nil:
			return false, err
		case flat:
			k = lineKeys{psnNo: f.PsnNo, setlID: f.SetlID, setlTime: f.SetlTime, fen: max(f.MedfeeSumamt, -f.MedfeeSumamt), reverses: f.Reverses}
		default:
			k = claimKeys(c)
		}
		k.member = maphash.String(bc.seed, k.psnNo)
		if !bc.add(&k) {
			return false, nil
		}
	}
}

// add takes one claim's keys, k.member set, the claim after every claim
// bc has taken; it reports false when the claim breaks a rule.
func (bc *batchCheck) add(k *lineKeys) bool {
	if !bc.record(k) {
		return false
	}
	at := instantOf(k.setlTime)
	prev, ok := bc.memberOf(k, at)
	switch {
	case !ok:
		return false
	case at.before(prev.last): // before the member's latest claim
		return false
	case bc.inOrder && k.setlTime.Before(bc.last):
		return false
	}
	if !bc.any {
		bc.first, bc.any = k.setlTime, true
	}
	prev.last, bc.last = at, k.setlTime
	return true
}

// addBefore takes one claim's keys, k.member set, the claim before every
// claim bc has taken (see readBack); it reports false when the claim
// breaks a rule. It is add the other way round.
func (bc *batchCheck) addBefore(k *lineKeys) bool {
	if !bc.record(k) {
		return false
	}
	at := instantOf(k.setlTime)
	next, ok := bc.memberOf(k, at)
	switch {
	case !ok:
		return false
	case next.first.before(at): // after the member's earliest claim
		return false
	case bc.inOrder && bc.any && bc.first.Before(k.setlTime):
		return false
	}
	if !bc.any {
		bc.last, bc.any = k.setlTime, true
	}
	next.first, bc.first = at, k.setlTime
	return true
}

// record records the setl_ids the claim of k names and adds its total,
// reporting false when the totals pass the fast ledger's range.
func (bc *batchCheck) record(k *lineKeys) bool {
	at := bc.nextAt()
	bc.ref(idRef{id: maphash.String(bc.seed, k.setlID), member: k.member, at: at})
	if k.reverses != "" {
		bc.ref(idRef{id: maphash.String(bc.seed, k.reverses), member: k.member, at: at | 1})
	}
	bc.total += k.fen
	return bc.total <= fastMaxFen
}

// memberOf is the span of the member of k, made from the claim's instant
// at when bc has not seen them; false when another member has their
// hash (both would be told apart by name only).
func (bc *batchCheck) memberOf(k *lineKeys, at instant) (*memberSpan, bool) {
	// By index: one lookup a claim, none to store.
	i, seen := bc.span(k.member)
	if !seen {
		// A Flat's strings may share a chunk's memory.
		i = bc.spans.add(memberSpan{name: bc.names.add(k.psnNo), hash: k.member, first: at, last: at})
		bc.spanOf.add(tag32(k.member), i)
		return bc.spans.at(i), true
	}
	span := bc.spans.at(i)
	return span, bc.names.get(span.name) == k.psnNo
}

// nextAt is the at (see idRef) of the setl_id the next claim bc takes is
// settled as; the one it reverses, if any, is at it | 1. A part read
// back counts its claims down from the top, so that at orders every
// part's claims as the input does.
func (bc *batchCheck) nextAt() uint64 {
	n := bc.claims
	bc.claims++
	if bc.back {
		n = 1<<refSeqBits - 1 - n
	}
	return (bc.part<<refSeqBits | n) << 1
}

// span is the index in spans of the member whose hash is h, if bc has
// seen them.
func (bc *batchCheck) span(h uint64) (int32, bool) {
	for p := bc.spanOf.probe(tag32(h)); ; {
		i, ok := p.next()
		if !ok || bc.spans.at(i).hash == h {
			return i, ok
		}
	}
}

// ref records r.
func (bc *batchCheck) ref(r idRef) {
	block := bc.store.block
	switch n := len(bc.refs); {
	case n == 0:
		bc.refs = append(bc.refs, &heldRefs{}) // grown as a short batch needs
	case len(bc.refs[n-1].refs) == block:
		bc.refs = append(bc.refs, &heldRefs{refs: make([]idRef, 0, block)})
	case len(bc.refs[n-1].refs) == cap(bc.refs[n-1].refs) && cap(bc.refs[n-1].refs) >= block/2:
		// The first block straight to its size, not by a quarter at a time.
		bc.refs[n-1].refs = slices.Grow(bc.refs[n-1].refs, block-len(bc.refs[n-1].refs))
	}
	last := bc.refs[len(bc.refs)-1]
	if last.refs = append(last.refs, r); len(last.refs) == block {
		last.bucket(&bc.runBufs.sorted)
		if bc.store.full(last, &bc.runBufs) {
			last.refs, last.bucketed = last.refs[:0], false // in the file now
		}
	}
}

// bucketRefs buckets the blocks of refs bc holds that are not yet (the
// last, not full), for keep: called by each part once read, on its own
// goroutine.
func (bc *batchCheck) bucketRefs() {
	for _, h := range bc.refs {
		h.bucket(&bc.runBufs.sorted)
	}
}

// join takes next, the check of the part of the batch that follows bc's,
// into bc, reporting false when the two together break a rule that each
// alone keeps: a member's claim in next before their latest in bc (or any
// claim, inOrder), two members under one hash, totals beyond the fast
// ledger's range. The setl_ids next names stay with next, for keep. When
// next is the last part, no part after it asks for the members new in
// it, and bc does not take them (a batch of a member a claim would put
// half its members into the table again for nothing).
func (bc *batchCheck) join(next *batchCheck, last bool) bool {
	if bc.total += next.total; bc.total > fastMaxFen {
		return false
	}
	if !next.any {
		return true
	}
	if bc.inOrder && bc.any && next.first.Before(bc.last) {
		return false
	}
	if !bc.any {
		bc.first, bc.any = next.first, true
	}
	bc.last = next.last
	for j := range int32(next.spans.len()) {
		if j%joinAhead == 0 {
			bc.readAhead(next, j)
		}
		span := next.spans.at(j)
		i, seen := bc.span(span.hash)
		if !seen {
			if last {
				bc.unjoined++
			} else {
				moved := *span
				moved.name = bc.names.add(next.names.get(span.name))
				bc.spanOf.add(tag32(span.hash), bc.spans.add(moved))
			}
			continue
		}
		prev := bc.spans.at(i)
		switch {
		case bc.names.get(prev.name) != next.names.get(span.name):
			return false
		case span.first.before(prev.last):
			return false
		}
		prev.last = span.last
	}
	return true
}

// joinAhead is how many of the next part's members join reads ahead.
const joinAhead = 64

// readAhead reads the entries of spanOf where the searches for next's
// members from j on start, joinAhead of them, so that their misses of the
// cache overlap (see addAll).
func (bc *batchCheck) readAhead(next *batchCheck, j int32) {
	var sum uint64
	for k := j; k < min(j+joinAhead, int32(next.spans.len())); k++ {
		sum += bc.spanOf.first(tag32(next.spans.at(k).hash))
	}
	bc.warmed = sum
}

// keep ends the check: the setl_ids to keep, named by bc and by the checks
// of the parts after it (joined already), or false when one is named by
// two members (or the refs' temporary file cannot be read back).
func (bc *batchCheck) keep(after ...*batchCheck) (*KeepSet, bool) {
	refs := slices.Clone(bc.refs)
	for _, a := range after {
		refs = append(refs, a.refs...)
	}
	shared, ok := bc.store.shared(1+len(after), refs)
	if !ok {
		return nil, false
	}
	keep := &KeepSet{seed: bc.seed, times: make(map[uint64]int, len(shared)), members: bc.spans.len() + bc.unjoined}
	keep.filter = make([]uint64, filterWords(len(shared)))
	for _, id := range shared {
		keep.times[id.id] = id.times
		keep.filter.set(id.id)
	}
	return keep, true
}

// memberSpan is a member's name and first and latest setl_time in
// StreamsAsBatch. It holds no pointer (see nameArena).
type memberSpan struct {
	name        nameRef // in its batchCheck's names
	hash        uint64  // psn_no's, under the check's seed
	first, last instant
}

// instant is a time.Time's instant, held without its location (a
// pointer): seconds since 1970 and the nanoseconds past them, which order
// two instants as Before does.
type instant struct {
	sec  int64
	nsec int32
}

// instantOf is t's instant.
func instantOf(t time.Time) instant { return instant{sec: t.Unix(), nsec: int32(t.Nanosecond())} }

// before reports whether a is before b.
func (a instant) before(b instant) bool {
	return a.sec < b.sec || a.sec == b.sec && a.nsec < b.nsec
}

// KeepSet names the setl_ids of a batch whose settlements a later claim of
// the batch asks for: one it reverses, or its own setl_id sent again, and
// how many of the batch's claims name each. A WhatIfLedger told to keep
// them (WhatIfLedger.Keep) keeps those settlements and no others;
// WhatIfLedger.KeepUntilLast keeps each until the batch's last claim
// naming it. It knows them by hash, so it
// may name an id outside the batch as well, whose settlement is then kept
// for nothing; two ids of one hash are counted together, so each is kept
// until the last claim naming either.
type KeepSet struct {
	seed  maphash.Seed
	times map[uint64]int // by setl_id hash, how many claims name it
	// A bit for each hash times holds: a claim whose bit is clear, as
	// nearly every claim's is, is answered without looking in times
	// (once a claim, twice with kept settlements let go: about 3% of a
	// run with a few reversals). Nil: look in times.
	filter hashFilter
	// How many members the batch names, for the ledger to make room for
	// at once rather than grow by doubling (see WhatIfLedger.keepOf).
	members int
}

// hashFilter is a set of bits, a power of two of them, one set for each
// hash of a set (by the hash's top bits): a clear bit says a hash is not in
// the set; a set one, that it may be.
type hashFilter []uint64

// filterWords is the length of a hashFilter for n hashes: 16 bits each,
// so that a hash not in the set finds its bit set about one time in 16.
func filterWords(n int) int {
	words := 1
	for words*64 < 16*n {
		words *= 2
	}
	return words
}

// bit is where h's bit is: its word, and the bit in it.
func (f hashFilter) bit(h uint64) (word int, mask uint64) {
	b := h >> (64 - bits.TrailingZeros(uint(len(f)*64)))
	return int(b / 64), 1 << (b % 64)
}

// set sets h's bit.
func (f hashFilter) set(h uint64) {
	w, m := f.bit(h)
	f[w] |= m
}

// mayHold reports whether h's bit is set: false means h is not in the set.
func (f hashFilter) mayHold(h uint64) bool {
	if f == nil {
		return true
	}
	w, m := f.bit(h)
	return f[w]&m != 0
}

// Has reports whether k names setlID; a nil KeepSet names none.
func (k *KeepSet) Has(setlID string) bool {
	_, _, ok := k.named(setlID)
	return ok
}

// named is setlID's hash, and how many claims of the batch name it, when
// k names it.
func (k *KeepSet) named(setlID string) (h uint64, times int, ok bool) {
	if k == nil || len(k.times) == 0 {
		return 0, 0, false
	}
	h = maphash.String(k.seed, setlID)
	if !k.filter.mayHold(h) {
		return h, 0, false
	}
	times, ok = k.times[h]
	return h, times, ok
}

// Len is how many setl_ids k names.
func (k *KeepSet) Len() int {
	if k == nil {
		return 0
	}
	return len(k.times)
}

// idRef is a claim's naming of a setl_id, its own or the one it reverses,
// both hashed, as is the claim's member, and where it stands in the batch:
// at is its part's index, then the claim's place among the part's claims
// (refSeqBits; counted down from the top in a part read back: see
// nextAt), then a bit set for a reversal's naming of what it reverses, so
// that the refs of a setl_id sort in input order by at.
type idRef struct{ id, member, at uint64 }

// refSeqBits are the bits of an idRef's at that place a claim in its part:
// up to 2^40 claims, past any file.
const refSeqBits = 40

// sharedID is a setl_id hash that more than one idRef names, and how many
// do.
type sharedID struct {
	id    uint64
	times int
}

// sharedIDs returns the ids the refs of all parts name more than once,
// each once with how many name it, and whether each of those is named by
// one member alone. refs, spread evenly by id below their top known bits,
// which they share, are sorted here in two steps: by their ids' next bits
// into buckets of one or two (up to 65,536 buckets), then each bucket of
// more than one on its own, which takes a million refs a third of the time
// one sort of them all does (BenchmarkSharedIDs, BenchmarkSharedIDsBySort)
// and the few thousand of one of shared's buckets a tenth; the buckets are
// split among up to workers goroutines.
func sharedIDs(workers int, known uint, parts ...[]idRef) (shared []sharedID, ok bool) {
	return sharedIDsIn(&sharedBuffers{}, workers, known, parts...)
}

// sharedBuffers is the memory sharedIDsIn spreads refs into: kept by a
// caller that calls it again and again (shared, bucket by bucket), so that
// each call does not make its own.
type sharedBuffers struct {
	starts, next []int
	spread       []idRef
}

// sharedIDsIn is sharedIDs, in buf's memory.
func sharedIDsIn(buf *sharedBuffers, workers int, known uint, parts ...[]idRef) (shared []sharedID, ok bool) {
	n := 0
	for _, refs := range parts {
		n += len(refs)
	}
	shift := 64 - min(max(bits.Len(uint(n))-1, 0), 16, 64-int(known))
	if shift == 64 {
		return sharedSorted(slices.Concat(parts...), nil)
	}
	bucket := func(id uint64) uint64 { return id << known >> shift }
	// starts[b] is where bucket b starts in spread, once counted.
	starts := resized(&buf.starts, 1<<(64-shift)+1)
	clear(starts)
	for _, refs := range parts {
		for _, r := range refs {
			starts[bucket(r.id)+1]++
		}
	}
	for b := 1; b < len(starts); b++ {
		starts[b] += starts[b-1]
	}
	spread := resized(&buf.spread, n)
	next := resized(&buf.next, len(starts)-1)
	copy(next, starts)
	for _, refs := range parts {
		for _, r := range refs {
			spread[next[bucket(r.id)]] = r
			next[bucket(r.id)]++
		}
	}
	return sharedOfBuckets(workers, len(starts)-1, func(_, b int, found []sharedID) ([]sharedID, bool) {
		if starts[b+1]-starts[b] < 2 {
			return found, true // most: one ref, or none
		}
		return sharedSorted(spread[starts[b]:starts[b+1]], found)
	})
}

// resized sets *s to n elements, in its memory where it has room, and
// returns it; the elements hold whatever they held.
func resized[T any](s *[]T, n int) []T {
	*s = slices.Grow((*s)[:0], n)[:n]
	return *s
}

// sharedOfBuckets returns what of finds in each of buckets buckets, on up
// to workers goroutines, each given a run of neighbouring buckets, one at
// a time, with its index w (below workers) and what it has found so far,
// to append to; or false when of says so of any bucket.
func sharedOfBuckets(workers, buckets int, of func(w, b int, found []sharedID) ([]sharedID, bool)) ([]sharedID, bool) {
	workers = max(min(workers, buckets), 1)
	if workers == 1 { // here, not on a goroutine of its own
		var shared []sharedID
		for b := range buckets {
			var ok bool
			if shared, ok = of(0, b, shared); !ok {
				return nil, false
			}
		}
		return shared, true
	}
	found := make([][]sharedID, workers)
	oks := make([]bool, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			oks[w] = true
			for b := buckets * w / workers; b < buckets*(w+1)/workers; b++ {
				if found[w], oks[w] = of(w, b, found[w]); !oks[w] {
					return
				}
			}
		})
	}
	wg.Wait()
	var shared []sharedID
	for w := range workers {
		if !oks[w] {
			return nil, false
		}
		shared = append(shared, found[w]...)
	}
	return shared, true
}

// sharedSorted sorts refs and appends the ids named more than once to
// shared, with how many name each, or reports false when one is named by
// two members, or first by a reversal and then by a claim as its own: a
// batch settles such a claim before a reversal listed before it at the
// same setl_time (see SettleOrder), a stream cannot.
func sharedSorted(refs []idRef, shared []sharedID) ([]sharedID, bool) {
	slices.SortFunc(refs, func(a, b idRef) int { return cmp.Compare(a.id, b.id) })
	for lo := 0; lo < len(refs); {
		hi := lo + 1
		for hi < len(refs) && refs[hi].id == refs[lo].id {
			hi++
		}
		if hi-lo > 1 {
			first, own := refs[lo], false
			for _, r := range refs[lo:hi] {
				if r.member != first.member {
					return nil, false
				}
				own = own || r.at&1 == 0
				if r.at < first.at {
					first = r
				}
			}
			if first.at&1 == 1 && own {
				return nil, false
			}
			shared = append(shared, sharedID{id: refs[lo].id, times: hi - lo})
		}
		lo = hi
	}
	return shared, true
}

// lineKeys is what StreamsAsBatch needs of a claim.
type lineKeys struct {
	psnNo, setlID, reverses string
	setlTime                time.Time
	fen                     int64  // |medfee_sumamt| in fen, rounded up; past fastMaxFen when beyond it
	member                  uint64 // psnNo's hash under the check's seed, set before batchCheck.add takes the keys
}

// batchKeys reads line as the stream will, but as little as it must: its
// keys alone when the line is plain (claim.ReadLineKeys), else on the
// flat path when it can, else in full. ok is false when the line is no
// claim.
func batchKeys(lp *claim.LineParser, line string, no int, f *claim.Flat) (k lineKeys, ok bool) {
	if lk, ok := claim.ReadLineKeys(line); ok {
		return lineKeys{psnNo: lk.PsnNo, setlID: lk.SetlID, setlTime: lk.SetlTime, fen: lk.MedfeeSumamt}, true
	}
	if lp.Flat(line, no, f) {
		fen := f.MedfeeSumamt
		if fen < 0 {
			fen = -fen
		}
		return lineKeys{psnNo: f.PsnNo, setlID: f.SetlID, setlTime: f.SetlTime, fen: fen, reverses: f.Reverses}, true
	}
	c, err := lp.Claim([]byte(line), no)
	if err != nil {
		return lineKeys{}, false
	}
	return claimKeys(c), true
}

// claimKeys is what StreamsAsBatch needs of c.
func claimKeys(c *claim.Claim) lineKeys {
	k := lineKeys{psnNo: c.PsnNo, setlID: c.SetlID, setlTime: c.SetlTime, fen: fastMaxFen + 1, reverses: c.Reverses}
	if fen := c.MedfeeSumamt.Abs().Shift(2).Ceil(); !fen.GreaterThan(decimal.NewFromInt(fastMaxFen)) {
		k.fen = fen.IntPart()
	}
	return k
}
