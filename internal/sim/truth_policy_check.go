package sim

import (
	"fmt"
	"math/big"
)

// labelMap returns the labels labels.csv gives the addresses the heist
// touches (exchange hot wallets, mixer, bridge, DEX pools, the first
// seed), as the replay reads them.
func (h *heist) labelMap() map[addr]rlabel {
	m := map[addr]rlabel{}
	for _, e := range h.s.allExchanges() {
		m[e.hot] = rlabel{e.entity, "exchange"}
	}
	m[h.s.mixer] = rlabel{mixerEntity, "mixer"}
	m[h.s.bridge] = rlabel{bridgeEntity, "bridge"}
	for _, t := range h.s.tokens {
		m[t.pool] = rlabel{dexEntity, "dex"}
	}
	m[h.seeds[0]] = rlabel{heistEntity, "heist"}
	return m
}

// checkBalances fails if an attacker address ever sends more than it
// holds (all value, clean and stolen), replaying moves in chain order.
func (h *heist) checkBalances(moves []rmove) error {
	bal := newSums()
	for _, m := range moves {
		if h.attacker[m.from] {
			b := bal.get(key{m.from, m.asset})
			if b.Sub(b, m.amount).Sign() < 0 {
				return fmt.Errorf("attacker %s balance of %s goes negative at block %d", m.from, m.asset, m.block)
			}
		}
		if h.attacker[m.to] {
			bal.add(key{m.to, m.asset}, m.amount)
		}
	}
	return nil
}

// victimOutflows is what left the victim, per asset.
func (h *heist) victimOutflows(moves []rmove) []Amount {
	out := map[string]*big.Int{}
	for _, m := range moves {
		if m.from == h.s.victim.hot {
			addTo(out, m.asset, m.amount)
		}
	}
	return assetAmounts(out)
}
