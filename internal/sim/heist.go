package sim

import (
	"math/big"
	"math/rand/v2"

	"github.com/vigil-project/vigil/internal/chain"
)

// Patterns counts the heist's laundering patterns as written.
type Patterns struct {
	Fanout    int `json:"fanout"`    // transfers to fresh addresses splitting the loot
	Fanin     int `json:"fanin"`     // transfers consolidating into one address
	Peel      int `json:"peel"`      // peel-chain hops
	Forwarder int `json:"forwarder"` // forwarder-contract calls (internal moves)
	Swap      int `json:"swap"`      // DEX swaps ETH -> token
	Deposit   int `json:"deposit"`   // deposits into exchange deposit addresses
	Sweep     int `json:"sweep"`     // sweeps of those to hot wallets (ETH and token)
	Mixer     int `json:"mixer"`     // fixed-denomination mixer deposits
	Bridge    int `json:"bridge"`    // bridge deposits
	Failed    int `json:"failed"`    // failed (reverted) transactions
	Resting   int `json:"resting"`   // (address, asset) pairs left holding value
	// Consolidation counts btc multi-input consolidations (fan-in).
	Consolidation int `json:"consolidation,omitempty"`
	// Commingle counts attacker addresses that also hold clean value
	// (Config.Commingle).
	Commingle int `json:"commingle,omitempty"`
	// PayrollPayments, Workers and Facilitators count the IT-worker
	// payroll pattern (Config.ITWorkers): salary payments, workers and
	// facilitators.
	PayrollPayments int `json:"payroll_payments,omitempty"`
	Workers         int `json:"workers,omitempty"`
	Facilitators    int `json:"facilitators,omitempty"`
}

// event is a planned heist transaction at a tick (a phase of the
// laundering; ticks map to increasing block ranges).
type event struct {
	tick, seq int
	t         tx
	swap      int // index in heist.swaps, or -1
}

// endpointInfo describes a service address receiving stolen value.
type endpointInfo struct {
	entity, category string
	depositFor       *addr
}

// heist plans the theft and laundering.
type heist struct {
	rng      *rand.Rand
	d        ids
	s        *services
	fresh    uint64
	events   []event
	attacker map[addr]bool
	endpoint map[addr]endpointInfo
	wantEnd  *sums
	wantRest *sums
	swaps    []Swap
	seeds    []addr
	nonce    map[addr]uint64
	p        Patterns
	// commingled lists the attacker addresses that also receive clean
	// value (Config.Commingle), in plan order.
	commingled []addr
}

var ether = big.NewInt(1e18)

func newHeist(rng *rand.Rand, d ids, s *services) *heist {
	return &heist{rng: rng, d: d, s: s, attacker: map[addr]bool{}, endpoint: map[addr]endpointInfo{},
		wantEnd: newSums(), wantRest: newSums(), nonce: map[addr]uint64{}}
}

// newAddr returns a fresh address, an attacker's when att.
func (h *heist) newAddr(att bool) addr {
	h.fresh++
	a := h.d.addr(tagFresh, h.fresh)
	if att {
		h.attacker[a] = true
	}
	return a
}

// randEth returns between lo and hi ETH with random wei.
func (h *heist) randEth(lo, hi int) *big.Int {
	v := new(big.Int).Mul(big.NewInt(int64(lo+h.rng.IntN(hi-lo))), ether)
	return v.Add(v, new(big.Int).SetUint64(h.rng.Uint64N(1e18)))
}

func u256(v *big.Int) chain.U256 {
	u, err := chain.FromBig(v)
	if err != nil {
		panic("sim: amount out of range: " + v.String())
	}
	return u
}

// emit plans a transaction from -> to of value at tick.
func (h *heist) emit(tick int, from, to addr, value *big.Int, kind txKind) *event {
	h.events = append(h.events, event{tick: tick, seq: len(h.events), swap: -1,
		t: tx{from: from, to: to, value: u256(value), kind: kind, nonce: h.nonce[from]}})
	h.nonce[from]++
	return &h.events[len(h.events)-1]
}

