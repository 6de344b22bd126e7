package live

import (
	"context"

	"github.com/vigil-project/vigil/internal/chain"
)

// Node is a chain node that vigil reads blocks from.
type Node interface {
	// Genesis returns the hash of block 0, which identifies the network:
	// following a node of another network than the stored data is refused.
	Genesis(ctx context.Context) (chain.Hash, error)
	// Tip returns the number of the node's best block.
	Tip(ctx context.Context) (uint64, error)
	// Hash returns the hash of block n on the node's best chain.
	Hash(ctx context.Context, n uint64) (chain.Hash, error)
}

// AccountNode serves an account chain (Ethereum-like).
type AccountNode interface {
	Node
	// AccountBlocks fetches blocks from..to (inclusive) of the node's best
	// chain, converted exactly as an ethereum-etl ingest of the same blocks
	// would be (CONTRACT.md): native moves from call traces, token moves
	// from ERC-20 Transfer logs, failed transactions and failed internal
	// calls moving nothing. Addresses and token contracts are interned in
	// addrs and tokens in the same canonical form package ethetl uses.
	// Every block has Header.Number, Header.Hash and Header.Time set.
	AccountBlocks(ctx context.Context, from, to uint64, addrs, tokens chain.Interner) ([]chain.AccountBlock, error)
}

// UTXONode serves a UTXO chain (Bitcoin-like).
type UTXONode interface {
	Node
	// UTXOBlocks fetches blocks from..to (inclusive) of the node's best
	// chain with all their transactions, converted as a bitcoin-etl ingest
	// would be; inputs whose spent output the node does not resolve leave
	// HasValue false for the store to resolve. Every block has
	// Header.Number, Header.Hash and Header.Time set.
	UTXOBlocks(ctx context.Context, from, to uint64, addrs chain.Interner) ([]chain.UTXOBlock, error)
}
