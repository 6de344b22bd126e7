package store

import (
	"github.com/vigil-project/vigil/internal/chain"
)

// CommitAccount stores parsed blocks of an account chain. addrs and tokens
// must be the dictionaries the blocks were interned with. Blocks already
// stored are merged with the new data (see mergeAccount); unchanged ones are
// skipped.
func (s *Store) CommitAccount(c chain.Info, addrs, tokens *Dict, blocks []chain.AccountBlock, o *CommitOptions) (CommitStats, error) {
	i := 0
	next := func() (*chain.AccountBlock, error) {
		if i == len(blocks) {
			return nil, nil
		}
		i++
		return &blocks[i-1], nil
	}
	moves := 0
	for i := range blocks {
		moves += len(blocks[i].Transfers)
	}
	return s.commitAccountFrom(c, addrs, tokens, next, len(blocks), moves, o)
}

// commitAccountFrom stores the blocks next yields (nil at the end) the way
// CommitAccount does; total and moves (hints for progress and sizing) are
// how many blocks and moves it will yield. A yielded block must stay
// unchanged until the commit returns.
func (s *Store) commitAccountFrom(c chain.Info, addrs, tokens *Dict, next func() (*chain.AccountBlock, error), total, moves int, o *CommitOptions) (CommitStats, error) {
	cm, err := s.newCommitter(c, o, addrs, tokens)
	if err != nil {
		return CommitStats{}, err
	}
	defer cm.abort()
	cm.sizeFor(moves)
	var hashes, oldHashes []chain.Hash
	b, err := next()
	for i := 0; b != nil && err == nil; i++ {
		if hashes, oldHashes, err = cm.accountBlock(b, hashes, oldHashes); err != nil {
			return cm.stats, err
		}
		if b, err = next(); err != nil {
			return cm.stats, err
		}
		if err := cm.maybeFlush(i+1, total, b == nil); err != nil {
			return cm.stats, err
		}
	}
	if err != nil {
		return cm.stats, err
	}
	if total == 0 {
		if err := cm.flush(true); err != nil {
			return cm.stats, err
		}
	}
	return cm.stats, nil
}

// accountBlock merges b into the stored block of its number and queues the
// write; hashes and oldHashes are scratch buffers, returned for reuse.
func (cm *committer) accountBlock(b *chain.AccountBlock, hashes, oldHashes []chain.Hash) ([]chain.Hash, []chain.Hash, error) {
	oldRec, err := cm.old(b.Header.Number)
	if err != nil {
		return hashes, oldHashes, err
	}
	var old chain.AccountBlock
	if oldRec != nil {
		if old, err = decodeAccount(b.Header.Number, oldRec); err != nil {
			return hashes, oldHashes, err
		}
	}
	merged := mergeAccount(&old, b)
	cm.buf = encodeAccount(&merged, cm.buf)
	hashes = txHashes(merged.Txs, hashes)
	oldHashes = txHashes(old.Txs, oldHashes)
	wrote, err := cm.put(b.Header.Number, cm.buf, oldRec, hashes, oldHashes)
	if err != nil || !wrote {
		return hashes, oldHashes, err
	}
	cm.count(len(old.Txs), len(old.Transfers), -1)
	cm.count(len(merged.Txs), len(merged.Transfers), +1)
	return hashes, oldHashes, nil
}

func txHashes(txs []chain.AccountTx, buf []chain.Hash) []chain.Hash {
	buf = buf[:0]
	for i := range txs {
		buf = append(buf, txs[i].Hash)
	}
	return buf
}

// count adds (sign +1) or removes (-1) a block's transactions and moves to
// the counters.
func (cm *committer) count(txs, moves int, sign int64) {
	cm.cnt.Txs += sign * int64(txs)
	cm.cnt.Transfers += sign * int64(moves)
	if sign > 0 {
		cm.stats.Txs += int64(txs)
		cm.stats.Moves += int64(moves)
		cm.moves += moves
	}
}
