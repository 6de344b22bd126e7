package cluster

import (
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// Conflicts lists the clusters of chain c's build whose members carry
// labels of x of one category with different entities (at most limit,
// largest first), and how many there are.
func Conflicts(st *store.Store, c chain.Info, x *intel.Index, limit int) ([]ClusterConflict, int, error) {
	cs, err := OpenStore(st, c)
	if err != nil {
		return nil, 0, err
	}
	defer cs.Close()
	groups, err := cs.Inherit(x)
	if err != nil {
		return nil, 0, err
	}
	d, err := st.Addresses(c)
	if err != nil {
		return nil, 0, err
	}
	out := []ClusterConflict{}
	for _, g := range groups {
		if len(g.Conflicts) == 0 {
			continue
		}
		id := cs.ID(g.Root)
		name, err := store.AddressName(c, d, chain.AddrID(id))
		if err != nil {
			return nil, 0, err
		}
		out = append(out, ClusterConflict{ID: id, Address: name, Size: cs.Size(g.Root), Conflicts: g.Conflicts})
	}
	slices.SortFunc(out, func(a, b ClusterConflict) int {
		if a.Size != b.Size {
			return b.Size - a.Size
		}
		return int(a.ID) - int(b.ID)
	})
	return out[:min(limit, len(out))], len(out), nil
}
