package trace

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
)

// Synthetic Bitcoin-like chain for the benchmarks: every block has a
// coinbase and synthTxs background transactions, each spending 1–3 random
// unspent background outputs and paying a random address (uniform over
// synthAddrs, the first 10 being exchange wallets of 3 exchanges) and
// change to another. The seed gets a large coinbase in synthHeistBlock;
// from the next block on, synthHeistTxs heist transactions per block each
// split a heist coin in two: to a fresh attacker address (back into the
// heist pool), and, one time in five each, to an exchange wallet or to a
// fresh deposit address that the next block sweeps to an exchange wallet.
// Contained, the background never spends heist coins (the realistic case:
// the trace visits the heist only). Viral, heist coins join the background
// pool, so the taint spreads into most of the chain after the heist.
const (
	synthBlocks     = 2800
	synthTxs        = 200
	synthHeistTxs   = 20
	synthAddrs      = 200000
	synthHeistBlock = 500
)

type synthCoin struct {
	tx    chain.Hash
	vout  uint32
	value uint64
}

func synthHash(blk, pos int) chain.Hash {
	var h chain.Hash
	h[0], h[1], h[2], h[3], h[4], h[31] = byte(blk), byte(blk>>8), byte(blk>>16), byte(pos), byte(pos>>8), 0xee
	return h
}

func synthName(i int) string { return fmt.Sprintf("1Synth%08d", i) }

// synthGen generates the synthetic chain.
type synthGen struct {
	r              *rand.Rand
	d              *store.Dict
	viral          bool
	live, heist    []synthCoin
	deposits       []synthCoin // to be swept in the next block
	fresh, outputs int
}

func (g *synthGen) addr(i int) chain.AddrID { return chain.AddrID(g.d.Intern([]byte(synthName(i)))) }

// attacker returns a fresh address (numbered above the background's).
func (g *synthGen) attacker() chain.AddrID {
	g.fresh++
	return g.addr(synthAddrs + g.fresh)
}

func take(r *rand.Rand, pool *[]synthCoin) synthCoin {
	p := *pool
	i := r.IntN(len(p))
	c := p[i]
	p[i] = p[len(p)-1]
	*pool = p[:len(p)-1]
	return c
}

func (g *synthGen) block(n int) chain.UTXOBlock {
	blk := chain.UTXOBlock{Header: chain.BlockHeader{Number: uint64(n)}}
	cb := chain.UTXOTx{Hash: synthHash(n, 0), Coinbase: true, Outputs: []chain.UTXOOutput{{Addr: g.addr(1 + g.r.IntN(synthAddrs)), Value: 5000000000}}}
	pool := &g.live
	if n == synthHeistBlock {
		cb.Outputs[0] = chain.UTXOOutput{Addr: g.addr(0), Value: 1 << 50}
		pool = &g.heist
	}
	g.add(&blk, cb, pool)
	for _, c := range g.deposits { // sweeps
		tx := chain.UTXOTx{Inputs: []chain.UTXOInput{{SpentTx: c.tx, SpentIndex: c.vout}},
			Outputs: []chain.UTXOOutput{{Addr: g.addr(1 + g.r.IntN(10)), Value: c.value - min(c.value/1000, 10000)}}}
		g.add(&blk, tx, &g.live)
	}
	g.deposits = g.deposits[:0]
	for k := 0; k < synthTxs && len(g.live) > 3; k++ {
		g.background(&blk)
	}
	for k := 0; k < synthHeistTxs && len(g.heist) > 0; k++ {
		g.heistTx(&blk)
	}
	return blk
}

