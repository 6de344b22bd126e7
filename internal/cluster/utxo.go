package cluster

import (
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/store"
)

// utxo applies the UTXO heuristics to the transactions of the blocks after
// b.after (all when full), reading the graph index.
func (b *builder) utxo() error {
	x, err := graph.OpenUTXO(b.s, b.c)
	if err != nil {
		return err
	}
	defer x.Close()
	u := utxoRun{st: b.st, set: b.o.Heuristics}
	u.ctx.hist = indexHistory{x}
	if u.set.Has(ChangeType) {
		if u.ctx.types, err = addrTypes(b.s, b); err != nil {
			return err
		}
	}
	for _, s := range x.Segs {
		if !b.full && s.Last <= b.after {
			continue
		}
		u.segment(s, b.full, b.after)
	}
	if !u.set.Has(Deposit) {
		return nil
	}
	wallets, err := b.walletsFor()
	if err != nil {
		return err
	}
	return b.utxoDeposits(x, wallets)
}

// utxoRun applies the heuristics of set to transactions.
type utxoRun struct {
	st  *state
	set Set
	sc  scratch
	ctx changeCtx
	tx  Tx
	// linkMixes links CoinJoins like any transaction (only to measure
	// what detection is worth).
	linkMixes bool
}

// segment applies the heuristics to the transactions of s in blocks
// after `after` (all when full).
func (u *utxoRun) segment(s *graph.UTXOSegment, full bool, after uint64) {
	for t := range s.TxBlock {
		if !full && uint64(s.TxBlock[t]) <= after {
			continue
		}
		il, ih := s.TxIn[t], s.TxIn[t+1]
		ol, oh := s.TxOut[t], s.TxOut[t+1]
		u.tx = Tx{InAddr: s.InAddr[il:ih], InValue: s.InValue[il:ih], OutAddr: s.OutAddr[ol:oh],
			OutValue: s.OutValue[ol:oh], OutRow: s.OutBase + ol, Coinbase: il == ih}
		u.apply(&u.tx, s.TxBlock[t], s.TxPos[t])
	}
}

// apply runs the heuristics on one transaction at (block, pos).
func (u *utxoRun) apply(t *Tx, blk, pos uint32) {
	st := u.st
	st.Stats.Transactions++
	if len(t.InAddr) < 1 {
		return
	}
	mix := NotMix
	if len(t.InAddr) >= 2 {
		st.Stats.MultiInput++
		if mix = u.sc.coinJoin(t); mix != NotMix {
			st.Stats.addMix(mix)
			if !u.linkMixes {
				return
			}
		}
	}
	first := firstAddr(t.InAddr)
	if first == 0 {
		return
	}
	if u.set.Has(MultiInput) {
		for _, a := range t.InAddr {
			st.link(first, a, MultiInput, blk, pos)
		}
	}
	if u.set&changeSet == 0 {
		return
	}
	if !changeCandidate(t) {
		if !t.Coinbase && len(t.OutAddr) >= 2 {
			st.Stats.ChangeSkipped++
		}
		return
	}
	for _, h := range (u.set & changeSet).List() {
		if k := changeOf(h, t, &u.ctx); k >= 0 {
			st.link(first, t.OutAddr[k], h, blk, pos)
		}
	}
}

// firstAddr returns the first non-zero address of as, or 0.
func firstAddr(as []uint32) uint32 {
	for _, a := range as {
		if a != 0 {
			return a
		}
	}
	return 0
}

// indexHistory answers FirstOut from the graph index: the first output
// paid to the address, in chain order.
type indexHistory struct{ x *graph.UTXOIndex }

// FirstOut implements History.
func (h indexHistory) FirstOut(a uint32) uint32 {
	for _, s := range h.x.Segs {
		if o := s.Outs(a); len(o) > 0 {
			return s.OutBase + o[0]
		}
	}
	return NoFirst
}

// addrTypes returns the script type of every address ID below b.n.
func addrTypes(s *store.Store, b *builder) ([]uint8, error) {
	d, err := s.Addresses(b.c)
	if err != nil {
		return nil, err
	}
	types := make([]uint8, b.n)
	for id := 1; id < b.n; id++ {
		k, err := d.Key(uint32(id))
		if err != nil {
			return nil, err
		}
		types[id] = AddrType(k)
	}
	return types, nil
}
