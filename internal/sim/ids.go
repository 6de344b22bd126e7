package sim

import (
	"encoding/binary"
	"slices"
	"strconv"

	"github.com/vigil-project/vigil/internal/chain"
)

// addr is a 20-byte EVM address.
type addr [20]byte

// hash is a 32-byte transaction or block hash.
type hash [32]byte

// Namespaces of derived identifiers: distinct tags never collide.
const (
	tagUser uint64 = iota + 1
	tagCustomer
	tagFresh
	tagService
	tagTx
	tagBlock
	tagRoot
)

// mix is the splitmix64 finalizer.
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// ids derives addresses and hashes from (seed, tag, index).
type ids struct{ seed uint64 }

func (d ids) word(tag, i, k uint64) uint64 {
	return mix(mix(d.seed^tag*0x100000001b3) ^ mix(i*8+k))
}

// addr returns the address number i of namespace tag.
func (d ids) addr(tag, i uint64) addr {
	var a addr
	binary.BigEndian.PutUint64(a[0:], d.word(tag, i, 0))
	binary.BigEndian.PutUint64(a[8:], d.word(tag, i, 1))
	binary.BigEndian.PutUint32(a[16:], uint32(d.word(tag, i, 2)))
	return a
}

// hash returns the hash number i of namespace tag.
func (d ids) hash(tag, i uint64) hash {
	var h hash
	for k := 0; k < 4; k++ {
		binary.BigEndian.PutUint64(h[k*8:], d.word(tag, i, uint64(k)))
	}
	return h
}

const hexdigits = "0123456789abcdef"

// appendHex appends 0x and the lowercase hex of b.
func appendHex(dst []byte, b []byte) []byte {
	n := len(dst)
	dst = slices.Grow(dst, 2+2*len(b))[:n+2+2*len(b)]
	dst[n], dst[n+1] = '0', 'x'
	out := dst[n+2:]
	for i, c := range b {
		out[2*i], out[2*i+1] = hexdigits[c>>4], hexdigits[c&15]
	}
	return dst
}

// appendWord appends 64 hex digits: b left-padded with zeros to 32 bytes.
func appendWord(dst []byte, b []byte) []byte {
	for i := len(b); i < 32; i++ {
		dst = append(dst, '0', '0')
	}
	for _, c := range b {
		dst = append(dst, hexdigits[c>>4], hexdigits[c&15])
	}
	return dst
}

// appendAmount appends u in decimal.
func appendAmount(dst []byte, u chain.U256) []byte {
	if u.IsUint64() {
		return strconv.AppendUint(dst, u[0], 10)
	}
	return append(dst, u.String()...)
}

// amountBytes returns u as 32 big-endian bytes.
func amountBytes(u chain.U256) []byte {
	var b [32]byte
	for i := 0; i < 4; i++ {
		binary.BigEndian.PutUint64(b[24-8*i:], u[i])
	}
	return b[:]
}

// String returns the lowercase 0x-hex form of a.
func (a addr) String() string { return string(appendHex(nil, a[:])) }
