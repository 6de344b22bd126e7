package taintedtx

import (
	"io"
	"math"
	"path/filepath"

	"github.com/vigil-project/vigil/internal/inputerr"
)

// maxVout bounds output positions (a block holds far fewer outputs).
const maxVout = 1 << 20

// readOutputs loads tx_output.csv.
func (g *graph) readOutputs() error {
	t, err := readTable(g.dir, "tx_output.csv", "output_index", "tx_index", "adr_index", "output_value", "spent_index")
	if err != nil {
		return err
	}
	for {
		rec, err := t.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := g.output(t, rec); err != nil {
			return err
		}
	}
}

func (g *graph) output(t *table, rec []string) error {
	txIndex, err := t.uint(rec, 1, "tx_index", math.MaxInt64)
	if err != nil {
		return err
	}
	i := g.txAt(txIndex)
	if i < 0 {
		return t.errf("tx_index %d not in tx_hash.csv", txIndex)
	}
	vout, err := t.vout(rec[0], txIndex)
	if err != nil {
		return err
	}
	if vout >= maxVout {
		return t.errf("output_index %s: position %d too large", rec[0], vout)
	}
	o := output{}
	if o.addr, o.typ, err = g.lookupAddr(t, rec[2]); err != nil {
		return err
	}
	if o.value, err = t.uint(rec, 3, "output_value", math.MaxInt64); err != nil {
		return err
	}
	if o.spender, err = t.spender(rec[4]); err != nil {
		return err
	}
	o.set = true
	x := &g.txs[i]
	for uint32(len(x.outs)) <= vout {
		x.outs = append(x.outs, output{})
	}
	if prev := x.outs[vout]; prev.set {
		if prev != o {
			return t.errf("output %d of tx %d given twice with different data", vout, txIndex)
		}
		g.st.DuplicateRows++
		return nil
	}
	x.outs[vout] = o
	g.st.Outputs++
	return nil
}

// readInputs loads tx_input.csv and links inputs to the outputs they spend.
func (g *graph) readInputs() error {
	t, err := readTable(g.dir, "tx_input.csv", "output_index", "tx_index", "adr_index", "input_value", "spent_index")
	if err != nil {
		return err
	}
	for {
		rec, err := t.next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := g.input(t, rec); err != nil {
			return err
		}
	}
}

func (g *graph) input(t *table, rec []string) error {
	spender, err := t.uint(rec, 1, "tx_index", math.MaxInt64)
	if err != nil {
		return err
	}
	spentTx, err := t.uint(rec, 4, "spent_index", math.MaxInt64)
	if err != nil {
		return err
	}
	si, ti := g.txAt(spentTx), g.txAt(spender)
	switch {
	case ti < 0:
		return t.errf("tx_index %d not in tx_hash.csv", spender)
	case si < 0:
		return t.errf("spends an output of tx %d, which is not in this data", spentTx)
	case si >= ti:
		return t.errf("tx %d spends an output of tx %d, which is not earlier", spender, spentTx)
	}
	vout, err := t.vout(rec[0], spentTx)
	if err != nil {
		return err
	}
	src := &g.txs[si]
	if vout >= uint32(len(src.outs)) || !src.outs[vout].set {
		return t.errf("spends output %d of tx %d, which does not exist", vout, spentTx)
	}
	o := &src.outs[vout]
	if o.spent {
		return t.errf("output %d of tx %d is spent twice", vout, spentTx)
	}
	o.spent = true
	if o.spender != int64(spender) {
		return t.errf("output %d of tx %d: tx_output.csv says spent_index %d, this input is in tx %d",
			vout, spentTx, o.spender, spender)
	}
	if err := g.sameAsOutput(t, rec, o); err != nil {
		return err
	}
	x := &g.txs[ti]
	x.ins = append(x.ins, input{tx: si, vout: vout})
	var of bool
	if x.inValue, of = add(x.inValue, o.value); of {
		return t.errf("input sum of tx %d overflows", spender)
	}
	g.st.Inputs++
	return nil
}

// sameAsOutput checks the input's copies of address and value.
func (g *graph) sameAsOutput(t *table, rec []string, o *output) error {
	addr, typ, err := g.lookupAddr(t, rec[2])
	if err != nil {
		return err
	}
	value, err := t.uint(rec, 3, "input_value", math.MaxInt64)
	if err != nil {
		return err
	}
	if addr != o.addr || typ != o.typ || value != o.value {
		return t.errf("adr_index %s / input_value %d differ from the spent output", rec[2], value)
	}
	return nil
}

// check applies the whole-graph rules and computes the totals.
func (g *graph) check() error {
	outFile := filepath.Join(g.dir, "tx_output.csv")
	for i := range g.txs {
		x := &g.txs[i]
		txIndex := g.base + uint64(i)
		if len(x.outs) == 0 {
			return inputerr.New(outFile, 0, "tx %d has no outputs", txIndex)
		}
		var outValue uint64
		for v, o := range x.outs {
			if !o.set {
				return inputerr.New(outFile, 0, "tx %d: output %d missing (outputs are not 0..%d)", txIndex, v, len(x.outs)-1)
			}
			if o.spender >= 0 && g.txAt(uint64(o.spender)) >= 0 && !o.spent {
				return inputerr.New(outFile, 0, "output %d of tx %d: spent_index %d, but that tx has no such input", v, txIndex, o.spender)
			}
			var of bool
			if outValue, of = add(outValue, o.value); of {
				return inputerr.New(outFile, 0, "output sum of tx %d overflows", txIndex)
			}
		}
		if err := g.tally(x, txIndex, outValue); err != nil {
			return err
		}
	}
	return nil
}

// tally classifies x as coinbase or not and adds it to the totals.
func (g *graph) tally(x *tx, txIndex, outValue uint64) error {
	in := filepath.Join(g.dir, "tx_input.csv")
	coinbase := len(x.ins) == 0
	if coinbase != (x.pos == 0) {
		return inputerr.New(in, 0, "tx %d at position %d of block %d has %d inputs: only a block's first transaction may (and must) have none",
			txIndex, x.pos, x.height, len(x.ins))
	}
	g.st.Txs++
	var of1, of2, of3 bool
	g.st.OutputValue, of1 = add(g.st.OutputValue, outValue)
	if coinbase {
		g.st.CoinbaseTxs++
		g.st.CoinbaseValue, of2 = add(g.st.CoinbaseValue, outValue)
	} else {
		if x.inValue < outValue {
			return inputerr.New(in, 0, "tx %d pays out %d but takes in %d", txIndex, outValue, x.inValue)
		}
		g.st.InputValue, of2 = add(g.st.InputValue, x.inValue)
		g.st.Fees, of3 = add(g.st.Fees, x.inValue-outValue)
	}
	if of1 || of2 || of3 {
		return inputerr.New(in, 0, "value sums overflow at tx %d", txIndex)
	}
	return nil
}
