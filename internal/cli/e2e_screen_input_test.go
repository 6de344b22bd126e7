package cli_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/sharedtest"
)

// checkScreenInput: --input as lines and as CSV, --rules, and bad input
// (exit 2 naming the file and line, or the argument).
func checkScreenInput(t *testing.T, v *vigil, tr screenTruth) {
	t.Helper()
	dir := t.TempDir()
	lines := filepath.Join(dir, "addrs.txt")
	writeText(t, lines, "# addresses\n"+tr.Seeds[0]+"\n\n"+tr.Seeds[1]+"\n")
	var doc screenOut
	v.json(&doc, "screen", "--chain", "eth", "--input", lines)
	if len(doc.Results) != 2 || doc.Results[1].Address != tr.Seeds[1] {
		t.Errorf("--input lines: %+v", doc)
	}
	table := filepath.Join(dir, "addrs.csv")
	writeText(t, table, "name,Address\nseed,"+tr.Seeds[0]+"\n")
	rules := filepath.Join(dir, "rules.yaml")
	writeText(t, rules, "- name: everything-severe\n  when: {}\n  risk: severe\n")
	v.json(&doc, "screen", "--chain", "eth", "--input", table, "--rules", rules, "--explain")
	if len(doc.Results) != 1 || doc.Results[0].Risk != "severe" || doc.Results[0].Explain.Rule != "everything-severe" {
		t.Errorf("--input csv --rules: %+v", doc)
	}
	badLines := filepath.Join(dir, "bad.txt")
	writeText(t, badLines, tr.Seeds[0]+"\n0x1234\n")
	badCSV := filepath.Join(dir, "bad.csv")
	writeText(t, badCSV, "address,note\n"+tr.Seeds[0]+",ok\n\"unterminated\n")
	badRules := filepath.Join(dir, "bad.yaml")
	writeText(t, badRules, "rules:\n  - name: x\n    when: {direct_category: pirates}\n    risk: high\n")
	mixed := strings.ToUpper(tr.Seeds[0][:10]) + tr.Seeds[0][10:] // mixed case, wrong checksum
	cases := []struct {
		args []string
		msg  string
	}{
		{[]string{"--input", badLines}, "bad.txt:2:"},
		{[]string{"--input", badCSV}, "bad.csv:3:"},
		{[]string{tr.Seeds[0], "--rules", badRules}, "bad.yaml:3:"},
		{[]string{"0x12"}, "0x12"},
		{[]string{"0x" + mixed[2:]}, "checksum"},
		{[]string{"1BoatSLRHtKNngkdXEeobR76b53LETtpyT"}, "1BoatSLRHtKNngkdXEeobR76b53LETtpyT"},
		{[]string{}, "no address"},
		{[]string{tr.Seeds[0], "--hops", "0"}, "--hops"},
	}
	for _, c := range cases {
		args := append([]string{"screen", "--chain", "eth"}, c.args...)
		if code, out, errs := v.run(args...); code != 2 || out != "" || !strings.HasPrefix(errs, "vigil: ") || !strings.Contains(errs, c.msg) {
			t.Errorf("vigil %s: exit %d, stdout %q, stderr %q (want %q)", strings.Join(args, " "), code, out, errs, c.msg)
		}
	}
	if code, _, errs := v.run("screen", "--chain", "nope", tr.Seeds[0]); code != 2 || !strings.Contains(errs, "nope") {
		t.Errorf("unknown chain: exit %d, %q", code, errs)
	}
}

// TestScreenOFAC imports the OFAC SDN list and screens every sanctioned
// eth and btc address it lists (as a CSV --input, the labels export):
// all are severe by direct exposure, with the store holding no moves.
func TestScreenOFAC(t *testing.T) {
	xml := sharedtest.Path(t, "ofac-sdn-crypto", "brave-intl-lists", "sdn_advanced.xml.bz2")
	v := newVigil(t)
	v.ok("labels", "import", "--quiet", "--format", "ofac-xml", xml)
	for _, ch := range []string{"eth", "btc"} {
		list := filepath.Join(t.TempDir(), ch+".csv")
		v.ok("labels", "export", "--format", "csv", "--chain", ch, "-o", list)
		var doc screenOut
		v.json(&doc, "screen", "--chain", ch, "--input", list, "--explain")
		if len(doc.Results) < 50 {
			t.Fatalf("%s: only %d OFAC addresses", ch, len(doc.Results))
		}
		for _, r := range doc.Results {
			if r.Risk != "severe" || r.Known || len(r.Direct) == 0 || r.Explain.Rule != "sanctioned-direct" || !strings.Contains(r.Direct[0].Source, "treasury.gov") {
				t.Errorf("%s %s: %+v", ch, r.Address, r)
			}
		}
	}
}
