package store

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
)

// Dict interns the addresses (or tokens) of one chain to dense IDs starting
// at 1. It implements chain.Interner. New IDs live in memory until a commit
// writes them with the blocks that use them. A Dict is not safe for
// concurrent use.
type Dict struct {
	s       *Store
	ns, log byte
	c       chain.ID
	ids     *flatTable
	ids20   *table20    // fast path for 20-byte keys
	base    uint32      // IDs 1..base are in the store
	fresh   [][2]uint32 // arena offset and length of the keys of IDs base+1.. in order
	chunks  map[uint32][][]byte
	err     error
}

func (s *Store) newDict(c chain.ID, ns, log byte) (*Dict, error) {
	d := &Dict{s: s, ns: ns, log: log, c: c, ids: newFlatTable(0), ids20: newTable20(0), chunks: map[uint32][][]byte{}}
	v, ok, err := s.get(keyMeta(fmt.Sprintf("n%c%d", ns, c)))
	if err != nil {
		return nil, err
	}
	if ok {
		n, k := binary.Uvarint(v)
		if k <= 0 {
			return nil, errCorrupt
		}
		d.base = uint32(n)
	}
	return d, nil
}

// Addresses returns the address dictionary of chain c.
func (s *Store) Addresses(c chain.Info) (*Dict, error) { return s.newDict(c.ID, nsAddr, nsAddrLog) }

// Tokens returns the token dictionary of chain c (asset IDs; 0 is native).
func (s *Store) Tokens(c chain.Info) (*Dict, error) { return s.newDict(c.ID, nsToken, nsTokenLog) }

// Intern returns the ID of key, handing out a new one when unseen.
func (d *Dict) Intern(key []byte) uint32 {
	if len(key) == 20 {
		return d.intern20((*[20]byte)(key))
	}
	if id, ok := d.ids.get(key); ok {
		return id
	}
	if d.base > 0 {
		if id, ok := d.lookupStore(key); ok {
			d.ids.put(key, id)
			return id
		}
	}
	return d.add(d.ids.put(key, d.nextID()), len(key))
}

// intern20 is Intern for 20-byte keys, which only ids20 indexes: the
// flat table keeps just their bytes (for Key and writeFresh).
func (d *Dict) intern20(k *[20]byte) uint32 {
	if id, ok := d.ids20.get(k); ok {
		return id
	}
	id, ok := uint32(0), false
	if d.base > 0 {
		id, ok = d.lookupStore(k[:])
	}
	if !ok {
		id = d.add(d.ids.keep(k[:]), len(k))
	}
	d.ids20.put(k, id)
	return id
}

// nextID is the ID the next new key gets.
func (d *Dict) nextID() uint32 { return d.base + uint32(len(d.fresh)) + 1 }

// add records a new key kept at arena offset off and returns its ID.
func (d *Dict) add(off uint32, n int) uint32 {
	id := d.nextID()
	d.fresh = append(d.fresh, [2]uint32{off, uint32(n)})
	return id
}

// Prefetch20 starts loading the slot where the lookup of the 20-byte key
// k starts, without waiting for it. A bulk intern prefetches a batch of
// keys first: their cache misses overlap, where interning key by key
// waits for each miss in turn.
func (d *Dict) Prefetch20(k *[20]byte) { d.ids20.prefetch(k) }

// Reserve makes room for n more keys of about 20 bytes, so a bulk intern
// does not grow the tables step by step.
func (d *Dict) Reserve(n int) {
	d.ids20.reserve(n)
	d.ids.reserveBytes(20 * n)
	d.fresh = slices.Grow(d.fresh, n)
}

func (d *Dict) lookupStore(key []byte) (uint32, bool) {
	v, ok, err := d.s.get(keyDict(d.ns, d.c, key))
	if err != nil {
		if d.err == nil {
			d.err = err
		}
		return 0, false
	}
	if !ok {
		return 0, false
	}
	n, k := binary.Uvarint(v)
	if k <= 0 {
		d.err = errCorrupt
		return 0, false
	}
	return uint32(n), true
}

