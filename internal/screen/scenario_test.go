package screen_test

import (
	"encoding/csv"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
)

var eth, _ = chain.Lookup("eth")

// world is a simulated heist loaded into a store.
type world struct {
	st     *store.Store
	labels *intel.Index
	truth  sim.Truth
	users  []string // senders of background transactions
}

// simulate writes a heist scenario, ingests it and reads its labels, truth
// and some background senders.
func simulate(dir string, c sim.Config) (*world, error) {
	out := filepath.Join(dir, "sim")
	if _, err := sim.Eth(out, c); err != nil {
		return nil, err
	}
	st, err := store.Open(filepath.Join(dir, "store"), nil)
	if err != nil {
		return nil, err
	}
	w := &world{st: st}
	if _, err := ingest.EthereumETL(st, out, ingest.Options{Chain: eth}); err != nil {
		return w, err
	}
	f, err := os.Open(filepath.Join(out, "labels.csv"))
	if err != nil {
		return w, err
	}
	defer f.Close()
	ls, err := csvlabels.ReadCSV(f, "labels.csv", csvlabels.Options{})
	if err != nil {
		return w, err
	}
	w.labels = intel.NewIndex(ls)
	b, err := os.ReadFile(filepath.Join(out, "truth.json"))
	if err == nil {
		err = json.Unmarshal(b, &w.truth)
	}
	if err == nil {
		w.users, err = senders(filepath.Join(out, "transactions.csv"), 2000)
	}
	return w, err
}

// senders returns up to n distinct from_address values of a transactions.csv.
func senders(path string, n int) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, err
	}
	col := -1
	for i, h := range head {
		if h == "from_address" {
			col = i
		}
	}
	seen := map[string]bool{}
	var out []string
	for len(out) < n {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if col >= 0 && !seen[rec[col]] {
			seen[rec[col]] = true
			out = append(out, rec[col])
		}
	}
	return out, nil
}

// scenario is simulate for a test (cleaned up after it).
func scenario(t *testing.T, c sim.Config) *world {
	t.Helper()
	w, err := simulate(t.TempDir(), c)
	if w != nil && w.st != nil {
		t.Cleanup(func() { w.st.Close() })
	}
	if err != nil {
		t.Fatal(err)
	}
	return w
}
