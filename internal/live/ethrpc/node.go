package ethrpc

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/jsonrpc"
	"github.com/vigil-project/vigil/internal/live"
)

// Options configures a Node. Zero values mean the defaults.
type Options struct {
	// Concurrency is how many batches are in flight at once (default 4).
	Concurrency int
	// BatchBlocks is how many blocks one JSON-RPC batch asks for
	// (default 8).
	BatchBlocks int
	// NoTraces skips debug_traceBlockByNumber, for nodes without the debug
	// API: native moves then come from top-level transactions only and
	// internal transfers are missing (see the package documentation).
	NoTraces bool
	// RPC configures the JSON-RPC client (retries, size bound; the
	// timeout of one exchange defaults to 5 minutes here).
	RPC jsonrpc.Options
}

// Node is an Ethereum node read over JSON-RPC. It is safe for concurrent
// use.
type Node struct {
	c *jsonrpc.Client
	o Options
	// noBlockReceipts is set once the node has refused
	// eth_getBlockReceipts; receipts are then fetched one by one.
	noBlockReceipts atomic.Bool
}

var (
	_ live.AccountNode = (*Node)(nil)
	_ live.HashRanger  = (*Node)(nil)
)

// New returns a Node for the JSON-RPC endpoint url.
func New(url string, o Options) (*Node, error) {
	if o.Concurrency <= 0 {
		o.Concurrency = 4
	}
	if o.BatchBlocks <= 0 {
		o.BatchBlocks = 8
	}
	o.RPC.Version = "2.0"
	if o.RPC.Timeout <= 0 {
		o.RPC.Timeout = 5 * time.Minute // tracing a batch of busy blocks takes long
	}
	c, err := jsonrpc.New(url, o.RPC)
	if err != nil {
		return nil, err
	}
	return &Node{c: c, o: o}, nil
}

// Genesis returns the hash of block 0.
func (n *Node) Genesis(ctx context.Context) (chain.Hash, error) {
	return n.Hash(ctx, 0)
}

// Tip returns eth_blockNumber.
func (n *Node) Tip(ctx context.Context) (uint64, error) {
	var s string
	if err := n.c.Call(ctx, &s, "eth_blockNumber"); err != nil {
		return 0, err
	}
	v, err := quantity(s)
	if err != nil {
		return 0, fmt.Errorf("eth node: eth_blockNumber: %.40q: %v", s, err)
	}
	return v, nil
}

// headerOnly is the part of a block header Hash reads.
type headerOnly struct {
	Number string `json:"number"`
	Hash   string `json:"hash"`
}

// Hash returns the hash of block num of the node's best chain.
func (n *Node) Hash(ctx context.Context, num uint64) (chain.Hash, error) {
	var h *headerOnly
	if err := n.c.Call(ctx, &h, "eth_getBlockByNumber", hexQ(num), false); err != nil {
		return chain.Hash{}, err
	}
	return checkHeader(num, h)
}

// checkHeader checks that h is block num and returns its hash.
func checkHeader(num uint64, h *headerOnly) (chain.Hash, error) {
	if h == nil {
		return chain.Hash{}, blockErr(num, "not found on the node")
	}
	if got, err := quantity(h.Number); err != nil || got != num {
		return chain.Hash{}, fieldErr(num, loc{}, "number", fmt.Errorf("%.40q is not the block asked for", h.Number))
	}
	v, err := hash(h.Hash)
	if err != nil {
		return chain.Hash{}, fieldErr(num, loc{}, "hash", err)
	}
	return v, nil
}

// hashBatch bounds the headers asked for in one batch.
const hashBatch = 100

// Hashes returns the hashes of blocks from..to of the node's best chain,
// with batched eth_getBlockByNumber calls (live.HashRanger: the follower
// checks every pending block before a commit).
func (n *Node) Hashes(ctx context.Context, from, to uint64) ([]chain.Hash, error) {
	if from > to {
		return nil, nil
	}
	out := make([]chain.Hash, 0, to-from+1)
	for lo := from; ; lo += hashBatch {
		hi := min(to, lo+hashBatch-1)
		hs := make([]*headerOnly, hi-lo+1)
		calls := make([]jsonrpc.BatchCall, len(hs))
		for i := range hs {
			calls[i] = jsonrpc.BatchCall{Method: "eth_getBlockByNumber", Params: []any{hexQ(lo + uint64(i)), false}, Out: &hs[i]}
		}
		if err := n.c.Batch(ctx, calls); err != nil {
			return nil, err
		}
		for i := range hs {
			if calls[i].Err != nil {
				return nil, fmt.Errorf("eth node: block %d: %w", lo+uint64(i), calls[i].Err)
			}
			h, err := checkHeader(lo+uint64(i), hs[i])
			if err != nil {
				return nil, err
			}
			out = append(out, h)
		}
		if hi == to {
			return out, nil
		}
	}
}

// AccountBlocks fetches blocks from..to and converts them (see the package
// documentation). On any error it returns no blocks.
func (n *Node) AccountBlocks(ctx context.Context, from, to uint64, addrs, tokens chain.Interner) ([]chain.AccountBlock, error) {
	if from > to {
		return nil, fmt.Errorf("eth node: block range %d..%d is empty", from, to)
	}
	if to-from >= 1<<20 {
		return nil, fmt.Errorf("eth node: block range %d..%d is too long for one call (at most %d blocks)", from, to, 1<<20)
	}
	bs, err := n.fetch(ctx, from, to)
	if err != nil {
		return nil, err
	}
	return convert(bs, addrs, tokens), nil
}

// methodMissing reports whether err says the node lacks the method (geth:
// -32601 "does not exist/is not available"; others say "not supported").
func methodMissing(err error) bool {
	var e *jsonrpc.Error
	if !errors.As(err, &e) {
		return false
	}
	m := strings.ToLower(e.Message)
	return e.Code == -32601 || strings.Contains(m, "not supported") ||
		strings.Contains(m, "does not exist") || strings.Contains(m, "not found")
}
