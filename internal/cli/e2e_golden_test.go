package cli_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/demo"
)

// updateGolden reports -update: rewrite testdata/*.golden. init defines
// the flag unless another test file of the binary already has.
func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

func init() {
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite the golden files under testdata")
	}
}

// golden compares got with testdata/name, or writes it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if updateGolden() {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, path, []byte(got))
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test -update rewrites it):\ngot:\n%s\nwant:\n%s", name, path, got, want)
	}
}

// TestDemo runs `vigil demo` and checks the JSON of stats, address and tx
// on the store it leaves against golden files.
func TestDemo(t *testing.T) {
	v := newVigil(t)
	code, out, errs := v.run("demo")
	if code != 0 || errs != "" {
		t.Fatalf("demo: exit %d, stderr %q", code, errs)
	}
	for _, step := range []string{"$ vigil ingest ethereum-etl", "$ vigil ingest bitcoin-etl", "$ vigil stats",
		"$ vigil address --chain eth", "$ vigil tx --chain btc", "$ vigil trace --chain eth",
		"ground truth (truth.json): 23 of 23 endpoints found with the exact amount, entity and deposit wallet; 23 endpoints reported",
		"$ vigil report incident --chain eth", "$ vigil report freeze --chain eth", "risk HIGH\n  indirect received  heist  Simulated Heist"} {
		if !strings.Contains(out, step) {
			t.Errorf("demo output lacks %q:\n%s", step, out)
		}
	}
	golden(t, "demo_stats.golden", v.json(new(statsDoc), "stats"))
	var b strings.Builder
	for _, a := range [][2]string{{"eth", demoEthAddr}, {"eth", strings.ToUpper(demoEthFrom[:20]) + demoEthFrom[20:]},
		{"btc", genesisAddr}, {"btc", demoBTCFrom}, {"btc", "1BitcoinEaterAddressDontSendf59kuE"}} {
		b.WriteString(v.json(new(addrDoc), "address", "--chain", a[0], a[1]))
	}
	golden(t, "demo_address.golden", b.String())
	b.Reset()
	for _, h := range [][2]string{{"eth", demoEthTx}, {"btc", demoBTCTx},
		{"btc", "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"}} {
		b.WriteString(v.json(new(txDoc), "tx", "--chain", h[0], h[1]))
	}
	golden(t, "demo_tx.golden", b.String())
}

// TestJSONStdout checks that --json prints exactly one JSON document on
// stdout and that logs and progress go to stderr only.
func TestJSONStdout(t *testing.T) {
	p, err := demo.Extract(t.TempDir())
	ethDir, btcDir := p.Eth, p.Btc
	if err != nil {
		t.Fatal(err)
	}
	v := newVigil(t)
	for _, c := range [][]string{{"ethereum-etl", ethDir}, {"bitcoin-etl", btcDir}} {
		code, out, errs := v.run("ingest", c[0], c[1], "--json")
		var res map[string]any
		decodeOne(t, out, &res)
		if code != 0 || res["blocks_written"] == nil {
			t.Errorf("ingest %s --json: exit %d, %v", c[0], code, res)
		}
		lines := strings.Split(strings.TrimSuffix(errs, "\n"), "\n")
		if errs == "" || !strings.HasSuffix(errs, "\n") {
			t.Errorf("ingest %s: no progress on stderr (%q)", c[0], errs)
		}
		for _, l := range lines {
			if !strings.HasPrefix(l, "vigil: ") {
				t.Errorf("ingest %s: stderr line %q", c[0], l)
			}
		}
	}
	// Without --json: one summary line on stdout, progress on stderr.
	code, out, errs := v.run("ingest", "ethereum-etl", ethDir)
	if code != 0 || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "ingested eth") || !strings.Contains(errs, "vigil: ") {
		t.Errorf("ingest: exit %d, stdout %q, stderr %q", code, out, errs)
	}
	for _, args := range [][]string{{"stats"}, {"address", "--chain", "eth", demoEthAddr}, {"address", "--chain", "btc", genesisAddr, demoBTCFrom},
		{"tx", "--chain", "eth", demoEthTx}, {"tx", "--chain", "btc", demoBTCTx}, {"address", "--chain", "eth", "0x" + strings.Repeat("0", 40)}} {
		code, out, errs := v.run(append(args, "--json")...)
		var doc map[string]any
		decodeOne(t, out, &doc)
		if code != 0 || errs != "" || len(doc) == 0 {
			t.Errorf("%v --json: exit %d, stderr %q, %v", args, code, errs, doc)
		}
	}
	// An empty data directory: stats is an empty list, not an error.
	e := newVigil(t)
	var doc statsDoc
	if e.json(&doc, "stats"); doc.Chains == nil || len(doc.Chains) != 0 {
		t.Errorf("stats of an empty store: %+v", doc)
	}
	// Errors: nothing on stdout, one line on stderr.
	for _, args := range [][]string{{"tx", "--chain", "eth", "0x" + strings.Repeat("1", 64)}, {"address", "--chain", "xyz", "a"},
		{"address", "--chain", "eth", "0x12"}, {"stats", "extra"}, {"nosuchcommand"}} {
		code, out, errs := v.run(append(args, "--json")...)
		if code == 0 || out != "" || strings.Count(errs, "\n") != 1 || !strings.HasPrefix(errs, "vigil: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, out, errs)
		}
	}
}
