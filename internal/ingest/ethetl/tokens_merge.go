package ethetl

import (
	"runtime"
	"slices"
	"sync"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/prefault"
)

// tokenTransfersParallel parses a large plain token_transfers.csv in parts
// on all cores, then merges them in file order (see the package doc). It
// returns false when the file is to be parsed sequentially instead.
func (p *parser) tokenTransfersParallel(path string) (bool, error) {
	s, err := splitFile(path, fileColumns[fileTokenTransfers], p.opts.Progress)
	if s == nil || err != nil {
		return false, err
	}
	defer s.close()
	p.indexTxs() // the parts read byHash
	parts := make([]*ttPart, len(s.parts))
	for i, t := range s.parts {
		parts[i] = newTTPart(t, p)
	}
	s.run(func(i int) { parts[i].parse() })
	for _, w := range parts {
		if w.quoted {
			return false, nil
		}
	}
	a := p.preallocMerge(parts)
	defer a.wait() // no return leaves the goroutine growing p's arrays
	clean := true  // parts before i have no error: i will be merged
	for i, w := range parts {
		if i > 0 && clean {
			w.resolve(parts[:i])
		}
		clean = clean && w.err == nil
	}
	return true, p.mergeTokens(s, parts, a)
}

// prealloc tracks the growing of the merge's arrays on their own
// goroutine; each channel closes when its arrays are ready.
type prealloc struct {
	txs, dict, tr chan struct{}
}

// preallocMerge grows, on another goroutine, the arrays the merge fills:
// the parser's transactions, the address dictionary's tables and the
// transfers, sized for every row of the parts. Faulting in their pages
// (about 130 MB per 1M rows) would otherwise hold up the merge, which
// runs on one core; this way it overlaps the resolve and the joins. The
// merge waits for each before it touches it.
func (p *parser) preallocMerge(parts []*ttPart) *prealloc {
	nTx, nAddr, nRows := 0, 0, 0
	for _, w := range parts {
		nTx += len(w.txs.list)
		nAddr += len(w.addrs.keys)
		nRows += len(w.rows)
	}
	a := &prealloc{txs: make(chan struct{}), dict: make(chan struct{}), tr: make(chan struct{})}
	go func() {
		p.reserveTxs(nTx)
		close(a.txs)
		if r, ok := p.addrs.in.(reserver); ok {
			r.Reserve(nAddr)
		}
		close(a.dict)
		p.tr = slices.Grow(p.tr, nRows)
		p.trSlot = slices.Grow(p.trSlot, nRows)
		prefault.Write(p.tr[len(p.tr):])
		prefault.Write(p.trSlot[len(p.trSlot):])
		close(a.tr)
	}()
	return a
}

// wait returns when every array is ready.
func (a *prealloc) wait() {
	<-a.txs
	<-a.dict
	<-a.tr
}

// mergeTokens joins the parts' transactions and interns their keys in
// file order, stopping at the first error in file order, then fills the
// transfers.
func (p *parser) mergeTokens(s *split, parts []*ttPart, a *prealloc) error {
	<-a.txs
	<-a.dict
	at := &table{path: s.path, cols: s.parts[0].cols} // names the line of join errors
	base := 1                                         // the header line
	for _, w := range parts {
		if err := p.joinPart(at, w, parts, base); err != nil {
			return err
		}
		if w.err != nil {
			return shiftLine(w.err, base)
		}
		base += w.lines
	}
	<-a.tr
	p.fillTransfers(parts)
	return nil
}

// reserveTxs makes room for n more transactions.
func (p *parser) reserveTxs(n int) {
	p.txs = slices.Grow(p.txs, n)
	p.txSlot = slices.Grow(p.txSlot, n)
	p.txLine = slices.Grow(p.txLine, n)
	p.txFlags = slices.Grow(p.txFlags, n)
}

// joinPart resolves the part's transactions in order of first appearance,
// as the sequential parse meets them, and interns its keys. On an error it
// interns only the keys met before the bad row, as the sequential parse.
// Stubs are appended unindexed (the next lookup indexes them).
func (p *parser) joinPart(at *table, w *ttPart, parts []*ttPart, base int) error {
	w.res = make([]txRes, len(w.txs.list))
	for j := range w.txs.list {
		lt := &w.txs.list[j]
		at.at = base + int(lt.line)
		slot := p.slot(lt.block)
		pos, found := lt.pos, lt.pos >= 0
		if r := w.txRef; !found && r != nil && r[j].part >= 0 {
			pos, found = parts[r[j].part].res[r[j].id].pos, true
		}
		txi, pos, err := p.tokenTxFound(at, slot, &lt.hash, pos, found)
		if err != nil {
			w.intern(p, parts, int(lt.nAddr), int(lt.nTok))
			return err
		}
		w.res[j] = txRes{block: lt.block, txi: txi, slot: slot, pos: pos, skip: p.txs[pos].Failed}
	}
	w.intern(p, parts, len(w.addrs.keys), len(w.tokens.keys))
	return nil
}

