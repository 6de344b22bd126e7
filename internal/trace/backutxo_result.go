package trace

import (
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// backTraceUTXO runs a backward trace on a UTXO chain.
func backTraceUTXO(st *store.Store, q Query, labelIdx *intel.Index) (*Result, error) {
	x, err := graph.OpenUTXO(st, q.Chain)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	d, ids, names, labels, err := prepare(st, q, labelIdx)
	if err != nil {
		return nil, err
	}
	b := newBackUTXO(x, q, labels)
	b.run(ids, q.SinceBlock)
	res, err := b.result(&utxoNames{st: st, c: q.Chain, d: d, x: x}, q.Chain)
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	res.Chain, res.Policy, res.Seeds = q.Chain.Name, q.Policy.String(), names
	return res, nil
}

// result formats the sources (endpoints) and the unexplained value
// (resting, by the address where the explanation stopped).
func (b *backUTXO) result(n *utxoNames, c chain.Info) (*Result, error) {
	res := &Result{Endpoints: []Endpoint{}, Resting: []Resting{}}
	res.Stats.TransfersVisited, res.Stats.Truncated, res.Stats.Addresses = b.work, b.cut, len(b.ds)
	for addr, e := range b.ends {
		name, err := n.addr(addr)
		if err != nil {
			return nil, err
		}
		path, err := b.path(n, e)
		if err != nil {
			return nil, err
		}
		res.Endpoints = append(res.Endpoints, Endpoint{Address: name, Entity: e.svc.Entity, Category: e.svc.Category,
			Asset: c.Name, Amount: fmt.Sprint(e.amount), Hops: e.hops, FirstBlock: uint64(e.first), LastBlock: uint64(e.last), Path: path})
	}
	for addr, v := range b.rest {
		name, err := n.addr(addr)
		if err != nil {
			return nil, err
		}
		res.Resting = append(res.Resting, Resting{Address: name, Asset: c.Name, Amount: fmt.Sprint(v)})
	}
	if b.wantEdges {
		if err := utxoEdgesOut(n, &b.edges, c.Name, res); err != nil {
			return nil, err
		}
	}
	sortResult(res)
	return res, nil
}

// path lists the transactions from the source to the target, oldest
// first: the one spending the source's output, then each demand's
// creating transaction up to the target's.
func (b *backUTXO) path(n *utxoNames, e *uend) ([]string, error) {
	txs := []uint32{e.tx}
	for p := e.parent; p >= 0 && len(txs) <= b.maxHops+1; p = b.ds[p].parent {
		si, l := b.x.OutSeg(b.ds[p].out)
		if si < 0 {
			break
		}
		if t := b.x.Segs[si].TxBase + b.x.Segs[si].TxOfOut(l); t != txs[len(txs)-1] {
			txs = append(txs, t)
		}
	}
	out := make([]string, 0, len(txs))
	for _, t := range txs {
		h, err := n.tx(t)
		if err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, nil
}
