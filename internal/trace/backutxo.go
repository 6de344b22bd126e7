package trace

import (
	"math/bits"

	"github.com/vigil-project/vigil/internal/graph"
)

// backUTXO is one backward (source-of-funds) trace on a UTXO chain: value
// an output received is explained by the inputs of the transaction that
// created it, in proportion to their values (see docs/tracing.md,
// Backward).
type backUTXO struct {
	x       *graph.UTXOIndex
	maxHops int
	labels  *Labels
	ds      []udemand
	queue   []int32
	key     map[uint32]int32 // output row -> pending demand
	ends    map[uint32]*uend // labeled source address -> endpoint
	rest    map[uint32]uint64
	work    int64
	cut     bool
	// Query.Edges: value attributed per (input address, output address),
	// from<<32|to, in the direction the value moved.
	wantEdges bool
	edges     oaMap[uint64, uint64]
}

// udemand is value of output out still to be explained.
type udemand struct {
	out    uint32
	amount uint64
	hop    int
	parent int32
}

// uend accumulates one source.
type uend struct {
	svc         Service
	amount      uint64
	hops        int
	first, last uint32
	tx          uint32 // transaction spending the source's output
	parent      int32  // demand that transaction explained
}

func newBackUTXO(x *graph.UTXOIndex, q Query, labels *Labels) *backUTXO {
	return &backUTXO{x: x, maxHops: q.MaxHops, labels: labels, key: map[uint32]int32{},
		ends: map[uint32]*uend{}, rest: map[uint32]uint64{}, wantEdges: q.Edges}
}

// run explains every output paid to the targets in transactions at or
// after since.
func (b *backUTXO) run(targets []uint32, since uint64) {
	for _, a := range targets {
		for _, s := range b.x.Segs {
			for _, l := range s.Outs(a) {
				t := s.TxOfOut(l)
				if uint64(s.TxBlock[t]) >= since {
					b.push(s.OutBase+l, s.OutValue[l], 1, -1)
				}
			}
		}
	}
	for len(b.queue) > 0 {
		i := b.queue[0]
		b.queue = b.queue[1:]
		b.expand(i)
	}
}

func (b *backUTXO) push(out uint32, amt uint64, hop int, parent int32) {
	if amt == 0 {
		return
	}
	if i, ok := b.key[out]; ok {
		b.ds[i].amount += amt
		return
	}
	b.ds = append(b.ds, udemand{out: out, amount: amt, hop: hop, parent: parent})
	b.key[out] = int32(len(b.ds) - 1)
	b.queue = append(b.queue, int32(len(b.ds)-1))
}

// expand spreads demand i over the inputs of the transaction that created
// its output (cumulative rounding keeps the total exact).
func (b *backUTXO) expand(i int32) {
	d := b.ds[i]
	delete(b.key, d.out)
	si, l := b.x.OutSeg(d.out)
	if si < 0 {
		return
	}
	s := b.x.Segs[si]
	t := s.TxOfOut(l)
	lo, hi := s.TxIn[t], s.TxIn[t+1]
	var in uint64
	for k := lo; k < hi; k++ {
		in += s.InValue[k]
	}
	b.work += int64(hi - lo)
	want := d.amount
	if want > in {
		b.rest[s.OutAddr[l]] += want - in // coinbase, or inputs the data does not value
		want = in
	}
	if want == 0 {
		return
	}
	if b.work > MaxBackwardWork {
		b.cut = true
		b.rest[s.OutAddr[l]] += want
		return
	}
	var cum, given uint64
	for k := lo; k < hi; k++ {
		cum += s.InValue[k]
		h, lw := bits.Mul64(cum, want)
		upto, _ := bits.Div64(h, lw, in)
		if b.wantEdges && upto > given {
			b.edges.add(uint64(s.InAddr[k])<<32|uint64(s.OutAddr[l]), upto-given)
		}
		b.source(s, k, s.TxBase+t, upto-given, d.hop, i)
		given = upto
	}
}

// source attributes amt to input k of transaction tx (global): the
// spent output's address is a source when labeled, else a new demand.
func (b *backUTXO) source(s *graph.UTXOSegment, k, tx uint32, amt uint64, hop int, parent int32) {
	if amt == 0 {
		return
	}
	addr := s.InAddr[k]
	if svc, ok := b.labels.Of(addr); ok {
		e := b.ends[addr]
		blk := s.TxBlock[tx-s.TxBase]
		if e == nil {
			e = &uend{svc: svc, hops: hop, first: blk, last: blk, tx: tx, parent: parent}
			b.ends[addr] = e
		}
		e.amount += amt
		e.hops, e.first, e.last = min(e.hops, hop), min(e.first, blk), max(e.last, blk)
		return
	}
	if s.InSpends[k] == graph.NoRow || hop >= b.maxHops {
		b.rest[addr] += amt
		return
	}
	b.push(s.InSpends[k], amt, hop+1, parent)
}
