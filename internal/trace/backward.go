package trace

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
)

// MaxBackwardWork bounds the rows a backward trace may expand; past it the
// unexplained rest is reported as resting and Stats.Truncated is set.
const MaxBackwardWork = 20_000_000

// demand is value received by a target that still has to be explained
// by what addr received (of asset) before global row before.
type demand struct {
	addr, asset uint32
	before      uint32
	amount      chain.U256
	own         owned // the target's received value this demand explains
	hop         int
	parent      int32 // index of the demand this one came from, -1 at the target
}

// owned is an amount of the target's own received asset: what a demand
// or a source accounts for, in the target's terms (swaps convert the
// demanded asset, never this).
type owned struct {
	asset  uint32
	amount chain.U256
}

// ownKey sums what source (addr, asset) supplied of the target's asset.
type ownKey struct{ addr, asset, own uint32 }

// back is one backward (source-of-funds) trace on an account chain.
type back struct {
	x       *graph.Index
	maxHops int
	labels  *Labels
	targets map[uint32]bool
	ds      []demand
	queue   []int32
	key     map[demandKey]int32
	ends    map[endKey]*end
	rest    map[endKey]chain.U256
	owns    map[ownKey]chain.U256
	edges   map[edgeKey]chain.U256 // Query.Edges: attributed value per move, sender to receiver
	md      muldiv
	work    int64
	cut     bool
}

type demandKey struct{ addr, asset, before, own uint32 }

func newBack(x *graph.Index, q Query, labels *Labels, targets []uint32) *back {
	b := &back{x: x, maxHops: q.MaxHops, labels: labels, targets: map[uint32]bool{},
		key: map[demandKey]int32{}, ends: map[endKey]*end{}, rest: map[endKey]chain.U256{}, owns: map[ownKey]chain.U256{}}
	if q.Edges {
		b.edges = map[edgeKey]chain.U256{}
	}
	for _, t := range targets {
		b.targets[t] = true
	}
	return b
}

// run explains every move the targets received at or after since.
func (b *back) run(since uint64) {
	for t := range b.targets {
		b.eachIn(t, ^uint32(0), func(seg *graph.Segment, base, r uint32) {
			if uint64(seg.Block[r]) >= since {
				amt := seg.Amount(r)
				b.receive(seg, base, r, amt, owned{seg.Asset[r], amt}, 1, -1)
			}
		})
	}
	for len(b.queue) > 0 {
		i := b.queue[0]
		b.queue = b.queue[1:]
		b.expand(i)
	}
}

// eachIn calls fn for the rows addr received before global row before.
func (b *back) eachIn(addr, before uint32, fn func(seg *graph.Segment, base, r uint32)) {
	for i, s := range b.x.Segs {
		base := b.x.Base[i]
		if base >= before {
			return
		}
		for _, r := range s.In(addr) {
			if base+r >= before {
				break
			}
			fn(s, base, r)
		}
	}
}

// receive explains amt of what row r brought its receiver: by the sender
// (give), or, when the row is the return leg of a swap by the receiver, by
// what the receiver gave in the swap (giveSwap; a swap is not a hop).
func (b *back) receive(seg *graph.Segment, base, r uint32, amt chain.U256, own owned, hop int, parent int32) {
	if amt.IsZero() {
		return
	}
	if b.edges != nil {
		k := edgeKey{seg.From[r], seg.To[r], seg.Asset[r]}
		b.edges[k] = add(b.edges[k], amt)
	}
	if sw, ok := swapBack(seg, base, r); ok {
		b.giveSwap(seg.To[r], sw, amt, own, hop-1, parent)
		return
	}
	b.give(seg.From[r], seg.Asset[r], base+r, amt, own, hop, parent, seg.Block[r])
}

// give attributes amt of asset, sent by from in global row gr, to from:
// an endpoint when from is labeled, else a new demand on from.
func (b *back) give(from, asset, gr uint32, amt chain.U256, own owned, hop int, parent int32, blk uint32) {
	if amt.IsZero() {
		return
	}
	if svc, ok := b.labels.Of(from); ok {
		ko := ownKey{from, asset, own.asset}
		b.owns[ko] = add(b.owns[ko], own.amount)
		k := endKey{from, asset}
		e := b.ends[k]
		if e == nil {
			e = &end{svc: svc, hops: hop, first: blk, last: blk, via: gr, parent: uint32(parent + 1)}
			b.ends[k] = e
		}
		e.amount, e.hops = add(e.amount, amt), min(e.hops, hop)
		e.first, e.last = min(e.first, blk), max(e.last, blk)
		return
	}
	if hop >= b.maxHops {
		b.unexplained(from, asset, amt)
		return
	}
	b.demand(demand{addr: from, asset: asset, before: gr, amount: amt, own: own, hop: hop, parent: parent})
}

// demand queues d, or adds it to the queued demand on the same holding
// explaining the same asset of the target.
func (b *back) demand(d demand) {
	k := demandKey{d.addr, d.asset, d.before, d.own.asset}
	if i, ok := b.key[k]; ok {
		b.ds[i].amount = add(b.ds[i].amount, d.amount)
		b.ds[i].own.amount = add(b.ds[i].own.amount, d.own.amount)
		return
	}
	b.ds = append(b.ds, d)
	b.key[k] = int32(len(b.ds) - 1)
	b.queue = append(b.queue, int32(len(b.ds)-1))
}

func (b *back) unexplained(addr, asset uint32, amt chain.U256) {
	k := endKey{addr, asset}
	b.rest[k] = add(b.rest[k], amt)
}

// expand spreads demand i over what its address received before it, in
// proportion to the amounts (cumulative rounding keeps the total exact).
// What the received value cannot cover stays unexplained at the address.
func (b *back) expand(i int32) {
	d := b.ds[i]
	delete(b.key, demandKey{d.addr, d.asset, d.before, d.own.asset})
	var in chain.U256
	n := 0
	b.eachIn(d.addr, d.before, func(s *graph.Segment, _, r uint32) {
		if s.Asset[r] == d.asset {
			in, n = add(in, s.Amount(r)), n+1
		}
	})
	b.work += int64(n)
	want := d.amount
	if want.Cmp(in) > 0 {
		b.unexplained(d.addr, d.asset, sub(want, in))
		want = in
	}
	if want.IsZero() {
		return
	}
	if b.work > MaxBackwardWork {
		b.cut = true
		b.unexplained(d.addr, d.asset, want)
		return
	}
	ownWant := d.own.amount
	if want != d.amount {
		ownWant = b.md.do(d.own.amount, want, d.amount)
	}
	var cum, given, ownGiven chain.U256
	b.eachIn(d.addr, d.before, func(s *graph.Segment, base, r uint32) {
		if s.Asset[r] != d.asset {
			return
		}
		cum = add(cum, s.Amount(r))
		upto, ownUpto := b.md.do(cum, want, in), b.md.do(cum, ownWant, in)
		b.receive(s, base, r, sub(upto, given), owned{d.own.asset, sub(ownUpto, ownGiven)}, d.hop+1, i)
		given, ownGiven = upto, ownUpto
	})
}
