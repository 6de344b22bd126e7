package ofac

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestReadNamesAllParties(t *testing.T) {
	ns, err := ReadNamesFile(filepath.Join(braveDir(t), "sdn_advanced.xml.bz2"), 0)
	if err != nil {
		t.Fatal(err)
	}
	if ns.Date != "2025-11-19" || len(ns.Parties) != 18367 {
		t.Fatalf("date %s, %d parties", ns.Date, len(ns.Parties))
	}
	var hangul, programs bool
	for _, p := range ns.Parties {
		if len(p.Programs) > 0 {
			programs = true
		}
		for _, a := range p.Aliases {
			if strings.ContainsRune(a, '은') {
				hangul = true
			}
		}
	}
	if !hangul || !programs {
		t.Errorf("hangul aliases %v, programs %v", hangul, programs)
	}
}
