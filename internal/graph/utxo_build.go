package graph

import (
	"fmt"
	"math"
	"sort"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// utxoBuilder accumulates the transactions of a block range, resolving
// inputs against itself and the earlier segments prev.
type utxoBuilder struct {
	seg   UTXOSegment
	prev  []*UTXOSegment
	vouts []uint32 // output indexes, kept until finish
	seq   bool     // every tx so far numbers its outputs 0..n-1
	any   bool
	cross []crossRef
	// blockStart[n-First] is the local number of block n's first
	// transaction (NoRow: block not stored).
	blockStart []uint32
}

type crossRef struct{ out, tx uint32 }

func newUTXOBuilder(prev []*UTXOSegment) *utxoBuilder {
	b := &utxoBuilder{prev: prev, seq: true}
	if n := len(prev); n > 0 {
		p := prev[n-1]
		b.seg.TxBase = p.TxBase + uint32(p.NTx())
		b.seg.OutBase = p.OutBase + uint32(p.NOut())
		b.seg.InBase = p.InBase + uint32(p.NIn())
	}
	return b
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
	s := &b.seg
	if uint64(s.TxBase)+uint64(len(s.TxBlock)) >= math.MaxUint32 ||
		uint64(s.OutBase)+uint64(len(s.OutAddr)) >= math.MaxUint32 ||
		uint64(s.InBase)+uint64(len(s.InSpends)) >= math.MaxUint32 {
		return fmt.Errorf("graph: more than 2^32 transactions, outputs or inputs in the %d blocks up to %d", n-s.First+1, n)
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
			o = b.resolve(refs[j], t)
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

// resolve finds the global row of the output r spends and records that
// local transaction t spends it. NoRow when it is not indexed.
func (b *utxoBuilder) resolve(r store.SpentRef, t uint32) uint32 {
	s := &b.seg
	if b.any && r.Block >= s.First {
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
		return s.OutBase + o
	}
	for i := len(b.prev) - 1; i >= 0; i-- {
		p := b.prev[i]
		if r.Block < p.First || r.Block > p.Last {
			continue
		}
		lt, ok := p.FindTx(r.Block, r.TxIndex)
		if !ok {
			return NoRow
		}
		o, ok := p.OutRow(lt, r.Vout)
		if !ok {
			return NoRow
		}
		b.cross = append(b.cross, crossRef{p.OutBase + o, t})
		return p.OutBase + o
	}
	return NoRow
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

// BuildUTXO reads blocks from..to of UTXO chain c into a new in-memory
// segment following the segments prev (which must cover every block
// before from that inputs may spend).
func BuildUTXO(st *store.Store, c chain.Info, prev []*UTXOSegment, from, to uint64) (*UTXOSegment, error) {
	b := newUTXOBuilder(prev)
	err := st.ScanUTXO(c, from, to, b.addBlock)
	if err != nil {
		return nil, err
	}
	return b.finish(), nil
}
