package store

import (
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
)

// SpentRef locates the output an input spends: in a stored block (Block,
// TxIndex) or, when the spent transaction is not in the store, by hash only
// (External). Vout is the output index.
type SpentRef struct {
	External bool
	Block    uint64
	TxIndex  uint32
	Hash     chain.Hash
	Vout     uint32
}

// utxoBlock is a UTXO block with its inputs resolved: every input has an
// address and value, and a reference to the output it spends.
type utxoBlock struct {
	chain.UTXOBlock
	refs [][]SpentRef // refs[tx][input]
}

// encodeUTXO writes a UTXO block as columns: tx hashes, coinbase bitmap,
// input and output counts, then all inputs (spent ref, vout, address, value)
// and all outputs (address, value; indexes when not 0..n-1).
func encodeUTXO(b *utxoBlock, buf []byte) []byte {
	e := enc{b: buf[:0]}
	e.byte1(recUTXO)
	e.header(b.Header, chain.PartUTXO|chain.PartTxs)
	txs := b.Txs
	e.uvarint(uint64(len(txs)))
	for i := range txs {
		e.raw(txs[i].Hash[:])
	}
	prev := uint32(0)
	for i := range txs {
		e.uvarint(uint64(txs[i].Index - prev))
		prev = txs[i].Index
	}
	e.bools(len(txs), func(i int) bool { return txs[i].Coinbase })
	seq := true
	for i := range txs {
		e.uvarint(uint64(len(txs[i].Inputs)))
		e.uvarint(uint64(len(txs[i].Outputs)))
		for j, o := range txs[i].Outputs {
			seq = seq && o.Index == uint32(j)
		}
	}
	encodeInputs(&e, b)
	encodeOutputs(&e, txs, seq)
	return e.b
}

func encodeInputs(e *enc, b *utxoBlock) {
	for i := range b.Txs {
		for _, r := range b.refs[i] {
			if r.External {
				e.uvarint(0)
				e.raw(r.Hash[:])
			} else {
				e.uvarint(b.Header.Number - r.Block + 1)
				e.uvarint(uint64(r.TxIndex))
			}
			e.uvarint(uint64(r.Vout))
		}
	}
	for i := range b.Txs {
		for _, in := range b.Txs[i].Inputs {
			e.uvarint(uint64(in.Addr))
		}
	}
	for i := range b.Txs {
		for _, in := range b.Txs[i].Inputs {
			e.amount(chain.U64(in.Value))
		}
	}
}

func encodeOutputs(e *enc, txs []chain.UTXOTx, seq bool) {
	if seq {
		e.byte1(0)
	} else {
		e.byte1(1)
		for i := range txs {
			for _, o := range txs[i].Outputs {
				e.uvarint(uint64(o.Index))
			}
		}
	}
	for i := range txs {
		for _, o := range txs[i].Outputs {
			e.uvarint(uint64(o.Addr))
		}
	}
	for i := range txs {
		for _, o := range txs[i].Outputs {
			e.amount(chain.U64(o.Value))
		}
	}
}

// decodeUTXO reads a record written by encodeUTXO.
func decodeUTXO(n uint64, v []byte) (utxoBlock, error) {
	var b utxoBlock
	err := decodeUTXOInto(n, v, &b, &utxoArena{})
	return b, err
}

// utxoArena holds the backing arrays of a decoded block's inputs, spent
// references and outputs, so a scan can reuse them from block to block.
type utxoArena struct {
	ins  []chain.UTXOInput
	refs []SpentRef
	outs []chain.UTXOOutput
}

// decodeUTXOInto reads a record into b, carving every transaction's
// inputs, references and outputs out of one array each (a's, reused when
// large enough): a handful of allocations per block, not per transaction.
func decodeUTXOInto(n uint64, v []byte, b *utxoBlock, a *utxoArena) error {
	d := dec{b: v}
	if d.byte1() != recUTXO {
		return errCorrupt
	}
	b.Header, _ = d.header(n)
	nt := d.count()
	b.Txs = slices.Grow(b.Txs[:0], nt)[:nt]
	b.refs = slices.Grow(b.refs[:0], nt)[:nt]
	for i := range b.Txs {
		b.Txs[i] = chain.UTXOTx{}
		copy(b.Txs[i].Hash[:], d.raw(32))
	}
	prev := uint32(0)
	for i := range b.Txs {
		prev += uint32(d.uvarint())
		b.Txs[i].Index = prev
	}
	d.bools(nt, func(i int) { b.Txs[i].Coinbase = true })
	counts := make([]int, 2*nt)
	ti, to := 0, 0
	for i := 0; i < nt; i++ {
		counts[2*i], counts[2*i+1] = d.count(), d.count()
		ti, to = ti+counts[2*i], to+counts[2*i+1]
	}
	if d.err != nil || ti > len(v) || to > len(v) {
		return errCorrupt
	}
	a.ins = slices.Grow(a.ins[:0], ti)[:ti]
	a.refs = slices.Grow(a.refs[:0], ti)[:ti]
	a.outs = slices.Grow(a.outs[:0], to)[:to]
	clear(a.ins)
	clear(a.refs)
	clear(a.outs)
	ii, oi := 0, 0
	for i := range b.Txs {
		ni, no := counts[2*i], counts[2*i+1]
		b.Txs[i].Inputs = a.ins[ii : ii+ni : ii+ni]
		b.refs[i] = a.refs[ii : ii+ni : ii+ni]
		b.Txs[i].Outputs = a.outs[oi : oi+no : oi+no]
		ii, oi = ii+ni, oi+no
	}
	decodeInputs(&d, b)
	decodeOutputs(&d, b.Txs)
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return d.err
}

func decodeInputs(d *dec, b *utxoBlock) {
	for i := range b.Txs {
		for j := range b.refs[i] {
			r := &b.refs[i][j]
			if delta := d.uvarint(); delta == 0 {
				r.External = true
				copy(r.Hash[:], d.raw(32))
			} else {
				r.Block = b.Header.Number - (delta - 1)
				r.TxIndex = uint32(d.uvarint())
			}
			r.Vout = uint32(d.uvarint())
			b.Txs[i].Inputs[j].SpentIndex = r.Vout
			b.Txs[i].Inputs[j].SpentTx = r.Hash
		}
	}
	for i := range b.Txs {
		for j := range b.Txs[i].Inputs {
			b.Txs[i].Inputs[j].Addr = chain.AddrID(d.uvarint())
		}
	}
	for i := range b.Txs {
		for j := range b.Txs[i].Inputs {
			in := &b.Txs[i].Inputs[j]
			in.Value, in.HasValue = d.amount()[0], true
		}
	}
}

func decodeOutputs(d *dec, txs []chain.UTXOTx) {
	seq := d.byte1() == 0
	for i := range txs {
		for j := range txs[i].Outputs {
			if seq {
				txs[i].Outputs[j].Index = uint32(j)
			} else {
				txs[i].Outputs[j].Index = uint32(d.uvarint())
			}
		}
	}
	for i := range txs {
		for j := range txs[i].Outputs {
			txs[i].Outputs[j].Addr = chain.AddrID(d.uvarint())
		}
	}
	for i := range txs {
		for j := range txs[i].Outputs {
			txs[i].Outputs[j].Value = d.amount()[0]
		}
	}
}
