// Package graph is the traversal index of an account chain: every value
// move of the store in chain order (block, transaction, position) as flat
// columns, with per-address adjacency in CSR form (offsets + row numbers,
// sorted by chain order) for outgoing and incoming moves.
//
// # Model
//
// A Segment covers a contiguous range of blocks. Row r of a segment is one
// move: From[r], To[r], Asset[r] (0 = native coin), the amount in Lo[r]/Hi[r]
// (low and high 64 bits; the rare amounts above 128 bits are in a side
// table), Block[r] and Tx[r] (transaction index inside the block; NoTx for
// moves outside any transaction). OutRows[OutOff[a]:OutOff[a+1]] lists the
// rows sent by address a in order; InRows/InOff likewise for received rows.
// An Index is the segments of a chain in block order; global row numbers
// run across segments (segment base + local row).
//
// # Files and updates
//
// Segments are immutable files under DATA/graph/<chain>/, memory-mapped on
// load (no parse, no copy); a small MANIFEST (JSON) lists them with the
// store's change-log sequence number they reflect. Open reads the store's
// change log after that number: blocks appended after the index get a new
// segment; a re-ingest of older blocks rebuilds the segments from the
// lowest changed block on. Past MaxSegments the index is rebuilt whole.
// See docs/tracing.md for the layout and sizes.
package graph