// Lookup returns the ID of key without adding it.
func (d *Dict) Lookup(key []byte) (uint32, bool, error) {
	if len(key) == 20 {
		if id, ok := d.ids20.get((*[20]byte)(key)); ok {
			return id, true, nil
		}
	}
	if len(key) != 20 {
		if id, ok := d.ids.get(key); ok {
			return id, true, nil
		}
	}
	id, ok := d.lookupStore(key)
	return id, ok, d.err
}

// Len returns the number of IDs handed out, stored or fresh.
func (d *Dict) Len() int { return int(d.base) + len(d.fresh) }

// Fresh returns the number of IDs not yet committed.
func (d *Dict) Fresh() int { return len(d.fresh) }

// Key returns the key of id.
func (d *Dict) Key(id uint32) ([]byte, error) {
	if id == 0 || int(id) > d.Len() {
		return nil, fmt.Errorf("store: no dictionary entry %d", id)
	}
	if id > d.base {
		f := d.fresh[id-d.base-1]
		return d.ids.key(f[0], f[1]), nil
	}
	chunk := (id - 1) / logChunk
	keys, ok := d.chunks[chunk]
	if !ok {
		v, found, err := d.s.get(keyChunk(d.log, d.c, chunk))
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, errCorrupt
		}
		if keys, err = decodeChunk(v); err != nil {
			return nil, err
		}
		d.chunks[chunk] = keys
	}
	i := int((id - 1) % logChunk)
	if i >= len(keys) {
		return nil, errCorrupt
	}
	return keys[i], nil
}

// Err returns the first store error met while interning.
func (d *Dict) Err() error { return d.err }

// writeFresh adds the fresh entries to w and marks them stored.
func (d *Dict) writeFresh(w writer) error {
	if len(d.fresh) == 0 {
		return nil
	}
	var buf []byte
	for i, f := range d.fresh {
		k := d.ids.key(f[0], f[1])
		id := d.base + uint32(i) + 1
		buf = binary.AppendUvarint(buf[:0], uint64(id))
		if err := w.Set(keyDict(d.ns, d.c, k), buf, nil); err != nil {
			return err
		}
	}
	first := d.base + 1
	last := d.base + uint32(len(d.fresh))
	for chunk := (first - 1) / logChunk; chunk <= (last-1)/logChunk; chunk++ {
		keys, err := d.chunkKeys(chunk, last)
		if err != nil {
			return err
		}
		if err := w.Set(keyChunk(d.log, d.c, chunk), encodeChunk(keys), nil); err != nil {
			return err
		}
	}
	total := binary.AppendUvarint(nil, uint64(last))
	if err := w.Set(keyMeta(fmt.Sprintf("n%c%d", d.ns, d.c)), total, nil); err != nil {
		return err
	}
	d.base = last
	d.fresh = d.fresh[:0]
	return nil
}

// chunkKeys lists the keys of chunk up to ID last, stored or fresh.
func (d *Dict) chunkKeys(chunk, last uint32) ([][]byte, error) {
	lo := chunk*logChunk + 1
	hi := min(lo+logChunk-1, last)
	out := make([][]byte, 0, hi-lo+1)
	for id := lo; id <= hi; id++ {
		k, err := d.Key(id)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	delete(d.chunks, chunk)
	return out, nil
}

func encodeChunk(keys [][]byte) []byte {
	var e enc
	for _, k := range keys {
		e.uvarint(uint64(len(k)))
		e.raw(k)
	}
	return e.b
}

func decodeChunk(v []byte) ([][]byte, error) {
	d := dec{b: v}
	var out [][]byte
	for len(d.b) > 0 && d.err == nil {
		n := d.uvarint()
		out = append(out, append([]byte(nil), d.raw(int(n))...))
	}
	return out, d.err
}
