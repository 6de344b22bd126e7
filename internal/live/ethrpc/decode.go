package ethrpc

import (
	"fmt"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/live"
)

// loc is a place in a block's responses, formatted only for errors.
type loc struct {
	what string // "", "transaction", "receipt", "log", "trace" or "frame"
	i, k int    // transaction, and log or frame
}

func (l loc) String() string {
	switch l.what {
	case "":
		return ""
	case "log":
		return fmt.Sprintf(": receipt %d: log %d", l.i, l.k)
	case "frame":
		return fmt.Sprintf(": trace %d: frame %d", l.i, l.k)
	}
	return fmt.Sprintf(": %s %d", l.what, l.i)
}

// fieldErr names the block, the place in it and the field of a bad value.
func fieldErr(num uint64, at loc, field string, err error) error {
	return fmt.Errorf("eth node: block %d%s: field %s: %v", num, at, field, err)
}

// blockErr is an inconsistency of a block's responses.
func blockErr(num uint64, format string, args ...any) error {
	return fmt.Errorf("eth node: block %d: "+format, append([]any{num}, args...)...)
}

// decodeBlock checks and decodes the responses for block num: the block,
// its receipts (one per transaction, in order) and, when traced, its
// callTracer results (one per transaction).
func decodeBlock(num uint64, rb *rpcBlock, rcs []rpcReceipt, trs []rpcTxTrace, traced bool) (*block, error) {
	b, err := decodeHeader(num, rb)
	if err != nil {
		return nil, err
	}
	if len(rcs) != len(b.txs) {
		return nil, blockErr(num, "%d receipts for %d transactions", len(rcs), len(b.txs))
	}
	for i := range rcs {
		if err := b.receipt(i, &rcs[i]); err != nil {
			return nil, err
		}
	}
	if !traced {
		return b, nil
	}
	if len(trs) != len(b.txs) {
		return nil, blockErr(num, "%d traces for %d transactions", len(trs), len(b.txs))
	}
	var rows uint32
	for i := range trs {
		if err := b.txTrace(i, &trs[i], &rows); err != nil {
			return nil, err
		}
	}
	b.traced = len(b.txs) > 0
	return b, nil
}

// decodeHeader decodes the block and its transactions.
func decodeHeader(num uint64, rb *rpcBlock) (*block, error) {
	if rb == nil {
		return nil, blockErr(num, "not found on the node")
	}
	n, err := quantity(rb.Number)
	if err != nil {
		return nil, fieldErr(num, loc{}, "number", err)
	}
	if n != num {
		return nil, blockErr(num, "node returned block %d", n)
	}
	b := &block{num: num, txs: make([]tx, len(rb.Transactions))}
	if b.hash, err = hash(rb.Hash); err != nil {
		return nil, fieldErr(num, loc{}, "hash", err)
	}
	ts, err := quantity(rb.Timestamp)
	if err == nil && ts > 1<<62 {
		err = errTooBig
	}
	if err != nil {
		return nil, fieldErr(num, loc{}, "timestamp", err)
	}
	b.time = int64(ts)
	for i := range rb.Transactions {
		if err := decodeTx(num, i, &rb.Transactions[i], &b.txs[i]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// decodeTx decodes transaction i of block num into t.
func decodeTx(num uint64, i int, r *rpcTx, t *tx) error {
	where := loc{"transaction", i, 0}
	idx, err := quantity(r.TransactionIndex)
	if err != nil {
		return fieldErr(num, where, "transactionIndex", err)
	}
	if idx != uint64(i) {
		return fieldErr(num, where, "transactionIndex", fmt.Errorf("is %d", idx))
	}
	if t.hash, err = hash(r.Hash); err != nil {
		return fieldErr(num, where, "hash", err)
	}
	if t.from, err = address(r.From); err != nil {
		return fieldErr(num, where, "from", err)
	}
	if t.to, t.hasTo, err = optAddress(r.To); err != nil {
		return fieldErr(num, where, "to", err)
	}
	if t.value, err = amount(r.Value); err != nil {
		return fieldErr(num, where, "value", err)
	}
	return nil
}

// receipt applies the receipt of transaction i: status, created
// contract, and ERC-20 Transfer logs.
func (b *block) receipt(i int, r *rpcReceipt) error {
	t := &b.txs[i]
	where := loc{"receipt", i, 0}
	h, err := hash(r.TransactionHash)
	if err != nil {
		return fieldErr(b.num, where, "transactionHash", err)
	}
	if h != t.hash {
		return fieldErr(b.num, where, "transactionHash", fmt.Errorf("%s is not the block's transaction %d %s", h, i, t.hash))
	}
	if r.BlockHash != "" {
		bh, err := hash(r.BlockHash)
		if err != nil {
			return fieldErr(b.num, where, "blockHash", err)
		}
		if bh != b.hash {
			// The block was replaced between the calls of the batch.
			return fmt.Errorf("eth node: block %d: receipt %d is of block %s, not %s: %w", b.num, i, bh, b.hash, live.ErrChainMoved)
		}
	}
	switch r.Status {
	case "":
	case "0x1":
		t.known = true
	case "0x0":
		t.failed, t.known = true, true
	default:
		return fieldErr(b.num, where, "status", fmt.Errorf("%.20q is not 0x0 or 0x1", r.Status))
	}
	if t.contract, t.hasContract, err = optAddress(r.ContractAddress); err != nil {
		return fieldErr(b.num, where, "contractAddress", err)
	}
	for k := range r.Logs {
		if err := b.log(i, k, &r.Logs[k]); err != nil {
			return err
		}
	}
	return nil
}

// log checks log k of transaction i and keeps it when it is an ERC-20
// Transfer.
func (b *block) log(i, k int, l *rpcLog) error {
	where := loc{"log", i, k}
	idx, err := quantity(l.LogIndex)
	if err == nil && idx >= uint64(chain.NoTx) {
		err = errTooBig
	}
	if err != nil {
		return fieldErr(b.num, where, "logIndex", err)
	}
	tl := transferLog{tx: uint32(i), index: uint32(idx)}
	if tl.token, err = address(l.Address); err != nil {
		return fieldErr(b.num, where, "address", err)
	}
	topics := make([][32]byte, len(l.Topics))
	for j, s := range l.Topics {
		if err := fixed(topics[j][:], s); err != nil {
			return fieldErr(b.num, where, fmt.Sprintf("topics[%d]", j), err)
		}
	}
	d, err := data(l.Data)
	if err != nil {
		return fieldErr(b.num, where, "data", err)
	}
	var ok bool
	if tl.from, tl.to, tl.amount, ok = erc20Transfer(topics, d); ok {
		b.logs = append(b.logs, tl)
	}
	return nil
}
