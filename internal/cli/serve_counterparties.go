package cli

import (
	"cmp"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/store"
)

// counterpartiesJSON is the answer of GET
// /v1/addresses/{chain}/{address}/counterparties: whom an address sent to
// and received from, per counterparty and asset, with their labels.
type counterpartiesJSON struct {
	Chain    string         `json:"chain"`
	Address  string         `json:"address"`
	Sent     []counterparty `json:"sent"`
	Received []counterparty `json:"received"`
	// SentTotal and ReceivedTotal count the counterparty-asset pairs
	// before the limit.
	SentTotal     int `json:"sent_total"`
	ReceivedTotal int `json:"received_total"`
}

// counterparty is the moves between the address and one other address in
// one asset.
type counterparty struct {
	Address    string `json:"address"`
	Asset      string `json:"asset"`
	Amount     string `json:"amount"`
	Count      int    `json:"count"`
	FirstBlock uint32 `json:"first_block"`
	LastBlock  uint32 `json:"last_block"`
	Entity     string `json:"entity,omitempty"`
	Category   string `json:"category,omitempty"`
}

// flow accumulates the moves to or from one counterparty in one asset.
type flow struct {
	addr, asset  uint32
	sum          chain.Sum
	count        int
	first, last  uint32
	amountString string
}

// Counterparties lists the counterparties of addr, the most frequent
// first (at most limit per direction). An address with no moves has none.
// On UTXO chains value is attributed as a one-hop trace does (see
// utxoFlows).
func (b *backend) Counterparties(c chain.Info, addr string, limit int) (any, error) {
	canon, err := chain.NormalizeAddress(c, addr)
	if err != nil {
		return nil, usagef("%v", err)
	}
	out := counterpartiesJSON{Chain: c.Name, Address: canon, Sent: []counterparty{}, Received: []counterparty{}}
	b.traceMu.Lock() // opening the index may update its files
	defer b.traceMu.Unlock()
	d, err := b.st.Addresses(c)
	if err != nil {
		return nil, err
	}
	key, err := store.AddressKey(c, canon)
	if err != nil {
		return nil, usagef("%v", err)
	}
	id, ok, err := d.Lookup(key)
	if err != nil || !ok {
		return out, err
	}
	var sent, recv []*flow
	if c.Kind == chain.UTXO {
		ux, err := graph.OpenUTXO(b.st, c)
		if err != nil {
			return nil, err
		}
		defer ux.Close()
		sent, recv = utxoFlows(ux, id)
	} else {
		x, err := graph.Open(b.st, c)
		if err != nil {
			return nil, err
		}
		defer x.Close()
		sent, recv = flows(x, id)
	}
	out.SentTotal, out.ReceivedTotal = len(sent), len(recv)
	if out.Sent, err = b.named(c, d, sent, limit); err != nil {
		return nil, err
	}
	if out.Received, err = b.named(c, d, recv, limit); err != nil {
		return nil, err
	}
	return out, nil
}

// flows aggregates the rows sent and received by id, per counterparty
// and asset.
func flows(x *graph.Index, id uint32) (sent, recv []*flow) {
	addOut, addIn := adder(&sent), adder(&recv)
	for _, s := range x.Segs {
		for _, r := range s.Out(id) {
			addOut(s.To[r], s.Asset[r], s.Block[r], s.Amount(r))
		}
		for _, r := range s.In(id) {
			addIn(s.From[r], s.Asset[r], s.Block[r], s.Amount(r))
		}
	}
	return sent, recv
}

// flowAdder adds a move of v at block with counterparty other in asset.
type flowAdder func(other, asset, block uint32, v chain.U256)

// adder returns a flowAdder that sums per counterparty and asset,
// appending each new flow to list.
func adder(list *[]*flow) flowAdder {
	m := map[[2]uint32]*flow{}
	return func(other, asset, block uint32, v chain.U256) {
		k := [2]uint32{other, asset}
		f := m[k]
		if f == nil {
			f = &flow{addr: other, asset: asset, first: block, last: block}
			m[k] = f
			*list = append(*list, f)
		}
		f.sum.Add(v)
		f.count++
		f.first, f.last = min(f.first, block), max(f.last, block)
	}
}

// named sorts flows (most moves first, then largest), keeps limit and
// resolves addresses, assets and labels.
func (b *backend) named(c chain.Info, d *store.Dict, fs []*flow, limit int) ([]counterparty, error) {
	for _, f := range fs {
		f.amountString = f.sum.Big().String()
	}
	slices.SortFunc(fs, func(x, y *flow) int {
		if n := cmp.Compare(y.count, x.count); n != 0 {
			return n
		}
		if n := cmp.Compare(len(y.amountString), len(x.amountString)); n != 0 {
			return n
		}
		return cmp.Compare(y.amountString, x.amountString)
	})
	fs = fs[:min(len(fs), limit)]
	tokens, err := b.st.Tokens(c)
	if err != nil {
		return nil, err
	}
	out := make([]counterparty, 0, len(fs))
	for _, f := range fs {
		name, err := store.AddressName(c, d, chain.AddrID(f.addr))
		if err != nil {
			return nil, err
		}
		asset, err := store.AssetName(c, tokens, f.asset)
		if err != nil {
			return nil, err
		}
		cp := counterparty{Address: name, Asset: asset, Amount: f.amountString, Count: f.count, FirstBlock: f.first, LastBlock: f.last}
		if ls := b.labels[c.Name+"\x00"+name]; len(ls) > 0 {
			cp.Entity, cp.Category = ls[0].Entity, ls[0].Category
		}
		out = append(out, cp)
	}
	return out, nil
}
