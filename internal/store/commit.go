package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// CommitOptions configures a commit. A nil *CommitOptions means defaults.
type CommitOptions struct {
	// ChunkMoves bounds the value moves per atomic batch (default 4M);
	// larger inputs commit in several batches under a journal.
	ChunkMoves int
	// Source names the input, for the journal.
	Source string
	// Progress, when set, is called after each batch with blocks done/total.
	Progress func(done, total int)
	// NoSync skips fsync on commit (benchmarks only).
	NoSync bool
}

// CommitStats says what a commit changed.
type CommitStats struct {
	Blocks    int   // blocks written (new or replaced)
	Replaced  int   // of those, blocks that existed with other content
	Unchanged int   // blocks already stored exactly so
	Txs       int64 // transactions in written blocks
	Moves     int64 // value moves (transfers or outputs) in written blocks
	Addresses int   // new addresses
}

// bulkOps is the number of writes from which a commit is applied as an
// ingest of sorted tables instead of a batch.
const bulkOps = 50000

// committer carries the state of one commit across its batches.
type committer struct {
	s       *Store
	c       chain.Info
	opts    CommitOptions
	dicts   []*Dict
	batch   *sstSink
	dc      Counters // signed changes of this batch, added to cnt at flush
	cnt     Counters
	hasData bool   // the chain had blocks before, or an earlier batch committed
	ranged  bool   // cnt.FirstBlock/LastBlock hold a real range
	tail    uint64 // the chain's last block before this batch (when hasData)
	moves   int
	changed blockSpan // blocks written since the last flush
	stats   CommitStats
	buf     []byte
}

func (s *Store) newCommitter(c chain.Info, o *CommitOptions, dicts ...*Dict) (*committer, error) {
	cm := &committer{s: s, c: c, dicts: dicts}
	if o != nil {
		cm.opts = *o
	}
	if cm.opts.ChunkMoves <= 0 {
		cm.opts.ChunkMoves = 4 << 20
	}
	cnt, err := s.counters(c)
	if err != nil {
		return nil, err
	}
	cm.cnt, cm.hasData, cm.ranged = cnt, cnt.Blocks > 0, cnt.Blocks > 0
	cm.tail = cnt.LastBlock
	for _, d := range dicts {
		if d.Err() != nil {
			return nil, d.Err()
		}
		cm.stats.Addresses += d.Fresh()
	}
	if len(dicts) > 1 {
		cm.stats.Addresses -= dicts[1].Fresh() // tokens are not addresses
	}
	cm.batch = &sstSink{}
	return cm, nil
}

// sizeFor pre-sizes the batch for a commit of about moves moves: a
// hash-index entry per transaction (often one per one or two moves), a
// dictionary entry per new address, the block records.
func (cm *committer) sizeFor(moves int) {
	n := min(moves, cm.opts.ChunkMoves)
	cm.batch.grow(n*3/4+16, n*64)
}

// counters reads the stored counters of chain c.
func (s *Store) counters(c chain.Info) (Counters, error) {
	v, ok, err := s.get(keyCounters(c.ID))
	if err != nil || !ok {
		return Counters{}, err
	}
	return decodeCounters(v)
}

// old returns the stored record of block n, if any.
func (cm *committer) old(n uint64) ([]byte, error) {
	if !cm.hasData {
		return nil, nil
	}
	v, _, err := cm.s.get(keyBlock(cm.c.ID, n))
	return v, err
}

// put writes block n's record unless identical to old. txs lists the
// block's tx hashes; oldTxs those of the replaced record.
func (cm *committer) put(n uint64, rec, old []byte, txs, oldTxs []chain.Hash) (bool, error) {
	if old != nil && bytes.Equal(old, rec) {
		cm.stats.Unchanged++
		return false, nil
	}
	if old != nil {
		cm.stats.Replaced++
		cm.dc.Blocks--
		for _, h := range oldTxs {
			if err := cm.batch.Delete(keyTx(cm.c.ID, h), nil); err != nil {
				return false, err
			}
		}
	}
	cm.stats.Blocks++
	cm.dc.Blocks++
	cm.changed.add(n)
	if err := cm.batch.Set(keyBlock(cm.c.ID, n), rec, nil); err != nil {
		return false, err
	}
	var v [2 * binary.MaxVarintLen64]byte
	k := [2 + len(chain.Hash{})]byte{nsTxHash, byte(cm.c.ID)}
	for i := range txs {
		copy(k[2:], txs[i][:])
		val := binary.AppendUvarint(binary.AppendUvarint(v[:0], n), uint64(i))
		if err := cm.batch.Set(k[:], val, nil); err != nil { // Set copies both
			return false, err
		}
	}
	if !cm.ranged {
		cm.cnt.FirstBlock, cm.cnt.LastBlock, cm.ranged = n, n, true
	}
	cm.cnt.FirstBlock = min(cm.cnt.FirstBlock, n)
	cm.cnt.LastBlock = max(cm.cnt.LastBlock, n)
	return true, nil
}

// maybeFlush commits the batch once it holds a chunk's worth of moves.
func (cm *committer) maybeFlush(done, total int, last bool) error {
	if !last && cm.moves < cm.opts.ChunkMoves {
		return nil
	}
	if !last {
		if err := cm.writeJournal(); err != nil {
			return err
		}
	}
	if err := cm.flush(last); err != nil {
		return err
	}
	if cm.opts.Progress != nil {
		cm.opts.Progress(done, total)
	}
	return nil
}

// flush writes dictionaries and counters, and commits.
func (cm *committer) flush(last bool) error {
	for _, d := range cm.dicts {
		if err := d.writeFresh(cm.batch); err != nil {
			return err
		}
	}
	if err := cm.markDict(); err != nil {
		return err
	}
	cm.cnt.Blocks += cm.dc.Blocks
	cm.cnt.Txs += cm.dc.Txs
	cm.cnt.Transfers += cm.dc.Transfers
	if err := cm.batch.Set(keyCounters(cm.c.ID), encodeCounters(cm.cnt), nil); err != nil {
		return err
	}
	if err := cm.logChange(); err != nil {
		return err
	}
	if last {
		if err := cm.batch.Delete([]byte{nsJournal}, nil); err != nil {
			return err
		}
	}
	if err := cm.apply(); err != nil {
		return err
	}
	cm.batch.reset()
	cm.dc = Counters{}
	cm.moves = 0
	cm.hasData = cm.hasData || cm.cnt.Blocks > 0
	cm.tail = cm.cnt.LastBlock
	return nil
}

// apply writes the collected operations: a synced batch when small, an
// atomic table ingest when large.
func (cm *committer) apply() error {
	if len(cm.batch.ops) >= bulkOps {
		return cm.batch.ingest(cm.s.db, cm.s.opts, cm.s.dir)
	}
	b := cm.s.db.NewBatchWithSize(cm.batch.size())
	defer b.Close()
	for i := range cm.batch.ops {
		o := &cm.batch.ops[i]
		var err error
		if o.del {
			err = b.Delete(cm.batch.key(o), nil)
		} else {
			err = b.Set(cm.batch.key(o), cm.batch.value(o), nil)
		}
		if err != nil {
			return err
		}
	}
	wo := pebble.Sync
	if cm.opts.NoSync {
		wo = pebble.NoSync
	}
	if err := b.Commit(wo); err != nil {
		return fmt.Errorf("committing to store: %w", err)
	}
	return nil
}

// abort drops the uncommitted writes.
func (cm *committer) abort() {
	cm.batch.reset()
}