// add appends tx to blk (setting its hash and index) and puts its outputs
// into pool.
func (g *synthGen) add(blk *chain.UTXOBlock, tx chain.UTXOTx, pool *[]synthCoin) chain.Hash {
	n := len(blk.Txs)
	tx.Hash, tx.Index = synthHash(int(blk.Header.Number), n), uint32(n)
	for k := range tx.Outputs {
		tx.Outputs[k].Index = uint32(k)
		if pool != nil {
			*pool = append(*pool, synthCoin{tx.Hash, uint32(k), tx.Outputs[k].Value})
		}
	}
	g.outputs += len(tx.Outputs)
	blk.Txs = append(blk.Txs, tx)
	return tx.Hash
}

func (g *synthGen) background(blk *chain.UTXOBlock) {
	var tx chain.UTXOTx
	in := uint64(0)
	for j := 1 + g.r.IntN(3); j > 0; j-- {
		c := take(g.r, &g.live)
		tx.Inputs = append(tx.Inputs, chain.UTXOInput{SpentTx: c.tx, SpentIndex: c.vout})
		in += c.value
	}
	fee := min(in/1000, 10000)
	pay := g.r.Uint64N(in - fee + 1)
	tx.Outputs = []chain.UTXOOutput{{Addr: g.addr(1 + g.r.IntN(synthAddrs)), Value: pay},
		{Addr: g.addr(1 + g.r.IntN(synthAddrs)), Value: in - fee - pay}}
	g.add(blk, tx, &g.live)
}

// heistTx splits a heist coin: most to a fresh attacker address, a tenth
// to another one, an exchange wallet or a deposit address.
func (g *synthGen) heistTx(blk *chain.UTXOBlock) {
	c := take(g.r, &g.heist)
	fee := min(c.value/1000, 10000)
	part := c.value / 10
	tx := chain.UTXOTx{Inputs: []chain.UTXOInput{{SpentTx: c.tx, SpentIndex: c.vout}},
		Outputs: []chain.UTXOOutput{{Addr: g.attacker(), Value: c.value - fee - part}}}
	pool := &g.heist
	if g.viral && g.r.IntN(2) == 0 {
		pool = &g.live
	}
	switch g.r.IntN(5) {
	case 0:
		tx.Outputs = append(tx.Outputs, chain.UTXOOutput{Addr: g.addr(1 + g.r.IntN(10)), Value: part})
		g.add(blk, tx, nil)
		g.live = append(g.live, synthCoin{blk.Txs[len(blk.Txs)-1].Hash, 1, part})
	case 1:
		tx.Outputs = append(tx.Outputs, chain.UTXOOutput{Addr: g.attacker(), Value: part})
		h := g.add(blk, tx, nil)
		g.deposits = append(g.deposits, synthCoin{h, 1, part})
	default:
		tx.Outputs = append(tx.Outputs, chain.UTXOOutput{Addr: g.attacker(), Value: part})
		g.add(blk, tx, nil)
		*pool = append(*pool, synthCoin{blk.Txs[len(blk.Txs)-1].Hash, 1, part})
	}
	*pool = append(*pool, synthCoin{blk.Txs[len(blk.Txs)-1].Hash, 0, c.value - fee - part})
}

