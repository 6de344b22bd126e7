package ethetl

import (
	"errors"

	"github.com/vigil-project/vigil/internal/chain"
)

// Ranks of the checks of one transactions.csv row, in the order txRow
// makes them: when two errors name the same line, the lower rank is the
// sequential parse's.
const (
	rankField    = iota // hash, block, index, from, to, value, status
	rankDup             // the hash was seen before
	rankTime            // block_timestamp, on the block's first timed row
	rankContract        // receipt_contract_address
)

// errDupRow stops a part at a hash it has already seen; the merge writes
// the message, which names the first line in file terms.
var errDupRow = errors.New("duplicate transaction in the part")

// txPart is one part of a transactions.csv parsed on its own goroutine.
// Rows keep part-local address IDs in From and To. The two checks that
// depend on earlier parts — a hash seen before, and the first
// block_timestamp of a block — are finished by the merge (txs_merge.go).
type txPart struct {
	t       *table
	known   *parser // transactions of earlier files (read-only while parts run)
	keys    *partKeys
	blocks  partBlocks
	bstat   []txBlockStat // per local block
	rows    []chain.AccountTx
	blk     []uint32 // local block of each row
	line    []int32  // part-local line of each row
	flags   []uint8
	made    []txMade         // created contracts (local IDs)
	hashes  hashIndex        // the part's rows by hash
	scratch chain.EVMAddress // addr's argument to keys.id
	err     error            // the part's first error (part-local line); nil at a clean end
	rank    int              // the check that gave err
	dupOf   int32            // with errDupRow: the earlier row of the same hash
	dupH    chain.Hash
	lines   int
	est     int // rows expected (sizes rows and hashes)

	// Set by resolve: the first row whose hash an earlier part has.
	dupRow int32 // -1: none
	dupAt  partRef
}

// txBlockStat is what a part adds to one block.
type txBlockStat struct {
	rows   int
	maxIdx uint32
	tsRow  int32 // first row with a block_timestamp, or -1
	ts     int64
	tsErr  error
}

// txMade is the contract a creation row's receipt names.
type txMade struct {
	row int32
	id  uint32
}

func newTxPart(t *table, known *parser, est int) *txPart {
	return &txPart{t: t, known: known, keys: newPartKeys(), dupRow: -1, dupOf: -1, est: est}
}

// parse scans the part; run on the part's goroutine.
func (w *txPart) parse() {
	w.err = w.scan()
	w.lines = partLines(w.t)
}

func (w *txPart) scan() error {
	t := w.t
	w.rows = make([]chain.AccountTx, 0, w.est)
	w.hashes.reserve(w.est)
	return t.each(w.row)
}

// row parses one row with txRow's checks in txRow's order.
func (w *txPart) row(t *table) error {
	h, err := parseHash(t.get(txHash))
	if err != nil {
		return t.bad(txHash, err)
	}
	from, to := w.prefetch(t, &h)
	num, err := parseUint(t.get(txBlock))
	if err != nil {
		return t.bad(txBlock, err)
	}
	b := w.block(num)
	tx := chain.AccountTx{Block: num, Hash: h}
	if tx.Index, err = parseUint32(t.get(txIndex)); err != nil {
		return t.bad(txIndex, err)
	}
	if tx.From, err = w.addrOf(t, txFrom, false, &from); err != nil {
		return err
	}
	if tx.To, err = w.addrOf(t, txTo, true, &to); err != nil {
		return err
	}
	if tx.Value, err = parseAmount(t.get(txValue)); err != nil {
		return t.bad(txValue, err)
	}
	failed, known, err := parseStatus(t.get(txReceiptStatus))
	if err != nil {
		return t.bad(txReceiptStatus, err)
	}
	tx.Failed = failed
	if err := w.dup(t, &h); err != nil {
		return err
	}
	w.time(t, b)
	w.add(&tx, b, t.line(), known)
	if tx.To == chain.NoAddr {
		c, err := w.addr(t, txReceiptContract, true)
		if err != nil {
			w.rank = rankContract
			return err
		}
		if c != chain.NoAddr {
			w.made = append(w.made, txMade{int32(len(w.rows) - 1), uint32(c)})
		}
	}
	return nil
}

// prefetch starts loading the table slots the row's lookups will probe
// (its hash in the part's index and in the earlier files', its from and
// to addresses), so their cache misses overlap the parsing in between. It
// returns the addresses it decoded (ok false when malformed or empty:
// addrOf then parses the column again and reports it).
func (w *txPart) prefetch(t *table, h *chain.Hash) (from, to optAddr) {
	w.hashes.prefetch(h)
	w.known.byHash.prefetch(h)
	for _, c := range [2]struct {
		col int
		dst *optAddr
	}{{txFrom, &from}, {txTo, &to}} {
		if c.dst.a, c.dst.ok = peekAddr(t, c.col); c.dst.ok {
			w.keys.prefetch(&c.dst.a)
		}
	}
	return from, to
}

// addrOf is addr for a column prefetch already decoded into pre.
func (w *txPart) addrOf(t *table, col int, allowEmpty bool, pre *optAddr) (chain.AddrID, error) {
	if pre.ok {
		return chain.AddrID(w.keys.id(&pre.a)), nil
	}
	return w.addr(t, col, allowEmpty)
}

// block returns the local number of block num.
func (w *txPart) block(num uint64) uint32 {
	b := w.blocks.id(num)
	if int(b) == len(w.bstat) {
		w.bstat = append(w.bstat, txBlockStat{tsRow: -1})
	}
	return b
}

// addr parses address column col into a local ID (NoAddr when empty and
// allowEmpty).
func (w *txPart) addr(t *table, col int, allowEmpty bool) (chain.AddrID, error) {
	return addrField(t, col, allowEmpty, &w.scratch, w.keys.id)
}

// dup fails on a hash seen before in the part or in an earlier file;
// earlier parts are the merge's business. A new hash is indexed as the
// next row's.
func (w *txPart) dup(t *table, h *chain.Hash) error {
	if pos, ok := w.known.byHash.get(h, w.known.txs); ok {
		w.rank = rankDup
		return t.badf("duplicate transaction %s (first at line %d)", hashStr(*h), w.known.txLine[pos])
	}
	if r, ok := w.hashes.add(h, int32(len(w.rows)), w.rows); ok {
		w.rank, w.dupOf, w.dupH = rankDup, r, *h
		return errDupRow
	}
	return nil
}

// time records the block's first block_timestamp in the part, valid or
// not: whether it is checked depends on earlier parts.
func (w *txPart) time(t *table, b uint32) {
	st := &w.bstat[b]
	s := t.get(txTimestamp)
	if st.tsRow >= 0 || len(s) == 0 {
		return
	}
	st.tsRow = int32(len(w.rows))
	ts, err := parseUint(s)
	if err == nil && ts > 1<<62 {
		err = errTooLarge
	}
	st.ts, st.tsErr = int64(ts), err
}

// add appends a checked row.
func (w *txPart) add(tx *chain.AccountTx, b uint32, line int, known bool) {
	var flags uint8
	if known {
		flags |= txStatus
	}
	if tx.To == chain.NoAddr {
		flags |= txCreate
	}
	w.rows = append(grow(w.rows), *tx)
	w.blk = append(grow(w.blk), b)
	w.line = append(grow(w.line), int32(line))
	w.flags = append(grow(w.flags), flags)
	st := &w.bstat[b]
	st.rows++
	st.maxIdx = max(st.maxIdx, tx.Index)
}
