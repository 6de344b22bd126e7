package cluster

import "fmt"

// UnionFind is a disjoint-set forest over the IDs 0..n-1 in one compact
// uint32 array: link[x] is x's parent, or, for a root, rootBit | the size
// of its set. Find halves paths; Union links the smaller tree under the
// larger (the lower ID wins ties). One array keeps a union to the fewest
// cache misses; nothing is allocated per operation. IDs are below 2^31.
type UnionFind struct {
	link []uint32
	flat bool
}

// rootBit marks a root's entry; the rest of the entry is its set's size.
const rootBit = 1 << 31

// MaxIDs is the most IDs a UnionFind holds.
const MaxIDs = rootBit - 1

// NewUnionFind returns n singletons.
func NewUnionFind(n int) *UnionFind {
	u := &UnionFind{}
	u.Grow(n)
	return u
}

// Len returns the number of IDs.
func (u *UnionFind) Len() int { return len(u.link) }

// Grow adds singletons up to n IDs (no-op when there are already n).
func (u *UnionFind) Grow(n int) {
	if n > MaxIDs {
		panic(fmt.Sprintf("cluster: %d IDs exceed the union-find's %d", n, MaxIDs))
	}
	old := len(u.link)
	if n <= old {
		return
	}
	if n > cap(u.link) {
		l := make([]uint32, old, max(n, old+old/4))
		copy(l, u.link)
		u.link = l
	}
	u.link = u.link[:n]
	for i := old; i < n; i++ {
		u.link[i] = rootBit | 1
	}
}

// Find returns the root of x, halving the path on the way.
func (u *UnionFind) Find(x uint32) uint32 {
	l := u.link
	for {
		p := l[x]
		if p&rootBit != 0 {
			return x
		}
		g := l[p]
		if g&rootBit != 0 {
			return p
		}
		l[x] = g
		x = g
	}
}

// Union merges the sets of a and b and returns the new root and whether
// they were apart.
func (u *UnionFind) Union(a, b uint32) (uint32, bool) {
	ra, rb := u.Find(a), u.Find(b)
	if ra == rb {
		return ra, false
	}
	return u.unionRoots(ra, rb), true
}

// unionRoots merges the distinct roots ra and rb and returns the new root.
func (u *UnionFind) unionRoots(ra, rb uint32) uint32 {
	sa, sb := u.link[ra]&^rootBit, u.link[rb]&^rootBit
	if sa < sb || sa == sb && rb < ra {
		ra, rb, sa, sb = rb, ra, sb, sa
	}
	u.link[rb] = ra
	u.link[ra] = rootBit | (sa + sb)
	return ra
}

// Size returns the size of x's set.
func (u *UnionFind) Size(x uint32) uint32 { return u.link[u.Find(x)] &^ rootBit }

// Flatten turns the forest into a root array: afterwards Roots()[x] is
// the root of x (a root maps to itself) and the sizes are gone. The
// UnionFind is not usable for Find or Union after it (see fromRoots).
func (u *UnionFind) Flatten() {
	if u.flat {
		return
	}
	for i, p := range u.link {
		if p&rootBit == 0 {
			u.link[i] = u.Find(uint32(i))
		}
	}
	for i, p := range u.link {
		if p&rootBit != 0 {
			u.link[i] = uint32(i)
		}
	}
	u.flat = true
}

// Roots returns the root array after Flatten. It is shared: do not
// modify it.
func (u *UnionFind) Roots() []uint32 {
	u.Flatten()
	return u.link
}

// fromRoots rebuilds a usable forest from a root array (which it takes
// over) and the size of every root.
func fromRoots(root []uint32, size func(r uint32) uint32) *UnionFind {
	for i, r := range root {
		if r == uint32(i) {
			root[i] = rootBit | size(r)
		}
	}
	return &UnionFind{link: root}
}
