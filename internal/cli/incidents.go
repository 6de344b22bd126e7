package cli

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/vigil-project/vigil/internal/intel/incidents"
	"github.com/vigil-project/vigil/internal/store"
)

func init() {
	register("incidents", "heist registry: incidents list | show ID | import FILE", runIncidents)
}

// incidentJSON is an incident with where it comes from: "registry" (the
// curated file built into vigil) or "imported" (stored by incidents import;
// an imported incident overrides the registry one of the same id).
type incidentJSON struct {
	incidents.Incident
	Origin string `json:"origin"`
}

func runIncidents(env *Env, args []string) error {
	if len(args) >= 3 && args[0] == "--data" {
		args = append([]string{args[2], "--data", args[1]}, args[3:]...)
	}
	if len(args) == 0 {
		return usagef("usage: vigil incidents list | show ID | import FILE [--json]")
	}
	switch args[0] {
	case "list":
		return runIncidentsList(env, args[1:], "")
	case "show":
		return runIncidentsList(env, args[1:], "show")
	case "import":
		return runIncidentsImport(env, args[1:])
	}
	return usagef("unknown incidents command %q (list, show ID, import FILE)", args[0])
}

// allIncidents merges the registry with the stored incidents.
func allIncidents(c *common) ([]incidentJSON, error) {
	s, err := storeIfExists(c)
	if err != nil {
		return nil, err
	}
	if s != nil {
		defer s.Close()
	}
	return storeIncidents(s)
}

// storeIncidents merges the registry with the incidents stored in s (nil:
// the registry only; vigil serve passes the store it holds).
func storeIncidents(s *store.Store) ([]incidentJSON, error) {
	reg, err := incidents.Registry()
	if err != nil {
		return nil, err
	}
	out := make([]incidentJSON, 0, len(reg))
	at := map[string]int{}
	for _, inc := range reg {
		at[inc.ID] = len(out)
		out = append(out, incidentJSON{Incident: inc, Origin: "registry"})
	}
	if s == nil {
		return out, nil
	}
	return mergeIncidents(out, at, s)
}

// mergeIncidents overrides and extends the registry incidents out (by id
// in at) with those stored in s.
func mergeIncidents(out []incidentJSON, at map[string]int, s *store.Store) ([]incidentJSON, error) {
	stored, err := s.Incidents()
	if err != nil {
		return nil, err
	}
	for _, inc := range stored {
		if i, ok := at[inc.ID]; ok {
			out[i] = incidentJSON{Incident: inc, Origin: "imported"}
			continue
		}
		out = append(out, incidentJSON{Incident: inc, Origin: "imported"})
	}
	return out, nil
}

func runIncidentsList(env *Env, args []string, mode string) error {
	var c common
	fs := newFlags("incidents "+mode, env, &c)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	all, err := allIncidents(&c)
	if err != nil {
		return err
	}
	if mode == "show" {
		if err := needArgs(pos, 1, "incident ID"); err != nil {
			return err
		}
		for _, inc := range all {
			if inc.ID == pos[0] {
				if c.json {
					return writeJSON(env.Stdout, inc)
				}
				printIncident(env, inc)
				return nil
			}
		}
		return usagef("no incident %q (see vigil incidents list)", pos[0])
	}
	if c.json {
		return writeJSON(env.Stdout, map[string]any{"incidents": all})
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "id\tdate\tname\tactor\tstolen (USD)\tseeds\torigin")
	for _, inc := range all {
		usd := "unknown"
		if len(inc.StolenUSD) > 0 {
			usd = inc.StolenUSD[0].Value
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\t%s\n", inc.ID, inc.Date.Value, inc.Name, inc.Actor.Value, usd, len(inc.Seeds), inc.Origin)
	}
	return tw.Flush()
}

func printIncident(env *Env, inc incidentJSON) {
	w := env.Stdout
	fmt.Fprintf(w, "%s  %s (%s)\n", inc.ID, inc.Name, inc.Origin)
	fact := func(name string, f incidents.Fact) {
		fmt.Fprintf(w, "  %-8s %s", name, f.Value)
		if f.Note != "" {
			fmt.Fprintf(w, " (%s)", f.Note)
		}
		fmt.Fprintln(w)
		for _, s := range f.Sources {
			fmt.Fprintf(w, "           source: %s\n", s)
		}
	}
	fact("date", inc.Date)
	fact("victim", inc.Victim)
	fact("actor", inc.Actor)
	fmt.Fprintf(w, "  chains   %s\n", strings.Join(inc.Chains, ", "))
	for _, a := range inc.Stolen {
		approx := ""
		if a.Approximate {
			approx = " (approximate)"
		}
		fmt.Fprintf(w, "  stolen   %s %s base units = %s%s\n", a.Asset, a.BaseUnits, a.Display, approx)
	}
	for _, f := range inc.StolenUSD {
		fact("USD", f)
	}
	for _, s := range inc.Seeds {
		fmt.Fprintf(w, "  seed     %s %s  %s: %s\n", s.Chain, s.Address, s.Role, s.Note)
	}
	for _, n := range inc.Notes {
		fact("note", n)
	}
}

func runIncidentsImport(env *Env, args []string) error {
	var c common
	fs := newFlags("incidents import", env, &c)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if err := needArgs(pos, 1, "FILE"); err != nil {
		return err
	}
	var incs []incidents.Incident
	var seeds []store.LabelImport
	now := time.Now().UTC().Truncate(time.Second)
	for _, p := range pos {
		b, err := os.ReadFile(p)
		if err != nil {
			return usagef("%v", err)
		}
		got, err := incidents.Load(b, p)
		if err != nil {
			return err
		}
		incs = append(incs, got...)
		imp := store.LabelImport{Scope: "incidents:" + filepath.Base(p), Importer: "incidents", File: p,
			AsOf: now.Format("2006-01-02")}
		for _, inc := range got {
			imp.Labels = append(imp.Labels, incidents.SeedLabels(inc, now)...)
		}
		seeds = append(seeds, imp)
	}
	s, err := openStore(&c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	eds, err := s.ImportIncidents(incs, seeds, now)
	if err != nil {
		return err
	}
	labels := 0
	for _, e := range eds {
		labels += e.Added + e.Updated
	}
	if c.json {
		ids := make([]string, len(incs))
		for i := range incs {
			ids[i] = incs[i].ID
		}
		return writeJSON(env.Stdout, map[string]any{"incidents": ids, "seed_labels": eds})
	}
	fmt.Fprintf(env.Stdout, "imported %d incidents (%d seed labels added or updated)\n", len(incs), labels)
	return nil
}
