package chain

import (
	"encoding/binary"
	"errors"
	"math/big"
	"math/bits"
)

// U256 is an unsigned 256-bit integer in little-endian 64-bit limbs. It is a
// plain value: no heap, comparable with ==.
type U256 [4]uint64

// Errors from amount parsing.
var (
	ErrEmptyAmount    = errors.New("empty amount")
	ErrNegativeAmount = errors.New("negative amount")
	ErrBadDigit       = errors.New("not a decimal integer")
	ErrBadHex         = errors.New("not a hex integer")
	ErrAmountOverflow = errors.New("amount exceeds 256 bits")
)

// U64 returns a U256 holding v.
func U64(v uint64) U256 { return U256{v} }

// IsZero reports whether u is 0.
func (u U256) IsZero() bool { return u[0]|u[1]|u[2]|u[3] == 0 }

// IsUint64 reports whether u fits in 64 bits.
func (u U256) IsUint64() bool { return u[1]|u[2]|u[3] == 0 }

// Add returns u+v and whether the sum overflowed 256 bits.
func (u U256) Add(v U256) (U256, bool) {
	var r U256
	var c uint64
	r[0], c = bits.Add64(u[0], v[0], 0)
	r[1], c = bits.Add64(u[1], v[1], c)
	r[2], c = bits.Add64(u[2], v[2], c)
	r[3], c = bits.Add64(u[3], v[3], c)
	return r, c != 0
}

// Cmp compares u and v: -1, 0 or +1.
func (u U256) Cmp(v U256) int {
	for i := 3; i >= 0; i-- {
		if u[i] != v[i] {
			if u[i] < v[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// mulAdd returns u*m+a and whether it overflowed.
func (u U256) mulAdd(m, a uint64) (U256, bool) {
	var r U256
	carry := a
	for i := 0; i < 4; i++ {
		hi, lo := bits.Mul64(u[i], m)
		var c uint64
		r[i], c = bits.Add64(lo, carry, 0)
		carry = hi + c
	}
	return r, carry != 0
}

// ParseDecimal parses a non-negative base-10 integer without allocating.
func ParseDecimal(s []byte) (U256, error) {
	if len(s) == 0 {
		return U256{}, ErrEmptyAmount
	}
	if s[0] == '-' {
		return U256{}, ErrNegativeAmount
	}
	if s[0] == '+' {
		return U256{}, ErrBadDigit
	}
	// Fast path: up to 19 digits fit in uint64.
	if len(s) <= 19 {
		var v uint64
		for _, c := range s {
			d := c - '0'
			if d > 9 {
				return U256{}, ErrBadDigit
			}
			v = v*10 + uint64(d)
		}
		return U256{v}, nil
	}
	var u U256
	for len(s) > 0 {
		n := min(len(s), 19)
		var chunk, mul uint64 = 0, 1
		for _, c := range s[:n] {
			d := c - '0'
			if d > 9 {
				return U256{}, ErrBadDigit
			}
			chunk = chunk*10 + uint64(d)
			mul *= 10
		}
		var of bool
		if u, of = u.mulAdd(mul, chunk); of {
			return U256{}, ErrAmountOverflow
		}
		s = s[n:]
	}
	return u, nil
}

// ParseDecimalString is ParseDecimal for strings.
func ParseDecimalString(s string) (U256, error) { return ParseDecimal([]byte(s)) }

// ParseHexWord parses a big-endian hex integer (optional 0x prefix) of up to
// 64 hex digits, as found in log data and topics.
func ParseHexWord(s []byte) (U256, error) {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		s = s[2:]
	}
	if len(s) == 0 {
		return U256{}, ErrEmptyAmount
	}
	for len(s) > 1 && s[0] == '0' {
		s = s[1:]
	}
	if len(s) > 64 {
		return U256{}, ErrAmountOverflow
	}
	var u U256
	for i := 0; i < len(s); i++ {
		d := hexVal(s[len(s)-1-i])
		if d > 15 {
			return U256{}, ErrBadHex
		}
		u[i/16] |= uint64(d) << (4 * (i % 16))
	}
	return u, nil
}

func hexVal(c byte) byte {
	switch {
	case c >= '0' && c <= '9':
		return c - '0'
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10
	}
	return 255
}

// Big returns u as a new big.Int.
func (u U256) Big() *big.Int {
	b := new(big.Int)
	for i := 3; i >= 0; i-- {
		b.Lsh(b, 64)
		b.Or(b, new(big.Int).SetUint64(u[i]))
	}
	return b
}

// FromBig converts a non-negative big.Int of at most 256 bits.
func FromBig(b *big.Int) (U256, error) {
	if b.Sign() < 0 {
		return U256{}, ErrNegativeAmount
	}
	if b.BitLen() > 256 {
		return U256{}, ErrAmountOverflow
	}
	var buf [32]byte
	b.FillBytes(buf[:])
	var u U256
	for i := 0; i < 4; i++ {
		u[i] = binary.BigEndian.Uint64(buf[24-8*i:])
	}
	return u, nil
}

// String formats u in base 10.
func (u U256) String() string {
	if u.IsUint64() {
		return uitoa(u[0])
	}
	return u.Big().String()
}

func uitoa(v uint64) string {
	var buf [20]byte
	i := len(buf)
	for v >= 10 {
		i--
		buf[i] = byte('0' + v%10)
		v /= 10
	}
	i--
	buf[i] = byte('0' + v)
	return string(buf[i:])
}
