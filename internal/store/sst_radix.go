package store

import (
	"bytes"
	"slices"
)

// radixMin is the group size from which sorted uses the radix sort.
const radixMin = 1 << 10

// radixSort sorts ops (one namespace, in arrival order) into s.cmp's
// order: a stable LSD radix sort on the 8-byte key prefix, one pass per
// byte that varies (hash keys share their chain byte), then the rare runs
// of equal prefixes by full key and arrival. tmp must hold len(ops).
func (s *sstSink) radixSort(ops, tmp []sstOp) {
	var and, or uint64 = ^uint64(0), 0
	for i := range ops {
		and &= ops[i].prefix
		or |= ops[i].prefix
	}
	varies := and ^ or // bits that differ between some prefixes
	src, dst := ops, tmp
	for shift := uint(0); shift < 64; shift += 8 {
		if (varies>>shift)&0xff == 0 {
			continue
		}
		var count [256]int
		for i := range src {
			count[(src[i].prefix>>shift)&0xff]++
		}
		sum := 0
		for d := range count {
			count[d], sum = sum, sum+count[d]
		}
		for i := range src {
			d := (src[i].prefix >> shift) & 0xff
			dst[count[d]] = src[i]
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &ops[0] {
		copy(ops, src)
	}
	s.sortTies(ops)
}

// sortTies orders each run of equal prefixes by full key, then arrival
// (the radix passes kept arrival order inside a run).
func (s *sstSink) sortTies(ops []sstOp) {
	for lo := 0; lo < len(ops); {
		hi := lo + 1
		for hi < len(ops) && ops[hi].prefix == ops[lo].prefix {
			hi++
		}
		if hi-lo > 1 {
			slices.SortStableFunc(ops[lo:hi], func(a, b sstOp) int { return bytes.Compare(s.key(&a), s.key(&b)) })
		}
		lo = hi
	}
}
