package ethetl

import "github.com/vigil-project/vigil/internal/chain"

// partKeys are the addresses of one part of a file parsed in parallel:
// part-local IDs 1, 2, ... in order of first use, then (resolve) where
// each first appears in an earlier part, then (intern) their global IDs.
type partKeys struct {
	ids localIDs
	c   *idCache  // direct-mapped cache in front of ids
	at  []partRef // set by resolve: the earlier part holding key i, if any
	g   []uint32  // set by intern: global ID of local ID i (index 0 unused)
}

// partRef names local ID id of part part; part -1 is none.
type partRef struct {
	part int32
	id   uint32
}

func newPartKeys() *partKeys {
	k := &partKeys{}
	k.c = &idCache{in: &k.ids}
	return k
}

// id returns the local ID of a, adding it when new.
func (k *partKeys) id(a *chain.EVMAddress) uint32 { return k.c.id(a) }

// prefetch starts loading the slot where the lookup of a starts.
func (k *partKeys) prefetch(a *chain.EVMAddress) { k.ids.prefetch(a) }

// n is the number of local IDs.
func (k *partKeys) n() int { return len(k.ids.keys) }

// resolve finds the part's keys in the earlier parts (all parsed), on
// all cores.
func (k *partKeys) resolve(earlier []*partKeys) {
	k.at = make([]partRef, k.n())
	forRanges(len(k.at), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			k.at[i] = partRef{part: -1}
			for e, ek := range earlier {
				if id := ek.ids.find(&k.ids.keys[i]); id != 0 {
					k.at[i] = partRef{int32(e), id}
					break
				}
			}
		}
	})
}

// intern gives local IDs their global IDs through in (the parser's
// address cache), in the order of order (local IDs in order of first use;
// nil means 1, 2, ...); IDs not in order keep 0. A key an earlier part
// holds takes the ID it got there, unless that part never used it (0):
// then in gives it (idempotent).
func (k *partKeys) intern(in *idCache, earlier []*partKeys, order []uint32) {
	k.g = make([]uint32, k.n()+1)
	one := func(id uint32) {
		if r := k.at; r != nil && r[id-1].part >= 0 {
			if g := earlier[r[id-1].part].g; g != nil && g[r[id-1].id] != 0 {
				k.g[id] = g[r[id-1].id]
				return
			}
		}
		k.g[id] = in.id(&k.ids.keys[id-1])
	}
	if order != nil {
		for _, id := range order {
			one(id)
		}
		return
	}
	for id := uint32(1); id <= uint32(k.n()); id++ {
		one(id)
	}
}

// firstIDs returns the local IDs 1..n, for intern.
func firstIDs(n int) []uint32 {
	ids := make([]uint32, n)
	for i := range ids {
		ids[i] = uint32(i + 1)
	}
	return ids
}

// global returns the global address of local ID id (0: NoAddr).
func (k *partKeys) global(id uint32) chain.AddrID { return chain.AddrID(k.g[id]) }

// partBlocks numbers the blocks a part names, in order of first
// appearance (local block 0, 1, ...).
type partBlocks struct {
	nums   []uint64
	of     map[uint64]uint32
	last   uint64
	lastID uint32
}

// id returns the local number of block num, adding it when new.
func (b *partBlocks) id(num uint64) uint32 {
	if len(b.nums) > 0 && num == b.last {
		return b.lastID
	}
	if b.of == nil {
		b.of = make(map[uint64]uint32)
	}
	id, ok := b.of[num]
	if !ok {
		id = uint32(len(b.nums))
		b.nums = append(b.nums, num)
		b.of[num] = id
	}
	b.last, b.lastID = num, id
	return id
}

// slots returns the parser's slot of each local block, adding blocks in
// local order (the file order of their first rows, as the sequential
// parse adds them).
func (b *partBlocks) slots(p *parser) []int32 {
	s := make([]int32, len(b.nums))
	for i, num := range b.nums {
		s[i] = p.slot(num)
	}
	return s
}
