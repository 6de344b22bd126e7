package report

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/sharedtest/btc2009"
	"github.com/vigil-project/vigil/internal/store"
)

// Real Bitcoin 2009 data (shared/data/taintedtx-btc-2009): block 170 holds
// the first payment between people, 10 BTC from Satoshi's block-9
// coinbase address to Hal Finney.
const (
	satoshi2009 = "12cbQLTFMXRnSzktFkuoG3eHoMeFtpTu3S"
	hal2009     = "1Q2TWHE3GMdB6BZKafqwxXtWAWgFt5Jvm3"
	tx170       = "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16"
)

// TestReal2009 reports on real mainnet data without block times (the
// taintedtx graph has none): Hal Finney's address is labeled, for the
// test, as an exchange; the report counts days in blocks and says so, and
// the freeze package names the real block-170 transaction.
func TestReal2009(t *testing.T) {
	path := btc2009.File(t)
	tmp := t.TempDir()
	st, err := store.Open(filepath.Join(tmp, "store"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	btc, _ := chain.Lookup("btc")
	if _, err := ingest.BitcoinETL(st, path, ingest.Options{Chain: btc}); err != nil {
		t.Fatal(err)
	}
	label := intel.Label{Chain: "btc", Address: hal2009, Entity: "Test Exchange (Hal Finney's address)", Category: intel.Exchange,
		Source: "test fixture", Importer: "csv", ImportedAt: fixedNow, Confidence: 100, TLP: intel.TLPClear}
	if _, err := st.ImportLabels([]store.LabelImport{{Scope: "csv:test", Importer: "csv", File: "test", AsOf: "2026-01-02", Labels: []intel.Label{label}}}, fixedNow); err != nil {
		t.Fatal(err)
	}
	since := uint64(170)
	sc := &scenario{st: st}
	r, err := Make(st, sc.tracer(t), Request{Chain: "btc", Seeds: []string{satoshi2009}, SinceBlock: &since, MaxHops: 3, Now: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	if r.TimeBasis != BasisBlockNumber || !strings.Contains(r.Daily[0].Day, "day 1 (blocks 170-313)") {
		t.Errorf("basis %s, days %+v", r.TimeBasis, r.Daily)
	}
	hal := r.Cases()
	if len(hal) != 1 || len(hal[0].Accounts) != 1 || hal[0].Accounts[0].Amount != "1000000000" || hal[0].Accounts[0].LastBlock != 170 {
		t.Fatalf("cases %+v", hal)
	}
	if p := hal[0].Accounts[0].Path; len(p) != 1 || p[0] != tx170 {
		t.Errorf("evidence path %v, want the block-170 transaction", p)
	}
	z, err := r.Freeze(FreezeOptions{})
	if err != nil {
		t.Fatal(err)
	}
	files := readZip(t, z)
	csv := string(files[hal[0].Folder+"/accounts.csv"])
	if !strings.Contains(csv, hal2009+",,btc,1000000000,10 BTC,1,170,,170,,"+tx170) {
		t.Errorf("accounts.csv:\n%s", csv)
	}
	if _, err := r.Render(HTML); err != nil {
		t.Fatal(err)
	}
}
