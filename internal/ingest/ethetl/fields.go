package ethetl

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"

	"github.com/vigil-project/vigil/internal/chain"
)

// Field errors (wrapped with the column name by table.bad).
var (
	errEmpty    = errors.New("empty")
	errNotUint  = errors.New("not a non-negative decimal integer")
	errTooLarge = errors.New("number too large")
	errHex      = errors.New("not hex")
	errAddrLen  = errors.New("address must have 40 hex digits")
	errHashLen  = errors.New("hash must have 64 hex digits")
)

// unhex maps an ASCII hex digit to its value and everything else to 0xff.
var unhex = func() (t [256]byte) {
	for i := range t {
		t[i] = 0xff
	}
	for c := '0'; c <= '9'; c++ {
		t[c] = byte(c - '0')
	}
	for c := 'a'; c <= 'f'; c++ {
		t[c] = byte(c - 'a' + 10)
		t[c-'a'+'A'] = byte(c - 'a' + 10)
	}
	return t
}()

// strip0x drops a 0x or 0X prefix.
func strip0x(s []byte) []byte {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		return s[2:]
	}
	return s
}

// decodeHex fills dst from exactly 2*len(dst) hex digits in s. It is a
// table-driven (faster) equivalent of the loops in chain.ParseEVMAddress
// and chain.ParseHash.
func decodeHex(dst, s []byte) bool {
	var bad byte
	for i := range dst {
		hi, lo := unhex[s[2*i]], unhex[s[2*i+1]]
		bad |= hi | lo
		dst[i] = hi<<4 | lo
	}
	return bad < 16
}

// parseAddr parses a 0x-hex EVM address of any case.
func parseAddr(s []byte) (chain.EVMAddress, error) {
	var a chain.EVMAddress
	s = strip0x(s)
	if len(s) != 40 {
		if len(s) == 0 {
			return a, errEmpty
		}
		return a, errAddrLen
	}
	if !decodeHex(a[:], s) {
		return a, errHex
	}
	return a, nil
}

// parseHash parses a 0x-hex 32-byte hash.
func parseHash(s []byte) (chain.Hash, error) {
	var h chain.Hash
	s = strip0x(s)
	if len(s) != 64 {
		if len(s) == 0 {
			return h, errEmpty
		}
		return h, errHashLen
	}
	if !decodeHex(h[:], s) {
		return h, errHex
	}
	return h, nil
}

// parseUint parses a non-negative decimal integer that fits in 64 bits.
func parseUint(s []byte) (uint64, error) {
	if len(s) == 0 {
		return 0, errEmpty
	}
	if len(s) > 20 {
		return 0, errTooLarge
	}
	var v uint64
	for _, c := range s {
		d := c - '0'
		if d > 9 {
			return 0, errNotUint
		}
		if v > (math.MaxUint64-uint64(d))/10 {
			return 0, errTooLarge
		}
		v = v*10 + uint64(d)
	}
	return v, nil
}

// parseUint32 is parseUint for values below 2^32-1 (indexes).
func parseUint32(s []byte) (uint32, error) {
	v, err := parseUint(s)
	if err == nil && v >= uint64(chain.NoTx) {
		err = errTooLarge
	}
	return uint32(v), err
}

// parseAmount parses a decimal amount; empty is an error.
func parseAmount(s []byte) (chain.U256, error) {
	u, err := chain.ParseDecimal(s)
	if err != nil && errors.Is(err, chain.ErrEmptyAmount) {
		return u, errEmpty
	}
	return u, err
}

// mulGwei returns g * 10^9 (wei from Gwei).
func mulGwei(g chain.U256) (chain.U256, error) {
	const gwei = 1_000_000_000
	var r chain.U256
	var carry uint64
	for i := 0; i < 4; i++ {
		hi, lo := bits.Mul64(g[i], gwei)
		var c uint64
		r[i], c = bits.Add64(lo, carry, 0)
		carry = hi + c
	}
	if carry != 0 {
		return chain.U256{}, chain.ErrAmountOverflow
	}
	return r, nil
}

// addrCacheBits sizes the direct-mapped ID caches.
const addrCacheBits = 12

// idCache is a direct-mapped cache in front of an Interner: hot addresses
// (exchanges, routers, popular tokens) skip the interner's map.
type idCache struct {
	in      chain.Interner
	keys    [1 << addrCacheBits]chain.EVMAddress
	ids     [1 << addrCacheBits]uint32
	scratch [20]byte // the key handed to the interner (never a stack copy)
}

// id returns the ID of a, interning it when not cached.
func (c *idCache) id(a *chain.EVMAddress) uint32 {
	h := (binary.LittleEndian.Uint32(a[16:]) * 0x9E3779B1) >> (32 - addrCacheBits)
	if c.ids[h] != 0 && c.keys[h] == *a {
		return c.ids[h]
	}
	c.scratch = *a
	id := c.in.Intern(c.scratch[:])
	c.keys[h], c.ids[h] = *a, id
	return id
}

// field parses address column col of t, interned; empty gives NoAddr when
// allowEmpty.
func (p *parser) field(t *table, col int, allowEmpty bool) (chain.AddrID, error) {
	return addrField(t, col, allowEmpty, &p.scratch, p.addrs.id)
}

// addrField parses address column col of t into *scratch and returns its
// ID from id; empty gives NoAddr when allowEmpty. The address goes through
// the caller's scratch because id is a function value: a pointer to a
// local would move the local to the heap, an allocation per field.
func addrField(t *table, col int, allowEmpty bool, scratch *chain.EVMAddress, id func(*chain.EVMAddress) uint32) (chain.AddrID, error) {
	s := t.get(col)
	if len(s) == 0 && allowEmpty {
		return chain.NoAddr, nil
	}
	a, err := parseAddr(s)
	if err != nil {
		return 0, t.bad(col, err)
	}
	*scratch = a
	return chain.AddrID(id(scratch)), nil
}

// peekAddr decodes address column col of t when it is a well-formed
// address, for a prefetch ahead of the checks, which report any fault.
func peekAddr(t *table, col int) (chain.EVMAddress, bool) {
	a, err := parseAddr(t.get(col))
	return a, err == nil
}

// hashStr formats a hash for messages.
func hashStr(h chain.Hash) string { return fmt.Sprintf("0x%x", h[:]) }
