package graph

import (
	"runtime"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// utxoMinPartBlocks is the fewest blocks a parallel part gets (tests lower
// it).
var utxoMinPartBlocks uint64 = 64

// utxoParts is how many parts a build reads in parallel, given room for
// that many more segments.
func utxoParts(room int) int {
	return max(1, min(runtime.GOMAXPROCS(0), 4, room))
}

// buildUTXOParts reads blocks from..to of UTXO chain c in up to n parts
// read in parallel (decoding block records is most of a build), one
// segment per non-empty part, in block order, following prev.
func buildUTXOParts(st *store.Store, c chain.Info, prev []*UTXOSegment, from, to uint64, n int) ([]*UTXOSegment, error) {
	first, last, ok, err := st.BlockRange(c)
	if err != nil || !ok || from > last || to < first {
		return nil, err
	}
	from, to = max(from, first), min(to, last)
	cnt, err := st.Counts(c)
	if err != nil {
		return nil, err
	}
	n = int(max(1, min(uint64(n), (to-from+1)/utxoMinPartBlocks)))
	span := (to - from + uint64(n)) / uint64(n)
	parts := make([]*utxoBuilder, n)
	errs := make(chan error, n)
	for i := range parts {
		lo := from + uint64(i)*span
		hi := min(lo+span-1, to)
		parts[i] = newUTXOBuilder(prev, from, lo)
		parts[i].presize(cnt, first, last, lo, hi)
		go func(b *utxoBuilder) { errs <- st.ScanUTXO(c, lo, hi, b.addBlock) }(parts[i])
	}
	for range parts {
		if e := <-errs; err == nil {
			err = e
		}
	}
	if err != nil {
		return nil, err
	}
	var segs []*UTXOSegment
	tail := lastSeg(prev)
	for _, b := range parts {
		if !b.any {
			continue
		}
		if err := b.finalize(tail, segs); err != nil {
			return nil, err
		}
		segs = append(segs, &b.seg)
		tail = &b.seg
	}
	return segs, nil
}

// presize reserves column room for blocks lo..hi from the chain's counters
// (transactions and outputs spread evenly over first..last, 10% to spare;
// inputs guessed as many as outputs), so the columns rarely grow by
// copying.
func (b *utxoBuilder) presize(cnt store.Counters, first, last, lo, hi uint64) {
	blocks := last - first + 1
	txs := uint64(max(cnt.Txs, 0)) / blocks * (hi - lo + 1)
	outs := uint64(max(cnt.Transfers, 0)) / blocks * (hi - lo + 1)
	nt, no := int(txs+txs/10), int(outs+outs/10)
	s := &b.seg
	s.TxBlock, s.TxPos, s.TxIn, s.TxOut = room(s.TxBlock, nt), room(s.TxPos, nt), room(s.TxIn, nt), room(s.TxOut, nt)
	s.InSpends, s.InAddr, s.InValue = room(s.InSpends, no), room(s.InAddr, no), room(s.InValue, no)
	s.OutAddr, s.OutSpent, s.OutValue, b.vouts = room(s.OutAddr, no), room(s.OutSpent, no), room(s.OutValue, no), room(b.vouts, no)
}
