package watch

import (
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

var zeroTime time.Time

// storedBlock is what the orphan check needs of a stored block.
type storedBlock struct {
	ok   bool
	hash string              // hex, empty when unknown
	txs  map[string]struct{} // tx hashes as alerts print them
}

// orphan checks the alerts raised in blocks lo..hi against the blocks
// stored now: an alert whose block is gone, whose block hash changed or
// whose transaction is no longer in the block is orphaned, and the
// addresses it added to its watch are dropped.
func (p *proc) orphan(lo, hi uint64) error {
	ids, err := p.st.AlertsInBlocks(p.c, lo, hi)
	if err != nil || len(ids) == 0 {
		return err
	}
	blocks := map[uint64]*storedBlock{}
	for _, id := range ids {
		r, err := p.b.GetAlert(id)
		if err != nil {
			return err
		}
		if r.Status == store.AlertOrphaned {
			continue
		}
		sb, ok := blocks[r.Block]
		if !ok {
			if sb, err = p.storedBlock(r.Block); err != nil {
				return err
			}
			blocks[r.Block] = sb
		}
		if sb.holds(&r) {
			continue
		}
		if err := p.orphanAlert(&r); err != nil {
			return err
		}
	}
	return nil
}

// holds reports whether the stored block still has r's transaction.
func (sb *storedBlock) holds(r *store.AlertRecord) bool {
	if !sb.ok || r.BlockHash != "" && sb.hash != "" && r.BlockHash != sb.hash {
		return false
	}
	_, ok := sb.txs[r.Tx]
	return ok || r.Tx == ""
}

// storedBlock reads block n as stored now.
func (p *proc) storedBlock(n uint64) (*storedBlock, error) {
	sb := &storedBlock{txs: map[string]struct{}{}}
	put := func(h chain.BlockHeader) {
		sb.ok = true
		if h.Hash != (chain.Hash{}) {
			sb.hash = h.Hash.Hex()
		}
	}
	if p.c.Kind == chain.Account {
		return sb, p.st.ScanAccount(p.c, n, n, func(b *chain.AccountBlock) error {
			put(b.Header)
			for _, tx := range b.Txs {
				sb.txs[tx.Hash.String()] = struct{}{}
			}
			return nil
		})
	}
	return sb, p.st.ScanUTXO(p.c, n, n, func(b *store.UTXOBlockView) error {
		put(b.Header)
		for _, tx := range b.Txs {
			sb.txs[tx.Hash.Hex()] = struct{}{}
		}
		return nil
	})
}

// orphanAlert marks r orphaned, unwatches what it followed and queues the
// news for r's targets.
func (p *proc) orphanAlert(r *store.AlertRecord) error {
	r.Status, r.OrphanedAt = store.AlertOrphaned, p.now
	p.stats.Orphaned++
	w := p.watchIndex(r.Watch)
	for _, addr := range r.Followed {
		if err := p.unfollow(r, w, addr); err != nil {
			return err
		}
	}
	if err := p.b.PutAlert(r); err != nil {
		return err
	}
	if w < 0 {
		return nil
	}
	return p.enqueue(&p.set.watches[w], r)
}

// watchIndex returns the index of watch id in the set (-1: removed).
func (p *proc) watchIndex(id string) int {
	for i := range p.set.watches {
		if p.set.watches[i].ID == id {
			return i
		}
	}
	return -1
}

// unfollow stops watching addr if orphaned alert r added it (and no later
// alert re-confirmed it). The stored record decides, not the dictionary:
// a UTXO rollback may have removed the address from it.
func (p *proc) unfollow(r *store.AlertRecord, w int, addr string) error {
	a, ok, err := p.b.GetWatchAddr(r.Watch, addr)
	if err != nil || !ok || a.Via != r.ID {
		return err
	}
	if err := p.b.DeleteWatchAddr(r.Watch, addr); err != nil {
		return err
	}
	p.stats.Unfollowed++
	id, ok, err := lookup(p.c, p.d, addr)
	if err != nil || !ok || w < 0 {
		return err
	}
	p.set.drop(id, w)
	return nil
}
