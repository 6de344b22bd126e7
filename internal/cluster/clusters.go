package cluster

import (
	"math/bits"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// Clusters is a loaded cluster build of one chain: every address ID below
// Len() maps to its cluster in one array read (Of), and the members of a
// cluster are one contiguous, ascending range (Members).
type Clusters struct {
	Chain    chain.Info
	Manifest Manifest
	a        *arrays
}

// Open loads chain c's cluster build under the data directory (ErrNoBuild
// when there is none). On Linux and macOS the arrays file is memory-mapped
// read-only and used in place (after the size, checksum and every ID are
// checked): nothing is copied to the heap. Close releases it.
func Open(dataDir string, c chain.Info) (*Clusters, error) {
	return openDir(Dir(dataDir, c), c, true)
}

// openDir loads the build in dir, mapped or copied (readArrays).
func openDir(dir string, c chain.Info, mapped bool) (*Clusters, error) {
	m, a, err := load(dir, mapped)
	if err != nil {
		return nil, err
	}
	return &Clusters{Chain: c, Manifest: m, a: a}, nil
}

// Close releases the memory-mapped file of a build from Open. Slices the
// Clusters returned (Members) must not be used after it; the Clusters
// itself then answers as an empty build (every address its own cluster).
// Closing twice, or a Clusters from Build, does nothing.
func (cs *Clusters) Close() error {
	if cs == nil || cs.a == nil {
		return nil
	}
	return cs.a.release()
}

// OpenStore is Open for the store's data directory.
func OpenStore(st *store.Store, c chain.Info) (*Clusters, error) { return Open(st.Dir(), c) }

// fromState wraps a state just saved (its union-find flattened).
func fromState(c chain.Info, st *state) *Clusters {
	a := &arrays{root: st.uf.Roots(), flags: st.flags, ev: st.ev.columns(), dep: st.dep, keys: st.keys}
	a.off, a.list = membersCSR(a.root)
	return &Clusters{Chain: c, Manifest: st.Manifest, a: a}
}

// Len returns the number of address IDs covered (IDs 0..Len()-1; 0 is
// no address).
func (cs *Clusters) Len() int { return len(cs.a.root) }

// Of returns the cluster (its root ID) of address id; an ID beyond the
// build (an address new since) is its own cluster.
func (cs *Clusters) Of(id uint32) uint32 {
	if int(id) >= len(cs.a.root) {
		return id
	}
	return cs.a.root[id]
}

// Lookup returns the cluster (root ID) and the ID of an address given as
// its dictionary key (store.AddressKey), from the build alone: no store
// read. ok is false for an address the build does not cover.
func (cs *Clusters) Lookup(key []byte) (root, id uint32, ok bool) {
	id, ok = cs.a.keys.lookup(key)
	if !ok {
		return 0, 0, false
	}
	return cs.Of(id), id, true
}

// Size returns the number of addresses in cluster root.
func (cs *Clusters) Size(root uint32) int {
	if int(root) >= len(cs.a.root) {
		return 1
	}
	return int(cs.a.off[root+1] - cs.a.off[root])
}

// Members returns the address IDs of cluster root, ascending. The slice
// is shared: do not modify it.
func (cs *Clusters) Members(root uint32) []uint32 {
	if int(root) >= len(cs.a.root) {
		return []uint32{root}
	}
	return cs.a.list[cs.a.off[root]:cs.a.off[root+1]]
}

// ID returns the stable name of cluster root: its lowest address ID.
func (cs *Clusters) ID(root uint32) uint32 { return cs.Members(root)[0] }

// Heuristics returns the heuristics that linked cluster root.
func (cs *Clusters) Heuristics(root uint32) Set {
	if int(root) >= len(cs.a.flags) {
		return 0
	}
	return Set(cs.a.flags[root])
}

// Evidence is one link that merged two clusters.
type Evidence struct {
	A, B      uint32
	Heuristic Heuristic
	// Block and Pos locate the transaction (UTXO); for a deposit link,
	// Block is the block of the deposit's first move to the exchange.
	Block, Pos uint32
}

// Evidence returns the links inside cluster root, at most limit (all when
// limit ≤ 0), and how many there are per heuristic.
func (cs *Clusters) Evidence(root uint32, limit int) ([]Evidence, map[string]int) {
	var out []Evidence
	counts := map[string]int{}
	e := &cs.a.ev
	for i, a := range e.A {
		if cs.Of(a) != root {
			continue
		}
		h := Heuristic(e.H[i])
		counts[h.String()]++
		if limit <= 0 || len(out) < limit {
			out = append(out, Evidence{A: a, B: e.B[i], Heuristic: h, Block: e.Block[i], Pos: e.Pos[i]})
		}
	}
	return out, counts
}

// EvidenceOf returns the links that name address id.
func (cs *Clusters) EvidenceOf(id uint32, limit int) []Evidence {
	var out []Evidence
	e := &cs.a.ev
	for i := range e.A {
		if (e.A[i] == id || e.B[i] == id) && len(out) < limit {
			out = append(out, Evidence{A: e.A[i], B: e.B[i], Heuristic: Heuristic(e.H[i]), Block: e.Block[i], Pos: e.Pos[i]})
		}
	}
	return out
}

// DepositOf returns the deposit evidence of address id: the wallet it
// forwards to and the least share (per mille) it sent there.
func (cs *Clusters) DepositOf(id uint32) (wallet, share uint32, ok bool) {
	d := &cs.a.dep
	for i, a := range d.Addr {
		if a == id {
			return d.Wallet[i], d.Share[i], true
		}
	}
	return 0, 0, false
}

// depositSet returns the deposit addresses as a set.
func (cs *Clusters) depositSet() map[uint32]bool {
	m := make(map[uint32]bool, len(cs.a.dep.Addr))
	for _, a := range cs.a.dep.Addr {
		m[a] = true
	}
	return m
}

// Summary is the shape of a clustering.
type Summary struct {
	Clusters    int `json:"clusters"`     // clusters of addresses seen (address ID ≥ 1)
	Singletons  int `json:"singletons"`   // clusters of one address
	MultiMember int `json:"multi_member"` // clusters of two or more
	Clustered   int `json:"clustered"`    // addresses in clusters of two or more
	Largest     int `json:"largest"`
	// Sizes is the size distribution: clusters per size bucket (1, 2, 3-4,
	// 5-8, ... powers of two).
	Sizes []SizeBucket `json:"sizes"`
	// Top are the largest clusters.
	Top []TopCluster `json:"top"`
}

// SizeBucket counts the clusters whose size is in Min..Max.
type SizeBucket struct {
	Min      int `json:"min"`
	Max      int `json:"max"`
	Clusters int `json:"clusters"`
}

// TopCluster is one of the largest clusters.
type TopCluster struct {
	ID      uint32 `json:"id"`      // lowest address ID
	Address string `json:"address"` // its address (filled by Build)
	Size    int    `json:"size"`
}

// Summarize counts the clusters and their sizes (address ID 0 excluded)
// and lists the top largest.
func (cs *Clusters) Summarize(top int) Summary {
	var s Summary
	var tops []TopCluster
	for r := 1; r < len(cs.a.root); r++ {
		if cs.a.root[r] != uint32(r) {
			continue
		}
		n := cs.Size(uint32(r))
		s.Clusters++
		if n == 1 {
			s.Singletons++
		} else {
			s.MultiMember++
			s.Clustered += n
		}
		s.Largest = max(s.Largest, n)
		s.addSize(n)
		tops = append(tops, TopCluster{ID: cs.ID(uint32(r)), Size: n})
	}
	slices.SortFunc(tops, func(x, y TopCluster) int {
		if x.Size != y.Size {
			return y.Size - x.Size
		}
		return int(x.ID) - int(y.ID)
	})
	s.Top = tops[:min(top, len(tops))]
	if s.Top == nil {
		s.Top = []TopCluster{}
	}
	return s
}

func (s *Summary) addSize(n int) {
	b := bits.Len(uint(n - 1)) // 1 -> 0, 2 -> 1, 3-4 -> 2, 5-8 -> 3, ...
	for len(s.Sizes) <= b {
		i := len(s.Sizes)
		lo := 1
		if i > 0 {
			lo = 1<<(i-1) + 1
		}
		s.Sizes = append(s.Sizes, SizeBucket{Min: lo, Max: 1 << i})
	}
	s.Sizes[b].Clusters++
}
