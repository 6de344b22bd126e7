package store

import (
	"encoding/binary"
	"errors"
	"math/bits"

	"github.com/vigil-project/vigil/internal/chain"
)

// errCorrupt reports a stored value that does not decode.
var errCorrupt = errors.New("store: corrupt record")

// enc appends to a byte slice; no error paths.
type enc struct{ b []byte }

func (e *enc) uvarint(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *enc) byte1(v byte)     { e.b = append(e.b, v) }
func (e *enc) raw(p []byte)     { e.b = append(e.b, p...) }

// pow10 holds 10^0 .. 10^19.
var pow10 = func() (p [20]uint64) {
	p[0] = 1
	for i := 1; i < 20; i++ {
		p[i] = p[i-1] * 10
	}
	return
}()

// amount encodes a U256 compactly. Values that fit 64 bits are written as
// one uvarint h = m<<6 | e<<1, with v = m * 10^e and e the number of trailing
// decimal zeros (up to 19): round values like 7.4 ETH take 2 bytes. Larger
// values write h = n<<1 | 1 followed by n big-endian bytes.
func (e *enc) amount(v chain.U256) {
	if v.IsUint64() {
		m, ex := v[0], uint64(0)
		for ex < 19 && m != 0 && m%10 == 0 {
			m /= 10
			ex++
		}
		if bits.Len64(m) <= 58 {
			e.uvarint(m<<6 | ex<<1)
			return
		}
	}
	var buf [32]byte
	for i := 0; i < 4; i++ {
		binary.BigEndian.PutUint64(buf[24-8*i:], v[i])
	}
	n := 32
	for n > 0 && buf[32-n] == 0 {
		n--
	}
	e.uvarint(uint64(n)<<1 | 1)
	e.raw(buf[32-n:])
}

// dec reads what enc wrote; the first error sticks.
type dec struct {
	b   []byte
	err error
}

func (d *dec) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *dec) byte1() byte {
	if d.err != nil || len(d.b) == 0 {
		d.err = errCorrupt
		return 0
	}
	v := d.b[0]
	d.b = d.b[1:]
	return v
}

func (d *dec) raw(n int) []byte {
	if d.err != nil || n < 0 || len(d.b) < n {
		d.err = errCorrupt
		return nil
	}
	v := d.b[:n]
	d.b = d.b[n:]
	return v
}

func (d *dec) amount() chain.U256 {
	h := d.uvarint()
	if h&1 == 0 {
		m, ex := h>>6, (h>>1)&31
		if ex > 19 {
			d.err = errCorrupt
			return chain.U256{}
		}
		hi, lo := bits.Mul64(m, pow10[ex])
		if hi != 0 {
			d.err = errCorrupt
		}
		return chain.U256{lo}
	}
	n := int(h >> 1)
	if n > 32 {
		d.err = errCorrupt
		return chain.U256{}
	}
	p := d.raw(n)
	var buf [32]byte
	copy(buf[32-len(p):], p)
	var v chain.U256
	for i := 0; i < 4; i++ {
		v[i] = binary.BigEndian.Uint64(buf[24-8*i:])
	}
	return v
}

// sumSmall tags a sum written with the compact amount encoding.
const sumSmall = 0xfe

// sum encodes a 320-bit Sum: sums that fit 64 bits as sumSmall plus the
// compact amount encoding (round sums stay short), others as
// length-prefixed big-endian bytes.
func (e *enc) sum(s chain.Sum) {
	if s[1]|s[2]|s[3]|s[4] == 0 {
		e.byte1(sumSmall)
		e.amount(chain.U64(s[0]))
		return
	}
	var buf [40]byte
	for i := 0; i < 5; i++ {
		binary.BigEndian.PutUint64(buf[32-8*i:], s[i])
	}
	n := 40
	for n > 0 && buf[40-n] == 0 {
		n--
	}
	e.byte1(byte(n))
	e.raw(buf[40-n:])
}

func (d *dec) sum() chain.Sum {
	n := int(d.byte1())
	if n == sumSmall {
		a := d.amount()
		if !a.IsUint64() {
			d.err = errCorrupt
		}
		return chain.Sum{a[0]}
	}
	if n > 40 {
		d.err = errCorrupt
		return chain.Sum{}
	}
	p := d.raw(n)
	var buf [40]byte
	copy(buf[40-len(p):], p)
	var s chain.Sum
	for i := 0; i < 5; i++ {
		s[i] = binary.BigEndian.Uint64(buf[32-8*i:])
	}
	return s
}
