package sim

import (
	"cmp"
	"fmt"
	"math/big"
	"slices"
)

// verify replays the heist transactions (in written order) through a
// ledger of stolen value, builds the truth's amounts from it and checks
// them against the plan. Any mismatch is an error: the generator never
// writes a truth it cannot prove.
func (h *heist) verify(tr *Truth) error {
	bal, got, stolen := newSums(), newSums(), map[string]*big.Int{"eth": new(big.Int)}
	swapIn, swapOut := map[string]*big.Int{}, map[string]*big.Int{}
	isPool := map[addr]int{}
	for i, t := range h.s.tokens {
		isPool[t.pool] = i
	}
	move := func(from, to addr, asset string, v *big.Int) error {
		if v.Sign() == 0 {
			return nil
		}
		switch {
		case from == h.s.victim.hot:
			stolen[asset].Add(stolen[asset], v)
		case h.attacker[from]:
			b := bal.get(key{from, asset})
			if b.Sub(b, v).Sign() < 0 {
				return fmt.Errorf("attacker %s balance of %s goes negative", from, asset)
			}
		case h.endpoint[from].depositFor != nil:
			return nil // a sweep: the endpoint's inflow is what counts
		default:
			if _, ok := isPool[from]; !ok {
				return fmt.Errorf("unexpected sender %s", from)
			}
		}
		switch {
		case h.attacker[to]:
			bal.add(key{to, asset}, v)
		case h.endpoint[to].category != "":
			got.add(key{to, asset}, v)
		default:
			if ti, ok := isPool[to]; ok && asset == "eth" {
				addTo(swapIn, asset, v)
				addTo(swapOut, h.s.asset(ti), nil)
				return nil
			}
			if to == h.s.exchanges[0].hot || to == h.s.exchanges[1].hot || to == h.s.exchanges[2].hot {
				return nil // sweep arrival
			}
			return fmt.Errorf("stolen %s leaks to unknown %s", asset, to)
		}
		if ti, ok := isPool[from]; ok {
			addTo(swapOut, h.s.asset(ti), v)
		}
		return nil
	}
	for i := range h.events {
		t := &h.events[i].t
		if t.failed {
			continue
		}
		if err := move(t.from, t.to, "eth", t.value.Big()); err != nil {
			return err
		}
		for _, c := range t.calls {
			if err := move(c.from, c.to, "eth", c.value.Big()); err != nil {
				return err
			}
		}
		for _, m := range t.tokens {
			if err := move(m.from, m.to, "eth:"+m.token.String(), m.value.Big()); err != nil {
				return err
			}
		}
	}
	// Truth from the ledger.
	tr.StolenBeforeSwaps = assetAmounts(stolen)
	after := map[string]*big.Int{"eth": new(big.Int).Sub(stolen["eth"], orZero(swapIn["eth"]))}
	for a, v := range swapOut {
		after[a] = v
	}
	tr.Stolen = assetAmounts(after)
	tr.Resting = bal.amounts()
	if want := h.wantRest.amounts(); !slices.Equal(tr.Resting, want) {
		return fmt.Errorf("resting from the ledger %v differs from the plan %v", tr.Resting, want)
	}
	if g, w := got.amounts(), h.wantEnd.amounts(); !slices.Equal(g, w) {
		return fmt.Errorf("endpoints from the ledger %v differ from the plan %v", g, w)
	}
	for _, k := range got.order {
		v := got.m[k]
		if v.Sign() == 0 {
			continue
		}
		info := h.endpoint[k.a]
		e := Endpoint{Address: k.a.String(), Entity: info.entity, Category: info.category, Asset: k.asset, Amount: v.String()}
		if info.depositFor != nil {
			s := info.depositFor.String()
			e.DepositFor = &s
		}
		tr.Endpoints = append(tr.Endpoints, e)
	}
	slices.SortFunc(tr.Endpoints, func(x, y Endpoint) int {
		return cmp.Or(cmp.Compare(x.Asset, y.Asset), cmp.Compare(x.Address, y.Address))
	})
	return conserve(tr, after, got.perAsset(), bal.perAsset())
}

// conserve fills tr.Conservation and fails unless, per asset, stolen =
// endpoints + resting.
func conserve(tr *Truth, stolen, ends, rest map[string]*big.Int) error {
	for _, a := range assetAmounts(stolen) {
		e, r := orZero(ends[a.Asset]), orZero(rest[a.Asset])
		sum := new(big.Int).Add(e, r)
		ok := sum.Cmp(stolen[a.Asset]) == 0
		tr.Conservation = append(tr.Conservation, Conservation{Asset: a.Asset, Stolen: a.Amount,
			Endpoints: e.String(), Resting: r.String(), OK: ok})
		if !ok {
			return fmt.Errorf("conservation fails for %s: stolen %s != endpoints %s + resting %s", a.Asset, a.Amount, e, r)
		}
	}
	for a := range ends {
		if stolen[a] == nil {
			return fmt.Errorf("conservation fails: %s arrives at endpoints but was never stolen", a)
		}
	}
	return nil
}

func orZero(v *big.Int) *big.Int {
	if v == nil {
		return new(big.Int)
	}
	return v
}

func addTo(m map[string]*big.Int, asset string, v *big.Int) {
	if m[asset] == nil {
		m[asset] = new(big.Int)
	}
	if v != nil {
		m[asset].Add(m[asset], v)
	}
}