// tokenSend plans a token transfer of token ti.
func (h *heist) tokenSend(tick int, ti int, from, to addr, v *big.Int) {
	e := h.emit(tick, from, h.s.tokens[ti].contract, new(big.Int), kindToken)
	e.t.tokens = []tokenMove{{token: h.s.tokens[ti].contract, from: from, to: to, value: u256(v)}}
}

// deposit plans a deposit of v (ETH when ti < 0, else token ti) from
// "from" into a fresh deposit address of exchange xi, swept later.
func (h *heist) deposit(tick int, from addr, xi, ti int, v *big.Int) {
	d := h.newAddr(false)
	if ti < 0 {
		h.emit(tick, from, d, v, kindPlain)
	} else {
		h.tokenSend(tick, ti, from, d, v)
	}
	h.sweep(tick, d, xi, ti, v)
}

// sweep registers d as a deposit address of exchange xi that received v
// at tick and plans its sweep to the hot wallet 2-4 ticks later.
func (h *heist) sweep(tick int, d addr, xi, ti int, v *big.Int) {
	x := h.s.exchanges[xi]
	hot := x.hot
	h.endpoint[d] = endpointInfo{x.entity, "exchange", &hot}
	h.wantEnd.add(key{d, h.assetOf(ti)}, v)
	later := tick + 2 + h.rng.IntN(3)
	if ti < 0 {
		h.emit(later, d, hot, v, kindPlain)
	} else {
		h.tokenSend(later, ti, d, hot, v)
	}
	h.p.Deposit++
	h.p.Sweep++
}

func (h *heist) assetOf(ti int) string {
	if ti < 0 {
		return "eth"
	}
	return h.s.asset(ti)
}

// service plans value v from "from" into a mixer or bridge.
func (h *heist) service(tick int, from, to addr, v *big.Int) {
	h.emit(tick, from, to, v, kindPlain)
	h.markService(to, v)
}

func (h *heist) markService(to addr, v *big.Int) {
	if to == h.s.mixer {
		h.endpoint[to] = endpointInfo{mixerEntity, "mixer", nil}
	} else {
		h.endpoint[to] = endpointInfo{bridgeEntity, "bridge", nil}
		h.p.Bridge++
	}
	h.wantEnd.add(key{to, "eth"}, v)
}

func (h *heist) rest(a addr, asset string, v *big.Int) {
	h.wantRest.add(key{a, asset}, v)
	h.p.Resting++
}

// leaf is a last-level fan-out address with its planned amount.
type leaf struct {
	a addr
	v *big.Int
}

// plan builds every heist event.
func (h *heist) plan() {
	var leaves []leaf
	add := func(v *big.Int) addr {
		a := h.newAddr(true)
		leaves = append(leaves, leaf{a, v})
		return a
	}
	for i := 0; i < 12; i++ { // direct deposits
		v := h.randEth(20, 150)
		h.deposit(3, add(v), i%3, -1, v)
	}
	h.planPeel(add)
	h.planForwarder(add)
	h.planSwaps(add)
	for i := 0; i < 3; i++ { // mixer: fixed denominations 100 and 10 ETH
		k, j := 2+h.rng.IntN(5), h.rng.IntN(5)
		v := new(big.Int).Mul(big.NewInt(int64(100*k+10*j)), ether)
		a := add(v)
		for n := 0; n < k+j; n++ {
			note := big.NewInt(100)
			if n >= k {
				note = big.NewInt(10)
			}
			h.service(3+n, a, h.s.mixer, note.Mul(note, ether))
			h.p.Mixer++
		}
	}
	for i := 0; i < 3; i++ { // bridge, two after a reverted attempt
		v := h.randEth(20, 120)
		a := add(v)
		if i < 2 {
			h.emit(3, a, h.s.bridge, v, kindPlain).t.failed = true
			h.p.Failed++
		}
		h.service(4, a, h.s.bridge, v)
	}
	for i := 0; i < 3; i++ { // resting
		v := h.randEth(10, 80)
		h.rest(add(v), "eth", v)
	}
	h.planFanout(leaves)
}

// newRand returns the heist's PCG generator for a seed.
func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 1)) }
