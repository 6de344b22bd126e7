package trace_test

import (
	"reflect"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

// TestSessionEth: a Session answers like Run (forward and backward), and
// its Flows are the endpoints without paths.
func TestSessionEth(t *testing.T) {
	st, labels, tr := scenario(t, sim.Config{Seed: 11, Background: 3000, Commingle: true})
	checkSession(t, st, labels, eth, tr.Seeds, tr.TheftBlock)
}

// checkSession compares a Session with Run on a loaded store.
func checkSession(t *testing.T, st *store.Store, labels *intel.Index, c chain.Info, seeds []string, since uint64) {
	t.Helper()
	s, err := trace.Open(st, c)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, err := st.Addresses(c)
	if err != nil {
		t.Fatal(err)
	}
	ls, err := trace.LoadLabels(labels, c, d)
	if err != nil {
		t.Fatal(err)
	}
	for _, back := range []bool{false, true} {
		q := trace.Query{Chain: c, Seeds: seeds[:1], SinceBlock: since, Backward: back}
		want, err := trace.Run(st, q, labels)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Run(q, ls)
		if err != nil {
			t.Fatal(err)
		}
		got.Stats.ElapsedMS, want.Stats.ElapsedMS = 0, 0
		if !reflect.DeepEqual(got, want) {
			t.Errorf("backward %v: session\n%+v\nRun\n%+v", back, got, want)
		}
		id, ok, err := s.AddressID(seeds[0])
		if err != nil || !ok {
			t.Fatalf("seed id: %v %v", ok, err)
		}
		flows, err := s.Flows(id, q, ls)
		if err != nil {
			t.Fatal(err)
		}
		sum := map[string]string{}
		for _, f := range flows {
			name, _ := s.AddressName(f.Addr)
			asset, _ := s.AssetName(f.Asset)
			sum[name+" "+asset] = f.Amount.String()
		}
		if len(sum) != len(want.Endpoints) {
			t.Errorf("backward %v: %d flows, %d endpoints", back, len(sum), len(want.Endpoints))
		}
		for _, e := range want.Endpoints {
			if sum[e.Address+" "+e.Asset] != e.Amount {
				t.Errorf("backward %v: flow %s %s = %s, want %s", back, e.Address, e.Asset, sum[e.Address+" "+e.Asset], e.Amount)
			}
		}
	}
	id, _, _ := s.AddressID(seeds[0])
	if recv, sent := s.Totals(id); len(recv) == 0 || len(sent) == 0 {
		t.Errorf("totals of the seed: %v %v", recv, sent)
	}
	if _, err := s.Flows(1<<31, trace.Query{Chain: c}, ls); err != nil {
		t.Errorf("unknown id: %v", err)
	}
}
