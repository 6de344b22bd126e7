package watch

import (
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/intel/csvlabels"
	"github.com/vigil-project/vigil/internal/intel/incidents"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
)

var eth, _ = chain.Lookup("eth")

// t0 is a fixed clock for the records the tests write.
var t0 = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// heist is a simulated heist export (ethereum-etl) with its truth.
type heist struct {
	dir   string
	truth sim.Truth
	first uint64
	last  uint64
}

// simHeist simulates the seed-7 heist of the demo (smaller background).
func simHeist(t testing.TB) heist {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "sim")
	sum, err := sim.Eth(dir, sim.Config{Seed: 7, Background: 2000, StartBlock: sim.DefaultStartBlock})
	if err != nil {
		t.Fatal(err)
	}
	h := heist{dir: dir, first: sum.FirstBlock, last: sum.LastBlock}
	if err := readTruth(dir, &h.truth); err != nil {
		t.Fatal(err)
	}
	return h
}

// readTruth reads the truth.json of a simulation in dir.
func readTruth(dir string, t *sim.Truth) error {
	b, err := os.ReadFile(filepath.Join(dir, "truth.json"))
	if err == nil {
		err = json.Unmarshal(b, t)
	}
	return err
}

// etlFiles are the ethereum-etl files of a simulated export.
var etlFiles = []string{"blocks.csv", "transactions.csv", "receipts.csv", "traces.csv", "token_transfers.csv"}

// part writes the rows of blocks lo..hi of the export to a new directory,
// through edit (which may rewrite or drop a row; nil keeps rows).
func (h heist) part(t testing.TB, lo, hi uint64, edit func(file string, head, row []string) []string) string {
	t.Helper()
	out := t.TempDir()
	for _, f := range etlFiles {
		splitCSV(t, filepath.Join(h.dir, f), filepath.Join(out, f), lo, hi, edit)
	}
	return out
}

func splitCSV(t testing.TB, src, dst string, lo, hi uint64, edit func(file string, head, row []string) []string) {
	t.Helper()
	in, err := os.Open(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	rows, err := csv.NewReader(in).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := column(rows[0], "block_number")
	if col < 0 {
		col = column(rows[0], "number")
	}
	out := [][]string{rows[0]}
	for _, r := range rows[1:] {
		n, err := strconv.ParseUint(r[col], 10, 64)
		if err != nil {
			t.Fatalf("%s: block %q: %v", src, r[col], err)
		}
		if n < lo || n > hi {
			continue
		}
		if edit != nil {
			if r = edit(filepath.Base(src), rows[0], r); r == nil {
				continue
			}
		}
		out = append(out, r)
	}
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	w := csv.NewWriter(f)
	w.WriteAll(out)
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func column(head []string, name string) int {
	for i, h := range head {
		if h == name {
			return i
		}
	}
	return -1
}

func openStore(t testing.TB, dir string) *store.Store {
	t.Helper()
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func ingestDir(t testing.TB, st *store.Store, dir string) {
	t.Helper()
	if _, err := ingest.EthereumETL(st, dir, ingest.Options{Chain: eth}); err != nil {
		t.Fatal(err)
	}
}

// importHeistIntel stores the simulator's labels and an incident whose
// seeds are the heist's seeds.
func importHeistIntel(t testing.TB, st *store.Store, h heist) {
	t.Helper()
	importIntel(t, st, h, "eth")
}

// importIntel imports the labels and incident of a simulated heist on
// chain chainName.
func importIntel(t testing.TB, st *store.Store, h heist, chainName string) {
	t.Helper()
	f, err := os.Open(filepath.Join(h.dir, "labels.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ls, err := csvlabels.ReadCSV(f, "labels.csv", csvlabels.Options{Now: t0})
	if err != nil {
		t.Fatal(err)
	}
	inc := incidents.Incident{ID: "sim-heist", Name: "simulated heist", Chains: []string{chainName}}
	for _, s := range h.truth.Seeds {
		inc.Seeds = append(inc.Seeds, incidents.Seed{Chain: chainName, Address: s, Role: "theft"})
	}
	inc.Seeds = append(inc.Seeds, incidents.Seed{Chain: chainName, Address: h.truth.Victim, Role: "victim"})
	imp := store.LabelImport{Scope: "sim", Importer: intel.ImporterCSV, File: "labels.csv", AsOf: "2026-11-29", Labels: ls}
	if _, err := st.ImportIncidents([]incidents.Incident{inc}, []store.LabelImport{imp}, t0); err != nil {
		t.Fatal(err)
	}
}

// lastBlock returns the highest stored block.
func lastBlock(t testing.TB, st *store.Store) uint64 {
	t.Helper()
	_, last, _, err := st.BlockRange(eth)
	if err != nil {
		t.Fatal(err)
	}
	return last
}

func mustAlerts(t testing.TB, st *store.Store, f Filter) []store.AlertRecord {
	t.Helper()
	as, err := Alerts(st, f)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func watched(t testing.TB, st *store.Store, id string) map[string]store.WatchAddr {
	t.Helper()
	as, err := st.WatchAddrs(id)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]store.WatchAddr{}
	for _, a := range as {
		out[a.Address] = a
	}
	return out
}

// roles maps watched addresses to their roles.
func roles(as []store.WatchAddr) map[string]string {
	out := map[string]string{}
	for _, a := range as {
		out[a.Address] = a.Role
	}
	return out
}
