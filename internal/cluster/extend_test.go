package cluster_test

import (
	"encoding/json"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/cluster"
	"github.com/vigil-project/vigil/internal/trace"
)

// TestExtendKeepsDeposits: on the simulated heist, where every exchange
// cluster is made of deposit addresses and their hot wallet, tracing with
// the cluster-extended labels gives the same endpoints as without (each
// deposit still reported with its wallet in deposit_for: deposit
// addresses inherit no label).
func TestExtendKeepsDeposits(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the simulated chain")
	}
	st, dir, labels := simStore(t, "btc", 30000)
	tr := readTruth(t, filepath.Join(dir, "truth.json"))
	if _, err := cluster.Build(st, btcChain, cluster.Options{Labels: labels}); err != nil {
		t.Fatal(err)
	}
	ext, err := cluster.ExtendIndex(st, labels, btcChain)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d labels, %d with the inherited ones", labels.Len(), ext.Len())
	q := trace.Query{Chain: btcChain, Seeds: tr.Seeds, SinceBlock: tr.TheftBlock}
	plain, err := trace.Run(st, q, labels)
	if err != nil {
		t.Fatal(err)
	}
	withClusters, err := trace.Run(st, q, ext)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := json.Marshal(plain.Endpoints)
	b, _ := json.Marshal(withClusters.Endpoints)
	if string(a) != string(b) {
		t.Fatalf("endpoints differ with clusters:\n%s\nwithout:\n%s", b, a)
	}
}
