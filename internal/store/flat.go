package store

import (
	"bytes"
	"hash/maphash"
	"slices"

	"github.com/vigil-project/vigil/internal/prefault"
)

// flatTable maps byte keys to uint32 IDs with open addressing: one 16-byte
// slot per key, keys stored back to back in one arena. Compared with a
// map[string]uint32 it allocates nothing per key and probes one cache line.
type flatTable struct {
	seed  maphash.Seed
	slots []flatSlot // len is a power of two; id 0 marks an empty slot
	arena []byte
	n     int
}

type flatSlot struct {
	hash uint32 // low 32 bits of the key's hash
	id   uint32
	off  uint32 // key position in arena
	klen uint32
}

func newFlatTable(capacity int) *flatTable {
	size := 64
	for size < capacity*2 {
		size <<= 1
	}
	return &flatTable{seed: maphash.MakeSeed(), slots: make([]flatSlot, size)}
}

// find returns the slot index for key: its slot, or the empty slot where it
// would go.
func (t *flatTable) find(key []byte, h uint64) int {
	mask := len(t.slots) - 1
	i := int(h>>32) & mask
	for {
		s := &t.slots[i]
		if s.id == 0 || s.hash == uint32(h) && bytes.Equal(t.arena[s.off:s.off+s.klen], key) {
			return i
		}
		i = (i + 1) & mask
	}
}

// get returns the ID of key.
func (t *flatTable) get(key []byte) (uint32, bool) {
	h := maphash.Bytes(t.seed, key)
	s := &t.slots[t.find(key, h)]
	return s.id, s.id != 0
}

// put adds key with id (key must be absent) and returns the key's arena
// offset.
func (t *flatTable) put(key []byte, id uint32) uint32 {
	if (t.n+1)*4 > len(t.slots)*3 {
		t.grow()
	}
	h := maphash.Bytes(t.seed, key)
	i := t.find(key, h)
	off := uint32(len(t.arena))
	t.arena = append(t.arena, key...)
	t.slots[i] = flatSlot{hash: uint32(h), id: id, off: off, klen: uint32(len(key))}
	t.n++
	return off
}

// keep stores key's bytes without indexing it (get will not find it) and
// returns its arena offset.
func (t *flatTable) keep(key []byte) uint32 {
	off := uint32(len(t.arena))
	t.arena = append(t.arena, key...)
	return off
}

// reserveBytes makes room for n more key bytes in the arena.
func (t *flatTable) reserveBytes(n int) { t.arena = slices.Grow(t.arena, n) }

func (t *flatTable) grow() {
	old := t.slots
	t.slots = make([]flatSlot, len(old)*2)
	prefault.Write(t.slots)
	mask := len(t.slots) - 1
	for _, s := range old {
		if s.id == 0 {
			continue
		}
		h := maphash.Bytes(t.seed, t.arena[s.off:s.off+s.klen])
		i := int(h>>32) & mask
		for t.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		t.slots[i] = s
	}
}

// key returns the bytes at an arena offset.
func (t *flatTable) key(off, n uint32) []byte { return t.arena[off : off+n] }
