package store

import (
	"encoding/binary"
	"math/bits"
	"unsafe"

	"github.com/vigil-project/vigil/internal/prefault"
	"github.com/vigil-project/vigil/internal/prefetch"
)

// table20 maps 20-byte keys (EVM addresses) to IDs with the key inline in
// the slot: a lookup touches one 32-byte slot per probe and needs no arena.
type table20 struct {
	slots []slot20 // power-of-two length; id 0 is empty
	n     int
}

type slot20 struct {
	key [20]byte
	id  uint32
	_   [8]byte // pad to 32 bytes so a slot never spans two cache lines
}

func newTable20(capacity int) *table20 {
	size := 64
	for size < capacity*2 {
		size <<= 1
	}
	return &table20{slots: make([]slot20, size)}
}

// hash20 mixes a 20-byte key (addresses are already hash outputs, but some
// are vanity or sequential, so mix anyway).
func hash20(k *[20]byte) uint64 {
	a := binary.LittleEndian.Uint64(k[0:])
	b := binary.LittleEndian.Uint64(k[8:])
	c := uint64(binary.LittleEndian.Uint32(k[16:]))
	h := (a ^ bits.RotateLeft64(b, 29) ^ c<<7) * 0x9e3779b97f4a7c15
	return h ^ h>>31
}

func (t *table20) find(k *[20]byte) int {
	mask := len(t.slots) - 1
	i := int(hash20(k)) & mask
	for {
		s := &t.slots[i]
		if s.id == 0 || s.key == *k {
			return i
		}
		i = (i + 1) & mask
	}
}

// prefetch starts loading the slot where find(k) starts.
func (t *table20) prefetch(k *[20]byte) {
	if len(t.slots) > 0 {
		prefetch.Line(unsafe.Pointer(&t.slots[int(hash20(k))&(len(t.slots)-1)]))
	}
}

func (t *table20) get(k *[20]byte) (uint32, bool) {
	s := &t.slots[t.find(k)]
	return s.id, s.id != 0
}

func (t *table20) put(k *[20]byte, id uint32) {
	t.reserve(1)
	t.slots[t.find(k)] = slot20{key: *k, id: id}
	t.n++
}

// reserve grows the table, in one rehash, to hold n more keys.
func (t *table20) reserve(n int) {
	size := len(t.slots)
	for (t.n+n)*4 > size*3 {
		size *= 2
	}
	if size == len(t.slots) {
		return
	}
	old := t.slots
	t.slots = make([]slot20, size)
	prefault.Write(t.slots)
	for i := range old {
		if old[i].id != 0 {
			t.slots[t.find(&old[i].key)] = old[i]
		}
	}
}
