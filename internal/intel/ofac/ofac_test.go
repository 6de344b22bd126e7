package ofac

import (
	"bytes"
	"compress/bzip2"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"

	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

var fixedNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func braveDir(t testing.TB) string {
	return sharedtest.Path(t, "ofac-sdn-crypto", "brave-intl-lists")
}

var (
	bz2Once sync.Once
	bz2Ed   *Edition
	bz2Err  error
)

// importBz2 imports the real edition once per test binary.
func importBz2(t testing.TB) *Edition {
	dir := braveDir(t)
	bz2Once.Do(func() {
		bz2Ed, bz2Err = ImportFile(filepath.Join(dir, "sdn_advanced.xml.bz2"), Options{Now: fixedNow})
	})
	if bz2Err != nil {
		t.Fatal(bz2Err)
	}
	return bz2Ed
}

// TestAssetCountsMatchLists: per-asset address counts of the XML equal the
// line counts of the generator's list files of the same edition.
func TestAssetCountsMatchLists(t *testing.T) {
	ed := importBz2(t)
	if ed.Date != "2025-11-19" {
		t.Errorf("date %q", ed.Date)
	}
	files, _ := filepath.Glob(filepath.Join(braveDir(t), "sanctioned_addresses_*.txt"))
	if len(files) != 19 {
		t.Fatalf("%d list files", len(files))
	}
	for _, f := range files {
		asset := strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "sanctioned_addresses_"), ".txt")
		lines, err := readList(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := ed.AssetCounts[asset]; got != len(lines) {
			t.Errorf("%s: XML has %d addresses, list file %d", asset, got, len(lines))
		}
	}
	if len(ed.AssetCounts) != len(files) {
		t.Errorf("XML has %d assets, %d list files", len(ed.AssetCounts), len(files))
	}
	if len(ed.Skipped) != 0 {
		t.Errorf("skipped: %v", ed.Skipped)
	}
	for i := range ed.Labels {
		if err := ed.Labels[i].Validate(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestLazarusAndNames(t *testing.T) {
	ed := importBz2(t)
	laz, hangul := 0, false
	for _, l := range ed.Labels {
		if l.Entity == "Lazarus Group" {
			laz++
			if strings.Join(l.Programs, ",") != "DPRK3" || l.ListEntryID != "27307" || l.List != "SDN List" {
				t.Errorf("Lazarus label %+v", l)
			}
			if !contains(l.Aliases, "Hidden Cobra") {
				t.Errorf("Lazarus aliases %v", l.Aliases)
			}
		}
		for _, a := range l.Aliases {
			for _, r := range a {
				hangul = hangul || unicode.Is(unicode.Hangul, r)
			}
		}
		if l.Chain == "eth" && l.Address == "0x098b716b8aaf21512996dc57eb0615e2383e2f96" && l.Entity != "Lazarus Group" {
			t.Errorf("Ronin exploiter address entity %q", l.Entity)
		}
	}
	if laz != 8 {
		t.Errorf("%d Lazarus Group labels, want 8", laz)
	}
	if !hangul {
		t.Error("no Korean (Hangul) alias kept")
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// TestTronUnderXBT: OFAC filed a Tron address under XBT; it is labeled on
// trx with its asset code kept.
func TestTronUnderXBT(t *testing.T) {
	for _, l := range importBz2(t).Labels {
		if l.Address == "TUCsTq7TofTCJRRoHk6RvhMoS2mJLm5Yzq" && l.Asset == "XBT" {
			if l.Chain != "trx" {
				t.Errorf("chain %q", l.Chain)
			}
			return
		}
	}
	t.Error("Tron address under XBT not found")
}

func plainXML(t testing.TB) []byte {
	f, err := os.Open(filepath.Join(braveDir(t), "sdn_advanced.xml.bz2"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	b, err := io.ReadAll(bzip2.NewReader(f))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestPlainXMLSameAsBz2(t *testing.T) {
	a := importBz2(t)
	b, err := Read(bytes.NewReader(plainXML(t)), "sdn_advanced.xml", Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if len(a.Labels) != len(b.Labels) {
		t.Fatalf("%d vs %d labels", len(a.Labels), len(b.Labels))
	}
	for i := range a.Labels {
		if a.Labels[i].Key() != b.Labels[i].Key() || a.Labels[i].ListEntryID != b.Labels[i].ListEntryID {
			t.Fatalf("label %d differs", i)
		}
	}
}

// TestDiffTornadoDelisted: Tornado Cash addresses are in the 2024-09 lists
// and delisted in the 2025-11 edition (delisting of 2025-03-21).
func TestDiffTornadoDelisted(t *testing.T) {
	old, err := ReadListDir(sharedtest.Path(t, "ofac-sdn-crypto", "0xB10C-lists-2024-09"), "2024-09-27", Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	cur := importBz2(t)
	added, delisted := Diff(old.Labels, cur.Labels)
	tornado := []string{"0x8589427373d6d84e98730d7795d8f6f8731fda16", "0x722122df12d4e14e13ac3b6895a86e84145b6967", "0x910cbd523d972eb0a6f4cae4618ad62622b39dbf"}
	for _, a := range tornado {
		if !hasAddr(delisted, "eth", a) {
			t.Errorf("Tornado Cash %s not delisted", a)
		}
		if hasAddr(cur.Labels, "eth", a) {
			t.Errorf("Tornado Cash %s still listed", a)
		}
	}
	if hasAddr(delisted, "eth", "0x098b716b8aaf21512996dc57eb0615e2383e2f96") {
		t.Error("Lazarus address reported delisted")
	}
	t.Logf("2024-09 -> 2025-11: %d added, %d delisted (keys chain+address)", len(added), len(delisted))
	if len(added) == 0 || len(delisted) < len(tornado) {
		t.Errorf("added %d delisted %d", len(added), len(delisted))
	}
	// Same edition: no change, keyed with entry ids.
	if a, d := Diff(cur.Labels, cur.Labels); len(a)+len(d) != 0 {
		t.Errorf("self diff %d/%d", len(a), len(d))
	}
}

func hasAddr(ls []intel.Label, c, a string) bool {
	for _, l := range ls {
		if l.Chain == c && l.Address == a {
			return true
		}
	}
	return false
}

func TestDiffKeyedByEntry(t *testing.T) {
	mk := func(entry string) intel.Label {
		return intel.Label{Chain: "eth", Address: "0x098b716b8aaf21512996dc57eb0615e2383e2f96", ListEntryID: entry}
	}
	added, delisted := Diff([]intel.Label{mk("1")}, []intel.Label{mk("2")})
	if len(added) != 1 || len(delisted) != 1 {
		t.Errorf("moved entry: added %d delisted %d", len(added), len(delisted))
	}
}

func TestBadInput(t *testing.T) {
	full := plainXML(t)
	cases := map[string][]byte{
		"empty":           nil,
		"not sdn":         []byte("<html><body>hi</body></html>"),
		"bad date":        []byte("<Sanctions><DateOfIssue><Year>x</Year></DateOfIssue>"),
		"truncated":       full[:len(full)/2],
		"no currency ref": []byte("<Sanctions><DateOfIssue><Year>2025</Year><Month>1</Month><Day>2</Day></DateOfIssue>\n<ReferenceValueSets></ReferenceValueSets>"),
	}
	for name, b := range cases {
		_, err := Read(bytes.NewReader(b), "in.xml", Options{})
		var ie *inputerr.Error
		if !errors.As(err, &ie) || ie.File != "in.xml" {
			t.Errorf("%s: err %v, want *inputerr.Error for in.xml", name, err)
			continue
		}
		if name == "truncated" && ie.Line < 1000000 {
			t.Errorf("truncated: line %d", ie.Line)
		}
	}
}

func TestBadListFile(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "sanctioned_addresses_ETH.txt"), []byte("0x098B716B8Aaf21512996dC57EB0615e2383E2f96\n0x098B716B8Aaf21512996dC57EB0615e2383E2f97\n"), 0o644)
	_, err := ReadListDir(dir, "", Options{})
	var ie *inputerr.Error
	if !errors.As(err, &ie) || ie.Line != 2 || !strings.HasSuffix(ie.File, "sanctioned_addresses_ETH.txt") {
		t.Fatalf("err %v", err)
	}
}

func FuzzRead(f *testing.F) {
	f.Add([]byte(`<Sanctions><DateOfIssue><Year>2025</Year><Month>1</Month><Day>2</Day></DateOfIssue><ReferenceValueSets><FeatureType ID="345">Digital Currency Address - ETH</FeatureType><SanctionsType ID="1">Program</SanctionsType><List ID="1">SDN List</List></ReferenceValueSets><DistinctParties><DistinctParty FixedRef="7"><Profile ID="7"><Identity><Alias Primary="true"><DocumentedName><DocumentedNamePart><NamePartValue>X &amp; Y</NamePartValue></DocumentedNamePart></DocumentedName></Alias></Identity><Feature ID="9" FeatureTypeID="345"><FeatureVersion><VersionDetail DetailTypeID="1432">0x098B716B8Aaf21512996dC57EB0615e2383E2f96</VersionDetail></FeatureVersion></Feature></Profile></DistinctParty></DistinctParties><SanctionsEntries><SanctionsEntry ID="7" ProfileID="7" ListID="1"><SanctionsMeasure SanctionsTypeID="1"><Comment>DPRK3</Comment></SanctionsMeasure></SanctionsEntry></SanctionsEntries></Sanctions>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		ed, err := Read(bytes.NewReader(b), "fuzz.xml", Options{Now: fixedNow})
		if err == nil {
			for i := range ed.Labels {
				if err := ed.Labels[i].Validate(); err != nil {
					t.Fatal(err)
				}
			}
		}
	})
}

func BenchmarkImportBz2(b *testing.B) {
	path := filepath.Join(braveDir(b), "sdn_advanced.xml.bz2")
	for i := 0; i < b.N; i++ {
		if _, err := ImportFile(path, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkImportXMLFromMemory(b *testing.B) {
	data := plainXML(b)
	b.SetBytes(int64(len(data)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := Read(bytes.NewReader(data), "sdn_advanced.xml", Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
