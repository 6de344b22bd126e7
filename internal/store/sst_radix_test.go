package store

import (
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// sinkOf fills a sink with keys made by key(i) for i < n, in order.
func sinkOf(n int, key func(i int) []byte) *sstSink {
	s := &sstSink{}
	for i := 0; i < n; i++ {
		s.Set(key(i), []byte{byte(i)}, nil)
	}
	return s
}

// TestRadixSortMatchesComparison sorts namespaces of many shapes with the
// radix sort and with the comparison sort and wants the same order: random
// hashes, shared prefixes (ties decided by the key's tail, then by
// arrival), keys shorter than the prefix, duplicates, a constant prefix.
func TestRadixSortMatchesComparison(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := map[string]func(i int) []byte{
		"hashes": func(int) []byte {
			k := []byte{nsTxHash, 2}
			return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(k, r.Uint64()), r.Uint64())
		},
		"shared prefix, random tail": func(int) []byte {
			k := []byte{nsTxHash, 2, 0, 0, 0, 0, 0, byte(r.IntN(3))}
			return binary.BigEndian.AppendUint32(k, r.Uint32())
		},
		"short keys": func(int) []byte { return []byte{nsAddr, 1, byte(r.IntN(256))}[:1+r.IntN(3)] },
		"duplicates": func(int) []byte { return []byte{nsBlock, 1, 0, 0, 0, 0, 0, 0, 0, byte(r.IntN(40))} },
		"constant":   func(int) []byte { return []byte{nsCounters, 1} },
		"descending": func(i int) []byte { return binary.BigEndian.AppendUint64([]byte{nsBlock, 1}, uint64(1e9-i)) },
	}
	for name, key := range cases {
		for _, n := range []int{radixMin, 5000} {
			t.Run(fmt.Sprintf("%s/%d", name, n), func(t *testing.T) {
				s := sinkOf(n, key)
				want := slices.Clone(s.ops)
				slices.SortFunc(want, func(a, b sstOp) int { return s.cmp(&a, &b) })
				got := slices.Clone(s.ops)
				s.radixSort(got, make([]sstOp, len(got)))
				if !slices.Equal(got, want) {
					t.Fatalf("radix order differs from the comparison sort")
				}
			})
		}
	}
}

// BenchmarkSortTxKeys sorts 500,000 random tx-hash keys, the biggest
// namespace of a bulk commit: radix vs the comparison sort (baseline).
func BenchmarkSortTxKeys(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	s := sinkOf(500000, func(int) []byte {
		k := binary.BigEndian.AppendUint64([]byte{nsTxHash, 2}, r.Uint64())
		return binary.BigEndian.AppendUint64(k, r.Uint64())
	})
	work, tmp := make([]sstOp, len(s.ops)), make([]sstOp, len(s.ops))
	b.Run("radix", func(b *testing.B) {
		for b.Loop() {
			copy(work, s.ops)
			s.radixSort(work, tmp)
		}
	})
	b.Run("pdqsort", func(b *testing.B) {
		for b.Loop() {
			copy(work, s.ops)
			slices.SortFunc(work, func(x, y sstOp) int { return s.cmp(&x, &y) })
		}
	})
}

// TestSortGroupKeepsLastWrite wants sortGroup to keep exactly one write
// per key, the last, on keys that share their sorting prefix but differ
// after it or in length, and on true duplicates.
func TestSortGroupKeepsLastWrite(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	cases := map[string]func(i int) []byte{
		"same prefix, tails differ": func(int) []byte {
			return []byte{nsTxHash, 2, 0, 0, 0, 0, 0, 0, 0, 0, byte(r.IntN(5))}
		},
		"same prefix, lengths differ": func(int) []byte { return []byte{nsAddr, 1, 7, 7, 7, 7, 7, 7, 7, 7, 9}[:9+r.IntN(3)] },
		"short keys":                  func(int) []byte { return []byte{nsAddr, 1, 0}[:1+r.IntN(3)] },
		"duplicates":                  func(int) []byte { return binary.BigEndian.AppendUint64([]byte{nsTxHash, 2}, r.Uint64N(50)) },
	}
	for name, key := range cases {
		for _, n := range []int{100, radixMin + 7} {
			t.Run(fmt.Sprintf("%s/%d", name, n), func(t *testing.T) {
				s := &sstSink{}
				last := map[string]uint32{}
				for i := 0; i < n; i++ {
					k := key(i)
					v := binary.BigEndian.AppendUint32(nil, uint32(i))
					s.Set(k, v, nil)
					last[string(k)] = uint32(i)
				}
				got := s.sortGroup(slices.Clone(s.ops))
				if len(got) != len(last) {
					t.Fatalf("%d writes kept, want %d distinct keys", len(got), len(last))
				}
				for i := range got {
					k := string(s.key(&got[i]))
					if i > 0 && string(s.key(&got[i-1])) >= k {
						t.Fatalf("keys out of order at %d", i)
					}
					if v := binary.BigEndian.Uint32(s.value(&got[i])); v != last[k] {
						t.Fatalf("key %x kept write %d, want the last, %d", k, v, last[k])
					}
				}
			})
		}
	}
}

// BenchmarkGather copies 500,000 sorted tx-hash writes (random in the
// arena) into key order, as writeTable does before a big table: batched
// with loads ahead, against the plain copy loop (baseline).
func BenchmarkGather(b *testing.B) {
	r := rand.New(rand.NewPCG(7, 8))
	s := sinkOf(500000, func(int) []byte {
		k := binary.BigEndian.AppendUint64([]byte{nsTxHash, 2}, r.Uint64())
		return binary.BigEndian.AppendUint64(binary.BigEndian.AppendUint64(k, r.Uint64()), r.Uint64())
	})
	sorted := s.sortGroup(slices.Clone(s.ops))
	work := make([]sstOp, len(sorted))
	b.Run("batched", func(b *testing.B) {
		for b.Loop() {
			copy(work, sorted)
			gather(s.arena, work)
		}
	})
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			copy(work, sorted)
			out := make([]byte, 0, len(s.arena))
			for i := range work {
				o := &work[i]
				off := uint32(len(out))
				out = append(out, s.arena[o.off:o.off+o.klen+o.vlen]...)
				o.off = off
			}
		}
	})
}
