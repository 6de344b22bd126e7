package ethrpc

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"

	"github.com/vigil-project/vigil/internal/jsonrpc"
)

// fetch gets and decodes blocks from..to, BatchBlocks per batch,
// Concurrency batches at once. Each batch is decoded as soon as it
// arrives, so at most Concurrency raw responses are held.
func (n *Node) fetch(ctx context.Context, from, to uint64) ([]*block, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	out := make([]*block, to-from+1)
	jobs := make(chan uint64)
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
	)
	fail := func(err error) { once.Do(func() { first = err; cancel() }) }
	for w := 0; w < n.o.Concurrency; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for start := range jobs {
				end := min(start+uint64(n.o.BatchBlocks)-1, to)
				if err := n.batch(ctx, start, end, out[start-from:end-from+1]); err != nil {
					fail(err)
				}
			}
		}()
	}
	for start := from; ; start += uint64(n.o.BatchBlocks) {
		select {
		case jobs <- start:
		case <-ctx.Done():
		}
		if ctx.Err() != nil || to-start < uint64(n.o.BatchBlocks) {
			break
		}
	}
	close(jobs)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		first = ctx.Err()
	}
	if first != nil {
		return nil, first
	}
	return out, nil
}

// raw holds the responses for one block.
type raw struct {
	block    *rpcBlock
	receipts []rpcReceipt
	traces   []rpcTxTrace
}

// batch fetches and decodes blocks start..end into dst. When the node
// refuses the batch as too large or too slow (geth bounds batch response
// bytes, --rpc.batch-response-max-size, and answers calls still running at
// its HTTP write timeout with "request timed out"), the range is halved.
func (n *Node) batch(ctx context.Context, start, end uint64, dst []*block) error {
	err := n.batchOnce(ctx, start, end, dst)
	if err == nil || end == start || !tooMuch(err) {
		return err
	}
	mid := start + (end-start)/2
	if err := n.batch(ctx, start, mid, dst[:mid-start+1]); err != nil {
		return err
	}
	return n.batch(ctx, mid+1, end, dst[mid-start+1:])
}

// tooMuch reports whether err is a node's refusal of a batch's size or
// duration.
func tooMuch(err error) bool {
	var e *jsonrpc.Error
	if !errors.As(err, &e) {
		return false
	}
	m := strings.ToLower(e.Message)
	return strings.Contains(m, "too large") || strings.Contains(m, "timed out") ||
		strings.Contains(m, "batch") && strings.Contains(m, "limit")
}

// batchOnce fetches and decodes blocks start..end into dst.
func (n *Node) batchOnce(ctx context.Context, start, end uint64, dst []*block) error {
	rs := make([]raw, end-start+1)
	var calls []jsonrpc.BatchCall
	blockReceipts := !n.noBlockReceipts.Load()
	for i := range rs {
		num := hexQ(start + uint64(i))
		calls = append(calls, jsonrpc.BatchCall{Method: "eth_getBlockByNumber", Params: []any{num, true}, Out: &rs[i].block})
		if blockReceipts {
			calls = append(calls, jsonrpc.BatchCall{Method: "eth_getBlockReceipts", Params: []any{num}, Out: &rs[i].receipts})
		}
		if !n.o.NoTraces && start+uint64(i) != 0 { // geth: "genesis is not traceable"; it has no transactions
			calls = append(calls, jsonrpc.BatchCall{Method: "debug_traceBlockByNumber", Params: []any{num, callTracer}, Out: &rs[i].traces})
		}
	}
	if err := n.c.Batch(ctx, calls); err != nil {
		return err
	}
	missing, err := n.callErrors(calls)
	if err != nil {
		return err
	}
	if !blockReceipts || missing {
		if err := n.receiptsOneByOne(ctx, start, rs); err != nil {
			return err
		}
	}
	for i := range rs {
		b, err := decodeBlock(start+uint64(i), rs[i].block, rs[i].receipts, rs[i].traces, !n.o.NoTraces)
		if err != nil {
			return err
		}
		dst[i] = b
	}
	return nil
}

// callErrors turns per-call errors into one error naming the block; it
// reports whether the node lacks eth_getBlockReceipts (then remembered).
func (n *Node) callErrors(calls []jsonrpc.BatchCall) (bool, error) {
	missing := false
	for k := range calls {
		c := &calls[k]
		if c.Err == nil {
			continue
		}
		num, _ := quantity(c.Params[0].(string)) // the block, hexQ-formatted here
		switch {
		case c.Method == "eth_getBlockReceipts" && methodMissing(c.Err):
			n.noBlockReceipts.Store(true)
			missing = true
		case c.Method == "debug_traceBlockByNumber" && methodMissing(c.Err):
			return false, fmt.Errorf("eth node: block %d: %v (enable the debug API, e.g. geth --http.api eth,debug, or ingest without traces)", num, c.Err)
		default:
			return false, fmt.Errorf("eth node: block %d: %w", num, c.Err)
		}
	}
	return missing, nil
}

// receiptsOneByOne fetches the receipts of the blocks' transactions with
// eth_getTransactionReceipt, in one batch.
func (n *Node) receiptsOneByOne(ctx context.Context, start uint64, rs []raw) error {
	var calls []jsonrpc.BatchCall
	type where struct{ blk, tx int }
	var at []where
	for i := range rs {
		if rs[i].block == nil {
			continue // decodeBlock reports it
		}
		txs := rs[i].block.Transactions
		rs[i].receipts = make([]rpcReceipt, len(txs))
		for k := range txs {
			calls = append(calls, jsonrpc.BatchCall{Method: "eth_getTransactionReceipt", Params: []any{txs[k].Hash}, Out: &rs[i].receipts[k]})
			at = append(at, where{i, k})
		}
	}
	for len(calls) > 0 {
		c := calls[:min(len(calls), receiptBatch)]
		if err := n.c.Batch(ctx, c); err != nil {
			return err
		}
		for k := range c {
			if err := c[k].Err; err != nil {
				return fmt.Errorf("eth node: block %d: receipt %d: %w", start+uint64(at[k].blk), at[k].tx, err)
			}
		}
		calls, at = calls[len(c):], at[len(c):]
	}
	return nil
}

// receiptBatch bounds a batch of eth_getTransactionReceipt (geth refuses
// batches of more than 1000 items by default).
const receiptBatch = 500
