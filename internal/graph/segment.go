package graph

import "github.com/vigil-project/vigil/internal/chain"

// NoTx marks a move outside any transaction (rewards, withdrawals).
const NoTx = chain.NoTx

// Segment is the index of a contiguous block range (see the package doc).
type Segment struct {
	First, Last uint64 // block range covered
	NAddr       uint32 // address IDs are < NAddr

	From, To, Asset []uint32
	Lo, Hi          []uint64
	Block, Tx       []uint32
	OutOff, InOff   []uint32 // len NAddr+1
	OutRows, InRows []uint32
	Big             map[uint32]chain.U256 // rows whose amount needs more than 128 bits

	unmap func() error
}

// Len returns the number of rows.
func (s *Segment) Len() int { return len(s.From) }

// Amount returns the amount of row r.
func (s *Segment) Amount(r uint32) chain.U256 {
	if s.Big != nil {
		if v, ok := s.Big[r]; ok {
			return v
		}
	}
	return chain.U256{s.Lo[r], s.Hi[r]}
}

// Out returns the rows sent by address a, in chain order.
func (s *Segment) Out(a uint32) []uint32 {
	if a >= s.NAddr {
		return nil
	}
	return s.OutRows[s.OutOff[a]:s.OutOff[a+1]]
}

// In returns the rows received by address a, in chain order.
func (s *Segment) In(a uint32) []uint32 {
	if a >= s.NAddr {
		return nil
	}
	return s.InRows[s.InOff[a]:s.InOff[a+1]]
}

// FirstRowAt returns the first row at or after block b (Len() if none).
func (s *Segment) FirstRowAt(b uint64) int {
	lo, hi := 0, len(s.Block)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if uint64(s.Block[m]) < b {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// builder accumulates rows, then builds the CSR arrays.
type builder struct {
	seg         Segment
	first, last uint64 // blocks seen
	any         bool
}

// reserve makes room for n rows.
func (b *builder) reserve(n int) {
	s := &b.seg
	s.From, s.To, s.Asset = make([]uint32, 0, n), make([]uint32, 0, n), make([]uint32, 0, n)
	s.Block, s.Tx = make([]uint32, 0, n), make([]uint32, 0, n)
	s.Lo, s.Hi = make([]uint64, 0, n), make([]uint64, 0, n)
}

// add appends one move.
func (b *builder) add(blk uint64, t *chain.AccountTransfer) {
	s := &b.seg
	r := uint32(len(s.From))
	s.From = append(s.From, uint32(t.From))
	s.To = append(s.To, uint32(t.To))
	s.Asset = append(s.Asset, uint32(t.Asset))
	s.Lo = append(s.Lo, t.Amount[0])
	s.Hi = append(s.Hi, t.Amount[1])
	s.Block = append(s.Block, uint32(blk))
	s.Tx = append(s.Tx, t.TxIndex)
	if t.Amount[2]|t.Amount[3] != 0 {
		if s.Big == nil {
			s.Big = map[uint32]chain.U256{}
		}
		s.Big[r] = t.Amount
	}
	if a := max(uint32(t.From), uint32(t.To)) + 1; a > s.NAddr {
		s.NAddr = a
	}
}

// finish builds the adjacency arrays by counting sort (rows stay in chain
// order within each address).
func (b *builder) finish(first, last uint64) *Segment {
	s := &b.seg
	s.First, s.Last = first, last
	s.OutOff, s.OutRows = csr(s.From, s.NAddr)
	s.InOff, s.InRows = csr(s.To, s.NAddr)
	return s
}

// csr groups row numbers by key: rows[off[k]:off[k+1]] are the rows with
// key k, ascending.
func csr(keys []uint32, n uint32) (off, rows []uint32) {
	off = make([]uint32, n+1)
	for _, k := range keys {
		off[k+1]++
	}
	for i := uint32(1); i <= n; i++ {
		off[i] += off[i-1]
	}
	rows = make([]uint32, len(keys))
	next := make([]uint32, n)
	copy(next, off[:n])
	for r, k := range keys {
		rows[next[k]] = uint32(r)
		next[k]++
	}
	return off, rows
}
