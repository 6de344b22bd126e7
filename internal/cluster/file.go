package cluster

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"

	"github.com/vigil-project/vigil/internal/mmapfile"
)

// The arrays file of a build (little-endian):
//
//	"VGCLUST3"  n, m, k, q uint64
//	root  [n]uint32   the cluster (root ID) of every address ID
//	off   [n+1]uint32 members of root r: list[off[r]:off[r+1]]
//	list  [n]uint32   address IDs grouped by cluster, ascending in each
//	flags [n]uint8    at roots: the heuristics that linked the cluster
//	A, B, Block, Pos [m]uint32, H [m]uint8   the evidence of every link
//	Addr, Wallet, Share [k]uint32            the deposit addresses
//	khash [q]uint64, kid [q]uint32           address-text hashes, ascending, and their IDs
//	crc32 (IEEE) of everything before it
//
// Each column starts at a multiple of 8 bytes (zero bytes pad the one
// before), so that a memory-mapped file is used in place. Files of
// version 2 ("VGCLUST2": the same columns without padding) are still
// read, by copying.
const (
	fileMagic   = "VGCLUST3"
	fileMagicV2 = "VGCLUST2"
	fileHead    = len(fileMagic) + 32
)

// ErrBadFile marks a damaged cluster file.
var ErrBadFile = errors.New("cluster: damaged file")

// arrays is the content of the arrays file.
type arrays struct {
	root, off, list []uint32
	flags           []uint8
	ev              evidence
	dep             deposits
	keys            keyIndex
	// unmap releases the file mapping the columns point into (nil when
	// they are on the Go heap).
	unmap func() error
}

// release unmaps the file the columns point into, if any, and leaves a
// empty (an empty build: every address its own cluster), so that a use
// after release reads no unmapped memory.
func (a *arrays) release() error {
	u := a.unmap
	*a = arrays{}
	if u == nil {
		return nil
	}
	return u()
}

// column is one column of the file: count elements of size bytes.
type column struct {
	count uint64
	size  uint64
}

// fileColumns lists the columns of a file with counts n, m, k, q, in
// file order.
func fileColumns(n, m, k, q uint64) []column {
	return []column{{n, 4}, {n + 1, 4}, {n, 4}, {n, 1},
		{m, 4}, {m, 4}, {m, 4}, {m, 4}, {m, 1},
		{k, 4}, {k, 4}, {k, 4},
		{q, 8}, {q, 4}}
}

// layout returns where each column starts and where the last one ends;
// padded aligns every start to 8 bytes (version 3).
func layout(cols []column, padded bool) (starts []uint64, end uint64) {
	at := uint64(fileHead)
	for _, c := range cols {
		if padded {
			at = (at + 7) &^ 7
		}
		starts = append(starts, at)
		at += c.count * c.size
	}
	return starts, at
}

// writeArrays writes a to w (version 3).
func writeArrays(w io.Writer, a *arrays) error {
	crc := crc32.NewIEEE()
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)
	bw.WriteString(fileMagic)
	var b [8]byte
	counts := []int{len(a.root), a.ev.Len(), len(a.dep.Addr), len(a.keys.hash)}
	for _, v := range counts {
		binary.LittleEndian.PutUint64(b[:], uint64(v))
		bw.Write(b[:])
	}
	cols := fileColumns(uint64(counts[0]), uint64(counts[1]), uint64(counts[2]), uint64(counts[3]))
	starts, _ := layout(cols, true)
	at := uint64(fileHead)
	for i, write := range columnWriters(a) {
		bw.Write(make([]byte, starts[i]-at))
		write(bw)
		at = starts[i] + cols[i].count*cols[i].size
	}
	if err := bw.Flush(); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(b[:4], crc.Sum32())
	_, err := w.Write(b[:4])
	return err
}

// columnWriters write a's columns in file order.
func columnWriters(a *arrays) []func(*bufio.Writer) {
	u32 := func(col []uint32) func(*bufio.Writer) { return func(w *bufio.Writer) { put32(w, col) } }
	u8 := func(col []uint8) func(*bufio.Writer) { return func(w *bufio.Writer) { w.Write(col) } }
	return []func(*bufio.Writer){u32(a.root), u32(a.off), u32(a.list), u8(a.flags),
		u32(a.ev.A), u32(a.ev.B), u32(a.ev.Block), u32(a.ev.Pos), u8(a.ev.H),
		u32(a.dep.Addr), u32(a.dep.Wallet), u32(a.dep.Share),
		func(w *bufio.Writer) { put64(w, a.keys.hash) }, u32(a.keys.id)}
}

func put32(w *bufio.Writer, col []uint32) {
	var b [4]byte
	for _, v := range col {
		binary.LittleEndian.PutUint32(b[:], v)
		w.Write(b[:])
	}
}

func put64(w *bufio.Writer, col []uint64) {
	var b [8]byte
	for _, v := range col {
		binary.LittleEndian.PutUint64(b[:], v)
		w.Write(b[:])
	}
}

