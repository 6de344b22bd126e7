package trace_test

import (
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/trace"
)

// TestBackward checks source-of-funds attribution by hand. Target 5
// receives 20 from A (2), which had received 30 from exchange 9 and 10
// from heist 10: ⌊30·20/40⌋ = 15 from Ex, the other 5 from Hx. It also
// receives 7 from 11 (no known source) and 50 from 12, which only ever got
// 20 (from Ex): 30 stay unexplained at 12.
func TestBackward(t *testing.T) {
	st := buildChain(t, []mv{{1, 0, 9, 2, 0, 30}, {1, 1, 10, 2, 0, 10}, {1, 2, 9, 12, 0, 20},
		{2, 0, 2, 5, 0, 20}, {2, 1, 11, 5, 0, 7}, {3, 0, 12, 5, 0, 50}, {4, 0, 5, 13, 0, 77}})
	labels := labelSet(map[int][2]string{9: {"Ex", "exchange"}, 10: {"Hx", "heist"}})
	res, err := trace.Run(st, trace.Query{Chain: eth, Seeds: []string{addrOf(5)}, Backward: true}, labels)
	if err != nil {
		t.Fatal(err)
	}
	got := short(res)
	want := answer{ends: []string{"9 eth 35 Ex", "a eth 5 Hx"}, rest: []string{"b eth 7", "c eth 30"}}
	if strings.Join(got.ends, "|") != strings.Join(want.ends, "|") || strings.Join(got.rest, "|") != strings.Join(want.rest, "|") {
		t.Errorf("got %q %q, want %q %q", got.ends, got.rest, want.ends, want.rest)
	}
	if res.Direction != "backward" {
		t.Errorf("direction %q", res.Direction)
	}
	for _, e := range res.Endpoints {
		if len(e.Path) == 0 || e.Path[len(e.Path)-1] == "" {
			t.Errorf("endpoint %s: path %v", e.Address, e.Path)
		}
	}
	// Since block 3 only the 50 from 12 counts.
	res, err = trace.Run(st, trace.Query{Chain: eth, Seeds: []string{addrOf(5)}, SinceBlock: 3, Backward: true}, labels)
	if err != nil {
		t.Fatal(err)
	}
	if got := short(res); strings.Join(got.ends, "|") != "9 eth 20 Ex" || strings.Join(got.rest, "|") != "c eth 30" {
		t.Errorf("since 3: got %q %q", got.ends, got.rest)
	}
}
