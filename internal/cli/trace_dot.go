package cli

import (
	"bufio"
	"fmt"
	"os"

	"github.com/vigil-project/vigil/internal/trace"
)

// writeDot writes the traced subgraph as Graphviz: seeds, tainted moves
// (aggregated per sender, receiver and asset) and endpoints labeled with
// their entity.
func writeDot(path string, res *trace.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--graph: %w", err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintf(w, "digraph trace {\n  rankdir=LR;\n  node [shape=box, fontsize=10];\n")
	for _, s := range res.Seeds {
		fmt.Fprintf(w, "  %q [style=filled, fillcolor=\"#f4a6a6\", label=%q];\n", s, "seed\n"+s)
	}
	for _, e := range res.Endpoints {
		fmt.Fprintf(w, "  %q [style=filled, fillcolor=\"#a6c8f4\", label=%q];\n", e.Address, e.Entity+" ("+e.Category+")\n"+e.Address)
	}
	for _, r := range res.Resting {
		fmt.Fprintf(w, "  %q [style=dashed];\n", r.Address)
	}
	for _, e := range res.Edges {
		fmt.Fprintf(w, "  %q -> %q [label=%q];\n", e.From, e.To, e.Amount+" "+e.Asset)
	}
	fmt.Fprintln(w, "}")
	err = w.Flush()
	if e := f.Close(); err == nil {
		err = e
	}
	if err != nil {
		return fmt.Errorf("--graph: %w", err)
	}
	return nil
}
