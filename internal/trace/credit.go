package trace

import "github.com/vigil-project/vigil/internal/chain"

// credit applies the receiving side of global row gr (in block blk): to gets amt carrying
// taint t (lots: carried; the seeds' own sent value it accounts for: own) from f, which is
// at hop hop.
func (a *acct) credit(blk, gr, f, to, asset uint32, amt, t chain.U256, carried []lot, own []AssetTotal, hop int) {
	if t.IsZero() {
		if n := a.nodes[to]; n != nil {
			if h := n.holding(asset); h != nil {
				h.receive(a.p, amt, t, carried)
			}
		}
		return
	}
	a.edges[edgeKey{f, to, asset}] = add(a.edges[edgeKey{f, to, asset}], t)
	if a.seeds[to] {
		return
	}
	if svc, ok := a.labels.Of(to); ok && svc.Stop {
		a.endpoint(to, asset, t, own, svc, 0, hop+1, blk, gr, f)
		return
	}
	n := a.nodes[to]
	if n == nil {
		if _, labeled := a.labels.Of(to); !labeled {
			if d := a.depositOf(to); d.wallet != 0 {
				a.endpoint(to, asset, t, own, d.svc, d.wallet, hop+1, blk, gr, f)
				return
			}
		}
		n = &node{hop: hop + 1, parent: f, via: gr}
		a.nodes[to] = n
		a.setHot(to)
	}
	h := n.holding(asset)
	if h == nil {
		n.holdings = append(n.holdings, a.opening(to, asset, gr))
		h = &n.holdings[len(n.holdings)-1]
	}
	if n.hop >= a.maxHops {
		h.bal, h.taint = add(h.bal, amt), add(h.taint, t)
		return
	}
	h.receive(a.p, amt, t, carried)
	h.own = addOwn(h.own, own)
}

// opening returns the holding of asset that id has before global row gr:
// everything it received minus everything it sent, clamped at 0, clean.
func (a *acct) opening(id, asset, gr uint32) holding {
	var in, out chain.U256
	for i, s := range a.x.Segs {
		base := a.x.Base[i]
		if base >= gr {
			break
		}
		for _, r := range s.In(id) {
			if base+r >= gr {
				break
			}
			if s.Asset[r] == asset {
				in = add(in, s.Amount(r))
			}
		}
		for _, r := range s.Out(id) {
			if base+r >= gr {
				break
			}
			if s.Asset[r] == asset {
				out = add(out, s.Amount(r))
			}
		}
	}
	h := holding{asset: asset, bal: sub(in, out)}
	if a.p == FIFO && !h.bal.IsZero() {
		h.lots = append(h.lots, lot{h.bal, false})
	}
	return h
}

// endpoint adds taint t of asset (accounting for own of the seeds' sent
// value) arriving at addr (a service, or a deposit address of svc
// forwarding to wallet).
func (a *acct) endpoint(addr, asset uint32, t chain.U256, own []AssetTotal, svc Service, wallet uint32, hops int, blk, gr, from uint32) {
	k := endKey{addr, asset}
	e := a.ends[k]
	if e == nil {
		e = &end{svc: svc, depositFor: wallet, hops: hops, first: blk, via: gr, parent: from}
		a.ends[k] = e
	}
	e.amount = add(e.amount, t)
	e.own = addOwn(e.own, own)
	e.hops = min(e.hops, hops)
	e.last = blk
}
