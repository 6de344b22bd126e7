package ethetl

import (
	"encoding/binary"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
)

// grow makes room for one more element, doubling the capacity: append's
// own 1.25x growth for large slices copies the data several times over.
func grow[T any](s []T) []T {
	if len(s) == cap(s) {
		s = slices.Grow(s, max(cap(s), 256))
	}
	return s
}

// addTransfer appends a transfer of block slot.
func (p *parser) addTransfer(tr *chain.AccountTransfer, slot int32) {
	p.tr = append(grow(p.tr), *tr)
	p.trSlot = append(grow(p.trSlot), slot)
}

// hashIndex maps transaction hashes to positions. Keys are the first 8
// bytes (a uint64 map is much faster than a [32]byte one); the rare
// prefix collision goes to a full-hash map.
type hashIndex struct {
	short map[uint64]int32
	full  map[chain.Hash]int32
}

func newHashIndex() hashIndex { return hashIndex{short: make(map[uint64]int32)} }

// get returns the position of h; txs holds the hashes of positions.
func (x *hashIndex) get(h *chain.Hash, txs []chain.AccountTx) (int32, bool) {
	pos, ok := x.short[binary.LittleEndian.Uint64(h[:8])]
	if !ok {
		return 0, false
	}
	if txs[pos].Hash == *h {
		return pos, true
	}
	pos, ok = x.full[*h]
	return pos, ok
}

// put records h at pos (h must not be present).
func (x *hashIndex) put(h *chain.Hash, pos int32) {
	k := binary.LittleEndian.Uint64(h[:8])
	if _, taken := x.short[k]; !taken {
		x.short[k] = pos
		return
	}
	if x.full == nil {
		x.full = make(map[chain.Hash]int32)
	}
	x.full[*h] = pos
}
