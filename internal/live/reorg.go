package live

import (
	"context"
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
)

// reconcile compares the highest stored block with the node's block at the
// same height (or at the node's tip when the node is behind) and, when they
// differ, walks back to the fork point and rolls back the orphaned blocks.
// It returns the next block to fetch.
func (f *follower) reconcile(ctx context.Context, tip, next uint64) (uint64, error) {
	last, ok, err := lastStored(f.st, f.c)
	if err != nil || !ok {
		return next, err
	}
	n := min(last, tip)
	same, known, err := f.sameAt(ctx, n)
	if err != nil || !known || same {
		return next, err
	}
	fork, err := f.forkPoint(ctx, n, last)
	if err != nil {
		return next, err
	}
	st, err := f.st.Rollback(f.c, fork+1)
	if err != nil {
		return next, fmt.Errorf("rolling back %s blocks from %d: %w", f.c.Name, fork+1, err)
	}
	f.addrs, f.toks = nil, nil
	f.res.Reorgs++
	f.res.RolledBack += int64(st.Blocks)
	fmt.Fprintf(f.o.Log, "vigil: %s: reorg: rolled back blocks %d..%d (%d blocks, %d transactions); the node's chain forks after block %d\n",
		f.c.Name, fork+1, last, st.Blocks, st.Txs, fork)
	f.runHooks(ctx)
	return min(next, fork+1), nil
}

// sameAt compares the stored hash of block n with the node's. known is
// false when the block is not stored or was stored without a hash.
func (f *follower) sameAt(ctx context.Context, n uint64) (same, known bool, err error) {
	h, ok, err := f.st.BlockHash(f.c, n)
	if err != nil || !ok || h == (chain.Hash{}) {
		return false, false, err
	}
	nh, err := f.node.Hash(ctx, n)
	if err != nil {
		return false, false, nodeErr{err}
	}
	return h == nh, true, nil
}

// forkPoint walks back from block n (which differs) to the highest block
// where store and node agree, refusing to pass a final block.
func (f *follower) forkPoint(ctx context.Context, n, last uint64) (uint64, error) {
	for m := n; ; m-- {
		if f.o.Confirmations > 0 && last-m+1 >= uint64(f.o.Confirmations) {
			return 0, fmt.Errorf("%w: stored %s block %d (%d confirmations, final at %d) is not on the node's chain; re-sync the chain from an earlier block by hand (docs/live.md)",
				ErrDeepReorg, f.c.Name, m, last-m+1, f.o.Confirmations)
		}
		if m == 0 {
			return 0, fmt.Errorf("%w: the node's chain differs from the stored one down to block 0", ErrWrongChain)
		}
		same, known, err := f.sameAt(ctx, m-1)
		if err != nil {
			return 0, err
		}
		if same || !known {
			return m - 1, nil
		}
	}
}
