package ethetl

import (
	"encoding/binary"
	"math/bits"
	"slices"
	"unsafe"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/prefault"
	"github.com/vigil-project/vigil/internal/prefetch"
)

// localIDs interns 20-byte keys to part-local IDs 1, 2, ... in order of
// first appearance; keys[id-1] is the key of id. It is a chain.Interner
// for 20-byte keys only (idCache hands it exactly those).
type localIDs struct {
	slots []localSlot // power-of-two length; id 0 is empty
	keys  []chain.EVMAddress
}

type localSlot struct {
	key chain.EVMAddress
	id  uint32
	_   [8]byte // 32 bytes: one cache line holds two slots, never half of one
}

func mix20(k *chain.EVMAddress) uint64 {
	a := binary.LittleEndian.Uint64(k[0:])
	b := binary.LittleEndian.Uint64(k[8:])
	c := uint64(binary.LittleEndian.Uint32(k[16:]))
	h := (a ^ bits.RotateLeft64(b, 29) ^ c<<7) * 0x9e3779b97f4a7c15
	return h ^ h>>31
}

// Intern returns the local ID of key (20 bytes), adding it when new.
func (l *localIDs) Intern(key []byte) uint32 {
	k := (*chain.EVMAddress)(key)
	if (len(l.keys)+1)*4 > len(l.slots)*3 {
		l.rehash()
	}
	mask := len(l.slots) - 1
	for i := int(mix20(k)) & mask; ; i = (i + 1) & mask {
		s := &l.slots[i]
		if s.id == 0 {
			l.keys = append(grow(l.keys), *k)
			s.key, s.id = *k, uint32(len(l.keys))
			return s.id
		}
		if s.key == *k {
			return s.id
		}
	}
}

// find returns the local ID of k, or 0 (read-only: safe from several
// goroutines once the part is parsed).
func (l *localIDs) find(k *chain.EVMAddress) uint32 {
	if len(l.slots) == 0 {
		return 0
	}
	mask := len(l.slots) - 1
	for i := int(mix20(k)) & mask; ; i = (i + 1) & mask {
		s := &l.slots[i]
		if s.id == 0 || s.key == *k {
			return s.id
		}
	}
}

// reserve grows the table for n more keys at the current load limit, in
// one rehash (a rehash per doubling would allocate twice the memory,
// each page of it faulted in).
func (l *localIDs) reserve(n int) {
	if size := slotsFor(len(l.keys)+n+1, len(l.slots)); size > len(l.slots) {
		l.rehashTo(size)
	}
}

// slotsFor is the power-of-two table length, at least cur and 1024,
// that holds n entries under the 3/4 load limit.
func slotsFor(n, cur int) int {
	size := max(cur, 1<<10)
	for n*4 > size*3 {
		size *= 2
	}
	return size
}

// prefetch starts loading the first slot key's probe reads;
// internPending calls it ahead of Intern, resolve ahead of find.
func (l *localIDs) prefetch(k *chain.EVMAddress) {
	if len(l.slots) == 0 {
		return
	}
	prefetch.Line(unsafe.Pointer(&l.slots[int(mix20(k))&(len(l.slots)-1)]))
}

func (l *localIDs) rehash() { l.rehashTo(max(2*len(l.slots), 1<<10)) }

func (l *localIDs) rehashTo(size int) {
	old := l.slots
	l.slots = make([]localSlot, size)
	prefault.Write(l.slots)
	mask := len(l.slots) - 1
	for _, s := range old {
		if s.id == 0 {
			continue
		}
		i := int(mix20(&s.key)) & mask
		for l.slots[i].id != 0 {
			i = (i + 1) & mask
		}
		l.slots[i] = s
	}
}

// localTx is a transaction as a part first names it.
type localTx struct {
	hash  chain.Hash
	block uint64
	line  int32  // part-local line of its first row
	pos   int32  // position among the parser's transactions before the file, or -1
	nAddr uint32 // part-local addresses interned before that row
	nTok  uint32 // part-local tokens interned before that row
}

// localTxs indexes the distinct transaction hashes of a part, numbered 0,
// 1, ... in order of first appearance: a hashIndex of positions in list.
// Most lookups are of new transactions, which a tag mismatch settles
// without reading list.
type localTxs struct {
	idx  hashIndex
	list []localTx
}

// find returns the number of h, or false (hashIndex.get over list).
func (x *localTxs) find(h *chain.Hash) (uint32, bool) {
	slots := x.idx.slots
	if x.idx.n == 0 {
		return 0, false
	}
	mask := len(slots) - 1
	i, tag := hashKey(h, mask)
	for ; ; i = (i + 1) & mask {
		s := slots[i]
		if s.pos1 == 0 {
			return 0, false
		}
		if s.tag == tag && x.list[s.pos1-1].hash == *h {
			return uint32(s.pos1 - 1), true
		}
	}
}

// prefetch starts loading the slot where the lookup of h starts (see
// row).
func (x *localTxs) prefetch(h *chain.Hash) { x.idx.prefetch(h) }

// add appends tx (its hash must be new) and returns its number.
func (x *localTxs) add(tx localTx) uint32 {
	x.list = append(grow(x.list), tx)
	n := int32(len(x.list) - 1)
	x.idx.put(&tx.hash, n)
	return uint32(n)
}

// reserve grows the table for n more transactions.
func (x *localTxs) reserve(n int) {
	x.idx.reserve(n)
	x.list = slices.Grow(x.list, n)
}

// mixTx spreads a hash prefix (random on a real chain, not in every test).
func mixTx(k uint64) uint64 {
	k *= 0x9e3779b97f4a7c15
	return k ^ k>>29
}
