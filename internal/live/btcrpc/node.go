package btcrpc

import (
	"context"
	"errors"
	"fmt"
	"sync"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/jsonrpc"
	"github.com/vigil-project/vigil/internal/live"
)

// Options configures a Node. Zero values mean the defaults.
type Options struct {
	// User and Pass are the RPC credentials (HTTP basic auth); credentials
	// in the URL work too.
	User, Pass string
	// RPC configures the JSON-RPC client (timeouts, retries, backoff).
	RPC jsonrpc.Options
	// BatchBlocks is the number of getblock calls per HTTP request
	// (default 4: mainnet blocks at verbosity 3 are several MB of JSON).
	BatchBlocks int
	// Workers is the number of HTTP requests one UTXOBlocks call has in
	// flight at once (default 4).
	Workers int
}

// Node is a live.UTXONode over a Bitcoin Core-compatible JSON-RPC node. It
// is safe for concurrent use.
type Node struct {
	c    *jsonrpc.Client
	opts Options
}

var _ live.UTXONode = (*Node)(nil)

// hashBatch bounds getblockhash calls per request.
const hashBatch = 1000

// New returns a Node for the node at url (http://[user:pass@]host:port).
func New(url string, o Options) (*Node, error) {
	o.RPC.Version = "1.0"
	c, err := jsonrpc.New(url, o.RPC)
	if err != nil {
		return nil, err
	}
	if o.User != "" || o.Pass != "" {
		c.SetAuth(o.User, o.Pass)
	}
	if o.BatchBlocks <= 0 {
		o.BatchBlocks = 4
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	return &Node{c: c, opts: o}, nil
}

// Genesis returns the hash of block 0.
func (n *Node) Genesis(ctx context.Context) (chain.Hash, error) { return n.Hash(ctx, 0) }

// Tip returns the height of the node's best block (getblockcount).
func (n *Node) Tip(ctx context.Context) (uint64, error) {
	var h int64
	if err := n.c.Call(ctx, &h, "getblockcount"); err != nil {
		return 0, err
	}
	if h < 0 {
		return 0, fmt.Errorf("node: getblockcount: negative height %d", h)
	}
	return uint64(h), nil
}

// Hash returns the hash of block h of the best chain (getblockhash).
func (n *Node) Hash(ctx context.Context, h uint64) (chain.Hash, error) {
	var s string
	if err := n.c.Call(ctx, &s, "getblockhash", h); err != nil {
		return chain.Hash{}, err
	}
	return parseBlockHash(h, s)
}

func parseBlockHash(h uint64, s string) (chain.Hash, error) {
	v, err := chain.ParseHash([]byte(s))
	if err != nil {
		return v, fmt.Errorf("node: getblockhash %d: %q: %v", h, s, err)
	}
	return v, nil
}

// Hashes returns the hashes of blocks from..to of the best chain, with
// batched getblockhash calls.
func (n *Node) Hashes(ctx context.Context, from, to uint64) ([]chain.Hash, error) {
	if to < from {
		return nil, nil
	}
	out := make([]chain.Hash, 0, to-from+1)
	for lo := from; lo <= to; lo += hashBatch {
		hi := min(lo+hashBatch-1, to)
		calls := make([]jsonrpc.BatchCall, hi-lo+1)
		strs := make([]string, len(calls))
		for i := range calls {
			calls[i] = jsonrpc.BatchCall{Method: "getblockhash", Params: []any{lo + uint64(i)}, Out: &strs[i]}
		}
		if err := n.c.Batch(ctx, calls); err != nil {
			return nil, err
		}
		for i := range calls {
			if calls[i].Err != nil {
				return nil, calls[i].Err
			}
			h, err := parseBlockHash(lo+uint64(i), strs[i])
			if err != nil {
				return nil, err
			}
			out = append(out, h)
		}
	}
	return out, nil
}

// UTXOBlocks fetches blocks from..to of the best chain (getblockhash, then
// getblock verbosity 3 in batches fetched in parallel), checks that they
// link up, and converts them in order.
func (n *Node) UTXOBlocks(ctx context.Context, from, to uint64, addrs chain.Interner) ([]chain.UTXOBlock, error) {
	lo := from
	if from > 0 {
		lo = from - 1 // to check that block from follows it
	}
	hashes, err := n.Hashes(ctx, lo, to)
	if err != nil {
		return nil, err
	}
	var parent *chain.Hash
	if from > 0 {
		parent, hashes = &hashes[0], hashes[1:]
	}
	raw, err := n.fetch(ctx, hashes)
	if err != nil {
		return nil, err
	}
	cv := converter{addrs: addrs}
	out := make([]chain.UTXOBlock, len(raw))
	for i := range raw {
		num := from + uint64(i)
		if raw[i].Hash != hashes[i].Hex() {
			return nil, fmt.Errorf("node: getblock %s returned block %q", hashes[i].Hex(), raw[i].Hash)
		}
		prev := parent
		if i > 0 {
			prev = &hashes[i-1]
		}
		if prev != nil && raw[i].Prev != prev.Hex() {
			return nil, fmt.Errorf("node: block %d does not follow block %d (%w)", num, num-1, live.ErrChainMoved)
		}
		if out[i], err = cv.block(num, &raw[i]); err != nil {
			return nil, fmt.Errorf("node: %w", err)
		}
		raw[i] = rpcBlock{} // let the JSON go
	}
	return out, nil
}

// fetch reads the blocks of hashes with Workers parallel batches.
func (n *Node) fetch(ctx context.Context, hashes []chain.Hash) ([]rpcBlock, error) {
	raw := make([]rpcBlock, len(hashes))
	jobs := make(chan int)
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
	)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for w := 0; w < n.opts.Workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for lo := range jobs {
				if err := n.getBlocks(ctx, hashes, raw, lo); err != nil {
					mu.Lock()
					if first == nil {
						first = err
						cancel()
					}
					mu.Unlock()
				}
			}
		}()
	}
	for lo := 0; lo < len(hashes); lo += n.opts.BatchBlocks {
		select {
		case jobs <- lo:
		case <-ctx.Done():
		}
	}
	close(jobs)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		first = ctx.Err()
	}
	return raw, first
}

// getBlocks fetches raw[lo:lo+BatchBlocks] in one batch.
func (n *Node) getBlocks(ctx context.Context, hashes []chain.Hash, raw []rpcBlock, lo int) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	hi := min(lo+n.opts.BatchBlocks, len(hashes))
	calls := make([]jsonrpc.BatchCall, hi-lo)
	for i := range calls {
		calls[i] = jsonrpc.BatchCall{Method: "getblock", Params: []any{hashes[lo+i].Hex(), 3}, Out: &raw[lo+i]}
	}
	if err := n.c.Batch(ctx, calls); err != nil {
		return err
	}
	for i := range calls {
		if err := calls[i].Err; err != nil {
			var rpcErr *jsonrpc.Error
			if errors.As(err, &rpcErr) {
				return fmt.Errorf("node: getblock %s: %w", hashes[lo+i].Hex(), err)
			}
			return err
		}
	}
	return nil
}
