package ethetl

import "encoding/binary"

// flat is a benchmark interner for 20-byte keys: open addressing with the
// keys stored inline, so a lookup touches one cache line.
type flat struct {
	slots []flatSlot
	n     int
	mask  uint64
}

type flatSlot struct {
	key [20]byte
	id  uint32 // 0: empty
}

func newFlat() *flat { return &flat{slots: make([]flatSlot, 1<<16), mask: 1<<16 - 1} }

func (f *flat) hash(k []byte) uint64 {
	return (binary.LittleEndian.Uint64(k[:8]) ^ binary.LittleEndian.Uint64(k[12:20])) * 0x9E3779B97F4A7C15
}

// Intern returns the ID of a 20-byte key, adding it when new.
func (f *flat) Intern(k []byte) uint32 {
	if len(k) != 20 {
		panic("flat: key must have 20 bytes")
	}
	for i := f.hash(k) >> 40 & f.mask; ; i = (i + 1) & f.mask {
		s := &f.slots[i]
		if s.id == 0 {
			f.n++
			copy(s.key[:], k)
			s.id = uint32(f.n)
			if 2*f.n > len(f.slots) {
				f.rehash()
			}
			return uint32(f.n)
		}
		if string(s.key[:]) == string(k) {
			return s.id
		}
	}
}

func (f *flat) rehash() {
	old := f.slots
	f.slots = make([]flatSlot, 2*len(old))
	f.mask = uint64(len(f.slots) - 1)
	for _, s := range old {
		if s.id == 0 {
			continue
		}
		i := f.hash(s.key[:]) >> 40 & f.mask
		for f.slots[i].id != 0 {
			i = (i + 1) & f.mask
		}
		f.slots[i] = s
	}
}

// nullInterner returns 1 for every key: the parser's cost without interning.
type nullInterner struct{}

func (nullInterner) Intern([]byte) uint32 { return 1 }
