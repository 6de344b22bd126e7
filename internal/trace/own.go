package trace

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
)

// A forward trace that tracks "own" amounts (acct.trackOwn, haircut only)
// carries with every tainted amount what it accounts for of the seeds'
// own sent value, per asset the seeds sent: 10 ETH sent by the seed and
// swapped to 20,000 USDT arrive as 20,000 USDT of taint that accounts for
// 10 ETH of the seed's. The rule is the engine's own proportional rule
// (docs/tracing.md, "Own amounts"):
//
//   - a seed's move of a carries own a of its asset;
//   - taint t leaving a holding of taint T carries ⌊O·t/T⌋ of each own
//     amount O the holding has (all of it when t = T);
//   - a swap passes the own of what it gave to its incoming legs in
//     proportion to their amounts (cumulative rounding: the legs carry all
//     of it); a swap into several assets at once is not converted back
//     (its legs cannot be told apart in value): its legs count in the
//     asset they arrive in, own = taint, as if the address had sent them.
//
// Nothing here allocates per move: the scratch slices of the transaction
// are reused, and holdings and endpoints grow their own lists only for an
// asset they have not seen.

// swapOwn is own value given into the swap of addr in this transaction.
type swapOwn struct {
	addr uint32
	AssetTotal
}

// seedOwn is the own value of a seed's tainted move: amt of asset.
func (a *acct) seedOwn(asset uint32, amt chain.U256) []AssetTotal {
	if !a.trackOwn {
		return nil
	}
	a.g.own = append(a.g.own[:0], AssetTotal{asset, amt})
	return a.g.own
}

// sendOwn takes from h the own value carried by taint t leaving it (h held
// taint t0 before the move).
func (a *acct) sendOwn(h *holding, t, t0 chain.U256) []AssetTotal {
	if !a.trackOwn || a.p != Haircut || t.IsZero() || len(h.own) == 0 {
		return nil
	}
	out := a.g.own[:0]
	for i := range h.own {
		o := &h.own[i]
		x := o.Amount
		if t.Cmp(t0) < 0 {
			x = a.md.do(o.Amount, t, t0)
		}
		if x.IsZero() {
			continue
		}
		o.Amount = sub(o.Amount, x)
		out = append(out, AssetTotal{o.Asset, x})
	}
	a.g.own = out
	return out
}

// giveOwn adds own value given into addr's swap of this transaction.
func (a *acct) giveOwn(addr uint32, own []AssetTotal) {
	g := &a.g
outer:
	for _, o := range own {
		for i := range g.swapOwn {
			if s := &g.swapOwn[i]; s.addr == addr && s.Asset == o.Asset {
				s.Amount = add(s.Amount, o.Amount)
				continue outer
			}
		}
		g.swapOwn = append(g.swapOwn, swapOwn{addr, o})
	}
}

// sumLegs totals each swap's incoming legs (the deferred rows) and notes
// whether they are of more than one asset.
func (a *acct) sumLegs(seg *graph.Segment) {
	if !a.trackOwn {
		return
	}
	for _, r := range a.g.deferred {
		sw := a.swapOf(seg.To[r])
		sw.got = add(sw.got, seg.Amount(uint32(r)))
		switch {
		case !sw.legs:
			sw.legAsset, sw.legs = seg.Asset[r], true
		case seg.Asset[r] != sw.legAsset:
			sw.multi = true
		}
	}
}

// legOwn is the own value carried by a leg of y (taint t, of asset) of
// swap sw: its part of what was given into the swap, or (a swap into
// several assets) t in the leg's own asset.
func (a *acct) legOwn(sw *swap, asset uint32, y, t chain.U256) []AssetTotal {
	if !a.trackOwn || sw.got.IsZero() {
		return nil
	}
	prev := sw.gotCum
	sw.gotCum = add(prev, y)
	if t.IsZero() {
		return nil
	}
	out := a.g.legOwn[:0]
	if sw.multi {
		out = append(out, AssetTotal{asset, t})
	} else {
		for _, s := range a.g.swapOwn {
			if s.addr != sw.addr {
				continue
			}
			x := sub(a.md.do(s.Amount, sw.gotCum, sw.got), a.md.do(s.Amount, prev, sw.got))
			if !x.IsZero() {
				out = append(out, AssetTotal{s.Asset, x})
			}
		}
	}
	a.g.legOwn = out
	return out
}

// addOwn adds own to dst (sorted by asset).
func addOwn(dst, own []AssetTotal) []AssetTotal {
	for _, o := range own {
		dst = addTotal(dst, o.Asset, o.Amount)
	}
	return dst
}
