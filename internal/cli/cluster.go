package cli

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/cluster"
	"github.com/vigil-project/vigil/internal/store"
)

func init() {
	register("cluster", "group addresses into entities: cluster build | cluster show --chain C ADDRESS", runCluster)
}

// runCluster dispatches the cluster subcommands.
func runCluster(env *Env, args []string) error {
	sub, rest := subcommand(args)
	switch sub {
	case "build":
		return runClusterBuild(env, rest)
	case "show":
		return runClusterShow(env, rest)
	case "":
		return usagef("want a subcommand: cluster build [--chain C] [--heuristics LIST] | cluster show --chain C ADDRESS")
	}
	return usagef("unknown subcommand %q (want build or show)", sub)
}

// subcommand takes the first argument that is not a flag (nor the value
// of --data, which Main may put first) out of args.
func subcommand(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--data" || a == "-data" {
			i++
			continue
		}
		if !strings.HasPrefix(a, "-") {
			return a, append(append([]string{}, args[:i]...), args[i+1:]...)
		}
	}
	return "", args
}

// clusterBuildDoc is cluster build's JSON.
type clusterBuildDoc struct {
	Builds []*cluster.Report `json:"builds"`
}

func runClusterBuild(env *Env, args []string) error {
	var c common
	fs := newFlags("cluster build", env, &c)
	chainName := chainFlag(fs, "")
	heur := fs.String("heuristics", "", "comma-separated heuristics (default: multi-input for UTXO chains, deposit for account chains; "+
		"also change-fresh, change-type, change-round, change-optimal)")
	full := fs.Bool("full", false, "rebuild from the first block")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if _, err := os.Stat(c.data); err != nil {
		return usagef("no store at %s: ingest data first", c.data)
	}
	s, err := store.Open(c.data, &store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	chains, err := buildChains(s, *chainName)
	if err != nil {
		return err
	}
	doc := clusterBuildDoc{Builds: []*cluster.Report{}}
	for _, ch := range chains {
		r, err := buildOne(s, ch, *heur, *full)
		if err != nil {
			return err
		}
		doc.Builds = append(doc.Builds, r)
		fmt.Fprintf(env.Stderr, "vigil: cluster %s: %s in %d ms\n", ch.Name, r.Built, r.ElapsedMS)
	}
	if c.json {
		return writeJSON(env.Stdout, doc)
	}
	printBuilds(env, doc.Builds)
	return nil
}

// buildChains returns the chain named, or every chain with blocks.
func buildChains(s *store.Store, name string) ([]chain.Info, error) {
	if name != "" {
		ch, err := lookupChain(name)
		if err != nil {
			return nil, err
		}
		if _, _, ok, err := s.BlockRange(ch); err != nil {
			return nil, err
		} else if !ok {
			return nil, usagef("no %s blocks are loaded: ingest data first", ch.Name)
		}
		return []chain.Info{ch}, nil
	}
	st, err := s.Stats()
	if err != nil {
		return nil, err
	}
	var out []chain.Info
	for _, cs := range st {
		if cs.Counters.Blocks > 0 {
			out = append(out, cs.Chain)
		}
	}
	if len(out) == 0 {
		return nil, usagef("no blocks are loaded: ingest data first")
	}
	return out, nil
}

// buildOne builds chain ch's clusters with the heuristics named.
func buildOne(s *store.Store, ch chain.Info, heur string, full bool) (*cluster.Report, error) {
	set, err := cluster.ParseSet(heur, ch.Kind)
	if err != nil {
		return nil, usagef("--heuristics: %v", err)
	}
	o := cluster.Options{Heuristics: set, Full: full}
	if o.Labels, err = s.LabelIndex(); err != nil {
		return nil, err
	}
	r, err := cluster.Build(s, ch, o)
	if err != nil {
		return nil, err
	}
	r.Conflicts, r.ConflictCount, err = cluster.Conflicts(s, ch, o.Labels, 20)
	return r, err
}

// printBuilds prints one block per chain.
func printBuilds(env *Env, rs []*cluster.Report) {
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for _, r := range rs {
		fmt.Fprintf(w, "%s: %s (%s), %d addresses through block %d\n", r.Chain, r.Built, strings.Join(r.Heuristics, ","), r.Addresses, r.LastBlock)
		fmt.Fprintf(w, "  clusters\t%d (%d of one address, %d of two or more holding %d addresses; largest %d)\n",
			r.Clusters, r.Singletons, r.MultiMember, r.Clustered, r.Largest)
		for _, t := range r.Top[:min(3, len(r.Top))] {
			fmt.Fprintf(w, "  largest\t%s (%d addresses)\n", t.Address, t.Size)
		}
		for _, b := range r.Sizes {
			if b.Clusters == 0 {
				continue
			}
			fmt.Fprintf(w, "  size %d-%d\t%d\n", b.Min, b.Max, b.Clusters)
		}
		for h, n := range r.Stats.Links {
			fmt.Fprintf(w, "  links %s\t%d\n", h, n)
		}
		for k, n := range r.Stats.CoinJoins {
			fmt.Fprintf(w, "  coinjoins %s\t%d (skipped)\n", k, n)
		}
		if r.Stats.Deposits > 0 {
			fmt.Fprintf(w, "  deposit addresses\t%d\n", r.Stats.Deposits)
		}
		for _, c := range r.Conflicts {
			for _, k := range c.Conflicts {
				fmt.Fprintf(w, "  CONFLICT\tcluster %s (%d addresses): %s %s\n", c.Address, c.Size, k.Category, strings.Join(k.Entities, " | "))
			}
		}
	}
	w.Flush()
}
