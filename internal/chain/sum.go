package chain

import (
	"encoding/binary"
	"math/big"
	"math/bits"
)

// Sum accumulates U256 amounts in 320 bits, so fewer than 2^64 additions of
// any 256-bit values can never overflow.
type Sum [5]uint64

// Add adds v to s.
func (s *Sum) Add(v U256) {
	var c uint64
	s[0], c = bits.Add64(s[0], v[0], 0)
	s[1], c = bits.Add64(s[1], v[1], c)
	s[2], c = bits.Add64(s[2], v[2], c)
	s[3], c = bits.Add64(s[3], v[3], c)
	s[4] += c
}

// AddSum adds t to s.
func (s *Sum) AddSum(t Sum) {
	var c uint64
	for i := 0; i < 5; i++ {
		s[i], c = bits.Add64(s[i], t[i], c)
	}
}

// IsZero reports whether s is 0.
func (s Sum) IsZero() bool { return s[0]|s[1]|s[2]|s[3]|s[4] == 0 }

// Big returns s as a new big.Int.
func (s Sum) Big() *big.Int {
	b := new(big.Int)
	for i := 4; i >= 0; i-- {
		b.Lsh(b, 64)
		b.Or(b, new(big.Int).SetUint64(s[i]))
	}
	return b
}

// String formats s in base 10.
func (s Sum) String() string {
	if s[1]|s[2]|s[3]|s[4] == 0 {
		return uitoa(s[0])
	}
	return s.Big().String()
}

// SumFromBig converts a non-negative big.Int of at most 320 bits.
func SumFromBig(b *big.Int) (Sum, bool) {
	if b.Sign() < 0 || b.BitLen() > 320 {
		return Sum{}, false
	}
	var buf [40]byte
	b.FillBytes(buf[:])
	var s Sum
	for i := 0; i < 5; i++ {
		s[i] = binary.BigEndian.Uint64(buf[32-8*i:])
	}
	return s, true
}
