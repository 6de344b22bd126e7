package cluster_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/cluster"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
)

// splitByBlock writes the lines of the bitcoin-etl file src with a
// block_number ≤ cut to a and the others to b.
func splitByBlock(t *testing.T, src, a, b string, cut uint64) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	var lo, hi bytes.Buffer
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 1<<26)
	for sc.Scan() {
		var rec struct {
			Block uint64 `json:"block_number"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		w := &hi
		if rec.Block <= cut {
			w = &lo
		}
		w.Write(sc.Bytes())
		w.WriteByte('\n')
	}
	if err := os.WriteFile(a, lo.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(b, hi.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// partition names every address by the least name of its cluster.
func partition(t *testing.T, st *store.Store, c chain.Info) map[string]string {
	t.Helper()
	cs, err := cluster.OpenStore(st, c)
	if err != nil {
		t.Fatal(err)
	}
	d, err := st.Addresses(c)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for id := uint32(1); int(id) < cs.Len(); id++ {
		if cs.Of(id) != id {
			continue
		}
		var names []string
		for _, m := range cs.Members(id) {
			n, err := store.AddressName(c, d, chain.AddrID(m))
			if err != nil {
				t.Fatal(err)
			}
			key, _ := store.AddressKey(c, n)
			if r, got, ok := cs.Lookup(key); !ok || got != m || r != id {
				t.Fatalf("Lookup(%s) = %d, %d, %v; want ID %d in cluster %d", n, r, got, ok, m, id)
			}
			names = append(names, n)
		}
		least := slices.Min(names)
		for _, n := range names {
			out[n] = least
		}
	}
	return out
}

// TestIncrementalEqualsFull: clustering the first blocks, then updating
// with the rest ("appended"), gives the clusters of one full build; an
// update without new blocks does nothing ("fresh").
func TestIncrementalEqualsFull(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the simulated chain")
	}
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "sim")
	sum, err := sim.Btc(dir, sim.Config{Seed: 3, Background: 20000})
	if err != nil {
		t.Fatal(err)
	}
	heur := cluster.Set(cluster.MultiInput | cluster.ChangeFresh | cluster.ChangeType | cluster.ChangeOptimal)
	full := openTemp(t, filepath.Join(tmp, "full"))
	if _, err := ingest.BitcoinETL(full, filepath.Join(dir, "transactions.json"), ingest.Options{Chain: btcChain}); err != nil {
		t.Fatal(err)
	}
	if _, err := cluster.Build(full, btcChain, cluster.Options{Heuristics: heur}); err != nil {
		t.Fatal(err)
	}
	a, b := filepath.Join(tmp, "a.json"), filepath.Join(tmp, "b.json")
	splitByBlock(t, filepath.Join(dir, "transactions.json"), a, b, (sum.FirstBlock+sum.LastBlock)/2)
	inc := openTemp(t, filepath.Join(tmp, "inc"))
	want := []string{"rebuilt", "appended", "fresh"}
	for i, part := range []string{a, b, ""} {
		if part != "" {
			if _, err := ingest.BitcoinETL(inc, part, ingest.Options{Chain: btcChain}); err != nil {
				t.Fatal(err)
			}
		}
		r, err := cluster.Build(inc, btcChain, cluster.Options{Heuristics: heur})
		if err != nil {
			t.Fatal(err)
		}
		if r.Built != want[i] {
			t.Errorf("step %d: built %q, want %q", i, r.Built, want[i])
		}
	}
	pf, pi := partition(t, full, btcChain), partition(t, inc, btcChain)
	if len(pf) != len(pi) {
		t.Fatalf("full build covers %d addresses, incremental %d", len(pf), len(pi))
	}
	diff := 0
	for n, c := range pf {
		if pi[n] != c {
			diff++
		}
	}
	if diff > 0 {
		t.Fatalf("%d addresses in different clusters after the incremental update", diff)
	}
	cs, err := cluster.OpenStore(inc, btcChain)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range []string{"1BoatSLRHtKNngkdXEeobR76b53LETtpyT", "bc1qnotinthisdata"} {
		if _, _, ok := cs.Lookup([]byte(a)); ok {
			t.Errorf("Lookup(%s): found an address that is not in the data", a)
		}
	}
	if r, err := cluster.Build(inc, btcChain, cluster.Options{Heuristics: cluster.Set(cluster.MultiInput)}); err != nil || r.Built != "rebuilt" {
		t.Fatalf("other heuristics must rebuild: %v %v", r, err)
	}
}

func openTemp(t *testing.T, dir string) *store.Store {
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}
