package sim

import "math/big"

// planPeel: six leaves consolidate (fan-in) into one address, which then
// peels five deposits off in a chain; the remainder rests at its end.
func (h *heist) planPeel(add func(*big.Int) addr) {
	peels := make([]*big.Int, 5)
	total := h.randEth(10, 60)
	rest := new(big.Int).Set(total)
	for i := range peels {
		peels[i] = h.randEth(5, 40)
		total.Add(total, peels[i])
	}
	c := h.newAddr(true)
	// Fan-in: split total over six leaves by random weights.
	weights, sum := make([]int64, 6), int64(0)
	for i := range weights {
		weights[i] = 1 + h.rng.Int64N(10)
		sum += weights[i]
	}
	left := new(big.Int).Set(total)
	for i, w := range weights {
		v := new(big.Int).Div(new(big.Int).Mul(total, big.NewInt(w)), big.NewInt(sum))
		if i == len(weights)-1 {
			v = left
		}
		left = new(big.Int).Sub(left, v)
		h.emit(3, add(v), c, v, kindPlain)
		h.p.Fanin++
	}
	cur := c
	remaining := new(big.Int).Set(total)
	for i, p := range peels {
		tick := 4 + i
		h.deposit(tick, cur, i%3, -1, p)
		remaining.Sub(remaining, p)
		next := h.newAddr(true)
		h.emit(tick, cur, next, new(big.Int).Set(remaining), kindPlain)
		cur = next
		h.p.Peel++
	}
	h.rest(cur, "eth", rest)
}

// planForwarder: two leaves call one forwarder contract, which moves the
// value on by internal calls: to a deposit address, to the bridge and to a
// fresh address where it rests.
func (h *heist) planForwarder(add func(*big.Int) addr) {
	f := h.newAddr(true)
	for i := 0; i < 2; i++ {
		a, b, c := h.randEth(10, 50), h.randEth(5, 30), h.randEth(1, 20)
		v := new(big.Int).Add(a, b)
		v.Add(v, c)
		d, r := h.newAddr(false), h.newAddr(true)
		e := h.emit(3, add(v), f, v, kindDisperse)
		e.t.calls = []call{{f, d, u256(a)}, {f, h.s.bridge, u256(b)}, {f, r, u256(c)}}
		h.sweep(3, d, (i+1)%3, -1, a)
		h.markService(h.s.bridge, b)
		h.rest(r, "eth", c)
		h.p.Forwarder++
	}
}

// planSwaps: one leaf swaps ETH for the 6-decimal token and deposits all
// of it; another swaps for the 18-decimal token, deposits part and keeps
// the rest. Each swap's amounts are exact: out = in * price / 1e18.
func (h *heist) planSwaps(add func(*big.Int) addr) {
	for ti := range h.s.tokens {
		t := h.s.tokens[ti]
		in := h.randEth(30, 90)
		unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(t.decimals)), nil)
		price := new(big.Int).Mul(big.NewInt(int64(1800+h.rng.IntN(1700))), unit)
		price.Add(price, new(big.Int).SetUint64(h.rng.Uint64N(unit.Uint64())))
		out := new(big.Int).Div(new(big.Int).Mul(in, price), ether)
		a := add(in)
		e := h.emit(3, a, t.pool, in, kindSwap)
		e.t.tokens = []tokenMove{{token: t.contract, from: t.pool, to: a, value: u256(out)}}
		e.t.calls = []call{{from: t.pool, to: t.contract}}
		e.swap = len(h.swaps)
		h.swaps = append(h.swaps, Swap{Address: a.String(), Pool: t.pool.String(), AssetIn: "eth",
			AmountIn: in.String(), AssetOut: h.s.asset(ti), AmountOut: out.String()})
		h.p.Swap++
		dep := out
		if ti == 1 {
			dep = new(big.Int).Div(out, big.NewInt(2))
			h.rest(a, h.s.asset(ti), new(big.Int).Sub(out, dep))
		}
		h.deposit(4, a, ti%3, ti, dep)
	}
}

// planFanout splits the stolen value: victim -> two seeds -> eight
// first-level addresses -> the leaves (shuffled).
func (h *heist) planFanout(leaves []leaf) {
	h.rng.Shuffle(len(leaves), func(i, j int) { leaves[i], leaves[j] = leaves[j], leaves[i] })
	const l1 = 8
	mids := make([]addr, l1)
	midV := make([]*big.Int, l1)
	for i := range mids {
		mids[i], midV[i] = h.newAddr(true), new(big.Int)
	}
	for i, l := range leaves {
		h.emit(2, mids[i%l1], l.a, l.v, kindPlain)
		midV[i%l1].Add(midV[i%l1], l.v)
		h.p.Fanout++
	}
	h.seeds = []addr{h.newAddr(true), h.newAddr(true)}
	seedV := []*big.Int{new(big.Int), new(big.Int)}
	for i := range mids {
		s := i * 2 / l1
		h.emit(1, h.seeds[s], mids[i], midV[i], kindPlain)
		seedV[s].Add(seedV[s], midV[i])
		h.p.Fanout++
	}
	for i, s := range h.seeds {
		h.emit(0, h.s.victim.hot, s, seedV[i], kindPlain)
	}
}
