package store

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/sstable"
	"github.com/cockroachdb/pebble/v2/sstable/block"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// sstSink collects a commit's writes and applies them with one atomic
// Pebble ingest of sorted tables, one per key namespace. Bulk loads skip the
// WAL, the memtable and its flush this way; Pebble's Ingest publishes all
// tables in a single version edit, so the commit stays all-or-nothing.
type sstSink struct {
	arena []byte
	ops   []sstOp
}

// sstOp is one write: key and value slices of the arena; del marks a delete.
type sstOp struct {
	prefix    uint64 // key bytes 1..8, for sorting
	off, klen uint32
	vlen      uint32
	seq       uint32 // order of arrival: a later write wins
	ns        byte   // key namespace (first byte)
	del       bool
}

func (s *sstSink) Set(key, value []byte, _ *pebble.WriteOptions) error {
	s.add(key, value, false)
	return nil
}

func (s *sstSink) Delete(key []byte, _ *pebble.WriteOptions) error {
	s.add(key, nil, true)
	return nil
}

func (s *sstSink) add(key, value []byte, del bool) {
	var p [8]byte
	if len(key) > 1 {
		copy(p[:], key[1:])
	}
	op := sstOp{prefix: binary.BigEndian.Uint64(p[:]), off: uint32(len(s.arena)), klen: uint32(len(key)),
		vlen: uint32(len(value)), seq: uint32(len(s.ops)), ns: key[0], del: del}
	s.arena = append(append(s.arena, key...), value...)
	s.ops = append(s.ops, op)
}

func (s *sstSink) key(o *sstOp) []byte { return s.arena[o.off : o.off+o.klen] }
func (s *sstSink) value(o *sstOp) []byte {
	return s.arena[o.off+o.klen : o.off+o.klen+o.vlen]
}

// size is the bytes held.
func (s *sstSink) size() int { return len(s.arena) + 32*len(s.ops) }

// cmp orders ops by key, then arrival.
func (s *sstSink) cmp(a, b *sstOp) int {
	if a.ns != b.ns {
		return int(a.ns) - int(b.ns)
	}
	if a.prefix != b.prefix {
		if a.prefix < b.prefix {
			return -1
		}
		return 1
	}
	if c := bytes.Compare(s.key(a), s.key(b)); c != 0 {
		return c
	}
	return int(a.seq) - int(b.seq)
}

// groups returns the ops grouped by namespace, in namespace order, each
// group in arrival order.
func (s *sstSink) groups() [][]sstOp {
	var count [256]int
	for i := range s.ops {
		count[s.ops[i].ns]++
	}
	var start [256]int
	for ns, sum := 0, 0; ns < 256; ns++ {
		start[ns], sum = sum, sum+count[ns]
	}
	ops := make([]sstOp, len(s.ops))
	next := start
	for i := range s.ops {
		ops[next[s.ops[i].ns]] = s.ops[i]
		next[s.ops[i].ns]++
	}
	var groups [][]sstOp
	for ns := 0; ns < 256; ns++ {
		if count[ns] > 0 {
			groups = append(groups, ops[start[ns]:start[ns]+count[ns]:start[ns]+count[ns]])
		}
	}
	return groups
}

// sortGroup sorts one namespace's ops unless already in order and keeps
// the last write of each key.
func (s *sstSink) sortGroup(part []sstOp) []sstOp {
	switch {
	case slices.IsSortedFunc(part, func(a, b sstOp) int { return s.cmp(&a, &b) }):
	case len(part) >= radixMin:
		s.radixSort(part, make([]sstOp, len(part)))
	default:
		slices.SortFunc(part, func(a, b sstOp) int { return s.cmp(&a, &b) })
	}
	out := part[:0]
	for i := range part {
		if len(out) > 0 && s.sameKey(&out[len(out)-1], &part[i]) {
			out[len(out)-1] = part[i]
			continue
		}
		out = append(out, part[i])
	}
	return out
}

// sameKey reports whether a and b (of one namespace) write the same key.
// Keys whose sorting prefixes or lengths differ are told apart without
// reading the arena: after a sort its reads are at random, a cache miss
// each, and most neighbours (hashes, addresses) differ in the prefix.
func (s *sstSink) sameKey(a, b *sstOp) bool {
	return a.prefix == b.prefix && a.klen == b.klen && bytes.Equal(s.key(a), s.key(b))
}

// A namespace of more than tableOps writes or tableBytes of keys and
// values is cut into several tables of adjacent key ranges, written in
// parallel.
const (
	tableOps   = 1 << 18
	tableBytes = 8 << 20
)

// cutTables appends the sorted ops of one namespace to tables, cut into
// parts of at most tableOps writes and about tableBytes.
func cutTables(tables [][]sstOp, g []sstOp) [][]sstOp {
	start, bytes := 0, 0
	for i := range g {
		if i > start && (i-start == tableOps || bytes >= tableBytes) {
			tables = append(tables, g[start:i:i])
			start, bytes = i, 0
		}
		bytes += int(g[i].klen + g[i].vlen)
	}
	if start < len(g) {
		tables = append(tables, g[start:len(g):len(g)])
	}
	return tables
}

