package report

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/intel/incidents"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// fixedNow is the generation time of every test report.
var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

// scenario is a simulated heist loaded into a store, as `vigil simulate
// eth`, `ingest ethereum-etl` and `labels import --format csv` do it.
type scenario struct {
	st    *store.Store
	truth sim.Truth
	dir   string
}

// readLabels reads the simulator's labels.csv (contract CSV).
func readLabels(t testing.TB, path string) []intel.Label {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ls, err := csvlabels.ReadCSV(f, path, csvlabels.Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return ls
}

// newScenario simulates (fixed seed), ingests and imports the labels.
func newScenario(t testing.TB, seed uint64, background int) *scenario {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sim")
	if _, err := sim.Eth(dir, sim.Config{Seed: seed, Background: background}); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	eth, _ := chain.Lookup("eth")
	if _, err := ingest.EthereumETL(st, dir, ingest.Options{Chain: eth}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "labels.csv")
	ls := readLabels(t, path)
	imp := store.LabelImport{Scope: "csv:labels.csv", Importer: "csv", File: path, AsOf: "2026-01-02", Labels: ls}
	if _, err := st.ImportLabels([]store.LabelImport{imp}, fixedNow); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tr sim.Truth
	if err := jsonUnmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	return &scenario{st: st, truth: tr, dir: dir}
}

// tracer traces over the scenario's store with its labels.
func (s *scenario) tracer(t testing.TB) Tracer {
	labels, err := s.st.LabelIndex()
	if err != nil {
		t.Fatal(err)
	}
	return func(q trace.Query) (*trace.Result, error) { return trace.Run(s.st, q, labels) }
}

// simIncident is a registry-shaped incident for the scenario's seeds.
func (s *scenario) incident() *incidents.Incident {
	src := []string{"https://example.org/simulated-heist?seed=7&x=<1>"}
	inc := &incidents.Incident{ID: "sim-heist-7", Name: "Simulated heist (seed 7)",
		Date:   incidents.Fact{Value: "2022-10-20", Note: "simulated", Sources: src},
		Victim: incidents.Fact{Value: "Simulated Exchange", Sources: src},
		Actor:  incidents.Fact{Value: "Simulated Actor", Sources: src}, Chains: []string{"eth"},
		StolenUSD: []incidents.Fact{{Value: "12000000", Note: "made up for the test", Sources: src}}}
	for _, a := range s.truth.Seeds {
		inc.Seeds = append(inc.Seeds, incidents.Seed{Chain: "eth", Address: a, Role: "theft", Sources: src})
	}
	inc.Seeds = append(inc.Seeds, incidents.Seed{Chain: "eth", Address: s.truth.Victim, Role: "victim", Sources: src})
	return inc
}

// simAssets names the simulator's two tokens (USDS, 6 decimals; DAIS,
// 18) from the DEX pools' label notes ("ETH/USDS pool") and the swaps.
func (s *scenario) assets(t testing.TB) Assets {
	ls := readLabels(t, filepath.Join(s.dir, "labels.csv"))
	decimals := map[string]int{"USDS": 6, "DAIS": 18}
	pool := map[string]string{}
	for _, l := range ls {
		if sym, ok := strings.CutSuffix(strings.TrimPrefix(l.Note, "ETH/"), " pool"); ok {
			pool[l.Address] = sym
		}
	}
	a := Assets{}
	for _, sw := range s.truth.Swaps {
		sym := pool[sw.Pool]
		for _, asset := range []string{sw.AssetIn, sw.AssetOut} {
			if strings.Contains(asset, ":") && sym != "" {
				a[asset] = AssetInfo{Symbol: sym, Decimals: decimals[sym]}
			}
		}
	}
	return a
}

// golden compares got with testdata/name (rewritten with -update).
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file (go test ./internal/report -run %s -update to accept):\n%s", name, t.Name(), firstDiff(got, want))
	}
}

// firstDiff shows the first differing line.
func firstDiff(got, want []byte) string {
	g, w := strings.Split(string(got), "\n"), strings.Split(string(want), "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + itoa(uint64(i+1)) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}

// wellFormed parses b strictly as XML (the HTML is written XHTML-style)
// and returns its text content.
func wellFormed(t *testing.T, name string, b []byte) string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	d.Strict = true
	var text strings.Builder
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed: %v", name, err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			depth++
			if strings.EqualFold(x.Name.Local, "script") {
				t.Errorf("%s has a script element", name)
			}
			for _, a := range x.Attr {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") {
					t.Errorf("%s has an event handler attribute %s", name, a.Name.Local)
				}
			}
		case xml.EndElement:
			depth--
		case xml.CharData:
			text.Write(x)
		}
	}
	if depth != 0 {
		t.Errorf("%s: %d unclosed elements", name, depth)
	}
	return text.String()
}

// traceQuery is the haircut trace of the scenario's seeds from the theft.
func traceQuery(t testing.TB, tr sim.Truth) trace.Query {
	eth, err := chain.Lookup("eth")
	if err != nil {
		t.Fatal(err)
	}
	return trace.Query{Chain: eth, Seeds: tr.Seeds, SinceBlock: tr.TheftBlock}
}

// newBtcScenario simulates a bitcoin heist (fixed seed), ingests it and
// imports its labels.
func newBtcScenario(t testing.TB, seed uint64, background int) *scenario {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "simbtc")
	if _, err := sim.Btc(dir, sim.Config{Seed: seed, Background: background, StartBlock: sim.DefaultBtcStartBlock}); err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(t.TempDir(), "data"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	btc, _ := chain.Lookup("btc")
	if _, err := ingest.BitcoinETL(st, dir, ingest.Options{Chain: btc}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "labels.csv")
	imp := store.LabelImport{Scope: "csv:labels.csv", Importer: "csv", File: path, AsOf: "2026-01-02", Labels: readLabels(t, path)}
	if _, err := st.ImportLabels([]store.LabelImport{imp}, fixedNow); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tr sim.Truth
	if err := jsonUnmarshal(b, &tr); err != nil {
		t.Fatal(err)
	}
	return &scenario{st: st, truth: tr, dir: dir}
}
