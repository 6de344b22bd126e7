package intel

import (
	"fmt"
	"testing"
)

// synthLabels makes n labels on n/2 distinct eth addresses (two each).
func synthLabels(n int) []Label {
	ls := make([]Label, n)
	for i := range ls {
		ls[i] = Label{Chain: "eth", Address: fmt.Sprintf("0x%040x", i/2), Entity: fmt.Sprint("e", i), Category: Heist}
	}
	return ls
}

func TestIndex(t *testing.T) {
	ls := synthLabels(1000)
	ls = append(ls, Label{Chain: "bsc", Address: ls[0].Address, Entity: "other chain"})
	x := NewIndex(ls)
	if x.Len() != len(ls) {
		t.Fatal(x.Len())
	}
	for i := 0; i < 500; i++ {
		got := x.Lookup("eth", fmt.Sprintf("0x%040x", i))
		if len(got) != 2 || got[0].Entity != fmt.Sprint("e", 2*i) || got[1].Entity != fmt.Sprint("e", 2*i+1) {
			t.Fatalf("%d: %+v", i, got)
		}
	}
	if got := x.Lookup("bsc", ls[0].Address); len(got) != 1 || got[0].Entity != "other chain" {
		t.Errorf("bsc: %+v", got)
	}
	if x.Lookup("eth", fmt.Sprintf("0x%040x", 500)) != nil || x.Lookup("btc", ls[0].Address) != nil {
		t.Error("phantom hit")
	}
	if got := x.LookupAny("ETH", "0x"+fmt.Sprintf("%040X", 7)); len(got) != 2 {
		t.Errorf("LookupAny: %d", len(got))
	}
	if NewIndex(nil).Lookup("eth", "x") != nil {
		t.Error("empty index hit")
	}
	if a := testing.AllocsPerRun(100, func() { x.Lookup("eth", ls[10].Address) }); a != 0 {
		t.Errorf("%v allocs per lookup", a)
	}
}

// TestIndexCollisions forces equal hashes by giving labels distinct keys
// with the same hash bucket via a custom check: keys with identical hash
// cannot be produced cheaply, so verify grouping with interleaved keys.
func TestIndexGrouping(t *testing.T) {
	ls := []Label{
		{Chain: "eth", Address: "b", Entity: "1"}, {Chain: "eth", Address: "a", Entity: "2"},
		{Chain: "eth", Address: "b", Entity: "3"}, {Chain: "btc", Address: "b", Entity: "4"},
	}
	x := NewIndex(ls)
	if got := x.Lookup("eth", "b"); len(got) != 2 || got[0].Entity != "1" || got[1].Entity != "3" {
		t.Errorf("%+v", got)
	}
}

const benchLabels = 100000

func benchKeys(ls []Label) []string {
	keys := make([]string, 1024)
	for i := range keys {
		keys[i] = ls[(i*7919)%len(ls)].Address
		if i%4 == 3 { // a quarter misses
			keys[i] = fmt.Sprintf("0x%040x", 10*benchLabels+i)
		}
	}
	return keys
}

func BenchmarkIndexLookup(b *testing.B) {
	ls := synthLabels(benchLabels)
	x := NewIndex(ls)
	keys := benchKeys(ls)
	b.ReportAllocs()
	b.ResetTimer()
	hits := 0
	for i := 0; i < b.N; i++ {
		hits += len(x.Lookup("eth", keys[i&1023]))
	}
	_ = hits
}

func BenchmarkMapLookup(b *testing.B) {
	ls := synthLabels(benchLabels)
	m := map[string][]Label{}
	for _, l := range ls {
		k := l.Chain + ":" + l.Address
		m[k] = append(m[k], l)
	}
	keys := benchKeys(ls)
	b.ReportAllocs()
	b.ResetTimer()
	hits := 0
	for i := 0; i < b.N; i++ {
		hits += len(m["eth"+":"+keys[i&1023]])
	}
	_ = hits
}