// ingest writes the tables under dir and ingests them into db. Each
// namespace sorts on its own goroutine and writes its tables as soon as
// it is sorted: the block records, already in order, are written while
// the transaction hashes still sort.
func (s *sstSink) ingest(db *pebble.DB, opts *pebble.Options, dir string) error {
	if len(s.ops) == 0 {
		return nil
	}
	tmp, err := os.MkdirTemp(dir, "ingest-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	w := tableWriter{s: s, db: db, opts: opts, dir: tmp}
	for _, g := range s.groups() {
		w.wg.Add(1)
		go func() {
			defer w.wg.Done()
			for _, part := range cutTables(nil, s.sortGroup(g)) {
				w.write(part)
			}
		}()
	}
	w.wg.Wait()
	if w.err != nil {
		return w.err
	}
	if err := db.Ingest(context.Background(), w.paths); err != nil {
		return fmt.Errorf("ingesting tables into the store: %w", err)
	}
	return nil
}

// tableWriter writes a commit's tables in parallel and collects their
// paths and first error.
type tableWriter struct {
	s     *sstSink
	db    *pebble.DB
	opts  *pebble.Options
	dir   string
	wg    sync.WaitGroup
	mu    sync.Mutex
	paths []string
	err   error
}

// write starts writing one table of sorted ops on its own goroutine (the
// caller holds a count of wg until it returns).
func (w *tableWriter) write(ops []sstOp) {
	w.mu.Lock()
	path := filepath.Join(w.dir, fmt.Sprintf("%03d.sst", len(w.paths)))
	w.paths = append(w.paths, path)
	w.mu.Unlock()
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		err := w.s.writeTable(path, ops, w.db, w.opts)
		w.mu.Lock()
		if err != nil && w.err == nil {
			w.err = err
		}
		w.mu.Unlock()
	}()
}

func (s *sstSink) writeTable(path string, ops []sstOp, db *pebble.DB, opts *pebble.Options) error {
	arena := s.arena
	if len(ops) >= gatherMin {
		arena = gather(arena, ops)
	}
	f, err := vfs.Default.Create(path, vfs.WriteCategoryUnspecified)
	if err != nil {
		return err
	}
	wo := opts.MakeWriterOptions(len(opts.Levels)-1, db.TableFormat())
	// MinLZ, Pebble's fastest: on this project's data the "balanced" and
	// "fast" profiles wrote tables of the same size (to within 100 bytes
	// in 56 MB) 40 ms slower per 1M transfers, and no compression 6 MB
	// bigger (docs/performance.md).
	wo.Compression = block.FastestCompression
	if len(ops) > 0 && ops[0].ns == nsTxHash {
		wo.Compression = block.NoCompression // random hashes: compressing gains nothing
	}
	w := sstable.NewWriter(newTableFile(f), wo)
	for i := range ops {
		o := &ops[i]
		k := arena[o.off : o.off+o.klen]
		if o.del {
			err = w.Delete(k)
		} else {
			err = w.Set(k, arena[o.off+o.klen:o.off+o.klen+o.vlen])
		}
		if err != nil {
			w.Close()
			return err
		}
	}
	return w.Close()
}

// gatherMin is the table size from which writeTable first copies the
// sorted writes into a fresh arena in key order.
const gatherMin = 4096

// gather copies the keys and values of ops (sorted, their order in the
// arena random) into a new arena in order and points ops at it. The copy
// loop's reads are independent, so the processor overlaps their cache
// misses; the table writer then reads memory in order instead of paying
// each miss on its own.
func gather(arena []byte, ops []sstOp) []byte {
	n := 0
	for i := range ops {
		n += int(ops[i].klen + ops[i].vlen)
	}
	out := make([]byte, 0, n)
	var sink byte
	for lo := 0; lo < len(ops); lo += gatherBatch {
		batch := ops[lo:min(lo+gatherBatch, len(ops))]
		for i := range batch { // start the batch's cache misses together
			sink += arena[batch[i].off]
		}
		for i := range batch {
			o := &batch[i]
			off := uint32(len(out))
			out = append(out, arena[o.off:o.off+o.klen+o.vlen]...)
			o.off = off
		}
	}
	gatherSink.Add(uint32(sink)) // once a call: gathers run on several goroutines
	return out
}

// gatherBatch is how many writes gather loads ahead of copying them.
const gatherBatch = 32

// gatherSink keeps gather's loading loop from being optimized away.
var gatherSink atomic.Uint32

// absorb appends o's writes after s's.
func (s *sstSink) absorb(o *sstSink) {
	base := uint32(len(s.arena))
	s.arena = append(s.arena, o.arena...)
	for _, op := range o.ops {
		op.off += base
		op.seq = uint32(len(s.ops))
		s.ops = append(s.ops, op)
	}
}

// grow reserves room for about ops writes of bytes in total.
func (s *sstSink) grow(ops, bytes int) {
	if cap(s.ops) < ops {
		s.ops = slices.Grow(s.ops, ops)
	}
	if cap(s.arena) < bytes {
		s.arena = slices.Grow(s.arena, bytes)
	}
}

func (s *sstSink) reset() {
	s.arena = s.arena[:0]
	s.ops = s.ops[:0]
}
