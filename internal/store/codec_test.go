package store

import (
	"math/rand/v2"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

func TestAmountRoundTrip(t *testing.T) {
	cases := []chain.U256{
		{}, {1}, {10}, {7400000000000000000}, {^uint64(0)}, {0, 1}, {^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)},
		{1 << 58}, {(1 << 58) * 10}, {12345678901234567890 % (1 << 63)},
	}
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 2000; i++ {
		var u chain.U256
		for j := 0; j < r.IntN(5); j++ {
			u[j] = r.Uint64() >> r.IntN(64)
		}
		cases = append(cases, u)
	}
	for _, want := range cases {
		var e enc
		e.amount(want)
		d := dec{b: e.b}
		got := d.amount()
		if d.err != nil || got != want || len(d.b) != 0 {
			t.Fatalf("amount %s: got %s err %v rest %d", want, got, d.err, len(d.b))
		}
	}
}

func TestAmountCompact(t *testing.T) {
	for _, c := range []struct {
		v    uint64
		size int
	}{{7400000000000000000, 2}, {5000000000, 2}, {1, 1}, {0, 1}} {
		var e enc
		e.amount(chain.U64(c.v))
		if len(e.b) != c.size {
			t.Errorf("amount %d: %d bytes, want %d", c.v, len(e.b), c.size)
		}
	}
}

func TestSumRoundTrip(t *testing.T) {
	var s chain.Sum
	for i := 0; i < 100; i++ {
		s.Add(chain.U256{^uint64(0), ^uint64(0), ^uint64(0), ^uint64(0)})
		var e enc
		e.sum(s)
		d := dec{b: e.b}
		if got := d.sum(); got != s || d.err != nil {
			t.Fatalf("sum %s: got %s", s, got)
		}
	}
}

func TestDecodeCorruptNeverPanics(t *testing.T) {
	b := sampleAccountBlock(5, 20)
	rec := encodeAccount(&b, nil)
	for i := range rec {
		for _, cut := range []int{i} {
			if _, err := decodeAccount(5, rec[:cut]); err == nil {
				t.Fatalf("truncated record at %d decoded without error", cut)
			}
		}
		mut := append([]byte(nil), rec...)
		mut[i] ^= 0xff
		decodeAccount(5, mut) // must not panic
	}
}

func FuzzDecodeRecords(f *testing.F) {
	b := sampleAccountBlock(5, 3)
	f.Add(encodeAccount(&b, nil))
	u := sampleUTXOBlock(7)
	f.Add(encodeUTXO(&u, nil))
	f.Fuzz(func(t *testing.T, v []byte) {
		decodeAccount(9, v)
		decodeUTXO(9, v)
		decodeCounters(v)
		decodeChunk(v)
	})
}
