package cluster

// Tx is one UTXO transaction as the heuristics see it: the addresses and
// values of its inputs (the outputs they spend) and of its outputs.
// Address 0 is "no address" (an unresolved input, an OP_RETURN output).
// The slices usually alias the graph index's columns.
type Tx struct {
	InAddr   []uint32
	InValue  []uint64
	OutAddr  []uint32
	OutValue []uint64
	// OutRow is the global row of the first output: an address is fresh
	// in this transaction when it never received before that row.
	OutRow uint32
	// Coinbase is set for transactions without inputs (new coins).
	Coinbase bool
}

// History answers, for the fresh-address heuristic, the global output row
// at which an address first received (NoFirst when never).
type History interface {
	FirstOut(addr uint32) uint32
}

// NoFirst is FirstOut's answer for an address that never received.
const NoFirst = ^uint32(0)

// scratch is reused by the heuristics so they allocate nothing per
// transaction.
type scratch struct {
	vals  []uint64
	addrs []uint32
}
