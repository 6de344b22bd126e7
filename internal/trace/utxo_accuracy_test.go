package trace

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"testing"

	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
)

// utxoTruth is the part of the Bitcoin simulator's truth.json the accuracy
// test compares.
type utxoTruth struct {
	Seeds      []string   `json:"seeds"`
	TheftBlock uint64     `json:"theft_block"`
	Endpoints  []Endpoint `json:"endpoints"`
	Resting    []Resting  `json:"resting"`
	Fees       []Amount   `json:"fees"`
	// Policies is the answer per policy when the scenario commingles
	// (none of the Bitcoin scenarios does yet).
	Policies map[string]struct {
		Endpoints []Endpoint `json:"endpoints"`
		Resting   []Resting  `json:"resting"`
	} `json:"policies"`
}

// utxoScenario simulates one Bitcoin heist, ingests it and its labels.
func utxoScenario(t *testing.T, seed uint64, background int) (*store.Store, *intel.Index, utxoTruth) {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "sim")
	if _, err := sim.Btc(out, sim.Config{Seed: seed, Background: background}); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(dir, "store"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := ingest.BitcoinETL(st, out, ingest.Options{Chain: btcChain}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(filepath.Join(out, "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	labels, err := csvlabels.ReadCSV(f, "labels.csv", csvlabels.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var tr utxoTruth
	b, err := os.ReadFile(filepath.Join(out, "truth.json"))
	if err == nil {
		err = json.Unmarshal(b, &tr)
	}
	if err != nil {
		t.Fatal(err)
	}
	return st, intel.NewIndex(labels), tr
}

// TestAccuracyBtc traces simulated Bitcoin heists from the truth's seeds
// since the theft block and requires every endpoint (address, entity,
// category, deposit_for, amount), every resting amount and the fees to
// equal the ground truth exactly, under every policy (the heist spends
// only stolen outputs, so the policies agree; a per-policy answer in the
// truth is used when there is one).
func TestAccuracyBtc(t *testing.T) {
	for _, seed := range []uint64{7, 11, 12345, 99} {
		t.Run(fmt.Sprint("seed", seed), func(t *testing.T) {
			st, labels, tr := utxoScenario(t, seed, 3000)
			if len(tr.Endpoints) == 0 || len(tr.Resting) == 0 {
				t.Fatalf("truth has %d endpoints, %d resting", len(tr.Endpoints), len(tr.Resting))
			}
			for _, p := range []Policy{Haircut, Poison, FIFO} {
				res, err := Run(st, Query{Chain: btcChain, Seeds: tr.Seeds, SinceBlock: tr.TheftBlock, Policy: p}, labels)
				if err != nil {
					t.Fatal(err)
				}
				want := tr
				if a, ok := tr.Policies[p.String()]; ok {
					want.Endpoints, want.Resting, want.Fees = a.Endpoints, a.Resting, res.Stats.Fees
				}
				compareTruth(t, p, res, want)
			}
		})
	}
}

func compareTruth(t *testing.T, p Policy, res *Result, tr utxoTruth) {
	t.Helper()
	key := func(e Endpoint) string {
		dep := "<nil>"
		if e.DepositFor != nil {
			dep = *e.DepositFor
		}
		return fmt.Sprintf("%s %s %s %s %s %s", e.Address, e.Entity, e.Category, dep, e.Asset, e.Amount)
	}
	var got, want []string
	for _, e := range res.Endpoints {
		got = append(got, key(e))
		if len(e.Path) == 0 || e.Hops < 1 {
			t.Errorf("%s: endpoint %s without path or hops", p, e.Address)
		}
	}
	for _, e := range tr.Endpoints {
		want = append(want, key(e))
	}
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s endpoints:\n got  %q\n want %q", p, got, want)
	}
	rest := func(rs []Resting) map[string]string {
		m := map[string]string{}
		for _, r := range rs {
			m[r.Address+" "+r.Asset] = r.Amount
		}
		return m
	}
	if g, w := rest(res.Resting), rest(tr.Resting); !reflect.DeepEqual(g, w) {
		t.Errorf("%s resting:\n got  %v\n want %v", p, g, w)
	}
	if !reflect.DeepEqual(res.Stats.Fees, tr.Fees) {
		t.Errorf("%s fees %v, want %v", p, res.Stats.Fees, tr.Fees)
	}
}
