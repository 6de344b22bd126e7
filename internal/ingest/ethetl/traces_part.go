package ethetl

import "github.com/vigil-project/vigil/internal/chain"

// trPart is one part of a traces.csv parsed on its own goroutine, when
// transactions.csv exists (then every transaction is known before the
// file and the lookups are read-only). Rows that move value keep
// part-local address IDs. Two rules depend on earlier parts and are
// finished by the merge (traces_merge.go): a call under a failed call of
// the same transaction in the part before (the failed-call state carries
// over the cut), and a transaction that a failed top-level call in an
// earlier part marked failed.
type trPart struct {
	t      *table
	known  *parser // read-only while parts run
	keys   *partKeys
	blocks partBlocks
	bstat  []trBlockStat // per local block
	rows   []trRaw       // the rows that move value, as far as the part knows
	cache  txCache
	st     traceState
	marks  []int32        // transactions a failed top-level call marked failed
	marked map[int32]bool // the same, as a set
	err    error          // the part's first error (part-local line)
	lines  int
	nrows  int64 // data rows of the part
	est    int   // rows expected (all rows: most move value)

	// The runs of rows of one transaction at the part's ends.
	started   bool // a row of a transaction was met
	changed   bool // a second transaction was met
	lastNum   uint64
	lastTxi   uint32
	firstNum  uint64
	firstTxi  uint32
	firstRows []trFirst // moving rows of the first run, with trace_address
	arena     []byte
}

// trBlockStat is what a part adds to one block.
type trBlockStat struct {
	slot      int32 // the parser's slot when the block was known, else -1
	traceRows int
	txTraces  int
}

// trRaw is a trace row that moves value.
type trRaw struct {
	amount   chain.U256
	block    uint32 // local block
	n        uint32 // part-local data row number (the transfer's Pos)
	txi      uint32
	pos      int32 // the transaction's position, or -1
	from, to uint32
	kind     chain.TransferKind
}

// trFirst is a moving row of the part's first transaction run.
type trFirst struct {
	row int32
	ta  []byte
}

func newTrPart(t *table, known *parser, est int) *trPart {
	return &trPart{t: t, known: known, keys: newPartKeys(), cache: txCache{n: -1}, st: traceState{slot: -1}, est: est}
}

// parse scans the part; run on the part's goroutine.
func (w *trPart) parse() {
	w.err = w.scan()
	w.lines = partLines(w.t)
	w.nrows = w.t.rows
}

func (w *trPart) scan() error {
	t := w.t
	w.rows = make([]trRaw, 0, w.est)
	return t.each(w.row)
}

// row parses one row with traceRow's checks in traceRow's order.
func (w *trPart) row(t *table) error {
	num, err := parseUint(t.get(trBlock))
	if err != nil {
		return t.bad(trBlock, err)
	}
	pre := w.prefetchTx(t)
	b := w.block(num)
	f, err := w.known.traceFields(t)
	if err != nil {
		return err
	}
	for _, a := range [2]*optAddr{&f.from, &f.to} { // interned by keep, after the lookups below
		if a.ok {
			w.keys.prefetch(&a.a)
		}
	}
	w.bstat[b].traceRows++
	r := trRaw{block: b, n: uint32(t.rows), txi: chain.NoTx, pos: -1, amount: f.amount}
	moves := f.moves
	if k, ok := issuanceKind(f.typ); ok {
		r.kind, moves = k, moves && w.known.opts.Issuance
	} else {
		w.bstat[b].txTraces++
		if r.txi, r.pos, moves, err = w.inTx(t, b, num, f.failed, moves, &pre); err != nil {
			return err
		}
		r.kind = traceKind(f.typ, len(t.get(trAddress)) == 0)
	}
	if f.failed || !moves || r.amount.IsZero() {
		return nil
	}
	w.keep(t, &r, &f.from, &f.to)
	return nil
}

// optHash is a transaction hash parsed ahead of its lookup, if ok.
type optHash struct {
	h  chain.Hash
	ok bool
}

// prefetchTx starts loading the slot where the lookup of the row's
// transaction hash starts, when the row starts a new transaction (the
// rows of one hit the part's cache) and its hash is well formed, and
// returns the hash parsed for findTx.
func (w *trPart) prefetchTx(t *table) optHash {
	hs := t.get(trTxHash)
	if len(hs) == 0 || w.cache.hasHash(hs) {
		return optHash{}
	}
	h, err := parseHash(hs)
	if err != nil {
		return optHash{} // findTx reports it, in its turn
	}
	w.known.byHash.prefetch(&h)
	return optHash{h, true}
}

