// Package jsonrpc is a small JSON-RPC client for blockchain nodes: Bitcoin
// Core-compatible servers (bitcoind, btcd, litecoind; JSON-RPC 1.0 with
// basic auth) and Ethereum nodes (geth; JSON-RPC 2.0). It supports batches,
// bounds response sizes, and retries transport failures with backoff, so
// a slow or restarting node does not fail a long backfill.
package jsonrpc
