// Package cluster groups the addresses of one chain into entities
// (clusters) with address-clustering heuristics, keeps the grouping up to
// date as blocks arrive, and lends a cluster's labels to its unlabeled
// members.
//
// Model. A chain's addresses are the dense IDs of the store's dictionary
// (1..N). A clustering is a union-find forest over them (UnionFind: two
// uint32 arrays, union by size, path halving): heuristics only ever merge,
// so new blocks are applied by merging more (Update). A change that
// rewrites blocks already clustered (a re-ingest, a reorg) cannot be
// undone by a union-find and triggers a full rebuild, as the graph index
// does.
//
// Heuristics (one per file, each leaving evidence, see docs/clustering.md):
//   - multi-input (UTXO, on by default): the inputs of one transaction
//     belong to one entity, except in CoinJoins (coinjoin.go detects
//     Wasabi, Whirlpool, JoinMarket-style and generic equal-output mixes);
//   - change-fresh, change-type, change-round, change-optimal (UTXO, off by
//     default): which output is the spender's change (change.go);
//   - deposit (account chains, on by default): an address sending at least
//     trace.DepositShare percent of everything it sends to the wallets of
//     one exchange joins that exchange's cluster (deposit.go).
//
// Labels. A cluster inherits its members' labels with source "cluster"
// and reduced confidence (Inherit); two different entities of one
// category in one cluster are a conflict, reported and not propagated.
// ExtendIndex adds the inherited labels to a label index so that tracing
// and screening see them.
//
// Files. A build lives under DATA/cluster/<chain>/: MANIFEST (JSON) and
// one binary file of arrays, both replaced atomically (see file.go).
package cluster
