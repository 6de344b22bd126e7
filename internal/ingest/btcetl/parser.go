package btcetl

import (
	"errors"
	"fmt"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
)

// parser holds the state of one Parse or ParsePath call.
type parser struct {
	opts Options
	s    scanner
	ins  []chain.UTXOInput  // inputs of the current line
	outs []chain.UTXOOutput // outputs of the current line
	addr []byte             // address join buffer

	inSlab  []chain.UTXOInput // arenas the returned slices are cut from
	outSlab []chain.UTXOOutput

	blocks   map[uint64]*blockAcc
	last     *blockAcc // block of the previous line (a cache)
	files    []string  // file names, indexed by txAcc.file
	txsTotal int
}

// slab sizes: one allocation per this many inputs/outputs.
const slabSize = 1 << 14

func newParser(opts Options) (*parser, error) {
	if opts.Chain.Kind != chain.UTXO {
		return nil, inputerr.Usagef("bitcoin-etl: chain %q is not a UTXO chain", opts.Chain.Name)
	}
	if opts.Addrs == nil {
		return nil, errors.New("btcetl: Options.Addrs is nil")
	}
	return &parser{opts: opts, blocks: make(map[uint64]*blockAcc)}, nil
}

var (
	errCoinbaseInputs = errors.New("coinbase transaction has inputs")
	errNoInputs       = errors.New("transaction is not coinbase and has no inputs")
)

// finishTx checks a decoded transaction and moves its inputs and outputs
// into the arenas.
func (p *parser) finishTx(rec *record, seen int) error {
	for _, f := range [...]struct {
		bit  int
		name string
	}{{fHash, "hash"}, {fBlockNumber, "block_number"}, {fOutputs, "outputs"}} {
		if seen&f.bit == 0 {
			return ferr(top(f.name), errMissing)
		}
	}
	if rec.tx.Coinbase && len(p.ins) > 0 {
		return ferr(top("inputs"), errCoinbaseInputs)
	}
	if !rec.tx.Coinbase && len(p.ins) == 0 {
		return ferr(top("inputs"), errNoInputs)
	}
	if err := sortOutputs(p.outs); err != nil {
		return err
	}
	rec.tx.Inputs = p.cutInputs(len(p.ins))
	copy(rec.tx.Inputs, p.ins)
	rec.tx.Outputs = p.cutOutputs(len(p.outs))
	copy(rec.tx.Outputs, p.outs)
	return nil
}

// sortOutputs orders outputs by index and rejects duplicate indexes.
func sortOutputs(outs []chain.UTXOOutput) error {
	sorted := true
	for i := 1; i < len(outs); i++ {
		if outs[i].Index <= outs[i-1].Index {
			sorted = false
			break
		}
	}
	if sorted {
		return nil
	}
	first := make(map[uint32]int, len(outs))
	for i, o := range outs {
		if j, dup := first[o.Index]; dup {
			return ferr(fpath{"outputs", i, "index"},
				fmt.Errorf("duplicate index %d (also outputs[%d])", o.Index, j))
		}
		first[o.Index] = i
	}
	slices.SortStableFunc(outs, func(a, b chain.UTXOOutput) int {
		return int(int64(a.Index) - int64(b.Index))
	})
	return nil
}

// cutInputs returns n inputs from the arena (nil for none).
func (p *parser) cutInputs(n int) []chain.UTXOInput {
	if n == 0 {
		return nil
	}
	if cap(p.inSlab)-len(p.inSlab) < n {
		p.inSlab = make([]chain.UTXOInput, 0, max(n, slabSize))
	}
	l := len(p.inSlab)
	p.inSlab = p.inSlab[:l+n]
	return p.inSlab[l : l+n : l+n]
}

// cutOutputs returns n outputs from the arena (nil for none).
func (p *parser) cutOutputs(n int) []chain.UTXOOutput {
	if n == 0 {
		return nil
	}
	if cap(p.outSlab)-len(p.outSlab) < n {
		p.outSlab = make([]chain.UTXOOutput, 0, max(n, slabSize))
	}
	l := len(p.outSlab)
	p.outSlab = p.outSlab[:l+n]
	return p.outSlab[l : l+n : l+n]
}
