package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/intel"
)

var labelNow = time.Date(2025, 12, 1, 0, 0, 0, 0, time.UTC)

// testLabel is a valid sanctions label of eth address n.
func testLabel(n int, entity string) intel.Label {
	return intel.Label{Chain: "eth", Address: fmt.Sprintf("0x%040x", n), Entity: entity, Category: intel.Sanctioned,
		Source: "https://example.org/list", Importer: intel.ImporterOFACXML, ImportedAt: labelNow, Confidence: 60,
		TLP: intel.TLPClear, ListEntryID: fmt.Sprint(n), Aliases: []string{entity + " alias"}}
}

func importOne(t *testing.T, s *Store, asOf string, ls ...intel.Label) Edition {
	t.Helper()
	eds, err := s.ImportLabels([]LabelImport{{Scope: "list", Importer: intel.ImporterOFACXML, File: asOf, AsOf: asOf, Labels: ls}}, labelNow)
	if err != nil {
		t.Fatal(err)
	}
	return eds[0]
}

func statusOf(t *testing.T, s *Store, n int) map[string]string {
	t.Helper()
	recs, err := s.LabelsOf("eth", fmt.Sprintf("0x%040x", n), true)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range recs {
		out[r.Entity] = r.Status + " " + r.DelistedAt
	}
	return out
}

func TestLabelEditions(t *testing.T) {
	s := openTemp(t)
	ed := importOne(t, s, "2024-09-27", testLabel(1, "Tornado"), testLabel(2, "Lazarus"), testLabel(3, "Unnamed"))
	if ed.Added != 3 {
		t.Fatalf("%+v", ed)
	}
	// Newer edition: 1 gone (delisted), 3 renamed (replaced), 4 new.
	ed = importOne(t, s, "2025-11-19", testLabel(2, "Lazarus"), testLabel(3, "Named"), testLabel(4, "New"))
	if ed.Added != 2 || ed.Unchanged != 1 || ed.Delisted != 1 || ed.Replaced != 1 {
		t.Fatalf("%+v", ed)
	}
	if got := statusOf(t, s, 1); got["Tornado"] != "delisted 2025-11-19" {
		t.Errorf("1: %v", got)
	}
	if got := statusOf(t, s, 3); got["Unnamed"] != "replaced 2025-11-19" || got["Named"] != "current " {
		t.Errorf("3: %v", got)
	}
	if cur, _ := s.LabelsOf("eth", fmt.Sprintf("0x%040x", 1), false); len(cur) != 0 {
		t.Errorf("delisted label is current: %+v", cur)
	}
	// Same edition again: nothing changes.
	ed = importOne(t, s, "2025-11-19", testLabel(2, "Lazarus"), testLabel(3, "Named"), testLabel(4, "New"))
	if !ed.Same || ed.Added+ed.Delisted+ed.Replaced+ed.Updated != 0 {
		t.Errorf("re-import: %+v", ed)
	}
	eds, _ := s.LabelEditions("list")
	if len(eds) != 2 {
		t.Errorf("%d editions logged", len(eds))
	}
	// An older edition imported late: unknown labels become history.
	ed = importOne(t, s, "2023-01-01", testLabel(5, "Old"), testLabel(2, "Lazarus"))
	if !ed.Historical || ed.Delisted != 1 || ed.Updated != 1 {
		t.Errorf("historical: %+v", ed)
	}
	if got := statusOf(t, s, 5); got["Old"] != "delisted 2024-09-27" {
		t.Errorf("5: %v", got)
	}
	recs, _ := s.LabelsOf("eth", fmt.Sprintf("0x%040x", 2), false)
	if len(recs) != 1 || recs[0].FirstSeen != "2023-01-01" {
		t.Errorf("2: %+v", recs)
	}
	// Relisting makes the label current again.
	importOne(t, s, "2026-01-01", testLabel(1, "Tornado"))
	if got := statusOf(t, s, 1); got["Tornado"] != "current " {
		t.Errorf("relisted: %v", got)
	}
}

func TestLabelSearchAndIndex(t *testing.T) {
	s := openTemp(t)
	importOne(t, s, "2025-01-01", testLabel(1, "Lazarus Group"), testLabel(2, "Lazarus"), testLabel(3, "Other"))
	ms, err := s.SearchLabels("LAZARUS", false, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) < 2 || ms[0].Record.Entity != "Lazarus" {
		t.Fatalf("%+v", ms)
	}
	if ms, _ := s.SearchLabels("other alias", false, 0); len(ms) != 1 || ms[0].Record.Entity != "Other" {
		t.Errorf("alias: %+v", ms)
	}
	x, err := s.LabelIndex()
	if err != nil {
		t.Fatal(err)
	}
	if got := x.Lookup("eth", fmt.Sprintf("0x%040x", 3)); len(got) != 1 || got[0].Entity != "Other" {
		t.Errorf("index: %+v", got)
	}
}

// TestLabelImportAtomic: one invalid label fails the whole call.
func TestLabelImportAtomic(t *testing.T) {
	s := openTemp(t)
	bad := testLabel(2, "")
	_, err := s.ImportLabels([]LabelImport{
		{Scope: "a", Importer: "csv", File: "a", AsOf: "2025-01-01", Labels: []intel.Label{testLabel(1, "A")}},
		{Scope: "b", Importer: "csv", File: "b", AsOf: "2025-01-01", Labels: []intel.Label{bad}},
	}, labelNow)
	if err == nil {
		t.Fatal("invalid label accepted")
	}
	if recs, _ := s.LabelsOf("eth", fmt.Sprintf("0x%040x", 1), true); len(recs) != 0 {
		t.Errorf("partial import visible: %+v", recs)
	}
}

func benchStore(b *testing.B, n int) *Store {
	s := openTemp(b)
	ls := make([]intel.Label, n)
	for i := range ls {
		ls[i] = testLabel(i, fmt.Sprint("entity ", i%500))
	}
	if _, err := s.ImportLabels([]LabelImport{{Scope: "bench", Importer: "csv", File: "x", AsOf: "2025-01-01", Labels: ls}}, labelNow); err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkLabelsOf: one Pebble lookup of an address's labels (CLI path).
func BenchmarkLabelsOf(b *testing.B) {
	s := benchStore(b, 20000)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := s.LabelsOf("eth", fmt.Sprintf("0x%040x", (i*7919)%25000), false); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLabelIndexLookup: lookups in the in-memory index loaded from
// the store (screening and tracing hot path; target ≥ 5M lookups/s).
func BenchmarkLabelIndexLookup(b *testing.B) {
	s := benchStore(b, 20000)
	x, err := s.LabelIndex()
	if err != nil {
		b.Fatal(err)
	}
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = fmt.Sprintf("0x%040x", (i*7919)%25000) // a fifth miss
	}
	b.ReportAllocs()
	b.ResetTimer()
	hits := 0
	for i := 0; i < b.N; i++ {
		hits += len(x.Lookup("eth", keys[i&1023]))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "lookups/s")
	_ = hits
}
