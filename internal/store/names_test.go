package store

import (
	"fmt"
	"testing"

	"github.com/vigil-project/vigil/internal/intel"
)

func storedNames(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	if err := s.EachName(func(r *NameRecord) error {
		out = append(out, fmt.Sprintf("%s/%s/%s", r.Scope, r.ListEntryID, r.Entity))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestNamesReplaceAndAtomic: importing a scope's names replaces them all;
// with labels, a bad label leaves names and labels as they were.
func TestNamesReplaceAndAtomic(t *testing.T) {
	s := openTemp(t)
	rec := func(id, e string) NameRecord { return NameRecord{Entity: e, ListEntryID: id, Source: "x"} }
	if err := s.ImportNames(NameSet{Scope: "ofac", Records: []NameRecord{rec("1", "A"), rec("2", "B")}}); err != nil {
		t.Fatal(err)
	}
	if err := s.ImportNames(NameSet{Scope: "other", Records: []NameRecord{rec("9", "Z")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.ImportLabelsAndNames([]LabelImport{{Scope: "ofac", Importer: intel.ImporterOFACXML, File: "f",
		AsOf: "2025-01-01", Labels: []intel.Label{testLabel(1, "A")}}},
		NameSet{Scope: "ofac", Records: []NameRecord{rec("3", "C")}}, labelNow); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(storedNames(t, s)); got != "[ofac/3/C other/9/Z]" {
		t.Errorf("after replace: %s", got)
	}
	_, err := s.ImportLabelsAndNames([]LabelImport{{Scope: "ofac", Importer: intel.ImporterOFACXML, File: "g",
		AsOf: "2025-02-01", Labels: []intel.Label{testLabel(2, "")}}},
		NameSet{Scope: "ofac", Records: []NameRecord{rec("4", "D")}}, labelNow)
	if err == nil {
		t.Fatal("bad label accepted")
	}
	if got := fmt.Sprint(storedNames(t, s)); got != "[ofac/3/C other/9/Z]" {
		t.Errorf("failed import changed names: %s", got)
	}
	if err := s.ImportNames(NameSet{Scope: "ofac", Records: []NameRecord{{Entity: "no id"}}}); err == nil {
		t.Error("record without list entry id accepted")
	}
	if err := s.ImportNames(NameSet{Scope: " ", Records: nil}); err == nil {
		t.Error("empty scope accepted")
	}
}
