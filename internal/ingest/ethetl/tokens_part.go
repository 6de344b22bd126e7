package ethetl

import (
	"bytes"
	"errors"

	"github.com/vigil-project/vigil/internal/chain"
)

// ttPart is one part of a token_transfers.csv parsed on its own goroutine
// into rows with part-local IDs; the merge (tokens_merge.go) makes them
// global.
type ttPart struct {
	t      *table
	known  *parser // transactions of earlier files (read-only while parts run)
	addrs  localIDs
	tokens localIDs
	tc     *idCache // a direct-mapped cache in front of tokens
	pend   []ttPending
	txs    localTxs
	rows   []ttRaw
	err    error // the part's first error (part-local line); nil at a clean end
	quoted bool  // the part holds a double quote: parse the file sequentially
	lines  int   // physical lines of the part

	// Set by resolve: where keys and transactions new to the part
	// (local pos -1 for transactions) appear in an earlier part.
	addrRef, tokRef, txRef []ref

	// Set by the merge.
	gAddr, gTok []uint32 // global ID of local ID i (index 0 unused)
	res         []txRes  // per local transaction
}

// ref names a key (by local ID) or a transaction (by local number) of an
// earlier part; part -1 is none.
type ref struct {
	part int32
	id   uint32
}

// ttRaw is a token_transfers row with part-local IDs; its block is its
// transaction's.
type ttRaw struct {
	amount                   chain.U256
	pos, tx, token, from, to uint32
}

// txRes is the outcome of joining a local transaction with the parser's.
type txRes struct {
	block uint64
	txi   uint32
	slot  int32
	pos   int32 // among the parser's transactions
	skip  bool  // a failed transaction: its rows move nothing
}

func newTTPart(t *table, known *parser) *ttPart {
	w := &ttPart{t: t, known: known}
	w.tc = &idCache{in: &w.tokens}
	return w
}

// parse scans the part; run on the part's goroutine.
func (w *ttPart) parse() {
	w.err = w.scan()
	w.quoted = errors.Is(w.err, errQuoted)
	w.lines = partLines(w.t)
}

// rowCache remembers the previous row's block and raw hash: rows of one
// transaction are consecutive (as txCache does for the sequential parse).
type rowCache struct {
	key [72]byte
	n   int // -1: empty
	num uint64
	tx  uint32
}

func (c *rowCache) get(num uint64, hs []byte) (uint32, bool) {
	return c.tx, c.n == len(hs) && num == c.num && bytes.Equal(c.key[:c.n], hs)
}

func (c *rowCache) set(num uint64, hs []byte, tx uint32) {
	c.n = -1
	if len(hs) <= len(c.key) {
		c.n = copy(c.key[:], hs)
		c.num, c.tx = num, tx
	}
}

func (w *ttPart) scan() error {
	t := w.t
	w.rows = make([]ttRaw, 0, t.size/minTokenRow+1)
	w.addrs.reserve(int(t.size / minTokenRow / 2)) // at most one rehash on a real export
	w.txs.reserve(int(t.size / minTokenRow / 2))
	c := rowCache{n: -1}
	for {
		ok, err := t.next()
		if !ok {
			w.internPending()
			return err
		}
		if err := w.row(t, &c); err != nil {
			return err
		}
	}
}

