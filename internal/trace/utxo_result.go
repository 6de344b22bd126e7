package trace

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/store"
)

// utxoNames turns address IDs and transaction numbers into strings,
// caching both.
type utxoNames struct {
	st     *store.Store
	c      chain.Info
	d      *store.Dict
	x      *graph.UTXOIndex
	addrs  map[uint32]string
	hashes map[uint32]string
}

func (n *utxoNames) addr(id uint32) (string, error) {
	if s, ok := n.addrs[id]; ok {
		return s, nil
	}
	s, err := store.AddressName(n.c, n.d, chain.AddrID(id))
	if err != nil {
		return "", err
	}
	if n.addrs == nil {
		n.addrs = map[uint32]string{}
	}
	n.addrs[id] = s
	return s, nil
}

// tx returns the hash of global transaction t (hex, as `vigil tx` prints
// UTXO hashes), read from its block record.
func (n *utxoNames) tx(t uint32) (string, error) {
	if h, ok := n.hashes[t]; ok {
		return h, nil
	}
	blk, pos, ok := n.x.TxLoc(t)
	if !ok {
		return "", fmt.Errorf("transaction %d not in the index", t)
	}
	h := ""
	err := n.st.ScanUTXO(n.c, blk, blk, func(b *store.UTXOBlockView) error {
		for i := range b.Txs {
			if b.Txs[i].Index == pos {
				h = b.Txs[i].Hash.Hex()
			}
		}
		return nil
	})
	if err == nil && h == "" {
		err = fmt.Errorf("block %d has no transaction %d", blk, pos)
	}
	if err != nil {
		return "", err
	}
	if n.hashes == nil {
		n.hashes = map[uint32]string{}
	}
	n.hashes[t] = h
	return h, nil
}

// result assembles the contract's answer.
func (u *utxoTrace) result(n *utxoNames) (*Result, error) {
	asset := u.x.Chain.Name
	res := &Result{Endpoints: []Endpoint{}, Resting: []Resting{}}
	for addr, e := range u.ends {
		ep, err := u.endpointOut(n, addr, e)
		if err != nil {
			return nil, err
		}
		res.Endpoints = append(res.Endpoints, ep)
	}
	rest := map[uint32]uint64{}
	u.taint.each(func(o uint32, v uint64) {
		if a, _, _ := u.x.Output(o); v > 0 && !u.seeds[a] {
			rest[a] += v
		}
	})
	for a, v := range rest {
		name, err := n.addr(a)
		if err != nil {
			return nil, err
		}
		res.Resting = append(res.Resting, Resting{Address: name, Asset: asset, Amount: strconv.FormatUint(v, 10)})
	}
	for k, v := range u.edges {
		from, err := n.addr(k[0])
		if err != nil {
			return nil, err
		}
		to, err := n.addr(k[1])
		if err != nil {
			return nil, err
		}
		res.Edges = append(res.Edges, Edge{From: from, To: to, Asset: asset, Amount: strconv.FormatUint(v, 10)})
	}
	res.Stats = Stats{TransfersVisited: u.visited, Addresses: len(u.nodes),
		Fees: []Amount{{Asset: asset, Amount: strconv.FormatUint(u.fees, 10)}}}
	sortUTXOResult(res)
	return res, nil
}

func (u *utxoTrace) endpointOut(n *utxoNames, addr uint32, e *utxoEnd) (Endpoint, error) {
	name, err := n.addr(addr)
	if err != nil {
		return Endpoint{}, err
	}
	ep := Endpoint{Address: name, Entity: e.svc.Entity, Category: e.svc.Category, Asset: u.x.Chain.Name,
		Amount: strconv.FormatUint(e.amount, 10), Hops: e.hops, FirstBlock: e.first, LastBlock: e.last}
	if e.wallet != 0 {
		w, err := n.addr(e.wallet)
		if err != nil {
			return Endpoint{}, err
		}
		ep.DepositFor = &w
	}
	ep.Path, err = u.path(n, e.via, e.parent)
	return ep, err
}

// path returns the transaction hashes from a seed to the arrival by
// transaction via from parent, following each address's first taint.
func (u *utxoTrace) path(n *utxoNames, via, parent uint32) ([]string, error) {
	txs := []uint32{via}
	for p := parent; !u.seeds[p] && len(txs) <= len(u.nodes); {
		nd := u.nodes[p]
		if nd == nil {
			break
		}
		txs = append(txs, nd.via)
		p = nd.parent
	}
	out := make([]string, len(txs))
	for i, t := range txs {
		h, err := n.tx(t)
		if err != nil {
			return nil, err
		}
		out[len(txs)-1-i] = h
	}
	return out, nil
}

// sortUTXOResult orders endpoints and resting by amount (largest first),
// then address; edges by from and to.
func sortUTXOResult(res *Result) {
	byAmount := func(a1, a2, x, y string) int {
		if len(a1) != len(a2) {
			return len(a2) - len(a1)
		}
		if c := strings.Compare(a2, a1); c != 0 {
			return c
		}
		return strings.Compare(x, y)
	}
	slices.SortFunc(res.Endpoints, func(x, y Endpoint) int { return byAmount(x.Amount, y.Amount, x.Address, y.Address) })
	slices.SortFunc(res.Resting, func(x, y Resting) int { return byAmount(x.Amount, y.Amount, x.Address, y.Address) })
	slices.SortFunc(res.Edges, func(x, y Edge) int {
		if c := strings.Compare(x.From, y.From); c != 0 {
			return c
		}
		return strings.Compare(x.To, y.To)
	})
}
