package graph

import (
	"fmt"
	"math"
	"sort"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// utxoBuilder accumulates the transactions of one part (blocks lo..) of
// a build (blocks from..), resolving inputs against itself and the earlier
// segments prev at once, and against the build's earlier parts when they
// are done (finalize). Until then the segment's bases are unknown: inputs
// resolved inside the part hold local output rows (listed in localIns).
type utxoBuilder struct {
	seg      UTXOSegment
	prev     []*UTXOSegment
	from, lo uint64
	vouts    []uint32 // output indexes, kept until finish
	seq      bool     // every tx so far numbers its outputs 0..n-1
	any      bool
	cross    []crossRef
	localIns []uint32     // input rows holding a local output row
	pending  []pendingRef // inputs spending outputs of the build's earlier parts
	// blockStart[n-First] is the local number of block n's first
	// transaction (NoRow: block not stored).
	blockStart []uint32
}

type crossRef struct{ out, tx uint32 }

// pendingRef is an input (local row, local spending tx) waiting for the
// build's earlier parts.
type pendingRef struct {
	row, tx     uint32
	block       uint64
	txPos, vout uint32
}

func newUTXOBuilder(prev []*UTXOSegment, from, lo uint64) *utxoBuilder {
	return &utxoBuilder{prev: prev, from: from, lo: lo, seq: true}
}

// addBlock appends the transactions of one block.
func (b *utxoBuilder) addBlock(v *store.UTXOBlockView) error {
	n := v.Header.Number
	if n > math.MaxUint32 {
		return fmt.Errorf("graph: block %d beyond the index's 32-bit block numbers", n)
	}
	if !b.any {
		b.seg.First, b.any = n, true
	}
	b.seg.Last = n
	b.reserve(v)
	for uint64(len(b.blockStart)) < n-b.seg.First {
		b.blockStart = append(b.blockStart, NoRow)
	}
	b.blockStart = append(b.blockStart, uint32(len(b.seg.TxBlock)))
	for i := range v.Txs {
		var refs []store.SpentRef
		if i < len(v.Refs) {
			refs = v.Refs[i]
		}
		b.addTx(uint32(n), &v.Txs[i], refs)
	}
	if s := &b.seg; len(s.TxBlock) >= math.MaxUint32/2 || len(s.OutAddr) >= math.MaxUint32/2 || len(s.InSpends) >= math.MaxUint32/2 {
		return fmt.Errorf("graph: more than 2^31 transactions, outputs or inputs in blocks %d..%d", s.First, n)
	}
	return nil
}

// reserve makes room in the columns for block v, doubling capacities
// (append's smaller steps for large slices copy too much).
func (b *utxoBuilder) reserve(v *store.UTXOBlockView) {
	nt, ni, no := len(v.Txs), 0, 0
	for i := range v.Txs {
		ni += len(v.Txs[i].Inputs)
		no += len(v.Txs[i].Outputs)
	}
	s := &b.seg
	s.TxBlock, s.TxPos, s.TxIn, s.TxOut = room(s.TxBlock, nt), room(s.TxPos, nt), room(s.TxIn, nt), room(s.TxOut, nt)
	s.InSpends, s.InAddr, s.InValue = room(s.InSpends, ni), room(s.InAddr, ni), room(s.InValue, ni)
	s.OutAddr, s.OutSpent, s.OutValue, b.vouts = room(s.OutAddr, no), room(s.OutSpent, no), room(s.OutValue, no), room(b.vouts, no)
}

// room returns col with capacity for n more elements.
func room[T uint32 | uint64](col []T, n int) []T {
	if cap(col)-len(col) >= n {
		return col
	}
	c := make([]T, len(col), max(2*cap(col), len(col)+n, 1024))
	copy(c, col)
	return c
}

// findLocal returns the local number of the transaction at position pos of
// block blk of the segment being built.
func (b *utxoBuilder) findLocal(blk uint64, pos uint32) (uint32, bool) {
	s := &b.seg
	i := blk - s.First
	if i >= uint64(len(b.blockStart)) || b.blockStart[i] == NoRow {
		return 0, false
	}
	if t := uint64(b.blockStart[i]) + uint64(pos); t < uint64(len(s.TxBlock)) &&
		uint64(s.TxBlock[t]) == blk && s.TxPos[t] == pos {
		return uint32(t), true
	}
	return s.FindTx(blk, pos)
}

func (b *utxoBuilder) addTx(blk uint32, tx *chain.UTXOTx, refs []store.SpentRef) {
	s := &b.seg
	t := uint32(len(s.TxBlock))
	s.TxBlock = append(s.TxBlock, blk)
	s.TxPos = append(s.TxPos, tx.Index)
	s.TxIn = append(s.TxIn, uint32(len(s.InSpends)))
	s.TxOut = append(s.TxOut, uint32(len(s.OutAddr)))
	for j, in := range tx.Inputs {
		o := NoRow
		if j < len(refs) && !refs[j].External {
			o = b.resolve(refs[j], t, uint32(len(s.InSpends)))
		}
		s.InSpends = append(s.InSpends, o)
		s.InAddr = append(s.InAddr, uint32(in.Addr))
		s.InValue = append(s.InValue, in.Value)
	}
	for j, out := range tx.Outputs {
		b.seq = b.seq && out.Index == uint32(j)
		b.vouts = append(b.vouts, out.Index)
		s.OutAddr = append(s.OutAddr, uint32(out.Addr))
		s.OutValue = append(s.OutValue, out.Value)
		s.OutSpent = append(s.OutSpent, NoRow)
		if a := uint32(out.Addr) + 1; a > s.NAddr {
			s.NAddr = a
		}
	}
}

// resolve finds the row of the output r spends (local, global, or NoRow
// for now) for input row, spent by local transaction t.
func (b *utxoBuilder) resolve(r store.SpentRef, t, row uint32) uint32 {
	switch {
	case r.Block >= b.lo:
		s := &b.seg
		s.OutVout = b.vouts
		lt, ok := b.findLocal(r.Block, r.TxIndex)
		var o uint32
		if ok {
			o, ok = s.OutRow(lt, r.Vout)
		}
		s.OutVout = nil
		if !ok || lt >= t {
			return NoRow
		}
		if s.OutSpent[o] == NoRow {
			s.OutSpent[o] = t
		}
		b.localIns = append(b.localIns, row)
		return o
	case r.Block >= b.from:
		b.pending = append(b.pending, pendingRef{row, t, r.Block, r.TxIndex, r.Vout})
		return NoRow
	}
	o, ok := lookupOut(b.prev, r)
	if !ok {
		return NoRow
	}
	b.cross = append(b.cross, crossRef{o, t})
	return o
}

// lookupOut returns the global row of the output r names in segs.
func lookupOut(segs []*UTXOSegment, r store.SpentRef) (uint32, bool) {
	for i := len(segs) - 1; i >= 0; i-- {
		p := segs[i]
		if r.Block < p.First || r.Block > p.Last {
			continue
		}
		lt, ok := p.FindTx(r.Block, r.TxIndex)
		if !ok {
			return 0, false
		}
		o, ok := p.OutRow(lt, r.Vout)
		return p.OutBase + o, ok
	}
	return 0, false
}

// finalize places the part after segment last (nil: first of all), turns
// its local rows global, resolves its inputs spending the build's earlier
// parts (done: segments earlier) and finishes it.
func (b *utxoBuilder) finalize(last *UTXOSegment, earlier []*UTXOSegment) error {
	s := &b.seg
	if last != nil {
		s.TxBase = last.TxBase + uint32(last.NTx())
		s.OutBase = last.OutBase + uint32(last.NOut())
		s.InBase = last.InBase + uint32(last.NIn())
	}
	if uint64(s.TxBase)+uint64(s.NTx()) >= math.MaxUint32 || uint64(s.OutBase)+uint64(s.NOut()) >= math.MaxUint32 ||
		uint64(s.InBase)+uint64(s.NIn()) >= math.MaxUint32 {
		return fmt.Errorf("graph: more than 2^32 transactions, outputs or inputs up to block %d", s.Last)
	}
	for _, r := range b.localIns {
		s.InSpends[r] += s.OutBase
	}
	for _, p := range b.pending {
		if o, ok := lookupOut(earlier, store.SpentRef{Block: p.block, TxIndex: p.txPos, Vout: p.vout}); ok {
			s.InSpends[p.row] = o
			b.cross = append(b.cross, crossRef{o, p.tx})
		}
	}
	b.finish()
	return nil
}

// finish closes the offset columns and builds the address CSR and the
// cross-segment spends.
func (b *utxoBuilder) finish() *UTXOSegment {
	s := &b.seg
	s.TxIn = append(s.TxIn, uint32(len(s.InSpends)))
	s.TxOut = append(s.TxOut, uint32(len(s.OutAddr)))
	if !b.seq {
		s.OutVout = b.vouts
	}
	s.AddrOff, s.AddrOuts = csr(s.OutAddr, s.NAddr)
	sort.SliceStable(b.cross, func(i, j int) bool { return b.cross[i].out < b.cross[j].out })
	for i, c := range b.cross {
		if i > 0 && c.out == b.cross[i-1].out {
			continue // spent twice: the first spend counts
		}
		s.CrossOut = append(s.CrossOut, c.out)
		s.CrossTx = append(s.CrossTx, c.tx)
	}
	return s
}

// BuildUTXO reads blocks from..to of UTXO chain c into one new in-memory
// segment following the segments prev (which must cover every block
// before from that inputs may spend).
func BuildUTXO(st *store.Store, c chain.Info, prev []*UTXOSegment, from, to uint64) (*UTXOSegment, error) {
	segs, err := buildUTXOParts(st, c, prev, from, to, 1)
	if err != nil || len(segs) > 0 {
		return firstSeg(segs), err
	}
	b := newUTXOBuilder(prev, from, from)
	return &b.seg, b.finalize(lastSeg(prev), nil)
}

func firstSeg(segs []*UTXOSegment) *UTXOSegment {
	if len(segs) == 0 {
		return nil
	}
	return segs[0]
}

func lastSeg(segs []*UTXOSegment) *UTXOSegment {
	if len(segs) == 0 {
		return nil
	}
	return segs[len(segs)-1]
}
