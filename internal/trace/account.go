package trace

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
)

// acct is one forward trace over an account-chain index.
type acct struct {
	x       *graph.Index
	p       Policy
	since   uint64
	maxHops int
	labels  *Labels
	seeds   map[uint32]bool
	hot     []uint64 // bitset: seeds and nodes
	nodes   map[uint32]*node
	deposit map[uint32]depositOf
	ends    map[endKey]*end
	edges   map[edgeKey]chain.U256
	md      muldiv
	visited int64
	g       group // scratch for one transaction
	// wantEdges: Query.Edges (format the subgraph in the result)
	wantEdges bool
	// trackOwn: carry with the taint what it accounts for of the seeds'
	// own sent value (haircut only; see own.go)
	trackOwn bool
}

// endKey identifies an endpoint.
type endKey struct{ addr, asset uint32 }

// end accumulates one endpoint.
type end struct {
	svc         Service
	depositFor  uint32 // 0 unless a deposit address
	amount      chain.U256
	hops        int
	first, last uint32
	via, parent uint32       // first tainted arrival: global row and sender
	own         []AssetTotal // forward with trackOwn: the seeds' sent value it accounts for
}

type edgeKey struct{ from, to, asset uint32 }

// newAcct prepares a trace of x from seeds (address IDs).
func newAcct(x *graph.Index, q Query, labels *Labels, seeds []uint32) *acct {
	n := uint32(1)
	for _, s := range x.Segs {
		n = max(n, s.NAddr)
	}
	a := &acct{x: x, p: q.Policy, since: q.SinceBlock, maxHops: q.MaxHops, labels: labels,
		seeds: map[uint32]bool{}, hot: make([]uint64, (n+63)/64+1), nodes: map[uint32]*node{},
		deposit: map[uint32]depositOf{}, ends: map[endKey]*end{}, edges: map[edgeKey]chain.U256{}}
	if a.maxHops <= 0 {
		a.maxHops = DefaultMaxHops
	}
	a.wantEdges = q.Edges
	for _, s := range seeds {
		a.seeds[s] = true
		a.setHot(s)
	}
	return a
}

func (a *acct) setHot(id uint32) {
	if w := int(id >> 6); w < len(a.hot) {
		a.hot[w] |= 1 << (id & 63)
	}
}

func (a *acct) isHot(id uint32) bool { return a.hot[id>>6]&(1<<(id&63)) != 0 }

// run scans the index in chain order from the since block.
func (a *acct) run() {
	for si, seg := range a.x.Segs {
		if seg.Len() == 0 || uint64(seg.Block[seg.Len()-1]) < a.since {
			continue
		}
		base := a.x.Base[si]
		from, to := seg.From, seg.To
		n := seg.Len()
		for r := seg.FirstRowAt(a.since); r < n; r++ {
			f, t := from[r], to[r]
			if a.hot[f>>6]&(1<<(f&63)) == 0 && a.hot[t>>6]&(1<<(t&63)) == 0 {
				continue
			}
			end := groupEnd(seg, r)
			a.transaction(seg, base, r, end)
			r = end - 1
		}
		a.visited += int64(n - seg.FirstRowAt(a.since))
	}
}

// groupEnd returns the end of the transaction that row r belongs to (rows
// outside transactions are groups of one).
func groupEnd(seg *graph.Segment, r int) int {
	blk, tx := seg.Block[r], seg.Tx[r]
	e := r + 1
	if tx == graph.NoTx {
		return e
	}
	for e < seg.Len() && seg.Tx[e] == tx && seg.Block[e] == blk {
		e++
	}
	return e
}
