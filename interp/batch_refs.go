package interp

import (
	"encoding/binary"
	"io"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/mpl-lang/mpl/internal/tempfile"
)

// refStore holds the idRefs that the parts of a batch check record (see
// batchCheck.ref), in blocks: in memory up to limit refs in full blocks
// across the parts, and past that in a temporary file, so that the check
// of a long batch does not grow the heap by 24 bytes a claim (240 MB for
// ten million). A block written to the file is a run: its refs in the
// order of their buckets, the top refBucketBits of their ids, with where
// each bucket starts, so that shared can read and sort one bucket of every
// run at a time. Where no file can be made or written (no $TMPDIR, a full
// disk), the blocks stay in memory, as they did before there was a file;
// where it cannot be read back, the check says no, and the batch is read
// whole.
type refStore struct {
	block  int          // refs in a full block
	limit  int64        // refs in full blocks held in memory before any go to the file
	held   atomic.Int64 // refs in full blocks held in memory
	noFile atomic.Bool  // a file could not be made or written: hold every block

	mu   sync.Mutex
	file refFile // nil until the first run is written
	size int64   // bytes written to the file
	runs []refRun
}

// refBucketBits is how many top bits of a ref's id pick its bucket in a
// run: 256 buckets, a ten-million-claim batch's refs read 640 KB at a time.
const refBucketBits = 8

// idRefBytes is the size of an idRef in a run: its id, its member, then
// its at, little-endian.
const idRefBytes = 24

// refRun is a block of refs written to the file.
type refRun struct {
	off    int64                       // where the run starts in the file
	starts [1<<refBucketBits + 1]int32 // where each bucket starts in it, in refs, and its length
}

// refFile is the temporary file a refStore writes its runs to: a
// tempfile.File, but for tests.
type refFile interface {
	io.ReaderAt
	io.WriterAt
	Close() error
}

// createRefFile makes a refStore's file; a variable, for tests.
var createRefFile = func() (refFile, error) { return tempfile.Create("mpl-setl-ids-*.tmp") }

// refBlock is how many idRefs a block of a batch check holds: 1.5 MiB; and
// refsInMemory how many the full blocks of all its parts hold before they
// go to a file: 24 MiB, a batch of a million claims.
const (
	refBlock     = 1 << 16
	refsInMemory = 1 << 20
)

// newRefStore makes the refStore of one batch check.
func newRefStore(limits refLimits) *refStore {
	return &refStore{block: limits.block, limit: limits.inMemory}
}

// runBuffers are a part's own buffers for writing a run: its refs in
// bucket order, and their bytes.
type runBuffers struct {
	sorted []idRef
	bytes  []byte
}

// heldRefs is a block of the refs a part of a batch check records: once
// full, or once its part is read (batchCheck.bucketRefs), in the order of
// their buckets, as a run is, with where each bucket starts; so that
// shared takes a bucket of every block at a time, on every core, however
// the blocks are held.
type heldRefs struct {
	refs     []idRef
	starts   [1<<refBucketBits + 1]int32 // where each bucket starts in refs, and their length, once bucketed
	bucketed bool
}

// bucket orders h's refs by bucket, through scratch, unless they are.
func (h *heldRefs) bucket(scratch *[]idRef) {
	if !h.bucketed {
		sortByBucket(h.refs, &h.starts, scratch)
		h.bucketed = true
	}
}

// full takes the block a part has just filled and bucketed, reporting
// whether it was written to the file, so that the part may fill it again;
// else the part holds it and fills a new one.
func (s *refStore) full(block *heldRefs, buf *runBuffers) bool {
	n := int64(len(block.refs))
	if s.held.Add(n) <= s.limit || s.noFile.Load() {
		return false
	}
	if !s.write(block, buf) {
		return false // held after all
	}
	s.held.Add(-n)
	return true
}

// write writes a block to the file as a run, bucketed (it is, when full
// takes it), reporting false where the file cannot be made or written.
func (s *refStore) write(block *heldRefs, buf *runBuffers) bool {
	block.bucket(&buf.sorted)
	run := refRun{starts: block.starts}
	p := slices.Grow(buf.bytes[:0], len(block.refs)*idRefBytes)
	for _, r := range block.refs {
		p = binary.LittleEndian.AppendUint64(p, r.id)
		p = binary.LittleEndian.AppendUint64(p, r.member)
		p = binary.LittleEndian.AppendUint64(p, r.at)
	}
	buf.bytes = p
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.noFile.Load() {
		return false
	}
	if s.file == nil {
		f, err := createRefFile()
		if err != nil {
			s.noFile.Store(true)
			return false
		}
		s.file = f
	}
	if _, err := s.file.WriteAt(p, s.size); err != nil {
		// What was written of this run is past every run's end: unread.
		s.noFile.Store(true)
		return false
	}
	run.off = s.size
	s.size += int64(len(p))
	s.runs = append(s.runs, run)
	return true
}

