package cluster_test

import (
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/cluster"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/sharedtest/btc2009"
	"github.com/vigil-project/vigil/internal/store"
)

// TestReal2009 clusters the complete 2009 Bitcoin graph by multi-input,
// prints the cluster count and size distribution, and checks what is
// known: CoinJoin did not exist in 2009 (none is detected), and the
// inputs of every transaction (read independently from the store, not
// the graph index) land in one cluster.
func TestReal2009(t *testing.T) {
	path := btc2009.File(t)
	tmp := t.TempDir()
	st := openTemp(t, filepath.Join(tmp, "store"))
	if _, err := ingest.BitcoinETL(st, path, ingest.Options{Chain: btcChain}); err != nil {
		t.Fatal(err)
	}
	r, err := cluster.Build(st, btcChain, cluster.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("2009: %d addresses, %d transactions (%d with ≥ 2 inputs), %d multi-input links, coinjoins %v",
		r.Addresses, r.Stats.Transactions, r.Stats.MultiInput, r.Stats.Links["multi-input"], r.Stats.CoinJoins)
	t.Logf("2009: %d clusters: %d singletons, %d of 2+ holding %d addresses, largest %d; sizes %+v; top %+v",
		r.Clusters, r.Singletons, r.MultiMember, r.Clustered, r.Largest, r.Sizes, r.Top)
	if len(r.Stats.CoinJoins) != 0 {
		t.Errorf("CoinJoins detected in 2009: %v", r.Stats.CoinJoins)
	}
	if r.Clusters+r.Clustered-r.MultiMember != r.Addresses {
		t.Errorf("clusters do not account for every address")
	}
	cs, err := cluster.OpenStore(st, btcChain)
	if err != nil {
		t.Fatal(err)
	}
	txs := 0
	err = st.ScanUTXO(btcChain, 0, ^uint64(0), func(b *store.UTXOBlockView) error {
		for i := range b.Txs {
			ins := b.Txs[i].Inputs
			for _, in := range ins {
				if cs.Of(uint32(in.Addr)) != cs.Of(uint32(ins[0].Addr)) {
					t.Errorf("block %d tx %d: inputs in different clusters", b.Header.Number, i)
				}
			}
			if len(ins) > 1 {
				txs++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if txs != r.Stats.MultiInput || txs == 0 {
		t.Errorf("store has %d transactions with ≥ 2 inputs, the build saw %d", txs, r.Stats.MultiInput)
	}
}
