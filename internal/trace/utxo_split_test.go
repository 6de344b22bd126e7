package trace

import (
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"testing"
)

func TestSplitHaircutTable(t *testing.T) {
	cases := []struct {
		outV    []uint64
		in, ti  uint64
		want    []uint64
		wantFee uint64
	}{
		{[]uint64{1, 1, 1}, 3, 2, []uint64{0, 1, 1}, 0},   // ⌊2/3⌋=0, ⌊4/3⌋=1, ⌊6/3⌋=2
		{[]uint64{70, 80}, 160, 100, []uint64{43, 50}, 7}, // 43.75, 93.75
		{[]uint64{}, 10, 10, []uint64{}, 10},              // all fee
		{[]uint64{5, 5}, 10, 0, []uint64{0, 0}, 0},        // clean
		{[]uint64{6, 6}, 10, 10, []uint64{5, 5}, 0},       // pays more than it takes: no fee
		{[]uint64{math.MaxUint64 / 2, math.MaxUint64 / 2}, math.MaxUint64, math.MaxUint64 - 1,
			[]uint64{math.MaxUint64/2 - 1, math.MaxUint64 / 2}, 1}, // 128-bit intermediates
	}
	for _, c := range cases {
		got := make([]uint64, len(c.outV))
		fee := splitHaircut(c.outV, c.in, c.ti, got)
		if !reflect.DeepEqual(got, c.want) || fee != c.wantFee {
			t.Errorf("haircut %v of %d taint %d: %v fee %d, want %v fee %d", c.outV, c.in, c.ti, got, fee, c.want, c.wantFee)
		}
	}
}

// TestSplitHaircutBig compares cumulative rounding with math/big on random
// large transactions.
func TestSplitHaircutBig(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 2000; n++ {
		outV := make([]uint64, r.IntN(6))
		var sum uint64
		for k := range outV {
			outV[k] = r.Uint64N(1 << 61)
			sum += outV[k]
		}
		in := sum + r.Uint64N(1<<60)
		ti := r.Uint64N(in + 1)
		got := make([]uint64, len(outV))
		fee := splitHaircut(outV, in, ti, got)
		cum, prev := new(big.Int), new(big.Int)
		bi := func(v uint64) *big.Int { return new(big.Int).SetUint64(v) }
		for k, v := range outV {
			cum.Add(cum, bi(v))
			cur := new(big.Int).Div(new(big.Int).Mul(cum, bi(ti)), bi(in))
			if d := new(big.Int).Sub(cur, prev); d.Cmp(bi(got[k])) != 0 {
				t.Fatalf("%v in %d ti %d: output %d taint %d, big says %s", outV, in, ti, k, got[k], d)
			}
			prev = cur
		}
		if fee != ti-prev.Uint64() {
			t.Fatalf("fee %d, want %d", fee, ti-prev.Uint64())
		}
	}
}

func TestSplitFIFOTable(t *testing.T) {
	cases := []struct {
		inV, inT, outV []uint64
		want           []uint64
		wantFee        uint64
	}{
		// Clean 60 then tainted 100: outputs [0,70) [70,150), fee [150,160).
		{[]uint64{60, 100}, []uint64{0, 100}, []uint64{70, 80}, []uint64{10, 80}, 10},
		// Tainted prefixes 3 of 10 and 5 of 10: [0,3) and [10,15).
		{[]uint64{10, 10}, []uint64{3, 5}, []uint64{2, 9, 4}, []uint64{2, 2, 4}, 0},
		{[]uint64{0, 10}, []uint64{0, 10}, []uint64{10}, []uint64{10}, 0},
		{[]uint64{5}, []uint64{5}, []uint64{3, 4}, []uint64{3, 2}, 0}, // pays more than it takes
	}
	for _, c := range cases {
		got := make([]uint64, len(c.outV))
		fee := splitFIFO(c.inV, c.inT, c.outV, got)
		if !reflect.DeepEqual(got, c.want) || fee != c.wantFee {
			t.Errorf("fifo %v/%v -> %v: %v fee %d, want %v fee %d", c.inV, c.inT, c.outV, got, fee, c.want, c.wantFee)
		}
	}
}

func TestSplitPoison(t *testing.T) {
	got := make([]uint64, 2)
	if fee := splitPoison([]uint64{3, 4}, 10, got); fee != 3 || got[0] != 3 || got[1] != 4 {
		t.Errorf("poison: %v fee %d", got, fee)
	}
}

// TestTaintTable checks the open-addressing table against a map under
// random adds and deletes.
func TestTaintTable(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var tb taintTable
	ref := map[uint32]uint64{}
	for i := 0; i < 200000; i++ {
		k := r.Uint32N(5000)
		if i%100 == 0 {
			k = math.MaxUint32 - 1 - r.Uint32N(3) // the largest rows
		}
		switch r.IntN(3) {
		case 0, 1:
			v := r.Uint64N(100)
			tb.add(k, v)
			ref[k] += v
		default:
			tb.del(k)
			delete(ref, k)
		}
		if v, ok := tb.get(k); ok != (ref[k] > 0 || hasKey(ref, k)) || v != ref[k] {
			t.Fatalf("step %d: row %d = %d %v, want %d", i, k, v, ok, ref[k])
		}
	}
	n := 0
	tb.each(func(r uint32, v uint64) {
		n++
		if ref[r] != v {
			t.Errorf("row %d = %d, want %d", r, v, ref[r])
		}
	})
	if n != len(ref) || tb.n != len(ref) {
		t.Errorf("%d entries, want %d", n, len(ref))
	}
}

func hasKey(m map[uint32]uint64, k uint32) bool {
	_, ok := m[k]
	return ok
}

func TestTxQueue(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	var q txQueue
	for i := 0; i < 1000; i++ {
		q.push(r.Uint32N(500))
	}
	prev := uint32(0)
	for len(q) > 0 {
		v := q.pop()
		if v < prev {
			t.Fatalf("popped %d after %d", v, prev)
		}
		prev = v
	}
}
