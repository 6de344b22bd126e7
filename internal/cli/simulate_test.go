package cli_test

import (
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/sim"
)

// TestSimulateIngest simulates a heist, ingests it and its labels with
// vigil itself, and checks stats against the summary and every endpoint
// and resting amount of truth.json against `vigil address`.
func TestSimulateIngest(t *testing.T) {
	v := newVigil(t)
	out := filepath.Join(t.TempDir(), "sim")
	var sum sim.Summary
	v.json(&sum, "simulate", "eth", "--seed", "11", "--background", "4000", "--out", out)
	if sum.Transfers < 4000 || sum.Patterns.Forwarder == 0 || sum.Patterns.Swap == 0 || sum.Background.Sweeps == 0 {
		t.Fatalf("summary %+v", sum)
	}
	v.ok("ingest", "ethereum-etl", "--quiet", out)
	st := v.stats()["eth"]
	if st.Blocks != int64(sum.Blocks) || st.Transactions != int64(sum.Transactions) || st.Transfers != int64(sum.Transfers) ||
		st.FirstBlock != sum.FirstBlock || st.LastBlock != sum.LastBlock {
		t.Errorf("stats %+v, summary %+v", st, sum)
	}
	v.ok("labels", "import", "--quiet", "--format", "csv", filepath.Join(out, "labels.csv"))

	var tr sim.Truth
	b, err := os.ReadFile(filepath.Join(out, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	checkLabel(t, v, tr.Seeds[0], "heist")
	checkLabel(t, v, tr.Victim, "exchange")
	if lab := labelsOf(t, v, tr.Seeds[1]); len(lab) != 0 {
		t.Errorf("second seed is labeled: %v", lab)
	}
	for _, e := range tr.Endpoints {
		if e.DepositFor != nil {
			// A fresh deposit address receives only the stolen value and
			// sweeps all of it to its hot wallet.
			checkLabel(t, v, *e.DepositFor, "exchange")
			d := v.addresses("eth", []string{e.Address})[0]
			if got := amountOf(d.Received, e.Asset); got != e.Amount {
				t.Errorf("deposit %s received %s of %s, truth %s", e.Address, got, e.Asset, e.Amount)
			}
			if got := amountOf(d.Sent, e.Asset); got != e.Amount {
				t.Errorf("deposit %s swept %s, truth %s", e.Address, got, e.Amount)
			}
		} else {
			checkLabel(t, v, e.Address, e.Category)
		}
	}
	for _, r := range tr.Resting {
		d := v.addresses("eth", []string{r.Address})[0]
		if got := amountOf(d.Balances, r.Asset); got != r.Amount {
			t.Errorf("resting %s holds %s of %s, truth %s", r.Address, got, r.Asset, r.Amount)
		}
	}
	// Mixer and bridge totals: the stolen part is at most what they received.
	for _, e := range tr.Endpoints {
		if e.DepositFor == nil {
			d := v.addresses("eth", []string{e.Address})[0]
			got, _ := new(big.Int).SetString(amountOf(d.Received, "eth"), 10)
			want, _ := new(big.Int).SetString(e.Amount, 10)
			if got == nil || got.Cmp(want) < 0 {
				t.Errorf("%s %s received %v < stolen %s", e.Category, e.Address, got, e.Amount)
			}
		}
	}
}

func amountOf(list []amountDoc, asset string) string {
	for _, a := range list {
		if a.Asset == asset {
			return a.Amount
		}
	}
	return "0"
}

type simLabel struct {
	Entity   string `json:"entity"`
	Category string `json:"category"`
}

func labelsOf(t *testing.T, v *vigil, address string) []simLabel {
	t.Helper()
	var doc struct {
		Results []struct {
			Labels []simLabel `json:"labels"`
		} `json:"results"`
	}
	v.json(&doc, "labels", "get", "--chain", "eth", address)
	if len(doc.Results) == 0 {
		return nil
	}
	return doc.Results[0].Labels
}

func checkLabel(t *testing.T, v *vigil, address, category string) {
	t.Helper()
	l := labelsOf(t, v, address)
	if len(l) != 1 || l[0].Category != category {
		t.Errorf("labels of %s: %+v, want one %s", address, l, category)
	}
}

func TestSimulateUsage(t *testing.T) {
	v := newVigil(t)
	out := filepath.Join(t.TempDir(), "sim")
	for _, args := range [][]string{
		{"simulate", "ltc", "--out", out},
		{"simulate", "eth"},
		{"simulate", "eth", "--out", out, "--background", "-1"},
		{"simulate", "--out", out},
	} {
		if code, _, _ := v.run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	code, stdout, _ := v.run("simulate", "eth", "--seed", "3", "--background", "10", "--out", out)
	if code != 0 || stdout == "" {
		t.Errorf("plain output: exit %d, %q", code, stdout)
	}
}
