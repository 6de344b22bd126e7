package store

import (
	"fmt"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/intel/ofac"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

// naiveSearchLabels is SearchLabels as it was before the scan stopped at
// the limit: read every match, sort (exact first, then by name), cut. It
// is the reference of the tests and the baseline of the benchmark.
func naiveSearchLabels(s *Store, text string, history bool, limit int) ([]NameMatch, error) {
	q := strings.ToLower(strings.TrimSpace(text))
	it, err := s.db.NewIter(iterRange(append([]byte{nsLabelIdx, lxName}, q...)))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []NameMatch
	for ok := it.First(); ok; ok = it.Next() {
		m, found, err := s.nameMatch(it.Key()[2:])
		if err != nil {
			return nil, err
		}
		if found && (history || m.Record.Current()) {
			out = append(out, m)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		ei, ej := out[i].Name == q, out[j].Name == q
		if ei != ej {
			return ei
		}
		return out[i].Name < out[j].Name
	})
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, it.Error()
}

// manyMatches imports n labels named so that "lazarus" matches all of
// them (and their aliases) in an order unlike their import order, with an
// exact "Lazarus" among them; a second edition delists every third.
func manyMatches(t testing.TB, s *Store, n int) {
	t.Helper()
	var all, kept []intel.Label
	for i := 1; i <= n; i++ {
		name := fmt.Sprintf("Lazarus %d", (i*7919)%n)
		switch {
		case i == n/2+1: // kept by the second edition
			name = "Lazarus"
		case i%5 == 0:
			name = fmt.Sprintf("lazarus-%c unit", 'a'+i%26)
		}
		l := testLabel(i, name)
		all = append(all, l)
		if i%3 != 0 {
			kept = append(kept, l)
		}
	}
	for _, ed := range []struct {
		asOf string
		ls   []intel.Label
	}{{"2025-01-01", all}, {"2025-02-01", kept}} {
		if _, err := s.ImportLabels([]LabelImport{{Scope: "list", Importer: intel.ImporterOFACXML, File: ed.asOf, AsOf: ed.asOf, Labels: ed.ls}}, labelNow); err != nil {
			t.Fatal(err)
		}
	}
}

// TestSearchLabelsLimit: with thousands of matches the limit holds, and
// every page (current or with history, any limit) is the one the
// read-all-then-sort search gave.
func TestSearchLabelsLimit(t *testing.T) {
	s := openTemp(t)
	manyMatches(t, s, 3000)
	tests := []struct {
		text    string
		history bool
		limit   int
		want    int // matches returned (-1: whatever the reference gives)
	}{
		{"lazarus", false, 500, 500},
		{"LAZARUS ", false, 1, 1},
		{"lazarus", true, 500, 500},
		{"lazarus", false, 0, -1},
		{"lazarus", true, 0, -1},
		{"lazarus 1", false, 50, 50},
		{"lazarus-", false, 10, 10},
		{"lazarus-b unit", true, 7, 7},
		{"lazarus 2999", false, 500, -1},
		{"nobody", false, 500, 0},
	}
	for _, tc := range tests {
		got, err := s.SearchLabels(tc.text, tc.history, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		want, err := naiveSearchLabels(s, tc.text, tc.history, tc.limit)
		if err != nil {
			t.Fatal(err)
		}
		if tc.want >= 0 && len(got) != tc.want {
			t.Errorf("%q history=%v limit %d: %d matches, want %d", tc.text, tc.history, tc.limit, len(got), tc.want)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q history=%v limit %d: %d matches differ from the read-all search's %d", tc.text, tc.history, tc.limit, len(got), len(want))
		}
	}
	first, _ := s.SearchLabels("lazarus", false, 3)
	if len(first) != 3 || first[0].Name != "lazarus" || first[0].Record.Entity != "Lazarus" {
		t.Errorf("the exact match is not first: %+v", first)
	}
}

// BenchmarkSearchLabels: the first page (500, as /v1/search asks) of a
// prefix search, stopping at the limit ("limit") against reading every
// match and sorting ("readall"). Sets: real labels (the OFAC SDN edition
// of 2025-11-19 and the Etherscan combined account labels: no prefix
// matches more than a page there) and 20,000 synthetic labels that
// "lazarus" all matches (with their aliases, 2 names each).
func BenchmarkSearchLabels(b *testing.B) {
	real := openTemp(b)
	importReal(b, real)
	big := openTemp(b)
	manyMatches(b, big, 20000)
	for _, c := range []struct {
		set, q string
		s      *Store
	}{{"real", "a", real}, {"real", "binance", real}, {"real", "lazarus", real}, {"synthetic", "lazarus", big}, {"synthetic", "lazarus 1", big}} {
		all, err := naiveSearchLabels(c.s, c.q, false, 0)
		if err != nil {
			b.Fatal(err)
		}
		for _, impl := range []struct {
			name string
			fn   func(*Store, string, bool, int) ([]NameMatch, error)
		}{{"limit", (*Store).SearchLabels}, {"readall", naiveSearchLabels}} {
			b.Run(fmt.Sprintf("%s/q=%s/matches=%d/%s", c.set, c.q, len(all), impl.name), func(b *testing.B) {
				b.ReportAllocs()
				for i := 0; i < b.N; i++ {
					if _, err := impl.fn(c.s, c.q, false, 500); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// importReal imports the real OFAC SDN edition and Etherscan labels.
func importReal(b *testing.B, s *Store) {
	ed, err := ofac.ImportFile(sharedtest.Path(b, "ofac-sdn-crypto", "brave-intl-lists", "sdn_advanced.xml.bz2"), ofac.Options{Now: labelNow})
	if err != nil {
		b.Fatal(err)
	}
	es, _, err := csvlabels.ReadFormat("etherscan-combined",
		sharedtest.Path(b, "etherscan-labels-brianleect", "etherscan", "combined", "combinedAccountLabels.json"), csvlabels.Options{Now: labelNow})
	if err != nil {
		b.Fatal(err)
	}
	_, err = s.ImportLabels([]LabelImport{
		{Scope: "ofac", Importer: intel.ImporterOFACXML, File: "sdn_advanced.xml.bz2", AsOf: ed.Date, Labels: ed.Labels},
		{Scope: "etherscan", Importer: intel.ImporterCSV, File: "combinedAccountLabels.json", AsOf: "2023-06-18", Labels: es},
	}, labelNow)
	if err != nil {
		b.Fatal(err)
	}
	b.Logf("imported %d OFAC and %d Etherscan labels", len(ed.Labels), len(es))
}
