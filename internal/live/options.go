package live

import (
	"context"
	"io"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// Hook runs after every commit of new blocks and after every rollback, in
// order, with tip = the highest block of c now stored. After a rollback tip
// is the last block kept: anything derived from blocks above it (alerts)
// belongs to orphaned blocks. A hook's error is reported as a warning and
// does not stop the follower. Hooks get a context that is not cancelled by
// Ctrl-C, so the work of the last commit is finished.
type Hook func(ctx context.Context, st *store.Store, c chain.Info, tip uint64) error

// Options configures Run. Zero values mean the defaults.
type Options struct {
	// Chain is the chain the node serves (its Kind picks UTXONode or
	// AccountNode).
	Chain chain.Info
	// From is the first block to ingest when HasFrom; otherwise ingest
	// resumes after the highest stored block (block 0 on an empty store).
	From    uint64
	HasFrom bool
	// To is the last block to ingest when HasTo; otherwise the node's tip.
	To    uint64
	HasTo bool
	// Follow keeps polling the node for new blocks after the backfill.
	Follow bool
	// Poll is the interval between tip polls when following (default 1 s).
	Poll time.Duration
	// Confirmations is the depth at which a block is final: a block with
	// at least that many confirmations (itself and the blocks above it in
	// the store) is never rolled back; a reorg that would remove one stops
	// with ErrDeepReorg. 0 means DefaultConfirmations; a negative value
	// means no block is final (any reorg is followed).
	Confirmations int
	// FetchBlocks is the number of blocks one node call reads (default 16).
	FetchBlocks int
	// Workers is the number of node calls in flight while backfilling
	// (default 4). Blocks are committed in order whatever the arrival.
	Workers int
	// CommitMoves commits once this many value moves are pending (default
	// 500,000); CommitEvery commits pending blocks at least this often
	// (default 2 s), so a long backfill shows up in the store steadily.
	CommitMoves int
	CommitEvery time.Duration
	// Hooks run after each commit and rollback (graph index, alerts).
	Hooks []Hook
	// Progress receives progress lines (blocks, blocks/s, transfers/s),
	// Log warnings and reorg notices; nil discards them.
	Progress, Log io.Writer
	// Source names the node in the store's journal.
	Source string
}

// DefaultConfirmations is the default final depth.
const DefaultConfirmations = 6

func (o *Options) defaults() {
	if o.Poll <= 0 {
		o.Poll = time.Second
	}
	if o.Confirmations == 0 {
		o.Confirmations = DefaultConfirmations
	}
	if o.FetchBlocks <= 0 {
		o.FetchBlocks = 16
	}
	if o.Workers <= 0 {
		o.Workers = 4
	}
	if o.CommitMoves <= 0 {
		o.CommitMoves = 500000
	}
	if o.CommitEvery <= 0 {
		o.CommitEvery = 2 * time.Second
	}
	if o.Progress == nil {
		o.Progress = io.Discard
	}
	if o.Log == nil {
		o.Log = io.Discard
	}
}

// Result says what Run did.
type Result struct {
	Blocks     int64  // blocks committed (new or replaced)
	Txs        int64  // their transactions
	Transfers  int64  // their value moves
	Reorgs     int    // rollbacks done
	RolledBack int64  // blocks removed by them
	Last       uint64 // highest stored block at the end
	HasLast    bool
	Elapsed    time.Duration
}
