package cluster

import (
	"bytes"
	"math/rand/v2"
	"testing"
)

// naiveClusters is the baseline: a map from address to cluster label,
// relabeling the smaller cluster on every union.
type naiveClusters struct {
	label   map[uint32]uint32
	members map[uint32][]uint32
}

func newNaive() *naiveClusters {
	return &naiveClusters{label: map[uint32]uint32{}, members: map[uint32][]uint32{}}
}

func (n *naiveClusters) of(a uint32) uint32 {
	if l, ok := n.label[a]; ok {
		return l
	}
	n.label[a], n.members[a] = a, []uint32{a}
	return a
}

func (n *naiveClusters) union(a, b uint32) {
	la, lb := n.of(a), n.of(b)
	if la == lb {
		return
	}
	if len(n.members[la]) < len(n.members[lb]) {
		la, lb = lb, la
	}
	for _, m := range n.members[lb] {
		n.label[m] = la
	}
	n.members[la] = append(n.members[la], n.members[lb]...)
	delete(n.members, lb)
}

// TestUnionFindMatchesNaive checks the union-find against the naive
// baseline on seeded random unions.
func TestUnionFindMatchesNaive(t *testing.T) {
	for seed := uint64(1); seed <= 5; seed++ {
		rng := rand.New(rand.NewPCG(seed, 1))
		n := 200 + rng.IntN(2000)
		u, nv := NewUnionFind(n), newNaive()
		for i := 0; i < n; i++ {
			a, b := uint32(rng.IntN(n)), uint32(rng.IntN(n))
			u.Union(a, b)
			nv.union(a, b)
		}
		for a := uint32(0); int(a) < n; a++ {
			for _, b := range []uint32{uint32(rng.IntN(n)), a / 2} {
				if (u.Find(a) == u.Find(b)) != (nv.of(a) == nv.of(b)) {
					t.Fatalf("seed %d: %d and %d: union-find and baseline disagree", seed, a, b)
				}
			}
			if int(u.Size(a)) != len(nv.members[nv.of(a)]) {
				t.Fatalf("seed %d: size of %d: %d, baseline %d", seed, a, u.Size(a), len(nv.members[nv.of(a)]))
			}
		}
		want := make([]uint32, n)
		for a := range want {
			want[a] = u.Find(uint32(a))
		}
		u.Flatten()
		for a, r := range u.Roots() {
			if r != want[a] || u.Roots()[r] != r {
				t.Fatalf("seed %d: Flatten left %d -> %d, not its root %d", seed, a, r, want[a])
			}
		}
		back := fromRoots(append([]uint32(nil), u.Roots()...), func(r uint32) uint32 { return uint32(len(nv.members[nv.of(r)])) })
		for a := uint32(0); int(a) < n; a++ {
			if back.Find(a) != want[a] || int(back.Size(a)) != len(nv.members[nv.of(a)]) {
				t.Fatalf("seed %d: fromRoots: %d in %d (size %d), want %d", seed, a, back.Find(a), back.Size(a), want[a])
			}
		}
	}
}

func TestDetectCoinJoin(t *testing.T) {
	eq := func(n int, v uint64) []uint64 {
		out := make([]uint64, n)
		for i := range out {
			out[i] = v
		}
		return out
	}
	addrs := func(n, from int) []uint32 {
		out := make([]uint32, n)
		for i := range out {
			out[i] = uint32(from + i)
		}
		return out
	}
	cat := func(a, b []uint64) []uint64 { return append(append([]uint64{}, a...), b...) }
	tests := []struct {
		name string
		tx   Tx
		want Mix
	}{
		{"whirlpool 5x5 at 0.05", Tx{InAddr: addrs(5, 1), OutAddr: addrs(5, 10), OutValue: eq(5, 5_000_000)}, Whirlpool},
		{"5x5 off-pool is generic", Tx{InAddr: addrs(5, 1), OutAddr: addrs(5, 10), OutValue: eq(5, 4_000_000)}, GenericMix},
		{"wasabi 1: 30 outputs of 0.1 + change", Tx{InAddr: addrs(40, 1), OutAddr: addrs(45, 100),
			OutValue: cat(eq(30, 10_012_000), []uint64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})}, Wasabi},
		{"wasabi 2: many standard denominations", Tx{InAddr: addrs(60, 1), OutAddr: addrs(60, 100),
			OutValue: cat(cat(eq(20, 1<<20), eq(20, 3*(1<<18))), eq(20, 200_000))}, Wasabi},
		{"joinmarket: 4 makers+taker, 9 outputs", Tx{InAddr: addrs(7, 1), OutAddr: addrs(9, 100),
			OutValue: cat(eq(5, 123_456_789), []uint64{11, 22, 33, 44})}, JoinMarket},
		{"generic: 2 equal of 3 outputs", Tx{InAddr: addrs(2, 1), OutAddr: addrs(3, 100), OutValue: []uint64{500, 500, 123}}, GenericMix},
		{"consolidation is not a mix", Tx{InAddr: addrs(20, 1), OutAddr: addrs(1, 100), OutValue: []uint64{10_000}}, NotMix},
		{"payment with change is not", Tx{InAddr: addrs(2, 1), OutAddr: addrs(2, 100), OutValue: []uint64{700, 300}}, NotMix},
		{"one input is never a mix", Tx{InAddr: addrs(1, 1), OutAddr: addrs(5, 100), OutValue: eq(5, 1_000_000)}, NotMix},
		{"same-address inputs are one participant", Tx{InAddr: []uint32{7, 7, 7}, OutAddr: addrs(3, 100), OutValue: []uint64{5, 5, 9}}, NotMix},
		{"dust spam excluded", Tx{InAddr: addrs(3, 1), OutAddr: addrs(3, 100), OutValue: []uint64{546, 546, 9000}}, NotMix},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.tx.InValue = make([]uint64, len(tc.tx.InAddr))
			if got := DetectCoinJoin(&tc.tx); got != tc.want {
				t.Errorf("got %s, want %s", got, tc.want)
			}
		})
	}
}

