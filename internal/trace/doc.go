// Package trace follows value through a chain: from seed addresses forward
// to the services (exchanges and their deposit addresses, bridges, mixers,
// DEXes) where it arrives or the addresses where it rests, under a taint
// policy (haircut, poison, FIFO). The exact semantics are in
// docs/tracing.md; internal/sim computes the same answers independently.
//
// Account chains are traced over the graph package's index with one pass
// in chain order: a move is looked at only when its sender or receiver
// holds taint (a bitset test per move), and whole transactions are taken at
// once so swaps can convert taint between assets. State is kept only for
// addresses holding taint.
package trace
