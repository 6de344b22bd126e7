package live

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// maxMoved bounds consecutive passes that find the chain moving under
// them (a real reorg settles in one or two).
const maxMoved = 10

// follower carries the state of one Run.
type follower struct {
	st    *store.Store
	node  Node
	o     Options
	c     chain.Info
	res   Result
	t0    time.Time
	prog  progress
	addrs *store.Dict // nil until first needed and after a rollback
	toks  *store.Dict
}

// Run ingests blocks of o.Chain from node into st: the backfill range,
// then, with o.Follow, every new block, rolling back orphaned blocks on a
// reorg. It refuses a node of another network (ErrWrongChain). It returns
// when the range is done (without Follow), on a fatal error, or when ctx
// is cancelled (then with ctx's error; every committed block is whole and
// a new Run resumes after it).
func Run(ctx context.Context, st *store.Store, node Node, o Options) (Result, error) {
	o.defaults()
	f := &follower{st: st, node: node, o: o, c: o.Chain, t0: time.Now()}
	f.prog.start(f.t0)
	if err := checkKind(node, o.Chain); err != nil {
		return f.res, err
	}
	err := f.run(ctx)
	f.res.Elapsed = time.Since(f.t0)
	f.res.Last, f.res.HasLast, _ = lastStored(st, f.c)
	return f.res, err
}

func checkKind(node Node, c chain.Info) error {
	_, u := node.(UTXONode)
	_, a := node.(AccountNode)
	if c.Kind == chain.UTXO && !u || c.Kind == chain.Account && !a {
		return fmt.Errorf("live: the node does not serve %s blocks", c.Name)
	}
	return nil
}

func (f *follower) run(ctx context.Context) error {
	for {
		err := f.checkGenesis(ctx)
		if err == nil {
			break
		}
		if !f.o.Follow || !isNodeErr(err) || ctx.Err() != nil {
			return err
		}
		fmt.Fprintf(f.o.Log, "vigil: warning: %v (retrying in %s)\n", err, f.o.Poll)
		if err := sleep(ctx, f.o.Poll); err != nil {
			return err
		}
	}
	next, err := f.start()
	if err != nil {
		return err
	}
	moved := 0
	for {
		done, n, err := f.pass(ctx, next)
		next = n
		if !errors.Is(err, ErrChainMoved) {
			moved = 0
		}
		switch {
		case errors.Is(err, ErrChainMoved) && moved < maxMoved:
			moved++
			fmt.Fprintf(f.o.Log, "vigil: %s: %v; checking again\n", f.c.Name, err)
			if err := sleep(ctx, min(f.o.Poll, time.Duration(moved)*100*time.Millisecond)); err != nil {
				return err
			}
			continue
		case errors.Is(err, ErrChainMoved):
			return fmt.Errorf("%w %d times in a row: the node serves blocks that do not link up", err, moved+1)
		case err != nil && ctx.Err() != nil:
			return ctx.Err()
		case err != nil && f.o.Follow && isNodeErr(err):
			fmt.Fprintf(f.o.Log, "vigil: warning: %v (retrying in %s)\n", err, f.o.Poll)
		case err != nil:
			return err
		case done:
			return nil
		}
		if err := sleep(ctx, f.o.Poll); err != nil {
			return err
		}
	}
}

// pass checks for a reorg, then ingests next..target. done says the work
// is over (no Follow, or Follow with To reached).
func (f *follower) pass(ctx context.Context, next uint64) (bool, uint64, error) {
	tip, err := f.node.Tip(ctx)
	if err != nil {
		return false, next, nodeErr{err}
	}
	if next, err = f.reconcile(ctx, tip, next); err != nil {
		return false, next, err
	}
	target := tip
	if f.o.HasTo {
		target = min(target, f.o.To)
	}
	if next <= target {
		if next, err = f.backfill(ctx, next, target); err != nil {
			return false, next, err
		}
	}
	if f.o.HasTo && next > f.o.To {
		return true, next, nil
	}
	if !f.o.Follow && f.o.HasTo {
		fmt.Fprintf(f.o.Log, "vigil: %s: the node's tip is block %d, before --to %d: ingested to the tip\n", f.c.Name, tip, f.o.To)
	}
	return !f.o.Follow, next, nil
}

// start is the first block to fetch: From (skipping blocks already
// stored) or the block after the highest stored one.
func (f *follower) start() (uint64, error) {
	if !f.o.HasFrom {
		last, ok, err := lastStored(f.st, f.c)
		if err != nil || !ok {
			return 0, err
		}
		return last + 1, nil
	}
	n := f.o.From
	for {
		_, ok, err := f.st.BlockHash(f.c, n)
		if err != nil || !ok {
			return n, err
		}
		n++
	}
}

func lastStored(st *store.Store, c chain.Info) (uint64, bool, error) {
	_, last, ok, err := st.BlockRange(c)
	return last, ok, err
}

// checkGenesis refuses a node whose block 0 differs from the one recorded
// for the chain (or from a stored block 0), and records it on first use.
func (f *follower) checkGenesis(ctx context.Context) error {
	g, err := f.node.Genesis(ctx)
	if err != nil {
		return nodeErr{fmt.Errorf("reading the node's genesis block: %w", err)}
	}
	want, ok, err := f.st.Genesis(f.c)
	if err != nil {
		return err
	}
	if !ok {
		h, stored, err := f.st.BlockHash(f.c, 0)
		if err != nil {
			return err
		}
		want, ok = h, stored && h != (chain.Hash{})
	}
	if ok && want != g {
		return fmt.Errorf("%w: the node's %s genesis block is %s, the store's is %s (use another --data directory for another network)",
			ErrWrongChain, f.c.Name, g.Hex(), want.Hex())
	}
	return f.st.SetGenesis(f.c, g)
}

// nodeErr marks a failure talking to the node (retried when following).
type nodeErr struct{ err error }

func (e nodeErr) Error() string { return e.err.Error() }
func (e nodeErr) Unwrap() error { return e.err }

func isNodeErr(err error) bool {
	var n nodeErr
	return errors.As(err, &n)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// runHooks calls the hooks with the highest stored block.
func (f *follower) runHooks(ctx context.Context) {
	tip, ok, err := lastStored(f.st, f.c)
	if err != nil || !ok {
		tip = 0
	}
	hctx := context.WithoutCancel(ctx)
	for _, h := range f.o.Hooks {
		if err := h(hctx, f.st, f.c, tip); err != nil {
			fmt.Fprintf(f.o.Log, "vigil: warning: after ingest: %v\n", err)
		}
	}
}
