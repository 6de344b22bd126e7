package cluster

// UnionFind is a disjoint-set forest over the IDs 0..n-1 in two compact
// uint32 arrays: parent (a root is its own parent) and size (meaningful at
// roots). Find halves paths; Union links the smaller tree under the
// larger. Nothing is allocated per operation.
type UnionFind struct {
	parent []uint32
	size   []uint32
}

// NewUnionFind returns n singletons.
func NewUnionFind(n int) *UnionFind {
	u := &UnionFind{}
	u.Grow(n)
	return u
}

// Len returns the number of IDs.
func (u *UnionFind) Len() int { return len(u.parent) }

// Grow adds singletons up to n IDs (no-op when there are already n).
func (u *UnionFind) Grow(n int) {
	old := len(u.parent)
	if n <= old {
		return
	}
	if n > cap(u.parent) {
		c := max(n, old+old/4)
		p, s := make([]uint32, old, c), make([]uint32, old, c)
		copy(p, u.parent)
		copy(s, u.size)
		u.parent, u.size = p, s
	}
	u.parent, u.size = u.parent[:n], u.size[:n]
	for i := old; i < n; i++ {
		u.parent[i], u.size[i] = uint32(i), 1
	}
}

// Find returns the root of x, halving the path on the way.
func (u *UnionFind) Find(x uint32) uint32 {
	p := u.parent
	for {
		q := p[x]
		if q == x {
			return x
		}
		g := p[q]
		p[x] = g
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
	if u.size[ra] < u.size[rb] || u.size[ra] == u.size[rb] && rb < ra {
		ra, rb = rb, ra
	}
	u.parent[rb] = ra
	u.size[ra] += u.size[rb]
	return ra, true
}

// Size returns the size of x's set.
func (u *UnionFind) Size(x uint32) uint32 { return u.size[u.Find(x)] }

// Flatten points every ID straight at its root, so that parent[x] is the
// root of x without a walk.
func (u *UnionFind) Flatten() {
	for i := range u.parent {
		u.parent[i] = u.Find(uint32(i))
	}
}

// Roots returns the parent array; after Flatten it maps every ID to its
// root. It is shared: do not modify it.
func (u *UnionFind) Roots() []uint32 { return u.parent }
