package taintedtx

import (
	"bufio"
	"strconv"
)

// zeroHash is the block_hash written for every block (unknown).
const zeroHash = "0000000000000000000000000000000000000000000000000000000000000000"

// write emits one bitcoin-etl line per transaction, in tx_index order,
// which is (block, index) order.
func (g *graph) write(w *bufio.Writer) error {
	var b []byte
	for i := range g.txs {
		b = g.appendTx(b[:0], &g.txs[i])
		if _, err := w.Write(b); err != nil {
			return err
		}
	}
	return nil
}

func (g *graph) appendTx(b []byte, x *tx) []byte {
	b = append(b, `{"type": "transaction", "hash": "`...)
	b = append(b, x.hash.Hex()...)
	b = append(b, `", "block_number": `...)
	b = strconv.AppendUint(b, x.height, 10)
	b = append(b, `, "block_hash": "`+zeroHash+`", "block_timestamp": 0, "is_coinbase": `...)
	b = strconv.AppendBool(b, len(x.ins) == 0)
	b = append(b, `, "index": `...)
	b = strconv.AppendUint(b, uint64(x.pos), 10)
	b = append(b, `, "inputs": [`...)
	for k, in := range x.ins {
		if k > 0 {
			b = append(b, ", "...)
		}
		src := &g.txs[in.tx]
		b = append(b, `{"index": `...)
		b = strconv.AppendInt(b, int64(k), 10)
		b = append(b, `, "spent_transaction_hash": "`...)
		b = append(b, src.hash.Hex()...)
		b = append(b, `", "spent_output_index": `...)
		b = strconv.AppendUint(b, uint64(in.vout), 10)
		b = g.appendAddrValue(b, &src.outs[in.vout])
	}
	b = append(b, `], "outputs": [`...)
	var outValue uint64
	for k := range x.outs {
		if k > 0 {
			b = append(b, ", "...)
		}
		b = append(b, `{"index": `...)
		b = strconv.AppendInt(b, int64(k), 10)
		b = g.appendAddrValue(b, &x.outs[k])
		outValue += x.outs[k].value
	}
	return g.appendCounts(b, x, outValue)
}

// appendAddrValue writes the type, addresses and value of o and closes
// the object.
func (g *graph) appendAddrValue(b []byte, o *output) []byte {
	b = append(b, `, "type": "`...)
	b = append(b, typeNames[o.typ]...)
	b = append(b, `", "addresses": [`...)
	if o.addr >= 0 {
		b = strconv.AppendQuote(b, g.addrs[o.addr])
	}
	b = append(b, `], "value": `...)
	b = strconv.AppendUint(b, o.value, 10)
	return append(b, '}')
}

// appendCounts writes bitcoin-etl's summary fields and ends the line.
func (g *graph) appendCounts(b []byte, x *tx, outValue uint64) []byte {
	b = append(b, `], "input_count": `...)
	b = strconv.AppendInt(b, int64(len(x.ins)), 10)
	b = append(b, `, "output_count": `...)
	b = strconv.AppendInt(b, int64(len(x.outs)), 10)
	b = append(b, `, "input_value": `...)
	b = strconv.AppendUint(b, x.inValue, 10)
	b = append(b, `, "output_value": `...)
	b = strconv.AppendUint(b, outValue, 10)
	b = append(b, `, "fee": `...)
	var fee uint64
	if len(x.ins) > 0 {
		fee = x.inValue - outValue
	}
	b = strconv.AppendUint(b, fee, 10)
	return append(b, "}\n"...)
}
