package sim

import (
	"math/rand/v2"
)

// Output roles of a planned heist transaction.
const (
	roleAttacker int8 = -1 // an attacker address: the value moves on or rests
	roleEnd      int8 = -2 // a mixer: an endpoint
	roleVictim   int8 = -3 // the victim's change
	// 0..3: a deposit into an attacker's deposit address at exchange i
)

// bevent is a planned heist transaction at a tick (a phase of the
// laundering) and the role of each of its outputs.
type bevent struct {
	tick  int
	block uint64 // set by btcSchedule
	t     btx
	role  []int8
}

// bendpoint describes a service address receiving stolen value.
type bendpoint struct {
	entity, category string
	depositFor       baddr // exchange hot wallet; for deposit addresses only
	deposit          bool
}

// btcHeist plans the theft and its laundering (modelled on the DMM
// Bitcoin theft of May 2024): every transaction spends only stolen
// outputs, so each output's value is stolen in full.
type btcHeist struct {
	rng      *rand.Rand
	d        ids
	tab      *btcAddrs
	ex       []*bexchange
	seq      uint64
	events   []bevent
	attacker map[baddr]bool
	endpoint map[baddr]bendpoint
	accounts [][]baddr // the attacker's deposit addresses per exchange
	seeds    []baddr
	stolen   uint64
	reserve  []uint64
	p        Patterns
	bad      int // planned transactions that could not pay their outputs
}

func newBtcHeist(rng *rand.Rand, d ids, tab *btcAddrs, ex []*bexchange) *btcHeist {
	h := &btcHeist{rng: rng, d: d, tab: tab, ex: ex, attacker: map[baddr]bool{}, endpoint: map[baddr]bendpoint{}}
	h.stolen = (4000+h.rng.Uint64N(600))*satPerBTC + h.rng.Uint64N(satPerBTC)
	left := h.stolen + (20+h.rng.Uint64N(200))*satPerBTC
	for i := 0; i < 2; i++ {
		v := left / 3
		h.reserve = append(h.reserve, v)
		left -= v
	}
	h.reserve = append(h.reserve, left)
	for i := range h.ex {
		h.accounts = append(h.accounts, nil)
		if i == btcVictim {
			continue
		}
		for k := 0; k < 2; k++ {
			a := h.tab.add(bkind(h.rng.IntN(3)))
			h.accounts[i] = append(h.accounts[i], a)
			h.endpoint[a] = bendpoint{h.ex[i].entity, "exchange", h.ex[i].hot, true}
		}
	}
	for i := 0; i < 2; i++ {
		h.endpoint[baddr(btcMixer0+i)] = bendpoint{entity: btcMixerEntity, category: "mixer"}
	}
	return h
}

// btcMixerEntity names the simulated Bitcoin mixer (fictitious).
const btcMixerEntity = "Fogbank Mixer"

// fresh returns a new attacker address (mostly bech32, like the DMM
// attacker's).
func (h *btcHeist) fresh() baddr {
	k := kWPKH
	if h.rng.IntN(6) == 0 {
		k = kSH
	}
	a := h.tab.add(k)
	h.attacker[a] = true
	return a
}

// role returns the role of an output to a.
func (h *btcHeist) role(a baddr) int8 {
	if e, ok := h.endpoint[a]; ok {
		if e.deposit {
			for i := range h.accounts {
				for _, d := range h.accounts[i] {
					if d == a {
						return int8(i)
					}
				}
			}
		}
		return roleEnd
	}
	if h.attacker[a] {
		return roleAttacker
	}
	return roleVictim
}

// fee returns a fee for a transaction spending ins into outs at a random
// rate of 5-29 sat/vB.
func (h *btcHeist) fee(ins []butxo, outs []bout) uint64 {
	t := btx{ins: ins, outs: outs}
	_, vs, _ := t.size(h.tab)
	return uint64(vs) * (5 + h.rng.Uint64N(25))
}

// emit plans the transaction ins -> outs at tick.
func (h *btcHeist) emit(tick int, ins []butxo, outs []bout) *bevent {
	h.seq++
	e := bevent{tick: tick, t: btx{h: h.d.hash(tagBtcHeist, h.seq), seq: seqRBF, heist: true, ins: ins, outs: outs}}
	for _, o := range outs {
		e.role = append(e.role, h.role(o.a))
	}
	h.events = append(h.events, e)
	return &h.events[len(h.events)-1]
}

// spend plans a transaction at tick spending ins into the fixed outputs
// and a change output at a random position taking the rest minus the fee.
// It returns the event and the change output's index.
func (h *btcHeist) spend(tick int, ins []butxo, fixed []bout, change baddr) (*bevent, int) {
	ins = append([]butxo(nil), ins...)
	ci := h.rng.IntN(len(fixed) + 1)
	outs := make([]bout, 0, len(fixed)+1)
	outs = append(append(append(outs, fixed[:ci]...), bout{a: change}), fixed[ci:]...)
	fee := h.fee(ins, outs)
	t := btx{ins: ins, outs: outs}
	if in, out := t.inValue(), t.outValue(); in >= out+fee {
		outs[ci].v = in - out - fee
	} else {
		h.bad++ // the caller left no room: verify fails
	}
	return h.emit(tick, ins, outs), ci
}

// split plans a transaction at tick spending ins into one output per
// address of to, by random weights, after the fee.
func (h *btcHeist) split(tick int, ins []butxo, to []baddr) *bevent {
	ins = append([]butxo(nil), ins...)
	outs := make([]bout, len(to))
	ws, sum := make([]uint64, len(to)), uint64(0)
	for i, a := range to {
		outs[i].a = a
		ws[i] = 1 + h.rng.Uint64N(10)
		sum += ws[i]
	}
	fee := h.fee(ins, outs)
	t := btx{ins: ins}
	avail := t.inValue() - fee
	left := avail
	for i := range outs[:len(outs)-1] {
		outs[i].v = avail / sum * ws[i]
		left -= outs[i].v
	}
	outs[len(outs)-1].v = left
	return h.emit(tick, ins, outs)
}

// outsOf returns the outputs of e with the given role, in order.
func (e *bevent) outsOf(role int8) []butxo {
	var out []butxo
	for k := range e.t.outs {
		if e.role[k] == role {
			out = append(out, e.t.utxo(k))
		}
	}
	return out
}
