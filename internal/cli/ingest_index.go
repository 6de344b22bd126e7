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
	t0 := time.Now()
	var built string
	var closer interface{ Close() error }
	var err error
	if ch.Kind == chain.Account {
		var x *graph.Index
		if x, err = graph.Open(s, ch); err == nil {
			built, closer = x.Built, x
		}
	} else {
		var x *graph.UTXOIndex
		if x, err = graph.OpenUTXO(s, ch); err == nil {
			built, closer = x.Built, x
		}
	}
	if err != nil {
		fmt.Fprintf(env.Stderr, "vigil: warning: graph index not updated (trace will retry): %v\n", err)
		return
	}
	closer.Close()
	if !quiet && built != "fresh" {
		fmt.Fprintf(env.Stderr, "vigil: graph index %s (%s)\n", built, time.Since(t0).Round(time.Millisecond))
	}
}
