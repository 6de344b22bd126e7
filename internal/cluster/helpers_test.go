package cluster_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/cluster"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
)

func readTruth(t testing.TB, path string) *sim.Truth {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var tr sim.Truth
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	return &tr
}

// idOf returns the store ID of address name on cs's chain.
func idOf(t testing.TB, st *store.Store, c chain.Info, name string) uint32 {
	t.Helper()
	d, err := st.Addresses(c)
	if err != nil {
		t.Fatal(err)
	}
	key, err := store.AddressKey(c, name)
	if err != nil {
		t.Fatal(err)
	}
	id, ok, err := d.Lookup(key)
	if err != nil || !ok {
		t.Fatalf("address %s not in the store (%v)", name, err)
	}
	return id
}

// clusterOfNames reports whether addresses a and b share a cluster.
func clusterOfNames(t testing.TB, st *store.Store, cs *cluster.Clusters, a, b string) bool {
	return cs.Of(idOf(t, st, cs.Chain, a)) == cs.Of(idOf(t, st, cs.Chain, b))
}
