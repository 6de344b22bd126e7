package store

import (
	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// writer is the write side of a Pebble batch.
type writer interface {
	Set(key, value []byte, opts *pebble.WriteOptions) error
	Delete(key []byte, opts *pebble.WriteOptions) error
}

// Record kinds (first byte of a block record). recAccountV1 records are
// still read; new account records are written as recAccount (see
// encodeAccount: transfers that mirror their transaction).
const (
	recAccountV1 = 1
	recUTXO      = 2
	recAccount   = 3
)

// isAccountRec reports whether k is an account record kind.
func isAccountRec(k byte) bool { return k == recAccount || k == recAccountV1 }

// kindMirror, or'ed into a transfer's kind byte, marks a KindTx transfer
// whose from, to, asset (native) and amount are its transaction's: those
// columns skip it and the decoder copies them from the transaction.
const kindMirror = 0x80

// header flags.
const flagHash = 1

func (e *enc) header(h chain.BlockHeader, parts chain.Parts) {
	flags := uint64(0)
	if h.Hash != (chain.Hash{}) {
		flags |= flagHash
	}
	e.byte1(byte(parts))
	e.uvarint(flags)
	if flags&flagHash != 0 {
		e.raw(h.Hash[:])
	}
	e.uvarint(zigzag(h.Time))
}

func (d *dec) header(n uint64) (chain.BlockHeader, chain.Parts) {
	h := chain.BlockHeader{Number: n}
	parts := chain.Parts(d.byte1())
	if d.uvarint()&flagHash != 0 {
		copy(h.Hash[:], d.raw(32))
	}
	h.Time = unzigzag(d.uvarint())
	return h, parts
}

func zigzag(v int64) uint64   { return uint64(v<<1) ^ uint64(v>>63) }
func unzigzag(u uint64) int64 { return int64(u>>1) ^ -int64(u&1) }

// bitmap helpers for boolean columns.
func (e *enc) bools(n int, get func(i int) bool) {
	var cur byte
	for i := 0; i < n; i++ {
		if get(i) {
			cur |= 1 << (i & 7)
		}
		if i&7 == 7 {
			e.byte1(cur)
			cur = 0
		}
	}
	if n&7 != 0 {
		e.byte1(cur)
	}
}

func (d *dec) bools(n int, set func(i int)) {
	p := d.raw((n + 7) / 8)
	if d.err != nil {
		return
	}
	for i := 0; i < n; i++ {
		if p[i>>3]&(1<<(i&7)) != 0 {
			set(i)
		}
	}
}

// maxRecordItems bounds counts read from a record, so a corrupt length
// cannot make a decoder allocate without limit.
const maxRecordItems = 1 << 28

func (d *dec) count() int {
	n := d.uvarint()
	if n > maxRecordItems || n > uint64(len(d.b))+1 {
		d.err = errCorrupt
		return 0
	}
	return int(n)
}