// block returns the local number of block num.
func (w *trPart) block(num uint64) uint32 {
	b := w.blocks.id(num)
	if int(b) == len(w.bstat) {
		slot, ok := w.known.slotOf[num]
		if !ok {
			slot = -1
		}
		w.bstat = append(w.bstat, trBlockStat{slot: slot})
	}
	return b
}

// keep interns the row's addresses part-locally and appends it.
func (w *trPart) keep(t *table, r *trRaw, from, to *optAddr) {
	if r.kind != chain.KindReward && from.ok {
		r.from = w.keys.id(&from.a)
	}
	if to.ok {
		r.to = w.keys.id(&to.a)
	}
	if w.started && !w.changed && r.txi != chain.NoTx {
		ta := t.get(trAddress)
		n := len(w.arena)
		w.arena = append(w.arena, ta...)
		w.firstRows = append(w.firstRows, trFirst{int32(len(w.rows)), w.arena[n:len(w.arena):len(w.arena)]})
	}
	w.rows = append(grow(w.rows), *r)
}

// inTx is traceInTx with the part's state: it resolves the transaction
// (read-only) and applies failure as far as the part knows it.
func (w *trPart) inTx(t *table, b uint32, num uint64, failed, moves bool, pre *optHash) (uint32, int32, bool, error) {
	hs, is := t.get(trTxHash), t.get(trTxIndex)
	txi, pos, ok := w.cache.get(int32(b), hs, is)
	if !ok {
		var err error
		if txi, pos, err = w.findTx(t, b, num, pre); err != nil {
			return 0, 0, false, err
		}
		w.cache.set(int32(b), hs, is, txi, pos)
	}
	w.run(num, txi)
	w.st.reset(int32(b), txi)
	ta := t.get(trAddress)
	if failed {
		w.st.fail(ta)
		if len(ta) == 0 && pos >= 0 && w.known.txFlags[pos]&txStatus == 0 && !w.marked[pos] {
			if w.marked == nil {
				w.marked = make(map[int32]bool)
			}
			w.marked[pos] = true
			w.marks = append(w.marks, pos)
		}
		return txi, pos, false, nil
	}
	if w.st.under(ta) || (pos >= 0 && (w.known.txs[pos].Failed || w.marked[pos])) {
		return txi, pos, false, nil
	}
	return txi, pos, moves, nil
}

// run follows the runs of rows of one transaction.
func (w *trPart) run(num uint64, txi uint32) {
	switch {
	case !w.started:
		w.started, w.firstNum, w.firstTxi = true, num, txi
	case num != w.lastNum || txi != w.lastTxi:
		w.changed = true
	}
	w.lastNum, w.lastTxi = num, txi
}

// findTx is the parser's findTx when transactions.csv exists: lookups
// only, by block number (the block may be new to the parser).
func (w *trPart) findTx(t *table, b uint32, num uint64, pre *optHash) (uint32, int32, error) {
	p := w.known
	hs, idx, hasIdx, err := txCols(t, trTxHash, trTxIndex)
	if err != nil {
		return 0, 0, err
	}
	if len(hs) == 0 {
		pos := int32(-1)
		if slot := w.bstat[b].slot; slot >= 0 {
			if q, ok := p.byIdx[uint64(slot)<<32|uint64(idx)]; ok {
				pos = q
			}
		}
		if pos < 0 {
			return 0, 0, p.errNotInTxs(t, "transaction with index "+uitoa(uint64(idx))+" of block "+uitoa(num))
		}
		return idx, pos, nil
	}
	h := pre.h
	if !pre.ok {
		if h, err = parseHash(hs); err != nil {
			return 0, 0, t.bad(trTxHash, err)
		}
	}
	pos, ok := p.byHash.get(&h, p.txs)
	if !ok {
		return 0, 0, p.errNotInTxs(t, "transaction "+hashStr(h))
	}
	tx := &p.txs[pos]
	if tx.Block != num {
		return 0, 0, t.badf("transaction %s is in block %d, row says block %d", hashStr(tx.Hash), tx.Block, num)
	}
	if hasIdx && tx.Index != idx {
		return 0, 0, t.badf("transaction %s has index %d, row says %d", hashStr(tx.Hash), tx.Index, idx)
	}
	return tx.Index, pos, nil
}
