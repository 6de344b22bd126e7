package live

import (
	"context"
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
)

// HashRanger is implemented by nodes that read many block hashes in one
// call (btcrpc: batched getblockhash); the follower then checks every
// block of a commit against the node, else only the last one.
type HashRanger interface {
	Hashes(ctx context.Context, from, to uint64) ([]chain.Hash, error)
}

// verify checks, just before a commit, that the pending blocks are the
// node's current chain and that the stored block before them is too. A
// difference means a reorg happened while reading: ErrChainMoved.
func (f *follower) verify(ctx context.Context, pend []*fetched) error {
	from, to := pend[0].from, pend[len(pend)-1].to
	got := make([]chain.Hash, 0, to-from+2)
	lo := from
	if from > 0 {
		h, ok, err := f.st.BlockHash(f.c, from-1)
		if err != nil {
			return err
		}
		if ok && h != (chain.Hash{}) {
			lo = from - 1
			got = append(got, h)
		}
	}
	for _, b := range pend {
		for i := range b.utxo {
			got = append(got, b.utxo[i].Header.Hash)
		}
		for i := range b.acct {
			got = append(got, b.acct[i].Header.Hash)
		}
	}
	if hr, ok := f.node.(HashRanger); ok {
		want, err := hr.Hashes(ctx, lo, to)
		if err != nil {
			return nodeErr{err}
		}
		for i := range want {
			if i >= len(got) || want[i] != got[i] {
				return fmt.Errorf("block %d: %w", lo+uint64(i), ErrChainMoved)
			}
		}
		return nil
	}
	for _, n := range []uint64{lo, to} {
		want, err := f.node.Hash(ctx, n)
		if err != nil {
			return nodeErr{err}
		}
		if want != got[n-lo] {
			return fmt.Errorf("block %d: %w", n, ErrChainMoved)
		}
	}
	return nil
}
