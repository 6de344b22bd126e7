package cli

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

func init() {
	register("trace", "follow value from seed addresses to the services where it arrives", runTrace)
}

// seedList collects repeated --seed flags.
type seedList []string

func (s *seedList) String() string { return strings.Join(*s, ",") }

func (s *seedList) Set(v string) error {
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			*s = append(*s, p)
		}
	}
	return nil
}

func runTrace(env *Env, args []string) error {
	var c common
	var seeds seedList
	fs := newFlags("trace", env, &c)
	chainName := chainFlag(fs, "")
	fs.Var(&seeds, "seed", "seed address (repeatable, or comma-separated)")
	since := fs.Uint64("since-block", 0, "follow value leaving the seeds at or after this block")
	policy := fs.String("policy", "haircut", "taint policy: haircut, poison or fifo")
	maxHops := fs.Int("max-hops", trace.DefaultMaxHops, "hops to follow from the seeds")
	graphFile := fs.String("graph", "", "write the traced subgraph to this Graphviz .dot file")
	direction := fs.String("direction", "forward", "forward (where value went) or backward (where the seeds' funds came from)")
	clusters := fs.Bool("clusters", true, clusterFlagUsage)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	seeds = append(seeds, pos...)
	q, err := traceQuery(*chainName, seeds, *since, *policy, *maxHops, *direction)
	if err != nil {
		return err
	}
	q.Edges = *graphFile != ""
	s, res, err := traceStoreWith(c.data, q, *clusters)
	if err != nil {
		return err
	}
	defer s.Close()
	if len(res.Endpoints)+len(res.Resting) == 0 {
		emptyTraceNote(env, s, q)
	}
	if *graphFile != "" {
		if err := writeDot(*graphFile, res); err != nil {
			return err
		}
	}
	if c.json {
		return writeJSON(env.Stdout, res)
	}
	printTrace(env, q.Chain, res)
	return nil
}

// traceQuery checks the flags of trace.
func traceQuery(chainName string, seeds []string, since uint64, policy string, maxHops int, direction string) (trace.Query, error) {
	ch, err := lookupChain(chainName)
	if err != nil {
		return trace.Query{}, err
	}
	p, err := trace.ParsePolicy(policy)
	if err != nil {
		return trace.Query{}, usagef("--policy: %v", err)
	}
	if len(seeds) == 0 {
		return trace.Query{}, usagef("at least one --seed ADDRESS is needed")
	}
	if maxHops < 1 {
		return trace.Query{}, usagef("--max-hops %d: must be at least 1", maxHops)
	}
	if direction != "forward" && direction != "backward" {
		return trace.Query{}, usagef("--direction %q: want forward or backward", direction)
	}
	if direction == "backward" && p != trace.Haircut {
		return trace.Query{}, usagef("--direction backward attributes in proportion (haircut); --policy %s is forward only", p)
	}
	return trace.Query{Chain: ch, Seeds: seeds, SinceBlock: since, Policy: p, MaxHops: maxHops, Backward: direction == "backward"}, nil
}

// printTrace prints the endpoints and resting value as tables.
func printTrace(env *Env, ch chain.Info, res *trace.Result) {
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(w, "trace %s %s from %s (%s): %d endpoints, %d resting, %d transfers looked at in %d ms\n",
		res.Chain, res.Direction, strings.Join(res.Seeds, ", "), res.Policy, len(res.Endpoints), len(res.Resting),
		res.Stats.TransfersVisited, res.Stats.ElapsedMS)
	if len(res.Endpoints) > 0 {
		fmt.Fprintln(w, "\nENTITY\tCATEGORY\tADDRESS\tDEPOSIT FOR\tASSET\tAMOUNT\tHOPS")
		for _, e := range res.Endpoints {
			dep := "-"
			if e.DepositFor != nil {
				dep = *e.DepositFor
			}
			fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%d\n", e.Entity, e.Category, e.Address, dep, e.Asset,
				displayAmount(ch, e.Asset, e.Amount), e.Hops)
		}
	}
	if len(res.Resting) > 0 {
		fmt.Fprintln(w, "\nRESTING AT\tASSET\tAMOUNT")
		for _, r := range res.Resting {
			fmt.Fprintf(w, "%s\t%s\t%s\n", r.Address, r.Asset, displayAmount(ch, r.Asset, r.Amount))
		}
	}
	w.Flush()
}

// displayAmount prints native amounts with the chain's decimals and token
// amounts in base units (the store does not know token decimals).
func displayAmount(ch chain.Info, asset, amount string) string {
	if asset == ch.Name {
		return formatUnits(amount, ch.Decimals) + " " + strings.ToUpper(ch.Name)
	}
	return amount + " (base units)"
}

// emptyTraceNote says on stderr why a trace found nothing.
func emptyTraceNote(env *Env, s *store.Store, q trace.Query) {
	_, last, ok, err := s.BlockRange(q.Chain)
	switch {
	case err != nil || !ok:
		fmt.Fprintf(env.Stderr, "vigil: note: no %s blocks are loaded\n", q.Chain.Name)
	case q.SinceBlock > last:
		fmt.Fprintf(env.Stderr, "vigil: note: --since-block %d is beyond the loaded %s data (last block %d): nothing to trace\n", q.SinceBlock, q.Chain.Name, last)
	case q.Backward:
		fmt.Fprintf(env.Stderr, "vigil: note: the seeds received nothing at or after block %d\n", q.SinceBlock)
	default:
		fmt.Fprintf(env.Stderr, "vigil: note: the seeds sent nothing at or after block %d\n", q.SinceBlock)
	}
}

// traceStore opens the store in dir read-only and runs q with all its
// current labels. The store is returned open (nil on error).
func traceStore(dir string, q trace.Query) (*store.Store, *trace.Result, error) {
	return traceStoreWith(dir, q, true)
}

// traceStoreWith is traceStore with (when a build exists) or without the
// labels inherited through clusters.
func traceStoreWith(dir string, q trace.Query, clusters bool) (*store.Store, *trace.Result, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, nil, usagef("no store at %s: ingest data first", dir)
	}
	s, err := store.Open(dir, &store.Options{ReadOnly: true})
	if err != nil {
		return nil, nil, err
	}
	labels, err := labelIndex(s, q.Chain, clusters)
	var res *trace.Result
	if err == nil {
		res, err = trace.Run(s, q, labels)
	}
	if err != nil {
		s.Close()
		return nil, nil, err
	}
	return s, res, nil
}