// mapHistory is a History from a map (first receipt rows).
type mapHistory map[uint32]uint32

func (m mapHistory) FirstOut(a uint32) uint32 {
	if r, ok := m[a]; ok {
		return r
	}
	return NoFirst
}

func TestChangeHeuristics(t *testing.T) {
	// inputs 1 (P2WPKH, 5000) and 2 (P2WPKH, 4000); outputs to 10 (seen
	// before, P2PKH, round 3000000) and 11 (fresh, P2WPKH, 5977)
	types := make([]uint8, 20)
	types[1], types[2], types[11] = typeP2WPKH, typeP2WPKH, typeP2WPKH
	types[10] = typeP2PKH
	tx := Tx{InAddr: []uint32{1, 2}, InValue: []uint64{5_000_000, 4_000_000}, OutAddr: []uint32{10, 11},
		OutValue: []uint64{3_000_000, 5_977_000 + 1}, OutRow: 100}
	hist := mapHistory{1: 5, 2: 6, 10: 7, 11: 101}
	ctx := &changeCtx{hist: hist, types: types}
	for _, tc := range []struct {
		h    Heuristic
		want int
	}{{ChangeFresh, 1}, {ChangeType, 1}, {ChangeRound, 1}, {ChangeOptimal, 0}} {
		if got := changeOf(tc.h, &tx, ctx); got != tc.want {
			t.Errorf("%s: got output %d, want %d", tc.h, got, tc.want)
		}
	}
	reuse := tx
	reuse.OutAddr = []uint32{10, 1}
	if changeCandidate(&reuse) {
		t.Error("a transaction paying an input address back is not a change candidate")
	}
}

func TestAddrType(t *testing.T) {
	for a, want := range map[string]uint8{
		"1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa":                             typeP2PKH,
		"3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy":                             typeP2SH,
		"bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq":                     typeP2WPKH,
		"bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3": typeP2WSH,
		"bc1p5d7rjq7g6rdk2yhzks9smlaqtedr4dekq08ge8ztwac72sfr9rusxg3297": typeP2TR,
		"": typeUnknown,
	} {
		if got := AddrType([]byte(a)); got != want {
			t.Errorf("%q: got %d, want %d", a, got, want)
		}
	}
}

func TestParseSet(t *testing.T) {
	if s, err := ParseSet("", 2); err != nil || s != Set(MultiInput|Deposit) {
		t.Errorf("utxo default: %v %v", s, err)
	}
	if s, err := ParseSet("multi-input, change-fresh", 2); err != nil || s.String() != "multi-input,change-fresh" {
		t.Errorf("list: %v %v", s, err)
	}
	for _, bad := range []string{"bogus", "multi-input", ","} {
		if _, err := ParseSet(bad, 1); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}

// TestArraysRoundTrip writes and reads the file format, and checks that
// damage is detected, never a panic.
func TestArraysRoundTrip(t *testing.T) {
	st := newState(Manifest{}, 10)
	st.link(1, 2, MultiInput, 5, 0)
	st.link(2, 3, ChangeFresh, 6, 1)
	st.link(7, 8, Deposit, 9, 0)
	st.dep = deposits{Addr: []uint32{7}, Wallet: []uint32{8}, Share: []uint32{990}}
	st.uf.Flatten()
	a := &arrays{root: st.uf.Roots(), flags: st.flags, ev: st.ev.columns(), dep: st.dep}
	a.off, a.list = membersCSR(a.root)
	var buf bytes.Buffer
	if err := writeArrays(&buf, a); err != nil {
		t.Fatal(err)
	}
	for _, inPlace := range []bool{false, true} {
		b, err := parseArrays(buf.Bytes(), inPlace)
		if err != nil {
			t.Fatal(err)
		}
		cs := &Clusters{a: b}
		if r := cs.Of(3); cs.Size(r) != 3 || cs.ID(r) != 1 || cs.Heuristics(r) != Set(MultiInput|ChangeFresh) {
			t.Errorf("in place %v: cluster of 3: size %d id %d heuristics %s", inPlace, cs.Size(r), cs.ID(r), cs.Heuristics(r))
		}
		if w, s, ok := cs.DepositOf(7); !ok || w != 8 || s != 990 {
			t.Errorf("in place %v: deposit of 7: %d %d %v", inPlace, w, s, ok)
		}
		data := buf.Bytes()
		for i := 0; i < len(data); i += 7 {
			bad := append([]byte(nil), data...)
			bad[i] ^= 0x5a
			if _, err := parseArrays(bad, inPlace); err == nil {
				t.Fatalf("in place %v: flipping byte %d went unnoticed", inPlace, i)
			}
		}
		if _, err := parseArrays(data[:len(data)/2], inPlace); err == nil {
			t.Fatal("a truncated file went unnoticed")
		}
	}
}

// FuzzParseArrays: no input makes the parser panic.
func FuzzParseArrays(f *testing.F) {
	f.Add([]byte(fileMagic))
	f.Add([]byte("VGCLUST1\x01\x00\x00\x00\x00\x00\x00\x00"))
	f.Add([]byte("VGCLUST3\x01\x00\x00\x00\x00\x00\x00\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		parseArrays(data, false)
		parseArrays(data, true)
	})
}
