package graph

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"sort"
	"unsafe"

	"github.com/vigil-project/vigil/internal/chain"
)

// Segment file layout (little-endian): a 64-byte header — magic "VGXA",
// version u32, rows u64, naddr u32, nbig u32, first u64, last u64, padding —
// then the columns Lo, Hi (u64 each), From, To, Asset, Block, Tx (u32),
// OutOff, InOff (naddr+1 u32 each), OutRows, InRows (u32), each padded to 8
// bytes, then nbig entries of (row u32, pad u32, amount 4×u64).
const (
	magic      = "VGXA"
	version    = 1
	headerSize = 64
)

var errBadFile = errors.New("graph: corrupt segment file")

// writeFile writes s to path atomically.
func writeFile(path string, s *Segment) error {
	return writeAtomic(path, func(f *os.File) error { return writeSegment(f, s) })
}

func writeSegment(f *os.File, s *Segment) error {
	h := make([]byte, headerSize)
	copy(h, magic)
	binary.LittleEndian.PutUint32(h[4:], version)
	binary.LittleEndian.PutUint64(h[8:], uint64(s.Len()))
	binary.LittleEndian.PutUint32(h[16:], s.NAddr)
	binary.LittleEndian.PutUint32(h[20:], uint32(len(s.Big)))
	binary.LittleEndian.PutUint64(h[24:], s.First)
	binary.LittleEndian.PutUint64(h[32:], s.Last)
	if _, err := f.Write(h); err != nil {
		return err
	}
	for _, col := range [][]uint64{s.Lo, s.Hi} {
		if err := writeCol(f, col); err != nil {
			return err
		}
	}
	for _, col := range [][]uint32{s.From, s.To, s.Asset, s.Block, s.Tx, s.OutOff, s.InOff, s.OutRows, s.InRows} {
		if err := writeCol(f, col); err != nil {
			return err
		}
	}
	return writeBig(f, s.Big)
}

// writeCol writes a column as raw bytes, padded to 8 bytes.
func writeCol[T uint32 | uint64](f *os.File, col []T) error {
	var z T
	n := len(col) * int(unsafe.Sizeof(z))
	if n > 0 {
		if _, err := f.Write(unsafe.Slice((*byte)(unsafe.Pointer(&col[0])), n)); err != nil {
			return err
		}
	}
	if pad := (8 - n%8) % 8; pad > 0 {
		_, err := f.Write(make([]byte, pad))
		return err
	}
	return nil
}

func writeBig(f *os.File, big map[uint32]chain.U256) error {
	rows := make([]uint32, 0, len(big))
	for r := range big {
		rows = append(rows, r)
	}
	sort.Slice(rows, func(i, j int) bool { return rows[i] < rows[j] })
	buf := make([]byte, 40)
	for _, r := range rows {
		binary.LittleEndian.PutUint32(buf, r)
		for i, w := range big[r] {
			binary.LittleEndian.PutUint64(buf[8+8*i:], w)
		}
		if _, err := f.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// readSegment maps the file at path and slices it into a Segment.
func readSegment(path string) (*Segment, error) {
	data, unmap, err := mapFile(path)
	if errors.Is(err, os.ErrNotExist) {
		err = errBadFile
	}
	if err != nil {
		return nil, err
	}
	s, err := parseSegment(data)
	if err != nil {
		unmap()
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	s.unmap = unmap
	return s, nil
}

// parseSegment slices data (8-byte aligned) into a Segment, checking sizes.
func parseSegment(data []byte) (*Segment, error) {
	if len(data) < headerSize || string(data[:4]) != magic || binary.LittleEndian.Uint32(data[4:]) != version {
		return nil, errBadFile
	}
	rows := binary.LittleEndian.Uint64(data[8:])
	s := &Segment{NAddr: binary.LittleEndian.Uint32(data[16:]),
		First: binary.LittleEndian.Uint64(data[24:]), Last: binary.LittleEndian.Uint64(data[32:])}
	nbig := int(binary.LittleEndian.Uint32(data[20:]))
	p := &parser{data: data, off: headerSize}
	n, na := int(rows), int(s.NAddr)+1
	s.Lo, s.Hi = col64(p, n), col64(p, n)
	s.From, s.To, s.Asset, s.Block, s.Tx = col32(p, n), col32(p, n), col32(p, n), col32(p, n), col32(p, n)
	s.OutOff, s.InOff = col32(p, na), col32(p, na)
	s.OutRows, s.InRows = col32(p, n), col32(p, n)
	if p.bad || p.off+40*nbig != len(data) {
		return nil, errBadFile
	}
	if nbig > 0 {
		s.Big = make(map[uint32]chain.U256, nbig)
		for i := 0; i < nbig; i++ {
			b := data[p.off+40*i:]
			var u chain.U256
			for k := range u {
				u[k] = binary.LittleEndian.Uint64(b[8+8*k:])
			}
			s.Big[binary.LittleEndian.Uint32(b)] = u
		}
	}
	if !offsetsOK(s.OutOff, n) || !offsetsOK(s.InOff, n) {
		return nil, errBadFile
	}
	return s, nil
}

// parser hands out aligned column slices of a mapped file.
type parser struct {
	data []byte
	off  int
	bad  bool
}

func (p *parser) take(n int) []byte {
	if p.bad || n < 0 || p.off+n > len(p.data) {
		p.bad = true
		return nil
	}
	b := p.data[p.off : p.off+n]
	p.off += (n + 7) &^ 7
	if p.off > len(p.data) {
		p.bad = true
	}
	return b
}

func col64(p *parser, n int) []uint64 {
	b := p.take(8 * n)
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*uint64)(unsafe.Pointer(&b[0])), n)
}

func col32(p *parser, n int) []uint32 {
	b := p.take(4 * n)
	if len(b) == 0 {
		return nil
	}
	return unsafe.Slice((*uint32)(unsafe.Pointer(&b[0])), n)
}

// offsetsOK checks a CSR offset column: starts at 0, never decreases,
// ends at n. O(addresses): cheap enough for every open, and it makes every
// Out/In slice in range. Row values and columns are not re-checked on open
// (that would cost a pass over the whole file per trace): the files are
// vigil's own, written whole and synced before they are renamed into place.
func offsetsOK(off []uint32, n int) bool {
	if len(off) == 0 || off[0] != 0 || off[len(off)-1] != uint32(n) {
		return false
	}
	for i := 1; i < len(off); i++ {
		if off[i] < off[i-1] {
			return false
		}
	}
	return true
}
