package cluster

import (
	"errors"
	"os"
	"path/filepath"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// ExtendIndex returns x extended with the labels that members of a
// labeled cluster inherit (source "cluster", reduced confidence), for
// each of chains that has a cluster build under the store's directory
// (every chain with a build when none is given). Without any build, or
// when nothing is inherited, it returns x itself. A member keeps its own
// labels; it only gains the (entity, category) pairs it lacks. Deposit
// addresses gain none: the tracer reports them as deposit addresses with
// their wallet (deposit_for), and an exchange label on them would make it
// take them for exchange wallets and the addresses paying them for
// deposit addresses.
func ExtendIndex(st *store.Store, x *intel.Index, chains ...chain.Info) (*intel.Index, error) {
	if len(chains) == 0 {
		chains = builtChains(st.Dir())
	}
	var extra []intel.Label
	for _, c := range chains {
		ls, err := inheritedLabels(st, x, c)
		if err != nil {
			return nil, err
		}
		extra = append(extra, ls...)
	}
	if len(extra) == 0 {
		return x, nil
	}
	var all []intel.Label
	if x != nil {
		all = append(all, x.Labels()...)
	}
	return intel.NewIndex(append(all, extra...)), nil
}

// builtChains lists the chains with a build under dataDir.
func builtChains(dataDir string) []chain.Info {
	ents, _ := os.ReadDir(filepath.Join(dataDir, "cluster"))
	var out []chain.Info
	for _, e := range ents {
		if c, err := chain.Lookup(e.Name()); err == nil && Exists(dataDir, c) {
			out = append(out, c)
		}
	}
	return out
}

// inheritedLabels returns the labels chain c's members inherit.
func inheritedLabels(st *store.Store, x *intel.Index, c chain.Info) ([]intel.Label, error) {
	cs, err := OpenStore(st, c)
	if errors.Is(err, ErrNoBuild) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer cs.Close()
	d, err := st.Addresses(c)
	if err != nil {
		return nil, err
	}
	groups, err := cs.Inherit(x)
	if err != nil {
		return nil, err
	}
	deps := cs.depositSet()
	var out []intel.Label
	for _, g := range groups {
		if len(g.Inherited) == 0 {
			continue
		}
		own := ownSet(g)
		for _, id := range cs.Members(g.Root) {
			if deps[id] {
				continue // the tracer reports it as a deposit address, with its wallet
			}
			name, err := store.AddressName(c, d, chain.AddrID(id))
			if err != nil {
				return nil, err
			}
			for _, l := range g.Inherited {
				if own[ownKey{id, l.Entity, l.Category}] {
					continue
				}
				l.Address = name
				out = append(out, l)
			}
		}
	}
	return out, nil
}

// ownKey is a member's own (entity, category).
type ownKey struct {
	id       uint32
	entity   string
	category intel.Category
}

// ownSet returns the members' own (entity, category) pairs of g.
func ownSet(g *ClusterLabels) map[ownKey]bool {
	m := make(map[ownKey]bool, len(g.Own))
	for _, o := range g.Own {
		m[ownKey{o.ID, o.Label.Entity, o.Label.Category}] = true
	}
	return m
}
