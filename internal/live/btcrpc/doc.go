// Package btcrpc reads blocks from a Bitcoin Core-compatible JSON-RPC node
// (bitcoind, btcd, litecoind and their forks) and converts them exactly as
// the bitcoin-etl exporter and package btcetl would: amounts in satoshi
// from the node's decimal coin amounts (never through floats), coinbase
// inputs dropped (the transaction is marked Coinbase), outputs whose script
// has one address interned as that address, several as
// "multisig:<a>,<b>,...", and none as bitcoin-etl's synthetic
// "nonstandard" + the first 40 hex digits of SHA-256 of the script.
//
// Blocks are read with getblock verbosity 3: Bitcoin Core 25 and later then
// name each input's spent output (prevout) so input values and addresses
// come from the node; older nodes and btcd treat 3 as 2 and the store
// resolves inputs from the outputs it holds (Litecoin Core 0.21.2.1 is
// checked to do so).
//
// Litecoin's MWEB is read as the canonical chain shows it: peg-in outputs
// and the HogEx's pool output have scripts without addresses (nonstandard
// addresses), peg-outs are HogEx outputs, and inputs and outputs marked
// "ismweb" (no value, no address) are skipped. See docs/live.md.
package btcrpc
