package trace

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
)

// Flow is one endpoint of a trace from a single address, by IDs and
// without evidence paths: forward, taint of the address's sent value
// arriving at Addr; backward, value the address received that came from
// the labeled source Addr.
type Flow struct {
	Addr    uint32     // endpoint (or source) address ID
	Asset   uint32     // asset ID (0: the native coin)
	Amount  chain.U256 // base units
	Hops    int        // smallest hop count
	Service Service    // what the labels say of Addr (deposit addresses: their exchange)
	Deposit bool       // Addr is an exchange deposit address (unlabeled)
	// Own is what the flow accounts for of the traced address's own value,
	// per asset of the traced address: backward (Flows) its received
	// value, forward (SentFlows, haircut) its sent value. It differs from
	// Asset and Amount when the value went through a swap (heist tokens
	// swapped to ETH, then received; ETH sent, swapped to tokens, then
	// deposited). Set on account chains only.
	Own []AssetTotal
}

// Flows traces forward (q.Backward false) or backward from the address
// with ID id and returns the endpoints, unformatted. q.Seeds is ignored;
// q.MaxHops 0 means DefaultMaxHops. labels may be nil. It is safe to call
// from several goroutines.
func (s *Session) Flows(id uint32, q Query, labels *Labels) ([]Flow, error) {
	if s.x == nil && s.ux == nil {
		return nil, ErrClosed
	}
	if q.MaxHops <= 0 {
		q.MaxHops = DefaultMaxHops
	}
	if labels == nil {
		labels = NewLabels(nil)
	}
	ids := []uint32{id}
	if s.ux != nil {
		return s.utxoFlows(q, labels, ids), nil
	}
	if q.Backward {
		b := newBack(s.x, q, labels, ids)
		b.run(q.SinceBlock)
		return b.flows(), nil
	}
	q.SinceBlock = max(q.SinceBlock, firstOutBlock(s.x, id))
	a := newAcct(s.x, q, labels, ids)
	a.run()
	return acctFlows(a.ends), nil
}

// firstOutBlock returns the block of id's first outgoing move (nothing
// leaves id before it, so a forward trace may start there).
func firstOutBlock(x *graph.Index, id uint32) uint64 {
	for _, seg := range x.Segs {
		if rows := seg.Out(id); len(rows) > 0 {
			return uint64(seg.Block[rows[0]])
		}
	}
	return 0
}

func acctFlows(ends map[endKey]*end) []Flow {
	out := make([]Flow, 0, len(ends))
	for k, e := range ends {
		out = append(out, Flow{Addr: k.addr, Asset: k.asset, Amount: e.amount, Hops: e.hops,
			Service: e.svc, Deposit: e.depositFor != 0})
	}
	return out
}

// flows lists the sources of a backward trace with what each explains of
// the target's own received value.
func (b *back) flows() []Flow {
	out := acctFlows(b.ends)
	at := make(map[endKey]int, len(out))
	for i, f := range out {
		at[endKey{f.Addr, f.Asset}] = i
	}
	for k, v := range b.owns {
		i := at[endKey{k.addr, k.asset}]
		out[i].Own = addTotal(out[i].Own, k.own, v)
	}
	return out
}

// utxoFlows runs a UTXO trace (native coin only) and lists its endpoints.
func (s *Session) utxoFlows(q Query, labels *Labels, ids []uint32) []Flow {
	if q.Backward {
		b := newBackUTXO(s.ux, q, labels)
		b.run(ids, q.SinceBlock)
		out := make([]Flow, 0, len(b.ends))
		for a, e := range b.ends {
			out = append(out, Flow{Addr: a, Amount: chain.U64(e.amount), Hops: e.hops, Service: e.svc})
		}
		return out
	}
	u := newUTXOTrace(s.ux, q, labels, ids)
	u.run()
	out := make([]Flow, 0, len(u.ends))
	for i := range u.ends {
		e := &u.ends[i]
		out = append(out, Flow{Addr: e.addr, Amount: chain.U64(e.amount), Hops: e.hops, Service: e.svc, Deposit: e.wallet != 0})
	}
	return out
}

// AssetTotal is an amount of one asset (by ID).
type AssetTotal struct {
	Asset  uint32
	Amount chain.U256
}

// Totals returns what address id received and sent in the indexed data,
// per asset (ascending asset ID). On UTXO chains received is the value of
// the outputs paid to id and sent the value of those of them spent.
func (s *Session) Totals(id uint32) (received, sent []AssetTotal) {
	if s.ux != nil {
		return s.utxoTotals(id)
	}
	if s.x == nil {
		return nil, nil
	}
	for _, seg := range s.x.Segs {
		for _, r := range seg.In(id) {
			received = addTotal(received, seg.Asset[r], seg.Amount(r))
		}
		for _, r := range seg.Out(id) {
			sent = addTotal(sent, seg.Asset[r], seg.Amount(r))
		}
	}
	return received, sent
}

func (s *Session) utxoTotals(id uint32) (received, sent []AssetTotal) {
	var in, out uint64
	for _, o := range s.ux.Outputs(id, nil) {
		_, v, _ := s.ux.Output(o)
		in += v
		if s.ux.SpentBy(o) != graph.NoRow {
			out += v
		}
	}
	if in > 0 {
		received = []AssetTotal{{0, chain.U64(in)}}
	}
	if out > 0 {
		sent = []AssetTotal{{0, chain.U64(out)}}
	}
	return received, sent
}

// addTotal adds amt of asset to ts, keeping ts sorted by asset.
func addTotal(ts []AssetTotal, asset uint32, amt chain.U256) []AssetTotal {
	for i := range ts {
		if ts[i].Asset == asset {
			ts[i].Amount = add(ts[i].Amount, amt)
			return ts
		}
		if ts[i].Asset > asset {
			ts = append(ts, AssetTotal{})
			copy(ts[i+1:], ts[i:])
			ts[i] = AssetTotal{asset, amt}
			return ts
		}
	}
	return append(ts, AssetTotal{asset, amt})
}
