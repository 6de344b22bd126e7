package watch

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

// naiveReplay is the plain model of the processor: every move of blocks
// lo..hi decoded in full, in order, against a map of watched addresses
// (address -> role) that grows as value leaves it. It returns the alerts
// ("block|tx|from|to|asset|amount|side", sorted) and the final map.
func naiveReplay(t testing.TB, st *store.Store, lo, hi uint64, w map[string]string) ([]string, map[string]string) {
	t.Helper()
	d, err := st.Addresses(eth)
	if err != nil {
		t.Fatal(err)
	}
	tokens, err := st.Tokens(eth)
	if err != nil {
		t.Fatal(err)
	}
	name := func(id chain.AddrID) string {
		s, err := store.AddressName(eth, d, id)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	var out []string
	err = st.ScanAccount(eth, lo, hi, func(b *chain.AccountBlock) error {
		txs := map[uint32]string{}
		for _, tx := range b.Txs {
			txs[tx.Index] = tx.Hash.String()
		}
		for _, m := range b.Transfers {
			from, to := name(m.From), name(m.To)
			rf, inFrom := w[from]
			_, inTo := w[to]
			if !inFrom && !inTo {
				continue
			}
			side := map[[2]bool]string{{true, false}: "from", {false, true}: "to", {true, true}: "both"}[[2]bool{inFrom, inTo}]
			asset, err := store.AssetName(eth, tokens, uint32(m.Asset))
			if err != nil {
				return err
			}
			out = append(out, fmt.Sprintf("%d|%s|%s|%s|%s|%s|%s", b.Header.Number, txs[m.TxIndex], from, to, asset, m.Amount, side))
			if inFrom && !inTo && rf != store.RoleEndpoint && to != "" && !isServiceAddr(st, eth, to) {
				w[to] = store.RoleFollowed
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

func alertKeys(as []store.AlertRecord) []string {
	out := make([]string, len(as))
	for i, a := range as {
		out[i] = fmt.Sprintf("%d|%s|%s|%s|%s|%s|%s", a.Block, a.Tx, a.From, a.To, a.Asset, a.Amount, a.Watched)
	}
	sort.Strings(out)
	return out
}

// TestIncidentWatchFollowsHeist: ingest the first blocks of a simulated
// heist, watch its incident, ingest the rest: the alerts are exactly the
// naive replay's, the watch grows by following taint to what a full trace
// of all the data reaches, and the log file gets one line per alert.
func TestIncidentWatchFollowsHeist(t *testing.T) {
	h := simHeist(t)
	split := h.truth.TheftBlock + 6
	st := openStore(t, t.TempDir())
	ingestDir(t, st, h.part(t, h.first, split-1, nil))
	importHeistIntel(t, st, h)
	logFile := t.TempDir() + "/alerts.jsonl"
	w, addrs, err := Add(st, Spec{Chain: eth, Incident: "sim-heist", Log: logFile, Name: "heist"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	before := map[string]string{}
	for _, a := range addrs {
		before[a.Address] = a.Role
	}
	if len(before) <= len(h.truth.Seeds) {
		t.Fatalf("incident watch holds %d addresses: the trace of the first part added none", len(before))
	}
	ingestDir(t, st, h.part(t, split, h.last, nil))
	stats, err := ProcessStats(context.Background(), st, eth, lastBlock(t, st))
	if err != nil {
		t.Fatal(err)
	}
	got := mustAlerts(t, st, Filter{Watch: w.ID})
	want, after := naiveReplay(t, st, split, h.last, copyMap(before))
	if !slices.Equal(alertKeys(got), want) {
		t.Fatalf("alerts differ from the naive replay:\ngot  %d %v\nwant %d %v", len(got), alertKeys(got), len(want), want)
	}
	if stats.Alerts != len(got) || stats.Followed == 0 {
		t.Fatalf("stats %+v: want %d alerts and some followed addresses", stats, len(got))
	}
	t.Logf("%d addresses watched at add, %d alerts, %d followed, %d watched after", len(before), len(got), stats.Followed, len(after))
	checkFollowed(t, st, w.ID, got, after)
	checkFullTrace(t, st, h, after)
	checkLog(t, st, logFile, got)
}

func copyMap(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// checkFollowed: the stored watch is the replay's map, and each followed
// address names the alert that added it.
func checkFollowed(t *testing.T, st *store.Store, id string, as []store.AlertRecord, want map[string]string) {
	t.Helper()
	got := watched(t, st, id)
	if len(got) != len(want) {
		t.Fatalf("watch has %d addresses, replay %d", len(got), len(want))
	}
	byID := map[string]store.AlertRecord{}
	for _, a := range as {
		byID[a.ID] = a
	}
	for addr, role := range want {
		g, ok := got[addr]
		if !ok || g.Role != role {
			t.Fatalf("address %s: stored %+v, replay role %s", addr, g, role)
		}
		if role == store.RoleFollowed && (byID[g.Via].To != addr || !slices.Contains(byID[g.Via].Followed, addr)) {
			t.Fatalf("followed %s via %s: that alert is %+v", addr, g.Via, byID[g.Via])
		}
	}
}

// checkFullTrace: following taint live over the second part ends with the
// addresses a trace of all the data reaches (labeled services excepted).
func checkFullTrace(t *testing.T, st *store.Store, h heist, live map[string]string) {
	t.Helper()
	labels, err := st.LabelIndex()
	if err != nil {
		t.Fatal(err)
	}
	res, err := trace.Run(st, trace.Query{Chain: eth, Seeds: h.truth.Seeds, Edges: true}, labels)
	if err != nil {
		t.Fatal(err)
	}
	full := map[string]bool{}
	for _, s := range h.truth.Seeds {
		full[s] = true
	}
	for _, e := range res.Edges {
		full[e.From], full[e.To] = true, true
	}
	for a := range full {
		if isServiceAddr(st, eth, a) {
			delete(full, a)
		}
	}
	for a := range full {
		if _, ok := live[a]; !ok {
			t.Errorf("traced address %s is not watched after the live run", a)
		}
	}
	for a := range live {
		if !full[a] {
			t.Errorf("watched address %s is not reached by the full trace", a)
		}
	}
}
