package live

import "errors"

// ErrChainMoved says the node's best chain changed while blocks were being
// read (a reorg in progress); the follower re-checks and reads again.
var ErrChainMoved = errors.New("the node's best chain changed while reading")
