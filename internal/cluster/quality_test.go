package cluster_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/cluster"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
)

var (
	btcChain = mustChain("btc")
	ethChain = mustChain("eth")
)

func mustChain(n string) chain.Info {
	c, err := chain.Lookup(n)
	if err != nil {
		panic(err)
	}
	return c
}

// simStore simulates chain kind ("btc" or "eth") with seed 7 and ingests
// it into a new store; it returns the store, the simulation directory and
// its labels.
func simStore(t testing.TB, kind string, background int) (*store.Store, string, *intel.Index) {
	t.Helper()
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "sim")
	cfg := sim.Config{Seed: 7, Background: background}
	var err error
	if kind == "btc" {
		_, err = sim.Btc(dir, cfg)
	} else {
		_, err = sim.Eth(dir, cfg)
	}
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(tmp, "store"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if kind == "btc" {
		_, err = ingest.BitcoinETL(st, dir, ingest.Options{Chain: btcChain})
	} else {
		_, err = ingest.EthereumETL(st, dir, ingest.Options{Chain: ethChain})
	}
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(dir, "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ls, err := csvlabels.ReadCSV(f, "labels.csv", csvlabels.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return st, dir, intel.NewIndex(ls)
}

// ownerByID maps the store's address IDs of c to the owners in m.
func ownerByID(t testing.TB, st *store.Store, c chain.Info, m map[string]string) func(uint32) string {
	d, err := st.Addresses(c)
	if err != nil {
		t.Fatal(err)
	}
	owners := make([]string, d.Len()+1)
	for id := 1; id <= d.Len(); id++ {
		name, err := store.AddressName(c, d, chain.AddrID(id))
		if err != nil {
			t.Fatal(err)
		}
		owners[id] = m[name]
	}
	return func(id uint32) string {
		if int(id) < len(owners) {
			return owners[id]
		}
		return ""
	}
}

// TestQualitySimBtc measures pairwise precision and recall of each UTXO
// heuristic on the simulated Bitcoin chain against its ground truth, and
// prints them (go test -run QualitySim -v).
func TestQualitySimBtc(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the simulated chain")
	}
	st, _, labels := simStore(t, "btc", 30000)
	owner := ownerByID(t, st, btcChain, sim.BtcOwners(sim.Config{Seed: 7, Background: 30000}))
	// minimum precision expected of each heuristic alone on this data
	cases := []struct {
		heur    string
		minPrec float64
		minRec  float64
	}{
		{"multi-input", 0.99, 0.001},
		{"deposit", 0.99, 0.001},
		{"multi-input,deposit", 0.99, 0.5},
		{"change-fresh", 0, 0},
		{"change-type", 0, 0},
		{"change-round", 0, 0},
		{"change-optimal", 0, 0},
		{"multi-input,deposit,change-fresh,change-type,change-round,change-optimal", 0, 0.001},
	}
	for _, c := range cases {
		set, err := cluster.ParseSet(c.heur, chain.UTXO)
		if err != nil {
			t.Fatal(err)
		}
		r, err := cluster.Build(st, btcChain, cluster.Options{Heuristics: set, Full: true, Labels: labels})
		if err != nil {
			t.Fatal(err)
		}
		cs, err := cluster.OpenStore(st, btcChain)
		if err != nil {
			t.Fatal(err)
		}
		s := cluster.PairScore(cs, owner)
		t.Logf("btc sim %-70s precision %.4f recall %.4f (pairs: %d predicted, %d true, %d correct; %d clusters of 2+; links %v)",
			c.heur, s.Precision, s.Recall, s.PredPairs, s.TruePairs, s.CorrectPairs, s.ClustersOver1, r.Stats.Links)
		if s.Precision < c.minPrec || s.Recall < c.minRec {
			t.Errorf("%s: precision %.4f (want ≥ %.2f), recall %.4f (want ≥ %.3f)", c.heur, s.Precision, c.minPrec, s.Recall, c.minRec)
		}
	}
}

// TestQualitySimEth measures the deposit heuristic on the simulated
// Ethereum chain: deposit addresses join their exchange's hot wallet.
func TestQualitySimEth(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the simulated chain")
	}
	st, dir, labels := simStore(t, "eth", 30000)
	tr := readTruth(t, filepath.Join(dir, "truth.json"))
	owner := ownerByID(t, st, ethChain, sim.EthOwners(tr))
	r, err := cluster.Build(st, ethChain, cluster.Options{Labels: labels})
	if err != nil {
		t.Fatal(err)
	}
	cs, err := cluster.OpenStore(st, ethChain)
	if err != nil {
		t.Fatal(err)
	}
	s := cluster.PairScore(cs, owner)
	t.Logf("eth sim deposit: precision %.4f recall %.4f (pairs: %d predicted, %d true, %d correct; %d deposit addresses of %d senders)",
		s.Precision, s.Recall, s.PredPairs, s.TruePairs, s.CorrectPairs, r.Stats.Deposits, r.Stats.Senders)
	if s.Precision < 0.99 || s.Recall < 0.5 || r.Stats.Deposits == 0 {
		t.Errorf("deposit: precision %.4f (want ≥ 0.99), recall %.4f (want ≥ 0.5), %d deposits", s.Precision, s.Recall, r.Stats.Deposits)
	}
	for _, e := range tr.Endpoints {
		if e.DepositFor == nil {
			continue
		}
		if got := clusterOfNames(t, st, cs, e.Address, *e.DepositFor); !got {
			t.Errorf("heist deposit %s is not in the cluster of its exchange wallet %s", e.Address, *e.DepositFor)
		}
	}
}
