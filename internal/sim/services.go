package sim

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
)

// exchange is a simulated exchange with one labeled hot wallet.
type exchange struct {
	entity string
	hot    addr
}

// token is a simulated ERC-20 token and the DEX pool that sells it.
type token struct {
	symbol   string
	decimals int
	contract addr
	pool     addr
}

// services are the well-known addresses of the simulated chain.
type services struct {
	victim    exchange   // the drained exchange
	exchanges []exchange // where the loot is deposited
	mixer     addr
	bridge    addr
	tokens    []token // [0] has 6 decimals, [1] 18
	disperse  addr    // a public batch-payment contract (background)
}

// Names of the simulated services (fictitious).
const (
	mixerEntity  = "Fogbank Mixer"
	bridgeEntity = "Archway Bridge"
	dexEntity    = "Sluice DEX"
	heistEntity  = "Simulated Heist"
	heistActor   = "Simulated Actor"
)

func newServices(d ids) services {
	s := services{
		victim: exchange{"Bitvault Exchange", d.addr(tagService, 1)},
		exchanges: []exchange{
			{"Northwind Exchange", d.addr(tagService, 2)},
			{"Kestrel Exchange", d.addr(tagService, 3)},
			{"Harbor Exchange", d.addr(tagService, 4)},
		},
		mixer:  d.addr(tagService, 10),
		bridge: d.addr(tagService, 11),
		tokens: []token{
			{"USDS", 6, d.addr(tagService, 30), d.addr(tagService, 20)},
			{"DAIS", 18, d.addr(tagService, 31), d.addr(tagService, 21)},
		},
		disperse: d.addr(tagService, 40),
	}
	return s
}

// allExchanges returns the victim then the other exchanges.
func (s *services) allExchanges() []exchange {
	return append([]exchange{s.victim}, s.exchanges...)
}

// asset returns the vigil asset name of token i.
func (s *services) asset(i int) string { return "eth:" + s.tokens[i].contract.String() }

// LabelsHeader is the header of labels.csv (the contract's CSV format).
const LabelsHeader = "chain,address,entity,category,source,confidence,actor,tlp,note"

// writeLabels writes labels.csv: exchange hot wallets, mixer, bridge, DEX
// pools and the first heist seed. Other attacker addresses stay unlabeled.
func writeLabels(dir string, s *services, seed0 addr, seed uint64) error {
	f, err := os.Create(filepath.Join(dir, "labels.csv"))
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	src := "vigil-simulate seed " + strconv.FormatUint(seed, 10)
	row := func(a addr, entity, category, confidence, actor, note string) {
		w.WriteString("eth," + a.String() + "," + entity + "," + category + "," + src + "," + confidence + "," + actor + ",CLEAR," + note + "\n")
	}
	w.WriteString(LabelsHeader + "\n")
	for _, e := range s.allExchanges() {
		row(e.hot, e.entity, "exchange", "100", "", "hot wallet")
	}
	row(s.mixer, mixerEntity, "mixer", "100", "", "fixed denominations")
	row(s.bridge, bridgeEntity, "bridge", "100", "", "")
	for _, t := range s.tokens {
		row(t.pool, dexEntity, "dex", "100", "", "ETH/"+t.symbol+" pool")
	}
	row(seed0, heistEntity, "heist", "90", heistActor, "first heist seed")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
