package trace

import (
	"reflect"
	"testing"
)

// TestUTXOBackward checks source-of-funds attribution on mixChain with W
// labeled as an exchange and S as a heist. C got 39 from A's 70 (tx 4),
// which tx 3 made from W's 60 and S's 100: W ⌊60·39/160⌋ = 14, S 25.
// D got 80 through B: W ⌊60·80/160⌋ = 30, S 50. W's own coin is mined:
// unexplained.
func TestUTXOBackward(t *testing.T) {
	st := utxoStore(t, mixChain)
	labels := utxoLabels(map[string][2]string{"W": {"Ex", "exchange"}, "S": {"Hx", "heist"}})
	cases := []struct {
		seeds []string
		hops  int
		want  []string
	}{
		{[]string{"C"}, 0, []string{"end S Hx 25 h2 b2-2 p2", "end W Ex 14 h2 b2-2 p2", "fees 0"}},
		{[]string{"D"}, 0, []string{"end S Hx 50 h2 b2-2 p2", "end W Ex 30 h2 b2-2 p2", "fees 0"}},
		{[]string{"C", "D"}, 0, []string{"end S Hx 75 h2 b2-2 p2", "end W Ex 44 h2 b2-2 p2", "fees 0"}},
		{[]string{"C"}, 1, []string{"rest A 39", "fees 0"}},
		{[]string{"W"}, 0, []string{"rest W 60", "fees 0"}},
	}
	for _, c := range cases {
		res, err := Run(st, Query{Chain: btcChain, Seeds: c.seeds, Backward: true, MaxHops: c.hops}, labels)
		if err != nil {
			t.Fatal(err)
		}
		res.Stats.Fees = []Amount{{Asset: "btc", Amount: "0"}}
		if got := shortUTXO(res); !reflect.DeepEqual(got, c.want) {
			t.Errorf("backward from %v: got %q\nwant %q", c.seeds, got, c.want)
		}
		if res.Direction != "backward" {
			t.Errorf("direction %q", res.Direction)
		}
	}
}

// TestUTXOBackwardEdges: with Query.Edges the backward trace of C lists
// the value it attributed per input and output address: W→A 14 and S→A 25
// (tx 3, A's 39 of C), then A→C 39 (tx 4).
func TestUTXOBackwardEdges(t *testing.T) {
	st := utxoStore(t, mixChain)
	labels := utxoLabels(map[string][2]string{"W": {"Ex", "exchange"}, "S": {"Hx", "heist"}})
	res, err := Run(st, Query{Chain: btcChain, Seeds: []string{"C"}, Backward: true, Edges: true}, labels)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range res.Edges {
		got[e.From+">"+e.To] = e.Amount
	}
	want := map[string]string{"W>A": "14", "S>A": "25", "A>C": "39"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("edges %v, want %v", got, want)
	}
}
