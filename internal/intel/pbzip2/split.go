package pbzip2

import "errors"

const (
	blockMagic = 0x314159265359
	eosMagic   = 0x177245385090
	mask48     = 1<<48 - 1
)

// errNoSplit means the stream is not a single well-formed stream that can
// be split; the caller decodes sequentially.
var errNoSplit = errors.New("pbzip2: stream cannot be split")

// layout is the result of scanning a compressed stream.
type layout struct {
	level  byte  // '1'..'9'
	starts []int // bit offsets of the block magics
	eos    int   // bit offset of the end-of-stream magic
}

// scanMagics finds every bit offset (after the 4-byte header) where a block
// or end-of-stream magic starts.
func scanMagics(data []byte) (blocks []int, eos []int) {
	var w uint64
	for i, b := range data {
		w = w<<8 | uint64(b)
		if i < 9 { // need 6 bytes of window beyond the 4-byte header
			continue
		}
		end := (i + 1) * 8
		for s := 0; s < 8; s++ {
			v := (w >> uint(s)) & mask48
			if v == blockMagic {
				blocks = append(blocks, end-s-48)
			} else if v == eosMagic {
				eos = append(eos, end-s-48)
			}
		}
	}
	// Offsets were found in decreasing shift order within a byte; sort.
	sortInts(blocks)
	return blocks, eos
}

func sortInts(a []int) {
	for i := 1; i < len(a); i++ {
		for j := i; j > 0 && a[j] < a[j-1]; j-- {
			a[j], a[j-1] = a[j-1], a[j]
		}
	}
}

// bits reads n ≤ 57 bits at bit offset off (big-endian bit order).
func bits(data []byte, off, n int) uint64 {
	var v uint64
	for i := 0; i < n; i++ {
		p := off + i
		v = v<<1 | uint64(data[p>>3]>>(7-uint(p&7))&1)
	}
	return v
}

// split checks that data is one bzip2 stream whose block CRCs combine to
// the stored stream CRC and returns its layout.
func split(data []byte) (layout, error) {
	if len(data) < 14 || string(data[:3]) != "BZh" || data[3] < '1' || data[3] > '9' {
		return layout{}, errNoSplit
	}
	blocks, eos := scanMagics(data)
	if len(eos) != 1 || len(blocks) == 0 || blocks[0] != 32 {
		return layout{}, errNoSplit
	}
	e := eos[0]
	if (e+48+32+7)/8 != len(data) || blocks[len(blocks)-1] >= e {
		return layout{}, errNoSplit
	}
	var combined uint32
	for i, p := range blocks {
		next := e
		if i+1 < len(blocks) {
			next = blocks[i+1]
		}
		if next-p < 48+32+8 {
			return layout{}, errNoSplit
		}
		crc := uint32(bits(data, p+48, 32))
		combined = (combined<<1 | combined>>31) ^ crc
	}
	if combined != uint32(bits(data, e+48, 32)) {
		return layout{}, errNoSplit
	}
	return layout{level: data[3], starts: blocks, eos: e}, nil
}

// wrap builds a standalone one-block stream from the bits [from, to) of
// data, which start with a block magic.
func wrap(level byte, data []byte, from, to int) []byte {
	n := to - from
	out := make([]byte, 4, 4+n/8+12)
	out[0], out[1], out[2], out[3] = 'B', 'Z', 'h', level
	r := uint(from & 7)
	k := from >> 3
	for i := 0; i < n/8; i++ {
		b := data[k+i] << r
		if r != 0 {
			b |= data[k+i+1] >> (8 - r)
		}
		out = append(out, b)
	}
	w := bitWriter{buf: out}
	rest := n % 8
	if rest > 0 {
		w.write(bits(data, from+n-rest, rest), rest)
	}
	crc := bits(data, from+48, 32)
	w.write(eosMagic, 48)
	w.write(crc, 32)
	return w.flush()
}

type bitWriter struct {
	buf  []byte
	acc  uint64
	nacc uint
}

func (w *bitWriter) write(v uint64, n int) {
	for i := n - 1; i >= 0; i-- {
		w.acc = w.acc<<1 | (v>>uint(i))&1
		w.nacc++
		if w.nacc == 8 {
			w.buf = append(w.buf, byte(w.acc))
			w.acc, w.nacc = 0, 0
		}
	}
}

func (w *bitWriter) flush() []byte {
	if w.nacc > 0 {
		w.buf = append(w.buf, byte(w.acc<<(8-w.nacc)))
		w.acc, w.nacc = 0, 0
	}
	return w.buf
}
