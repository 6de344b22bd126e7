package store

import (
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
)

// UTXOTxHashes returns the hashes of the transactions of stored block n of
// UTXO chain c and their indexes in the block, decoding only the start of
// the record (tracers print evidence paths with it). ErrNotFound when the
// block is not stored.
func (s *Store) UTXOTxHashes(c chain.Info, n uint64) ([]chain.Hash, []uint32, error) {
	if c.Kind != chain.UTXO {
		return nil, nil, fmt.Errorf("store: %s is not a UTXO chain", c.Name)
	}
	v, ok, err := s.get(keyBlock(c.ID, n))
	if err != nil {
		return nil, nil, err
	}
	if !ok {
		return nil, nil, ErrNotFound
	}
	d := dec{b: v}
	if d.byte1() != recUTXO {
		return nil, nil, errCorrupt
	}
	d.header(n)
	nt := d.count()
	if d.err != nil || nt*32 > len(d.b) {
		return nil, nil, errCorrupt
	}
	hashes := make([]chain.Hash, nt)
	for i := range hashes {
		copy(hashes[i][:], d.raw(32))
	}
	idx := make([]uint32, nt)
	prev := uint32(0)
	for i := range idx {
		prev += uint32(d.uvarint())
		idx[i] = prev
	}
	if d.err != nil {
		return nil, nil, fmt.Errorf("store: %s block %d: %w", c.Name, n, errCorrupt)
	}
	return hashes, idx, nil
}
