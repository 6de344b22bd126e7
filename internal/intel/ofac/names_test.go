package ofac

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestImportFileWithNames: one decompression gives the labels of ImportFile
// and every party's names (ReadNames), Hangul aliases and programs too.
func TestImportFileWithNames(t *testing.T) {
	ed, ns, err := ImportFileWithNames(filepath.Join(braveDir(t), "sdn_advanced.xml.bz2"), Options{Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if want := importBz2(t); len(ed.Labels) != len(want.Labels) || ed.Date != want.Date {
		t.Errorf("%d labels (want %d), date %s", len(ed.Labels), len(want.Labels), ed.Date)
	}
	if ns.Date != "2025-11-19" || len(ns.Parties) != 18367 {
		t.Fatalf("date %s, %d parties", ns.Date, len(ns.Parties))
	}
	var hangul, programs, types int
	for _, p := range ns.Parties {
		if len(p.Programs) > 0 {
			programs++
		}
		if p.Type != "" {
			types++
		}
		for _, a := range p.Aliases {
			if strings.ContainsRune(a, '은') {
				hangul++
			}
		}
	}
	if hangul == 0 || programs != len(ns.Parties) || types != len(ns.Parties) {
		t.Errorf("hangul aliases %d, with programs %d, typed %d of %d", hangul, programs, types, len(ns.Parties))
	}
}
