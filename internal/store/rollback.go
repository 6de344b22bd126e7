package store

import (
	"encoding/binary"
	"fmt"
	"math"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// RollbackStats says what a rollback removed.
type RollbackStats struct {
	Blocks    int   // blocks removed
	Txs       int64 // their transactions
	Moves     int64 // their value moves (transfers or outputs)
	Addresses int   // dictionary entries removed (UTXO chains)
}

// Rollback removes the blocks of c numbered from and above, as if they had
// never been ingested, in one atomic batch: block records, their entries
// in the transaction-hash index, the chain counters and, on UTXO chains,
// the trailing address-dictionary entries only the removed blocks used
// (found through the dictionary marks, see truncateDict). A change-log entry covering from..the old
// last block makes derived indexes rebuild from there. Rolling back above
// the last stored block does nothing.
func (s *Store) Rollback(c chain.Info, from uint64) (RollbackStats, error) {
	var st RollbackStats
	_, last, ok, err := s.BlockRange(c)
	if err != nil || !ok || last < from {
		return st, err
	}
	dicts, err := s.dictsOf(c)
	if err != nil {
		return st, err
	}
	cm, err := s.newCommitter(c, nil, dicts...)
	if err != nil {
		return st, err
	}
	defer cm.abort()
	cm.sizeFor(1 << 12)
	if err := cm.uncount(from, &st); err != nil {
		return st, err
	}
	if err := cm.rollbackCounters(from); err != nil {
		return st, err
	}
	if c.Kind == chain.UTXO {
		if st.Addresses, err = cm.truncateDict(dicts[0], from); err != nil {
			return st, err
		}
	}
	cm.changed = blockSpan{lo: from, hi: last, set: true}
	if err := cm.logChange(); err != nil {
		return st, err
	}
	if err := cm.apply(); err != nil {
		return st, err
	}
	return st, nil
}

func (s *Store) dictsOf(c chain.Info) ([]*Dict, error) {
	addrs, err := s.Addresses(c)
	if err != nil {
		return nil, err
	}
	if c.Kind != chain.Account {
		return []*Dict{addrs}, nil
	}
	tokens, err := s.Tokens(c)
	if err != nil {
		return nil, err
	}
	return []*Dict{addrs, tokens}, nil
}

// uncount deletes blocks from.. and their hash-index entries and takes
// their transactions and moves off the counters.
func (cm *committer) uncount(from uint64, st *RollbackStats) error {
	c := cm.c
	return cm.s.scanBlocks(c, from, math.MaxUint64, func(n uint64, v []byte) error {
		var hashes []chain.Hash
		if c.Kind == chain.UTXO {
			b, err := decodeUTXO(n, v)
			if err != nil {
				return fmt.Errorf("store: %s block %d: %w", c.Name, n, err)
			}
			hashes = utxoHashes(b.Txs, nil)
			for i := range b.Txs {
				st.Moves += int64(len(b.Txs[i].Outputs))
			}
			cm.utxoCount(&b, -1)
		} else {
			b, err := decodeAccount(n, v)
			if err != nil {
				return fmt.Errorf("store: %s block %d: %w", c.Name, n, err)
			}
			hashes = txHashes(b.Txs, nil)
			st.Moves += int64(len(b.Transfers))
			cm.count(len(b.Txs), len(b.Transfers), -1)
		}
		st.Blocks++
		st.Txs += int64(len(hashes))
		cm.dc.Blocks--
		if err := cm.batch.Delete(keyBlock(c.ID, n), nil); err != nil {
			return err
		}
		return cm.dropTxKeys(n, hashes)
	})
}

// dropTxKeys deletes the hash-index entries that point into block n.
func (cm *committer) dropTxKeys(n uint64, hashes []chain.Hash) error {
	for _, h := range hashes {
		k := keyTx(cm.c.ID, h)
		v, ok, err := cm.s.get(k)
		if err != nil {
			return err
		}
		if blk, m := binary.Uvarint(v); ok && m > 0 && blk != n {
			continue // the hash is indexed at another block (a duplicate txid)
		}
		if err := cm.batch.Delete(k, nil); err != nil {
			return err
		}
	}
	return nil
}

// rollbackCounters writes the chain counters without the removed blocks:
// the last block is the highest one left; no block left deletes them.
func (cm *committer) rollbackCounters(from uint64) error {
	cnt := cm.cnt
	cnt.Blocks += cm.dc.Blocks
	cnt.Txs += cm.dc.Txs
	cnt.Transfers += cm.dc.Transfers
	it, err := cm.s.db.NewIter(&pebble.IterOptions{LowerBound: keyBlock(cm.c.ID, 0), UpperBound: keyBlock(cm.c.ID, from)})
	if err != nil {
		return err
	}
	defer it.Close()
	if !it.Last() || cnt.Blocks <= 0 {
		if err := it.Error(); err != nil {
			return err
		}
		return cm.batch.Delete(keyCounters(cm.c.ID), nil)
	}
	cnt.LastBlock = binary.BigEndian.Uint64(it.Key()[2:])
	return cm.batch.Set(keyCounters(cm.c.ID), encodeCounters(cnt), nil)
}

// rewriteChunks shortens the dictionary log to IDs 1..keep (n before).
func (cm *committer) rewriteChunks(d *Dict, keep, n uint32) error {
	meta := keyMeta(fmt.Sprintf("n%c%d", d.ns, d.c))
	for chunk := keep / logChunk; chunk <= (n-1)/logChunk; chunk++ {
		lo := chunk*logChunk + 1
		if lo > keep {
			if err := cm.batch.Delete(keyChunk(d.log, d.c, chunk), nil); err != nil {
				return err
			}
			continue
		}
		keys, err := d.chunkKeys(chunk, keep)
		if err != nil {
			return err
		}
		if err := cm.batch.Set(keyChunk(d.log, d.c, chunk), encodeChunk(keys), nil); err != nil {
			return err
		}
	}
	if keep == 0 {
		return cm.batch.Delete(meta, nil)
	}
	return cm.batch.Set(meta, binary.AppendUvarint(nil, uint64(keep)), nil)
}
