package cli

import (
	"math/bits"
	"sort"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
)

// utxoFlows aggregates, per counterparty, what address id received and
// sent on a UTXO chain, the way a one-hop trace attributes value: an
// output paid to id came from the inputs of the transaction that created
// it, in proportion to their values; what id's inputs paid into a
// transaction went to its outputs in proportion to id's share of the
// inputs. Outputs back to id (change) and coinbases name no counterparty.
// Amounts are floors of the proportions (exact integer arithmetic).
func utxoFlows(x *graph.UTXOIndex, id uint32) (sent, recv []*flow) {
	addIn, addOut := adder(&recv), adder(&sent)
	spenders := map[uint32]bool{}
	for _, s := range x.Segs {
		for _, l := range s.Outs(id) {
			t := s.TxOfOut(l)
			received(addIn, s, t, id, s.OutValue[l])
			if sp := x.SpentBy(s.OutBase + l); sp != graph.NoRow {
				spenders[sp] = true
			}
		}
	}
	txs := make([]uint32, 0, len(spenders))
	for t := range spenders {
		txs = append(txs, t)
	}
	sort.Slice(txs, func(i, j int) bool { return txs[i] < txs[j] })
	for _, gt := range txs {
		if s, t := x.TxSeg(gt); s != nil {
			paid(addOut, s, t, id)
		}
	}
	return sent, recv
}

// received attributes an output of value v paid to id by local
// transaction t to t's input addresses (other than id).
func received(add flowAdder, s *graph.UTXOSegment, t, id uint32, v uint64) {
	lo, hi := s.TxIn[t], s.TxIn[t+1]
	var total uint64
	for k := lo; k < hi; k++ {
		total += s.InValue[k]
	}
	if total == 0 {
		return // coinbase, or inputs the data does not value
	}
	for k := lo; k < hi; k++ {
		if a := s.InAddr[k]; a != id && a != 0 {
			add(a, uint32(chain.Native), s.TxBlock[t], chain.U64(mulDiv(v, s.InValue[k], total)))
		}
	}
}

// paid attributes id's share of local transaction t's inputs to t's
// outputs (other than id's own).
func paid(add flowAdder, s *graph.UTXOSegment, t, id uint32) {
	var mine, total uint64
	for k := s.TxIn[t]; k < s.TxIn[t+1]; k++ {
		total += s.InValue[k]
		if s.InAddr[k] == id {
			mine += s.InValue[k]
		}
	}
	if total == 0 {
		return
	}
	for o := s.TxOut[t]; o < s.TxOut[t+1]; o++ {
		if a := s.OutAddr[o]; a != id && a != 0 {
			add(a, uint32(chain.Native), s.TxBlock[t], chain.U64(mulDiv(s.OutValue[o], mine, total)))
		}
	}
}

// mulDiv is ⌊a·b/c⌋ for b ≤ c (no overflow of the quotient).
func mulDiv(a, b, c uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	q, _ := bits.Div64(hi, lo, c)
	return q
}
