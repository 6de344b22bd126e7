package sim

import (
	"math/rand/v2"
	"strconv"
)

// Entity ownership for evaluating address clustering: which entity
// (exchange, mixer, miner, user, attacker) controls each address a
// simulation can use. truth.json is unchanged; these functions recompute
// the ownership from the same seed and configuration.

// AttackerEntity names the attacker in the ownership maps.
const AttackerEntity = "attacker"

// BtcOwners returns the owner of every address `simulate btc` with
// configuration c may write: the exchanges own their hot wallets and
// customer deposit addresses (the attacker's deposit addresses too), the
// attacker its fresh addresses, the mixer its two addresses, and every
// user and mining pool its own address ("user N", "miner N").
func BtcOwners(c Config) map[string]string {
	d := ids{seed: c.Seed}
	tab := newBtcAddrs(d, btcFixedAddrs)
	g := newBtcBackground(rand.New(rand.NewPCG(c.Seed, 12)), d, tab)
	h := newBtcHeist(rand.New(rand.NewPCG(c.Seed, 11)), d, tab, g.ex)
	var b bblock
	alloc := b.add()
	g.allocate(alloc, h.reserve, min(max(c.Background/20, 200), 50000))
	h.plan([]butxo{alloc.utxo(0), alloc.utxo(1), alloc.utxo(2)})
	out := make(map[string]string, len(tab.ents))
	for i := range tab.ents {
		out[tab.String(baddr(i))] = btcOwner(h, baddr(i))
	}
	return out
}

// btcOwner returns the owner of address a.
func btcOwner(h *btcHeist, a baddr) string {
	n := strconv.Itoa(int(a))
	switch {
	case a < btcExchanges:
		return btcEntities[a]
	case a < btcMiner0:
		return btcMixerEntity
	case a < btcMiner0+btcMiners:
		return "miner " + n
	case a < btcUser0:
		return "unused " + n
	case a < btcCustomer0:
		return "user " + n
	case a < btcFixedAddrs:
		return btcEntities[(int(a)-btcCustomer0)/btcCustomers]
	case h.attacker[a]:
		return AttackerEntity
	}
	if e, ok := h.endpoint[a]; ok {
		return e.entity
	}
	return "heist " + n
}

// EthOwners returns the owner of the exchange addresses `simulate eth`
// with seed tr.Seed uses (hot wallets and customer deposit addresses,
// and the heist's deposit addresses from tr's endpoints) and of its
// users ("user N"). Addresses not in the map (the attacker's, services')
// are their own entities.
func EthOwners(tr *Truth) map[string]string {
	d := ids{seed: tr.Seed}
	s := newServices(d)
	out := map[string]string{}
	for xi, x := range s.allExchanges() {
		out[x.hot.String()] = x.entity
		for j := 0; j < numCustomers; j++ {
			out[d.addr(tagCustomer, uint64(xi*numCustomers+j)).String()] = x.entity
		}
	}
	for i := 0; i < numUsers; i++ {
		out[d.addr(tagUser, uint64(i)).String()] = "user " + strconv.Itoa(i)
	}
	for _, e := range tr.Endpoints {
		if e.DepositFor != nil && e.Category == "exchange" {
			out[e.Address] = e.Entity
		}
	}
	return out
}
