package cluster

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
)

// The arrays file of a build (little-endian):
//
//	"VGCLUST2"  n, m, k, q uint64
//	root  [n]uint32   the cluster (root ID) of every address ID
//	off   [n+1]uint32 members of root r: list[off[r]:off[r+1]]
//	list  [n]uint32   address IDs grouped by cluster, ascending in each
//	flags [n]uint8    at roots: the heuristics that linked the cluster
//	A, B, Block, Pos [m]uint32, H [m]uint8   the evidence of every link
//	Addr, Wallet, Share [k]uint32            the deposit addresses
//	khash [q]uint64, kid [q]uint32           address-text hashes, ascending, and their IDs
//	crc32 (IEEE) of everything before it
const fileMagic = "VGCLUST2"

// ErrBadFile marks a damaged cluster file.
var ErrBadFile = errors.New("cluster: damaged file")

// arrays is the content of the arrays file.
type arrays struct {
	root, off, list []uint32
	flags           []uint8
	ev              evidence
	dep             deposits
	keys            keyIndex
}

// writeArrays writes a to w.
func writeArrays(w io.Writer, a *arrays) error {
	crc := crc32.NewIEEE()
	bw := bufio.NewWriterSize(io.MultiWriter(w, crc), 1<<16)
	bw.WriteString(fileMagic)
	var b [8]byte
	for _, v := range []int{len(a.root), a.ev.Len(), len(a.dep.Addr), len(a.keys.hash)} {
		binary.LittleEndian.PutUint64(b[:], uint64(v))
		bw.Write(b[:])
	}
	for _, col := range [][]uint32{a.root, a.off, a.list} {
		put32(bw, col)
	}
	bw.Write(a.flags)
	for _, col := range [][]uint32{a.ev.A, a.ev.B, a.ev.Block, a.ev.Pos} {
		put32(bw, col)
	}
	bw.Write(a.ev.H)
	for _, col := range [][]uint32{a.dep.Addr, a.dep.Wallet, a.dep.Share} {
		put32(bw, col)
	}
	for _, v := range a.keys.hash {
		binary.LittleEndian.PutUint64(b[:], v)
		bw.Write(b[:])
	}
	put32(bw, a.keys.id)
	if err := bw.Flush(); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(b[:4], crc.Sum32())
	_, err := w.Write(b[:4])
	return err
}

func put32(w *bufio.Writer, col []uint32) {
	var b [4]byte
	for _, v := range col {
		binary.LittleEndian.PutUint32(b[:], v)
		w.Write(b[:])
	}
}

// readArrays reads the arrays file at path.
func readArrays(path string) (*arrays, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	a, err := parseArrays(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrBadFile, path, err)
	}
	return a, nil
}

// parseArrays decodes and checks an arrays file.
func parseArrays(data []byte) (*arrays, error) {
	const head = len(fileMagic) + 32
	if len(data) < head+4 || string(data[:len(fileMagic)]) != fileMagic {
		return nil, errors.New("not a cluster file")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, errors.New("checksum mismatch")
	}
	n := binary.LittleEndian.Uint64(data[8:])
	m := binary.LittleEndian.Uint64(data[16:])
	k := binary.LittleEndian.Uint64(data[24:])
	q := binary.LittleEndian.Uint64(data[32:])
	if n > 1<<32 || m > 1<<32 || k > 1<<32 || q > 1<<32 {
		return nil, errors.New("counts out of range")
	}
	want := uint64(head) + 4*(3*n+1) + n + 17*m + 12*k + 12*q
	if want != uint64(len(body)) {
		return nil, fmt.Errorf("size %d does not match its counts", len(body))
	}
	p := body[head:]
	a := &arrays{}
	a.root, p = get32(p, n), p[4*n:]
	a.off, p = get32(p, n+1), p[4*(n+1):]
	a.list, p = get32(p, n), p[4*n:]
	a.flags, p = append([]uint8(nil), p[:n]...), p[n:]
	cols := []*[]uint32{&a.ev.A, &a.ev.B, &a.ev.Block, &a.ev.Pos}
	for _, c := range cols {
		*c, p = get32(p, m), p[4*m:]
	}
	a.ev.H, p = append([]uint8(nil), p[:m]...), p[m:]
	for _, c := range []*[]uint32{&a.dep.Addr, &a.dep.Wallet, &a.dep.Share} {
		*c, p = get32(p, k), p[4*k:]
	}
	a.keys.hash = make([]uint64, q)
	for i := range a.keys.hash {
		a.keys.hash[i] = binary.LittleEndian.Uint64(p[8*i:])
	}
	a.keys.id = get32(p[8*q:], q)
	if err := a.check(); err != nil {
		return nil, err
	}
	return a, a.keys.finish(len(a.root))
}

func get32(p []byte, n uint64) []uint32 {
	out := make([]uint32, n)
	for i := range out {
		out[i] = binary.LittleEndian.Uint32(p[4*i:])
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
