package graph

import (
	"encoding/binary"
	"fmt"
	"os"
)

// UTXO segment file layout (little-endian): a 64-byte header — magic
// "VGXU", version u32, then u32 counts: transactions, outputs, inputs,
// naddr, cross spends, has-vout (0/1), the bases TxBase, OutBase, InBase,
// then first u64, last u64 — then the columns in the order TxBlock, TxPos
// (ntx), TxIn, TxOut (ntx+1), OutAddr, OutSpent (nout u32), OutValue (nout
// u64), OutVout (nout, or absent), InSpends, InAddr (nin u32), InValue
// (nin u64), AddrOff (naddr+1), AddrOuts (nout), CrossOut, CrossTx
// (ncross), each padded to 8 bytes.
const (
	utxoMagic   = "VGXU"
	utxoVersion = 1
)

func utxoHeader(s *UTXOSegment) []byte {
	h := make([]byte, headerSize)
	copy(h, utxoMagic)
	le := binary.LittleEndian
	le.PutUint32(h[4:], utxoVersion)
	hasVout := uint32(0)
	if len(s.OutVout) > 0 {
		hasVout = 1
	}
	for i, v := range []uint32{uint32(s.NTx()), uint32(s.NOut()), uint32(s.NIn()), s.NAddr,
		uint32(len(s.CrossOut)), hasVout, s.TxBase, s.OutBase, s.InBase} {
		le.PutUint32(h[8+4*i:], v)
	}
	le.PutUint64(h[44:], s.First)
	le.PutUint64(h[52:], s.Last)
	return h
}

// writeUTXOFile writes s to path atomically.
func writeUTXOFile(path string, s *UTXOSegment) error {
	return writeAtomic(path, func(f *os.File) error { return writeUTXOSegment(f, s) })
}

func writeUTXOSegment(f *os.File, s *UTXOSegment) error {
	if _, err := f.Write(utxoHeader(s)); err != nil {
		return err
	}
	cols := []any{s.TxBlock, s.TxPos, s.TxIn, s.TxOut, s.OutAddr, s.OutSpent, s.OutValue, s.OutVout,
		s.InSpends, s.InAddr, s.InValue, s.AddrOff, s.AddrOuts, s.CrossOut, s.CrossTx}
	for _, c := range cols {
		var err error
		switch c := c.(type) {
		case []uint32:
			err = writeCol(f, c)
		case []uint64:
			err = writeCol(f, c)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// readUTXOSegment maps the file at path and slices it into a segment.
func readUTXOSegment(path string) (*UTXOSegment, error) {
	data, unmap, err := mapFile(path)
	if err != nil {
		return nil, err
	}
	s, err := parseUTXOSegment(data)
	if err == nil {
		err = s.check()
	}
	if err != nil {
		unmap()
		return nil, fmt.Errorf("%w: %s", err, path)
	}
	s.unmap = unmap
	return s, nil
}

// parseUTXOSegment slices data (8-byte aligned) into a segment.
func parseUTXOSegment(data []byte) (*UTXOSegment, error) {
	le := binary.LittleEndian
	if len(data) < headerSize || string(data[:4]) != utxoMagic || le.Uint32(data[4:]) != utxoVersion {
		return nil, errBadFile
	}
	var h [9]int
	for i := range h {
		h[i] = int(le.Uint32(data[8+4*i:]))
	}
	nt, no, ni, na, nc := h[0], h[1], h[2], h[3], h[4]
	s := &UTXOSegment{NAddr: uint32(na), TxBase: uint32(h[6]), OutBase: uint32(h[7]), InBase: uint32(h[8]),
		First: le.Uint64(data[44:]), Last: le.Uint64(data[52:])}
	p := &parser{data: data, off: headerSize}
	s.TxBlock, s.TxPos, s.TxIn, s.TxOut = col32(p, nt), col32(p, nt), col32(p, nt+1), col32(p, nt+1)
	s.OutAddr, s.OutSpent, s.OutValue = col32(p, no), col32(p, no), col64(p, no)
	if h[5] == 1 {
		s.OutVout = col32(p, no)
	}
	s.InSpends, s.InAddr, s.InValue = col32(p, ni), col32(p, ni), col64(p, ni)
	s.AddrOff, s.AddrOuts = col32(p, na+1), col32(p, no)
	s.CrossOut, s.CrossTx = col32(p, nc), col32(p, nc)
	if p.bad || p.off != len(data) || h[5] > 1 {
		return nil, errBadFile
	}
	return s, nil
}
