package cli

import (
	"fmt"

	"github.com/vigil-project/vigil/internal/store"
)

// scopeDiff is what the latest edition of a scope changed against the
// one before it.
type scopeDiff struct {
	Scope    string          `json:"scope"`
	Editions []store.Edition `json:"editions"`
	Latest   string          `json:"latest"`
	Previous string          `json:"previous,omitempty"`
	Current  int             `json:"current"`
	Added    []diffLabel     `json:"added"`
	Delisted []diffLabel     `json:"delisted"`
	Replaced int             `json:"replaced"`
}

type diffLabel struct {
	Chain      string `json:"chain"`
	Address    string `json:"address"`
	Entity     string `json:"entity"`
	Category   string `json:"category"`
	FirstSeen  string `json:"first_seen,omitempty"`
	DelistedAt string `json:"delisted_at,omitempty"`
}

// runLabelsDiff shows, per scope, the edition log and what its latest
// edition added and delisted compared with the previous one.
func runLabelsDiff(env *Env, args []string) error {
	var c common
	fs := newFlags("labels diff", env, &c)
	scope := fs.String("scope", "", "only this scope (e.g. ofac)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	diffs := []*scopeDiff{}
	s, err := storeIfExists(&c)
	if err != nil {
		return err
	}
	if s != nil {
		defer s.Close()
		if diffs, err = computeDiffs(s, *scope); err != nil {
			return err
		}
	}
	if c.json {
		return writeJSON(env.Stdout, map[string]any{"scopes": diffs})
	}
	if len(diffs) == 0 {
		fmt.Fprintln(env.Stdout, "no label editions imported")
	}
	for _, d := range diffs {
		fmt.Fprintf(env.Stdout, "%s: %d editions, latest as of %s, %d current labels\n", d.Scope, len(d.Editions), d.Latest, d.Current)
		for _, e := range d.Editions {
			fmt.Fprintf(env.Stdout, "  %s  %-28s %s  +%d added, %d delisted, %d replaced, %d unchanged\n",
				e.AsOf, e.File, e.ImportedAt.Format("2006-01-02 15:04"), e.Added, e.Delisted, e.Replaced, e.Unchanged)
		}
		if d.Previous == "" {
			continue
		}
		fmt.Fprintf(env.Stdout, "  %s vs %s: %d added, %d delisted, %d replaced\n", d.Latest, d.Previous, len(d.Added), len(d.Delisted), d.Replaced)
		for _, l := range d.Added {
			fmt.Fprintf(env.Stdout, "    + %s %s  %s\n", l.Chain, l.Address, l.Entity)
		}
		for _, l := range d.Delisted {
			fmt.Fprintf(env.Stdout, "    - %s %s  %s (delisted %s)\n", l.Chain, l.Address, l.Entity, l.DelistedAt)
		}
	}
	return nil
}

func computeDiffs(s *store.Store, scope string) ([]*scopeDiff, error) {
	eds, err := s.LabelEditions(scope)
	if err != nil {
		return nil, err
	}
	diffs := []*scopeDiff{}
	by := map[string]*scopeDiff{}
	for _, e := range eds {
		d := by[e.Scope]
		if d == nil {
			d = &scopeDiff{Scope: e.Scope, Added: []diffLabel{}, Delisted: []diffLabel{}}
			by[e.Scope] = d
			diffs = append(diffs, d)
		}
		d.Editions = append(d.Editions, e)
		if e.AsOf != d.Latest && e.AsOf > d.Latest {
			d.Previous, d.Latest = d.Latest, e.AsOf
		} else if e.AsOf < d.Latest && e.AsOf > d.Previous {
			d.Previous = e.AsOf
		}
	}
	for _, d := range diffs {
		recs, err := s.ScopeLabels(d.Scope)
		if err != nil {
			return nil, err
		}
		relabeled := map[string]bool{} // addresses with a label replaced at the latest edition
		for i := range recs {
			if r := &recs[i]; r.Status == store.StatusReplaced && r.DelistedAt == d.Latest {
				relabeled[r.Chain+":"+r.Address] = true
			}
		}
		for i := range recs {
			r := &recs[i]
			dl := diffLabel{Chain: r.Chain, Address: r.Address, Entity: r.Entity, Category: string(r.Category),
				FirstSeen: r.FirstSeen, DelistedAt: r.DelistedAt}
			switch {
			case r.Current():
				d.Current++
				if d.Previous != "" && r.FirstSeen == d.Latest && !relabeled[r.Chain+":"+r.Address] {
					d.Added = append(d.Added, dl)
				}
			case r.DelistedAt == d.Latest && r.Status == store.StatusDelisted:
				d.Delisted = append(d.Delisted, dl)
			case r.DelistedAt == d.Latest && r.Status == store.StatusReplaced:
				d.Replaced++
			}
		}
	}
	return diffs, nil
}
