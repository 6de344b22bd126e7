package namescreen

import "github.com/vigil-project/vigil/internal/intel/ofac"

// EntriesFromSDN turns the parties of an SDN names edition into entries.
func EntriesFromSDN(ns *ofac.Names, source string) []Entry {
	out := make([]Entry, 0, len(ns.Parties))
	for _, p := range ns.Parties {
		out = append(out, Entry{Entity: p.Name, Aliases: p.Aliases, Source: source, List: p.List,
			Programs: p.Programs, ListEntryID: p.ListEntryID, Type: p.Type})
	}
	return out
}
