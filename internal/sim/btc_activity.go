package sim

// one adds one background transaction to b (block num) and returns how
// many outputs it wrote.
func (g *btcBackground) one(b *bblock, num uint64) int {
	r := g.rng.IntN(100)
	switch {
	case r < 25:
		if n := g.deposit(b, num); n > 0 {
			return n
		}
	case r < 35:
		if n := g.withdrawal(b); n > 0 {
			return n
		}
	}
	return g.payment(b)
}

// pay builds a transaction spending u to the addresses already in t.outs
// (values unset), each paid an amount of its own, plus, with change, a
// change output back to u's owner. When u cannot cover the amounts and a
// change output, the recipients share all of it. It returns false (and
// drops t) when u cannot pay the fee and dust limits.
func (g *btcBackground) pay(b *bblock, t *btx, u butxo, change bool) bool {
	t.ins = append(t.ins, u)
	k := len(t.outs)
	var total uint64
	for i := 0; i < k; i++ {
		t.outs[i].v = g.amount()
		total += t.outs[i].v
	}
	if change {
		t.outs = append(t.outs, bout{a: u.a})
	}
	fee := g.feeFor(t)
	if change && u.v >= fee+total+20*dust {
		t.outs[k].v = u.v - fee - total
		if g.rng.IntN(2) == 0 {
			t.outs[0], t.outs[k] = t.outs[k], t.outs[0]
		}
		return true
	}
	t.outs = t.outs[:k] // everything to the recipients
	if u.v < fee+uint64(k)*2*dust {
		b.n--
		return false
	}
	avail := u.v - fee
	for i := 0; i < k; i++ {
		t.outs[i].v = avail / uint64(k)
	}
	t.outs[0].v += avail % uint64(k)
	return true
}

// amount returns a payment amount, log-uniform from 0.0001 to 10 BTC.
func (g *btcBackground) amount() uint64 {
	p := uint64(10000)
	for e := g.rng.IntN(5); e > 0; e-- {
		p *= 10
	}
	return (1+g.rng.Uint64N(9))*p + g.rng.Uint64N(p)
}

// payment: a user pays one or a few others, with change.
func (g *btcBackground) payment(b *bblock) int {
	u, ok := g.take()
	if !ok {
		return 0
	}
	t := g.newTx(b)
	n := 1
	if g.rng.IntN(4) == 0 { // a batch
		n = 2 + g.rng.IntN(5)
	}
	for i := 0; i < n; i++ {
		t.outs = append(t.outs, bout{a: g.user()})
	}
	if !g.pay(b, t, u, g.rng.IntN(5) != 0) {
		return 0
	}
	for k := range t.outs {
		g.put(t.utxo(k))
	}
	g.c.Payments++
	return len(t.outs)
}

// deposit: a user pays into a customer deposit address of an exchange,
// which the exchange sweeps a few blocks later.
func (g *btcBackground) deposit(b *bblock, num uint64) int {
	xi := g.rng.IntN(btcExchanges)
	x := g.ex[xi]
	if len(x.pend)-x.head >= btcPendingCap {
		return 0
	}
	u, ok := g.take()
	if !ok {
		return 0
	}
	t := g.newTx(b)
	dep := baddr(btcCustomer0 + xi*btcCustomers + g.rng.IntN(btcCustomers))
	t.outs = append(t.outs, bout{a: dep})
	if !g.pay(b, t, u, g.rng.IntN(6) != 0) {
		return 0
	}
	for k := range t.outs {
		if t.outs[k].a == dep {
			g.pending(xi, t.utxo(k), num, false)
		} else {
			g.put(t.utxo(k))
		}
	}
	g.c.Deposits++
	return len(t.outs)
}

// pending queues a deposit for exchange xi's sweep.
func (g *btcBackground) pending(xi int, u butxo, num uint64, heist bool) {
	x := g.ex[xi]
	if x.head > 4096 && x.head*2 > len(x.pend) {
		x.pend = x.pend[:copy(x.pend, x.pend[x.head:])]
		x.head = 0
	}
	x.pend = append(x.pend, bpending{u: u, due: num + 2 + g.rng.Uint64N(5), heist: heist})
}

// withdrawal: an exchange pays up to 31 users from its hot wallet in one
// batch, with change back to the hot wallet.
func (g *btcBackground) withdrawal(b *bblock) int {
	x := g.ex[g.rng.IntN(btcExchanges)]
	n := len(x.hotUTX)
	if n == 0 {
		return 0
	}
	i := g.rng.IntN(n)
	u := x.hotUTX[i]
	x.hotUTX[i] = x.hotUTX[n-1]
	x.hotUTX = x.hotUTX[:n-1]
	t := g.newTx(b)
	k := 2 + g.rng.IntN(30) // exchanges batch their payouts
	if u.v < uint64(k)*100*dust {
		k = 1
	}
	total := u.v / 100 * (10 + g.rng.Uint64N(50))
	t.ins = append(t.ins, u)
	for j := 0; j < k; j++ {
		t.outs = append(t.outs, bout{a: g.user()})
	}
	t.outs = append(t.outs, bout{a: x.hot})
	fee := g.feeFor(t)
	if total < uint64(k)*10*dust || u.v < total+fee+dust {
		b.n--
		x.putHot(g, u)
		return 0
	}
	left := total
	for j := 0; j < k-1; j++ {
		t.outs[j].v = left / uint64(k-j) / 10 * (5 + g.rng.Uint64N(10))
		left -= t.outs[j].v
	}
	t.outs[k-1].v = left
	t.outs[k].v = u.v - total - fee
	for j := 0; j < k; j++ {
		g.put(t.utxo(j))
	}
	x.putHot(g, t.utxo(k))
	g.c.Withdrawals++
	return len(t.outs)
}

// sweeps writes the sweeps due at block num (every pending deposit when
// all) and returns how many outputs they wrote.
func (g *btcBackground) sweeps(b *bblock, num uint64, all bool) int {
	outs := 0
	for _, x := range g.ex {
		for x.head < len(x.pend) && (all || x.pend[x.head].due <= num) {
			outs += g.sweepOne(b, x, num, all)
		}
	}
	return outs
}

// sweepOne sweeps up to btcSweepMax due deposits of x into its hot wallet
// in one transaction.
func (g *btcBackground) sweepOne(b *bblock, x *bexchange, num uint64, all bool) int {
	t := g.newTx(b)
	heist := false
	for x.head < len(x.pend) && len(t.ins) < btcSweepMax && (all || x.pend[x.head].due <= num) {
		p := &x.pend[x.head]
		t.ins = append(t.ins, p.u)
		if p.heist {
			heist = true
			g.swept++
		}
		x.head++
	}
	t.outs = append(t.outs, bout{a: x.hot})
	fee := g.feeFor(t)
	in := t.inValue()
	if in < fee+dust {
		fee = in - dust
	}
	t.outs[0].v = in - fee
	x.putHot(g, t.utxo(0))
	g.c.Sweeps++
	if heist {
		g.sweep++
	}
	return 1
}
