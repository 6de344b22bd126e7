package ethetl

import "github.com/vigil-project/vigil/internal/chain"

// rcPart is one part of a receipts.csv parsed on its own goroutine, when
// transactions.csv exists: every row must then name a known transaction,
// so the lookups are read-only. What a row sets (the status when no
// earlier row or receipt_status gave it, the created contract when none
// is set yet) depends on earlier rows: the merge applies the rows in file
// order (mergeReceipts).
type rcPart struct {
	t     *table
	known *parser // read-only while parts run
	keys  *partKeys
	rows  []rcRaw
	err   error // the part's first error (part-local line); nil at a clean end
	lines int
	est   int // rows expected
}

// rcRaw is a checked receipts row.
type rcRaw struct {
	pos      int32
	contract uint32 // local ID, 0 when empty
	failed   bool
	known    bool // the status was given
}

func newRcPart(t *table, known *parser, est int) *rcPart {
	return &rcPart{t: t, known: known, keys: newPartKeys(), est: est}
}

// parse scans the part; run on the part's goroutine.
func (w *rcPart) parse() {
	w.err = w.scan()
	w.lines = partLines(w.t)
}

func (w *rcPart) scan() error {
	t := w.t
	w.rows = make([]rcRaw, 0, w.est)
	return t.each(w.row)
}

// row makes receiptRow's checks in receiptRow's order.
func (w *rcPart) row(t *table) error {
	p := w.known
	h, err := parseHash(t.get(rcHash))
	if err != nil {
		return t.bad(rcHash, err)
	}
	num, err := parseUint(t.get(rcBlock))
	if err != nil {
		return t.bad(rcBlock, err)
	}
	idx, err := parseUint32(t.get(rcIndex))
	if err != nil {
		return t.bad(rcIndex, err)
	}
	r := rcRaw{}
	if r.failed, r.known, err = parseStatus(t.get(rcStatus)); err != nil {
		return t.bad(rcStatus, err)
	}
	if s := t.get(rcContract); len(s) > 0 {
		a, err := parseAddr(s)
		if err != nil {
			return t.bad(rcContract, err)
		}
		r.contract = w.keys.id(&a)
	}
	pos, found := p.byHash.get(&h, p.txs)
	if !found {
		return p.errNotInTxs(t, "transaction "+hashStr(h))
	}
	tx := &p.txs[pos]
	if tx.Block != num {
		return t.badf("transaction %s is in block %d, row says block %d", hashStr(tx.Hash), tx.Block, num)
	}
	if tx.Index != idx {
		return t.badf("transaction %s has index %d, row says %d", hashStr(tx.Hash), tx.Index, idx)
	}
	r.pos = pos
	w.rows = append(grow(w.rows), r)
	return nil
}

// receiptsParallel parses a large plain receipts.csv in parts on all
// cores when transactions.csv exists, then applies the rows in file
// order. It returns false when the file is to be parsed sequentially (t
// is then untouched).
func (p *parser) receiptsParallel(t *table) (bool, error) {
	if !p.haveTxs {
		return false, nil // rows may add transactions: sequential
	}
	return keyedParallel(p, t, p.indexTxs, // the parts read byHash
		func(t *table, est int) *rcPart { return newRcPart(t, p, est) }, nil,
		func(_ *split, parts []*rcPart, keys []*partKeys) error { return p.mergeReceipts(parts, keys) })
}

// mergeReceipts interns each part's contract addresses, stops at the
// first error, and applies the rows in file order.
func (p *parser) mergeReceipts(parts []*rcPart, keys []*partKeys) error {
	base := 1 // the header line
	for i, w := range parts {
		w.keys.intern(p.addrs, keys[:i], nil)
		if w.err != nil {
			return shiftLine(w.err, base)
		}
		base += w.lines
	}
	for _, w := range parts {
		for _, r := range w.rows {
			p.applyReceipt(r.pos, r.failed, r.known, w.keys.global(r.contract))
		}
		w.rows = nil
	}
	return nil
}

// applyReceipt sets what a receipt row tells about the transaction at
// pos: its status when not known yet, its created contract when it is a
// creation without one.
func (p *parser) applyReceipt(pos int32, failed, known bool, contract chain.AddrID) {
	if known && p.txFlags[pos]&txStatus == 0 {
		p.txs[pos].Failed = failed
		p.txFlags[pos] |= txStatus
	}
	if contract != chain.NoAddr && p.txFlags[pos]&txCreate != 0 {
		if _, set := p.creates[pos]; !set {
			p.creates[pos] = contract
		}
	}
}
