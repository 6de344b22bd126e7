package intel

import (
	"strings"
	"testing"
	"time"
)

func good() Label {
	return Label{Chain: "eth", Address: "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", Entity: "Lazarus Group",
		Category: Sanctioned, Source: "https://example.org", Importer: ImporterCSV, ImportedAt: time.Unix(0, 0),
		Confidence: 60}
}

func TestNormalizeValidate(t *testing.T) {
	l := good()
	if err := l.Normalize(); err != nil {
		t.Fatal(err)
	}
	if l.Address != "0x098b716b8aaf21512996dc57eb0615e2383e2f96" || l.TLP != TLPAmber {
		t.Errorf("%+v", l)
	}
	bad := []func(*Label){
		func(l *Label) { l.Chain = "ethx" },
		func(l *Label) { l.Address = "0x098B716B8Aaf21512996dC57EB0615e2383E2f97" },
		func(l *Label) { l.Entity = "" },
		func(l *Label) { l.Category = "casino" },
		func(l *Label) { l.Confidence = 101 },
		func(l *Label) { l.Confidence = -1 },
		func(l *Label) { l.TLP = "WHITE-ISH" },
		func(l *Label) { l.Source = "" },
		func(l *Label) { l.Importer = "" },
		func(l *Label) { l.ListDate = "2025-13-01" },
	}
	for i, f := range bad {
		l := good()
		f(&l)
		if err := l.Normalize(); err == nil {
			t.Errorf("case %d accepted: %+v", i, l)
		}
	}
	l = good()
	if err := l.Validate(); err == nil || !strings.Contains(err.Error(), "canonical") {
		t.Errorf("non-canonical address accepted by Validate: %v", err)
	}
}

func TestCategories(t *testing.T) {
	for _, c := range []string{"exchange", "mixer", "bridge", "dex", "sanctioned", "heist", "scam", "service", "it_worker", "facilitator"} {
		if _, err := ParseCategory(c); err != nil {
			t.Error(err)
		}
	}
	if _, err := ParseCategory("ransomware_x"); err == nil {
		t.Error("unknown category accepted")
	}
	if _, err := RegisterCategory("ransomware_x", "test"); err != nil {
		t.Fatal(err)
	}
	if c, err := ParseCategory(" Ransomware_X "); err != nil || c != "ransomware_x" {
		t.Errorf("%q %v", c, err)
	}
	if _, err := RegisterCategory("Bad Name", ""); err == nil {
		t.Error("bad name registered")
	}
}

func TestConfidence(t *testing.T) {
	cases := map[string]int{"ownership": 100, "ledger_immanent": 100, "manual_transaction": 90, "service_api": 70,
		"forensic_investigation": 70, "authority_data": 60, "trusted_provider": 50, "service_data": 50, "forensic": 50,
		"untrusted_transaction": 40, "web_crawl": 20, "heuristic": 10, "unknown": 5, "override": 100, "0": 0, "100": 100, " 42 ": 42, "Web_Crawl": 20}
	for in, want := range cases {
		if got, err := ParseConfidence(in); err != nil || got != want {
			t.Errorf("%q: %d %v", in, got, err)
		}
	}
	for _, in := range []string{"101", "-1", "sure", ""} {
		if _, err := ParseConfidence(in); err == nil {
			t.Errorf("%q accepted", in)
		}
	}
	if ConfidenceName(60) != "authority_data" {
		t.Error(ConfidenceName(60))
	}
}

func TestTLP(t *testing.T) {
	cases := map[string]TLP{"clear": TLPClear, "TLP:GREEN": TLPGreen, "amber+strict": TLPAmberStrict, "WHITE": TLPClear, "red": TLPRed}
	for in, want := range cases {
		if got, err := ParseTLP(in); err != nil || got != want {
			t.Errorf("%q: %q %v", in, got, err)
		}
	}
	if _, err := ParseTLP("purple"); err == nil {
		t.Error("purple accepted")
	}
	if DefaultTLP(ImporterOFACXML) != TLPClear || DefaultTLP(ImporterTagPack) != TLPClear || DefaultTLP(ImporterCSV) != TLPAmber {
		t.Error("default TLPs")
	}
}

func TestChainForAsset(t *testing.T) {
	cases := []struct{ asset, addr, chain string }{
		{"XBT", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "btc"},
		{"XBT", "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq", "trx"},
		{"USDT", "0x098B716B8Aaf21512996dC57EB0615e2383E2f96", "eth"},
		{"USDT", "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq", "trx"},
		{"USDT", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "btc"},
		{"SOL", "42RLPACwZPx3vYYmxSueqsogfynBDqXK298EDsNoyoHi", "sol"},
		{"BNB", "bnb136ns6lfw4zs5hg4n85vdthaad7hq5m4gtkgf23", "bnb"},
		{"ETC", "0xd882cfc20f52f2599d84b8e8d58c7fb62cfe344b", "etc"},
	}
	for _, c := range cases {
		got, _, err := ChainForAsset(c.asset, c.addr)
		if err != nil || got != c.chain {
			t.Errorf("%s %s: %q %v", c.asset, c.addr, got, err)
		}
	}
	if _, _, err := ChainForAsset("XBT", "not an address!"); err == nil {
		t.Error("garbage accepted")
	}
}
