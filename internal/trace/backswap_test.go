package trace_test

import (
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/trace"
)

// TestBackwardAcrossSwap checks that a backward trace converts through a
// swap, the mirror of the forward rule. Heist 10 sends 100 of token 1 to
// A (2); exchange 9 sends A 10 eth. In block 2 A swaps its 100 tokens at
// DEX pool 7 for 50 eth, then sends 50 eth to target 5. Of the 50, A's
// earlier receipts explain ⌊10·50/60⌋ = 8 from Ex and 42 from the swap;
// the swap's 42 eth convert back to ⌊42·100/50⌋ = 84 tokens, which came
// from the heist. Without the swap rule the pool would be the source.
func TestBackwardAcrossSwap(t *testing.T) {
	st := buildChain(t, []mv{{1, 0, 10, 2, 1, 100}, {1, 1, 9, 2, 0, 10},
		{2, 0, 2, 7, 1, 100}, {2, 0, 7, 2, 0, 50}, {3, 0, 2, 5, 0, 50}})
	labels := labelSet(map[int][2]string{9: {"Ex", "exchange"}, 10: {"Hx", "heist"}, 7: {"Pool", "dex"}})
	res, err := trace.Run(st, trace.Query{Chain: eth, Seeds: []string{addrOf(5)}, Backward: true}, labels)
	if err != nil {
		t.Fatal(err)
	}
	got := short(res)
	want := []string{"9 eth 8 Ex", "a tok1 84 Hx"}
	if strings.Join(got.ends, "|") != strings.Join(want, "|") || len(got.rest) != 0 {
		t.Fatalf("got %q %q, want %q and nothing resting", got.ends, got.rest, want)
	}
	for _, e := range res.Endpoints {
		if e.Entity == "Hx" && len(e.Path) != 3 {
			t.Errorf("heist path %v: want heist→A, the swap, A→target", e.Path)
		}
	}
}

// TestBackwardSwapIntoTwoAssets: a swap paying back two assets at once is
// not converted (its legs cannot be told apart in value); the pool that
// paid is the source, as before.
func TestBackwardSwapIntoTwoAssets(t *testing.T) {
	st := buildChain(t, []mv{{1, 0, 10, 2, 1, 100},
		{2, 0, 2, 7, 1, 100}, {2, 0, 7, 2, 0, 50}, {2, 0, 7, 2, 2, 5}, {3, 0, 2, 5, 0, 50}})
	labels := labelSet(map[int][2]string{10: {"Hx", "heist"}, 7: {"Pool", "dex"}})
	res, err := trace.Run(st, trace.Query{Chain: eth, Seeds: []string{addrOf(5)}, Backward: true}, labels)
	if err != nil {
		t.Fatal(err)
	}
	if got := short(res); strings.Join(got.ends, "|") != "7 eth 50 Pool" {
		t.Fatalf("got %q %q", got.ends, got.rest)
	}
}

// TestBackwardSwapOwnShare checks what screening uses: each source's share
// in the target's own received asset. Of the target's 50 eth, 8 came from
// Ex and 42 (as 84 tokens) from the heist.
func TestBackwardSwapOwnShare(t *testing.T) {
	st := buildChain(t, []mv{{1, 0, 10, 2, 1, 100}, {1, 1, 9, 2, 0, 10},
		{2, 0, 2, 7, 1, 100}, {2, 0, 7, 2, 0, 50}, {3, 0, 2, 5, 0, 50}})
	s, err := trace.Open(st, eth)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	d, _ := st.Addresses(eth)
	ls, err := trace.LoadLabels(labelSet(map[int][2]string{9: {"Ex", "exchange"}, 10: {"Hx", "heist"}, 7: {"Pool", "dex"}}), eth, d)
	if err != nil {
		t.Fatal(err)
	}
	id, _, _ := s.AddressID(addrOf(5))
	flows, err := s.Flows(id, trace.Query{Chain: eth, Backward: true}, ls)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, f := range flows {
		if len(f.Own) != 1 || f.Own[0].Asset != 0 {
			t.Fatalf("flow %+v: want one own amount, in eth", f)
		}
		got[f.Service.Entity] = f.Amount.String() + "/" + f.Own[0].Amount.String()
	}
	if got["Ex"] != "8/8" || got["Hx"] != "84/42" || len(got) != 2 {
		t.Errorf("got %v, want Ex 8/8 and Hx 84 tokens for 42 eth", got)
	}
}

// TestBackwardEdges: with Query.Edges a backward trace lists the moves it
// attributed value through (sender to receiver, attributed amount), the
// swap's return leg included, as a forward trace lists its tainted edges.
func TestBackwardEdges(t *testing.T) {
	st := buildChain(t, []mv{{1, 0, 10, 2, 1, 100}, {1, 1, 9, 2, 0, 10},
		{2, 0, 2, 7, 1, 100}, {2, 0, 7, 2, 0, 50}, {3, 0, 2, 5, 0, 50}})
	labels := labelSet(map[int][2]string{9: {"Ex", "exchange"}, 10: {"Hx", "heist"}, 7: {"Pool", "dex"}})
	res, err := trace.Run(st, trace.Query{Chain: eth, Seeds: []string{addrOf(5)}, Backward: true, Edges: true}, labels)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, e := range res.Edges {
		got[e.From[len(e.From)-1:]+">"+e.To[len(e.To)-1:]+" "+e.Asset[:3]] = e.Amount
	}
	want := map[string]string{"2>5 eth": "50", "9>2 eth": "8", "7>2 eth": "42", "a>2 eth": "84"}
	if len(got) != len(want) {
		t.Fatalf("edges %v, want %v", got, want)
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("edge %s: %q, want %q (all: %v)", k, got[k], v, got)
		}
	}
}
