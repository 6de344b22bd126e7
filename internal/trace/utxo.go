package trace

import (
	"fmt"

	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// traceUTXO runs a forward trace on a UTXO chain over its graph index (see
// docs/tracing.md, "UTXO chains"): taint lives on outputs and moves
// through transactions, visited in chain order from a min-heap of the
// transactions that spend tainted outputs.
func traceUTXO(st *store.Store, q Query, labelIdx *intel.Index) (*Result, error) {
	_, res, err := runUTXO(st, q, labelIdx)
	return res, err
}

// runUTXO is traceUTXO, also returning the finished trace (its totals).
func runUTXO(st *store.Store, q Query, labelIdx *intel.Index) (*utxoTrace, *Result, error) {
	x, err := graph.OpenUTXO(st, q.Chain)
	if err != nil {
		return nil, nil, err
	}
	defer x.Close()
	d, ids, names, labels, err := prepare(st, q, labelIdx)
	if err != nil {
		return nil, nil, err
	}
	u := newUTXOTrace(x, q, labels, ids)
	u.run()
	res, err := u.result(&utxoNames{st: st, c: q.Chain, d: d, x: x})
	if err != nil {
		return nil, nil, fmt.Errorf("trace: %w", err)
	}
	res.Chain, res.Policy, res.Seeds = q.Chain.Name, q.Policy.String(), names
	return u, res, nil
}

// utxoTrace is one forward trace over a UTXO index. Per-address state is
// kept in flat slices reached through open-addressing maps.
type utxoTrace struct {
	x       *graph.UTXOIndex
	p       Policy
	since   uint64
	maxHops int
	labels  *Labels
	seeds   []uint32
	kinds   oaMap[uint32, uint32] // seeds and labeled addresses: kind bits
	taint   taintTable            // tainted outputs not yet spent (or kept at max hops)
	queue   txQueue
	cur     uint32                // transaction being processed
	nodeIx  oaMap[uint32, uint32] // address -> index in nodes
	nodes   []utxoNode
	depIx   oaMap[uint32, uint32] // address -> 0 (not a deposit address) or index+1 in deps
	deps    []utxoDeposit
	endIx   oaMap[uint32, uint32] // address -> index in ends
	ends    []utxoEnd
	edges   oaMap[uint64, uint64] // from<<32 | to -> taint
	// wantEdges: Query.Edges (format the subgraph in the result)
	wantEdges bool
	visited   int64
	// Totals: taint the seeds sent, taint paid as fees, taint that came
	// back to a seed (dropped: the seed's outputs are tainted anyway).
	seeded, fees, returned uint64
	inV, inT, outT         []uint64 // scratch for one transaction
	dep                    depositScratch
}

// Address kinds (bits of utxoTrace.kinds).
const (
	kindSeed     = 1 << iota
	kindLabeled  // any label
	kindStop     // a service label: a trace ends there
	kindExchange // an exchange label
)

// utxoNode is an address that received taint: its hop and the first
// transaction (and sender) that brought taint.
type utxoNode struct {
	hop         int
	via, parent uint32
}

// utxoEnd accumulates one endpoint.
type utxoEnd struct {
	addr        uint32
	svc         Service
	wallet      uint32 // deposit addresses: the exchange wallet; else 0
	amount      uint64
	hops        int
	first, last uint64
	via, parent uint32 // first tainted arrival: transaction and sender
}

func newUTXOTrace(x *graph.UTXOIndex, q Query, labels *Labels, seeds []uint32) *utxoTrace {
	u := &utxoTrace{x: x, p: q.Policy, since: q.SinceBlock, maxHops: q.MaxHops, labels: labels, cur: graph.NoRow, wantEdges: q.Edges}
	if u.maxHops <= 0 {
		u.maxHops = DefaultMaxHops
	}
	for id, svc := range labels.byID {
		k := uint32(kindLabeled)
		if svc.Stop {
			k |= kindStop
		}
		if svc.Category == string(intel.Exchange) {
			k |= kindExchange
		}
		u.kinds.put(id, k)
	}
	for _, s := range seeds {
		if k, _ := u.kinds.get(s); k&kindSeed == 0 {
			u.kinds.put(s, k|kindSeed)
			u.seeds = append(u.seeds, s)
		}
	}
	return u
}

// kind returns the kind bits of address a.
func (u *utxoTrace) kind(a uint32) uint32 {
	k, _ := u.kinds.get(a)
	return k
}

// node returns the state of address a, or nil.
func (u *utxoTrace) node(a uint32) *utxoNode {
	if i, ok := u.nodeIx.get(a); ok {
		return &u.nodes[i]
	}
	return nil
}

// run taints the seeds' outputs spent at or after the since block, then
// processes the spending transactions in chain order.
func (u *utxoTrace) run() {
	var buf []uint32
	for _, s := range u.seeds {
		buf = u.x.Outputs(s, buf[:0])
		u.visited += int64(len(buf))
		for _, o := range buf {
			sp := u.x.SpentBy(o)
			blk, _, ok := u.x.TxLoc(sp)
			_, v, _ := u.x.Output(o)
			if !ok || blk < u.since || v == 0 {
				continue
			}
			u.taint.add(o, v)
			u.seeded += v
			u.queue.push(sp)
		}
	}
	last := graph.NoRow
	for len(u.queue) > 0 {
		t := u.queue.pop()
		if t == last {
			continue
		}
		last, u.cur = t, t
		u.transaction(t)
	}
}

// transaction moves the taint of t's inputs to its outputs and fee.
func (u *utxoTrace) transaction(t uint32) {
	s, l := u.x.TxSeg(t)
	if s == nil {
		return
	}
	in, ti, arr := u.inputs(s, l)
	if ti == 0 {
		return
	}
	arr.tx, arr.blk = t, uint64(s.TxBlock[l])
	o0, o1 := s.TxOut[l], s.TxOut[l+1]
	outV := s.OutValue[o0:o1]
	if cap(u.outT) < len(outV) {
		u.outT = make([]uint64, 2*len(outV))
	}
	u.outT = u.outT[:len(outV)]
	switch u.p {
	case Poison:
		u.fees += splitPoison(outV, in, u.outT)
	case FIFO:
		u.fees += splitFIFO(u.inV, u.inT, outV, u.outT)
	default:
		u.fees += splitHaircut(outV, in, ti, u.outT)
	}
	u.visited += int64(len(outV)) + int64(len(u.inV))
	for k, tk := range u.outT {
		if tk > 0 {
			u.deliver(s.OutBase+o0+uint32(k), s.OutAddr[o0+uint32(k)], tk, arr)
		}
	}
}

// inputs takes the taint of local transaction l's inputs (values and
// taints into u.inV and u.inT) and returns their total value, their taint
// and the sender: the tainted input address nearest a seed.
func (u *utxoTrace) inputs(s *graph.UTXOSegment, l uint32) (in, ti uint64, arr utxoArrival) {
	u.inV, u.inT = u.inV[:0], u.inT[:0]
	arr.from = graph.NoRow
	hop := 0
	for i := s.TxIn[l]; i < s.TxIn[l+1]; i++ {
		v := s.InValue[i]
		tv, a, h := u.take(s.InSpends[i])
		if tv > 0 && (arr.from == graph.NoRow || h < hop) {
			arr.from, hop = a, h
		}
		in, ti = in+v, ti+tv
		u.inV, u.inT = append(u.inV, v), append(u.inT, tv)
	}
	arr.hop = hop + 1
	return in, ti, arr
}

// take consumes the taint of global output row o spent by the current
// transaction; it returns the taint, the output's address and its hop.
// Taint of an address at max hops stays (resting).
func (u *utxoTrace) take(o uint32) (uint64, uint32, int) {
	if o == graph.NoRow {
		return 0, 0, 0
	}
	tv, ok := u.taint.get(o)
	if !ok {
		return 0, 0, 0
	}
	a, _, _ := u.x.Output(o)
	h := 0
	if u.kind(a)&kindSeed == 0 {
		if n := u.node(a); n != nil {
			h = n.hop
		}
		if h >= u.maxHops {
			return 0, a, h
		}
	}
	u.taint.del(o)
	return tv, a, h
}

// utxoArrival is what a transaction's outputs have in common.
type utxoArrival struct {
	tx   uint32
	blk  uint64
	from uint32 // sender: the tainted input address nearest a seed
	hop  int
}

// deliver gives taint t to output o paid to address to.
func (u *utxoTrace) deliver(o, to uint32, t uint64, a utxoArrival) {
	k := u.kind(to)
	if k&kindSeed != 0 {
		u.returned += t
		return
	}
	u.edges.add(uint64(a.from)<<32|uint64(to), t)
	if k&kindStop != 0 {
		svc, _ := u.labels.Of(to)
		u.endpoint(to, t, svc, 0, a)
		return
	}
	n := u.node(to)
	if n == nil {
		if k&kindLabeled == 0 {
			if d := u.depositOf(to); d.wallet != 0 {
				u.endpoint(to, t, d.svc, d.wallet, a)
				return
			}
		}
		u.nodeIx.put(to, uint32(len(u.nodes)))
		u.nodes = append(u.nodes, utxoNode{hop: a.hop, via: a.tx, parent: a.from})
		n = &u.nodes[len(u.nodes)-1]
	}
	n.hop = min(n.hop, a.hop)
	u.taint.add(o, t)
	if sp := u.x.SpentBy(o); sp != graph.NoRow && sp > u.cur {
		u.queue.push(sp)
	}
}

// endpoint adds taint t arriving at addr (a service, or a deposit address
// of svc forwarding to wallet).
func (u *utxoTrace) endpoint(addr uint32, t uint64, svc Service, wallet uint32, a utxoArrival) {
	i, ok := u.endIx.get(addr)
	if !ok {
		i = uint32(len(u.ends))
		u.endIx.put(addr, i)
		u.ends = append(u.ends, utxoEnd{addr: addr, svc: svc, wallet: wallet, hops: a.hop, first: a.blk, via: a.tx, parent: a.from})
	}
	e := &u.ends[i]
	e.amount += t
	e.hops = min(e.hops, a.hop)
	e.last = a.blk
}
