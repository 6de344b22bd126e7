package prefetch

import (
	"math/rand/v2"
	"testing"
	"unsafe"
)

// TestLineLeavesMemory prefetches every line of a slice, and nil, and wants the slice unchanged (a prefetch only reads, and
// never faults).
func TestLineLeavesMemory(t *testing.T) {
	s := make([]byte, 1<<16)
	for i := range s {
		s[i] = byte(i)
	}
	for i := 0; i < len(s); i += 64 {
		Line(unsafe.Pointer(&s[i]))
	}
	Line(nil)
	for i := range s {
		if s[i] != byte(i) {
			t.Fatalf("byte %d changed", i)
		}
	}
}

// BenchmarkProbe is a parse loop's shape: per item, about a hundred
// nanoseconds of work (here a chain of multiplications standing for
// parsing a row), then a lookup in a 64 MB table whose slot was known
// before the work. Prefetching the slot before the work hides its cache
// miss behind it; the baseline loads it only at the lookup.
func BenchmarkProbe(b *testing.B) {
	table := make([]uint64, 8<<20)
	for i := range table {
		table[i] = uint64(i)
	}
	r := rand.New(rand.NewPCG(1, 2))
	idx := make([]int, 1<<14)
	for i := range idx {
		idx[i] = r.IntN(len(table))
	}
	var sum uint64
	work := func(x uint64) uint64 {
		for range 60 {
			x = x*0x9e3779b97f4a7c15 + 1
		}
		return x
	}
	b.Run("prefetched", func(b *testing.B) {
		for b.Loop() {
			for _, j := range idx {
				Line(unsafe.Pointer(&table[j]))
				sum = work(sum)
				if table[j]&1 == 0 {
					sum++
				}
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			for _, j := range idx {
				sum = work(sum)
				if table[j]&1 == 0 {
					sum++
				}
			}
		}
	})
	if sum == 1 {
		b.Log(sum)
	}
}
