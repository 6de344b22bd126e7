// Package ethetl parses an ethereum-etl export directory into vigil's
// canonical per-block model (chain.AccountBlock).
//
// # Files
//
// ParseDir reads any of blocks, transactions, receipts, traces,
// token_transfers and logs, each as NAME.csv or NAME.csv.gz (not both),
// with the column names of the public ethereum-etl exporter. Columns are
// found by header name, in any order; extra columns are ignored; a missing
// required column is an error at line 1. Fields may be RFC 4180 quoted
// (blocks.withdrawals and logs.topics are). A 0-byte file has no rows.
// Files are read in the order transactions, receipts, blocks, traces,
// token_transfers (or logs), with package csvscan: no allocation per row.
// A .csv.gz is inflated ahead by a second goroutine (inflating costs about
// as much as parsing); large plain token_transfers.csv, transactions.csv,
// and (when transactions.csv exists) receipts.csv and traces.csv are
// parsed on all cores (below); everything else runs on the calling
// goroutine.
//
// # Rules
//
//   - transactions.csv: every row is a chain.AccountTx, failed ones too;
//     TxCount counts them and PartTxs is set on every block when the file
//     exists. The status comes from its receipt_status column, else from
//     receipts.csv (status), else success. An empty to_address is a
//     contract creation: AccountTx.To stays NoAddr and the value goes to
//     the receipt's contract address (receipt_contract_address or
//     receipts.csv contract_address) when known, else to NoAddr.
//   - traces.csv: a row moves value when it succeeded (status 1, or empty
//     status and empty error as geth-extracted traces have), its value is
//     > 0, and it is a call with call_type call, a create or a suicide;
//     delegatecall, callcode and staticcall move nothing. A failed call
//     fails everything under it (trace_address prefix), and a failed
//     transaction moves nothing even where a trace says status 1. A failed
//     top-level call marks its transaction failed when no receipt said.
//     Kinds: the top-level call or create (empty trace_address) is KindTx,
//     other calls and creates KindInternal, suicide KindSelfdestruct,
//     reward and genesis KindReward (From NoAddr, TxIndex NoTx), daofork
//     KindInternal with TxIndex NoTx — these three only with
//     Options.Issuance (the contract counts call/create/suicide rows only). The transaction is found by
//     transaction_hash, or by transaction_index when the hash is empty.
//   - Coverage: a block is covered by traces when traces.csv has a row of
//     one of its transactions, or has rows for it and transactions.csv has
//     none. A covered block's native moves come from traces only
//     (PartTraceNative); otherwise from transactions (PartTxNative): one
//     KindTx move at Pos 0 per successful transaction with value > 0.
//     Reward rows of an uncovered block are still included.
//   - token_transfers.csv: every row is a KindToken move with Asset =
//     Tokens.Intern(token address), except in failed transactions. Without
//     it, logs.csv gives the ERC-20 Transfer events (topic0 Transfer,
//     exactly 3 topics, data one 32-byte word; addresses are the low 20
//     bytes of topics 1 and 2, as ethereum-etl takes them); never both.
//     PartTokens is set on every block when either file exists.
//   - blocks.csv: the header (number, hash, timestamp; PartHeader) and the
//     withdrawals column (JSON objects with address and amount in Gwei, as
//     a list or comma-joined): with Options.Issuance, KindWithdrawal moves of amount*1e9 wei,
//     From NoAddr, TxIndex NoTx. Without blocks.csv, Header.Time comes
//     from block_timestamp in transactions.csv and Header.Hash stays zero.
//
// # Transactions without transactions.csv
//
// token_transfers.csv names the transaction by hash only. When
// transactions.csv exists it is authoritative: a row naming a hash it
// lacks, or a hash in another block, is an error. Without it, the index
// comes from receipts, traces or logs when they give one; otherwise the
// transaction gets the next unused index of its block (in order of first
// appearance, which follows log order). Such transactions are kept as stub
// AccountTx entries (hash and index only, From/To NoAddr) in Txs, so every
// transfer keeps its transaction hash; PartTxs is not set then.
//
// # Order
//
// Blocks are sorted by number, their Txs by index. Transfers of a block
// are sorted by (TxIndex, Pos) with NoTx (rewards, then withdrawals) last.
// Inside a transaction, native moves come first in traces.csv row order,
// then token moves in log_index order; Pos numbers them 0, 1, 2, ...
//
// # Parallel parse
//
// A plain token_transfers.csv, transactions.csv, receipts.csv or
// traces.csv of at least 8 MiB (parallelMin) is parsed on all cores
// (GOMAXPROCS parts) with exactly the sequential result: the same blocks,
// the same address and token IDs (handed out in order of first appearance
// in the file), the same first error and the same dictionaries after it.
// Smaller files, .csv.gz, one core and a header line that is blank or
// quoted take the sequential path; so do receipts.csv and traces.csv
// without transactions.csv (their rows may then add transactions, which
// later rows find). Double quotes send token_transfers.csv to the
// sequential path (a quoted field could hide a line break where the file
// is cut). The other three keep their quotes (traces.csv quotes
// trace_address "0,1"): a part that ends clean ends outside quotes
// (csvscan fails on a quoted field cut short), so when every part before
// the first one with an error is clean every cut is a record boundary;
// when a part up to that one read a quote, its error may come from a bad
// cut and the file is parsed sequentially.
// The steps (split.go, split_keys.go, local.go, tokens_part.go,
// tokens_merge.go, txs_part.go, txs_merge.go, txs_receipts.go,
// traces_part.go, traces_merge.go):
//
//  1. Split: the header line is parsed alone; the rest is cut into parts
//     of about equal size just after line breaks.
//  2. Parts, one goroutine each: the sequential loop's checks in the same
//     column order, into compact rows (amount, log index, part-local
//     token, from, to and transaction numbers; no heap object per row).
//     Addresses and tokens get part-local IDs in order of first
//     appearance; transactions are numbered by hash in order of first
//     appearance, keep the block and line of that row, and are looked up
//     among the transactions of earlier files (read-only); a hash named
//     again in another block is the error the sequential parse gives
//     there. A part stops at its first error, with lines counted from 1.
//  3. Resolve, on all cores: each part finds its keys and transactions in
//     the earlier parts.
//  4. Merge, sequential, part by part in file order: transactions in
//     order of first appearance are joined as tokenTx does (known: block
//     check; else an error when transactions.csv exists, else a stub with
//     the next index of its block), then keys new to the file are interned
//     in part-local order — which is file order, so IDs are the sequential
//     ones. Errors: a part's join errors lie at or before its own first
//     error and come first; a part's errors count only when every earlier
//     part was clean; a line is the lines before the part plus the local
//     one. On an error only the keys met before the bad row are interned,
//     as the sequential parse would.
//  5. Fill, one goroutine per part: rows become transfers with global IDs,
//     written into their place in file order, then the usual assembly.
//
// Stubs appended by the merge are indexed by hash lazily, before the next
// lookup (indexTxs).
//
// transactions.csv has two checks that depend on earlier rows anywhere in
// the file; a part makes what it can and the merge finishes them:
//
//   - A duplicate hash. A part fails at a hash it has seen itself (or an
//     earlier file has); resolve finds its first row whose hash an earlier
//     part has; the message names the first line in file terms.
//   - block_timestamp is read only on a block's first row that has one
//     (blocks.csv may later set the time). A part records, per block, its
//     first such row and the value or the error; the merge applies it
//     only when no earlier part timed the block, so a bad time after a
//     good one of the same block stays ignored.
//
// The merge takes the lowest line among a part's own error and these two,
// and on the same line the order of txRow's checks (fields, duplicate,
// time, receipt_contract_address). Keys are interned up to that row's
// from and to. The rows are then copied into the parser's transactions
// with global IDs, one goroutine per part, while another indexes their
// hashes into a map sized once.
//
// receipts.csv is parsed in parts only when transactions.csv exists: every
// row must then name a known transaction (read-only lookups); contract
// addresses get part-local IDs. The merge interns them part by part,
// stops at the first part with an error, then applies the rows in file
// order: the first given status of a transaction and the first contract
// of a creation win, as in the sequential parse.
//
// traces.csv is parsed in parts only when transactions.csv exists: every
// lookup is then read-only (by hash, or by index in a known block); a
// block that only traces name is numbered by the part and added by the
// merge in file order. Two rules carry state from row to row:
//
//   - A failed call fails the calls under it while rows of the same
//     transaction follow one another. A part starts with no failed call;
//     it keeps the trace addresses of the moving rows of its first run
//     of one transaction, and the merge passes on the state at each part's
//     end (the last transaction and its failed addresses): rows of the
//     next part's first run under a failed address carried in are dropped.
//   - A failed top-level call marks its transaction failed when no receipt
//     said, so its later rows move nothing. A part applies its own marks;
//     the merge applies them in file order and drops the moving rows of a
//     later part whose transaction an earlier part marked.
//
// A part interns the addresses of the rows it keeps in row order; when the
// merge drops rows, the part's keys are interned in the order of first use
// by the rows left, so IDs stay the sequential ones. Transfers keep Pos =
// the data row number in the file (rows before the part plus the local one).
//
// # Errors
//
// Bad input is a *inputerr.Error with the file path and the 1-based
// physical line of the bad row, and a reason naming the column, e.g.
// "transactions.csv:17: column value: not a decimal integer". That
// includes malformed rows, bad headers, bad hex, negative or non-numeric
// numbers, truncated or corrupt gzip (with the line reached), rows whose
// transaction is in another block, and a directory that is missing or has
// none of the files. ParseDir never panics on any input.
package ethetl