// readArrays reads the arrays file at path. With mapped set the file is
// memory-mapped where the platform allows (mmapfile.Map) and a version-3 file
// is used in place: the columns point into the read-only mapping, which
// a.unmap releases; without it (or for a version-2 file) the columns are
// copied to the Go heap and may be modified.
func readArrays(path string, mapped bool) (*arrays, error) {
	read := func(p string) ([]byte, func() error, error) { b, err := os.ReadFile(p); return b, nil, err }
	if mapped {
		read = mmapfile.Map
	}
	data, unmap, err := read(path)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	a, err := parseArrays(data, mapped)
	if err != nil {
		if unmap != nil {
			unmap()
		}
		return nil, fmt.Errorf("%w: %s: %v", ErrBadFile, path, err)
	}
	switch {
	case a.unmap != nil: // in place: Close unmaps (nil: heap bytes, nothing to do)
		a.unmap = unmap
	case unmap != nil: // copied (version 2, big-endian): the mapping is not needed
		if err := unmap(); err != nil {
			return nil, fmt.Errorf("cluster: %w", err)
		}
	}
	return a, nil
}

// parseArrays decodes and checks an arrays file: size, checksum, every
// ID and offset. With inPlace set, a version-3 file's columns point into
// data (when the machine is little-endian and data 8-byte aligned; a.unmap
// is then set to a placeholder for the caller to replace) instead of being
// copied.
func parseArrays(data []byte, inPlace bool) (*arrays, error) {
	if len(data) < fileHead+4 {
		return nil, errors.New("not a cluster file")
	}
	padded := string(data[:len(fileMagic)]) == fileMagic
	if !padded && string(data[:len(fileMagic)]) != fileMagicV2 {
		return nil, errors.New("not a cluster file")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, errors.New("checksum mismatch")
	}
	var cnt [4]uint64
	for i := range cnt {
		if cnt[i] = binary.LittleEndian.Uint64(data[8+8*i:]); cnt[i] > 1<<32 {
			return nil, errors.New("counts out of range")
		}
	}
	cols := fileColumns(cnt[0], cnt[1], cnt[2], cnt[3])
	starts, end := layout(cols, padded)
	if end != uint64(len(body)) {
		return nil, fmt.Errorf("size %d does not match its counts", len(body))
	}
	share := inPlace && padded && canShare(data)
	c := colReader{data: body, starts: starts, cols: cols, share: share}
	a := &arrays{root: c.u32(0), off: c.u32(1), list: c.u32(2), flags: c.u8(3),
		ev:   evidence{A: c.u32(4), B: c.u32(5), Block: c.u32(6), Pos: c.u32(7), H: c.u8(8)},
		dep:  deposits{Addr: c.u32(9), Wallet: c.u32(10), Share: c.u32(11)},
		keys: keyIndex{hash: c.u64(12), id: c.u32(13)}}
	if share {
		a.unmap = func() error { return nil }
	}
	if err := a.check(); err != nil {
		return nil, err
	}
	return a, a.keys.finish(len(a.root))
}

// colReader reads the columns of a checked file body, in place (share)
// or as copies.
type colReader struct {
	data   []byte
	starts []uint64
	cols   []column
	share  bool
}

// bytes returns column i's bytes, capacity-limited so that an append
// never writes into the file.
func (c colReader) bytes(i int) []byte {
	lo := c.starts[i]
	hi := lo + c.cols[i].count*c.cols[i].size
	return c.data[lo:hi:hi]
}

func (c colReader) u8(i int) []uint8 {
	if c.share {
		return c.bytes(i)
	}
	return append([]uint8{}, c.bytes(i)...)
}

func (c colReader) u32(i int) []uint32 {
	p := c.bytes(i)
	if c.share {
		return view32(p)
	}
	out := make([]uint32, len(p)/4)
	for j := range out {
		out[j] = binary.LittleEndian.Uint32(p[4*j:])
	}
	return out
}

func (c colReader) u64(i int) []uint64 {
	p := c.bytes(i)
	if c.share {
		return view64(p)
	}
	out := make([]uint64, len(p)/8)
	for j := range out {
		out[j] = binary.LittleEndian.Uint64(p[8*j:])
	}
	return out
}

// check verifies that every ID and offset is in range and that the
// members CSR agrees with the root array.
func (a *arrays) check() error {
	n := uint32(len(a.root))
	if a.off[0] != 0 || a.off[n] != n {
		return errors.New("member offsets do not span the addresses")
	}
	for r := uint32(0); r < n; r++ {
		if a.off[r] > a.off[r+1] {
			return errors.New("member offsets decrease")
		}
	}
	for _, x := range a.list {
		if x >= n {
			return errors.New("member ID out of range")
		}
	}
	for id, r := range a.root {
		if r >= n || a.root[r] != r {
			return fmt.Errorf("address %d: root %d is not a root", id, r)
		}
	}
	for _, col := range [][]uint32{a.ev.A, a.ev.B, a.dep.Addr, a.dep.Wallet} {
		for _, x := range col {
			if x >= n {
				return errors.New("evidence address out of range")
			}
		}
	}
	return nil
}

// membersCSR groups the IDs by root (ascending within each cluster).
func membersCSR(root []uint32) (off, list []uint32) {
	n := len(root)
	off = make([]uint32, n+1)
	for _, r := range root {
		off[r+1]++
	}
	for i := 1; i <= n; i++ {
		off[i] += off[i-1]
	}
	list = make([]uint32, n)
	next := make([]uint32, n)
	copy(next, off[:n])
	for id, r := range root {
		list[next[r]] = uint32(id)
		next[r]++
	}
	return off, list
}
