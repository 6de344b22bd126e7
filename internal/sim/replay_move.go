package sim

import "math/big"

// holding is an active address's balance of one asset: b all value, t its
// tainted part (haircut; poison counts taint received only to know the
// address is poisoned), lots the FIFO queue, oldest first.
type holding struct {
	b, t *big.Int
	lots []lot
}

// lot is a FIFO lot.
type lot struct {
	v       *big.Int
	tainted bool
}

// carried is the taint a move carries: t in total and, under FIFO, the
// lots it took from its sender in order (nil: one clean lot).
type carried struct {
	t    *big.Int
	lots []lot
}

// clean is a move carrying no taint.
func clean() carried { return carried{t: new(big.Int)} }

// swapAcc gathers one address's swap inside a transaction: the asset x it
// sends, the amount a and taint t of those moves, and its incoming legs.
type swapAcc struct {
	x    string
	a, t *big.Int
	legs []rmove
}

// tx replays the moves of one transaction.
func (r *replay) tx(ms []rmove) {
	swaps, order := r.swapsOf(ms)
	for _, m := range ms {
		c := r.send(m)
		if s := swaps[m.from]; s != nil {
			s.a.Add(s.a, m.amount)
			s.t.Add(s.t, c.t)
			c = clean() // a pool or wrapper is never walked through
		}
		if s := swaps[m.to]; s != nil && m.asset != s.x {
			s.legs = append(s.legs, m) // applied after the address's other moves
			continue
		}
		r.receive(m, c)
	}
	for _, a := range order {
		s := swaps[a]
		addTo(r.out.swapAway, s.x, s.t)
		for _, m := range s.legs {
			c := r.convert(m.amount, s)
			addTo(r.out.swapGot, m.asset, c.t)
			r.receive(m, c)
		}
	}
}

// swapsOf finds the addresses for which the transaction is a swap: active
// (not seeds), sending exactly one asset X and receiving only other
// assets. It returns them by address and in order of first appearance.
func (r *replay) swapsOf(ms []rmove) (map[addr]*swapAcc, []addr) {
	sent, got := map[addr]map[string]bool{}, map[addr]map[string]bool{}
	var seen []addr
	note := func(m map[addr]map[string]bool, a addr, asset string) {
		if _, ok := r.hop[a]; !ok || r.in.seeds[a] {
			return
		}
		if sent[a] == nil && got[a] == nil {
			seen = append(seen, a)
		}
		if m[a] == nil {
			m[a] = map[string]bool{}
		}
		m[a][asset] = true
	}
	for _, m := range ms {
		note(sent, m.from, m.asset)
		note(got, m.to, m.asset)
	}
	swaps := map[addr]*swapAcc{}
	var order []addr
	for _, a := range seen {
		if len(sent[a]) != 1 || len(got[a]) == 0 {
			continue
		}
		for x := range sent[a] {
			if !got[a][x] {
				swaps[a] = &swapAcc{x: x, a: new(big.Int), t: new(big.Int)}
				order = append(order, a)
			}
		}
	}
	return swaps, order
}

// convert gives an incoming swap leg of amount y its taint.
func (r *replay) convert(y *big.Int, s *swapAcc) carried {
	t := new(big.Int)
	switch {
	case r.pol == poison:
		if s.t.Sign() > 0 {
			t.Set(y)
		}
	case s.a.Sign() > 0:
		t.Div(t.Mul(y, s.t), s.a)
	}
	c := carried{t: t}
	if r.pol == fifo {
		c.lots = appendLot(appendLot(nil, t, true), new(big.Int).Sub(y, t), false)
	}
	return c
}

// send takes move m from its sender and returns the taint it carries.
func (r *replay) send(m rmove) carried {
	defer r.rawOf(key{m.from, m.asset}).Sub(r.rawOf(key{m.from, m.asset}), m.amount)
	if r.in.seeds[m.from] {
		if m.block < r.in.since {
			return clean()
		}
		addTo(r.out.created, m.asset, m.amount)
		return carried{t: new(big.Int).Set(m.amount), lots: appendLot(nil, m.amount, true)}
	}
	h := r.hold[key{m.from, m.asset}]
	if h == nil {
		return clean()
	}
	a := m.amount
	switch r.pol {
	case haircut:
		t := new(big.Int).Set(h.t)
		if a.Cmp(h.b) < 0 {
			t.Div(t.Mul(a, h.t), h.b)
		}
		h.t.Sub(h.t, t)
		h.b.Sub(h.b, minInt(a, h.b))
		return carried{t: t}
	case poison:
		h.b.Sub(h.b, minInt(a, h.b))
		return carried{t: new(big.Int).Set(a)}
	}
	taken := takeLots(h, a)
	return carried{t: taintedLots(taken), lots: taken}
}

// receive gives move m with taint c to its receiver.
func (r *replay) receive(m rmove, c carried) {
	k := key{m.to, m.asset}
	defer r.rawOf(k).Add(r.rawOf(k), m.amount)
	if r.in.seeds[m.to] {
		addTo(r.out.toSeeds, m.asset, c.t)
		return
	}
	if info, ok := r.stop(m.to); ok {
		if c.t.Sign() > 0 {
			r.out.ends.add(k, c.t)
			r.out.info[m.to] = info
		}
		return
	}
	h := r.hold[k]
	if h == nil {
		if c.t.Sign() == 0 {
			return
		}
		h = r.activate(k)
	}
	if c.t.Sign() > 0 {
		r.reach(m.from, m.to)
	}
	h.b.Add(h.b, m.amount)
	h.t.Add(h.t, c.t)
	if r.pol == fifo {
		if c.lots == nil {
			c.lots = appendLot(nil, m.amount, false)
		}
		for _, l := range c.lots {
			h.lots = appendLot(h.lots, l.v, l.tainted)
		}
	}
}

// activate starts holding k with its clean balance from earlier moves.
func (r *replay) activate(k key) *holding {
	b := new(big.Int).Set(r.rawOf(k))
	if b.Sign() < 0 {
		b.SetInt64(0)
	}
	h := &holding{b: b, t: new(big.Int), lots: appendLot(nil, b, false)}
	r.hold[k] = h
	r.order = append(r.order, k)
	if _, ok := r.hop[k.a]; !ok {
		r.hop[k.a] = int(^uint(0) >> 1)
	}
	return h
}

// reach sets to's hop from a tainted move sent by from (a swap leg's
// sender, the pool, has no hop: the address keeps its own).
func (r *replay) reach(from, to addr) {
	h, ok := r.hop[from]
	if !ok {
		return
	}
	if h+1 < r.hop[to] {
		r.hop[to] = h + 1
		r.out.maxHop = max(r.out.maxHop, h+1)
	}
}

func minInt(a, b *big.Int) *big.Int {
	if a.Cmp(b) < 0 {
		return a
	}
	return b
}
