package trace

import (
	"fmt"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// Run answers q over the store: account chains through the graph index
// (updated first when the store changed), UTXO chains through theirs.
// labels may be nil (no services known: everything rests). An unknown or
// malformed seed is bad usage (inputerr.Usage).
func Run(st *store.Store, q Query, labels *intel.Index) (*Result, error) {
	if len(q.Seeds) == 0 {
		return nil, inputerr.Usagef("trace: at least one --seed is needed")
	}
	if q.MaxHops <= 0 {
		q.MaxHops = DefaultMaxHops
	}
	t0 := time.Now()
	var res *Result
	var err error
	if q.Chain.Kind == chain.UTXO {
		if q.Backward {
			res, err = backTraceUTXO(st, q, labels)
		} else {
			res, err = traceUTXO(st, q, labels)
		}
	} else {
		res, err = traceAccount(st, q, labels)
	}
	if err != nil {
		return nil, err
	}
	res.Direction = "forward"
	if q.Backward {
		res.Direction = "backward"
	}
	res.Stats.ElapsedMS = time.Since(t0).Milliseconds()
	return res, nil
}

// SeedIDs resolves seed addresses to address IDs of d; an address that is
// malformed or not in the store is bad usage.
func SeedIDs(c chain.Info, d *store.Dict, seeds []string) ([]uint32, []string, error) {
	ids := make([]uint32, 0, len(seeds))
	names := make([]string, 0, len(seeds))
	for _, s := range seeds {
		key, err := store.AddressKey(c, s)
		if err != nil {
			return nil, nil, inputerr.Usagef("seed %q: %v", s, err)
		}
		id, ok, err := d.Lookup(key)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			return nil, nil, inputerr.Usagef("seed %s: no such address in the %s data", s, c.Name)
		}
		name, err := store.AddressName(c, d, chain.AddrID(id))
		if err != nil {
			return nil, nil, err
		}
		ids, names = append(ids, id), append(names, name)
	}
	return ids, names, nil
}

// prepare resolves what every trace needs: the chain's address
// dictionary, the seeds' IDs and display names, and the labels by ID.
func prepare(st *store.Store, q Query, labelIdx *intel.Index) (*store.Dict, []uint32, []string, *Labels, error) {
	d, err := st.Addresses(q.Chain)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	ids, names, err := SeedIDs(q.Chain, d, q.Seeds)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	labels, err := LoadLabels(labelIdx, q.Chain, d)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	return d, ids, names, labels, nil
}

// traceAccount runs a forward (or backward) trace on an account chain.
func traceAccount(st *store.Store, q Query, labelIdx *intel.Index) (*Result, error) {
	x, err := graph.Open(st, q.Chain)
	if err != nil {
		return nil, err
	}
	defer x.Close()
	d, ids, names, labels, err := prepare(st, q, labelIdx)
	if err != nil {
		return nil, err
	}
	r := &resolver{st: st, c: q.Chain, d: d, x: x, hashes: map[uint32]string{}}
	if r.tokens, err = st.Tokens(q.Chain); err != nil {
		return nil, err
	}
	var res *Result
	if q.Backward {
		b := newBack(x, q, labels, ids)
		b.run(q.SinceBlock)
		res, err = b.result(r)
	} else {
		a := newAcct(x, q, labels, ids)
		a.run()
		res, err = a.result(r)
	}
	if err != nil {
		return nil, fmt.Errorf("trace: %w", err)
	}
	res.Chain, res.Policy, res.Seeds = q.Chain.Name, q.Policy.String(), names
	return res, nil
}
