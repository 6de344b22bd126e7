package namescreen

import (
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// Load builds the index from the store: the sanctions names table (every
// listed party) and every current label of a listed or risky category
// (entity, actor and aliases), one entry per entity and source.
func Load(st *store.Store) (*Index, error) {
	es, err := LoadEntries(st)
	if err != nil {
		return nil, err
	}
	return New(es), nil
}

// LoadEntries returns the entries Load indexes.
func LoadEntries(st *store.Store) ([]Entry, error) {
	var es []Entry
	seen := map[string]int{}
	add := func(e Entry) {
		k := e.ListEntryID + "\x00" + e.Entity + "\x00" + e.Source
		if i, ok := seen[k]; ok {
			es[i].Aliases = append(es[i].Aliases, e.Aliases...)
			return
		}
		seen[k] = len(es)
		es = append(es, e)
	}
	err := st.EachName(func(r *store.NameRecord) error {
		add(Entry{Entity: r.Entity, Aliases: r.Aliases, Source: r.Source, List: r.List,
			Programs: r.Programs, ListEntryID: r.ListEntryID})
		return nil
	})
	if err != nil {
		return nil, err
	}
	err = st.EachLabel("", false, func(r *store.LabelRecord) error {
		if !screened(r.Category) {
			return nil
		}
		al := append([]string(nil), r.Aliases...)
		if r.Actor != "" && r.Actor != r.Entity {
			al = append(al, r.Actor)
		}
		add(Entry{Entity: r.Entity, Aliases: al, Source: r.Source, List: r.List,
			Programs: r.Programs, ListEntryID: r.ListEntryID})
		return nil
	})
	return es, err
}

// screened reports whether labels of category c name entities to screen
// against: sanctioned, heist and illicit actors, not ordinary services.
func screened(c intel.Category) bool {
	switch c {
	case intel.Exchange, intel.DEX, intel.Bridge, intel.Service:
		return false
	}
	return true
}
