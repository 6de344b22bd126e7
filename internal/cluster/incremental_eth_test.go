package cluster_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"testing"

	"github.com/vigil-project/vigil/internal/cluster"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/intel"
)

// splitCSVs writes the ethereum-etl files of src into a (rows of blocks ≤
// cut) and b (the others), by their block_number (blocks.csv: number)
// column.
func splitCSVs(t *testing.T, src, a, b string, cut uint64) {
	t.Helper()
	for _, name := range []string{"blocks.csv", "transactions.csv", "receipts.csv", "traces.csv", "token_transfers.csv"} {
		f, err := os.Open(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(f).ReadAll()
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		col := slices.Index(rows[0], "block_number")
		if col < 0 {
			col = slices.Index(rows[0], "number")
		}
		lo, hi := [][]string{rows[0]}, [][]string{rows[0]}
		for _, r := range rows[1:] {
			n, err := strconv.ParseUint(r[col], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			if n <= cut {
				lo = append(lo, r)
			} else {
				hi = append(hi, r)
			}
		}
		writeCSV(t, filepath.Join(a, name), lo)
		writeCSV(t, filepath.Join(b, name), hi)
	}
}

func writeCSV(t *testing.T, path string, rows [][]string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(rows)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestIncrementalEth: the deposit heuristic updated with new blocks gives
// the full build's clusters; other exchange wallets force a rebuild.
func TestIncrementalEth(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the simulated chain")
	}
	st, dir, labels := simStore(t, "eth", 20000)
	if _, err := cluster.Build(st, ethChain, cluster.Options{Labels: labels}); err != nil {
		t.Fatal(err)
	}
	first, last, _, _ := st.BlockRange(ethChain)
	tmp := t.TempDir()
	a, b := filepath.Join(tmp, "a"), filepath.Join(tmp, "b")
	splitCSVs(t, dir, a, b, (first+last)/2)
	inc := openTemp(t, filepath.Join(tmp, "inc"))
	want := []string{"rebuilt", "appended", "fresh"}
	for i, part := range []string{a, b, ""} {
		if part != "" {
			if _, err := ingest.EthereumETL(inc, part, ingest.Options{Chain: ethChain}); err != nil {
				t.Fatal(err)
			}
		}
		r, err := cluster.Build(inc, ethChain, cluster.Options{Labels: labels})
		if err != nil {
			t.Fatal(err)
		}
		if r.Built != want[i] {
			t.Errorf("step %d: built %q (%s), want %q", i, r.Built, r.Stats.Rebuilt, want[i])
		}
	}
	pf, pi := partition(t, st, ethChain), partition(t, inc, ethChain)
	diff := 0
	for n, c := range pf {
		if pi[n] != c {
			diff++
		}
	}
	if diff > 0 || len(pf) != len(pi) {
		t.Fatalf("%d of %d addresses in different clusters after the update (%d covered)", diff, len(pf), len(pi))
	}
	ls := slices.Clone(labels.Labels())
	i := slices.IndexFunc(ls, func(l intel.Label) bool { return l.Category == intel.Exchange })
	fewer := intel.NewIndex(slices.Delete(ls, i, i+1))
	r, err := cluster.Build(inc, ethChain, cluster.Options{Labels: fewer})
	if err != nil || r.Built != "rebuilt" {
		t.Fatalf("other exchange wallets must rebuild: %+v %v", r, err)
	}
}
