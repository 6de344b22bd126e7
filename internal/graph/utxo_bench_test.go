package graph

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// benchUTXOChain commits a random Bitcoin-like chain of about 1M outputs:
// 2,000 blocks of 250 transactions spending 1–3 random unspent outputs and
// paying 2 of 100k addresses. It returns the store and the output count.
func benchUTXOChain(b *testing.B) (*store.Store, int) {
	st := openStore(b)
	d, err := st.Addresses(btc)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]chain.AddrID, 100000)
	for i := range ids {
		ids[i] = chain.AddrID(d.Intern([]byte(fmt.Sprintf("1Bench%07d", i))))
	}
	r := rand.New(rand.NewPCG(7, 8))
	type coin struct {
		h chain.Hash
		n uint32
		v uint64
	}
	var live []coin
	var blocks []chain.UTXOBlock
	outputs := 0
	for n := 0; n < 2000; n++ {
		blk := chain.UTXOBlock{Header: chain.BlockHeader{Number: uint64(n)}}
		for k := 0; k <= 250; k++ {
			tx := chain.UTXOTx{Hash: utxoHash(n*1000 + k), Index: uint32(k), Coinbase: k == 0}
			in := uint64(5000000000)
			if k > 0 && len(live) > 3 {
				in = 0
				for j := 1 + r.IntN(3); j > 0; j-- {
					i := r.IntN(len(live))
					c := live[i]
					live[i], live = live[len(live)-1], live[:len(live)-1]
					tx.Inputs = append(tx.Inputs, chain.UTXOInput{SpentTx: c.h, SpentIndex: c.n})
					in += c.v
				}
			} else if k > 0 {
				continue
			}
			pay := r.Uint64N(in + 1)
			tx.Outputs = []chain.UTXOOutput{{Index: 0, Addr: ids[r.IntN(len(ids))], Value: pay}, {Index: 1, Addr: ids[r.IntN(len(ids))], Value: in - pay}}
			live = append(live, coin{tx.Hash, 0, pay}, coin{tx.Hash, 1, in - pay})
			outputs += 2
			blk.Txs = append(blk.Txs, tx)
		}
		blocks = append(blocks, blk)
	}
	if _, err := st.CommitUTXO(btc, d, blocks, &store.CommitOptions{NoSync: true}); err != nil {
		b.Fatal(err)
	}
	return st, outputs
}

// BenchmarkUTXOBuild builds the UTXO index of a 1M-output chain from the
// store as OpenUTXO does (parallel parts, files written and mapped) and
// reports outputs per second and bytes per output. The same figure on the
// trace benchmark's chain: internal/trace BenchmarkUTXOIndexBuild.
func BenchmarkUTXOBuild(b *testing.B) {
	st, outputs := benchUTXOChain(b)
	dir := filepath.Join(st.Dir(), "graph", "btc")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		os.RemoveAll(dir)
		x, err := OpenUTXO(st, btc)
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
	b.StopTimer()
	var size int64
	files, _ := filepath.Glob(filepath.Join(dir, "utxo-*"))
	for _, f := range files {
		if fi, err := os.Stat(f); err == nil {
			size += fi.Size()
		}
	}
	b.ReportMetric(float64(outputs)*float64(b.N)/b.Elapsed().Seconds(), "outputs/s")
	b.ReportMetric(float64(size)/float64(outputs), "B/output")
	b.ReportMetric(float64(outputs), "outputs")
}

// BenchmarkUTXOBuildMemory is BenchmarkUTXOBuild without writing, syncing
// and mapping the segment files: the in-memory build an update starts
// with (the figure comparable to the account index's BenchmarkIndexBuild).
func BenchmarkUTXOBuildMemory(b *testing.B) {
	st, outputs := benchUTXOChain(b)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := buildUTXOParts(st, btc, nil, 0, ^uint64(0), utxoParts(MaxSegments)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(outputs)*float64(b.N)/b.Elapsed().Seconds(), "outputs/s")
}
