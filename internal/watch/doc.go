// Package watch raises alerts when newly ingested blocks move watched
// value, and delivers them.
//
// A watch (store.Watch) lists addresses of one chain, given by the user or
// taken from an incident: its seeds and everything a forward trace reaches
// from them, labeled services excepted. Process reads the chain's change
// log (store.Changes) after its persisted cursor, scans the blocks each
// change wrote and stores one alert per value move touching a watched
// address, with an outbox entry per delivery target, in the same atomic
// batch as the cursor: a crash repeats at most the change being processed,
// and the dedupe key (watch, tx, move, block hash) keeps a repeat from
// storing the alert twice.
//
// Taint follows live: in a watch with Follow set, value leaving a watched
// address (not an endpoint) for an unwatched, unlabeled address makes that
// address watched too, with the alert as its provenance.
//
// Reorgs: a change covering blocks that already have alerts (a rollback
// or a replaced block) orphans the alerts whose transaction is no longer
// in the stored block, drops the addresses they added to their watch, and
// the blocks are scanned again.
//
// Delivery is at least once: a Deliverer POSTs each alert (signed with
// HMAC-SHA256 of the body under the watch's secret) or appends it to the
// watch's log file, and removes the outbox entry only after success
// (HTTP 2xx, or the line written and synced); failures retry with
// exponential backoff, across restarts. docs/watch.md has the details.
package watch
