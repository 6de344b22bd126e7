package live

import "errors"

// ErrChainMoved says the node's best chain changed while blocks were being
// read (a reorg in progress); the follower re-checks and reads again.
var ErrChainMoved = errors.New("the node's best chain changed while reading")

// ErrWrongChain says the node serves another network than the one the
// store's blocks of the chain came from (their genesis blocks differ).
var ErrWrongChain = errors.New("the node is on another network than the stored chain")

// ErrDeepReorg says the node's chain forks below the final depth
// (Options.Confirmations): vigil does not roll back final blocks; re-sync
// by hand (see docs/live.md).
var ErrDeepReorg = errors.New("reorg deeper than the final depth")
