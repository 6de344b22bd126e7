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
	n = int(max(1, min(uint64(n), (to-from+1)/utxoMinPartBlocks)))
	span := (to - from + uint64(n)) / uint64(n)
	parts := make([]*utxoBuilder, n)
	errs := make(chan error, n)
	for i := range parts {
		lo := from + uint64(i)*span
		hi := min(lo+span-1, to)
		parts[i] = newUTXOBuilder(prev, from, lo)
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
