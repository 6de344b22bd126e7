package sim

import (
	"cmp"
	"math/big"
)

// policy is a taint policy of docs/tracing.md.
type policy uint8

// The taint policies, in the order of policyNames.
const (
	haircut policy = iota
	poison
	fifo
)

// policyNames are the policies' names as the trace command spells them.
var policyNames = [...]string{"haircut", "poison", "fifo"}

// rmove is one value move as the reference replay sees it: block,
// transaction index and position inside the transaction give chain order.
type rmove struct {
	block    uint64
	tx, pos  uint32
	from, to addr
	asset    string
	amount   *big.Int
}

// compareMoves orders moves in chain order.
func compareMoves(x, y rmove) int {
	return cmp.Or(cmp.Compare(x.block, y.block), cmp.Compare(x.tx, y.tx), cmp.Compare(x.pos, y.pos))
}

// rlabel is a label as the replay needs it.
type rlabel struct{ entity, category string }

// stops reports whether a label of category ends a trace.
func stops(category string) bool {
	switch category {
	case "exchange", "bridge", "mixer", "dex", "service":
		return true
	}
	return false
}

// replayIn is the input of the reference replay: moves in chain order,
// the seeds, the first block whose seed moves are tainted, and labels.
type replayIn struct {
	moves  []rmove
	seeds  map[addr]bool
	since  uint64
	labels map[addr]rlabel
}

// replayOut is what a replay found: tainted value per endpoint and per
// resting (address, asset), and per asset the taint that left the seeds,
// that swaps took away and created, and that went back to a seed.
type replayOut struct {
	ends                                *sums
	info                                map[addr]endpointInfo
	rest                                *sums
	created, swapAway, swapGot, toSeeds map[string]*big.Int
	maxHop                              int
}

// replay is the state of one reference replay under one policy. It is
// written from docs/tracing.md and shares nothing with the generator's
// ledger (verify), so each checks the other.
type replay struct {
	in    *replayIn
	pol   policy
	raw   map[key]*big.Int // every address's balance so far, all value
	hold  map[key]*holding // active (address, asset) balances
	order []key            // holdings in activation order
	hop   map[addr]int     // hop of seeds (0) and active addresses
	deps  *depositIndex
	out   replayOut
}

// runReplay replays in under policy pol.
func runReplay(in *replayIn, pol policy) *replayOut {
	r := &replay{in: in, pol: pol, raw: map[key]*big.Int{}, hold: map[key]*holding{},
		hop: map[addr]int{}, deps: newDepositIndex(in)}
	r.out = replayOut{ends: newSums(), info: map[addr]endpointInfo{}, rest: newSums(),
		created: map[string]*big.Int{}, swapAway: map[string]*big.Int{}, swapGot: map[string]*big.Int{},
		toSeeds: map[string]*big.Int{}}
	for a := range in.seeds {
		r.hop[a] = 0
	}
	ms := in.moves
	for i := 0; i < len(ms); {
		j := i + 1
		for j < len(ms) && ms[j].block == ms[i].block && ms[j].tx == ms[i].tx {
			j++
		}
		r.tx(ms[i:j])
		i = j
	}
	r.finish()
	return &r.out
}

// finish reports the taint still held by active addresses as resting.
func (r *replay) finish() {
	for _, k := range r.order {
		h := r.hold[k]
		var v *big.Int
		switch r.pol {
		case haircut:
			v = h.t
		case poison:
			v = h.b // every unit an address holds leaves it tainted
		case fifo:
			v = taintedLots(h.lots)
		}
		if v.Sign() > 0 {
			r.out.rest.add(k, v)
		}
	}
}

// rawOf returns the running balance of k (all value), created at zero.
func (r *replay) rawOf(k key) *big.Int {
	v := r.raw[k]
	if v == nil {
		v = new(big.Int)
		r.raw[k] = v
	}
	return v
}
