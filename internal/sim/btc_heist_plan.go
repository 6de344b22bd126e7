package sim

// plan builds every heist transaction: the theft from the victim's
// reserve (the allocation's first outputs, given), two seeds fanning out
// to fourteen leaves, and what the leaves do.
func (h *btcHeist) plan(reserve []butxo) {
	h.seeds = []baddr{h.fresh(), h.fresh()}
	a := h.stolen / 100 * uint64(55+h.rng.IntN(20))
	theft, _ := h.spend(0, reserve, []bout{{h.seeds[0], a}, {h.seeds[1], h.stolen - a}}, btcVictim)
	seedOut := theft.outsOf(roleAttacker)
	var leaves []butxo
	for i, n := range []int{8, 6} {
		to := make([]baddr, n)
		for k := range to {
			to[k] = h.fresh()
		}
		leaves = append(leaves, h.split(1, seedOut[i:i+1], to).outsOf(roleAttacker)...)
		h.p.Fanout++
	}
	h.rng.Shuffle(len(leaves), func(i, j int) { leaves[i], leaves[j] = leaves[j], leaves[i] })
	for _, l := range leaves[0:4] {
		h.peelChain(2, l, 6+h.rng.IntN(4))
	}
	c1 := h.consolidate(2, leaves[4:7])
	h.peelChain(3, c1, 5)
	c2 := h.consolidate(2, leaves[7:9])
	h.fanoutDeposits(3, c2)
	for _, l := range leaves[9:11] {
		h.mixerChain(2, l, 3)
	}
	for _, l := range leaves[11:13] {
		h.depositChain(2, l, 2)
	}
	// leaves[13] keeps everything.
}

// account returns one of the attacker's deposit addresses, at a random
// exchange other than the victim.
func (h *btcHeist) account() baddr {
	acc := h.accounts[1+h.rng.IntN(len(h.accounts)-1)]
	return acc[h.rng.IntN(len(acc))]
}

// peelChain: each hop sends 3-12% of the value to a deposit address (or,
// one time in four, to a fresh address where it rests) and the change to
// a fresh address that makes the next hop; the end of the chain rests.
func (h *btcHeist) peelChain(tick int, u butxo, hops int) {
	for i := 0; i < hops; i++ {
		peel := u.v / 100 * (3 + h.rng.Uint64N(10))
		to := h.account()
		if h.rng.IntN(4) == 0 {
			to = h.fresh()
		}
		e, ci := h.spend(tick+i, []butxo{u}, []bout{{to, peel}}, h.fresh())
		u = e.t.utxo(ci)
		h.p.Peel++
	}
}

// consolidate merges several outputs into a fresh address (fan-in).
func (h *btcHeist) consolidate(tick int, us []butxo) butxo {
	e := h.split(tick, us, []baddr{h.fresh()})
	h.p.Consolidation++
	return e.t.utxo(0)
}

// fanoutDeposits splits u over six fresh addresses: three deposit all
// they hold one tick later, three keep it.
func (h *btcHeist) fanoutDeposits(tick int, u butxo) {
	to := make([]baddr, 6)
	for i := range to {
		to[i] = h.fresh()
	}
	outs := h.split(tick, []butxo{u}, to).outsOf(roleAttacker)
	h.p.Fanout++
	for i, o := range outs {
		if i%2 == 1 {
			continue
		}
		h.split(tick+1, []butxo{o}, []baddr{h.account()})
	}
}

// mixerChain: each round deposits fixed denominations (10, 1 and 0.1
// BTC) into the mixer, the change moving to a fresh address; the last
// change rests.
func (h *btcHeist) mixerChain(tick int, u butxo, rounds int) {
	for r := 0; r < rounds; r++ {
		var fixed []bout
		var sum uint64
		for _, d := range []uint64{10 * satPerBTC, satPerBTC, satPerBTC / 10} {
			for n := 1 + h.rng.IntN(3); n > 0 && sum+d < u.v/2; n-- {
				fixed = append(fixed, bout{baddr(btcMixer0 + h.rng.IntN(2)), d})
				sum += d
			}
		}
		e, ci := h.spend(tick+r, []butxo{u}, fixed, h.fresh())
		u = e.t.utxo(ci)
	}
}

// depositChain: each round deposits a fifth to a half of the value into a
// deposit address, the change moving on; the last change rests.
func (h *btcHeist) depositChain(tick int, u butxo, rounds int) {
	for r := 0; r < rounds; r++ {
		v := u.v / 10 * (2 + h.rng.Uint64N(4))
		e, ci := h.spend(tick+r, []butxo{u}, []bout{{h.account(), v}}, h.fresh())
		u = e.t.utxo(ci)
	}
}
