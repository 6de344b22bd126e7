package ethrpc

import "github.com/vigil-project/vigil/internal/chain"

// block is one decoded and checked block whose addresses are not yet
// interned (decoding runs in parallel, interning in order).
type block struct {
	num    uint64
	hash   chain.Hash
	time   int64
	txs    []tx
	moves  []move        // value-moving traces, in trace row order
	logs   []transferLog // ERC-20 Transfer logs, in log order
	traced bool          // the block's native moves come from traces
}

// tx is one transaction with what its receipt says.
type tx struct {
	hash        chain.Hash
	from, to    chain.EVMAddress
	hasTo       bool
	value       chain.U256
	failed      bool
	known       bool             // the receipt gave a status
	contract    chain.EVMAddress // created contract (receipt)
	hasContract bool
}

// move is a trace that moves value.
type move struct {
	tx             uint32
	row            uint32 // trace row in the block
	kind           chain.TransferKind
	from, to       chain.EVMAddress
	hasFrom, hasTo bool
	value          chain.U256
}

// transferLog is an ERC-20 Transfer event.
type transferLog struct {
	tx              uint32
	index           uint32 // log index
	token, from, to chain.EVMAddress
	amount          chain.U256
}
