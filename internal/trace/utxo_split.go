package trace

import "math/bits"

// mulDiv64 returns ⌊a·b/c⌋ with a 128-bit intermediate; callers keep
// a ≤ c or b ≤ c so the quotient fits (it saturates otherwise). c > 0.
func mulDiv64(a, b, c uint64) uint64 {
	hi, lo := bits.Mul64(a, b)
	if hi >= c {
		return ^uint64(0)
	}
	q, _ := bits.Div64(hi, lo, c)
	return q
}

// splitHaircut spreads taint ti of a transaction with input value in over
// its outputs outV (taints into outT) and the fee by cumulative rounding;
// it returns the fee's taint. Outputs and fee carry exactly ti.
func splitHaircut(outV []uint64, in, ti uint64, outT []uint64) uint64 {
	sum := uint64(0)
	for _, v := range outV {
		sum += v
	}
	den := max(in, sum)
	ti = min(ti, den)
	if den == 0 {
		clear(outT)
		return ti
	}
	cum, prev := uint64(0), uint64(0)
	for k, v := range outV {
		cum += v
		cur := mulDiv64(cum, ti, den)
		outT[k] = cur - prev
		prev = cur
	}
	return ti - prev
}

// splitPoison taints every output and the fee in full.
func splitPoison(outV []uint64, in uint64, outT []uint64) uint64 {
	sum := uint64(0)
	for k, v := range outV {
		outT[k] = v
		sum += v
	}
	if in > sum {
		return in - sum
	}
	return 0
}

// splitFIFO lays the inputs (values inV, tainted prefixes inT) end to end
// on a ruler and gives the outputs, then the fee, consecutive intervals;
// each item's taint is its overlap with the tainted prefixes.
func splitFIFO(inV, inT, outV []uint64, outT []uint64) uint64 {
	r := ruler{inV: inV, inT: inT}
	sum := uint64(0)
	for k, v := range outV {
		outT[k] = r.take(v)
		sum += v
	}
	in := uint64(0)
	for _, v := range inV {
		in += v
	}
	if in > sum {
		return r.take(in - sum)
	}
	return 0
}

// ruler is a cursor over the inputs of splitFIFO.
type ruler struct {
	inV, inT []uint64
	i        int
	off      uint64 // position inside input i
}

// take advances by n and returns the tainted length covered.
func (r *ruler) take(n uint64) uint64 {
	t := uint64(0)
	for n > 0 && r.i < len(r.inV) {
		avail := r.inV[r.i] - r.off
		step := min(n, avail)
		if tp := min(r.inT[r.i], r.inV[r.i]); r.off < tp {
			t += min(r.off+step, tp) - r.off
		}
		r.off += step
		n -= step
		if r.off >= r.inV[r.i] {
			r.i, r.off = r.i+1, 0
		}
	}
	return t
}
