package watch

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

var btc, _ = chain.Lookup("btc")

// splitJSONL writes the lines of blocks lo..hi of the bitcoin-etl files
// in src to a new directory.
func splitJSONL(t *testing.T, src string, lo, hi uint64) string {
	t.Helper()
	out := t.TempDir()
	for _, f := range []string{"blocks.json", "transactions.json"} {
		in, err := os.Open(filepath.Join(src, f))
		if err != nil {
			t.Fatal(err)
		}
		var keep []byte
		sc := bufio.NewScanner(in)
		sc.Buffer(nil, 1<<24)
		for sc.Scan() {
			var row struct {
				Number      *uint64 `json:"number"`
				BlockNumber *uint64 `json:"block_number"`
			}
			if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
				t.Fatal(err)
			}
			n := row.BlockNumber
			if n == nil {
				n = row.Number
			}
			if n != nil && *n >= lo && *n <= hi {
				keep = append(append(keep, sc.Bytes()...), '\n')
			}
		}
		in.Close()
		if err := os.WriteFile(filepath.Join(out, f), keep, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return out
}

// naiveUTXO replays blocks lo..hi of the UTXO chain as the processor's
// rule says, on a plain map: a transaction spending from a watched address
// moves every output from it (and follows), otherwise outputs paying a
// watched address are moves from the first input.
func naiveUTXO(t *testing.T, st *store.Store, lo, hi uint64, w map[string]string) ([]string, map[string]string) {
	t.Helper()
	d, err := st.Addresses(btc)
	if err != nil {
		t.Fatal(err)
	}
	name := func(id chain.AddrID) string {
		s, err := store.AddressName(btc, d, id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	var out []string
	err = st.ScanUTXO(btc, lo, hi, func(b *store.UTXOBlockView) error {
		for _, tx := range b.Txs {
			spender, first := "", ""
			for i, in := range tx.Inputs {
				a := name(in.Addr)
				if i == 0 {
					first = a
				}
				if _, ok := w[a]; ok && spender == "" && a != "" {
					spender = a
				}
			}
			for _, o := range tx.Outputs {
				to := name(o.Addr)
				_, inTo := w[to]
				from := spender
				if from == "" {
					if !inTo {
						continue
					}
					from = first
				}
				_, inFrom := w[from]
				side := map[[2]bool]string{{true, false}: "from", {false, true}: "to", {true, true}: "both"}[[2]bool{inFrom, inTo}]
				out = append(out, fmt.Sprintf("%d|%s|%s|%s|btc|%d|%s", b.Header.Number, tx.Hash.Hex(), from, to, o.Value, side))
				if inFrom && !inTo && w[from] != store.RoleEndpoint && to != "" && !isServiceAddr(st, btc, to) {
					w[to] = store.RoleFollowed
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	sort.Strings(out)
	return out, w
}

// TestIncidentWatchUTXO is the UTXO-chain run of the incident watch: a
// simulated bitcoin heist, split after the theft; the alerts are the naive
// replay's and the followed addresses stay inside the full trace.
func TestIncidentWatchUTXO(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "sim")
	sum, err := sim.Btc(dir, sim.Config{Seed: 7, Background: 2000, StartBlock: sim.DefaultBtcStartBlock})
	if err != nil {
		t.Fatal(err)
	}
	h := heist{dir: dir, first: sum.FirstBlock, last: sum.LastBlock}
	if err := readTruth(dir, &h.truth); err != nil {
		t.Fatal(err)
	}
	split := h.truth.TheftBlock + 4
	st := openStore(t, t.TempDir())
	if _, err := ingest.BitcoinETL(st, splitJSONL(t, dir, h.first, split-1), ingest.Options{Chain: btc}); err != nil {
		t.Fatal(err)
	}
	importIntel(t, st, h, "btc")
	w, addrs, err := Add(st, Spec{Chain: btc, Incident: "sim-heist"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, a := range addrs {
		before[a.Address] = a.Role
	}
	if _, err := ingest.BitcoinETL(st, splitJSONL(t, dir, split, h.last), ingest.Options{Chain: btc}); err != nil {
		t.Fatal(err)
	}
	stats, err := ProcessStats(context.Background(), st, btc, h.last)
	if err != nil {
		t.Fatal(err)
	}
	got := mustAlerts(t, st, Filter{Watch: w.ID})
	want, after := naiveUTXO(t, st, split, h.last, copyMap(before))
	if !slices.Equal(alertKeys(got), want) {
		t.Fatalf("alerts differ from the naive replay:\ngot  %d %v\nwant %d %v", len(got), alertKeys(got), len(want), want)
	}
	if stats.Followed == 0 || len(watched(t, st, w.ID)) != len(after) {
		t.Fatalf("stats %+v; watch %d addresses, replay %d", stats, len(watched(t, st, w.ID)), len(after))
	}
	t.Logf("%d addresses watched at add, %d alerts, %d followed", len(before), len(got), stats.Followed)
	labels, err := st.LabelIndex()
	if err != nil {
		t.Fatal(err)
	}
	res, err := trace.Run(st, trace.Query{Chain: btc, Seeds: h.truth.Seeds, Edges: true}, labels)
	if err != nil {
		t.Fatal(err)
	}
	full := map[string]bool{}
	for _, e := range res.Edges {
		full[e.From], full[e.To] = true, true
	}
	for a, role := range after {
		if role == store.RoleFollowed && !full[a] {
			t.Errorf("followed %s is not reached by the full trace", a)
		}
	}
}
