package cli_test

import (
	"archive/zip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// reportScenario loads a simulated heist and registers it as an incident
// (with a hostile name) the way a user would.
func reportScenario(t *testing.T) (*vigil, []string) {
	v := newVigil(t)
	simDir := filepath.Join(t.TempDir(), "sim")
	v.ok("simulate", "eth", "--seed", "7", "--background", "1000", "--out", simDir)
	v.ok("ingest", "ethereum-etl", "--quiet", simDir)
	v.ok("labels", "import", "--quiet", "--format", "csv", filepath.Join(simDir, "labels.csv"))
	var truth struct {
		Seeds []string `json:"seeds"`
	}
	b, err := os.ReadFile(filepath.Join(simDir, "truth.json"))
	if err != nil || json.Unmarshal(b, &truth) != nil {
		t.Fatalf("truth.json: %v", err)
	}
	var seeds strings.Builder
	for _, s := range truth.Seeds {
		fmt.Fprintf(&seeds, "      - {chain: eth, address: %q, role: theft, sources: [\"https://example.org/sim\"]}\n", s)
	}
	yaml := `incidents:
  - id: sim-heist
    name: "Sim <script>alert(1)</script> heist"
    date: {value: "2022-10-20", sources: ["https://example.org/sim"]}
    victim: {value: Simulated Exchange, sources: ["https://example.org/sim"]}
    actor: {value: unknown}
    chains: [eth]
    stolen_usd: [{value: "1000000", sources: ["https://example.org/sim"]}]
    seeds:
` + seeds.String()
	path := filepath.Join(t.TempDir(), "sim-incident.yaml")
	writeFile(t, path, []byte(yaml))
	v.ok("incidents", "import", path)
	return v, truth.Seeds
}

// TestReportCLI runs the report commands as a user would: each format, to
// stdout and to a file, the freeze ZIP, the summary, and bad input.
func TestReportCLI(t *testing.T) {
	v, seeds := reportScenario(t)
	var doc struct {
		Kind      string `json:"kind"`
		Endpoints []struct{ Entity, Channel string }
		Channels  []struct{ Channel string }
	}
	v.json(&doc, "report", "incident", "sim-heist")
	if doc.Kind != "vigil_incident_report" || len(doc.Endpoints) < 10 || doc.Channels[0].Channel != "exchange" {
		t.Errorf("json report: %+v", doc)
	}
	dir := t.TempDir()
	html := filepath.Join(dir, "r.html")
	charts := filepath.Join(dir, "charts")
	if _, _, errs := v.run("report", "incident", "sim-heist", "--format", "html", "--out", html, "--charts", charts); !strings.Contains(errs, "wrote "+html) {
		t.Errorf("stderr %q", errs)
	}
	for _, name := range []string{"channels-eth.svg", "flow-eth.svg", "daily.svg", "speed.svg"} {
		if b, err := os.ReadFile(filepath.Join(charts, name)); err != nil || !strings.HasPrefix(string(b), "<svg ") {
			t.Errorf("chart %s: %v", name, err)
		}
	}
	if fi, err := os.Stat(html); err != nil || fi.Mode().Perm() != 0o644 {
		t.Errorf("report file mode: %v %v", fi, err)
	}
	b, err := os.ReadFile(html)
	if err != nil || !strings.Contains(string(b), "Sim &lt;script&gt;alert(1)&lt;/script&gt; heist") || strings.Contains(string(b), "<script>") {
		t.Errorf("HTML report (%v) does not escape the incident name", err)
	}
	args := []string{"report", "incident", "--chain", "eth", "--format", "md"}
	for _, s := range seeds {
		args = append(args, "--seed", s)
	}
	if md := v.ok(args...); !strings.HasPrefix(md, "# Trace of ") || !strings.Contains(md, "## Laundering speed") {
		t.Errorf("seed report:\n%.300s", md)
	}
	checkFreezeCLI(t, v, dir)
	csv := v.ok("report", "summary")
	if !strings.HasPrefix(csv, "table,key,incidents,asset,amount,note\n") || !strings.Contains(csv, "incident,sim-heist,1,usd_published,1000000") ||
		!strings.Contains(csv, "channel,exchange,1,eth,") {
		t.Errorf("summary CSV:\n%s", csv)
	}
}

func checkFreezeCLI(t *testing.T, v *vigil, dir string) {
	t.Helper()
	all := filepath.Join(dir, "all.zip")
	v.ok("report", "freeze", "sim-heist", "--out", all, "--from", "Unit test")
	one := filepath.Join(dir, "one.zip")
	v.ok("report", "freeze", "sim-heist", "--exchange", "kestrel exchange", "--out", one)
	for path, want := range map[string]int{all: 9, one: 3} {
		zr, err := zip.OpenReader(path)
		if err != nil {
			t.Fatal(err)
		}
		if len(zr.File) != want {
			t.Errorf("%s: %d files, want %d", path, len(zr.File), want)
		}
		for _, f := range zr.File {
			if !strings.HasSuffix(f.Name, "/letter.html") && !strings.HasSuffix(f.Name, "/accounts.csv") && !strings.HasSuffix(f.Name, "/evidence.json") {
				t.Errorf("%s: unexpected %s", path, f.Name)
			}
		}
		zr.Close()
	}
}

// TestReportBadInput: unknown incidents, exchanges, formats and missing
// arguments exit 2 with one clear line and write no file.
func TestReportBadInput(t *testing.T) {
	v, _ := reportScenario(t)
	out := filepath.Join(t.TempDir(), "x.zip")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"report"}, "usage: vigil report"},
		{[]string{"report", "pdf"}, `unknown report "pdf"`},
		{[]string{"report", "incident", "nope"}, `no incident "nope"`},
		{[]string{"report", "incident", "sim-heist", "--format", "pdf"}, `--format: unknown report format "pdf": want md, html, json`},
		{[]string{"report", "incident"}, "an incident ID or --chain C --seed ADDRESS is needed"},
		{[]string{"report", "incident", "--seed", "0x47666fab8bd0ac7003bce3f5c3585383f09486e2"}, "--chain is required"},
		{[]string{"report", "incident", "sim-heist", "--policy", "lifo"}, `--policy: policy "lifo"`},
		{[]string{"report", "incident", "bybit-2025-02-21"}, "no such address in the eth data"},
		{[]string{"report", "incident", "dmm-bitcoin-2024-05-31"}, "incident dmm-bitcoin-2024-05-31 has no seed addresses"},
		{[]string{"report", "freeze", "sim-heist"}, "--out FILE.zip is required"},
		{[]string{"report", "freeze", "sim-heist", "--out", out, "--exchange", "Binance"}, `exchange "Binance" received nothing in this trace (exchanges: Harbor Exchange, Kestrel Exchange, Northwind Exchange)`},
		{[]string{"report", "summary", "--format", "md"}, `unknown report format "md": want csv, json, html`},
		{[]string{"report", "incident", "sim-heist", "--asset", "eth:0x12=X"}, "want ASSET=SYMBOL:DECIMALS"},
	}
	for _, tc := range tests {
		code, stdout, errs := v.run(tc.args...)
		if code != 2 || !strings.Contains(errs, tc.want) || strings.Count(errs, "\n") != 1 || stdout != "" {
			t.Errorf("vigil %s: exit %d, stderr %q, stdout %.80q; want 2 and %q", strings.Join(tc.args, " "), code, errs, stdout, tc.want)
		}
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("a failed freeze left %s", out)
	}
}
