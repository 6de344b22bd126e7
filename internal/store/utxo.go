package store

import (
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
	d := dec{b: v}
	var b utxoBlock
	if d.byte1() != recUTXO {
		return b, errCorrupt
	}
	b.Header, _ = d.header(n)
	nt := d.count()
	b.Txs = make([]chain.UTXOTx, nt)
	b.refs = make([][]SpentRef, nt)
	for i := range b.Txs {
		copy(b.Txs[i].Hash[:], d.raw(32))
	}
	prev := uint32(0)
	for i := range b.Txs {
		prev += uint32(d.uvarint())
		b.Txs[i].Index = prev
	}
	d.bools(nt, func(i int) { b.Txs[i].Coinbase = true })
	for i := range b.Txs {
		ni, no := d.count(), d.count()
		if d.err != nil {
			return b, d.err
		}
		b.Txs[i].Inputs = make([]chain.UTXOInput, ni)
		b.refs[i] = make([]SpentRef, ni)
		b.Txs[i].Outputs = make([]chain.UTXOOutput, no)
	}
	decodeInputs(&d, &b)
	decodeOutputs(&d, b.Txs)
	if d.err == nil && len(d.b) != 0 {
		d.err = errCorrupt
	}
	return b, d.err
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
