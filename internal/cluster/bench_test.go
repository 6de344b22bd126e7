package cluster

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// synthInputs is a synthetic input stream: transactions of 1 to 4
// inputs (mean 2.5) over nAddr addresses, in compact arrays like the
// graph index's: txIn[t]..txIn[t+1] are the inputs of transaction t.
type synthInputs struct {
	nAddr int
	txIn  []uint32
	addr  []uint32
}

// synth makes about n inputs. Uniform (the worst case for caches):
// addresses 1..n/2, a third of the inputs reusing an address of the last
// 160 inputs, the rest drawn uniformly. Chain-like: every transaction
// pays two new addresses (IDs in order of first appearance, as the store
// assigns them) and spends addresses by age: 60% among the last 10,000
// created, 30% among the last million, 10% among all.
func synth(n int, chainLike bool) *synthInputs {
	rng := rand.New(rand.NewPCG(uint64(n), 9))
	s := &synthInputs{nAddr: n/2 + 1, txIn: make([]uint32, 1, n/2), addr: make([]uint32, 0, n)}
	created := 2 // addresses 1, 2 exist at the start
	if chainLike {
		s.nAddr = 2 + n
	}
	for len(s.addr) < n {
		k := 1 + rng.IntN(4)
		for j := 0; j < k; j++ {
			var a uint32
			switch {
			case chainLike:
				a = uint32(created - aged(rng, created))
			case rng.IntN(3) == 0 && len(s.addr) > 160:
				a = s.addr[len(s.addr)-1-rng.IntN(160)]
			default:
				a = uint32(1 + rng.IntN(s.nAddr-1))
			}
			s.addr = append(s.addr, a)
		}
		s.txIn = append(s.txIn, uint32(len(s.addr)))
		if chainLike && created+2 < s.nAddr {
			created += 2
		}
	}
	return s
}

// aged draws an address age (0..created-1) for the chain-like stream.
func aged(rng *rand.Rand, created int) int {
	w := created
	switch r := rng.IntN(10); {
	case r < 6:
		w = min(created, 10_000)
	case r < 9:
		w = min(created, 1_000_000)
	}
	return rng.IntN(w)
}

// benchSizes are the input counts benchmarked: 1M and 10M, or the
// comma-separated list in $VIGIL_CLUSTER_BENCH_INPUTS (e.g. 100000000).
func benchSizes() []int {
	sizes := []int{1_000_000, 10_000_000}
	if v := os.Getenv("VIGIL_CLUSTER_BENCH_INPUTS"); v != "" {
		sizes = nil
		for _, f := range splitComma(v) {
			if n, err := strconv.Atoi(f); err == nil && n > 0 {
				sizes = append(sizes, n)
			}
		}
	}
	return sizes
}

func splitComma(s string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(s); i++ {
		if i == len(s) || s[i] == ',' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return out
}

// BenchmarkMultiInput links the inputs of every transaction: the
// union-find (what Build runs, evidence included) against the naive
// map-based baseline (1M inputs only: it is far slower). ns/input is the
// figure to extrapolate.
func BenchmarkMultiInput(b *testing.B) {
	for _, n := range benchSizes() {
		for _, kind := range []string{"uniform", "chainlike"} {
			s := synth(n, kind == "chainlike")
			b.Run(fmt.Sprintf("unionfind/%s/inputs=%d", kind, n), func(b *testing.B) {
				measure(b, n, func() {
					st := newState(Manifest{}, s.nAddr)
					for t := 0; t+1 < len(s.txIn); t++ {
						ins := s.addr[s.txIn[t]:s.txIn[t+1]]
						for _, a := range ins[1:] {
							st.link(ins[0], a, MultiInput, uint32(t), 0)
						}
					}
					st.uf.Flatten()
				})
			})
			b.Run(fmt.Sprintf("unionfind-raw/%s/inputs=%d", kind, n), func(b *testing.B) {
				measure(b, n, func() {
					u := NewUnionFind(s.nAddr)
					for t := 0; t+1 < len(s.txIn); t++ {
						ins := s.addr[s.txIn[t]:s.txIn[t+1]]
						for _, a := range ins[1:] {
							u.Union(ins[0], a)
						}
					}
					u.Flatten()
				})
			})
			if n > 1_000_000 {
				continue
			}
			b.Run(fmt.Sprintf("naive-map/%s/inputs=%d", kind, n), func(b *testing.B) {
				measure(b, n, func() {
					nv := newNaive()
					for t := 0; t+1 < len(s.txIn); t++ {
						ins := s.addr[s.txIn[t]:s.txIn[t+1]]
						for _, a := range ins {
							nv.union(ins[0], a)
						}
					}
				})
			})
		}
	}
}

// measure runs fn per iteration and reports wall and CPU ns per input.
func measure(b *testing.B, n int, fn func()) {
	c0 := cpuTime()
	for b.Loop() {
		fn()
	}
	per := float64(b.N) * float64(n)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/per, "ns/input")
	b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/per, "cpu-ns/input")
}

// BenchmarkLookup asks the cluster of random addresses: the flattened
// array of a build (Clusters.Of) against a map from address to cluster.
func BenchmarkLookup(b *testing.B) {
	const n = 10_000_000
	s := synth(n, false)
	st := newState(Manifest{}, s.nAddr)
	for t := 0; t+1 < len(s.txIn); t++ {
		ins := s.addr[s.txIn[t]:s.txIn[t+1]]
		for _, a := range ins[1:] {
			st.link(ins[0], a, MultiInput, uint32(t), 0)
		}
	}
	st.uf.Flatten()
	cs := fromState(btcInfoForBench, st)
	rng := rand.New(rand.NewPCG(1, 2))
	qs := make([]uint32, 1<<20)
	for i := range qs {
		qs[i] = uint32(1 + rng.IntN(s.nAddr-1))
	}
	b.Run("array", func(b *testing.B) {
		var sink uint32
		i := 0
		c0 := cpuTime()
		for b.Loop() {
			sink += cs.Of(qs[i&(len(qs)-1)])
			i++
		}
		b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		_ = sink
	})
	b.Run("map", func(b *testing.B) {
		m := make(map[uint32]uint32, s.nAddr)
		for id, r := range cs.a.root {
			m[uint32(id)] = r
		}
		var sink uint32
		i := 0
		c0 := cpuTime()
		for b.Loop() {
			sink += m[qs[i&(len(qs)-1)]]
			i++
		}
		b.ReportMetric(float64((cpuTime()-c0).Nanoseconds())/float64(b.N), "cpu-ns/op")
		_ = sink
	})
}

var btcInfoForBench = chain.Info{Name: "btc", Kind: chain.UTXO}
