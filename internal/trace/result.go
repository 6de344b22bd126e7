package trace

import (
	"slices"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/store"
)

// resolver turns IDs and rows into the strings of a Result.
type resolver struct {
	st     *store.Store
	c      chain.Info
	d      *store.Dict
	tokens *store.Dict
	x      *graph.Index
	hashes map[uint32]string // global row -> tx hash
}

func (r *resolver) addr(id uint32) (string, error) {
	return store.AddressName(r.c, r.d, chain.AddrID(id))
}

func (r *resolver) asset(id uint32) (string, error) { return store.AssetName(r.c, r.tokens, id) }

// txOf returns the hash of the transaction of global row gr ("" outside
// transactions).
func (r *resolver) txOf(gr uint32) (string, error) {
	if h, ok := r.hashes[gr]; ok {
		return h, nil
	}
	seg, lr := r.x.Seg(gr)
	if seg.Tx[lr] == graph.NoTx {
		return "", nil
	}
	h, err := r.st.TxHashAt(r.c, uint64(seg.Block[lr]), seg.Tx[lr])
	if err != nil {
		return "", err
	}
	s := h.String()
	if r.c.Kind == chain.UTXO {
		s = h.Hex()
	}
	r.hashes[gr] = s
	return s, nil
}

// result builds the contract result of a finished trace.
func (a *acct) result(r *resolver) (*Result, error) {
	res := &Result{Endpoints: []Endpoint{}, Resting: []Resting{}}
	res.Stats.TransfersVisited = a.visited
	res.Stats.Addresses = len(a.nodes)
	for k, e := range a.ends {
		ep, err := a.endpointOut(r, k, e)
		if err != nil {
			return nil, err
		}
		res.Endpoints = append(res.Endpoints, ep)
	}
	for id, n := range a.nodes {
		for i := range n.holdings {
			h := &n.holdings[i]
			t := h.tainted(a.p)
			if n.hop >= a.maxHops {
				t = h.taint
			}
			if t.IsZero() {
				continue
			}
			addr, err := r.addr(id)
			if err != nil {
				return nil, err
			}
			asset, err := r.asset(h.asset)
			if err != nil {
				return nil, err
			}
			res.Resting = append(res.Resting, Resting{Address: addr, Asset: asset, Amount: t.String()})
		}
	}
	if a.wantEdges {
		if err := edgesOut(r, a.edges, res); err != nil {
			return nil, err
		}
	}
	sortResult(res)
	return res, nil
}

func (a *acct) endpointOut(r *resolver, k endKey, e *end) (Endpoint, error) {
	ep, err := endpointOf(r, k, e)
	if err != nil {
		return ep, err
	}
	ep.Path, err = a.path(r, e.via, e.parent)
	return ep, err
}

// endpointOf formats endpoint k without its path.
func endpointOf(r *resolver, k endKey, e *end) (Endpoint, error) {
	addr, err := r.addr(k.addr)
	if err != nil {
		return Endpoint{}, err
	}
	asset, err := r.asset(k.asset)
	if err != nil {
		return Endpoint{}, err
	}
	ep := Endpoint{Address: addr, Entity: e.svc.Entity, Category: e.svc.Category, Asset: asset,
		Amount: e.amount.String(), Hops: e.hops, FirstBlock: uint64(e.first), LastBlock: uint64(e.last)}
	if e.depositFor != 0 {
		w, err := r.addr(e.depositFor)
		if err != nil {
			return Endpoint{}, err
		}
		ep.DepositFor = &w
	}
	return ep, nil
}

// path returns the tx hashes from a seed to the arrival at global row via
// (sent by parent), oldest first.
func (a *acct) path(r *resolver, via, parent uint32) ([]string, error) {
	var rows []uint32
	rows = append(rows, via)
	for n := a.nodes[parent]; n != nil && len(rows) <= a.maxHops+1; n = a.nodes[n.parent] {
		rows = append(rows, n.via)
	}
	for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
		rows[i], rows[j] = rows[j], rows[i]
	}
	return r.txPath(rows)
}

// txPath returns the transaction hashes of rows (in order), dropping
// repeats of one transaction and moves outside transactions.
func (r *resolver) txPath(rows []uint32) ([]string, error) {
	out := make([]string, 0, len(rows))
	for _, row := range rows {
		h, err := r.txOf(row)
		if err != nil {
			return nil, err
		}
		if h != "" && (len(out) == 0 || out[len(out)-1] != h) {
			out = append(out, h)
		}
	}
	return out, nil
}

// edgesOut formats the traced subgraph edges into res.Edges.
func edgesOut(r *resolver, edges map[edgeKey]chain.U256, res *Result) error {
	for k, v := range edges {
		from, err := r.addr(k.from)
		if err != nil {
			return err
		}
		to, err := r.addr(k.to)
		if err != nil {
			return err
		}
		asset, err := r.asset(k.asset)
		if err != nil {
			return err
		}
		res.Edges = append(res.Edges, Edge{From: from, To: to, Asset: asset, Amount: v.String()})
	}
	return nil
}

// sortResult orders endpoints and resting by amount (largest first), then
// address and asset, so output is deterministic.
func sortResult(res *Result) {
	slices.SortFunc(res.Endpoints, func(x, y Endpoint) int {
		if c := cmpAmount(y.Amount, x.Amount); c != 0 {
			return c
		}
		return strings.Compare(x.Address+x.Asset, y.Address+y.Asset)
	})
	slices.SortFunc(res.Resting, func(x, y Resting) int {
		if c := cmpAmount(y.Amount, x.Amount); c != 0 {
			return c
		}
		return strings.Compare(x.Address+x.Asset, y.Address+y.Asset)
	})
	slices.SortFunc(res.Edges, func(x, y Edge) int {
		return strings.Compare(x.From+x.To+x.Asset, y.From+y.To+y.Asset)
	})
}

// cmpAmount compares decimal strings without leading zeros.
func cmpAmount(x, y string) int {
	if len(x) != len(y) {
		return len(x) - len(y)
	}
	return strings.Compare(x, y)
}
