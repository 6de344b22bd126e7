package incidents

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

func TestRegistry(t *testing.T) {
	incs, err := Registry()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]Incident{}
	for _, i := range incs {
		ids[i.ID] = i
	}
	for _, id := range []string{"bybit-2025-02-21", "dmm-bitcoin-2024-05-31", "wazirx-2024-07-18", "bingx-2024-09-19", "phemex-2025-01-23"} {
		if _, ok := ids[id]; !ok {
			t.Errorf("missing %s", id)
		}
	}
	by := ids["bybit-2025-02-21"]
	if by.Date.Value != "2025-02-21" || by.Seeds[0].Address != "0x47666fab8bd0ac7003bce3f5c3585383f09486e2" || by.Stolen[0].BaseUnits != "401346000000000000000000" {
		t.Errorf("bybit %+v", by)
	}
	if n := len(ids["bingx-2024-09-19"].Seeds); n != 13 {
		t.Errorf("bingx seeds %d", n)
	}
	if got := len(SeedLabels(by, time.Now())); got != 2 {
		t.Errorf("bybit seed labels %d", got)
	}
}

// TestSeedsInSources: every seed appears in the copied source notes.
func TestSeedsInSources(t *testing.T) {
	incs, _ := Registry()
	fbi, _, err := csvlabels.ReadFormat("fbi-psa-bybit", sharedtest.Path(t, "fbi-psa-bybit", "fbi_psa250226_eth_addresses.txt"), csvlabels.Options{})
	if err != nil {
		t.Fatal(err)
	}
	notes := map[string]string{}
	for _, f := range []string{"bybit", "bingx"} {
		b, err := readFile(sharedtest.Path(t, "dprk-heists-tayvano", "hacks-and-thefts", f+".md"))
		if err != nil {
			t.Fatal(err)
		}
		notes[f] = strings.ToLower(b)
	}
	for _, inc := range incs {
		key := strings.SplitN(inc.ID, "-", 2)[0]
		for _, s := range inc.Seeds {
			if !strings.Contains(notes[key], s.Address) {
				t.Errorf("%s seed %s not in %s.md", inc.ID, s.Address, key)
			}
		}
	}
	// The FBI addresses are all in bybit.md (cross-check of the two sources).
	for _, l := range fbi {
		if !strings.Contains(notes["bybit"], l.Address) {
			t.Errorf("FBI address %s not in bybit.md", l.Address)
		}
	}
}

func TestBadRegistry(t *testing.T) {
	cases := map[string]string{
		"syntax":        "incidents: [",
		"empty":         "incidents: []\n",
		"no source":     "incidents:\n  - id: a\n    name: A\n    date: {value: \"2024-01-01\"}\n    victim: {value: unknown}\n    actor: {value: unknown}\n",
		"bad date":      "incidents:\n  - id: a\n    name: A\n    date: {value: \"Jan 1\", sources: [s]}\n    victim: {value: unknown}\n    actor: {value: unknown}\n",
		"bad amount":    "incidents:\n  - id: a\n    name: A\n    date: {value: unknown}\n    victim: {value: unknown}\n    actor: {value: unknown}\n    stolen: [{asset: eth, base_units: \"1.5\", sources: [s]}]\n",
		"bad seed":      "incidents:\n  - id: a\n    name: A\n    date: {value: unknown}\n    victim: {value: unknown}\n    actor: {value: unknown}\n    seeds: [{chain: eth, address: \"0x47666Fab8bd0Ac7003bce3f5C3585383F09486E3\", role: theft, sources: [s]}]\n",
		"unknown chain": "incidents:\n  - id: a\n    name: A\n    date: {value: unknown}\n    victim: {value: unknown}\n    actor: {value: unknown}\n    chains: [eht]\n",
	}
	for name, y := range cases {
		_, err := Load([]byte(y), "r.yaml")
		var ie *inputerr.Error
		if !errors.As(err, &ie) || ie.File != "r.yaml" || ie.Line == 0 {
			t.Errorf("%s: err %v", name, err)
		}
	}
}

func FuzzLoad(f *testing.F) {
	f.Add(registryYAML)
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = Load(b, "f.yaml")
	})
}
