package cluster

import (
	"fmt"
	"slices"

	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// Source is the source and importer of labels inherited through a
// cluster.
const Source = "cluster"

// ClusterLabels are the labels a cluster carries: its members' own
// labels, the labels its members inherit, and its conflicts.
type ClusterLabels struct {
	Root uint32
	// Own are the members' own labels (with the member's ID).
	Own []MemberLabel
	// Inherited are the labels every other member inherits: one per
	// (entity, category), from the member label of highest confidence,
	// with source "cluster" and reduced confidence. Labels of a
	// conflicting category are not inherited.
	Inherited []intel.Label
	// Conflicts are the categories labeled with two or more entities.
	Conflicts []Conflict
}

// MemberLabel is a member's own label.
type MemberLabel struct {
	ID    uint32
	Label intel.Label
}

// Conflict is a category for which a cluster's members carry labels of
// different entities (e.g. two exchanges): a wrong link, or a service
// spending from another's addresses. It is reported and not inherited.
type Conflict struct {
	Category string   `json:"category"`
	Entities []string `json:"entities"`
}

// Inherit groups the labels of x on the build's chain by cluster and
// works out what each cluster passes on. Addresses are found through the
// build's key index (no store read per label). Labels of addresses the
// build does not cover, and labels already inherited (source "cluster"),
// are ignored.
func (cs *Clusters) Inherit(x *intel.Index) (map[uint32]*ClusterLabels, error) {
	out := map[uint32]*ClusterLabels{}
	if x == nil {
		return out, nil
	}
	for _, l := range x.Labels() {
		if l.Chain != cs.Chain.Name || l.Source == Source {
			continue
		}
		key, err := store.AddressKey(cs.Chain, l.Address)
		if err != nil {
			continue
		}
		r, id, ok := cs.Lookup(key)
		if !ok {
			continue
		}
		if cs.Size(r) < 2 {
			continue
		}
		cl := out[r]
		if cl == nil {
			cl = &ClusterLabels{Root: r}
			out[r] = cl
		}
		cl.Own = append(cl.Own, MemberLabel{ID: id, Label: l})
	}
	for _, cl := range out {
		cs.resolve(cl)
	}
	return out, nil
}

// resolve fills the conflicts and the inherited labels of cl.
func (cs *Clusters) resolve(cl *ClusterLabels) {
	ents := map[intel.Category][]string{}
	for _, m := range cl.Own {
		c := m.Label.Category
		if !slices.Contains(ents[c], m.Label.Entity) {
			ents[c] = append(ents[c], m.Label.Entity)
		}
	}
	for c, es := range ents {
		if len(es) > 1 {
			slices.Sort(es)
			cl.Conflicts = append(cl.Conflicts, Conflict{Category: string(c), Entities: es})
		}
	}
	slices.SortFunc(cl.Conflicts, func(a, b Conflict) int { return cmpString(a.Category, b.Category) })
	best := map[[2]string]MemberLabel{}
	for _, m := range cl.Own {
		if len(ents[m.Label.Category]) > 1 {
			continue
		}
		k := [2]string{m.Label.Entity, string(m.Label.Category)}
		if b, ok := best[k]; !ok || m.Label.Confidence > b.Label.Confidence {
			best[k] = m
		}
	}
	conf := cs.Heuristics(cl.Root).Confidence()
	for _, m := range best {
		cl.Inherited = append(cl.Inherited, cs.inherited(m, conf, cl.Root))
	}
	slices.SortFunc(cl.Inherited, func(a, b intel.Label) int {
		if a.Category != b.Category {
			return cmpString(string(a.Category), string(b.Category))
		}
		return cmpString(a.Entity, b.Entity)
	})
}

// inherited is the label that m's cluster passes on (Address left empty:
// the caller sets each member's).
func (cs *Clusters) inherited(m MemberLabel, conf int, root uint32) intel.Label {
	l := m.Label
	return intel.Label{
		Chain: l.Chain, Entity: l.Entity, Category: l.Category, Actor: l.Actor, Asset: l.Asset,
		Source: Source, Importer: Source, ImportedAt: cs.Manifest.BuiltAt, TLP: l.TLP,
		Confidence: l.Confidence * conf / 100,
		Note: fmt.Sprintf("cluster %d (%d addresses, %s) of %s labeled by %s", cs.ID(root), cs.Size(root),
			cs.Heuristics(root), l.Address, l.Source),
		List: l.List, Programs: l.Programs, ListEntryID: l.ListEntryID, ListDate: l.ListDate,
	}
}

func cmpString(a, b string) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
