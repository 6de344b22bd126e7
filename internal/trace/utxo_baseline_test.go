package trace

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// The naive baseline: the same semantics computed the straightforward way,
// by replaying every transaction of the store with maps keyed by outpoint
// and a struct per output (no index). It checks the engine on real data
// and is the benchmark's point of comparison.

// naiveKey names an output by the position of its transaction.
type naiveKey struct {
	tx   naiveTx
	vout uint32
}

type naiveTx struct {
	blk uint64
	pos uint32
}

type naiveOut struct {
	addr  uint32
	value uint64
}

type naiveEnd struct {
	entity, category string
	wallet           uint32
	amount           uint64
	hops             int
	first, last      uint64
}

type naiveResult struct {
	ends       map[uint32]*naiveEnd
	rest       map[uint32]uint64
	fees       uint64
	seeded     uint64
	returned   uint64
	addrsTaint int
}

type naiveTracer struct {
	q       Query
	labels  *Labels
	seeds   map[uint32]bool
	outs    map[naiveKey]naiveOut
	spender map[naiveKey]naiveTx
	txOuts  map[naiveTx][]naiveOut
	byAddr  map[uint32][]naiveKey
	taint   map[naiveKey]uint64
	hop     map[uint32]int
	deposit map[uint32]*naiveEnd
	res     naiveResult
}

// naiveTrace runs the baseline over every block of the store.
func naiveTrace(st *store.Store, q Query, labels *Labels, seeds []uint32) (naiveResult, error) {
	n := &naiveTracer{q: q, labels: labels, seeds: map[uint32]bool{}, outs: map[naiveKey]naiveOut{},
		spender: map[naiveKey]naiveTx{}, txOuts: map[naiveTx][]naiveOut{}, byAddr: map[uint32][]naiveKey{},
		taint: map[naiveKey]uint64{}, hop: map[uint32]int{}, deposit: map[uint32]*naiveEnd{},
		res: naiveResult{ends: map[uint32]*naiveEnd{}, rest: map[uint32]uint64{}}}
	if n.q.MaxHops <= 0 {
		n.q.MaxHops = DefaultMaxHops
	}
	for _, s := range seeds {
		n.seeds[s] = true
	}
	// Pass 1: outputs, who spends them, outputs per address.
	err := st.ScanUTXO(q.Chain, 0, ^uint64(0), func(b *store.UTXOBlockView) error {
		for i := range b.Txs {
			tx := &b.Txs[i]
			me := naiveTx{b.Header.Number, tx.Index}
			for _, r := range b.Refs[i] {
				if !r.External {
					n.spender[naiveKey{naiveTx{r.Block, r.TxIndex}, r.Vout}] = me
				}
			}
			for _, o := range tx.Outputs {
				k := naiveKey{me, o.Index}
				n.outs[k] = naiveOut{uint32(o.Addr), o.Value}
				n.txOuts[me] = append(n.txOuts[me], naiveOut{uint32(o.Addr), o.Value})
				n.byAddr[uint32(o.Addr)] = append(n.byAddr[uint32(o.Addr)], k)
			}
		}
		return nil
	})
	if err != nil {
		return n.res, err
	}
	// Pass 2: replay in chain order.
	err = st.ScanUTXO(q.Chain, 0, ^uint64(0), func(b *store.UTXOBlockView) error {
		for i := range b.Txs {
			n.tx(b.Header.Number, &b.Txs[i], b.Refs[i])
		}
		return nil
	})
	for k, v := range n.taint {
		if a := n.outs[k].addr; v > 0 && !n.seeds[a] {
			n.res.rest[a] += v
		}
	}
	n.res.addrsTaint = len(n.hop)
	return n.res, err
}

func (n *naiveTracer) tx(blk uint64, tx *chain.UTXOTx, refs []store.SpentRef) {
	var inV, inT []uint64
	var in, ti uint64
	hop := -1
	for j, i := range tx.Inputs {
		r := refs[j]
		k := naiveKey{naiveTx{r.Block, r.TxIndex}, r.Vout}
		o, known := n.outs[k]
		known = known && !r.External
		t := uint64(0)
		switch {
		case known && n.seeds[o.addr]:
			if blk >= n.q.SinceBlock {
				t = o.value
				n.res.seeded += t
				hop = 0
			}
		case !r.External && n.taint[k] > 0 && n.hop[o.addr] < n.q.MaxHops:
			t = n.taint[k]
			delete(n.taint, k)
			if hop < 0 || n.hop[o.addr] < hop {
				hop = n.hop[o.addr]
			}
		}
		inV, inT = append(inV, i.Value), append(inT, t)
		in, ti = in+i.Value, ti+t
	}
	if ti == 0 {
		return
	}
	outV := make([]uint64, len(tx.Outputs))
	for k, o := range tx.Outputs {
		outV[k] = o.Value
	}
	outT := make([]uint64, len(outV))
	switch n.q.Policy {
	case Poison:
		n.res.fees += splitPoison(outV, in, outT)
	case FIFO:
		n.res.fees += splitFIFO(inV, inT, outV, outT)
	default:
		n.res.fees += splitHaircut(outV, in, ti, outT)
	}
	for k, o := range tx.Outputs {
		if outT[k] > 0 {
			n.arrive(naiveKey{naiveTx{blk, tx.Index}, o.Index}, uint32(o.Addr), outT[k], hop+1, blk)
		}
	}
}

func (n *naiveTracer) arrive(k naiveKey, to uint32, t uint64, hop int, blk uint64) {
	if n.seeds[to] {
		n.res.returned += t
		return
	}
	svc, labeled := n.labels.Of(to)
	var e *naiveEnd
	if labeled && svc.Stop {
		e = &naiveEnd{entity: svc.Entity, category: svc.Category}
	} else if _, seen := n.hop[to]; !seen && !labeled && to != 0 {
		e = n.depositOf(to)
	}
	if e != nil {
		if got := n.res.ends[to]; got != nil {
			e = got
		} else {
			c := *e
			e = &c
			e.hops, e.first = hop, blk
			n.res.ends[to] = e
		}
		e.amount += t
		e.hops, e.last = min(e.hops, hop), blk
		return
	}
	if h, seen := n.hop[to]; !seen || hop < h {
		n.hop[to] = hop
	}
	n.taint[k] += t
}

// depositOf applies the deposit rule to the transactions spending to's
// outputs (nil: not a deposit address).
func (n *naiveTracer) depositOf(to uint32) *naiveEnd {
	if e, ok := n.deposit[to]; ok {
		return e
	}
	seen := map[naiveTx]bool{}
	wallets := map[uint32]uint64{}
	entity, all, toEx, mixed := "", uint64(0), uint64(0), false
	for _, k := range n.byAddr[to] {
		h, ok := n.spender[k]
		if !ok || seen[h] {
			continue
		}
		seen[h] = true
		for _, o := range n.txOuts[h] {
			all += o.value
			if svc, ok := n.labels.Of(o.addr); ok && svc.Category == string(intel.Exchange) {
				mixed = mixed || entity != "" && entity != svc.Entity
				entity = svc.Entity
				toEx += o.value
				wallets[o.addr] += o.value
			}
		}
	}
	var e *naiveEnd
	if !mixed && toEx > 0 && toEx*100 >= all*DepositShare {
		e = &naiveEnd{entity: entity, category: string(intel.Exchange)}
		for w, v := range wallets {
			if v > wallets[e.wallet] || v == wallets[e.wallet] && w < e.wallet {
				e.wallet = w
			}
		}
	}
	n.deposit[to] = e
	return e
}

func chainAddr(id uint32) chain.AddrID { return chain.AddrID(id) }
