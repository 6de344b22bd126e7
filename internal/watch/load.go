package watch

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// chainWatches returns the watches of chain c.
func chainWatches(st *store.Store, c chain.Info) ([]store.Watch, error) {
	all, err := st.Watches()
	if err != nil {
		return nil, err
	}
	var out []store.Watch
	for _, w := range all {
		if w.Chain == c.Name {
			out = append(out, w)
		}
	}
	return out, nil
}

// lookup returns the ID of a canonical address in d.
func lookup(c chain.Info, d *store.Dict, addr string) (chain.AddrID, bool, error) {
	key, err := store.AddressKey(c, addr)
	if err != nil {
		return 0, false, nil
	}
	id, ok, err := d.Lookup(key)
	return chain.AddrID(id), ok, err
}
