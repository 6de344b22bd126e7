package watch

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// alertKey is the dedupe key of an alert: one per watch, transaction,
// move and block (by hash; by number when the source had no hash).
func alertKey(watch, chainName, tx, move string, blk *blockCtx) string {
	where := blk.hash.Hex()
	if blk.hash == (chain.Hash{}) {
		where = fmt.Sprintf("#%d", blk.n)
	}
	h := sha256.Sum256(fmt.Appendf(nil, "%s\x00%s\x00%s\x00%s\x00%s", watch, chainName, tx, move, where))
	return hex.EncodeToString(h[:])
}

// emit stores the alert of move mv for hit h (unless stored already) and
// follows taint to the receiver when h asks.
func (p *proc) emit(blk *blockCtx, mv move, h hit) error {
	w := &p.set.watches[h.w]
	key := alertKey(w.ID, p.c.Name, mv.tx, mv.name, blk)
	n, ok, err := p.b.AlertByKey(key)
	if err != nil {
		return err
	}
	if ok {
		return p.reconfirm(fmt.Sprintf("a%d", n), blk, mv, h)
	}
	r, err := p.newRecord(w, blk, mv, h, key)
	if err != nil {
		return err
	}
	if err := p.b.NewAlert(p.c, r); err != nil {
		return err
	}
	p.stats.Alerts++
	if err := p.follow(r, blk, mv, h); err != nil {
		return err
	}
	if len(r.Followed) > 0 {
		if err := p.b.PutAlert(r); err != nil {
			return err
		}
	}
	return p.enqueue(w, r)
}

// newRecord builds the alert record of a move.
func (p *proc) newRecord(w *store.Watch, blk *blockCtx, mv move, h hit, key string) (*store.AlertRecord, error) {
	from, err := store.AddressName(p.c, p.d, mv.from)
	if err != nil {
		return nil, err
	}
	to, err := store.AddressName(p.c, p.d, mv.to)
	if err != nil {
		return nil, err
	}
	asset, err := store.AssetName(p.c, p.tokens, mv.asset)
	if err != nil {
		return nil, err
	}
	r := &store.AlertRecord{Move: mv.name, Key: key, CreatedAt: p.now}
	r.Alert = store.Alert{Watch: w.ID, Chain: p.c.Name, Tx: mv.tx, From: from, To: to, Asset: asset,
		Amount: mv.amount, Block: blk.n, Confirmations: confirmations(p.tip, blk.n), Time: blockTime(blk.time),
		Status: store.AlertNew, Watched: h.side}
	if blk.hash != (chain.Hash{}) {
		r.BlockHash = blk.hash.Hex()
	}
	return r, nil
}

// confirmations counts the block itself and those above it up to tip.
func confirmations(tip, n uint64) uint64 {
	if tip < n {
		return 1
	}
	return tip - n + 1
}

// follow watches the receiver of mv when h asks, with r as provenance.
func (p *proc) follow(r *store.AlertRecord, blk *blockCtx, mv move, h hit) error {
	if !h.follow {
		return nil
	}
	if _, ok := p.set.role(mv.to, h.w); ok { // followed by an earlier hit of the same move
		return nil
	}
	a := store.WatchAddr{Address: r.To, Role: store.RoleFollowed, Via: r.ID, Block: blk.n}
	if err := p.b.PutWatchAddr(r.Watch, &a); err != nil {
		return err
	}
	p.set.add(mv.to, ref{w: h.w, role: store.RoleFollowed, via: r.ID})
	r.Followed = append(r.Followed, r.To)
	p.stats.Followed++
	return nil
}

// reconfirm handles a move whose alert exists: nothing, unless the alert
// was orphaned and its block came back (same hash): then it is new again
// and its followed addresses are watched again.
func (p *proc) reconfirm(id string, blk *blockCtx, mv move, h hit) error {
	r, err := p.b.GetAlert(id)
	if err != nil || r.Status != store.AlertOrphaned {
		return err
	}
	r.Status, r.OrphanedAt, r.Followed = store.AlertNew, zeroTime, nil
	r.Confirmations = confirmations(p.tip, blk.n)
	if err := p.follow(&r, blk, mv, h); err != nil {
		return err
	}
	if err := p.b.PutAlert(&r); err != nil {
		return err
	}
	return p.enqueue(&p.set.watches[h.w], &r)
}

// enqueue queues r for each target of w (unless deliveries are pending:
// they will send r as it is then).
func (p *proc) enqueue(w *store.Watch, r *store.AlertRecord) error {
	if r.Pending > 0 {
		return nil
	}
	for _, t := range targets(w) {
		if err := p.b.Enqueue(&store.OutboxEntry{Alert: r.ID, Watch: w.ID, Target: t}); err != nil {
			return err
		}
		r.Pending++
	}
	if r.Pending == 0 {
		return nil
	}
	return p.b.PutAlert(r)
}

// targets lists the delivery targets of w.
func targets(w *store.Watch) []string {
	var out []string
	if w.Webhook != "" {
		out = append(out, store.TargetWebhook)
	}
	if w.Log != "" {
		out = append(out, store.TargetLog)
	}
	return out
}
