package cli_test

import (
	"compress/bzip2"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

const (
	roninExploiter = "0x098B716B8Aaf21512996dC57EB0615e2383E2f96"
	tornadoRouter  = "0xd90e2f925da726b50c4ed8d0fb90ad053324f31b"
)

func hasSanctioned(ls []lbLabel) bool {
	for _, l := range ls {
		if l.Category == "sanctioned" && l.Status == "current" && l.Confidence != nil && l.Actor != nil {
			return true
		}
	}
	return false
}

func TestLabelsOFAC(t *testing.T) {
	v := ofacHistory(t)
	brave := lbShared(t, "ofac-sdn-crypto", "brave-intl-lists")
	t.Run("every listed address", func(t *testing.T) {
		for chainName, asset := range map[string]string{"eth": "ETH", "btc": "XBT"} {
			want := lbLines(t, filepath.Join(brave, "sanctioned_addresses_"+asset+".txt"))
			got := map[string][]lbLabel{}
			for i := 0; i < len(want); i += 100 {
				for k, ls := range v.get(chainName, false, want[i:min(i+100, len(want))]...) {
					got[strings.ToLower(k)] = ls
				}
			}
			for _, a := range want {
				if !hasSanctioned(got[strings.ToLower(a)]) {
					t.Errorf("%s %s: no current sanctioned label: %+v", chainName, a, got[strings.ToLower(a)])
				}
			}
		}
	})
	t.Run("Ronin exploiter is Lazarus", func(t *testing.T) {
		ls := v.get("", false, roninExploiter)["0x098b716b8aaf21512996dc57eb0615e2383e2f96"]
		found := false
		for _, l := range ls {
			found = found || l.Entity == "Lazarus Group" && strings.Join(l.Programs, ",") == "DPRK3"
		}
		if !found {
			t.Errorf("%+v", ls)
		}
	})
	t.Run("Tornado Cash delisted", func(t *testing.T) {
		if ls := v.get("eth", false, tornadoRouter)[tornadoRouter]; len(ls) != 0 {
			t.Errorf("current labels of a delisted address: %+v", ls)
		}
		ls := v.get("eth", true, tornadoRouter)[tornadoRouter]
		if len(ls) != 1 || ls[0].Status != "delisted" || ls[0].DelistedAt != "2025-11-19" {
			t.Errorf("history: %+v", ls)
		}
		var diff struct {
			Scopes []struct {
				Scope    string                     `json:"scope"`
				Previous string                     `json:"previous"`
				Delisted []struct{ Address string } `json:"delisted"`
				Added    []struct{ Address string } `json:"added"`
			} `json:"scopes"`
		}
		v.jsonOut(&diff, "labels", "diff", "--scope", "ofac")
		if len(diff.Scopes) != 1 || diff.Scopes[0].Previous != "2024-09-27" || len(diff.Scopes[0].Added) == 0 {
			t.Fatalf("diff: %+v", diff)
		}
		found := false
		for _, d := range diff.Scopes[0].Delisted {
			found = found || d.Address == tornadoRouter
		}
		if !found {
			t.Errorf("Tornado router not in the delisted diff (%d delisted)", len(diff.Scopes[0].Delisted))
		}
	})
	t.Run("idempotent re-import", func(t *testing.T) {
		before := v.ok("labels", "export", "--format", "csv", "--history")
		var res struct {
			Editions []struct {
				Same                      bool
				Added, Delisted, Replaced int
			} `json:"editions"`
		}
		v.jsonOut(&res, "labels", "import", "--format", "ofac-xml", filepath.Join(brave, "sdn_advanced.xml.bz2"))
		if len(res.Editions) != 1 || !res.Editions[0].Same || res.Editions[0].Added+res.Editions[0].Delisted+res.Editions[0].Replaced != 0 {
			t.Errorf("%+v", res)
		}
		if after := v.ok("labels", "export", "--format", "csv", "--history"); after != before {
			t.Error("re-import changed the labels")
		}
	})
	t.Run("search", func(t *testing.T) {
		var res struct {
			Results []struct {
				Entity    string
				Programs  []string
				Addresses []struct{ Chain, Address string }
			} `json:"results"`
		}
		v.jsonOut(&res, "labels", "search", "LAZARUS")
		if len(res.Results) == 0 || res.Results[0].Entity != "Lazarus Group" || len(res.Results[0].Addresses) != 8 {
			t.Errorf("%+v", res)
		}
		v.jsonOut(&res, "labels", "search", "hidden cobra") // an alias
		if len(res.Results) == 0 || res.Results[0].Entity != "Lazarus Group" {
			t.Errorf("alias: %+v", res)
		}
	})
	t.Run("address labels", func(t *testing.T) {
		var doc struct {
			Labels []lbLabel `json:"labels"`
		}
		v.jsonOut(&doc, "address", "--chain", "eth", roninExploiter)
		if !hasSanctioned(doc.Labels) {
			t.Errorf("%+v", doc)
		}
	})
}

func TestLabelsTagPacksAndSTIX(t *testing.T) {
	v := newLB(t)
	packs, _ := filepath.Glob(lbShared(t, "graphsense-tagpacks", "packs", "*.yaml"))
	if len(packs) != 26 {
		t.Fatalf("%d packs", len(packs))
	}
	var res struct {
		Editions []struct{ Scope string } `json:"editions"`
	}
	v.jsonOut(&res, append([]string{"labels", "import", "--format", "tagpack"}, packs...)...)
	if len(res.Editions) != 26 {
		t.Errorf("%d editions", len(res.Editions))
	}
	const laz = "134r8iHv69xdT6p5qVKTsHrcUEuBVZAYak"
	ls := v.get("", false, laz)[laz]
	found := false
	for _, l := range ls {
		found = found || strings.Contains(strings.ToLower(l.Entity+" "+*l.Actor), "lazarus")
	}
	if !found {
		t.Errorf("%s: %+v", laz, ls)
	}
	// STIX round trip through the CLI: export, import into a fresh store,
	// same (chain, address, entity, category) set.
	bundle := filepath.Join(t.TempDir(), "labels.stix.json")
	v.ok("labels", "export", "--format", "stix", "-o", bundle)
	w := newLB(t)
	w.ok("labels", "import", "--format", "stix", bundle)
	a, b := exportKeys(t, v), exportKeys(t, w)
	if len(a) == 0 || strings.Join(a, "\n") != strings.Join(b, "\n") {
		t.Errorf("round trip: %d labels exported, %d after import", len(a), len(b))
	}
}

// exportKeys lists chain,address,entity,category of every current label.
func exportKeys(t *testing.T, v *lbStore) []string {
	out := v.ok("labels", "export", "--format", "csv")
	var keys []string
	seen := map[string]bool{}
	for _, line := range strings.Split(out, "\n")[1:] {
		f := strings.SplitN(line, ",", 5)
		if len(f) < 4 {
			continue
		}
		k := strings.Join(f[:4], ",")
		if !seen[k] {
			seen[k] = true
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	return keys
}

var errLine = regexp.MustCompile(`^vigil: labels: [^:]+:\d+: .+\n$`)

func TestLabelsBadInput(t *testing.T) {
	dir := t.TempDir()
	f, err := os.Open(lbShared(t, "ofac-sdn-crypto", "brave-intl-lists", "sdn_advanced.xml.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(bzip2.NewReader(f))
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	broken := lbWrite(t, dir, "broken.xml", string(raw[:len(raw)/2]))
	good := lbWrite(t, dir, "good.csv", "chain,address,entity,category,source,confidence\neth,"+roninExploiter+",Ronin exploiter,heist,https://example.org,authority_data\n")
	badCat := lbWrite(t, dir, "bad.csv", "chain,address,entity,category,source,confidence\n"+
		"eth,0x0000000000000000000000000000000000000001,A,exchange,https://example.org,50\n"+
		"eth,0x0000000000000000000000000000000000000002,B,casino,https://example.org,50\n")
	badConf := lbWrite(t, dir, "conf.csv", "chain,address,entity,category,source,confidence\neth,0x0000000000000000000000000000000000000003,C,exchange,x,101\n")
	badAddr := lbWrite(t, dir, "addr.csv", "chain,address,entity,category,source,confidence\neth,0x098B716B8Aaf21512996dC57EB0615e2383E2f97,C,exchange,x,50\n")

	fresh := newLB(t)
	code, _, errs := fresh.run("labels", "import", "--format", "ofac-xml", broken)
	if code != 2 || !strings.Contains(errs, "broken.xml") {
		t.Errorf("truncated XML: exit %d, %q", code, errs)
	}
	if ls := fresh.get("eth", true, "0x7f367cc41522ce07553e823bf3be79a889debe1b"); len(ls["0x7f367cc41522ce07553e823bf3be79a889debe1b"]) != 0 {
		t.Error("truncated XML imported labels")
	}

	v := newLB(t)
	v.ok("labels", "import", "--format", "csv", good)
	before := v.ok("labels", "export", "--format", "csv", "--history")
	for _, c := range []struct{ file, line string }{{broken, ""}, {badCat, "bad.csv:3:"}, {badConf, "conf.csv:2:"}, {badAddr, "addr.csv:2:"}} {
		format := "csv"
		if c.file == broken {
			format = "ofac-xml"
		}
		// A good file next to the bad one is not imported either.
		code, out, errs := v.run("labels", "import", "--format", format, c.file)
		if code != 2 || out != "" || !errLine.MatchString(errs) || !strings.Contains(errs, c.line) {
			t.Errorf("%s: exit %d, stderr %q", c.file, code, errs)
		}
	}
	code, _, _ = v.run("labels", "import", "--format", "csv", good, badCat)
	if code != 2 {
		t.Errorf("good+bad: exit %d", code)
	}
	if after := v.ok("labels", "export", "--format", "csv", "--history"); after != before {
		t.Errorf("bad input changed the store:\n%s\n---\n%s", before, after)
	}
}

func TestLabelsCSVEditions(t *testing.T) {
	v := newLB(t)
	dir := t.TempDir()
	head := "chain,address,entity,category,source,confidence,actor,tlp\n"
	row := func(n, entity string) string {
		return "eth,0x00000000000000000000000000000000000000" + n + "," + entity + ",exchange,https://example.org,web_crawl,,GREEN\n"
	}
	jan := lbWrite(t, dir, "jan.csv", head+row("01", "One")+row("02", "Two"))
	old := lbWrite(t, dir, "old.csv", head+row("01", "One")+row("03", "Three"))
	v.ok("labels", "import", "--format", "csv", "--scope", "my-list", "--date", "2025-01-01", jan)
	v.ok("labels", "import", "--format", "csv", "--scope", "my-list", "--date", "2024-01-01", old)
	three := "0x0000000000000000000000000000000000000003"
	if ls := v.get("eth", false, three)[three]; len(ls) != 0 {
		t.Errorf("label of an older edition is current: %+v", ls)
	}
	ls := v.get("eth", true, three)[three]
	if len(ls) != 1 || ls[0].Status != "delisted" || ls[0].DelistedAt != "2025-01-01" {
		t.Errorf("history: %+v", ls)
	}
	var out map[string]any
	v.jsonOut(&out, "labels", "get", "0x0000000000000000000000000000000000000001")
	b, _ := json.Marshal(out)
	if !strings.Contains(string(b), `"tlp":"GREEN"`) || !strings.Contains(string(b), `"confidence":20`) {
		t.Errorf("%s", b)
	}
}

func TestLabelsNamedFormat(t *testing.T) {
	v := newLB(t)
	v.ok("labels", "import", "--format", "csv", "--named", "fbi-psa-bybit", lbShared(t, "fbi-psa-bybit", "fbi_psa250226_eth_addresses.txt"))
	var res struct {
		Results []struct{ Addresses []any } `json:"results"`
	}
	v.jsonOut(&res, "labels", "search", "bybit")
	if len(res.Results) != 1 || len(res.Results[0].Addresses) != 51 {
		t.Errorf("%+v", res)
	}
}
