package ethetl

import (
	"encoding/binary"
	"slices"
	"unsafe"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/prefault"
	"github.com/vigil-project/vigil/internal/prefetch"
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

// hashIndex maps transaction hashes to positions in an open-addressing
// table of 8-byte slots (a tag from the hash and the position), probed
// linearly from a slot the hash's first 8 bytes choose. A tag match is
// confirmed against the full hash of the position (txs), so prefix and tag
// collisions are harmless. It replaced a map[uint64]int32 plus a
// full-hash map for collisions: lookups were ≈ 12% of a full export's
// ingest CPU. Reads are safe from several goroutines.
type hashIndex struct {
	slots []hashSlot // power-of-two length
	n     int
}

// hashSlot is one entry; pos+1 (0 marks an empty slot).
type hashSlot struct {
	tag  uint32
	pos1 int32
}

func newHashIndex() hashIndex { return hashIndex{} }

// hashKey returns h's tag and probe start: 32 mixed bits of the hash's
// first 8 bytes, and their low bits under mask (so a rehash finds the
// start from the tag alone).
func hashKey(h *chain.Hash, mask int) (int, uint32) {
	tag := uint32(mixTx(binary.LittleEndian.Uint64(h[:8])) >> 32)
	return int(tag) & mask, tag
}

// get returns the position of h; txs holds the hashes of positions.
func (x *hashIndex) get(h *chain.Hash, txs []chain.AccountTx) (int32, bool) {
	if x.n == 0 {
		return 0, false
	}
	mask := len(x.slots) - 1
	i, tag := hashKey(h, mask)
	for ; ; i = (i + 1) & mask {
		s := x.slots[i]
		if s.pos1 == 0 {
			return 0, false
		}
		if s.tag == tag && txs[s.pos1-1].Hash == *h {
			return s.pos1 - 1, true
		}
	}
}

// add records h at pos unless a position has it: then it returns that
// position and true.
func (x *hashIndex) add(h *chain.Hash, pos int32, txs []chain.AccountTx) (int32, bool) {
	if at, ok := x.get(h, txs); ok {
		return at, true
	}
	x.put(h, pos)
	return 0, false
}

// prefetch starts loading the slot where the lookup of h starts.
func (x *hashIndex) prefetch(h *chain.Hash) {
	if len(x.slots) == 0 {
		return
	}
	i, _ := hashKey(h, len(x.slots)-1)
	prefetch.Line(unsafe.Pointer(&x.slots[i]))
}

// put records h at pos (h must not be present).
func (x *hashIndex) put(h *chain.Hash, pos int32) {
	x.reserve(1)
	mask := len(x.slots) - 1
	i, tag := hashKey(h, mask)
	for x.slots[i].pos1 != 0 {
		i = (i + 1) & mask
	}
	x.slots[i] = hashSlot{tag, pos + 1}
	x.n++
}

// reserve grows the table, in one rehash, to hold n more hashes at a load
// of at most 3/4 (a rehash needs only the tags).
func (x *hashIndex) reserve(n int) {
	size := slotsFor(x.n+n, len(x.slots))
	if size == len(x.slots) {
		return
	}
	old := x.slots
	x.slots = make([]hashSlot, size)
	prefault.Write(x.slots)
	mask := size - 1
	for _, s := range old {
		if s.pos1 == 0 {
			continue
		}
		i := int(s.tag) & mask
		for x.slots[i].pos1 != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = s
	}
}
