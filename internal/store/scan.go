package store

import (
	"encoding/binary"
	"fmt"
	"slices"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// UTXOBlockView is a stored UTXO block with every input resolved: Refs[t][i]
// locates the output spent by input i of transaction t.
type UTXOBlockView struct {
	chain.UTXOBlock
	Refs [][]SpentRef
}

// ScanAccount calls fn for every stored block of account chain c numbered
// from..to (inclusive), in block order. The block passed to fn is only
// valid during the call. A non-nil error from fn stops the scan and is
// returned.
func (s *Store) ScanAccount(c chain.Info, from, to uint64, fn func(b *chain.AccountBlock) error) error {
	if c.Kind != chain.Account {
		return fmt.Errorf("store: %s is not an account chain", c.Name)
	}
	return s.scanBlocks(c, from, to, func(n uint64, v []byte) error {
		b, err := decodeAccount(n, v)
		if err != nil {
			return fmt.Errorf("store: %s block %d: %w", c.Name, n, err)
		}
		return fn(&b)
	})
}

// ScanUTXO calls fn for every stored block of UTXO chain c numbered
// from..to (inclusive), in block order, with inputs resolved to the outputs
// they spend. The view and its slices are only valid during the call: the
// next block is decoded into the same memory.
func (s *Store) ScanUTXO(c chain.Info, from, to uint64, fn func(b *UTXOBlockView) error) error {
	if c.Kind != chain.UTXO {
		return fmt.Errorf("store: %s is not a UTXO chain", c.Name)
	}
	var b utxoBlock
	var a utxoArena
	return s.scanBlocks(c, from, to, func(n uint64, v []byte) error {
		if err := decodeUTXOInto(n, v, &b, &a); err != nil {
			return fmt.Errorf("store: %s block %d: %w", c.Name, n, err)
		}
		return fn(&UTXOBlockView{UTXOBlock: b.UTXOBlock, Refs: b.refs})
	})
}

// scanBlocks iterates the raw block records of c in from..to.
func (s *Store) scanBlocks(c chain.Info, from, to uint64, fn func(n uint64, v []byte) error) error {
	if from > to {
		return nil
	}
	lo := keyBlock(c.ID, from)
	var hi []byte
	if to == ^uint64(0) {
		hi = prefixEnd([]byte{nsBlock, byte(c.ID)})
	} else {
		hi = keyBlock(c.ID, to+1)
	}
	it, err := s.db.NewIter(&pebble.IterOptions{LowerBound: lo, UpperBound: hi})
	if err != nil {
		return err
	}
	for ok := it.First(); ok; ok = it.Next() {
		k := it.Key()
		if len(k) != 10 {
			it.Close()
			return errCorrupt
		}
		if err := fn(binary.BigEndian.Uint64(k[2:]), it.Value()); err != nil {
			it.Close()
			return err
		}
	}
	if err := it.Error(); err != nil {
		it.Close()
		return err
	}
	return it.Close()
}

// BlockRange returns the first and last stored block of c; ok is false
// when the chain has no blocks.
func (s *Store) BlockRange(c chain.Info) (first, last uint64, ok bool, err error) {
	p := []byte{nsBlock, byte(c.ID)}
	it, err := s.db.NewIter(iterRange(p))
	if err != nil {
		return 0, 0, false, err
	}
	defer it.Close()
	if !it.First() {
		return 0, 0, false, it.Error()
	}
	first = binary.BigEndian.Uint64(it.Key()[2:])
	it.Last()
	last = binary.BigEndian.Uint64(it.Key()[2:])
	return first, last, true, it.Error()
}

// TxHashAt returns the hash of the transaction at index idx of block n of
// chain c (account chains: the transaction's index in the block; UTXO
// chains: its position).
func (s *Store) TxHashAt(c chain.Info, n uint64, idx uint32) (chain.Hash, error) {
	v, ok, err := s.get(keyBlock(c.ID, n))
	if err != nil {
		return chain.Hash{}, err
	}
	if !ok {
		return chain.Hash{}, ErrNotFound
	}
	if c.Kind == chain.UTXO {
		b, err := decodeUTXO(n, v)
		if err != nil {
			return chain.Hash{}, err
		}
		if int(idx) >= len(b.Txs) {
			return chain.Hash{}, ErrNotFound
		}
		return b.Txs[idx].Hash, nil
	}
	b, err := decodeAccount(n, v)
	if err != nil {
		return chain.Hash{}, err
	}
	for i := range b.Txs {
		if b.Txs[i].Index == idx {
			return b.Txs[i].Hash, nil
		}
	}
	return chain.Hash{}, ErrNotFound
}

// ScanAccountMoves is ScanAccount for readers that need only the value
// moves: fn gets each block's moves in order, decoded into a buffer that
// is reused between calls (no allocation per block).
func (s *Store) ScanAccountMoves(c chain.Info, from, to uint64, fn func(n uint64, moves []chain.AccountTransfer) error) error {
	if c.Kind != chain.Account {
		return fmt.Errorf("store: %s is not an account chain", c.Name)
	}
	var buf []chain.AccountTransfer
	var txs []chain.AccountTx
	return s.scanBlocks(c, from, to, func(n uint64, v []byte) error {
		var err error
		if buf, txs, err = decodeMoves(n, v, buf[:0], txs[:0]); err != nil {
			return fmt.Errorf("store: %s block %d: %w", c.Name, n, err)
		}
		return fn(n, buf)
	})
}

// decodeMoves reads the value moves of an account record into buf,
// stepping over the transaction hashes; the transactions' index, from, to
// and value go to txs (both reused when large enough), for the transfers
// that mirror them.
func decodeMoves(n uint64, v []byte, buf []chain.AccountTransfer, txs []chain.AccountTx) ([]chain.AccountTransfer, []chain.AccountTx, error) {
	d := dec{b: v}
	if !isAccountRec(d.byte1()) {
		return buf, txs, errCorrupt
	}
	d.header(n)
	nt := d.count()
	d.raw(32 * nt)
	if d.err != nil {
		return buf, txs, d.err
	}
	txs = slices.Grow(txs[:0], nt)[:nt] // hashes stay unread (stale in a reused buffer)
	decodeTxColumns(&d, n, txs)
	ts, err := decodeTransfers(&d, n, buf, txs)
	return ts, txs, err
}

// decodeTransfers reads the value-move columns of block n, the rest of
// an account record, into buf (reused when large enough); a transfer
// marked kindMirror takes from, to and amount from its transaction in txs.
func decodeTransfers(d *dec, n uint64, buf []chain.AccountTransfer, txs []chain.AccountTx) ([]chain.AccountTransfer, error) {
	nf := d.count()
	if d.err != nil {
		return buf, d.err
	}
	ts := slices.Grow(buf[:0], nf)[:nf]
	for i := range ts {
		ts[i] = chain.AccountTransfer{Block: n, TxIndex: uint32(d.uvarint()) - 1}
	}
	for i := range ts {
		ts[i].Pos = uint32(d.uvarint())
	}
	for i := range ts {
		k := d.byte1()
		ts[i].Kind = chain.TransferKind(k &^ kindMirror)
		if k&kindMirror != 0 {
			tx := txAt(txs, ts[i].TxIndex)
			if tx == nil || ts[i].Kind != chain.KindTx {
				return ts, errCorrupt
			}
			ts[i].From, ts[i].To, ts[i].Amount = tx.From, tx.To, tx.Value
			ts[i].Kind = chain.TransferKind(k) // marked until the columns are read
		}
	}
	mirror := func(i int) bool { return ts[i].Kind&kindMirror != 0 }
	for i := range ts {
		if !mirror(i) {
			ts[i].From = chain.AddrID(d.uvarint())
		}
	}
	for i := range ts {
		if !mirror(i) {
			ts[i].To = chain.AddrID(d.uvarint())
		}
	}
	for i := range ts {
		if !mirror(i) {
			ts[i].Asset = chain.AssetID(d.uvarint())
		}
	}
	for i := range ts {
		if mirror(i) {
			ts[i].Kind &^= kindMirror
		} else {
			ts[i].Amount = d.amount()
		}
	}
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return ts, d.err
}

// Counts returns the counters of chain c (zero when it has no data).
func (s *Store) Counts(c chain.Info) (Counters, error) { return s.counters(c) }