// intern gives the first na local addresses and nt local tokens their
// global IDs, in local order (first appearance in the part); keys of
// earlier parts take the ID they got there. The dictionary already has
// room for every part's keys (preallocMerge).
func (w *ttPart) intern(p *parser, parts []*ttPart, na, nt int) {
	w.gAddr = make([]uint32, na+1)
	pf, _ := p.addrs.in.(prefetcher)
	for lo := 0; lo < na; lo += internBatch {
		hi := min(lo+internBatch, na)
		if pf != nil { // start the batch's cache misses together
			for i := lo; i < hi; i++ {
				pf.Prefetch20((*[20]byte)(&w.addrs.keys[i]))
			}
		}
		for i := lo; i < hi; i++ {
			if w.addrRef != nil && w.addrRef[i].part >= 0 {
				w.gAddr[i+1] = parts[w.addrRef[i].part].gAddr[w.addrRef[i].id]
			} else {
				w.gAddr[i+1] = p.addrs.id(&w.addrs.keys[i])
			}
		}
	}
	w.gTok = make([]uint32, nt+1)
	for i := range nt {
		if w.tokRef != nil && w.tokRef[i].part >= 0 {
			w.gTok[i+1] = parts[w.tokRef[i].part].gTok[w.tokRef[i].id]
		} else {
			w.gTok[i+1] = p.tokens.id(&w.tokens.keys[i])
		}
	}
}

// prefetcher is an interner that can start loading a key's first probe
// ahead of the lookup (store.Dict).
type prefetcher interface{ Prefetch20(k *[20]byte) }

// reserver is an interner that can make room for many new keys at once
// (store.Dict).
type reserver interface{ Reserve(n int) }

// forRanges calls f on GOMAXPROCS slices of [0, n) at once.
func forRanges(n int, f func(lo, hi int)) {
	forRangesIndexed(n, 4096, func(_, lo, hi int) { f(lo, hi) })
}

// forRangesIndexed calls f(k, lo, hi) on up to GOMAXPROCS consecutive
// slices of [0, n) of at least `least` items each (one slice when n is
// smaller), at once; k numbers them in order.
func forRangesIndexed(n, least int, f func(k, lo, hi int)) {
	k := min(runtime.GOMAXPROCS(0), max(n/least, 1))
	if k == 1 {
		f(0, 0, n)
		return
	}
	var wg sync.WaitGroup
	for i := range k {
		wg.Add(1)
		go func() {
			defer wg.Done()
			f(i, n*i/k, n*(i+1)/k)
		}()
	}
	wg.Wait()
}

// fillTransfers appends the parts' rows as transfers, in file order, one
// goroutine per part.
func (p *parser) fillTransfers(parts []*ttPart) {
	off := make([]int, len(parts)+1)
	for i, w := range parts {
		off[i+1] = off[i] + w.kept()
	}
	start, total := len(p.tr), off[len(parts)]
	p.tr = slices.Grow(p.tr, total)[:start+total]
	p.trSlot = slices.Grow(p.trSlot, total)[:start+total]
	var wg sync.WaitGroup
	for i, w := range parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lo, hi := start+off[i], start+off[i+1]
			w.fill(p.tr[lo:hi], p.trSlot[lo:hi])
		}()
	}
	wg.Wait()
}

// kept counts the rows not in failed transactions.
func (w *ttPart) kept() int {
	if !slices.ContainsFunc(w.res, func(r txRes) bool { return r.skip }) {
		return len(w.rows)
	}
	n := 0
	for i := range w.rows {
		if !w.res[w.rows[i].tx].skip {
			n++
		}
	}
	return n
}

// fill writes the kept rows with global IDs into tr and their block slots
// into slots, then drops the rows.
func (w *ttPart) fill(tr []chain.AccountTransfer, slots []int32) {
	k := 0
	for i := range w.rows {
		r := &w.rows[i]
		x := &w.res[r.tx]
		if x.skip {
			continue
		}
		tr[k] = chain.AccountTransfer{Block: x.block, TxIndex: x.txi, Pos: r.pos, Kind: chain.KindToken,
			From: chain.AddrID(w.gAddr[r.from]), To: chain.AddrID(w.gAddr[r.to]),
			Asset: chain.AssetID(w.gTok[r.token]), Amount: r.amount}
		slots[k] = x.slot
		k++
	}
	w.rows = nil
}
