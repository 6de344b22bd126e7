package ethetl

import (
	"slices"
	"sync"

	"github.com/vigil-project/vigil/internal/chain"
)

// tracesParallel parses a large plain traces.csv in parts on all cores
// when transactions.csv exists, then merges them in file order (see the
// package doc). It returns false when the file is to be parsed
// sequentially (t is then untouched).
func (p *parser) tracesParallel(t *table) (bool, error) {
	if !p.haveTxs {
		return false, nil // rows may add transactions: sequential
	}
	prepare := func() { p.txAt(0, 0) } // index byHash and build byIdx: the parts read them
	return keyedParallel(p, t, prepare, func(t *table, est int) *trPart { return newTrPart(t, p, est) }, nil,
		func(_ *split, parts []*trPart, keys []*partKeys) error { return p.mergeTraces(parts, keys) })
}

// trCarry is the failed-call state at the end of a part: the last
// transaction met and the failed trace addresses of its current run.
type trCarry struct {
	set    bool
	num    uint64
	txi    uint32
	failed [][]byte
}

// trMergeAt locates a part for the fill.
type trMergeAt struct {
	slots []int32
	rows  int64 // data rows before the part
	out   int   // index of its first transfer
}

// mergeTraces applies the order-dependent rules part by part in file
// order, interns the keys, stops at the first error, then fills the
// transfers.
func (p *parser) mergeTraces(parts []*trPart, keys []*partKeys) error {
	at := make([]trMergeAt, len(parts))
	drop := make([][]bool, len(parts))
	var carry trCarry
	var marked map[int32]bool // by earlier parts
	base, rows, out := 1, int64(0), len(p.tr)
	for i, w := range parts {
		drop[i] = w.dropped(&carry, marked)
		w.keys.intern(p.addrs, keys[:i], w.keyOrder(drop[i]))
		if w.err != nil {
			return shiftLine(w.err, base)
		}
		at[i] = trMergeAt{slots: w.blocks.slots(p), rows: rows, out: out}
		p.addTraceStats(w, at[i].slots)
		for _, pos := range w.marks {
			if p.txFlags[pos]&txStatus == 0 {
				p.txs[pos].Failed = true
				p.txFlags[pos] |= txStatus
			}
			if marked == nil {
				marked = make(map[int32]bool)
			}
			marked[pos] = true
		}
		carry = w.carryOut(carry)
		base += w.lines
		rows += w.nrows
		out += len(w.rows) - count(drop[i])
	}
	p.fillTraces(parts, at, drop, out)
	return nil
}

// dropped marks the part's moving rows that the earlier parts stop: the
// first run's rows under a call that failed before the cut, and rows of
// transactions marked failed before the part. It returns nil when none.
func (w *trPart) dropped(carry *trCarry, marked map[int32]bool) []bool {
	var drop []bool
	set := func(r int) {
		if drop == nil {
			drop = make([]bool, len(w.rows))
		}
		drop[r] = true
	}
	if carry.set && len(carry.failed) > 0 && w.started && carry.num == w.firstNum && carry.txi == w.firstTxi {
		st := traceState{failed: carry.failed}
		for _, f := range w.firstRows {
			if st.under(f.ta) {
				set(int(f.row))
			}
		}
	}
	if len(marked) > 0 {
		for r := range w.rows {
			if pos := w.rows[r].pos; pos >= 0 && marked[pos] {
				set(r)
			}
		}
	}
	return drop
}

// keyOrder returns the local IDs the kept rows use, in order of first
// use, or nil (all IDs in local order) when no row is dropped.
func (w *trPart) keyOrder(drop []bool) []uint32 {
	if drop == nil {
		return nil
	}
	seen := make([]bool, w.keys.n()+1)
	order := []uint32{} // not nil: no key at all when every row is dropped
	for r := range w.rows {
		if drop[r] {
			continue
		}
		for _, id := range [2]uint32{w.rows[r].from, w.rows[r].to} {
			if id != 0 && !seen[id] {
				seen[id] = true
				order = append(order, id)
			}
		}
	}
	return order
}

// carryOut is the failed-call state after the part, given the state
// before it.
func (w *trPart) carryOut(in trCarry) trCarry {
	if !w.started {
		return in
	}
	out := trCarry{set: true, num: w.lastNum, txi: w.lastTxi, failed: w.st.failed}
	if !w.changed && in.set && in.num == w.lastNum && in.txi == w.lastTxi {
		out.failed = append(slices.Clip(in.failed), w.st.failed...)
	}
	return out
}

// addTraceStats adds the part's trace row counts to its blocks.
func (p *parser) addTraceStats(w *trPart, slots []int32) {
	for b := range w.bstat {
		acc := &p.blocks[slots[b]]
		acc.traceRows += w.bstat[b].traceRows
		acc.txTraces += w.bstat[b].txTraces
	}
}

func count(drop []bool) int {
	n := 0
	for _, d := range drop {
		if d {
			n++
		}
	}
	return n
}

// fillTraces appends the kept rows as transfers with global IDs, in file
// order, one goroutine per part.
func (p *parser) fillTraces(parts []*trPart, at []trMergeAt, drop [][]bool, end int) {
	n := end - len(p.tr)
	p.tr = slices.Grow(p.tr, n)[:end]
	p.trSlot = slices.Grow(p.trSlot, n)[:end]
	var wg sync.WaitGroup
	for i, w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.fill(p.tr[at[i].out:], p.trSlot[at[i].out:], &at[i], drop[i])
		}()
	}
	wg.Wait()
}

// fill writes the kept rows into tr and their slots into slots.
func (w *trPart) fill(tr []chain.AccountTransfer, slots []int32, at *trMergeAt, drop []bool) {
	k := 0
	for i := range w.rows {
		if drop != nil && drop[i] {
			continue
		}
		r := &w.rows[i]
		tr[k] = chain.AccountTransfer{Block: w.blocks.nums[r.block], TxIndex: r.txi, Pos: uint32(at.rows + int64(r.n)),
			Kind: r.kind, From: w.keys.global(r.from), To: w.keys.global(r.to), Amount: r.amount}
		slots[k] = at.slots[r.block]
		k++
	}
	w.rows = nil
}
