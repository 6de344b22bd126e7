package cluster

import (
	"math/bits"
	"slices"

	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/trace"
)

// The deposit heuristic on UTXO chains is the tracer's UTXO rule (see
// internal/trace/utxo_deposit.go): an address that is not itself a
// labeled exchange wallet, whose spent outputs were spent by transactions
// paying at least trace.DepositShare percent of their output value to
// wallets of one exchange (and nothing to another), is that exchange's
// deposit address. It joins the cluster of the wallet receiving the most
// value (lowest ID on ties).

// utxoDeposits applies the deposit heuristic to the addresses that spent
// in the blocks after b.after (all when full).
func (b *builder) utxoDeposits(x *graph.UTXOIndex, wallets map[uint32]string) error {
	var sc utxoDepScratch
	return b.recordDeposits(spenders(x, b.full, b.after), wallets, func(id uint32) depositAnswer {
		return sc.detect(x, wallets, id)
	})
}

// spenders lists, ascending, the input addresses of the transactions in
// blocks after `after` (all when full).
func spenders(x *graph.UTXOIndex, full bool, after uint64) []uint32 {
	var ids []uint32
	for _, s := range x.Segs {
		if !full && s.Last <= after {
			continue
		}
		for t := range s.TxBlock {
			if !full && uint64(s.TxBlock[t]) <= after {
				continue
			}
			for _, a := range s.InAddr[s.TxIn[t]:s.TxIn[t+1]] {
				if a != 0 {
					ids = append(ids, a)
				}
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// utxoDepScratch is reused by every detection.
type utxoDepScratch struct {
	outs, txs []uint32
	wallets   map[uint32]uint64
}

// detect applies the UTXO deposit rule to address id.
func (sc *utxoDepScratch) detect(x *graph.UTXOIndex, wallets map[uint32]string, id uint32) depositAnswer {
	if _, own := wallets[id]; own {
		return depositAnswer{}
	}
	sc.outs = x.Outputs(id, sc.outs[:0])
	sc.txs = sc.txs[:0]
	for _, o := range sc.outs {
		if t := x.SpentBy(o); t != graph.NoRow {
			sc.txs = append(sc.txs, t)
		}
	}
	slices.Sort(sc.txs)
	sc.txs = slices.Compact(sc.txs)
	clear(sc.wallets)
	if sc.wallets == nil {
		sc.wallets = map[uint32]uint64{}
	}
	var entity string
	var all, toEx uint64
	first := ^uint32(0)
	for _, t := range sc.txs {
		lo, hi := x.TxOutputs(t)
		for r := lo; r < hi; r++ {
			a, v, _ := x.Output(r)
			all += v
			e, ok := wallets[a]
			if !ok {
				continue
			}
			if entity != "" && e != entity {
				return depositAnswer{}
			}
			entity, toEx = e, toEx+v
			sc.wallets[a] += v
			if blk, _, ok := x.TxLoc(t); ok {
				first = min(first, uint32(blk))
			}
		}
	}
	if entity == "" || toEx == 0 || !atLeast(toEx, all, trace.DepositShare) {
		return depositAnswer{}
	}
	var best uint32
	var bv uint64
	for w, v := range sc.wallets {
		if v > bv || v == bv && w < best {
			best, bv = w, v
		}
	}
	return depositAnswer{wallet: best, share: uint32(toEx * 1000 / max(all, 1)), block: first}
}

// atLeast reports whether part ≥ pct% of all, exactly (128-bit).
func atLeast(part, all, pct uint64) bool {
	ph, pl := bits.Mul64(part, 100)
	ah, al := bits.Mul64(all, pct)
	return ph > ah || ph == ah && pl >= al
}
