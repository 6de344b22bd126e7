package cli_test

import (
	"strings"
	"testing"
)

const testIncident = `incidents:
  - id: test-2025-06-01
    name: Test exchange theft
    date: {value: "2025-06-01", sources: ["https://example.org/report"]}
    victim: {value: TestEx, sources: ["https://example.org/report"]}
    actor: {value: unknown}
    chains: [eth]
    stolen:
      - {asset: eth, base_units: "1000000000000000000", sources: ["https://example.org/report"]}
    seeds:
      - {chain: eth, address: "0x0000000000000000000000000000000000000abc", role: theft, note: "thief", sources: ["https://example.org/report"]}
`

type incDoc struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Origin string `json:"origin"`
	Date   struct {
		Value   string   `json:"value"`
		Sources []string `json:"sources"`
	} `json:"date"`
	Seeds []struct{ Address string } `json:"seeds"`
}

func TestIncidents(t *testing.T) {
	v := newLB(t)
	var list struct {
		Incidents []incDoc `json:"incidents"`
	}
	v.jsonOut(&list, "incidents", "list")
	want := map[string]string{"bybit-2025-02-21": "2025-02-21", "dmm-bitcoin-2024-05-31": "2024-05-31",
		"wazirx-2024-07-18": "2024-07-18", "phemex-2025-01-23": "2025-01-23"}
	for _, inc := range list.Incidents {
		if d, ok := want[inc.ID]; ok && inc.Date.Value == d && len(inc.Date.Sources) > 0 && inc.Origin == "registry" {
			delete(want, inc.ID)
		}
	}
	if len(want) != 0 || len(list.Incidents) < 5 {
		t.Errorf("registry lacks %v (%d incidents)", want, len(list.Incidents))
	}
	var one incDoc
	v.jsonOut(&one, "incidents", "show", "bybit-2025-02-21")
	if one.Name == "" || len(one.Seeds) == 0 {
		t.Errorf("%+v", one)
	}
	if code, _, _ := v.run("incidents", "show", "no-such-id"); code != 2 {
		t.Errorf("unknown id: exit %d", code)
	}

	file := lbWrite(t, t.TempDir(), "mine.yaml", testIncident)
	v.ok("incidents", "import", file)
	v.ok("incidents", "import", file) // idempotent
	v.jsonOut(&list, "incidents", "list")
	n := 0
	for _, inc := range list.Incidents {
		if inc.ID == "test-2025-06-01" && inc.Origin == "imported" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("imported incident listed %d times", n)
	}
	seed := "0x0000000000000000000000000000000000000abc"
	if ls := v.get("eth", false, seed)[seed]; len(ls) != 1 || ls[0].Category != "heist" || ls[0].Entity != "Test exchange theft" {
		t.Errorf("seed label: %+v", ls)
	}
	if !strings.Contains(v.ok("incidents", "show", "test-2025-06-01"), "thief") {
		t.Error("human show lacks the seed note")
	}

	bad := lbWrite(t, t.TempDir(), "bad.yaml", strings.Replace(testIncident, `"2025-06-01", sources`, `"2025-13-01", sources`, 1))
	code, _, errs := v.run("incidents", "import", bad)
	if code != 2 || !strings.Contains(errs, "bad.yaml:2:") {
		t.Errorf("bad incident: exit %d %q", code, errs)
	}
}
