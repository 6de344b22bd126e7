package trace

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
)

// backSwap is what a backward trace needs of a swap: the receiving address
// gave sent of asset (one asset only) in the transaction starting at
// global row start, and got got of the demanded asset back.
type backSwap struct {
	asset     uint32
	sent, got chain.U256
	start     uint32
}

// swapBack decides whether incoming row r of addr (to, of asset a) is
// the return leg of a swap by addr, the mirror of the forward rule: in
// r's transaction addr sends exactly one asset X ≠ a and receives only a
// (a swap into several assets at once stays unconverted backward: its
// legs cannot be told apart in value). It returns the swap, or false.
func swapBack(seg *graph.Segment, base, r uint32) (backSwap, bool) {
	r0, r1 := txRows(seg, r)
	if r1-r0 < 2 || r1-r0 > maxSwapScan {
		return backSwap{}, false
	}
	addr, a := seg.To[r], seg.Asset[r]
	sw := backSwap{start: base + r0}
	sends := false
	for i := r0; i < r1; i++ {
		switch {
		case seg.From[i] == addr && seg.To[i] == addr:
			return backSwap{}, false
		case seg.From[i] == addr:
			if (sends && seg.Asset[i] != sw.asset) || seg.Asset[i] == a {
				return backSwap{}, false
			}
			sw.asset, sends = seg.Asset[i], true
			sw.sent = add(sw.sent, seg.Amount(i))
		case seg.To[i] == addr:
			if seg.Asset[i] != a {
				return backSwap{}, false
			}
			sw.got = add(sw.got, seg.Amount(i))
		}
	}
	return sw, sends && !sw.sent.IsZero() && !sw.got.IsZero()
}

// txRows returns the rows r0..r1 (exclusive) of seg in r's transaction.
func txRows(seg *graph.Segment, r uint32) (r0, r1 uint32) {
	blk, tx := seg.Block[r], seg.Tx[r]
	r0, r1 = r, r+1
	for r0 > 0 && r-r0 < maxSwapScan && seg.Block[r0-1] == blk && seg.Tx[r0-1] == tx {
		r0--
	}
	n := uint32(len(seg.Block))
	for r1 < n && r1-r < maxSwapScan && seg.Block[r1] == blk && seg.Tx[r1] == tx {
		r1++
	}
	return r0, r1
}

// giveSwap attributes amt of the demanded asset, received by addr in the
// swap sw, to what addr gave for it: a demand on addr's holding of the
// asset it sent, before the swap's transaction, of amt·sent/got (floor).
func (b *back) giveSwap(addr uint32, sw backSwap, amt chain.U256, own owned, hop int, parent int32) {
	x := b.md.do(amt, sw.sent, sw.got)
	if x.IsZero() {
		return
	}
	b.demand(demand{addr: addr, asset: sw.asset, before: sw.start, amount: x, own: own, hop: hop, parent: parent})
}
