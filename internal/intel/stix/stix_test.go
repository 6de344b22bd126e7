package stix

import (
	"bytes"
	"errors"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/intel/tagpack"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

var now = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func realLabels(t *testing.T) []intel.Label {
	fbi, _, err := csvlabels.ReadFormat("fbi-psa-bybit", sharedtest.Path(t, "fbi-psa-bybit", "fbi_psa250226_eth_addresses.txt"), csvlabels.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	laz, _, err := tagpack.ReadFile(sharedtest.Path(t, "graphsense-tagpacks", "packs", "lazarus.yaml"), tagpack.Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	extra := intel.Label{Chain: "bch", Address: "bitcoincash:qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a", Entity: "O'Brien's \\ desk",
		Category: intel.Sanctioned, Source: "SDN document", Importer: intel.ImporterOFACXML, ImportedAt: now,
		Confidence: 60, TLP: intel.TLPAmberStrict, List: "SDN List", Programs: []string{"DPRK3", "CYBER2"}, ListEntryID: "27307", ListDate: "2025-11-19"}
	return append(append(fbi, laz...), extra)
}

func TestRoundTrip(t *testing.T) {
	in := realLabels(t)
	var buf bytes.Buffer
	if err := WriteBundle(&buf, in); err != nil {
		t.Fatal(err)
	}
	out, err := Read(bytes.NewReader(buf.Bytes()), "b.json", Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != len(in) {
		t.Fatalf("%d labels back, want %d", len(out), len(in))
	}
	for i := range in {
		a, b := in[i], out[i]
		a.Importer, b.Importer = "", ""
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("label %d:\n in  %+v\n out %+v", i, a, b)
		}
	}
	// Deterministic and UUIDv5 ids.
	var again bytes.Buffer
	WriteBundle(&again, in)
	if !bytes.Equal(buf.Bytes(), again.Bytes()) {
		t.Error("bundle not deterministic")
	}
	v5 := regexp.MustCompile(`"id": "[a-z-]+--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"`)
	if n := len(v5.FindAll(buf.Bytes(), -1)); n < len(in) {
		t.Errorf("only %d UUIDv5 ids", n)
	}
	for _, want := range []string{TLPMarkingIDs[intel.TLPClear], TLPMarkingIDs[intel.TLPAmberStrict], `"tlp_2_0": "amber+strict"`, `"relationship_type": "indicates"`, `"name": "Lazarus Group"`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("bundle lacks %s", want)
		}
	}
}

const foreign = `{"type":"bundle","id":"bundle--1","objects":[
 {"type":"threat-actor","id":"threat-actor--a","name":"Lazarus Group"},
 {"type":"indicator","id":"indicator--1","name":"Bybit exploiter","pattern":"[cryptocurrency-wallet:value = '0x47666Fab8bd0Ac7003bce3f5C3585383F09486E2'] OR [x-crypto-address:address = '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa']","pattern_type":"stix","labels":["heist"],"confidence":90,
  "object_marking_refs":["marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"],"external_references":[{"source_name":"x","url":"https://example.org/bybit"}]},
 {"type":"relationship","id":"relationship--1","relationship_type":"indicates","source_ref":"indicator--1","target_ref":"threat-actor--a"},
 {"type":"observed-data","id":"observed-data--1","objects":{"0":{"type":"cryptocurrency-wallet","value":"TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq"}},"indicator_types":["anonymization"]},
 {"type":"x-crypto-wallet","id":"x-crypto-wallet--1","address":"bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"},
 {"type":"observed-data","id":"observed-data--2","object_refs":["x-crypto-wallet--1"],"labels":["exchange"]}
]}`

func TestReadForeign(t *testing.T) {
	ls, err := Read(strings.NewReader(foreign), "f.json", Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	want := []struct{ chain, addr, entity, actor string }{
		{"eth", "0x47666fab8bd0ac7003bce3f5c3585383f09486e2", "Bybit exploiter", "Lazarus Group"},
		{"btc", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "Bybit exploiter", "Lazarus Group"},
		{"trx", "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq", "STIX observed-data--1", ""},
		{"btc", "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4", "STIX observed-data--2", ""},
	}
	if len(ls) != len(want) {
		t.Fatalf("%d labels", len(ls))
	}
	for i, w := range want {
		l := ls[i]
		if l.Chain != w.chain || l.Address != w.addr || l.Entity != w.entity || l.Actor != w.actor {
			t.Errorf("%d: %+v", i, l)
		}
	}
	if ls[0].TLP != intel.TLPClear || ls[0].Confidence != 90 || ls[0].Source != "https://example.org/bybit" || ls[0].Category != intel.Heist {
		t.Errorf("%+v", ls[0])
	}
	if ls[2].Category != intel.Mixer || ls[2].TLP != intel.TLPAmber || ls[3].Category != intel.Exchange {
		t.Errorf("%+v / %+v", ls[2], ls[3])
	}
}

func TestBadBundles(t *testing.T) {
	ind := func(extra string) string {
		return `{"type":"bundle","objects":[{"type":"identity","id":"identity--1","name":"x"},{"type":"indicator","id":"indicator--1","name":"n","pattern":"[cryptocurrency-wallet:value = '0x47666Fab8bd0Ac7003bce3f5C3585383F09486E2']"` + extra + `}]}`
	}
	cases := []struct {
		name, in string
		rec      int
	}{
		{"not json", "{", 0},
		{"not bundle", `{"type":"indicator"}`, 0},
		{"no category", ind(""), 2},
		{"unknown category", ind(`,"x_vigil_category":"casino"`), 2},
		{"confidence", ind(`,"labels":["heist"],"confidence":150`), 2},
		{"checksum", strings.Replace(ind(`,"labels":["heist"]`), "E2'", "E3'", 1), 2},
		{"bad object", `{"type":"bundle","objects":[{"type":"indicator","id":"indicator--1","confidence":"high"}]}`, 1},
	}
	for _, c := range cases {
		_, err := Read(strings.NewReader(c.in), "b.json", Options{})
		var ie *inputerr.Error
		if !errors.As(err, &ie) || ie.File != "b.json" || ie.Line != c.rec {
			t.Errorf("%s: err %v, want b.json record %d", c.name, err, c.rec)
		}
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(foreign))
	f.Fuzz(func(t *testing.T, b []byte) {
		ls, err := Read(bytes.NewReader(b), "f.json", Options{Now: now, DefaultCategory: intel.Scam})
		if err != nil && !inputerr.Is(err) {
			t.Fatalf("not an input error: %v", err)
		}
		var buf bytes.Buffer
		if err := WriteBundle(&buf, ls); err != nil {
			t.Fatal(err)
		}
	})
}
