package cluster

import "math/bits"

// state is a clustering being built or updated: the union-find forest,
// the heuristics that linked each cluster (at its root), the evidence of
// every link that merged two clusters, and the deposit addresses found.
type state struct {
	Manifest
	uf    *UnionFind
	flags []uint8 // at roots: the heuristics that made the cluster
	ev    evLog
	dep   deposits
	keys  keyIndex // covers IDs below keyed
	keyed int
	links [8]int // links made since the last flushLinks, by heuristic bit
}

// evidence is one row per link that merged two clusters: the two
// addresses, where (block and position of the transaction; for a deposit
// link, the deposit's first move to the wallet) and by which heuristic.
type evidence struct {
	A, B, Block, Pos []uint32
	H                []uint8
}

func (e *evidence) add(a, b, blk, pos uint32, h Heuristic) {
	e.A, e.B = append(e.A, a), append(e.B, b)
	e.Block, e.Pos, e.H = append(e.Block, blk), append(e.Pos, pos), append(e.H, uint8(h))
}

// Len returns the number of links.
func (e *evidence) Len() int { return len(e.A) }

// deposits lists the deposit addresses found (account chains): the
// address, the exchange wallet it forwards to, and the least share (per
// mille) of what it sent, over its assets, that went to the exchange.
type deposits struct {
	Addr, Wallet, Share []uint32
}

func newState(m Manifest, n int) *state {
	st := &state{Manifest: m, uf: NewUnionFind(n)}
	st.flags = make([]uint8, n)
	return st
}

// grow makes room for address IDs below n.
func (st *state) grow(n int) {
	st.uf.Grow(n)
	for len(st.flags) < n {
		st.flags = append(st.flags, 0)
	}
}

// link merges the clusters of a and b by heuristic h, recording the
// evidence when they were apart.
func (st *state) link(a, b uint32, h Heuristic, blk, pos uint32) {
	if a == 0 || b == 0 || a == b {
		return
	}
	ra, rb := st.uf.Find(a), st.uf.Find(b)
	if ra == rb {
		return
	}
	r := st.uf.unionRoots(ra, rb)
	st.flags[r] = st.flags[ra] | st.flags[rb] | uint8(h)
	st.ev.add(a, b, blk, pos, h)
	st.links[bits.TrailingZeros8(uint8(h))]++
}

// flushLinks adds the links counted so far to the stats.
func (st *state) flushLinks() {
	for i, n := range st.links {
		if n > 0 {
			st.Stats.addLinks(Heuristic(1<<i), n)
		}
	}
	st.links = [8]int{}
}
