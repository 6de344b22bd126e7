package live

import (
	"context"
	"fmt"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// fetched is one node call's blocks with the private interners they were
// converted with.
type fetched struct {
	from, to uint64
	utxo     []chain.UTXOBlock
	acct     []chain.AccountBlock
	la, lt   *chain.MapInterner
	err      error
}

func (b *fetched) moves() int {
	n := 0
	for i := range b.utxo {
		for j := range b.utxo[i].Txs {
			n += len(b.utxo[i].Txs[j].Inputs) + len(b.utxo[i].Txs[j].Outputs)
		}
	}
	for i := range b.acct {
		n += len(b.acct[i].Transfers)
	}
	return n
}

// backfill ingests blocks from..to: up to Workers node calls of
// FetchBlocks blocks run ahead in parallel while the blocks are committed
// in order, in chunks of about CommitMoves moves or CommitEvery. It returns
// the next block to fetch.
func (f *follower) backfill(ctx context.Context, from, to uint64) (uint64, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	order := f.fetchAhead(ctx, from, to)
	next := from
	var pend []*fetched
	moves := 0
	since := time.Now()
	for ch := range order {
		b := <-ch
		if b.err != nil {
			return next, b.err
		}
		pend, moves = append(pend, b), moves+b.moves()
		last := b.to == to
		if !last && moves < f.o.CommitMoves && time.Since(since) < f.o.CommitEvery {
			continue
		}
		if err := f.commit(ctx, pend); err != nil {
			return next, err
		}
		next = b.to + 1
		pend, moves, since = pend[:0], 0, time.Now()
		f.prog.report(f.o.Progress, f.c, next-1, to, &f.res, last)
	}
	if ctx.Err() != nil {
		return next, ctx.Err()
	}
	return next, nil
}

// fetchAhead starts the node calls for from..to and returns, in block
// order, one channel per call that delivers its result. At most Workers
// calls run at once and at most 2·Workers results wait to be committed.
func (f *follower) fetchAhead(ctx context.Context, from, to uint64) <-chan chan *fetched {
	order := make(chan chan *fetched, f.o.Workers)
	sem := make(chan struct{}, f.o.Workers)
	go func() {
		defer close(order)
		for lo := from; lo <= to; {
			hi := min(to, lo+uint64(f.o.FetchBlocks)-1)
			ch := make(chan *fetched, 1)
			select {
			case sem <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case order <- ch:
			case <-ctx.Done():
				return
			}
			go func(lo, hi uint64) {
				defer func() { <-sem }()
				ch <- f.fetch(ctx, lo, hi)
			}(lo, hi)
			if hi == to {
				return
			}
			lo = hi + 1
		}
	}()
	return order
}

// fetch reads blocks lo..hi with private interners.
func (f *follower) fetch(ctx context.Context, lo, hi uint64) *fetched {
	b := &fetched{from: lo, to: hi, la: &chain.MapInterner{}, lt: &chain.MapInterner{}}
	var err error
	if f.c.Kind == chain.UTXO {
		b.utxo, err = f.node.(UTXONode).UTXOBlocks(ctx, lo, hi, b.la)
		if err == nil && len(b.utxo) != int(hi-lo+1) {
			err = fmt.Errorf("node: asked for %d blocks from %d, got %d", hi-lo+1, lo, len(b.utxo))
		}
	} else {
		b.acct, err = f.node.(AccountNode).AccountBlocks(ctx, lo, hi, b.la, b.lt)
		if err == nil && len(b.acct) != int(hi-lo+1) {
			err = fmt.Errorf("node: asked for %d blocks from %d, got %d", hi-lo+1, lo, len(b.acct))
		}
	}
	if err != nil {
		b.err = nodeErr{fmt.Errorf("%s blocks %d..%d: %w", f.c.Name, lo, hi, err)}
	}
	return b
}

// commit verifies that the pending blocks are still the node's chain and
// link to the stored block before them, then commits them in one call
// (atomic unless it exceeds the store's chunk size, then journaled) and
// runs the hooks.
func (f *follower) commit(ctx context.Context, pend []*fetched) error {
	if ctx.Err() != nil {
		return ctx.Err() // abandon the batch: nothing of it is written
	}
	if err := f.verify(ctx, pend); err != nil {
		return err
	}
	if err := f.dicts(); err != nil {
		return err
	}
	opts := &store.CommitOptions{Source: f.o.Source}
	var stats store.CommitStats
	var err error
	if f.c.Kind == chain.UTXO {
		var blocks []chain.UTXOBlock
		for _, b := range pend {
			remapUTXO(b.utxo, b.la, f.addrs)
			blocks = append(blocks, b.utxo...)
		}
		stats, err = f.st.CommitUTXO(f.c, f.addrs, blocks, opts)
	} else {
		var blocks []chain.AccountBlock
		for _, b := range pend {
			remapAccount(b.acct, b.la, b.lt, f.addrs, f.toks)
			blocks = append(blocks, b.acct...)
		}
		stats, err = f.st.CommitAccount(f.c, f.addrs, f.toks, blocks, opts)
	}
	if err != nil {
		f.addrs, f.toks = nil, nil // the dictionaries hold uncommitted IDs
		return fmt.Errorf("committing %s blocks %d..%d: %w", f.c.Name, pend[0].from, pend[len(pend)-1].to, err)
	}
	f.res.Blocks += int64(stats.Blocks)
	f.res.Txs += stats.Txs
	f.res.Transfers += stats.Moves
	f.runHooks(ctx)
	return nil
}

// dicts opens the store's dictionaries once (again after a rollback).
func (f *follower) dicts() error {
	if f.addrs != nil {
		return nil
	}
	var err error
	if f.addrs, err = f.st.Addresses(f.c); err != nil {
		return err
	}
	if f.c.Kind == chain.Account {
		f.toks, err = f.st.Tokens(f.c)
	}
	return err
}
