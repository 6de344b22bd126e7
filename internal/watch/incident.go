package watch

import (
	"sort"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel/incidents"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

// findIncident returns incident id: the stored one, else the registry's.
func findIncident(st *store.Store, id string) (incidents.Incident, error) {
	stored, err := st.Incidents()
	if err != nil {
		return incidents.Incident{}, err
	}
	for _, inc := range stored {
		if inc.ID == id {
			return inc, nil
		}
	}
	reg, err := incidents.Registry()
	if err != nil {
		return incidents.Incident{}, err
	}
	for _, inc := range reg {
		if inc.ID == id {
			return inc, nil
		}
	}
	return incidents.Incident{}, inputerr.Usagef("no incident %q (see vigil incidents list)", id)
}

// incidentSeeds returns the canonical addresses of the incident's seeds
// on c, victims excepted.
func incidentSeeds(inc incidents.Incident, c chain.Info) []string {
	var out []string
	for _, s := range inc.Seeds {
		if s.Chain != c.Name || s.Role == "victim" {
			continue
		}
		if a, err := chain.NormalizeAddress(c, s.Address); err == nil {
			out = append(out, a)
		}
	}
	return out
}

// incidentAddrs is what an incident watch watches: the seeds, and every
// address a forward trace from the seeds (those the store holds) reaches
// through tainted moves, labeled services excepted; trace endpoints
// (exchange deposit addresses) get RoleEndpoint.
func incidentAddrs(st *store.Store, c chain.Info, id string) ([]store.WatchAddr, error) {
	inc, err := findIncident(st, id)
	if err != nil {
		return nil, err
	}
	seeds := incidentSeeds(inc, c)
	if len(seeds) == 0 {
		return nil, inputerr.Usagef("incident %q has no %s seeds to watch", id, c.Name)
	}
	roles := map[string]string{}
	for _, s := range seeds {
		roles[s] = store.RoleSeed
	}
	if err := addTraced(st, c, seeds, roles); err != nil {
		return nil, err
	}
	out := make([]store.WatchAddr, 0, len(roles))
	for a, r := range roles {
		out = append(out, store.WatchAddr{Address: a, Role: r})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
	return out, nil
}

// addTraced runs the forward trace from the seeds the store holds and
// adds what it reaches to roles.
func addTraced(st *store.Store, c chain.Info, seeds []string, roles map[string]string) error {
	present, err := storedAddrs(st, c, seeds)
	if err != nil || len(present) == 0 {
		return err
	}
	labels, err := st.LabelIndex()
	if err != nil {
		return err
	}
	res, err := trace.Run(st, trace.Query{Chain: c, Seeds: present, Edges: true}, labels)
	if err != nil {
		return err
	}
	svc := func(a string) bool { return isServiceAddr(st, c, a) }
	put := func(a, role string) {
		if _, ok := roles[a]; !ok && a != "" && !svc(a) {
			roles[a] = role
		}
	}
	for _, e := range res.Endpoints {
		put(e.Address, store.RoleEndpoint)
	}
	for _, e := range res.Edges {
		put(e.From, store.RoleTraced)
		put(e.To, store.RoleTraced)
	}
	for _, r := range res.Resting {
		put(r.Address, store.RoleTraced)
	}
	return nil
}

// storedAddrs keeps the addresses the store has seen.
func storedAddrs(st *store.Store, c chain.Info, addrs []string) ([]string, error) {
	d, err := st.Addresses(c)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, a := range addrs {
		_, ok, err := lookup(c, d, a)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, a)
		}
	}
	return out, nil
}
