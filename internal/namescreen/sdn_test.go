package namescreen

import (
	"path/filepath"
	"sync"
	"testing"

	"github.com/vigil-project/vigil/internal/intel/ofac"
	"github.com/vigil-project/vigil/internal/sharedtest"
)

var (
	sdnOnce sync.Once
	sdnIdx  *Index
	sdnEnts []Entry
	sdnErr  error
)

// sdnIndex indexes every party of the real SDN edition once per test
// binary (skips when ../shared/data is absent).
func sdnIndex(t testing.TB) (*Index, []Entry) {
	dir := sharedtest.Path(t, "ofac-sdn-crypto", "brave-intl-lists")
	sdnOnce.Do(func() {
		var ns *ofac.Names
		ns, sdnErr = ofac.ReadNamesFile(filepath.Join(dir, "sdn_advanced.xml.bz2"), 0)
		if sdnErr != nil {
			return
		}
		sdnEnts = EntriesFromSDN(ns, ofac.DefaultSource)
		sdnIdx = New(sdnEnts)
	})
	if sdnErr != nil {
		t.Fatal(sdnErr)
	}
	return sdnIdx, sdnEnts
}

func TestSDNProbe(t *testing.T) {
	x, _ := sdnIndex(t)
	e, n := x.Len()
	t.Logf("%d entries, %d names, %d vocabulary keys", e, n, len(x.vkeys))
	for _, q := range []string{"Kim Jong Un", "Kim Jong-un", "김정은", "Lazarus Group", "Lazarus Grup", "Jong Song Hwa", "정성화", "Park Jin Hyok", "Pak Jin Hyok", "John Smith", "Muhammad Ali", "Vladimir Putin", "Korea Kwangson Banking Corp"} {
		ms := x.Screen(q, Options{Limit: 3})
		t.Logf("%q -> %d", q, len(ms))
		for _, m := range ms {
			t.Logf("   %s %q (%s) %s", m.Score, m.Alias, m.Entity, m.Programs)
		}
	}
}
