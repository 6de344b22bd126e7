package cluster_test

import (
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/cluster"
)

// BenchmarkLookupAddress asks the cluster of an address given as text:
// through the build's own key index (Clusters.Lookup), and, as the
// baseline, through the store's dictionary (address → ID, a Pebble read
// for an address not cached) then the root array. Simulated Bitcoin
// chain, every address in turn.
func BenchmarkLookupAddress(b *testing.B) {
	st, _, _ := simStore(b, "btc", 30000)
	if _, err := cluster.Build(st, btcChain, cluster.Options{}); err != nil {
		b.Fatal(err)
	}
	cs, err := cluster.OpenStore(st, btcChain)
	if err != nil {
		b.Fatal(err)
	}
	d, err := st.Addresses(btcChain)
	if err != nil {
		b.Fatal(err)
	}
	var keys [][]byte
	for id := 1; id <= d.Len(); id++ {
		k, err := d.Key(uint32(id))
		if err != nil {
			b.Fatal(err)
		}
		keys = append(keys, append([]byte(nil), k...))
	}
	b.Run("build-keys", func(b *testing.B) {
		var sink uint32
		i := 0
		for b.Loop() {
			r, _, ok := cs.Lookup(keys[i%len(keys)])
			if !ok {
				b.Fatal("address not found")
			}
			sink += r
			i++
		}
		_ = sink
	})
	b.Run("store-dictionary", func(b *testing.B) {
		d, _ = st.Addresses(btcChain) // a fresh dictionary: nothing cached
		var sink uint32
		i := 0
		for b.Loop() {
			id, ok, err := d.Lookup(keys[i%len(keys)])
			if err != nil || !ok {
				b.Fatal("address not found", err)
			}
			sink += cs.Of(id)
			i++
		}
		_ = sink
	})
	_ = chain.UTXO
}

// BenchmarkBuildSim runs a full multi-input build (graph index to saved
// files) on the simulated Bitcoin chain (100,000 background outputs);
// ns/input is per transaction input.
func BenchmarkBuildSim(b *testing.B) {
	st, _, _ := simStore(b, "btc", 100000)
	r, err := cluster.Build(st, btcChain, cluster.Options{})
	if err != nil {
		b.Fatal(err)
	}
	cnt, err := st.Counts(btcChain)
	if err != nil {
		b.Fatal(err)
	}
	_ = r
	for b.Loop() {
		if _, err := cluster.Build(st, btcChain, cluster.Options{Full: true}); err != nil {
			b.Fatal(err)
		}
	}
	if cnt.Transfers > 0 {
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(cnt.Transfers), "ns/output")
	}
}
