// Package taintedtx converts the Bitcoin transaction graph published with
// the taintedtx project (github.com/tintiron/taintedtx, sampledata/<year>:
// five CSV files exported from BlockSci) into bitcoin-etl NDJSON, the
// format package btcetl reads. The 2009 folder holds the complete 2009
// mainnet graph: 32,709 transactions in blocks 0-32,489.
//
// What the columns mean (worked out from the data and the exporter,
// export_blocksci.py, and checked by Convert):
//
//   - tx_hash.csv (tx_index, tx_hash): tx_index numbers transactions
//     densely in chain order (block, then position). The exporter turned
//     the hash bytes into text with str(bytes) and then deleted every "b'"
//     and "'"; that also deletes the last hex digit of each hash ending in
//     "b". Such hashes have 63 digits: Convert appends the lost "b"
//     (verified against txids computed from raw blocks 0-256: all 16
//     63-digit hashes there are the true txid minus a final "b"; no
//     64-digit hash ends in "b"). Other lengths are an error.
//   - tx_height.csv (tx_index, block_index): the block height. A block's
//     transactions are its rows in tx_index order; the first has no inputs
//     (coinbase) and every other has inputs.
//   - adr_hash.csv (adr_index, adr_hash): adr_index is the decimal
//     concatenation of BlockSci's address number and its script type
//     (1 pubkey, 2 pubkeyhash; 0 nonstandard, 5 null data, ...): 11 is
//     address 1 as pay-to-pubkey. adr_hash is the base58 P2PKH address,
//     which is also what bitcoin-etl prints for a P2PK output. Rows were
//     deduplicated by address string, so a key used both as P2PK and as
//     P2PKH is listed once (e.g. 28412 but not 28411): Convert falls back
//     to the same address number with the other pubkey type.
//   - tx_output.csv (output_index, tx_index, adr_index, output_value,
//     spent_index): output_index is the decimal concatenation of tx_index
//     and the output's position (vout): 1711 is output 1 of tx 171. Values
//     are satoshi. spent_index is the tx_index of the spending transaction
//     written as a float ("171.0"), empty while unspent; spenders may lie
//     beyond the data (later years). Two rows (txs 24251 and 24252, blocks
//     24096-24097) appear twice, identical: an artifact of the exporter's
//     overlapping monthly block ranges. Identical duplicates are dropped
//     and counted (Stats.DuplicateRows); conflicting ones are an error.
//   - tx_input.csv (output_index, tx_index, adr_index, input_value,
//     spent_index): one row per input, in input order. output_index names
//     the spent output as above, spent_index is the tx_index of the spent
//     transaction (so the vout is output_index with the digits of
//     spent_index removed from the front), tx_index is the spending
//     transaction; adr_index and input_value repeat the spent output's.
//
// Every input must spend an existing output of an earlier transaction,
// no output may be spent twice, the input's copies of address and value
// and the output's spent_index must agree, and no transaction may pay out
// more than it takes in. Any violation is an *inputerr.Error naming the
// file and line.
//
// The data has no block hashes or times: block_hash is written as 64
// zeros, which btcetl reads as the zero hash, the canonical model's
// "unknown" (chain.BlockHeader.Hash), and block_timestamp as 0.
package taintedtx
