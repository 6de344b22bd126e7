package trace

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
)

// group is the scratch state of one transaction.
type group struct {
	ent      []touch
	swaps    []swap
	deferred []int
	carried  []lot
	own      []AssetTotal // own amounts carried by the current move
	legOwn   []AssetTotal // own amounts of the current swap leg
	swapOwn  []swapOwn    // own amounts given into this transaction's swaps
}

// touch is one address's move of one asset in a transaction.
type touch struct {
	addr, asset uint32
	out         bool
}

// swap is an address that gives asset and gets other assets back in the
// transaction: the taint of what it gave converts to what it got.
type swap struct {
	addr, asset uint32
	sent, taint chain.U256
	// the incoming legs (own.go): their total and the part credited so
	// far, their asset, and whether they are of several assets
	got, gotCum chain.U256
	legAsset    uint32
	legs, multi bool
}

// maxSwapScan bounds the moves of one transaction examined for swaps.
const maxSwapScan = 4096

// transaction processes rows r0..r1 of seg, one transaction.
func (a *acct) transaction(seg *graph.Segment, base uint32, r0, r1 int) {
	g := &a.g
	a.findSwaps(seg, r0, r1)
	g.deferred = g.deferred[:0]
	g.swapOwn = g.swapOwn[:0]
	for r := r0; r < r1; r++ {
		a.move(seg, base, r)
	}
	a.sumLegs(seg)
	for _, r := range g.deferred {
		a.swapIn(seg, base, r)
	}
}

// tracked reports whether id takes part in swap detection.
func (a *acct) tracked(id uint32) bool { return a.seeds[id] || a.nodes[id] != nil }

// findSwaps fills g.swaps with the swapping addresses of rows r0..r1.
func (a *acct) findSwaps(seg *graph.Segment, r0, r1 int) {
	g := &a.g
	g.swaps, g.ent = g.swaps[:0], g.ent[:0]
	if r1-r0 < 2 || r1-r0 > maxSwapScan {
		return
	}
	for r := r0; r < r1; r++ {
		if f := seg.From[r]; a.tracked(f) {
			g.ent = append(g.ent, touch{f, seg.Asset[r], true})
		}
		if t := seg.To[r]; a.tracked(t) {
			g.ent = append(g.ent, touch{t, seg.Asset[r], false})
		}
	}
	for i, e := range g.ent {
		if !e.out || a.swapOf(e.addr) != nil || !a.firstTouch(i) {
			continue
		}
		if x, ok := a.swapAsset(e.addr); ok {
			g.swaps = append(g.swaps, swap{addr: e.addr, asset: x})
		}
	}
}

// firstTouch reports whether entry i is its address's first entry.
func (a *acct) firstTouch(i int) bool {
	for _, e := range a.g.ent[:i] {
		if e.addr == a.g.ent[i].addr {
			return false
		}
	}
	return true
}

// swapAsset decides whether addr swaps in this transaction: it sends
// exactly one asset X and receives only other assets (at least one).
func (a *acct) swapAsset(addr uint32) (uint32, bool) {
	var x uint32
	sends, gets := false, false
	for _, e := range a.g.ent {
		if e.addr != addr || !e.out {
			continue
		}
		if sends && e.asset != x {
			return 0, false
		}
		x, sends = e.asset, true
	}
	for _, e := range a.g.ent {
		if e.addr == addr && !e.out {
			if e.asset == x {
				return 0, false
			}
			gets = true
		}
	}
	return x, sends && gets
}

// swapOf returns the swap of addr in this transaction, or nil.
func (a *acct) swapOf(addr uint32) *swap {
	for i := range a.g.swaps {
		if a.g.swaps[i].addr == addr {
			return &a.g.swaps[i]
		}
	}
	return nil
}

// move processes row r: the sender's side, then the receiver's (deferred
// for the incoming legs of a swap).
func (a *acct) move(seg *graph.Segment, base uint32, r int) {
	f, to, asset := seg.From[r], seg.To[r], seg.Asset[r]
	amt := seg.Amount(uint32(r))
	t, carried, own, hop := a.debit(f, asset, amt, uint64(seg.Block[r]))
	if sw := a.swapOf(f); sw != nil && sw.asset == asset {
		sw.sent, sw.taint = add(sw.sent, amt), add(sw.taint, t)
		a.giveOwn(f, own)
		t, carried, own = chain.U256{}, append(carried[:0], lot{amt, false}), nil
	}
	if sw := a.swapOf(to); sw != nil && sw.asset != asset {
		a.g.deferred = append(a.g.deferred, r)
		return
	}
	a.credit(seg.Block[r], base+uint32(r), f, to, asset, amt, t, carried, own, hop)
}

// debit applies an outgoing move of f and returns the taint it carries,
// its FIFO lots, the seeds' own sent value it accounts for (trackOwn),
// and f's hop.
func (a *acct) debit(f, asset uint32, amt chain.U256, blk uint64) (chain.U256, []lot, []AssetTotal, int) {
	carried := a.g.carried[:0]
	if a.seeds[f] {
		if blk < a.since {
			return chain.U256{}, append(carried, lot{amt, false}), nil, 0
		}
		return amt, append(carried, lot{amt, true}), a.seedOwn(asset, amt), 0
	}
	n := a.nodes[f]
	if n == nil {
		return chain.U256{}, append(carried, lot{amt, false}), nil, 0
	}
	h := n.holding(asset)
	if h == nil || n.hop >= a.maxHops {
		return chain.U256{}, append(carried, lot{amt, false}), nil, n.hop
	}
	t0 := h.taint
	t, carried := h.send(a.p, amt, &a.md, carried)
	a.g.carried = carried
	return t, carried, a.sendOwn(h, t, t0), n.hop
}

// swapIn credits a swap's incoming leg (row r) with the converted taint.
func (a *acct) swapIn(seg *graph.Segment, base uint32, r int) {
	to, asset := seg.To[r], seg.Asset[r]
	sw := a.swapOf(to)
	y := seg.Amount(uint32(r))
	var t chain.U256
	switch {
	case sw.taint.IsZero() || sw.sent.IsZero():
	case a.p == Poison:
		t = y
	default:
		t = a.md.do(y, sw.taint, sw.sent)
	}
	carried := append(a.g.carried[:0], lot{t, true}, lot{sub(y, t), false})
	hop := 0
	if n := a.nodes[to]; n != nil {
		hop = n.hop - 1
	}
	own := a.legOwn(sw, asset, y, t)
	a.credit(seg.Block[r], base+uint32(r), seg.From[r], to, asset, y, t, carried, own, hop)
}
