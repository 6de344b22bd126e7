package ingest

import (
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
)

// TestParallelParseSameStore ingests a simulated export whose
// token_transfers.csv (≈ 9 MB) takes the parallel parse, and the same
// export with token_transfers.csv.gz (always parsed sequentially), and
// checks that the stores hold the same blocks and dictionaries.
func TestParallelParseSameStore(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping a 150k-transfer export")
	}
	plain := t.TempDir()
	if _, err := sim.Eth(plain, sim.Config{Seed: 9, Background: 150000}); err != nil {
		t.Fatal(err)
	}
	tt := filepath.Join(plain, "token_transfers.csv")
	if st, err := os.Stat(tt); err != nil || st.Size() < 8<<20 {
		t.Fatalf("token_transfers.csv: %v (want ≥ 8 MiB so it is parsed in parallel)", err)
	}
	zipped := t.TempDir()
	for _, name := range []string{"blocks.csv", "transactions.csv", "receipts.csv", "traces.csv"} {
		if err := os.Link(filepath.Join(plain, name), filepath.Join(zipped, name)); err != nil {
			t.Fatal(err)
		}
	}
	gzipFile(t, tt, filepath.Join(zipped, "token_transfers.csv.gz"))
	eth, _ := chain.Lookup("eth")
	a, b := open(t, t.TempDir()), open(t, t.TempDir())
	defer a.Close()
	defer b.Close()
	for _, in := range []struct {
		s   *store.Store
		dir string
	}{{a, plain}, {b, zipped}} {
		if _, err := EthereumETL(in.s, in.dir, Options{Chain: eth}); err != nil {
			t.Fatal(err)
		}
	}
	if da, db := storeText(t, a, eth), storeText(t, b, eth); da != db || len(da) < 1000 {
		t.Fatalf("stores differ (%d vs %d bytes of dump)", len(da), len(db))
	}
}

func gzipFile(t *testing.T, src, dst string) {
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	w := gzip.NewWriter(f)
	w.Write(b)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// storeText renders the stats, every block and both dictionaries in ID
// order.
func storeText(t *testing.T, s *store.Store, c chain.Info) string {
	st, err := s.Stats()
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	fmt.Fprintf(&out, "%+v\n", st)
	if err := s.ScanAccount(c, 0, ^uint64(0), func(b *chain.AccountBlock) error {
		fmt.Fprintf(&out, "%+v\n", *b)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	for _, dict := range []func(chain.Info) (*store.Dict, error){s.Addresses, s.Tokens} {
		d, err := dict(c)
		if err != nil {
			t.Fatal(err)
		}
		for id := 1; id <= d.Len(); id++ {
			k, err := d.Key(uint32(id))
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&out, "%d %x\n", id, k)
		}
	}
	return out.String()
}
