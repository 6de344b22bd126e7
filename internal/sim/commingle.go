package sim

import (
	"math/big"
	"math/rand/v2"
)

// commingleRounds is how many times each commingling case is planned.
const commingleRounds = 2

// planCommingle adds the commingling cases (Config.Commingle): fresh
// attacker addresses that also receive clean value from background users,
// before and between their tainted receipts, and spend so that haircut,
// poison and FIFO disagree. Their taint comes straight from the seeds,
// funded by one more theft transaction per seed. Clean value arrives from
// tick 1 on, so the theft (tick 0) stays the first heist transaction. It draws from its own
// generator, so the rest of the heist is planned as without it, and it
// keeps the plan's expected endpoints and resting (the no-policy truth of
// the other cases) apart from its own, which only the replay can state.
func (h *heist) planCommingle(seed uint64) {
	h.rng = rand.New(rand.NewPCG(seed, 4))
	plannedEnd, plannedRest, resting := h.wantEnd, h.wantRest, h.p.Resting
	h.wantEnd, h.wantRest = newSums(), newSums()
	fund := []*big.Int{new(big.Int), new(big.Int)}
	for i := 0; i < commingleRounds; i++ {
		from := func(tick int, to addr, v *big.Int) {
			h.emit(tick, h.seeds[i%2], to, v, kindPlain)
			fund[i%2].Add(fund[i%2], v)
		}
		z, zv := h.cleanFirst(i, from)
		h.cleanHistory(i, z, zv)
		h.cleanBetween(i, from)
		h.commingledSwap(i, from)
	}
	for i, s := range h.seeds {
		h.emit(0, h.s.victim.hot, s, fund[i], kindPlain)
	}
	h.wantEnd, h.wantRest, h.p.Resting = plannedEnd, plannedRest, resting
}

// user returns a background user (clean value).
func (h *heist) user() addr { return h.d.addr(tagUser, h.rng.Uint64N(numUsers)) }

// mixed returns a fresh attacker address that will hold clean and tainted
// value, listing it in h.commingled.
func (h *heist) mixed() addr {
	a := h.newAddr(true)
	h.commingled = append(h.commingled, a)
	h.p.Commingle++
	return a
}

// percent returns v*p/100.
func percent(v *big.Int, p int) *big.Int { return percentDiv(v, p, 100) }

// cleanFirst: M receives c clean, then v tainted; it deposits d (c < d <
// c+v) and passes the rest to a fresh address z, returned with its amount.
// FIFO sends the clean c first, haircut a share, poison everything.
func (h *heist) cleanFirst(i int, from func(int, addr, *big.Int)) (addr, *big.Int) {
	m := h.mixed()
	c, v := h.randEth(5, 15), h.randEth(20, 40)
	h.emit(1, h.user(), m, c, kindPlain)
	from(2, m, v)
	d := new(big.Int).Add(c, percent(v, 10+h.rng.IntN(50)))
	h.deposit(3, m, i%3, -1, d)
	z := h.newAddr(true)
	rest := new(big.Int).Sub(new(big.Int).Add(c, v), d)
	h.emit(4, m, z, rest, kindPlain)
	return z, rest
}

// cleanHistory: P has a clean history (received, then spent part of it)
// before z's partly tainted value arrives; more clean value follows; P
// deposits part of its balance and keeps the rest.
func (h *heist) cleanHistory(i int, z addr, zv *big.Int) {
	p := h.mixed()
	c1 := h.randEth(8, 20)
	h.emit(1, h.user(), p, c1, kindPlain)
	spent := percent(c1, 20+h.rng.IntN(40))
	h.emit(2, p, h.user(), spent, kindPlain)
	h.emit(5, z, p, zv, kindPlain)
	c2 := h.randEth(3, 12)
	h.emit(6, h.user(), p, c2, kindPlain)
	bal := new(big.Int).Add(new(big.Int).Sub(c1, spent), zv)
	bal.Add(bal, c2)
	h.deposit(7, p, (i+1)%3, -1, percent(bal, 30+h.rng.IntN(40)))
}

// cleanBetween: N receives v1 tainted, c clean, v2 tainted; it deposits d
// (v1 < d < v1+c: FIFO's deposit is v1 exactly) and passes the rest to a
// fresh address w, where it rests.
func (h *heist) cleanBetween(i int, from func(int, addr, *big.Int)) {
	n := h.mixed()
	v1, c, v2 := h.randEth(10, 30), h.randEth(5, 20), h.randEth(10, 30)
	from(1, n, v1)
	h.emit(2, h.user(), n, c, kindPlain)
	from(3, n, v2)
	d := new(big.Int).Add(v1, percent(c, 10+h.rng.IntN(80)))
	h.deposit(5, n, (i+2)%3, -1, d)
	w := h.newAddr(true)
	rest := new(big.Int).Add(v1, c)
	rest.Add(rest, v2).Sub(rest, d)
	h.emit(6, n, w, rest, kindPlain)
}

// commingledSwap: Q holds clean ETH and clean tokens, receives tainted
// ETH, swaps part of its ETH for the token, deposits tokens and keeps the
// rest of both.
func (h *heist) commingledSwap(i int, from func(int, addr, *big.Int)) {
	q, ti := h.mixed(), i%len(h.s.tokens)
	t := h.s.tokens[ti]
	unit := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(t.decimals)), nil)
	c, k, v := h.randEth(5, 15), new(big.Int).Mul(big.NewInt(int64(1000+h.rng.IntN(4000))), unit), h.randEth(20, 40)
	h.emit(1, h.user(), q, c, kindPlain)
	h.tokenSend(1, ti, h.user(), q, k)
	from(2, q, v)
	in := percent(new(big.Int).Add(c, v), 40+h.rng.IntN(30))
	price := new(big.Int).Mul(big.NewInt(int64(1800+h.rng.IntN(1700))), unit)
	out := new(big.Int).Div(new(big.Int).Mul(in, price), ether)
	e := h.emit(3, q, t.pool, in, kindSwap)
	e.t.tokens = []tokenMove{{token: t.contract, from: t.pool, to: q, value: u256(out)}}
	e.t.calls = []call{{from: t.pool, to: t.contract}}
	e.swap = len(h.swaps)
	h.swaps = append(h.swaps, Swap{Address: q.String(), Pool: t.pool.String(), AssetIn: "eth",
		AmountIn: in.String(), AssetOut: h.s.asset(ti), AmountOut: out.String()})
	h.p.Swap++
	h.deposit(5, q, i%3, ti, new(big.Int).Add(k, new(big.Int).Div(out, big.NewInt(2))))
}
