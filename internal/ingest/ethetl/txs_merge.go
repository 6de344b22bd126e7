package ethetl

import (
	"errors"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/vigil-project/vigil/internal/inputerr"
)

// transactionsParallel parses a large plain transactions.csv in parts on
// all cores, then merges them in file order (see the package doc). It
// returns false when the file is to be parsed sequentially (t is then
// untouched).
func (p *parser) transactionsParallel(t *table) (bool, error) {
	return keyedParallel(p, t, p.indexTxs, // the parts read byHash
		func(t *table, est int) *txPart { return newTxPart(t, p, est) }, (*txPart).resolveDups, p.mergeTxs)
}

// resolveDups finds the part's first row whose hash an earlier part has.
func (w *txPart) resolveDups(earlier []*txPart) {
	var first atomic.Int64
	first.Store(int64(len(w.rows)))
	forRanges(len(w.rows), func(lo, hi int) {
		for r := lo; r < hi && int64(r) < first.Load(); r++ {
			for _, e := range earlier {
				if _, ok := e.hashes.get(&w.rows[r].Hash, e.rows); ok {
					for cur := first.Load(); int64(r) < cur && !first.CompareAndSwap(cur, int64(r)); cur = first.Load() {
					}
					break
				}
			}
		}
	})
	if r := int(first.Load()); r < len(w.rows) {
		w.dupRow = int32(r)
		for k, e := range earlier {
			if id, ok := e.hashes.get(&w.rows[r].Hash, e.rows); ok {
				w.dupAt = partRef{int32(k), uint32(id)}
				break
			}
		}
	}
}

// txMergeAt locates a part for the merge: lines and rows before it, its
// block slots and its first transaction's position.
type txMergeAt struct {
	base  int
	slots []int32
	pos   int
}

// mergeTxs finishes the order-dependent checks part by part in file
// order, stopping at the first error, then fills the transactions.
func (p *parser) mergeTxs(s *split, parts []*txPart, keys []*partKeys) error {
	at := make([]txMergeAt, len(parts))
	base, pos := 1, len(p.txs) // line 1 is the header
	for i, w := range parts {
		at[i] = txMergeAt{base: base, slots: w.blocks.slots(p), pos: pos}
		if err := p.mergeTxPart(s, w, parts[:i], at[:i+1], keys[:i]); err != nil {
			return err
		}
		base += w.lines
		pos += len(w.rows)
	}
	p.fillTxs(parts, at, pos)
	return nil
}

// txCandidate is an error of a part and its place.
type txCandidate struct {
	line, rank int
	err        error
	keys       int // local keys interned before it; -1: all
}

func (c *txCandidate) offer(line, rank int, err error, keys int) {
	if c.err == nil || line < c.line || (line == c.line && rank < c.rank) {
		*c = txCandidate{line, rank, err, keys}
	}
}

// mergeTxPart checks part w against the parts before it, then applies
// its blocks' times and counts and interns its keys.
func (p *parser) mergeTxPart(s *split, w *txPart, earlier []*txPart, at []txMergeAt, keys []*partKeys) error {
	me := &at[len(at)-1]
	tb := &table{path: s.path, cols: s.parts[0].cols} // names the line of merge errors
	var c txCandidate
	if w.err != nil {
		err := w.err
		if err == errDupRow {
			tb.at = me.base + w.t.line()
			err = tb.badf("duplicate transaction %s (first at line %d)", hashStr(w.dupH), me.base+int(w.line[w.dupOf]))
		} else {
			err = shiftLine(err, me.base)
		}
		c.offer(errLine(err), w.rank, err, -1)
	}
	if r := w.dupRow; r >= 0 {
		e := earlier[w.dupAt.part]
		tb.at = me.base + int(w.line[r])
		first := at[w.dupAt.part].base + int(e.line[w.dupAt.id])
		c.offer(tb.at, rankDup, tb.badf("duplicate transaction %s (first at line %d)", hashStr(w.rows[r].Hash), first), w.keysThrough(int(r)))
	}
	for b := range w.bstat {
		st := &w.bstat[b]
		if st.tsRow >= 0 && st.tsErr != nil && !p.blocks[me.slots[b]].timed {
			tb.at = me.base + int(w.line[st.tsRow])
			c.offer(tb.at, rankTime, tb.bad(txTimestamp, st.tsErr), w.keysThrough(int(st.tsRow)))
		}
	}
	if c.err != nil {
		var order []uint32
		if c.keys >= 0 {
			order = firstIDs(c.keys)
		}
		w.keys.intern(p.addrs, keys, order)
		return c.err
	}
	w.keys.intern(p.addrs, keys, nil)
	p.addTxStats(w, me.slots)
	return nil
}

// keysThrough counts the local keys interned up to row r's from and to
// (its contract comes after the checks the merge makes).
func (w *txPart) keysThrough(r int) int {
	n := uint32(max(w.rows[r].From, w.rows[r].To))
	for i := range r {
		n = max(n, uint32(w.rows[i].From), uint32(w.rows[i].To))
	}
	for _, m := range w.made {
		if int(m.row) < r {
			n = max(n, m.id)
		}
	}
	return int(n)
}

// addTxStats adds the part's block times, row counts and next indexes.
func (p *parser) addTxStats(w *txPart, slots []int32) {
	for b := range w.bstat {
		st, acc := &w.bstat[b], &p.blocks[slots[b]]
		if st.tsRow >= 0 && !acc.timed {
			acc.b.Header.Time, acc.timed = st.ts, true
		}
		acc.txRows += st.rows
		if st.rows > 0 && st.maxIdx >= acc.nextIdx {
			acc.nextIdx = st.maxIdx + 1
		}
	}
}

// fillTxs appends the parts' rows to the parser's transactions with
// global IDs, one goroutine per part, while one more indexes them by hash
// into a map sized once (the sequential parse grows it row by row).
func (p *parser) fillTxs(parts []*txPart, at []txMergeAt, end int) {
	n := end - len(p.txs)
	index := p.indexed == len(p.txs) && p.byIdx == nil
	p.txs = slices.Grow(p.txs, n)[:end]
	p.txSlot = slices.Grow(p.txSlot, n)[:end]
	p.txLine = slices.Grow(p.txLine, n)[:end]
	p.txFlags = slices.Grow(p.txFlags, n)[:end]
	var wg sync.WaitGroup
	if index {
		p.byHash.reserve(end - p.byHash.n) // no rehash while the parts fill p.txs
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, w := range parts {
				for r := range w.rows {
					p.byHash.put(&w.rows[r].Hash, int32(at[i].pos+r))
				}
			}
		}()
	}
	for i, w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.fillTxPart(w, &at[i])
		}()
	}
	wg.Wait()
	if index {
		p.indexed = end
	}
	for i, w := range parts {
		w.rows = nil
		for _, m := range w.made {
			p.creates[int32(at[i].pos)+m.row] = w.keys.global(m.id)
		}
	}
}

func (p *parser) fillTxPart(w *txPart, at *txMergeAt) {
	for r := range w.rows {
		tx := &p.txs[at.pos+r]
		*tx = w.rows[r]
		tx.From, tx.To = w.keys.global(uint32(tx.From)), w.keys.global(uint32(tx.To))
		p.txSlot[at.pos+r] = at.slots[w.blk[r]]
		p.txLine[at.pos+r] = int32(at.base) + w.line[r]
		p.txFlags[at.pos+r] = w.flags[r]
	}
}

// errLine is the line an input error names (0 for other errors).
func errLine(err error) int {
	var ie *inputerr.Error
	if errors.As(err, &ie) {
		return ie.Line
	}
	return 0
}
