package watch

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// chainTips reads each chain's highest stored block once, for bringing
// the confirmations of alerts up to date when they are read.
type chainTips struct {
	st  *store.Store
	tip map[string]tipOf
}

// tipOf is a chain's highest stored block (ok false: no blocks).
type tipOf struct {
	n  uint64
	ok bool
}

func newChainTips(st *store.Store) *chainTips {
	return &chainTips{st: st, tip: map[string]tipOf{}}
}

// current sets r's confirmations to those of its block now: the block
// itself and the stored blocks above it. An alert that is no longer on the
// stored chain (orphaned, or above the stored tip after a rollback the
// processor has not seen yet) has 0. An alert of a chain vigil does not
// know keeps the count it was stored with.
func (t *chainTips) current(r *store.AlertRecord) error {
	tp, ok := t.tip[r.Chain]
	if !ok {
		c, err := chain.Lookup(r.Chain)
		if err != nil {
			return nil
		}
		_, hi, has, err := t.st.BlockRange(c)
		if err != nil {
			return err
		}
		tp = tipOf{n: hi, ok: has}
		t.tip[r.Chain] = tp
	}
	r.Confirmations = 0
	if r.Status != store.AlertOrphaned && tp.ok && tp.n >= r.Block {
		r.Confirmations = confirmations(tp.n, r.Block)
	}
	return nil
}
