package sim_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/cli"
	"github.com/vigil-project/vigil/internal/sim"
)

// runVigil runs the CLI as `vigil --data data args...` and returns its
// stdout, failing the test on a non-zero exit.
func runVigil(t *testing.T, data string, args ...string) []byte {
	t.Helper()
	var out, errb bytes.Buffer
	env := &cli.Env{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
	if code := cli.Main(append([]string{"--data", data}, args...), env); code != 0 {
		t.Fatalf("vigil %s: exit %d: %s", strings.Join(args, " "), code, errb.String())
	}
	return out.Bytes()
}

type amountJSON struct {
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

type addressJSON struct {
	Address  string       `json:"address"`
	Received []amountJSON `json:"received"`
	Sent     []amountJSON `json:"sent"`
	Balances []amountJSON `json:"balances"`
}

func btcAmount(l []amountJSON) string {
	for _, a := range l {
		if a.Asset == "btc" {
			return a.Amount
		}
	}
	return "0"
}

// TestBtcIngest simulates through the CLI, ingests the directory (with
// blocks.json and truth.json beside transactions.json) with `vigil ingest
// bitcoin-etl`, imports labels.csv, checks stats against the summary and
// every deposit endpoint and resting amount against `vigil address`, and
// `vigil trace` (every policy) against truth.json.
func TestBtcIngest(t *testing.T) {
	root := t.TempDir()
	out, data := filepath.Join(root, "sim"), filepath.Join(root, "data")
	var sum sim.Summary
	if err := json.Unmarshal(runVigil(t, data, "simulate", "btc", "--seed", "21", "--background", "6000", "--out", out, "--json"), &sum); err != nil {
		t.Fatal(err)
	}
	runVigil(t, data, "ingest", "bitcoin-etl", "--quiet", out)
	runVigil(t, data, "labels", "import", "--quiet", "--format", "csv", filepath.Join(out, "labels.csv"))
	var st struct {
		Chains []struct {
			Chain                           string
			Blocks, Transactions, Transfers int
			FirstBlock                      uint64 `json:"first_block"`
			LastBlock                       uint64 `json:"last_block"`
		}
	}
	if err := json.Unmarshal(runVigil(t, data, "stats", "--json"), &st); err != nil {
		t.Fatal(err)
	}
	if len(st.Chains) != 1 {
		t.Fatalf("stats %+v", st)
	}
	c := st.Chains[0]
	if c.Chain != "btc" || c.Blocks != sum.Blocks || c.Transactions != sum.Transactions || c.Transfers != sum.Transfers ||
		c.FirstBlock != sum.FirstBlock || c.LastBlock != sum.LastBlock {
		t.Errorf("stats %+v, summary %+v", c, sum)
	}
	b, err := os.ReadFile(filepath.Join(out, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tr sim.Truth
	if err := json.Unmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	for _, e := range tr.Endpoints {
		d := address(t, data, e.Address)
		if e.DepositFor != nil {
			// An attacker's deposit address receives only stolen value and
			// the exchange sweeps all of it.
			if got := btcAmount(d.Received); got != e.Amount {
				t.Errorf("deposit %s received %s, truth %s", e.Address, got, e.Amount)
			}
			if got := btcAmount(d.Balances); got != "0" {
				t.Errorf("deposit %s not swept: balance %s", e.Address, got)
			}
		}
	}
	for _, r := range tr.Resting {
		if got := btcAmount(address(t, data, r.Address).Balances); got != r.Amount {
			t.Errorf("resting %s holds %s, truth %s", r.Address, got, r.Amount)
		}
	}
	for _, policy := range []string{"haircut", "poison", "fifo"} {
		checkTrace(t, data, tr, policy)
	}
}

// checkTrace runs `vigil trace` from the truth's seeds under policy and
// compares its endpoints, resting value and fees with truth.json: without
// commingling every policy must give the truth's answer.
func checkTrace(t *testing.T, data string, tr sim.Truth, policy string) {
	t.Helper()
	args := []string{"trace", "--chain", "btc", "--since-block", strconv.FormatUint(tr.TheftBlock, 10), "--policy", policy, "--json"}
	for _, s := range tr.Seeds {
		args = append(args, "--seed", s)
	}
	var res struct {
		Endpoints []sim.Endpoint `json:"endpoints"`
		Resting   []sim.Amount   `json:"resting"`
		Stats     struct {
			Fees []sim.Amount `json:"fees"`
		} `json:"stats"`
	}
	if err := json.Unmarshal(runVigil(t, data, args...), &res); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, e := range tr.Endpoints {
		want[e.Address] = e.Entity + " " + e.Amount
	}
	for _, r := range tr.Resting {
		want["rest "+r.Address] = r.Amount
	}
	got := map[string]string{}
	for _, e := range res.Endpoints {
		got[e.Address] = e.Entity + " " + e.Amount
	}
	for _, r := range res.Resting {
		got["rest "+r.Address] = r.Amount
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("trace --policy %s:\n got %v\nwant %v", policy, got, want)
	}
	if len(res.Stats.Fees) != 1 || res.Stats.Fees[0].Amount != tr.Fees[0].Amount {
		t.Errorf("trace --policy %s: fees %v, truth %v", policy, res.Stats.Fees, tr.Fees)
	}
}

func address(t *testing.T, data, a string) addressJSON {
	t.Helper()
	var d addressJSON
	if err := json.Unmarshal(runVigil(t, data, "address", "--chain", "btc", a, "--json"), &d); err != nil {
		t.Fatal(err)
	}
	return d
}
