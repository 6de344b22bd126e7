package store

import (
	"slices"
)

// radixMin is the group size from which sorted uses the radix sort.
const radixMin = 1 << 10

// radixSort sorts ops (one namespace, in arrival order) into s.cmp's
// order: a stable LSD radix sort on the top bytes of the 8-byte key
// prefix that vary (hash keys share their chain byte) — only as many as
// make ties rare (256^k ≥ 64·len(ops)) — then the runs of equal sorted
// bytes by full key and arrival. tmp must hold len(ops).
func (s *sstSink) radixSort(ops, tmp []sstOp) {
	var and, or uint64 = ^uint64(0), 0
	for i := range ops {
		and &= ops[i].prefix
		or |= ops[i].prefix
	}
	shifts := radixShifts(and^or, len(ops))
	src, dst := ops, tmp
	for _, shift := range shifts {
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
	var mask uint64 = ^uint64(0) // the bytes sorted on (and the constant ones)
	if len(shifts) > 0 {
		mask <<= shifts[0]
	}
	s.sortTies(ops, mask)
}

// radixShifts returns the shifts of the bytes to sort n keys on, lowest
// first: the most significant bytes that vary, enough of them for about
// 64 possible values per key.
func radixShifts(varies uint64, n int) []uint {
	var shifts []uint
	room := 1
	for shift := 56; shift >= 0 && room < 64*n; shift -= 8 {
		if (varies>>shift)&0xff != 0 {
			shifts = append(shifts, uint(shift))
			room *= 256
		}
	}
	slices.Reverse(shifts)
	return shifts
}

// sortTies orders each run of prefixes equal under mask by full key, then
// arrival (the radix passes kept arrival order inside a run).
func (s *sstSink) sortTies(ops []sstOp, mask uint64) {
	for lo := 0; lo < len(ops); {
		hi := lo + 1
		for hi < len(ops) && ops[hi].prefix&mask == ops[lo].prefix&mask {
			hi++
		}
		if hi-lo > 1 {
			slices.SortFunc(ops[lo:hi], func(a, b sstOp) int { return s.cmp(&a, &b) })
		}
		lo = hi
	}
}
