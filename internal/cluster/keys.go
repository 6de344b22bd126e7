package cluster

import (
	"errors"
	"slices"

	"github.com/vigil-project/vigil/internal/store"
)

// keyIndex finds an address's ID from its text (its dictionary key)
// without the store: a sorted array of 64-bit FNV-1a hashes of the keys
// with the ID of each, and a directory on the top hash bits that narrows
// a search to about one entry. Two different keys with one hash would
// share an entry; the chance that an address outside the chain matches
// one inside is n/2^64.
type keyIndex struct {
	hash  []uint64
	id    []uint32
	dir   []uint32
	shift uint
}

// keyHash is FNV-1a over the key.
func keyHash(k []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range k {
		h = (h ^ uint64(c)) * 1099511628211
	}
	return h
}

// extend adds the keys of IDs from..n-1 read from d (an incremental build
// hashes only the new addresses and merges them in).
func (x *keyIndex) extend(d *store.Dict, from, n int) error {
	type ent struct {
		h  uint64
		id uint32
	}
	add := make([]ent, 0, max(n-from, 0))
	for id := max(from, 1); id < n; id++ {
		k, err := d.Key(uint32(id))
		if err != nil {
			return err
		}
		add = append(add, ent{keyHash(k), uint32(id)})
	}
	slices.SortFunc(add, func(a, b ent) int {
		if a.h != b.h {
			if a.h < b.h {
				return -1
			}
			return 1
		}
		return int(a.id) - int(b.id)
	})
	hs, ids := make([]uint64, 0, len(x.hash)+len(add)), make([]uint32, 0, len(x.hash)+len(add))
	i := 0
	for _, e := range add {
		for i < len(x.hash) && x.hash[i] <= e.h {
			hs, ids = append(hs, x.hash[i]), append(ids, x.id[i])
			i++
		}
		hs, ids = append(hs, e.h), append(ids, e.id)
	}
	x.hash, x.id = append(hs, x.hash[i:]...), append(ids, x.id[i:]...)
	return x.finish(n)
}

// finish checks the arrays and builds the directory (about one entry per
// bucket).
func (x *keyIndex) finish(n int) error {
	for i, h := range x.hash {
		if i > 0 && h < x.hash[i-1] || int(x.id[i]) >= n {
			return errors.New("address key index out of order or range")
		}
	}
	bits := uint(1)
	for 1<<bits < len(x.hash) && bits < 26 {
		bits++
	}
	x.shift = 64 - bits
	x.dir = make([]uint32, 1<<bits+1)
	i := 0
	for b := range x.dir {
		for i < len(x.hash) && x.hash[i]>>x.shift < uint64(b) {
			i++
		}
		x.dir[b] = uint32(i)
	}
	return nil
}

// lookup returns the ID of key.
func (x *keyIndex) lookup(key []byte) (uint32, bool) {
	if len(x.dir) == 0 {
		return 0, false
	}
	h := keyHash(key)
	b := h >> x.shift
	lo, hi := int(x.dir[b]), int(x.dir[b+1])
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if x.hash[m] < h {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(x.hash) && x.hash[lo] == h {
		return x.id[lo], true
	}
	return 0, false
}
