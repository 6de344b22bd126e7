// Package btcetl parses the newline-delimited JSON transactions written by
// the public bitcoin-etl exporter (export_blocks_and_transactions,
// stream) into vigil's canonical UTXO model (chain.UTXOBlock).
//
// One line is one JSON object. Lines whose "type" is not "transaction"
// (stream output interleaves "block" records), untyped block records (as in
// a blocks.json written next to transactions.json: a "merkle_root" and no
// "block_number") and blank lines are skipped. Streams compressed with gzip
// are detected by their magic bytes, whatever the file is called.
//
// The parser is a small hand-written JSON scanner for this one schema: it
// validates the whole line as JSON (strings, escapes, numbers, nesting),
// decodes the fields vigil needs and skips the rest (script_asm,
// script_hex, size, ...) without allocating. Compared with encoding/json
// into structs it is several times faster; see BenchmarkParse and
// BenchmarkBaselineEncodingJSON.
//
// Field rules:
//
//   - hash, block_number and outputs are required; block_hash (64 hex) and
//     block_timestamp may be null or absent (zero hash, time 0). All
//     transactions of one block must agree on block_hash and
//     block_timestamp.
//   - index may be null or absent: the transaction then takes the next
//     position of its block in order of appearance. Two transactions of one
//     block with the same index or the same hash are an error.
//   - Amounts are integer JSON numbers of base units (satoshi). A number in
//     exponent or decimal notation is accepted only when its value is an
//     exact integer (5e9, 5000000000.0); fractions, negative values, values
//     above 2^64-1 and non-numbers are errors.
//   - An input value of null means bitcoin-etl did not resolve the spent
//     output: the input gets HasValue=false and the store resolves it.
//   - Addresses: none gives chain.NoAddr, one address is interned as is
//     (checked with chain.CheckUTXOAddress), several (bare multisig) are
//     interned as "multisig:" + the addresses joined with ",". The
//     "multisig:" prefix is reserved: a single address using it is an error.
//   - A coinbase transaction has no inputs; any other transaction needs at
//     least one. Output indexes must be unique in a transaction; outputs are
//     returned sorted by index.
//   - Zcash shielded inputs (type "shielded", no spent_transaction_hash,
//     value given) move value out of the shielded pool and spend no
//     transparent output. They are returned with a zero SpentTx, SpentIndex
//     ShieldedSpentIndex, no address and HasValue=true.
//
// Every problem in the data is reported as an *inputerr.Error naming the
// file, the 1-based line and the field, e.g. "outputs[1].value: negative".
package btcetl
