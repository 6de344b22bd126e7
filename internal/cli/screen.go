package cli

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/screen"
	"github.com/vigil-project/vigil/internal/store"
)

func init() {
	register("screen", "screen addresses (KYT): risk from labels and indirect exposure", runScreen)
}

// screenDoc is the contract's screen JSON.
type screenDoc struct {
	Results []screen.Result `json:"results"`
}

func runScreen(env *Env, args []string) error {
	var c common
	fs := newFlags("screen", env, &c)
	chainName := chainFlag(fs, "")
	hops := fs.Int("hops", screen.DefaultHops, "hops of indirect exposure (backward and forward)")
	rulesFile := fs.String("rules", "", "risk rules YAML file (default: the built-in rules)")
	explain := fs.Bool("explain", false, "say which rule decided the risk and why")
	input := fs.String("input", "", "file of addresses: one per line, or CSV with an address column")
	clusters := fs.Bool("clusters", true, clusterFlagUsage)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	ch, err := lookupChain(*chainName)
	if err != nil {
		return err
	}
	if *hops < 1 || *hops > 64 {
		return usagef("--hops %d: want 1 to 64", *hops)
	}
	rules, err := loadRules(*rulesFile)
	if err != nil {
		return err
	}
	items, err := screenItems(ch, pos, *input)
	if err != nil {
		return err
	}
	results, err := screenAll(c.data, ch, rules, items, screen.Options{Hops: *hops, Explain: *explain}, *clusters)
	if err != nil {
		return err
	}
	if c.json {
		return writeJSON(env.Stdout, screenDoc{Results: results})
	}
	printScreen(env, results)
	return nil
}

// loadRules reads --rules, or returns the built-in rules.
func loadRules(file string) (*screen.Rules, error) {
	if file == "" {
		return screen.DefaultRules(), nil
	}
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, usagef("--rules: %v", err)
	}
	r, err := screen.ParseRules(b, file)
	if pe, ok := err.(*screen.ParseError); ok {
		return nil, inputerr.New(pe.File, pe.Line, "%s", pe.Why)
	}
	return r, err
}

// screenAll opens the store read-only and screens the items in order.
func screenAll(dir string, ch chain.Info, rules *screen.Rules, items []screenItem, o screen.Options, clusters bool) ([]screen.Result, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, usagef("no store at %s: ingest data or import labels first", dir)
	}
	st, err := store.Open(dir, &store.Options{ReadOnly: true})
	if err != nil {
		return nil, err
	}
	defer st.Close()
	labels, err := labelIndex(st, ch, clusters)
	if err != nil {
		return nil, err
	}
	s := screen.New(st, labels, rules)
	defer s.Close()
	out := make([]screen.Result, 0, len(items))
	for _, it := range items {
		r, err := s.Screen(ch, it.addr, o)
		if err != nil {
			return nil, it.fail(err)
		}
		out = append(out, r)
	}
	return out, nil
}

// printScreen prints one block per address.
func printScreen(env *Env, rs []screen.Result) {
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	for i, r := range rs {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s %s  risk %s\n", r.Chain, r.Address, strings.ToUpper(string(r.Risk)))
		if !r.Known {
			fmt.Fprintf(w, "  (no moves of this address in the loaded data: labels only)\n")
		}
		for _, d := range r.Direct {
			fmt.Fprintf(w, "  direct\t%s\t%s\tsource %s, confidence %d\n", d.Category, d.Entity, d.Source, d.Confidence)
		}
		for _, x := range r.Indirect {
			fmt.Fprintf(w, "  indirect %s\t%s\t%s\tshare %s of %s at %d hops\n", x.Direction, x.Category, x.Entity, x.Share, x.Asset, x.Hops)
		}
		if r.Explain != nil {
			rule := r.Explain.Rule
			if rule == "" {
				rule = "(none)"
			}
			fmt.Fprintf(w, "  rule %s: %s\n", rule, r.Explain.Reason)
		}
	}
	w.Flush()
}
