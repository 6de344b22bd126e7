// Package sim generates deterministic synthetic chains with known answers:
// a heist, its laundering and background activity, written in the public
// export formats vigil ingests, with labels.csv and truth.json beside them.
//
// # Output (Ethereum)
//
// Eth writes an ethereum-etl export into a directory: blocks.csv,
// transactions.csv, receipts.csv, traces.csv and token_transfers.csv, each
// with exactly the columns of the public exporter. Every transaction has a
// top-level trace row (as ethereum-etl's export_traces writes), so every
// block is covered by traces and native moves come from traces.csv; a
// forwarder's internal calls are only there. labels.csv uses the contract
// CSV header (chain,address,entity,category,source,confidence,actor,tlp,
// note); truth.json holds the answer (see Truth).
//
// # Scenario
//
// A victim exchange hot wallet (labeled exchange) is drained into two seed
// addresses (only the first is labeled heist). The loot fans out over
// fresh addresses in two levels; the leaves then: deposit into fresh
// exchange deposit addresses (unlabeled, one per customer) that sweep to a
// labeled hot wallet a few blocks later; consolidate (fan-in) and run a
// peel chain whose peels go to deposit addresses; call a forwarder
// contract that moves ETH on by internal calls (visible only in traces);
// swap ETH for a 6-decimal and an 18-decimal token at a DEX pool (ETH in
// by the transaction, tokens back by a token transfer in the same
// transaction), then deposit tokens that are swept too; deposit fixed
// denominations into a mixer; deposit into a bridge (after a failed,
// reverted attempt); or keep the value (resting). Without Commingle,
// attacker addresses only ever hold stolen value.
//
// # Commingling (Config.Commingle, --commingle)
//
// Eight more attacker addresses (two rounds of four cases, funded straight
// from the seeds by one more theft transaction per seed) also receive
// clean ETH or tokens from background users, before and between their
// tainted receipts: clean then tainted, then a deposit bigger than the
// clean part and the rest passed on; a clean history (received, partly
// spent) before partly tainted value arrives, more clean value, a partial
// deposit; tainted, clean, tainted, then a deposit between the two; clean
// ETH and tokens, tainted ETH, a swap of part of the ETH, a token deposit.
// Haircut, poison and FIFO then give different answers, which truth.json
// states per policy (Truth.Policies), computed by a reference replay of
// docs/tracing.md (replay*.go: big.Int, chain order, activation balance
// from the address's earlier moves, floor rounding, swap conversion, FIFO
// lots, poison, the deposit-address rule) over every move that touches an
// attacker address. The top-level stolen, endpoints, resting and
// conservation are then the haircut answer. The generator fails unless
// haircut and FIFO conserve (stolen = endpoints + resting per asset, stolen
// being the taint that left the seeds, minus what swaps took, plus what
// they created), poison gives at least haircut at every haircut endpoint,
// the cases without commingling keep their planned amounts under every
// policy, and no attacker balance (clean and stolen) goes negative. Without
// Commingle the output is byte-identical to a generator without the option;
// the tests check that the replay then gives the no-policy truth under all
// three policies.
//
// # IT-worker payroll (Config.ITWorkers, --it-workers N)
//
// Employers (funded once by a withdrawal from an exchange) pay N workers a
// salary in the 6-decimal token on six paydays; each worker passes 85-95%
// to one of a few facilitators within a few blocks; each facilitator
// deposits what it collected at its exchange deposit address, which sweeps
// it to the hot wallet. Every other facilitator is labeled (category
// facilitator, actor "DPRK IT workers"); workers and employers are not.
// truth.json's it_workers lists employers, workers and facilitators with
// what they received and sent, and the deposit addresses. The simulation
// grows to at least 96 blocks; the transactions share blocks with the
// background. With ITWorkers 0 nothing changes.
//
// Background activity is interleaved in the same blocks: payments between
// users, exchange customers' deposits and their sweeps (ETH and tokens),
// exchange withdrawals, DEX swaps, token transfers, contract calls with
// internal value transfers and failed transactions. It never touches an
// attacker address.
//
// # Truth
//
// Amounts are decimal strings in base units. Swaps convert at the swap's
// exact ratio: the attacker swaps an exact amount in and receives an exact
// amount out, so the truth is stated per asset after conversion: stolen
// eth = ETH taken from the victim minus ETH swapped away; stolen token =
// tokens received from swaps. An endpoint's amount is the stolen value of
// that asset arriving at that address (a deposit address's endpoint names
// the exchange and its hot wallet in deposit_for); resting is stolen value
// still held by attacker addresses at the end. Gas is not a value move in
// vigil's model and is not counted. The generator replays its own heist
// transactions through a ledger and fails unless, per asset, stolen =
// endpoints + resting, every endpoint and resting amount matches the
// ledger, and no attacker balance ever went negative.
//
// # Bitcoin (Btc, vigil simulate btc)
//
// Btc writes bitcoin-etl's transactions.json (every field of the public
// exporter, inputs enriched with the spent output's type, addresses and
// value) and blocks.json, plus labels.csv and truth.json. The chain is
// UTXO-consistent: every input spends an existing unspent output at its
// exact value, every fee is inputs minus outputs (> 0), and each block's
// coinbase pays the subsidy plus the block's fees (and a witness
// commitment, written as bitcoin-etl writes an output without an address:
// "nonstandard" + a script hash). The first block's coinbase stands for
// the history before the window: it funds users, hot wallets and the
// victim's reserve. Addresses are bech32 P2WPKH, base58 P2PKH and P2SH
// with valid checksums, derived from (seed, index).
//
// The heist follows DMM Bitcoin (May 2024): one transaction drains the
// victim exchange's hot wallet (labeled exchange) into two seeds (the
// first labeled heist), which fan out to fourteen addresses; these run
// peel chains (each hop peels to an exchange deposit address or a fresh
// address, the change moving on), consolidate (fan-in) and fan out
// again, deposit into the attacker's deposit addresses (unlabeled, swept
// by the exchange in multi-input sweeps mixed with customers' deposits),
// deposit 10, 1 and 0.1 BTC into a labeled mixer, or keep the value. Fees
// on every heist transaction are paid from stolen value. Attacker
// transactions spend only stolen outputs, so every taint policy gives the
// same answer: an endpoint's amount is the stolen satoshi paid to it, and
// the self-check (a ledger replay of the written heist) requires stolen =
// endpoints + resting + fees exactly, no output spent twice, and every
// heist deposit swept. Background payments with change, deposits, sweeps
// and batched withdrawals are interleaved in the same blocks and never
// spend an attacker output. truth.json is a single JSON line with "type":
// "vigil_simulation_truth", so ingesting the directory skips it.
//
// Blocks are built in memory one at a time (the unspent outputs the
// background may spend are a bounded reservoir; a forgotten output stays
// unspent); while one block is built, the previous one is formatted by two
// goroutines and written by a third.
//
// # Determinism and speed
//
// The same seed and background give byte-identical files: randomness is
// math/rand/v2 PCG seeded with the seed, identifiers are hashes of
// (seed, counter), timestamps derive from block numbers, and no output
// depends on map order. Rows are formatted by hand into bufio writers one
// block at a time, so memory stays bounded whatever --background is.
// Nonces of background senders are synthetic (not per-sender consistent).
package sim
