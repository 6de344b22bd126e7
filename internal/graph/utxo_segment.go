package graph

import "sort"

// NoRow marks a missing row or transaction: an unspent output (or one
// spent in a later segment, see UTXOSegment.CrossOut), an input spending an
// output outside the index.
const NoRow = ^uint32(0)

// UTXOSegment is the UTXO-chain index of a contiguous block range.
// Transactions, outputs and inputs are numbered in chain order; a
// segment's local numbers plus its bases are the index's global numbers.
//
// Transaction t: TxBlock[t], TxPos[t] (index in the block), its inputs are
// rows TxIn[t]..TxIn[t+1]-1 and its outputs TxOut[t]..TxOut[t+1]-1.
// Output o: OutAddr[o], OutValue[o], OutSpent[o] (the local transaction
// spending it, or NoRow). Input i: InSpends[i] (global output row, NoRow
// when external), InAddr[i], InValue[i]. AddrOuts[AddrOff[a]:AddrOff[a+1]]
// are the outputs paid to address a, ascending. Outputs of earlier
// segments spent here are CrossOut (global rows, ascending) with their
// spending transactions CrossTx (local).
type UTXOSegment struct {
	First, Last             uint64 // block range covered
	NAddr                   uint32 // address IDs are < NAddr
	TxBase, OutBase, InBase uint32 // global numbers of local 0

	TxBlock, TxPos    []uint32
	TxIn, TxOut       []uint32 // len transactions+1
	OutAddr, OutSpent []uint32
	OutValue          []uint64
	OutVout           []uint32 // empty when every tx's outputs are 0..n-1
	InSpends, InAddr  []uint32
	InValue           []uint64
	AddrOff, AddrOuts []uint32
	CrossOut, CrossTx []uint32

	unmap func() error
}

// NTx returns the number of transactions.
func (s *UTXOSegment) NTx() int { return len(s.TxBlock) }

// NOut returns the number of outputs.
func (s *UTXOSegment) NOut() int { return len(s.OutAddr) }

// NIn returns the number of inputs.
func (s *UTXOSegment) NIn() int { return len(s.InSpends) }

// Outs returns the local output rows paid to address a, ascending.
func (s *UTXOSegment) Outs(a uint32) []uint32 {
	if a >= s.NAddr {
		return nil
	}
	return s.AddrOuts[s.AddrOff[a]:s.AddrOff[a+1]]
}

// TxOfOut returns the local transaction that created local output l.
func (s *UTXOSegment) TxOfOut(l uint32) uint32 {
	n := s.NTx()
	return uint32(sort.Search(n, func(t int) bool { return t+1 >= n || s.TxOut[t+1] > l }))
}

// FindTx returns the local number of the transaction at position pos of
// block blk.
func (s *UTXOSegment) FindTx(blk uint64, pos uint32) (uint32, bool) {
	n := len(s.TxBlock)
	i := sort.Search(n, func(i int) bool {
		b := uint64(s.TxBlock[i])
		return b > blk || b == blk && s.TxPos[i] >= pos
	})
	if i < n && uint64(s.TxBlock[i]) == blk && s.TxPos[i] == pos {
		return uint32(i), true
	}
	return 0, false
}

// outEnd returns the end of transaction t's outputs (also while building,
// when t may be the last transaction so far).
func (s *UTXOSegment) outEnd(t uint32) uint32 {
	if int(t)+1 < len(s.TxOut) {
		return s.TxOut[t+1]
	}
	return uint32(len(s.OutAddr))
}

// OutRow returns the local row of output vout of local transaction t.
func (s *UTXOSegment) OutRow(t, vout uint32) (uint32, bool) {
	if int(t) >= len(s.TxOut) {
		return 0, false
	}
	lo, hi := s.TxOut[t], s.outEnd(t)
	if len(s.OutVout) == 0 {
		if uint64(vout) < uint64(hi-lo) {
			return lo + vout, true
		}
		return 0, false
	}
	v := s.OutVout[lo:hi]
	i := sort.Search(len(v), func(i int) bool { return v[i] >= vout })
	if i < len(v) && v[i] == vout {
		return lo + uint32(i), true
	}
	return 0, false
}

// crossSpender returns the local transaction of s spending global output
// row o of an earlier segment, or NoRow.
func (s *UTXOSegment) crossSpender(o uint32) uint32 {
	c := s.CrossOut
	i := sort.Search(len(c), func(i int) bool { return c[i] >= o })
	if i < len(c) && c[i] == o {
		return s.CrossTx[i]
	}
	return NoRow
}

// FirstTxAt returns the first local transaction at or after block b.
func (s *UTXOSegment) FirstTxAt(b uint64) int {
	return sort.Search(len(s.TxBlock), func(i int) bool { return uint64(s.TxBlock[i]) >= b })
}
