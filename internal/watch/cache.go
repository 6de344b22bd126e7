package watch

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// setCache keeps the watched set of one chain between Process runs, so
// that a hook call after each commit does not reload (and re-resolve)
// every watched address. It is valid while the store's watch generation
// is the one it was built at and the new changes only add blocks above
// the highest block stored then (a rollback or a replaced block may drop
// dictionary IDs on UTXO chains: the set is reloaded).
type setCache struct {
	set  *set
	todo []pending
	gen  uint64 // store.WatchGen after the run
	high uint64 // highest stored block after the run
}

// pending is a watched address the dictionary does not hold yet.
type pending struct {
	w int
	a store.WatchAddr
}

// cacheKey names a chain of a store directory.
type cacheKey struct {
	dir string
	c   chain.ID
}

// maxCaches bounds the number of cached sets (one per store and chain a
// process works on; tests open many stores).
const maxCaches = 16

// caches is guarded by mu.
var caches = map[cacheKey]*setCache{}

// loadSet takes the cached set when it is current for changes, else
// builds it from the store.
func (p *proc) loadSet(changes []store.Change) error {
	key := cacheKey{p.st.Dir(), p.c.ID}
	sc := caches[key]
	delete(caches, key) // a failed run leaves no cache behind
	if sc != nil && p.current(sc, changes) {
		p.set, p.todo = sc.set, sc.todo[:0:0]
		for _, t := range sc.todo {
			if err := p.resolve(t); err != nil {
				return err
			}
		}
		return nil
	}
	ws, err := chainWatches(p.st, p.c)
	if err != nil {
		return err
	}
	p.set = newSet(ws)
	for i, w := range ws {
		addrs, err := p.st.WatchAddrs(w.ID)
		if err != nil {
			return err
		}
		for _, a := range addrs {
			if err := p.resolve(pending{w: i, a: a}); err != nil {
				return err
			}
		}
	}
	return nil
}

// current reports whether sc still holds the watches and their IDs.
func (p *proc) current(sc *setCache, changes []store.Change) bool {
	gen, err := p.st.WatchGen()
	if err != nil || gen != sc.gen {
		return false
	}
	for _, ch := range changes {
		if ch.Lowest <= sc.high {
			return false
		}
	}
	return true
}

// resolve adds a watched address to the set, or to todo when the
// dictionary does not have it yet.
func (p *proc) resolve(t pending) error {
	id, ok, err := lookup(p.c, p.d, t.a.Address)
	if err != nil {
		return err
	}
	if !ok {
		p.todo = append(p.todo, t)
		return nil
	}
	p.set.add(id, ref{w: t.w, role: t.a.Role, via: t.a.Via})
	return nil
}

// keep caches the set after a successful run.
func (p *proc) keep() error {
	gen, err := p.st.WatchGen()
	if err != nil {
		return err
	}
	_, high, _, err := p.st.BlockRange(p.c)
	if err != nil {
		return err
	}
	if len(caches) >= maxCaches {
		clear(caches)
	}
	caches[cacheKey{p.st.Dir(), p.c.ID}] = &setCache{set: p.set, todo: p.todo, gen: gen, high: high}
	return nil
}
