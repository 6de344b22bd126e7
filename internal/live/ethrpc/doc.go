// Package ethrpc reads an Ethereum node (geth or any node with the same
// JSON-RPC methods) as a live.AccountNode.
//
// # Methods
//
// Genesis, Tip, Hash and Hashes (live.HashRanger, batched) use
// eth_getBlockByNumber and eth_blockNumber.
// AccountBlocks fetches, per block, eth_getBlockByNumber with full
// transactions, the receipts (eth_getBlockReceipts; when the node lacks it,
// one batch of eth_getTransactionReceipt), and the call traces
// (debug_traceBlockByNumber with the callTracer), several blocks per
// JSON-RPC batch and several batches at once (Options.Concurrency). The
// genesis block is not traced (geth refuses; it has no transactions). A
// batch the node refuses as too large or too slow is halved.
//
// # Conversion
//
// A block converts exactly as an ethereum-etl export of the same block
// (blocks, transactions, receipts, traces from the geth callTracer, logs)
// parsed by package ethetl would, IDs included:
//
//   - every transaction is an AccountTx; Failed is receipt status 0, or a
//     failed top-level call when the receipt has no status (pre-Byzantium);
//   - the callTracer frames are flattened depth first, parent before its
//     calls, the order of ethereum-etl's trace_address; CALL, CREATE,
//     CREATE2 and SELFDESTRUCT move their value when it is > 0 and the
//     frame, its ancestors and the transaction succeeded; DELEGATECALL,
//     CALLCODE and STATICCALL move nothing; a frame with an error fails
//     with everything under it. CREATE2 counts as a create (ethereum-etl's
//     trace_block exports it so);
//   - a block with transactions has its native moves from traces only
//     (chain.PartTraceNative); a block without any from its (absent)
//     transactions (chain.PartTxNative), as ethetl does;
//   - token moves are the receipts' ERC-20 Transfer logs (ethetl's
//     logs.csv rule), none from failed transactions;
//   - addresses and tokens are interned in the order ethetl's ParseDir
//     would intern them for the same range (transactions, receipts'
//     contract addresses, traces, logs), so IDs match a file ingest.
//
// With Options.NoTraces (for nodes without the debug API) native moves
// come from the top-level transactions: one KindTx move per successful
// transaction with value > 0, to the created contract for a creation;
// internal transfers are then missing, as with an ethereum-etl export
// without traces.csv. Issuance (block rewards, withdrawals) is not
// recorded, as ethetl does by default.
//
// # Errors
//
// A malformed or inconsistent response is an error naming the block, the
// transaction or log and the field; AccountBlocks then returns no blocks.
// A receipt of another block hash (the block was replaced while the batch
// was read) wraps live.ErrChainMoved.
// Transport failures are retried by package jsonrpc.
package ethrpc
