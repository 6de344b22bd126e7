package watch

import (
	"context"
	"slices"
	"testing"
)

// TestCacheSeesNewWatch: the watched set cached between runs is rebuilt
// when a watch is added, and a rollback makes the next run reload it;
// each run's alerts equal the naive replay's.
func TestCacheSeesNewWatch(t *testing.T) {
	h := simHeist(t)
	a, b := h.truth.TheftBlock+4, h.truth.TheftBlock+10
	st := openStore(t, t.TempDir())
	ingestDir(t, st, h.part(t, h.first, a-1, nil))
	importHeistIntel(t, st, h)
	w1, addrs1, err := Add(st, Spec{Chain: eth, Incident: "sim-heist"}, t0)
	if err != nil {
		t.Fatal(err)
	}
	ingestDir(t, st, h.part(t, a, b-1, nil))
	if err := Process(context.Background(), st, eth, b-1); err != nil {
		t.Fatal(err)
	}
	_, after1 := naiveReplay(t, st, a, b-1, roles(addrs1))
	// the second watch: the first watch's followed addresses, as plain addresses
	var plain []string
	for addr, role := range after1 {
		if _, ok := roles(addrs1)[addr]; !ok && role != "" {
			plain = append(plain, addr)
		}
	}
	if len(plain) == 0 {
		t.Fatal("nothing followed in the middle part")
	}
	w2, addrs2, err := Add(st, Spec{Chain: eth, Addresses: plain, Follow: true}, t0)
	if err != nil {
		t.Fatal(err)
	}
	ingestDir(t, st, h.part(t, b, h.last, nil))
	if err := Process(context.Background(), st, eth, h.last); err != nil {
		t.Fatal(err)
	}
	want, _ := naiveReplay(t, st, b, h.last, roles(addrs2))
	if got := alertKeys(mustAlerts(t, st, Filter{Watch: w2.ID})); len(want) == 0 || !slices.Equal(got, want) {
		t.Fatalf("new watch after a cached run:\ngot  %v\nwant %v", got, want)
	}
	if _, err := st.Rollback(eth, b); err != nil {
		t.Fatal(err)
	}
	if err := Process(context.Background(), st, eth, b-1); err != nil {
		t.Fatal(err)
	}
	for _, al := range mustAlerts(t, st, Filter{}) {
		if (al.Status == "orphaned") != (al.Block >= b) {
			t.Fatalf("after the rollback at %d: alert %s of %s in block %d is %s", b, al.ID, al.Watch, al.Block, al.Status)
		}
	}
	checkLive(t, st, w1, roles(addrs1), a, b-1)
}
