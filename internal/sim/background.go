package sim

import (
	"math/rand/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// BackgroundCounts counts the background transactions by kind.
type BackgroundCounts struct {
	Payments       int `json:"payments"`
	Deposits       int `json:"deposits"` // customers' deposits (ETH and token)
	Sweeps         int `json:"sweeps"`
	Withdrawals    int `json:"withdrawals"`
	Swaps          int `json:"swaps"`
	TokenTransfers int `json:"token_transfers"`
	ContractCalls  int `json:"contract_calls"` // with internal value transfers
	Failed         int `json:"failed"`
}

// Population sizes of the background.
const (
	numUsers     = 200000
	numCustomers = 50000 // per exchange
	maxPending   = 4096  // deposits awaiting their sweep
)

// pending is a customer deposit awaiting its sweep.
type pending struct {
	dep addr
	xi  int
	ti  int // token index, or -1 for ETH
	v   chain.U256
	due uint64
}

// background generates ordinary activity that never touches the heist.
type background struct {
	rng   *rand.Rand
	d     ids
	s     *services
	ex    []exchange
	ring  [maxPending]pending
	head  int
	count int
	nonce uint64
	c     BackgroundCounts
}

func newBackground(rng *rand.Rand, d ids, s *services) *background {
	return &background{rng: rng, d: d, s: s, ex: s.allExchanges()}
}

func (g *background) user() addr { return g.d.addr(tagUser, g.rng.Uint64N(numUsers)) }

func (g *background) tx(b *block, from, to addr, v uint64, kind txKind) *tx {
	t := b.add()
	t.from, t.to, t.value, t.kind = from, to, chain.U64(v), kind
	g.nonce = g.nonce*6364136223846793005 + 1442695040888963407
	t.nonce = g.nonce >> 52
	return t
}

func (g *background) tokenTx(b *block, ti int, from, to addr, v uint64) *tx {
	tok := g.s.tokens[ti].contract
	t := g.tx(b, from, tok, 0, kindToken)
	t.tokens = append(t.tokens, tokenMove{token: tok, from: from, to: to, value: chain.U64(v)})
	return t
}

func (g *background) tokenAmount(ti int) uint64 {
	if g.s.tokens[ti].decimals == 6 {
		return 1 + g.rng.Uint64N(20000e6)
	}
	return 1 + g.rng.Uint64N(18e18)
}

// sweepDue writes the sweeps due by block num (at most limit) and returns
// how many.
func (g *background) sweepDue(b *block, num uint64, limit int) int {
	n := 0
	for g.count > 0 && n < limit && g.ring[g.head].due <= num {
		g.sweepOldest(b)
		n++
	}
	return n
}

func (g *background) sweepOldest(b *block) {
	p := &g.ring[g.head]
	if p.ti < 0 {
		g.tx(b, p.dep, g.ex[p.xi].hot, p.v[0], kindPlain)
	} else {
		g.tokenTx(b, p.ti, p.dep, g.ex[p.xi].hot, p.v[0])
	}
	g.head = (g.head + 1) % maxPending
	g.count--
	g.c.Sweeps++
}

// one adds one background transaction to b.
func (g *background) one(b *block, num uint64) {
	r := g.rng.IntN(100)
	switch {
	case r < 34:
		g.tx(b, g.user(), g.user(), 1e15+g.rng.Uint64N(5e18), kindPlain)
		g.c.Payments++
	case r < 55:
		if g.count == maxPending {
			g.sweepOldest(b)
			return
		}
		xi, ti := g.rng.IntN(len(g.ex)), -1
		if r >= 47 {
			ti = g.rng.IntN(len(g.s.tokens))
		}
		dep := g.d.addr(tagCustomer, uint64(xi)*numCustomers+g.rng.Uint64N(numCustomers))
		var v uint64
		if ti < 0 {
			v = 1e16 + g.rng.Uint64N(9e18)
			g.tx(b, g.user(), dep, v, kindPlain)
		} else {
			v = g.tokenAmount(ti)
			g.tokenTx(b, ti, g.user(), dep, v)
		}
		g.ring[(g.head+g.count)%maxPending] = pending{dep: dep, xi: xi, ti: ti, v: chain.U64(v), due: num + 3 + g.rng.Uint64N(30)}
		g.count++
		g.c.Deposits++
	case r < 62:
		g.tx(b, g.ex[g.rng.IntN(len(g.ex))].hot, g.user(), 1e16+g.rng.Uint64N(9e18), kindPlain)
		g.c.Withdrawals++
	case r < 72:
		ti := g.rng.IntN(len(g.s.tokens))
		tok := g.s.tokens[ti]
		u := g.user()
		t := g.tx(b, u, tok.pool, 1e16+g.rng.Uint64N(4e18), kindSwap)
		t.tokens = append(t.tokens, tokenMove{token: tok.contract, from: tok.pool, to: u, value: chain.U64(g.tokenAmount(ti))})
		t.calls = append(t.calls, call{from: tok.pool, to: tok.contract})
		g.c.Swaps++
	case r < 88:
		ti := g.rng.IntN(len(g.s.tokens))
		g.tokenTx(b, ti, g.user(), g.user(), g.tokenAmount(ti))
		g.c.TokenTransfers++
	case r < 97:
		k := 2 + g.rng.IntN(3)
		t := g.tx(b, g.user(), g.s.disperse, 0, kindDisperse)
		var sum uint64
		for i := 0; i < k; i++ {
			v := 1e15 + g.rng.Uint64N(1e18)
			sum += v
			t.calls = append(t.calls, call{from: g.s.disperse, to: g.user(), value: chain.U64(v)})
		}
		t.value = chain.U64(sum)
		g.c.ContractCalls++
	default:
		t := g.tx(b, g.user(), g.user(), 1e15+g.rng.Uint64N(5e18), kindPlain)
		t.failed = true
		g.c.Failed++
	}
}