// synthUTXO commits the synthetic chain to a new store and returns it
// with its labels and the number of outputs.
func synthUTXO(b *testing.B, viral bool) (*store.Store, *intel.Index, int) {
	b.Helper()
	st, err := store.Open(b.TempDir(), nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	d, err := st.Addresses(btcChain)
	if err != nil {
		b.Fatal(err)
	}
	g := &synthGen{r: rand.New(rand.NewPCG(42, 43)), d: d, viral: viral}
	for i := 0; i <= synthAddrs; i++ {
		g.addr(i) // background addresses first: attackers come after
	}
	blocks := make([]chain.UTXOBlock, 0, synthBlocks)
	for n := 0; n < synthBlocks; n++ {
		blocks = append(blocks, g.block(n))
	}
	if _, err := st.CommitUTXO(btcChain, d, blocks, &store.CommitOptions{NoSync: true}); err != nil {
		b.Fatal(err)
	}
	var ls []intel.Label
	for i := 1; i <= 10; i++ {
		ls = append(ls, intel.Label{Chain: "btc", Address: synthName(i), Entity: fmt.Sprintf("Ex%d", i%3),
			Category: intel.Exchange, Confidence: 90})
	}
	return st, intel.NewIndex(ls), g.outputs
}

// BenchmarkUTXOIndexBuild builds the UTXO index of the synthetic chain
// from the store (scan, columns, CSR, file write, map) and reports
// outputs per second and index bytes per output.
func BenchmarkUTXOIndexBuild(b *testing.B) {
	st, _, outputs := synthUTXO(b, false)
	dir := filepath.Join(st.Dir(), "graph", "btc")
	b.ResetTimer()
	var size int64
	for i := 0; i < b.N; i++ {
		os.RemoveAll(dir)
		x, err := graph.OpenUTXO(st, btcChain)
		if err != nil {
			b.Fatal(err)
		}
		x.Close()
	}
	b.StopTimer()
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

// BenchmarkTraceUTXO traces the synthetic heist (haircut) over the built
// index, and runs the naive replay (maps keyed by outpoint, one struct per
// output, no index) once per iteration for the ratio: contained (the
// realistic case) and viral (taint spreading into most of the chain).
func BenchmarkTraceUTXO(b *testing.B) {
	for _, viral := range []bool{false, true} {
		name := map[bool]string{false: "contained", true: "viral"}[viral]
		b.Run(name, func(b *testing.B) { benchTrace(b, viral) })
	}
}

func benchTrace(b *testing.B, viral bool) {
	st, labels, outputs := synthUTXO(b, viral)
	q := Query{Chain: btcChain, Seeds: []string{synthName(0)}, SinceBlock: synthHeistBlock, MaxHops: 1 << 20}
	res, err := Run(st, q, labels) // builds the index
	if err != nil {
		b.Fatal(err)
	}
	d, _ := st.Addresses(btcChain)
	lab, _ := LoadLabels(labels, btcChain, d)
	seed, _, _ := d.Lookup([]byte(q.Seeds[0]))
	var engine, naive time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		if res, err = Run(st, q, labels); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		ref, err := naiveTrace(st, q, lab, []uint32{seed})
		if err != nil {
			b.Fatal(err)
		}
		engine, naive = engine+t1.Sub(t0), naive+time.Since(t1)
		if len(ref.ends) != len(res.Endpoints) || len(ref.rest) != len(res.Resting) || len(res.Endpoints) == 0 {
			b.Fatalf("engine %d endpoints %d resting, naive %d %d", len(res.Endpoints), len(res.Resting), len(ref.ends), len(ref.rest))
		}
	}
	b.StopTimer()
	n := float64(b.N)
	b.ReportMetric(traverseAllocs(b, st, q, lab, seed), "traverse-allocs/visited")
	b.ReportMetric(float64(engine.Microseconds())/1000/n, "engine-ms")
	b.ReportMetric(float64(naive.Microseconds())/1000/n, "naive-ms")
	b.ReportMetric(float64(naive)/float64(engine), "ratio")
	b.ReportMetric(float64(res.Stats.TransfersVisited), "visited")
	b.ReportMetric(float64(res.Stats.Addresses), "tainted-addrs")
	b.ReportMetric(float64(len(res.Endpoints)), "endpoints")
	b.ReportMetric(float64(outputs), "outputs")
}

// traverseAllocs runs the traversal alone (no result strings) and returns
// its heap allocations per output or input visited: growth of the flat
// tables and slices only.
func traverseAllocs(b *testing.B, st *store.Store, q Query, lab *Labels, seed uint32) float64 {
	x, err := graph.OpenUTXO(st, q.Chain)
	if err != nil {
		b.Fatal(err)
	}
	defer x.Close()
	u := newUTXOTrace(x, q, lab, []uint32{seed})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	u.run()
	runtime.ReadMemStats(&after)
	return float64(after.Mallocs-before.Mallocs) / float64(max(u.visited, 1))
}
