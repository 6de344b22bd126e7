package ethetl

import "github.com/vigil-project/vigil/internal/chain"

// internBatch is how many rows a part parses before it interns their keys.
const internBatch = 128

// ttPending is a parsed row whose keys (token, from, to) wait to be
// interned.
type ttPending struct {
	keys  [3]chain.EVMAddress
	row   uint32 // index in rows
	newTx int32  // the local transaction this row first named, or -1
}

// queue adds a parsed row's keys to the batch, interning the batch when
// full.
func (w *ttPart) queue(q *ttPending) {
	w.pend = append(w.pend, *q)
	if len(w.pend) == internBatch {
		w.internPending()
	}
}

// internPending interns the queued rows' keys in row order (the order the
// sequential parse meets them). The address table is large and probed at
// random, so a first loop prefetches every probe's slot: their cache
// misses overlap, where interning row by row waits for each miss in
// turn.
func (w *ttPart) internPending() {
	if len(w.pend) == 0 {
		return
	}
	w.addrs.reserve(2 * len(w.pend))
	for i := range w.pend {
		w.addrs.prefetch(&w.pend[i].keys[1])
		w.addrs.prefetch(&w.pend[i].keys[2])
	}
	for i := range w.pend {
		w.internRow(&w.pend[i], 3)
	}
	w.pend = w.pend[:0]
}

// internRow interns the first n keys of q (n < 3 for a row that failed at
// its key n) and stores their IDs in q's row.
func (w *ttPart) internRow(q *ttPending, n int) {
	if q.newTx >= 0 {
		tx := &w.txs.list[q.newTx]
		tx.nAddr, tx.nTok = uint32(len(w.addrs.keys)), uint32(len(w.tokens.keys))
	}
	r := &w.rows[q.row]
	if n > 0 {
		r.token = w.tc.id(&q.keys[0])
	}
	if n > 1 {
		r.from = w.addrs.Intern(q.keys[1][:])
	}
	if n > 2 {
		r.to = w.addrs.Intern(q.keys[2][:])
	}
}

// fail interns the queued rows and the first n keys of the bad row q (when
// not nil), as the sequential parse would have interned them before its
// error, and returns err.
func (w *ttPart) fail(q *ttPending, n int, err error) error {
	w.internPending()
	if q != nil {
		w.internRow(q, n)
	}
	return err
}