// row parses one row, checking columns in the order the sequential
// tokenTransfers does so the same error comes first. Its keys are queued
// and interned a batch at a time (tokens_batch.go).
func (w *ttPart) row(t *table, c *rowCache) error {
	num, err := parseUint(t.get(ttBlock))
	if err != nil {
		return w.fail(nil, 0, t.bad(ttBlock, err))
	}
	hs := t.get(ttTxHash)
	tx, hit := c.get(num, hs)
	q := ttPending{row: uint32(len(w.rows)), newTx: -1}
	var keyAt int
	var keyErr error
	if !hit {
		h, err := parseHash(hs)
		if err != nil {
			return w.fail(nil, 0, t.bad(ttTxHash, err))
		}
		// Load the slot the transaction's lookup starts at, then parse the
		// keys: the load's cache miss overlaps that work instead of
		// stalling the lookup. A key error waits for the lookup's, which
		// the sequential parse meets first.
		w.txs.prefetch(&h)
		keyAt, keyErr = w.keys(t, &q)
		var isNew bool
		if tx, isNew, err = w.tx(t, &h, num); err != nil {
			return w.fail(nil, 0, err)
		}
		if isNew {
			q.newTx = int32(tx)
		}
		c.set(num, hs, tx)
	} else {
		keyAt, keyErr = w.keys(t, &q)
	}
	w.rows = append(grow(w.rows), ttRaw{tx: tx})
	r := &w.rows[len(w.rows)-1]
	if keyErr != nil {
		return w.fail(&q, keyAt, keyErr)
	}
	if r.amount, err = parseAmount(t.get(ttValue)); err != nil {
		return w.fail(&q, 3, t.bad(ttValue, err))
	}
	if r.pos, err = parseUint32(t.get(ttLogIndex)); err != nil {
		return w.fail(&q, 3, t.bad(ttLogIndex, err))
	}
	w.queue(&q)
	return nil
}

// keys parses the row's token, from and to addresses into q; on an error
// it returns the index of the bad one.
func (w *ttPart) keys(t *table, q *ttPending) (int, error) {
	for i, col := range [3]int{ttToken, ttFrom, ttTo} {
		var err error
		if q.keys[i], err = parseAddr(t.get(col)); err != nil {
			return i, t.bad(col, err)
		}
	}
	return 3, nil
}

// tx returns the local number of transaction h named by a row of block
// num, and whether the row is its first. A hash seen before in another
// block is the error the sequential parse gives there (its first
// appearance set the block). The new transaction's key counts are set
// when its row's keys are interned.
func (w *ttPart) tx(t *table, h *chain.Hash, num uint64) (uint32, bool, error) {
	if id, ok := w.txs.find(h); ok {
		if b := w.txs.list[id].block; b != num {
			return 0, false, t.badf("transaction %s is in block %d, row says block %d", hashStr(*h), b, num)
		}
		return id, false, nil
	}
	pos, found := w.known.byHash.get(h, w.known.txs)
	if !found {
		pos = -1
	}
	return w.txs.add(localTx{hash: *h, block: num, line: int32(t.line()), pos: pos}), true, nil
}

// resolve finds the part's keys and transactions in the earlier parts
// (all parsed), on all cores.
func (w *ttPart) resolve(earlier []*ttPart) {
	w.addrRef = make([]ref, len(w.addrs.keys))
	w.tokRef = make([]ref, len(w.tokens.keys))
	w.txRef = make([]ref, len(w.txs.list))
	forRanges(len(w.addrRef), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if j := i + resolveAhead; j < hi {
				for _, e := range earlier {
					e.addrs.prefetch(&w.addrs.keys[j])
				}
			}
			w.addrRef[i] = findKey(earlier, &w.addrs.keys[i], func(e *ttPart) *localIDs { return &e.addrs })
		}
	})
	for i := range w.tokRef {
		w.tokRef[i] = findKey(earlier, &w.tokens.keys[i], func(e *ttPart) *localIDs { return &e.tokens })
	}
	forRanges(len(w.txRef), func(lo, hi int) {
		for i := lo; i < hi; i++ {
			if j := i + resolveAhead; j < hi {
				for _, e := range earlier {
					e.txs.prefetch(&w.txs.list[j].hash)
				}
			}
			w.txRef[i] = ref{part: -1}
			if w.txs.list[i].pos >= 0 {
				continue // known before the file
			}
			for k, e := range earlier {
				if id, ok := e.txs.find(&w.txs.list[i].hash); ok {
					w.txRef[i] = ref{int32(k), id}
					break
				}
			}
		}
	})
}

// resolveAhead is how many keys ahead resolve prefetches the slots it
// will probe: enough for their cache misses to overlap.
const resolveAhead = 16

// findKey returns where key first appears among the earlier parts.
func findKey(earlier []*ttPart, key *chain.EVMAddress, ids func(*ttPart) *localIDs) ref {
	for k, e := range earlier {
		if id := ids(e).find(key); id != 0 {
			return ref{int32(k), id}
		}
	}
	return ref{part: -1}
}
