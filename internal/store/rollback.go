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

// maxLastScan bounds how many older blocks a rollback reads to find the
// new last block of an address whose last activity it removed; past it the
// address's last block is set to its first block (see docs/live.md).
const maxLastScan = 100000

// Rollback removes the blocks of c numbered from and above, as if they had
// never been ingested, in one atomic batch: block records, their entries
// in the transaction-hash index, their share of the per-address totals
// (totals left with no moves are deleted; a last block inside the removed
// range is moved back to the address's previous activity), the chain
// counters and, on UTXO chains, the trailing address-dictionary entries
// only the removed blocks used. A change-log entry covering from..the old
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
	gone, err := cm.rollbackTotals(from)
	if err != nil {
		return st, err
	}
	if err := cm.rollbackCounters(from); err != nil {
		return st, err
	}
	if c.Kind == chain.UTXO {
		if st.Addresses, err = cm.truncateDict(dicts[0], gone); err != nil {
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

// uncount deletes blocks from.. and their hash-index entries and removes
// their moves from the deltas (sign -1, as a replaced block is).
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
			cm.utxoMoves(&b, -1)
		} else {
			b, err := decodeAccount(n, v)
			if err != nil {
				return fmt.Errorf("store: %s block %d: %w", c.Name, n, err)
			}
			hashes = txHashes(b.Txs, nil)
			st.Moves += int64(len(b.Transfers))
			cm.count(len(b.Txs), len(b.Transfers), -1)
			cm.accountMoves(&b, -1)
		}
		st.Blocks++
		st.Txs += int64(len(hashes))
		cm.ds.cnt.Blocks--
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

// rollbackTotals writes the totals changed by the removed moves: deleted
// when no move is left, else with a last block before from. It returns the
// deleted totals.
func (cm *committer) rollbackTotals(from uint64) (map[aggKey]bool, error) {
	gone := map[aggKey]bool{}
	pending := map[aggKey]*Totals{}
	for _, i := range cm.ds.order() {
		k := cm.ds.keys[i]
		key := keyAgg(cm.c.ID, k.addr, k.asset)
		v, ok, err := cm.s.get(key)
		if err != nil {
			return nil, err
		}
		if !ok {
			return nil, fmt.Errorf("store: %s: totals of address %d missing: %w", cm.c.Name, k.addr, errCorrupt)
		}
		t, err := decodeTotals(v)
		if err != nil {
			return nil, err
		}
		t = cm.ds.list[i].apply(t, true, cm.ds.subs[int32(i)])
		switch {
		case t.RecvCount == 0 && t.SentCount == 0:
			gone[k] = true
			if err := cm.batch.Delete(key, nil); err != nil {
				return nil, err
			}
		case t.LastBlock >= from:
			pending[k] = &t
		default:
			if err := cm.batch.Set(key, encodeTotals(&t, nil), nil); err != nil {
				return nil, err
			}
		}
	}
	if err := cm.s.findLast(cm.c, from, pending); err != nil {
		return nil, err
	}
	for k, t := range pending {
		if err := cm.batch.Set(keyAgg(cm.c.ID, k.addr, k.asset), encodeTotals(t, nil), nil); err != nil {
			return nil, err
		}
	}
	return gone, nil
}

// findLast sets the LastBlock of each pending total to the last block
// before from where its address moved the asset, reading blocks backwards
// (at most maxLastScan; past that, and at an address's first block, its
// FirstBlock).
func (s *Store) findLast(c chain.Info, from uint64, pending map[aggKey]*Totals) error {
	if len(pending) == 0 {
		return nil
	}
	todo := make(map[aggKey]*Totals, len(pending))
	lowest := uint64(math.MaxUint64)
	for k, t := range pending {
		t.LastBlock = t.FirstBlock
		if t.FirstBlock < from {
			todo[k] = t
			lowest = min(lowest, t.FirstBlock)
		}
	}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: keyBlock(c.ID, 0), UpperBound: keyBlock(c.ID, from)})
	if err != nil {
		return err
	}
	defer it.Close()
	seen := func(n uint64, addr chain.AddrID, asset chain.AssetID) {
		k := aggKey{uint32(addr), uint32(asset)}
		if t, ok := todo[k]; ok {
			t.LastBlock = max(n, t.FirstBlock)
			delete(todo, k)
		}
	}
	var moves []chain.AccountTransfer
	var txScratch []chain.AccountTx
	scanned := 0
	for ok := it.Last(); ok && len(todo) > 0 && scanned < maxLastScan; ok = it.Prev() {
		n := binary.BigEndian.Uint64(it.Key()[2:])
		if n < lowest {
			break
		}
		scanned++
		if c.Kind == chain.UTXO {
			b, err := decodeUTXO(n, it.Value())
			if err != nil {
				return fmt.Errorf("store: %s block %d: %w", c.Name, n, err)
			}
			for i := range b.Txs {
				for _, in := range b.Txs[i].Inputs {
					seen(n, in.Addr, chain.Native)
				}
				for _, o := range b.Txs[i].Outputs {
					seen(n, o.Addr, chain.Native)
				}
			}
			continue
		}
		if moves, txScratch, err = decodeMoves(n, it.Value(), moves[:0], txScratch[:0]); err != nil {
			return fmt.Errorf("store: %s block %d: %w", c.Name, n, err)
		}
		for _, m := range moves {
			seen(n, m.From, m.Asset)
			seen(n, m.To, m.Asset)
		}
	}
	return it.Error()
}

// rollbackCounters writes the chain counters without the removed blocks:
// the last block is the highest one left; no block left deletes them.
func (cm *committer) rollbackCounters(from uint64) error {
	cnt := cm.cnt
	cnt.Blocks += cm.ds.cnt.Blocks
	cnt.Txs += cm.ds.cnt.Txs
	cnt.Transfers += cm.ds.cnt.Transfers
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

// truncateDict removes the highest dictionary IDs whose only totals were
// deleted by the rollback (they were interned for the removed blocks), so
// the dictionary is as it would be without those blocks.
func (cm *committer) truncateDict(d *Dict, gone map[aggKey]bool) (int, error) {
	n := uint32(d.Len())
	keep := n
	for keep > 0 && gone[aggKey{keep, uint32(chain.Native)}] {
		has, err := cm.s.hasTotals(cm.c, keep, chain.Native)
		if err != nil {
			return 0, err
		}
		if has {
			break
		}
		keep--
	}
	if keep == n {
		return 0, nil
	}
	for id := keep + 1; id <= n; id++ {
		k, err := d.Key(id)
		if err != nil {
			return 0, err
		}
		if err := cm.batch.Delete(keyDict(d.ns, d.c, k), nil); err != nil {
			return 0, err
		}
	}
	if err := cm.rewriteChunks(d, keep, n); err != nil {
		return 0, err
	}
	return int(n - keep), nil
}

// hasTotals reports whether address id has stored totals of an asset
// other than except.
func (s *Store) hasTotals(c chain.Info, id uint32, except chain.AssetID) (bool, error) {
	p := binary.BigEndian.AppendUint32([]byte{nsAggregate, byte(c.ID)}, id)
	it, err := s.db.NewIter(iterRange(p))
	if err != nil {
		return false, err
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		if binary.BigEndian.Uint32(it.Key()[6:]) != uint32(except) {
			return true, nil
		}
	}
	return false, it.Error()
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
