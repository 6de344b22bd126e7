package csvlabels

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

var now = time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)

const good = `chain,address,entity,category,source,confidence,actor,tlp,note
eth,0x098B716B8Aaf21512996dC57EB0615e2383E2f96,Ronin exploiter,heist,https://example.org/r,authority_data,Lazarus Group,clear,first
btc,bc1qa5wkgaew2dkv56kfvj49j0av5nml45x9ek9hz6,Some exchange,exchange,https://example.org/x,70,,,
`

func TestReadCSV(t *testing.T) {
	ls, err := ReadCSV(strings.NewReader(good), "l.csv", Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	if len(ls) != 2 {
		t.Fatalf("%d labels", len(ls))
	}
	a, b := ls[0], ls[1]
	if a.Address != "0x098b716b8aaf21512996dc57eb0615e2383e2f96" || a.Confidence != 60 || a.TLP != intel.TLPClear || a.Actor != "Lazarus Group" || a.Note != "first" {
		t.Errorf("%+v", a)
	}
	if b.TLP != intel.TLPAmber || b.Confidence != 70 || b.Category != intel.Exchange {
		t.Errorf("%+v", b)
	}
}

func TestBadCSV(t *testing.T) {
	head := "chain,address,entity,category,source,confidence\n"
	row := "eth,0x098b716b8aaf21512996dc57eb0615e2383e2f96,E,heist,s,50\n"
	cases := []struct {
		name, in string
		line     int
	}{
		{"empty", "", 1},
		{"missing column", "chain,address,entity,category,source\n" + row, 1},
		{"unknown column", "chain,address,entity,category,source,confidence,colour\n", 1},
		{"unknown category", head + row + "eth,0x098b716b8aaf21512996dc57eb0615e2383e2f96,E,casino,s,50\n", 3},
		{"confidence 101", head + "eth,0x098b716b8aaf21512996dc57eb0615e2383e2f96,E,heist,s,101\n", 2},
		{"confidence -1", head + "eth,0x098b716b8aaf21512996dc57eb0615e2383e2f96,E,heist,s,-1\n", 2},
		{"bad checksum", head + row + row + "eth,0x098B716B8Aaf21512996dC57EB0615e2383E2f97,E,heist,s,50\n", 4},
		{"btc checksum", head + "btc,1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb,E,heist,s,50\n", 2},
		{"unknown chain", head + "ethx,0x098b716b8aaf21512996dc57eb0615e2383e2f96,E,heist,s,50\n", 2},
		{"no entity", head + "eth,0x098b716b8aaf21512996dc57eb0615e2383e2f96,,heist,s,50\n", 2},
		{"field count", head + "eth,0x098b716b8aaf21512996dc57eb0615e2383e2f96\n", 2},
		{"bad quote", head + "eth,\"0x09,E,heist,s,50\n", 2},
	}
	for _, c := range cases {
		_, err := ReadCSV(strings.NewReader(c.in), "l.csv", Options{})
		var ie *inputerr.Error
		if !errors.As(err, &ie) || ie.File != "l.csv" || ie.Line != c.line {
			t.Errorf("%s: err %v, want l.csv:%d", c.name, err, c.line)
		}
	}
}

func TestRoundTripCSV(t *testing.T) {
	ls, err := ReadCSV(strings.NewReader(good), "l.csv", Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, ls); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV(&buf, "out.csv", Options{Now: now})
	if err != nil {
		t.Fatal(err)
	}
	for i := range ls {
		a, b := ls[i], back[i]
		if a.Key() != b.Key() || a.Entity != b.Entity || a.Category != b.Category || a.Confidence != b.Confidence || a.TLP != b.TLP || a.Actor != b.Actor || a.Note != b.Note {
			t.Errorf("round trip %d: %+v vs %+v", i, a, b)
		}
	}
}

func TestMapping(t *testing.T) {
	m, err := ParseMapping("chain:=eth,address=Address,entity=Name Tag,category:=exchange,source:=https://etherscan.io,confidence:=web_crawl")
	if err != nil {
		t.Fatal(err)
	}
	in := ",Address,Name Tag,Balance\n0,0x3f5ce5fbfe3e9af3971dd833d26ba9b5c936f0be,Binance,1 ETH\n"
	ls, st, err := ReadMapped(strings.NewReader(in), "b.csv", "csv", m, Options{})
	if err != nil || len(ls) != 1 || ls[0].Entity != "Binance" || ls[0].Confidence != 20 || st.Records != 1 {
		t.Fatalf("%v %+v", err, ls)
	}
	js := `[{"address":"0x3f5ce5fbfe3e9af3971dd833d26ba9b5c936f0be","nameTag":"Binance"}]`
	m2, _ := ParseMapping("chain:=eth,address=address,entity=nameTag,category:=exchange,source:=s")
	if ls, _, err := ReadMapped(strings.NewReader(js), "b.json", "json", m2, Options{}); err != nil || len(ls) != 1 {
		t.Fatalf("json: %v", err)
	}
	for _, bad := range []string{"chain=eth", "colour=x,chain:=eth,address=a,entity=e,category:=c,source:=s", "address"} {
		if _, err := ParseMapping(bad); err == nil {
			t.Errorf("ParseMapping(%q) accepted", bad)
		}
	}
	if _, _, err := ReadMapped(strings.NewReader("{"), "b.json", "json", m2, Options{}); !inputerr.Is(err) {
		t.Errorf("bad JSON: %v", err)
	}
}

// TestNamedFormats loads the real public datasets.
func TestNamedFormats(t *testing.T) {
	d := sharedtest.Dir(t)
	cases := []struct {
		format, path string
		labels       int
	}{
		{"fbi-psa-bybit", "fbi-psa-bybit/fbi_psa250226_eth_addresses.txt", 51},
		{"etherscan-combined", "etherscan-labels-brianleect/etherscan/combined/combinedAccountLabels.json", 9182},
		{"etherscan-csv", "etherscan-labels-brianleect/etherscan/accounts", 1365},
		{"eth-labels", "eth-labels-dawsbot", 1799},
		{"forta", "forta-labelled-datasets/labels", -1},
	}
	for _, c := range cases {
		ls, stats, err := ReadFormat(c.format, d+"/"+c.path, Options{Now: now})
		if err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		recs, skipped := 0, map[string]int{}
		for _, s := range stats {
			recs += s.Records
			for k, v := range s.Skipped {
				skipped[k] += v
			}
		}
		t.Logf("%-18s records %5d labels %5d skipped reasons %d (checksum %d)", c.format, recs, len(ls), len(skipped), skipped["address checksum mismatch"])
		if c.labels >= 0 && len(ls) != c.labels {
			t.Errorf("%s: %d labels, want %d", c.format, len(ls), c.labels)
		}
		for i := range ls {
			if err := ls[i].Validate(); err != nil || ls[i].TLP != intel.TLPClear {
				t.Fatalf("%s label %d: %v %s", c.format, i, err, ls[i].TLP)
			}
		}
	}
}

func TestFBIList(t *testing.T) {
	ls, _, err := ReadFormat("fbi-psa-bybit", sharedtest.Path(t, "fbi-psa-bybit", "fbi_psa250226_eth_addresses.txt"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range ls {
		if l.Category != intel.Heist || l.Actor != "Lazarus Group" || l.Source != "https://www.ic3.gov/PSA/2025/PSA250226" {
			t.Fatalf("%+v", l)
		}
	}
}

func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(good))
	f.Add([]byte("chain,address,entity,category,source,confidence\nbch,qpm2qsznhks23z7629mms6s4cwef74vcwvy22gdx6a,x,scam,s,heuristic\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		ls, err := ReadCSV(bytes.NewReader(b), "f.csv", Options{Now: now})
		if err != nil && !inputerr.Is(err) {
			t.Fatalf("not an input error: %v", err)
		}
		for i := range ls {
			if err := ls[i].Validate(); err != nil {
				t.Fatal(err)
			}
		}
	})
}

func FuzzReadMappedJSON(f *testing.F) {
	f.Add([]byte(`{"0x3f5ce5fbfe3e9af3971dd833d26ba9b5c936f0be":{"name":"Binance","labels":["binance"]}}`))
	m, _ := ParseMapping("chain:=eth,address=$key,entity=name,category=labels,source:=s")
	m.SkipUnmapped = true
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _, _ = ReadMapped(bytes.NewReader(b), "f.json", "json", m, Options{Now: now})
	})
}
