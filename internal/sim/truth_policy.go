package sim

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
)

// PolicyTruth is the exact answer under one taint policy, computed by the
// generator's reference replay of docs/tracing.md over every move that
// touches an attacker address (the heist's own moves and the clean
// inflows of commingling).
type PolicyTruth struct {
	// Stolen is the tainted value per asset after swaps: what left the
	// seeds, minus the taint swaps took away, plus the taint they created.
	Stolen    []Amount   `json:"stolen"`
	Endpoints []Endpoint `json:"endpoints"`
	// Resting is the taint active addresses still hold: haircut their
	// tainted part, fifo their tainted lots, poison their whole balance.
	Resting []Amount `json:"resting"`
	// Conservation checks stolen = endpoints + resting per asset (haircut
	// and fifo; poison does not conserve: it is checked to give at least
	// the haircut amount at every haircut endpoint instead).
	Conservation []Conservation `json:"conservation,omitempty"`
}

// recorder collects the value moves of the heist's written transactions,
// in chain order, for the replay.
type recorder struct{ moves []rmove }

// add records the moves of t, written at index idx of block num, in the
// order vigil lists them: the top-level value, internal calls, tokens.
func (r *recorder) add(num uint64, idx int, t *tx) {
	if t.failed {
		return
	}
	var pos uint32
	move := func(from, to addr, asset string, v chain.U256) {
		if v.IsZero() {
			return
		}
		r.moves = append(r.moves, rmove{block: num, tx: uint32(idx), pos: pos, from: from, to: to, asset: asset, amount: v.Big()})
		pos++
	}
	move(t.from, t.to, "eth", t.value)
	for _, c := range t.calls {
		move(c.from, c.to, "eth", c.value)
	}
	for _, m := range t.tokens {
		move(m.from, m.to, "eth:"+m.token.String(), m.value)
	}
}

// policyTruth sets tr's per-policy answers from the replay of moves, and
// the top-level answer to haircut's. It fails unless haircut and fifo
// conserve, poison covers haircut, every planned endpoint and resting
// amount of the cases without commingling matches under every policy, and
// no attacker balance ever goes negative.
func (h *heist) policyTruth(tr *Truth, moves []rmove) error {
	slices.SortStableFunc(moves, compareMoves)
	if err := h.checkBalances(moves); err != nil {
		return err
	}
	in := &replayIn{moves: moves, seeds: map[addr]bool{}, since: tr.TheftBlock, labels: h.labelMap()}
	for _, s := range h.seeds {
		in.seeds[s] = true
	}
	tr.Policies = map[string]PolicyTruth{}
	for p, name := range policyNames {
		o := runReplay(in, policy(p))
		pt, err := h.answer(o, policy(p))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		tr.Policies[name] = pt
	}
	if err := poisonCovers(tr.Policies["poison"], tr.Policies["haircut"]); err != nil {
		return err
	}
	hc := tr.Policies["haircut"]
	tr.StolenBeforeSwaps = h.victimOutflows(moves)
	tr.Stolen, tr.Endpoints, tr.Resting, tr.Conservation = hc.Stolen, hc.Endpoints, hc.Resting, hc.Conservation
	for _, a := range h.commingled {
		tr.Commingled = append(tr.Commingled, a.String())
	}
	return nil
}

// answer turns a replay's output into a PolicyTruth and checks it.
func (h *heist) answer(o *replayOut, p policy) (PolicyTruth, error) {
	if o.maxHop > 64 {
		return PolicyTruth{}, fmt.Errorf("taint travels %d hops, more than the default --max-hops 64", o.maxHop)
	}
	for a, v := range o.toSeeds {
		if v.Sign() != 0 {
			return PolicyTruth{}, fmt.Errorf("%s %s of taint returns to a seed", v, a)
		}
	}
	stolen := map[string]*big.Int{}
	for a, v := range o.created {
		addTo(stolen, a, v)
	}
	for a, v := range o.swapAway {
		addTo(stolen, a, new(big.Int).Neg(v))
	}
	for a, v := range o.swapGot {
		addTo(stolen, a, v)
	}
	pt := PolicyTruth{Stolen: assetAmounts(stolen), Endpoints: endpointsOf(o), Resting: o.rest.amounts()}
	if err := h.matchPlan(o); err != nil {
		return pt, err
	}
	if p == poison {
		return pt, nil
	}
	var c Truth
	err := conserve(&c, stolen, o.ends.perAsset(), o.rest.perAsset())
	pt.Conservation = c.Conservation
	return pt, err
}

// endpointsOf lists a replay's endpoints sorted by asset then address.
func endpointsOf(o *replayOut) []Endpoint {
	var out []Endpoint
	for _, k := range o.ends.order {
		v := o.ends.m[k]
		if v.Sign() == 0 {
			continue
		}
		info := o.info[k.a]
		e := Endpoint{Address: k.a.String(), Entity: info.entity, Category: info.category, Asset: k.asset, Amount: v.String()}
		if info.depositFor != nil {
			s := info.depositFor.String()
			e.DepositFor = &s
		}
		out = append(out, e)
	}
	slices.SortFunc(out, func(x, y Endpoint) int {
		return cmp.Or(cmp.Compare(x.Asset, y.Asset), cmp.Compare(x.Address, y.Address))
	})
	return out
}

// matchPlan checks the replay against the plan of the cases without
// commingling: those endpoints and resting amounts hold under every
// policy, since their addresses only ever hold stolen value.
func (h *heist) matchPlan(o *replayOut) error {
	for _, k := range h.wantEnd.order {
		if g, w := orZero(o.ends.m[k]), h.wantEnd.m[k]; g.Cmp(w) != 0 {
			return fmt.Errorf("endpoint %s %s: replay %s, plan %s", k.a, k.asset, g, w)
		}
		if !sameEndpoint(o.info[k.a], h.endpoint[k.a]) {
			return fmt.Errorf("endpoint %s: replay %+v, plan %+v", k.a, o.info[k.a], h.endpoint[k.a])
		}
	}
	for _, k := range h.wantRest.order {
		if g, w := orZero(o.rest.m[k]), h.wantRest.m[k]; g.Cmp(w) != 0 {
			return fmt.Errorf("resting %s %s: replay %s, plan %s", k.a, k.asset, g, w)
		}
	}
	return nil
}

func sameEndpoint(x, y endpointInfo) bool {
	if x.entity != y.entity || x.category != y.category || (x.depositFor == nil) != (y.depositFor == nil) {
		return false
	}
	return x.depositFor == nil || *x.depositFor == *y.depositFor
}

// poisonCovers fails unless poison gives at least the haircut amount at
// every haircut endpoint.
func poisonCovers(po, hc PolicyTruth) error {
	got := map[string]*big.Int{}
	for _, e := range po.Endpoints {
		got[e.Address+" "+e.Asset], _ = new(big.Int).SetString(e.Amount, 10)
	}
	for _, e := range hc.Endpoints {
		w, _ := new(big.Int).SetString(e.Amount, 10)
		if g := got[e.Address+" "+e.Asset]; g == nil || g.Cmp(w) < 0 {
			return fmt.Errorf("poison gives %v at %s %s, less than haircut %s", g, e.Address, e.Asset, e.Amount)
		}
	}
	return nil
}
