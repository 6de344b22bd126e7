package cli_test

import (
	"os"
	"path/filepath"
	"testing"
)

type screenNameOut struct {
	Results []struct {
		Query   string `json:"query"`
		Hit     bool   `json:"hit"`
		Matches []struct {
			Entity      string   `json:"entity"`
			Alias       string   `json:"alias"`
			Score       string   `json:"score"`
			Source      string   `json:"source"`
			List        string   `json:"list"`
			Programs    []string `json:"programs"`
			ListEntryID string   `json:"list_entry_id"`
		} `json:"matches"`
	} `json:"results"`
}

// TestScreenNameLabels: names come from the labels of the store (entity,
// actor); exchanges are not screened against.
func TestScreenNameLabels(t *testing.T) {
	v := newVigil(t)
	dir := t.TempDir()
	csvPath := filepath.Join(dir, "labels.csv")
	os.WriteFile(csvPath, []byte("chain,address,entity,category,source,confidence,actor\n"+
		"eth,0x098b716b8aaf21512996dc57eb0615e2383e2f96,Ronin Bridge Exploiter,heist,https://x,90,Lazarus Group\n"+
		"eth,0x28c6c06298d514db089934071355e5743bf21d60,Binance,exchange,https://x,90,\n"), 0o644)
	v.ok("labels", "import", "--format", "csv", csvPath)
	names := filepath.Join(dir, "names.txt")
	os.WriteFile(names, []byte("Lazarus Group\n\n# comment\nBinance\nRonin Bridge Exploitr\n"), 0o644)
	var out screenNameOut
	v.json(&out, "screen-name", "--input", names, "--json")
	if len(out.Results) != 3 {
		t.Fatalf("%+v", out)
	}
	if r := out.Results[0]; !r.Hit || r.Matches[0].Entity != "Ronin Bridge Exploiter" || r.Matches[0].Alias != "Lazarus Group" || r.Matches[0].Score != "1.00" {
		t.Errorf("actor: %+v", r)
	}
	if r := out.Results[1]; r.Hit || r.Matches == nil {
		t.Errorf("exchange screened: %+v", r)
	}
	if r := out.Results[2]; !r.Hit || r.Matches[0].Programs == nil {
		t.Errorf("typo: %+v", r)
	}
}

// TestScreenNameSDN: labels import --format ofac-xml also stores the names
// table (every party, aliases in Hangul too): Kim Jong Un has no crypto
// address, so no label.
func TestScreenNameSDN(t *testing.T) {
	sdn := filepath.Join(e2eShared(t), "ofac-sdn-crypto", "brave-intl-lists", "sdn_advanced.xml.bz2")
	v := newVigil(t)
	v.ok("labels", "import", "--format", "ofac-xml", sdn)
	var out screenNameOut
	v.json(&out, "screen-name", "--json", "--limit", "1", "김정은")
	m := out.Results[0].Matches
	if len(m) != 1 || m[0].Entity != "Kim Jong Un" || m[0].ListEntryID != "20157" || m[0].List != "SDN List" || m[0].Programs[0] != "DPRK3" {
		t.Errorf("%+v", out)
	}
}

func TestScreenNameBadUsage(t *testing.T) {
	v := newVigil(t)
	for _, args := range [][]string{
		{"screen-name"},
		{"screen-name", " "},
		{"screen-name", "--threshold", "0", "x"},
		{"screen-name", "--threshold", "1.5", "x"},
		{"screen-name", "--limit", "-1", "x"},
		{"screen-name", "--input", "/nonexistent/names.txt"},
		{"screen-name", "--bogus", "x"},
		{"names", "import"},
		{"names", "export", "x"},
	} {
		if code, _, _ := v.run(args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
}
