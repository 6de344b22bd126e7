package sim

import "math/big"

// depositIndex finds exchange deposit addresses as docs/tracing.md
// defines them, from the outgoing moves of the replay's input.
type depositIndex struct {
	in   *replayIn
	out  map[addr][]int // indexes of each sender's moves
	memo map[addr]*endpointInfo
}

func newDepositIndex(in *replayIn) *depositIndex {
	x := &depositIndex{in: in, out: map[addr][]int{}, memo: map[addr]*endpointInfo{}}
	for i, m := range in.moves {
		x.out[m.from] = append(x.out[m.from], i)
	}
	return x
}

// stop reports whether taint arriving at a ends there, and the endpoint:
// a labeled service, or an exchange deposit address.
func (r *replay) stop(a addr) (endpointInfo, bool) {
	if l, ok := r.in.labels[a]; ok {
		return endpointInfo{l.entity, l.category, nil}, stops(l.category)
	}
	if e := r.deps.classify(a); e != nil {
		return *e, true
	}
	return endpointInfo{}, false
}

// classify returns the endpoint of unlabeled a when a is a deposit
// address: it sends something, and in every asset it sends at least 95%
// of the value goes to addresses labeled exchange of one entity E.
func (x *depositIndex) classify(a addr) *endpointInfo {
	if e, ok := x.memo[a]; ok {
		return e
	}
	var e *endpointInfo
	for _, ent := range x.entities(a) {
		if w, ok := x.depositOf(a, ent); ok {
			e = &endpointInfo{ent, "exchange", &w}
			break
		}
	}
	x.memo[a] = e
	return e
}

// entities lists the exchange entities a sends to, in first-seen order.
func (x *depositIndex) entities(a addr) []string {
	var out []string
	seen := map[string]bool{}
	for _, i := range x.out[a] {
		l, ok := x.in.labels[x.in.moves[i].to]
		if ok && l.category == "exchange" && !seen[l.entity] {
			seen[l.entity] = true
			out = append(out, l.entity)
		}
	}
	return out
}

// depositOf reports whether a sends at least 95% of every asset to
// wallets of exchange ent, and the wallet that received the most (all
// assets summed; the smaller address on a tie).
func (x *depositIndex) depositOf(a addr, ent string) (addr, bool) {
	total, toE, wallet := map[string]*big.Int{}, map[string]*big.Int{}, map[addr]*big.Int{}
	for _, i := range x.out[a] {
		m := x.in.moves[i]
		addTo(total, m.asset, m.amount)
		if l, ok := x.in.labels[m.to]; ok && l.category == "exchange" && l.entity == ent {
			addTo(toE, m.asset, m.amount)
			if wallet[m.to] == nil {
				wallet[m.to] = new(big.Int)
			}
			wallet[m.to].Add(wallet[m.to], m.amount)
		}
	}
	for asset, tot := range total {
		lhs := new(big.Int).Mul(orZero(toE[asset]), big.NewInt(100))
		if lhs.Cmp(new(big.Int).Mul(tot, big.NewInt(95))) < 0 {
			return addr{}, false
		}
	}
	var best addr
	var bestV *big.Int
	for w, v := range wallet {
		if bestV == nil || v.Cmp(bestV) > 0 || (v.Cmp(bestV) == 0 && w.String() < best.String()) {
			best, bestV = w, v
		}
	}
	return best, bestV != nil
}
