package cli

import (
	"fmt"
	"time"

	"github.com/vigil-project/vigil/internal/intel/ofac"
	"github.com/vigil-project/vigil/internal/namescreen"
	"github.com/vigil-project/vigil/internal/store"
)

func init() {
	register("names", "sanctions names table for screen-name: names import SDN_ADVANCED_XML", runNames)
}

// namesScope is the store scope of the OFAC SDN names table.
const namesScope = "ofac"

func runNames(env *Env, args []string) error {
	var c common
	fs := newFlags("names import", env, &c)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 2 || pos[0] != "import" {
		return usagef("usage: vigil names import PATH (one SDN Advanced XML, .xml or .bz2)")
	}
	ns, err := ofac.ReadNamesFile(pos[1], 0)
	if err != nil {
		return err
	}
	set := sdnNameSet(ns)
	s, err := openStore(&c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := s.ImportNames(*set); err != nil {
		return err
	}
	if c.json {
		return writeJSON(env.Stdout, map[string]any{"scope": namesScope, "date": ns.Date, "parties": len(set.Records)})
	}
	fmt.Fprintf(env.Stdout, "names: %d parties of the %s edition stored (scope %s)\n", len(set.Records), ns.Date, namesScope)
	return nil
}

// sdnNameSet is the names table of an SDN edition.
func sdnNameSet(ns *ofac.Names) *store.NameSet {
	set := &store.NameSet{Scope: namesScope}
	for _, e := range namescreen.EntriesFromSDN(ns, ofac.DefaultSource) {
		set.Records = append(set.Records, store.NameRecord{Entity: e.Entity, Aliases: e.Aliases,
			Source: e.Source, List: e.List, Programs: e.Programs, ListEntryID: e.ListEntryID, ListDate: ns.Date})
	}
	return set
}

// importWithNames imports the label editions and, when an ofac-xml file
// was read, the names table of its latest edition, in one atomic batch.
func importWithNames(s *store.Store, imps []store.LabelImport, eds []parsed, now time.Time) ([]store.Edition, error) {
	var names *store.NameSet
	date := ""
	for i := range eds {
		if n := eds[i].names; n != nil && len(n.Records) > 0 && n.Records[0].ListDate >= date {
			names, date = n, n.Records[0].ListDate
		}
	}
	if names == nil {
		return s.ImportLabels(imps, now)
	}
	return s.ImportLabelsAndNames(imps, *names, now)
}
