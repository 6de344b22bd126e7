// Package store is vigil's embedded store: the only package that imports
// Pebble. It keeps, per chain, an address dictionary (address -> dense uint32
// ID), a token dictionary, one compact columnar record per block (its
// transactions and value moves), a transaction-hash index, per-address
// per-asset totals and chain counters. docs/storage.md documents the layout.
//
// Invariants:
//   - Every commit is a Pebble batch of whole blocks, together with the
//     dictionary entries, totals and counters they change: a reader never
//     sees half a block or totals that disagree with the blocks.
//   - Ingest is idempotent: a block whose new record equals the stored one
//     is skipped; a block whose record changes is replaced, and totals and
//     counters move by the difference.
//   - A multi-chunk ingest writes a journal first and deletes it with the
//     last chunk; while it exists, Open reports the interrupted ingest and a
//     re-run of the same input finishes it (see Journal).
package store
