package trace

import (
	"path/filepath"
	"sort"
	"strconv"
	"testing"

	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/sharedtest/btc2009"
	"github.com/vigil-project/vigil/internal/store"
)

// store2009 ingests the complete 2009 Bitcoin graph (taintedtx sample
// data, shared/data/taintedtx-btc-2009) into a temporary store.
func store2009(t testing.TB) *store.Store {
	t.Helper()
	path := btc2009.File(t)
	tmp := t.TempDir()
	st, err := store.Open(filepath.Join(tmp, "store"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if _, err := ingest.BitcoinETL(st, path, ingest.Options{Chain: btcChain}); err != nil {
		t.Fatal(err)
	}
	return st
}

// busiest2009 returns the n addresses of the store that spent the most
// outputs (ties: lower ID first), among them 12cbQLTFMXRnSzktFkuoG3eHoMeFtpTu3S,
// which paid Hal Finney in block 170.
func busiest2009(t *testing.T, st *store.Store, n int) []string {
	t.Helper()
	sent := map[uint32]int{}
	err := st.ScanUTXO(btcChain, 0, ^uint64(0), func(b *store.UTXOBlockView) error {
		for i := range b.Txs {
			for _, in := range b.Txs[i].Inputs {
				sent[uint32(in.Addr)]++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]uint32, 0, len(sent))
	for id := range sent {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool {
		return sent[ids[i]] > sent[ids[j]] || sent[ids[i]] == sent[ids[j]] && ids[i] < ids[j]
	})
	d, err := st.Addresses(btcChain)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, id := range ids[:min(n, len(ids))] {
		name, err := store.AddressName(btcChain, d, chainAddr(id))
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, name)
	}
	return out
}

// TestUTXO2009 traces the coins of the 2009 graph's 20 busiest spenders
// forward on the real 2009 graph under every policy (and with --max-hops
// 2), with a few reached addresses labeled as services, and checks the engine against the naive replay (endpoints, resting,
// fees) and conservation under haircut and FIFO: endpoints + resting +
// fees = the taint that left the seeds less what came back to them.
func TestUTXO2009(t *testing.T) {
	st := store2009(t)
	q := Query{Chain: btcChain, Seeds: busiest2009(t, st, 20)}
	first, err := Run(st, q, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(first.Resting) < 3 {
		t.Fatalf("only %d addresses reached", len(first.Resting))
	}
	labels := utxoLabels(map[string][2]string{
		first.Resting[0].Address: {"Ex", "exchange"}, first.Resting[2].Address: {"Mix", "mixer"}})
	for i, p := range []Policy{Haircut, FIFO, Poison, Haircut} {
		q.Policy = p
		if i == 3 {
			q.MaxHops = 2
		}
		u, res, err := runUTXO(st, q, labels)
		if err != nil {
			t.Fatal(err)
		}
		ref := naive2009(t, st, q, labels)
		if u.seeded != ref.seeded || u.returned != ref.returned {
			t.Errorf("%s: engine seeded %d returned %d, naive %d %d", p, u.seeded, u.returned, ref.seeded, ref.returned)
		}
		compareNaive(t, p, res, ref, st)
		if p == Poison {
			continue
		}
		sum := sumAmounts(t, res)
		if want := ref.seeded - ref.returned; sum != want || ref.seeded == 0 {
			t.Errorf("%s: endpoints + resting + fees = %d, want seeded %d - returned %d = %d", p, sum, ref.seeded, ref.returned, want)
		}
		t.Logf("%s: %d endpoints, %d resting, %d tainted addresses, seeded %d, returned %d, fees %s, visited %d",
			p, len(res.Endpoints), len(res.Resting), res.Stats.Addresses, ref.seeded, ref.returned, res.Stats.Fees[0].Amount, res.Stats.TransfersVisited)
	}
}

func naive2009(t *testing.T, st *store.Store, q Query, lx *intel.Index) naiveResult {
	t.Helper()
	d, err := st.Addresses(q.Chain)
	if err != nil {
		t.Fatal(err)
	}
	ids, _, err := SeedIDs(q.Chain, d, q.Seeds)
	if err != nil {
		t.Fatal(err)
	}
	labels, err := LoadLabels(lx, q.Chain, d)
	if err != nil {
		t.Fatal(err)
	}
	ref, err := naiveTrace(st, q, labels, ids)
	if err != nil {
		t.Fatal(err)
	}
	return ref
}

// compareNaive checks res against the baseline's answer.
func compareNaive(t *testing.T, p Policy, res *Result, ref naiveResult, st *store.Store) {
	t.Helper()
	d, _ := st.Addresses(btcChain)
	name := func(id uint32) string {
		s, _ := store.AddressName(btcChain, d, chainAddr(id))
		return s
	}
	if len(res.Endpoints) != len(ref.ends) || len(res.Resting) != len(ref.rest) {
		t.Fatalf("%s: %d endpoints, %d resting; naive %d, %d", p, len(res.Endpoints), len(res.Resting), len(ref.ends), len(ref.rest))
	}
	want := map[string]string{}
	for id, e := range ref.ends {
		want[name(id)] = e.entity + " " + strconv.FormatUint(e.amount, 10) + " h" + strconv.Itoa(e.hops) +
			" " + strconv.FormatUint(e.first, 10) + "-" + strconv.FormatUint(e.last, 10)
	}
	for _, e := range res.Endpoints {
		got := e.Entity + " " + e.Amount + " h" + strconv.Itoa(e.Hops) + " " +
			strconv.FormatUint(e.FirstBlock, 10) + "-" + strconv.FormatUint(e.LastBlock, 10)
		if got != want[e.Address] {
			t.Errorf("%s: endpoint %s: %s, naive %s", p, e.Address, got, want[e.Address])
		}
	}
	for _, r := range res.Resting {
		id, _, _ := d.Lookup([]byte(r.Address))
		if r.Amount != strconv.FormatUint(ref.rest[id], 10) {
			t.Errorf("%s: resting at %s: %s, naive %d", p, r.Address, r.Amount, ref.rest[id])
		}
	}
	if f := strconv.FormatUint(ref.fees, 10); res.Stats.Fees[0].Amount != f || res.Stats.Addresses != ref.addrsTaint {
		t.Errorf("%s: fees %s, %d addresses; naive %s, %d", p, res.Stats.Fees[0].Amount, res.Stats.Addresses, f, ref.addrsTaint)
	}
}

func sumAmounts(t *testing.T, res *Result) uint64 {
	t.Helper()
	var sum uint64
	add := func(s string) {
		v, err := strconv.ParseUint(s, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		sum += v
	}
	for _, e := range res.Endpoints {
		add(e.Amount)
	}
	for _, r := range res.Resting {
		add(r.Amount)
	}
	add(res.Stats.Fees[0].Amount)
	return sum
}
