package cli

import (
	"fmt"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/store"
)

// updateIndex brings the chain's traversal index up to date after an
// ingest (appending a segment for new blocks), so the next trace starts at
// once. A failure is only a warning: trace updates the index itself.
func updateIndex(env *Env, s *store.Store, ch chain.Info, quiet bool) {
	if ch.Kind != chain.Account {
		return
	}
	t0 := time.Now()
	x, err := graph.Open(s, ch)
	if err != nil {
		fmt.Fprintf(env.Stderr, "vigil: warning: graph index not updated (trace will retry): %v\n", err)
		return
	}
	defer x.Close()
	if !quiet && x.Built != "fresh" {
		fmt.Fprintf(env.Stderr, "graph index %s: %d transfers in %d segments (%s)\n", x.Built, x.Rows, len(x.Segs), time.Since(t0).Round(time.Millisecond))
	}
}
