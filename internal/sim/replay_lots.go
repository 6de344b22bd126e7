package sim

import "math/big"

// appendLot appends a lot of v (copied) to q, merging it into the last lot
// when both are of the same kind; an empty lot is dropped.
func appendLot(q []lot, v *big.Int, tainted bool) []lot {
	if v.Sign() <= 0 {
		return q
	}
	if n := len(q); n > 0 && q[n-1].tainted == tainted {
		q[n-1].v.Add(q[n-1].v, v)
		return q
	}
	return append(q, lot{v: new(big.Int).Set(v), tainted: tainted})
}

// takeLots takes a from the front of h's queue, splitting a lot when
// needed; what the queue lacks is clean. It lowers h.b and h.t to match.
func takeLots(h *holding, a *big.Int) []lot {
	var out []lot
	need := new(big.Int).Set(a)
	for need.Sign() > 0 && len(h.lots) > 0 {
		l := &h.lots[0]
		v := new(big.Int).Set(minInt(l.v, need))
		out = appendLot(out, v, l.tainted)
		need.Sub(need, v)
		l.v.Sub(l.v, v)
		if l.v.Sign() == 0 {
			h.lots = h.lots[1:]
		}
	}
	out = appendLot(out, need, false)
	h.b.Sub(h.b, minInt(a, h.b))
	h.t.Sub(h.t, taintedLots(out))
	return out
}

// taintedLots sums the tainted lots of q.
func taintedLots(q []lot) *big.Int {
	s := new(big.Int)
	for _, l := range q {
		if l.tainted {
			s.Add(s, l.v)
		}
	}
	return s
}
