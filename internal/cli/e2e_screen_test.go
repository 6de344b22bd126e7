package cli_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// screenOut is the contract's screen JSON (with vigil's added fields).
type screenOut struct {
	Results []struct {
		Chain, Address, Risk string
		Known                bool
		Direct               []struct{ Entity, Category, Source string }
		Indirect             []struct {
			Entity, Category, Share, Direction, Asset, Amount, Total string
			Hops                                                     int
		}
		Explain *struct{ Rule, Reason string }
	}
}

// screenTruth is what the test reads of truth.json.
type screenTruth struct {
	Seeds     []string
	Endpoints []struct {
		Address, Asset, Amount string
		DepositFor             *string `json:"deposit_for"`
	}
	ITWorkers struct {
		Facilitators []struct {
			Address string
			Labeled bool
		}
	} `json:"it_workers"`
}

// TestScreenCLI screens a simulated heist (commingling, IT-worker
// payroll): the seed, exchange deposit addresses that received stolen
// funds (share checked against truth.json and the address's totals),
// background users, facilitators; then --input, --rules and bad input.
func TestScreenCLI(t *testing.T) {
	v := newVigil(t)
	simDir := filepath.Join(t.TempDir(), "sim")
	v.ok("simulate", "eth", "--seed", "7", "--commingle", "--it-workers", "12", "--background", "5000", "--out", simDir)
	v.ok("ingest", "ethereum-etl", "--quiet", simDir)
	v.ok("labels", "import", "--quiet", "--format", "csv", filepath.Join(simDir, "labels.csv"))
	var tr screenTruth
	b, err := os.ReadFile(filepath.Join(simDir, "truth.json"))
	if err != nil || json.Unmarshal(b, &tr) != nil {
		t.Fatalf("truth.json: %v", err)
	}
	// Both seeds are known heist addresses (the simulator labels the first).
	extra := filepath.Join(t.TempDir(), "seeds.csv")
	writeText(t, extra, "chain,address,entity,category,source,confidence\neth,"+tr.Seeds[1]+",Simulated Heist,heist,test,90\n")
	v.ok("labels", "import", "--quiet", "--format", "csv", extra)

	var doc screenOut
	v.json(&doc, "screen", "--chain", "eth", "0x"+strings.ToUpper(tr.Seeds[0][2:]), "--explain")
	if r := doc.Results[0]; r.Risk != "high" || r.Address != tr.Seeds[0] || len(r.Direct) != 1 || r.Direct[0].Category != "heist" || r.Explain == nil || r.Explain.Rule == "" {
		t.Errorf("seed: %+v", r)
	}
	checkDeposits(t, v, tr)
	checkUsersAndFacilitators(t, v, simDir, tr)
	checkScreenInput(t, v, tr)
}

// checkDeposits: deposit addresses reached from the seeds within 3 hops
// screen high with a received heist share = truth amount / total received.
func checkDeposits(t *testing.T, v *vigil, tr screenTruth) {
	t.Helper()
	args := []string{"screen", "--chain", "eth"}
	want := map[string]string{}
	for _, e := range tr.Endpoints {
		if e.DepositFor != nil && e.Asset == "eth" {
			args, want[e.Address] = append(args, e.Address), e.Amount
		}
	}
	var doc screenOut
	v.json(&doc, args...)
	exposed, partial := 0, 0
	for _, r := range doc.Results {
		for _, x := range r.Indirect {
			if x.Direction != "received" || x.Category != "heist" {
				continue
			}
			exposed++
			var addr struct {
				Received []struct{ Asset, Amount string }
			}
			v.json(&addr, "address", "--chain", "eth", r.Address)
			total := ""
			for _, a := range addr.Received {
				if a.Asset == "eth" {
					total = a.Amount
				}
			}
			if s := shareOf(want[r.Address], total); x.Share != s || x.Total != total || r.Risk != "high" {
				t.Errorf("deposit %s: share %s of %s (risk %s), want %s = %s / %s", r.Address, x.Share, x.Total, r.Risk, s, want[r.Address], total)
			}
			if x.Share != "1.0000" {
				partial++
			}
		}
	}
	if exposed < 10 || partial == 0 {
		t.Errorf("%d deposit addresses with heist exposure, %d partial", exposed, partial)
	}
}

// shareOf is ⌊a·10⁴/t⌋ as "0.dddd" (a ≤ t).
func shareOf(a, t string) string {
	x, _ := new(big.Int).SetString(a, 10)
	y, ok := new(big.Int).SetString(t, 10)
	if x == nil || !ok || y.Sign() == 0 {
		return "?"
	}
	q := x.Mul(x, big.NewInt(10000))
	q.Quo(q, y)
	if q.Int64() >= 10000 {
		return "1.0000"
	}
	return fmt.Sprintf("0.%04d", q.Int64())
}

// checkUsersAndFacilitators: background users without exposure are none;
// labeled facilitators are high by the IT-worker rule.
func checkUsersAndFacilitators(t *testing.T, v *vigil, simDir string, tr screenTruth) {
	t.Helper()
	args := append([]string{"screen", "--chain", "eth", "--explain"}, backgroundSenders(t, filepath.Join(simDir, "transactions.csv"), 30)...)
	var doc screenOut
	v.json(&doc, args...)
	clean := 0
	for _, r := range doc.Results {
		if len(r.Direct)+len(r.Indirect) == 0 {
			clean++
			if r.Risk != "none" || r.Explain == nil || r.Explain.Rule != "clean" {
				t.Errorf("clean user %s: %+v", r.Address, r)
			}
		}
	}
	if clean < 10 {
		t.Errorf("only %d clean background users of %d", clean, len(doc.Results))
	}
	args = []string{"screen", "--chain", "eth", "--explain"}
	for _, f := range tr.ITWorkers.Facilitators {
		args = append(args, f.Address)
	}
	v.json(&doc, args...)
	for i, r := range doc.Results {
		labeled := tr.ITWorkers.Facilitators[i].Labeled
		if labeled && (r.Risk != "high" || r.Explain.Rule != "dprk-revenue-direct" || r.Direct[0].Category != "facilitator") {
			t.Errorf("labeled facilitator %s: %+v", r.Address, r)
		}
		if !labeled && len(r.Direct) != 0 {
			t.Errorf("unlabeled facilitator %s has labels", r.Address)
		}
	}
	table := v.ok(args...)
	if !strings.Contains(table, "risk HIGH") || !strings.Contains(table, "rule dprk-revenue-direct") {
		t.Errorf("table:\n%s", table)
	}
}

// backgroundSenders returns up to n distinct senders of transactions.csv.
func backgroundSenders(t *testing.T, path string, n int) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("%s: %v", path, err)
	}
	col := 0
	for i, h := range recs[0] {
		if h == "from_address" {
			col = i
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, r := range recs[1:] {
		if !seen[r[col]] && len(out) < n {
			seen[r[col]] = true
			out = append(out, r[col])
		}
	}
	return out
}

// writeText writes s to path.
func writeText(t *testing.T, path, s string) { writeFile(t, path, []byte(s)) }