// refBucket is the bucket of a run that id is written in.
func refBucket(id uint64) int { return int(id >> (64 - refBucketBits)) }

// sortByBucket orders refs by bucket, through scratch, and sets starts to
// where each bucket starts in them, and their length.
func sortByBucket(refs []idRef, starts *[1<<refBucketBits + 1]int32, scratch *[]idRef) {
	*starts = [len(starts)]int32{}
	for _, r := range refs {
		starts[refBucket(r.id)+1]++
	}
	for b := 1; b < len(starts); b++ {
		starts[b] += starts[b-1]
	}
	next := *starts
	sorted := slices.Grow((*scratch)[:0], len(refs))[:len(refs)]
	for _, r := range refs {
		sorted[next[refBucket(r.id)]] = r
		next[refBucket(r.id)]++
	}
	copy(refs, sorted)
	*scratch = sorted
}

// sharedAtOnce is how many refs shared sorts in one sharedIDs when none
// are in the file: up to a block's worth, where bucketing by block first
// gains nothing.
const sharedAtOnce = refBlock

// shared is sharedIDs over every ref recorded, those of the runs and those
// held in blocks: the ids named more than once, each once with how many
// name it, and whether each of those is named by one member alone. Past
// sharedAtOnce refs, or with runs, it reads and sorts bucket by bucket, on
// up to workers goroutines, each holding one bucket of every block and run
// at a time: the held blocks are bucketed already (any not yet are here,
// in place). One sharedIDs of a million refs in memory scatters them into
// 65,536 buckets, a cache miss a ref, on one goroutine (50 ms); bucket by
// bucket, every step stays in the cache and on every core
// (BenchmarkSharedHeld). Where the file cannot be read, it reports false,
// as for a batch that may not stream: the temporary file's failure is no
// fault of the batch's, which is then read whole.
func (s *refStore) shared(workers int, held []*heldRefs) ([]sharedID, bool) {
	n := 0
	for _, h := range held {
		n += len(h.refs)
	}
	if len(s.runs) == 0 && n <= sharedAtOnce {
		parts := make([][]idRef, len(held))
		for i, h := range held {
			parts[i] = h.refs
		}
		return sharedIDs(workers, 0, parts...)
	}
	var scratch []idRef
	for _, h := range held {
		h.bucket(&scratch)
	}
	scratch = nil
	// Each goroutine's own buffers: a bucket's refs, their bytes, and
	// the memory to sort them in.
	workers = max(workers, 1)
	refs, bufs, sorts := make([][]idRef, workers), make([][]byte, workers), make([]sharedBuffers, workers)
	return sharedOfBuckets(workers, 1<<refBucketBits, func(w, b int, found []sharedID) ([]sharedID, bool) {
		refs[w] = refs[w][:0]
		for _, h := range held {
			refs[w] = append(refs[w], h.refs[h.starts[b]:h.starts[b+1]]...)
		}
		var err error
		if refs[w], bufs[w], err = s.readBucket(b, refs[w], bufs[w]); err != nil {
			return nil, false
		}
		shared, ok := sharedIDsIn(&sorts[w], 1, refBucketBits, refs[w])
		return append(found, shared...), ok
	})
}

// readBucket appends bucket b of every run to refs, reading the file
// through buf.
func (s *refStore) readBucket(b int, refs []idRef, buf []byte) ([]idRef, []byte, error) {
	for _, run := range s.runs {
		from, to := int64(run.starts[b]), int64(run.starts[b+1])
		if from == to {
			continue
		}
		buf = slices.Grow(buf[:0], int(to-from)*idRefBytes)[:(to-from)*idRefBytes]
		if _, err := s.file.ReadAt(buf, run.off+from*idRefBytes); err != nil {
			return nil, buf, err
		}
		for p := buf; len(p) > 0; p = p[idRefBytes:] {
			refs = append(refs, idRef{id: binary.LittleEndian.Uint64(p), member: binary.LittleEndian.Uint64(p[8:]), at: binary.LittleEndian.Uint64(p[16:])})
		}
	}
	return refs, buf, nil
}

// close removes the file, if there is one.
func (s *refStore) close() {
	if s.file != nil {
		s.file.Close()
		s.file = nil
	}
}
