// Package live ingests chains from real nodes over JSON-RPC: backfill of a
// block range and following the tip through reorgs. A Node (UTXONode or
// AccountNode) turns a node's blocks into the same chain.*Block values the
// file parsers produce, so the store, the graph index and everything above
// them see no difference between a file export and a live node.
package live
