package trace

import (
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/vigil-project/vigil/internal/graph"
)

// BenchmarkScanRows measures the tracer's pass over rows that touch no
// tainted address — the part of a trace that grows with the store — on a
// synthetic segment of SCAN_BENCH_ROWS rows (default 100,000,000; 16 bytes
// a row in memory) over 50M addresses, with 10,000 tainted addresses.
// Together with the heist-dependent part measured by
// BenchmarkTraceAccount it gives the cost of a trace on a store of that
// size.
func BenchmarkScanRows(b *testing.B) {
	n := 100_000_000
	if v, err := strconv.Atoi(os.Getenv("SCAN_BENCH_ROWS")); err == nil {
		n = v
	}
	const addrs = 50_000_000
	rng := rand.New(rand.NewPCG(1, 2))
	seg := &graph.Segment{NAddr: addrs, From: make([]uint32, n), To: make([]uint32, n), Block: make([]uint32, n), Tx: make([]uint32, n)}
	for i := range n {
		seg.From[i], seg.To[i] = uint32(rng.IntN(addrs-20000)+20000), uint32(rng.IntN(addrs-20000)+20000)
		seg.Block[i], seg.Tx[i] = uint32(i/200), uint32(i%200)
	}
	x := &graph.Index{Segs: []*graph.Segment{seg}, Base: []uint32{0}, Rows: n}
	a := newAcct(x, Query{}, NewLabels(nil), nil)
	for id := uint32(1); id <= 10000; id++ {
		a.setHot(id)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		a.visited = 0
		a.run()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e6, "Mrows/s")
}
