package cli

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/watch"
)

// watchAfterIngest runs the watch processor over the blocks an ingest
// wrote and tries once to deliver the alerts. Failures are warnings: the
// ingest is committed, the processor's cursor resumes on the next run and
// undelivered alerts stay queued for `vigil alerts deliver`.
func watchAfterIngest(env *Env, s *store.Store, ch chain.Info, quiet bool) {
	if !hasWatches(env, s, ch) {
		return
	}
	_, tip, _, err := s.BlockRange(ch)
	if err != nil {
		fmt.Fprintf(env.Stderr, "vigil: warning: watches not processed: %v\n", err)
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := watch.ProcessStats(ctx, s, ch, tip)
	if err != nil {
		fmt.Fprintf(env.Stderr, "vigil: warning: watches not processed (the next ingest retries): %v\n", err)
		return
	}
	if !quiet && st.Alerts+st.Orphaned > 0 {
		fmt.Fprintf(env.Stderr, "vigil: watch: %d new alerts, %d orphaned, %d addresses followed (vigil alerts)\n", st.Alerts, st.Orphaned, st.Followed)
	}
	d := watch.NewDeliverer(s)
	ds, err := d.Once(ctx)
	if err != nil {
		fmt.Fprintf(env.Stderr, "vigil: warning: delivering alerts: %v; run vigil alerts deliver to retry\n", err)
	} else if left := ds.Failed + ds.Waiting; left > 0 {
		fmt.Fprintf(env.Stderr, "vigil: warning: %d alert deliveries not done (a target failed); run vigil alerts deliver to retry\n", left)
	}
}

// hasWatches reports whether chain ch has watches (a failure to read them
// is reported and counts as yes: the processor will report it again).
func hasWatches(env *Env, s *store.Store, ch chain.Info) bool {
	ws, err := s.Watches()
	if err != nil {
		fmt.Fprintf(env.Stderr, "vigil: warning: reading watches: %v\n", err)
		return true
	}
	for _, w := range ws {
		if w.Chain == ch.Name {
			return true
		}
	}
	return false
}

// startWatch registers the watch processor as a post-commit hook of a
// live follower (hooks is its Options.Hooks) and delivers alerts in the
// background from the first commit on. The returned stop function ends
// the delivery loop and makes a last delivery pass; call it before the
// store closes:
//
//	defer startWatch(env, s, &o.Hooks)()
//
// Nothing starts before a hook runs, so a follower that commits nothing
// (and may delete a store it just created) leaves no goroutine behind.
func startWatch[H ~func(context.Context, *store.Store, chain.Info, uint64) error](env *Env, s *store.Store, hooks *[]H) func() {
	d := watch.NewDeliverer(s)
	d.Logf = func(format string, a ...any) { fmt.Fprintf(env.Stderr, "vigil: watch: "+format+"\n", a...) }
	ctx, cancel := context.WithCancel(context.Background())
	var once sync.Once
	var wg sync.WaitGroup
	var started atomic.Bool
	hook := d.Hook()
	*hooks = append(*hooks, func(hctx context.Context, st *store.Store, c chain.Info, tip uint64) error {
		once.Do(func() {
			started.Store(true)
			wg.Add(1)
			go func() {
				defer wg.Done()
				if err := d.Run(ctx); err != nil {
					fmt.Fprintf(env.Stderr, "vigil: warning: alert delivery stopped: %v\n", err)
				}
			}()
		})
		return hook(hctx, st, c, tip)
	})
	return func() {
		cancel()
		wg.Wait()
		if !started.Load() {
			return
		}
		last, done := context.WithTimeout(context.Background(), 10*time.Second)
		defer done()
		if _, err := d.Once(last); err != nil {
			fmt.Fprintf(env.Stderr, "vigil: warning: last alert delivery pass: %v\n", err)
		}
	}
}
