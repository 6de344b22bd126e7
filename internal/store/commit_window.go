package store

import (
	"runtime"
	"sync"

	"github.com/vigil-project/vigil/internal/chain"
)

// encodeWindow is how many blocks a bulk account commit reads ahead and
// encodes at once (in parallel when there are enough of them).
const encodeWindow = 256

// minParallelEncode is the window size from which encoding is split
// between goroutines (a live follower's commit of a few blocks is not).
const minParallelEncode = 16

// encodedBlock is one block of a window, merged with its stored record
// and encoded, ready for put.
type encodedBlock struct {
	b                 *chain.AccountBlock
	rec, oldRec       []byte
	hashes, oldHashes []chain.Hash
	txs, moves        int // of the merged block
	oldTxs, oldMoves  int // of the stored one
	err               error
}

// encode merges e.b with its stored record and encodes it into e (its
// buffers are reused from the previous window). It only reads the store,
// so several run at once.
func (cm *committer) encode(e *encodedBlock) {
	n := e.b.Header.Number
	e.err = nil
	if e.oldRec, e.err = cm.old(n); e.err != nil {
		return
	}
	var old chain.AccountBlock
	if e.oldRec != nil {
		if old, e.err = decodeAccount(n, e.oldRec); e.err != nil {
			return
		}
	}
	merged := mergeAccount(&old, e.b)
	e.rec = encodeAccount(&merged, e.rec)
	e.hashes = txHashes(merged.Txs, e.hashes)
	e.oldHashes = txHashes(old.Txs, e.oldHashes)
	e.txs, e.moves = len(merged.Txs), len(merged.Transfers)
	e.oldTxs, e.oldMoves = len(old.Txs), len(old.Transfers)
}

// encodeAll encodes a window, split between up to GOMAXPROCS goroutines
// (contiguous shares: each block's work is independent).
func (cm *committer) encodeAll(win []encodedBlock) {
	workers := min(runtime.GOMAXPROCS(0), len(win)/minParallelEncode)
	if workers <= 1 {
		for i := range win {
			cm.encode(&win[i])
		}
		return
	}
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		lo, hi := len(win)*w/workers, len(win)*(w+1)/workers
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := lo; i < hi; i++ {
				cm.encode(&win[i])
			}
		}()
	}
	wg.Wait()
}

// putEncoded queues the writes of an encoded block and counts it.
func (cm *committer) putEncoded(e *encodedBlock) error {
	if e.err != nil {
		return e.err
	}
	wrote, err := cm.put(e.b.Header.Number, e.rec, e.oldRec, e.hashes, e.oldHashes)
	if err != nil || !wrote {
		return err
	}
	cm.count(e.oldTxs, e.oldMoves, -1)
	cm.count(e.txs, e.moves, +1)
	return nil
}

// fillWindow reads up to len(win) blocks from next into win and returns
// how many, and whether next reported the end.
func fillWindow(win []encodedBlock, next func() (*chain.AccountBlock, error)) (int, bool, error) {
	for i := range win {
		b, err := next()
		if err != nil {
			return i, false, err
		}
		if b == nil {
			return i, true, nil
		}
		win[i].b = b
	}
	return len(win), false, nil
}
