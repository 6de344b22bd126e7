package svg

import (
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// TestGolden: each chart kind draws exactly the golden bytes.
func TestGolden(t *testing.T) {
	charts := map[string]string{
		"bar.svg": BarChart("By channel: ETH", []Bar{{Label: "Exchanges", Value: 1281.25, Text: "≈1,281.2468 ETH (41.18%)", Color: Color(0)},
			{Label: "Mixers", Value: 1270, Text: "1,270 ETH (40.82%)", Color: Color(3)}, {Label: "Bridges", Value: 342.9, Text: "≈342.9441 ETH (11.02%)"}}),
		"stacked.svg": StackedBars("Per day: ETH", []string{"Exchanges", "Bridges", "Mixers"}, []Stack{
			{Label: "2025-02-21", Values: []float64{10, 5, 0}, Text: "15 ETH"}, {Label: "2025-02-22", Values: []float64{2, 0, 30}, Text: "32 ETH"}}),
		"flow.svg": Flow("Flow: ETH", []Link{{From: "Exchanges", To: "Kestrel", Value: 4, Color: Color(0)}, {From: "Exchanges", To: "Harbor", Value: 3, Color: Color(0)},
			{From: "Mixers", To: "Fogbank", Value: 5, Color: Color(3)}, {From: "Resting", To: "unlabeled addresses", Value: 0.01}}),
	}
	for name, got := range charts {
		path := filepath.Join("testdata", name+".golden")
		if *update {
			if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (go test -update creates it)", err)
		}
		if got != string(want) {
			t.Errorf("%s differs from %s (go test ./internal/report/svg -update to accept)", name, path)
		}
	}
}
