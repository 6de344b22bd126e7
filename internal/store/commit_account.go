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
	// Blocks are read a window at a time and encoded (merge with the
	// stored record, encode, hash list) in parallel, then written in
	// order; a window is encoded only after the previous one is written
	// (and maybe flushed), so reads of stored records see every earlier
	// batch.
	win := make([]encodedBlock, min(encodeWindow, max(total, 1)))
	done, pending := 0, false // pending: the last block's maybeFlush waits to know if it was the last
	for {
		n, end, err := fillWindow(win, next)
		if err != nil {
			return cm.stats, err
		}
		if pending {
			if err := cm.maybeFlush(done, total, n == 0 && end); err != nil {
				return cm.stats, err
			}
			pending = false
		}
		if n == 0 {
			break
		}
		cm.encodeAll(win[:n])
		for j := 0; j < n; j++ {
			if err := cm.putEncoded(&win[j]); err != nil {
				return cm.stats, err
			}
			done++
			if j == n-1 && !end {
				pending = true
				continue
			}
			if err := cm.maybeFlush(done, total, end && j == n-1); err != nil {
				return cm.stats, err
			}
		}
		if end {
			break
		}
	}
	if total == 0 {
		if err := cm.flush(true); err != nil {
			return cm.stats, err
		}
	}
	return cm.stats, nil
}

func txHashes(txs []chain.AccountTx, buf []chain.Hash) []chain.Hash {
	buf = buf[:0]
	for i := range txs {
		buf = append(buf, txs[i].Hash)
	}
	return buf
}

// count adds (sign +1) or removes (-1) a block's transactions and moves to
// the batch's counter changes.
func (cm *committer) count(txs, moves int, sign int64) {
	cm.dc.Txs += sign * int64(txs)
	cm.dc.Transfers += sign * int64(moves)
	if sign > 0 {
		cm.stats.Txs += int64(txs)
		cm.stats.Moves += int64(moves)
		cm.moves += moves
	}
}
