package taintedtx

import (
	"bufio"
	"io"
	"math"

	"github.com/vigil-project/vigil/internal/chain"
)

// Stats summarises a conversion. Values are satoshi.
type Stats struct {
	Txs         int // transactions written
	CoinbaseTxs int // of which coinbase (one per block)
	Blocks      int // distinct blocks
	Inputs      int // inputs of non-coinbase transactions
	Outputs     int // distinct outputs
	// DuplicateRows counts identical repeated rows of tx_output.csv that
	// were dropped.
	DuplicateRows int
	// RestoredHashes counts 63-digit hashes completed with their final "b".
	RestoredHashes int
	OutputValue    uint64 // sum of all output values
	InputValue     uint64 // sum of all input values
	CoinbaseValue  uint64 // sum of the outputs of coinbase transactions
	Fees           uint64 // sum of (inputs - outputs) of non-coinbase txs
}

// tx is one transaction of the graph.
type tx struct {
	hash    chain.Hash
	height  uint64
	pos     uint32 // index in its block
	outs    []output
	ins     []input
	inValue uint64
}

// output is one output; addr indexes graph.addrs (-1: none).
type output struct {
	value   uint64
	addr    int32
	typ     uint8
	set     bool
	spender int64 // spent_index column: spending tx_index or -1
	spent   bool  // spent by an input of this data
}

// input spends output vout of transaction tx (an index into graph.txs).
type input struct {
	tx   int
	vout uint32
}

// graph is the whole data set in memory.
type graph struct {
	dir   string
	base  uint64 // tx_index of txs[0]
	txs   []tx
	addrs []string
	byRef map[uint64]int32 // adr_index -> addrs index
	st    Stats
}

// Convert reads the five CSV files of a taintedtx year folder in dir and
// writes one bitcoin-etl transaction line per transaction to w, ordered
// by (block, index). Problems in the data are *inputerr.Error values.
func Convert(dir string, w io.Writer) (Stats, error) {
	g := &graph{dir: dir}
	for _, step := range []func() error{g.readHashes, g.readHeights, g.readAddrs, g.readOutputs, g.readInputs, g.check} {
		if err := step(); err != nil {
			return Stats{}, err
		}
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if err := g.write(bw); err != nil {
		return Stats{}, err
	}
	if err := bw.Flush(); err != nil {
		return Stats{}, err
	}
	return g.st, nil
}

// txAt maps a tx_index to an index of g.txs, or -1 when outside the data.
func (g *graph) txAt(txIndex uint64) int {
	if txIndex < g.base || txIndex-g.base >= uint64(len(g.txs)) {
		return -1
	}
	return int(txIndex - g.base)
}

// add returns a+b and whether it overflowed.
func add(a, b uint64) (uint64, bool) {
	if a > math.MaxUint64-b {
		return 0, true
	}
	return a + b, false
}
