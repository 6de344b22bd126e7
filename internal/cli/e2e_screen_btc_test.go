package cli_test

import (
	"encoding/json"
	"math/big"
	"os"
	"path/filepath"
	"testing"
)

// TestScreenBtc screens a simulated Bitcoin heist: with both seeds known
// as heist addresses, every exchange deposit address of the truth
// screens high, its received heist exposure equal to the truth amount.
func TestScreenBtc(t *testing.T) {
	v := newVigil(t)
	simDir := filepath.Join(t.TempDir(), "sim")
	v.ok("simulate", "btc", "--seed", "7", "--background", "3000", "--out", simDir)
	v.ok("ingest", "bitcoin-etl", "--quiet", simDir)
	v.ok("labels", "import", "--quiet", "--format", "csv", filepath.Join(simDir, "labels.csv"))
	var tr screenTruth
	b, err := os.ReadFile(filepath.Join(simDir, "truth.json"))
	if err != nil || json.Unmarshal(b, &tr) != nil {
		t.Fatalf("truth.json: %v", err)
	}
	extra := filepath.Join(t.TempDir(), "seeds.csv")
	csv := "chain,address,entity,category,source,confidence\n"
	for _, s := range tr.Seeds {
		csv += "btc," + s + ",Simulated Heist,heist,test,90\n"
	}
	writeText(t, extra, csv)
	v.ok("labels", "import", "--quiet", "--format", "csv", extra)
	args := []string{"screen", "--chain", "btc", "--hops", "64"}
	var want []string
	at := map[string]int{} // an address may be several endpoints (one per wallet it pays)
	for _, e := range tr.Endpoints {
		if e.DepositFor == nil {
			continue
		}
		if i, ok := at[e.Address]; ok {
			want[i] = addDec(want[i], e.Amount)
			continue
		}
		at[e.Address] = len(want)
		args, want = append(args, e.Address), append(want, e.Amount)
	}
	var doc screenOut
	v.json(&doc, args...)
	if len(doc.Results) == 0 || len(doc.Results) != len(want) {
		t.Fatalf("%d results for %d deposit addresses", len(doc.Results), len(want))
	}
	for i, r := range doc.Results {
		got := ""
		for _, x := range r.Indirect {
			if x.Direction == "received" && x.Category == "heist" && x.Asset == "btc" {
				got = x.Amount
				if x.Share != shareOf(x.Amount, x.Total) {
					t.Errorf("%s: share %s of %s/%s", r.Address, x.Share, x.Amount, x.Total)
				}
			}
		}
		if r.Risk != "high" || got != want[i] {
			t.Errorf("deposit %s: risk %s, heist exposure %q, truth %s", r.Address, r.Risk, got, want[i])
		}
	}
}

// addDec adds two decimal strings.
func addDec(a, b string) string {
	x, _ := new(big.Int).SetString(a, 10)
	y, _ := new(big.Int).SetString(b, 10)
	if x == nil || y == nil {
		return "?"
	}
	return x.Add(x, y).String()
}
