package screen_test

import (
	"fmt"
	"os"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/screen"
	"github.com/vigil-project/vigil/internal/sim"
)

// benchWorld is a simulated heist in SCREEN_BENCH_BACKGROUND background
// transfers (default 200,000), built once per run.
var benchWorld struct {
	once sync.Once
	w    *world
	dir  string
	err  error
}

func loadBench(b *testing.B) *world {
	b.Helper()
	benchWorld.once.Do(func() {
		n := 200000
		if v, err := strconv.Atoi(os.Getenv("SCREEN_BENCH_BACKGROUND")); err == nil {
			n = v
		}
		benchWorld.dir, benchWorld.err = os.MkdirTemp("", "vigil-screen-bench")
		if benchWorld.err == nil {
			benchWorld.w, benchWorld.err = simulate(benchWorld.dir, sim.Config{Seed: 42, Background: n, Commingle: true, ITWorkers: 40})
		}
	})
	if benchWorld.err != nil {
		b.Fatal(benchWorld.err)
	}
	return benchWorld.w
}

func TestMain(m *testing.M) {
	code := m.Run()
	if w := benchWorld.w; w != nil && w.st != nil {
		w.st.Close()
	}
	if benchWorld.dir != "" {
		os.RemoveAll(benchWorld.dir)
	}
	os.Exit(code)
}

// manyLabels is an index of n synthetic eth labels plus the given ones
// (direct screening against a realistically large label set).
func manyLabels(n int, extra []intel.Label) (*intel.Index, []string) {
	ls := append([]intel.Label(nil), extra...)
	addrs := make([]string, 0, 2*n)
	for i := 0; i < n; i++ {
		a := fmt.Sprintf("0x%040x", uint64(i)*0x9e3779b97f4a7c15)
		ls = append(ls, intel.Label{Chain: "eth", Address: a, Entity: "E", Category: intel.Sanctioned, Source: "bench", Importer: "csv", Confidence: 90})
		addrs = append(addrs, a, fmt.Sprintf("0x%040x", uint64(i)*0x9e3779b97f4a7c15+1)) // labeled, unlabeled
	}
	return intel.NewIndex(ls), addrs
}

// BenchmarkScreenDirect screens addresses (half labeled) for direct
// exposure: validation, lookup and grading, against 10,000 labels (an OFAC
// sized list, cache resident) and 1,000,000; serial and on all cores.
func BenchmarkScreenDirect(b *testing.B) {
	for _, n := range []int{10_000, 1_000_000} {
		labels, addrs := manyLabels(n, nil)
		s := screen.New(nil, labels, nil)
		o := screen.Options{DirectOnly: true}
		b.Run(fmt.Sprintf("labels=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if _, err := s.Screen(eth, addrs[i%len(addrs)], o); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "screens/s")
		})
		b.Run(fmt.Sprintf("labels=%d/parallel", n), func(b *testing.B) {
			b.RunParallel(func(pb *testing.PB) {
				for i := 0; pb.Next(); i++ {
					if _, err := s.Screen(eth, addrs[i%len(addrs)], o); err != nil {
						b.Error(err)
						return
					}
				}
			})
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "screens/s")
		})
		b.Run(fmt.Sprintf("labels=%d/lookup", n), func(b *testing.B) {
			b.ReportAllocs()
			found := 0
			for i := 0; i < b.N; i++ {
				found += len(s.Labels("eth", addrs[i%len(addrs)]))
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
			if found == 0 {
				b.Fatal("no labels found")
			}
		})
	}
}

// BenchmarkScreenIndirect screens typical addresses of a simulated chain
// (200 background users, the exchange deposit addresses of the heist, the
// IT workers) with indirect exposure, 3 hops both ways, graph index
// already open. It reports the mean and the median / p90 / p99 per
// address.
func BenchmarkScreenIndirect(b *testing.B) {
	w := loadBench(b)
	s := screen.New(w.st, w.labels, nil)
	defer s.Close()
	addrs := append([]string(nil), w.users[:200]...)
	for _, e := range w.truth.Endpoints {
		if e.DepositFor != nil {
			addrs = append(addrs, e.Address)
		}
	}
	for _, p := range w.truth.ITWorkers.Workers {
		addrs = append(addrs, p.Address)
	}
	if _, err := s.Screen(eth, addrs[0], screen.Options{}); err != nil { // opens the index
		b.Fatal(err)
	}
	benchIndirect(b, s, addrs, screen.Options{})
}

func benchIndirect(b *testing.B, s *screen.Screener, addrs []string, o screen.Options) {
	b.ReportAllocs()
	b.ResetTimer()
	exposed := 0
	took := make([]time.Duration, 0, b.N)
	for i := 0; i < b.N; i++ {
		t0 := time.Now()
		r, err := s.Screen(eth, addrs[i%len(addrs)], o)
		took = append(took, time.Since(t0))
		if err != nil {
			b.Fatal(err)
		}
		if len(r.Indirect) > 0 {
			exposed++
		}
	}
	slices.Sort(took)
	b.ReportMetric(float64(took[len(took)/2].Microseconds()), "p50-µs")
	b.ReportMetric(float64(took[len(took)*9/10].Microseconds()), "p90-µs")
	b.ReportMetric(float64(took[len(took)*99/100].Microseconds()), "p99-µs")
	b.ReportMetric(float64(exposed)/float64(b.N), "exposed-share")
}
