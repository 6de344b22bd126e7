package cli_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// traceDoc is the contract's trace JSON.
type traceDoc struct {
	Chain     string   `json:"chain"`
	Policy    string   `json:"policy"`
	Direction string   `json:"direction"`
	Seeds     []string `json:"seeds"`
	Endpoints []struct {
		Address    string   `json:"address"`
		Entity     string   `json:"entity"`
		Category   string   `json:"category"`
		DepositFor *string  `json:"deposit_for"`
		Asset      string   `json:"asset"`
		Amount     string   `json:"amount"`
		Hops       int      `json:"hops"`
		FirstBlock uint64   `json:"first_block"`
		LastBlock  uint64   `json:"last_block"`
		Path       []string `json:"path"`
	} `json:"endpoints"`
	Resting []struct {
		Address, Asset, Amount string
	} `json:"resting"`
	Stats struct {
		TransfersVisited int64 `json:"transfers_visited"`
		ElapsedMS        int64 `json:"elapsed_ms"`
	} `json:"stats"`
}

// TestTraceCLI runs the README's tracing steps on a simulated heist: the
// JSON has the contract's shape and the truth's endpoints, the table and
// the Graphviz file are written, and bad usage exits 2.
func TestTraceCLI(t *testing.T) {
	v := newVigil(t)
	simDir := filepath.Join(t.TempDir(), "sim")
	v.ok("simulate", "eth", "--seed", "5", "--background", "2000", "--out", simDir)
	v.ok("ingest", "ethereum-etl", "--quiet", simDir)
	v.ok("labels", "import", "--quiet", "--format", "csv", filepath.Join(simDir, "labels.csv"))
	var truth struct {
		Seeds      []string `json:"seeds"`
		TheftBlock uint64   `json:"theft_block"`
		Endpoints  []struct{ Address, Asset, Amount string }
	}
	b, err := os.ReadFile(filepath.Join(simDir, "truth.json"))
	if err != nil || json.Unmarshal(b, &truth) != nil {
		t.Fatalf("truth.json: %v", err)
	}
	args := []string{"trace", "--chain", "eth", "--since-block", fmt.Sprint(truth.TheftBlock)}
	for _, s := range truth.Seeds {
		args = append(args, "--seed", strings.ToUpper(s[:10])+s[10:]) // any case
	}
	var doc traceDoc
	v.json(&doc, args...)
	if doc.Chain != "eth" || doc.Policy != "haircut" || doc.Direction != "forward" || len(doc.Seeds) != len(truth.Seeds) {
		t.Errorf("header: %+v", doc)
	}
	got := map[string]string{}
	for _, e := range doc.Endpoints {
		got[e.Address+" "+e.Asset] = e.Amount
		if len(e.Path) == 0 || !strings.HasPrefix(e.Path[0], "0x") || e.Hops < 1 || e.FirstBlock < truth.TheftBlock || e.LastBlock < e.FirstBlock {
			t.Errorf("endpoint %s: %+v", e.Address, e)
		}
	}
	for _, w := range truth.Endpoints {
		if got[w.Address+" "+w.Asset] != w.Amount {
			t.Errorf("endpoint %s %s: %q, want %s", w.Address, w.Asset, got[w.Address+" "+w.Asset], w.Amount)
		}
	}
	dot := filepath.Join(t.TempDir(), "trace.dot")
	table := v.ok(append(args, "--policy", "fifo", "--graph", dot)...)
	if !strings.Contains(table, "ENTITY") || !strings.Contains(table, "DEPOSIT FOR") || !strings.Contains(table, " ETH") {
		t.Errorf("table output:\n%s", table)
	}
	if g, err := os.ReadFile(dot); err != nil || !strings.HasPrefix(string(g), "digraph trace {") || !strings.Contains(string(g), "->") {
		t.Errorf("graph file: %v\n%s", err, g)
	}
	bad := [][]string{
		{"trace", "--chain", "eth"},
		{"trace", "--chain", "nope", "--seed", truth.Seeds[0]},
		{"trace", "--chain", "eth", "--seed", "0x1234"},
		{"trace", "--chain", "eth", "--seed", "0x" + strings.Repeat("9", 40)},
		{"trace", "--chain", "eth", "--seed", truth.Seeds[0], "--policy", "lifo"},
		{"trace", "--chain", "eth", "--seed", truth.Seeds[0], "--max-hops", "0"},
		{"trace", "--chain", "eth", "--seed", truth.Seeds[0], "--direction", "sideways"},
	}
	for _, a := range bad {
		if code, out, errs := v.run(a...); code != 2 || out != "" || !strings.HasPrefix(errs, "vigil: ") {
			t.Errorf("vigil %s: exit %d, stdout %q, stderr %q", strings.Join(a, " "), code, out, errs)
		}
	}
	code, out, errs := v.run("trace", "--chain", "eth", "--seed", truth.Seeds[0], "--since-block", "999999999", "--json")
	if code != 0 || !strings.Contains(errs, "beyond the loaded eth data") {
		t.Errorf("since-block beyond the data: exit %d, stderr %q", code, errs)
	}
	decodeOne(t, out, &doc)
	if len(doc.Endpoints) != 0 {
		t.Errorf("since-block beyond the data gave endpoints")
	}
	// Backward from a seed: its funds came from the victim's hot wallet
	// (labeled exchange), all of them.
	var back traceDoc
	v.json(&back, "trace", "--chain", "eth", "--direction", "backward", "--seed", doc.Seeds[0])
	if back.Direction != "backward" || len(back.Endpoints) != 1 || back.Endpoints[0].Category != "exchange" || len(back.Resting) != 0 {
		t.Errorf("backward: %+v", back)
	}
}
