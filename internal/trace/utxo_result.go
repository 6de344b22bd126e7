package trace

import (
	"cmp"
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
	ix     oaMap[uint32, uint32] // address ID -> index in names
	names  []string
	blocks map[uint64]blockHashes
	txIx   oaMap[uint32, uint32] // transaction -> index in txs
	txs    []string
}

// addr returns the display form of address id.
func (n *utxoNames) addr(id uint32) (string, error) {
	if i, ok := n.ix.get(id); ok {
		return n.names[i], nil
	}
	s, err := store.AddressName(n.c, n.d, chain.AddrID(id))
	if err != nil {
		return "", err
	}
	n.ix.put(id, uint32(len(n.names)))
	n.names = append(n.names, s)
	return s, nil
}

// tx returns the hash of global transaction t (hex, as `vigil tx` prints
// UTXO hashes) from its block's hash list; every list read is kept, as
// paths share blocks.
func (n *utxoNames) tx(t uint32) (string, error) {
	if i, ok := n.txIx.get(t); ok {
		return n.txs[i], nil
	}
	blk, pos, ok := n.x.TxLoc(t)
	if !ok {
		return "", fmt.Errorf("transaction %d not in the index", t)
	}
	b, ok := n.blocks[blk]
	if !ok {
		hs, idx, err := n.st.UTXOTxHashes(n.c, blk)
		if err != nil {
			return "", err
		}
		if n.blocks == nil {
			n.blocks = map[uint64]blockHashes{}
		}
		b = blockHashes{hs, idx}
		n.blocks[blk] = b
	}
	i, found := slices.BinarySearch(b.idx, pos)
	if !found {
		return "", fmt.Errorf("block %d has no transaction %d", blk, pos)
	}
	h := b.hashes[i].Hex()
	n.txIx.put(t, uint32(len(n.txs)))
	n.txs = append(n.txs, h)
	return h, nil
}

// blockHashes are the transaction hashes of a block and their indexes.
type blockHashes struct {
	hashes []chain.Hash
	idx    []uint32
}

// result assembles the contract's answer.
func (u *utxoTrace) result(n *utxoNames) (*Result, error) {
	asset := u.x.Chain.Name
	res := &Result{Endpoints: []Endpoint{}, Resting: []Resting{}}
	for i := range u.ends {
		ep, err := u.endpointOut(n, &u.ends[i])
		if err != nil {
			return nil, err
		}
		res.Endpoints = append(res.Endpoints, ep)
	}
	var rest oaMap[uint32, uint64]
	u.taint.each(func(o uint32, v uint64) {
		if a, _, _ := u.x.Output(o); v > 0 && u.kind(a)&kindSeed == 0 {
			rest.add(a, v)
		}
	})
	var err error
	rest.each(func(a uint32, v uint64) {
		name, e := n.addr(a)
		err = cmp.Or(err, e)
		res.Resting = append(res.Resting, Resting{Address: name, Asset: asset, Amount: strconv.FormatUint(v, 10)})
	})
	if err != nil {
		return nil, err
	}
	if u.wantEdges {
		if err := utxoEdgesOut(n, &u.edges, u.x.Chain.Name, res); err != nil {
			return nil, err
		}
	}
	res.Stats = Stats{TransfersVisited: u.visited, Addresses: len(u.nodes),
		Fees: []Amount{{Asset: asset, Amount: strconv.FormatUint(u.fees, 10)}}}
	sortUTXOResult(res)
	return res, nil
}

// utxoEdgesOut adds edges (from<<32|to -> amount) to res, ordered by
// sender and receiver ID.
func utxoEdgesOut(n *utxoNames, edges *oaMap[uint64, uint64], asset string, res *Result) error {
	keys := make([]uint64, 0, edges.len())
	edges.each(func(k, _ uint64) { keys = append(keys, k) })
	slices.Sort(keys)
	res.Edges = make([]Edge, 0, len(keys))
	var from string
	for i, k := range keys {
		if i == 0 || k>>32 != keys[i-1]>>32 {
			var err error
			if from, err = n.addr(uint32(k >> 32)); err != nil {
				return err
			}
		}
		to, err := n.addr(uint32(k))
		if err != nil {
			return err
		}
		v, _ := edges.get(k)
		res.Edges = append(res.Edges, Edge{From: from, To: to, Asset: asset, Amount: strconv.FormatUint(v, 10)})
	}
	return nil
}

func (u *utxoTrace) endpointOut(n *utxoNames, e *utxoEnd) (Endpoint, error) {
	name, err := n.addr(e.addr)
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
	for p := parent; u.kind(p)&kindSeed == 0 && len(txs) <= len(u.nodes); {
		nd := u.node(p)
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
// then address.
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
}
