package ethetl

import (
	"bytes"
	"os"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/sim"
)

// benchSimBackground sizes the simulated export of the per-file
// benchmarks: about 220k transactions and 260k trace rows.
const benchSimBackground = 300_000

// benchSim writes a simulated export for a benchmark.
func benchSim(b *testing.B) string {
	dir := b.TempDir()
	if _, err := sim.Eth(dir, sim.Config{Seed: 3, Background: benchSimBackground}); err != nil {
		b.Fatal(err)
	}
	return dir
}

// benchFileParse times the parse of one file of dir (kind), sequential
// or in parts (GOMAXPROCS), after the files ParseDir reads before it
// and the hash index of their transactions (untimed): each iteration
// starts from a fresh parser and interners.
func benchFileParse(b *testing.B, dir string, kind int, parallel bool) {
	oldMin, oldParts := parallelMin, parallelParts
	defer func() { parallelMin, parallelParts = oldMin, oldParts }()
	parallelMin, parallelParts = 1<<62, 0
	if parallel {
		parallelMin = 1
	}
	files, err := findFiles(dir)
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(files[kind])
	if err != nil {
		b.Fatal(err)
	}
	rows := bytes.Count(data, []byte{'\n'}) - 1
	data = nil
	eth, _ := chain.Lookup("eth")
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		b.StopTimer()
		p := newParser(Options{Chain: eth, Addrs: newFlat(), Tokens: newFlat()}, files)
		steps := map[int]func(*table) error{fileTransactions: p.transactions, fileReceipts: p.receipts, fileTraces: p.traces}
		for k := fileTransactions; k < kind; k++ {
			if steps[k] != nil {
				if err := p.run(files[k], fileColumns[k], steps[k]); err != nil {
					b.Fatal(err)
				}
			}
		}
		p.indexTxs() // byHash as the sequential parse leaves it (the parallel one defers it)
		b.StartTimer()
		if err := p.run(files[kind], fileColumns[kind], steps[kind]); err != nil {
			b.Fatal(err)
		}
		p.indexTxs() // timed: the parallel parse of transactions.csv defers it
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkParseTransactions: transactions.csv of a simulated export,
// sequential and in parts, in the same run.
func BenchmarkParseTransactions(b *testing.B) {
	dir := benchSim(b)
	b.Run("sequential", func(b *testing.B) { benchFileParse(b, dir, fileTransactions, false) })
	b.Run("parallel", func(b *testing.B) { benchFileParse(b, dir, fileTransactions, true) })
}

// BenchmarkParseReceipts: receipts.csv of a simulated export (after its
// transactions.csv, untimed), sequential and in parts, in the same run.
func BenchmarkParseReceipts(b *testing.B) {
	dir := benchSim(b)
	b.Run("sequential", func(b *testing.B) { benchFileParse(b, dir, fileReceipts, false) })
	b.Run("parallel", func(b *testing.B) { benchFileParse(b, dir, fileReceipts, true) })
}
