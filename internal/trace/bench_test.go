package trace_test

import (
	"math/big"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

// benchStore is a simulated heist inside TRACE_BENCH_BACKGROUND background
// transfers (default 2,000,000), built once per run.
var benchStore struct {
	once   sync.Once
	st     *store.Store
	labels *intel.Index
	tr     sim.Truth
	dir    string
	err    error
}

func loadBench(b *testing.B) (*store.Store, *intel.Index, sim.Truth) {
	b.Helper()
	benchStore.once.Do(func() {
		n := 2000000
		if v, err := strconv.Atoi(os.Getenv("TRACE_BENCH_BACKGROUND")); err == nil {
			n = v
		}
		dir, err := os.MkdirTemp("", "vigil-trace-bench")
		if err != nil {
			benchStore.err = err
			return
		}
		benchStore.dir = dir
		benchStore.err = buildBench(dir, n)
	})
	if benchStore.err != nil {
		b.Fatal(benchStore.err)
	}
	return benchStore.st, benchStore.labels, benchStore.tr
}

func buildBench(dir string, n int) error {
	out := filepath.Join(dir, "sim")
	if _, err := sim.Eth(out, sim.Config{Seed: 42, Background: n}); err != nil {
		return err
	}
	st, err := store.Open(filepath.Join(dir, "store"), nil)
	if err != nil {
		return err
	}
	eth, _ := chain.Lookup("eth")
	if _, err := ingest.EthereumETL(st, out, ingest.Options{Chain: eth}); err != nil {
		return err
	}
	f, err := os.Open(filepath.Join(out, "labels.csv"))
	if err != nil {
		return err
	}
	defer f.Close()
	ls, err := csvlabels.ReadCSV(f, "labels.csv", csvlabels.Options{})
	if err != nil {
		return err
	}
	benchStore.st, benchStore.labels = st, intel.NewIndex(ls)
	tr, err := readTruthFile(filepath.Join(out, "truth.json"))
	benchStore.tr = tr
	os.RemoveAll(out)
	return err
}

func TestMain(m *testing.M) {
	code := m.Run()
	if benchStore.st != nil {
		benchStore.st.Close()
	}
	if benchStore.dir != "" {
		os.RemoveAll(benchStore.dir)
	}
	os.Exit(code)
}

// BenchmarkTraceAccount traces the whole simulated heist (index already
// built and mapped, labels resolved per run).
func BenchmarkTraceAccount(b *testing.B) {
	st, labels, tr := loadBench(b)
	eth, _ := chain.Lookup("eth")
	q := trace.Query{Chain: eth, Seeds: tr.Seeds, SinceBlock: tr.TheftBlock}
	if _, err := trace.Run(st, q, labels); err != nil { // builds the index once
		b.Fatal(err)
	}
	b.ResetTimer()
	var res *trace.Result
	for i := 0; i < b.N; i++ {
		var err error
		if res, err = trace.Run(st, q, labels); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(res.Stats.TransfersVisited), "transfers")
	b.ReportMetric(float64(len(res.Endpoints)), "endpoints")
}

// BenchmarkIndexBuild builds the graph index of the whole store in memory
// (what an index update does before writing the segment files).
func BenchmarkIndexBuild(b *testing.B) {
	st, _, _ := loadBench(b)
	eth, _ := chain.Lookup("eth")
	b.ResetTimer()
	rows := 0
	for i := 0; i < b.N; i++ {
		segs, err := graph.BuildSegments(st, eth, 0, ^uint64(0))
		if err != nil {
			b.Fatal(err)
		}
		rows = 0
		for _, s := range segs {
			rows += s.Len()
		}
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "transfers/s")
}

// naiveMove is how a straightforward tracer holds a transfer.
type naiveMove struct {
	from, to, asset string
	amount          *big.Int
	block           uint64
}

// BenchmarkNaiveTrace is the baseline: the same haircut trace as a replay
// of every transfer with maps of strings and big.Ints (moves preloaded).
func BenchmarkNaiveTrace(b *testing.B) {
	st, _, tr := loadBench(b)
	moves := loadNaive(b, st)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		naiveHaircut(moves, tr.Seeds, tr.TheftBlock)
	}
}

func loadNaive(b *testing.B, st *store.Store) []naiveMove {
	eth, _ := chain.Lookup("eth")
	d, _ := st.Addresses(eth)
	var moves []naiveMove
	err := st.ScanAccount(eth, 0, ^uint64(0), func(blk *chain.AccountBlock) error {
		for _, t := range blk.Transfers {
			f, _ := store.AddressName(eth, d, t.From)
			to, _ := store.AddressName(eth, d, t.To)
			moves = append(moves, naiveMove{f, to, strconv.Itoa(int(t.Asset)), t.Amount.Big(), blk.Header.Number})
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return moves
}

// naiveHaircut replays every move, keeping every address's balance.
func naiveHaircut(moves []naiveMove, seeds []string, since uint64) map[string]*big.Int {
	type bal struct{ all, taint *big.Int }
	seed := map[string]bool{}
	for _, s := range seeds {
		seed[s] = true
	}
	state := map[string]*bal{}
	get := func(a, asset string) *bal {
		k := a + "/" + asset
		s := state[k]
		if s == nil {
			s = &bal{new(big.Int), new(big.Int)}
			state[k] = s
		}
		return s
	}
	for _, m := range moves {
		src, dst := get(m.from, m.asset), get(m.to, m.asset)
		t := new(big.Int)
		switch {
		case seed[m.from] && m.block >= since:
			t.Set(m.amount)
		case src.all.Sign() > 0 && src.taint.Sign() > 0:
			if m.amount.Cmp(src.all) >= 0 {
				t.Set(src.taint)
			} else {
				t.Mul(m.amount, src.taint).Quo(t, src.all)
			}
		}
		src.all.Sub(src.all, m.amount)
		src.taint.Sub(src.taint, t)
		dst.all.Add(dst.all, m.amount)
		dst.taint.Add(dst.taint, t)
	}
	out := map[string]*big.Int{}
	for k, s := range state {
		if s.taint.Sign() > 0 {
			out[k] = s.taint
		}
	}
	return out
}
