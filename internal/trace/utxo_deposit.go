package trace

import (
	"math/bits"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/intel"
)

// utxoDeposit is the answer of deposit detection for one address: wallet
// is 0 when the address is not a deposit address.
type utxoDeposit struct {
	svc    Service
	wallet uint32
}

// depositScratch is reused by every detection.
type depositScratch struct {
	outs, spenders []uint32
	wallets        []walletValue
}

type walletValue struct {
	addr  uint32
	value uint64
}

// depositOf decides (once per address) whether id is an exchange deposit
// address: the transactions spending its outputs pay at least
// DepositShare percent of their output value to wallets of one exchange
// (and nothing to another exchange). The wallet is the one receiving the
// most value (lowest ID on ties).
func (u *utxoTrace) depositOf(id uint32) utxoDeposit {
	if id == uint32(chain.NoAddr) {
		return utxoDeposit{}
	}
	if i, ok := u.depIx.get(id); ok {
		if i == 0 {
			return utxoDeposit{}
		}
		return u.deps[i-1]
	}
	d := u.detectDeposit(id)
	i := uint32(0)
	if d.wallet != 0 {
		u.deps = append(u.deps, d)
		i = uint32(len(u.deps))
	}
	u.depIx.put(id, i)
	return d
}

func (u *utxoTrace) detectDeposit(id uint32) utxoDeposit {
	entity, all, toEx := u.depositFlow(id)
	sc := &u.dep
	if entity == "" || toEx == 0 || !atLeastShare(toEx, all, DepositShare) {
		return utxoDeposit{}
	}
	best := sc.wallets[0]
	for _, w := range sc.wallets[1:] {
		if w.value > best.value || w.value == best.value && w.addr < best.addr {
			best = w
		}
	}
	return utxoDeposit{svc: Service{Entity: entity, Category: string(intel.Exchange), Stop: true}, wallet: best.addr}
}

// depositFlow sums the output value of the transactions spending id's
// outputs (each once) and what of it goes to exchange wallets (per wallet
// in u.dep.wallets). entity is "" when no exchange, or more than one, is
// paid.
func (u *utxoTrace) depositFlow(id uint32) (entity string, all, toEx uint64) {
	sc := &u.dep
	sc.outs = u.x.Outputs(id, sc.outs[:0])
	sc.spenders, sc.wallets = sc.spenders[:0], sc.wallets[:0]
	for _, o := range sc.outs {
		if sp := u.x.SpentBy(o); sp != graph.NoRow {
			sc.spenders = append(sc.spenders, sp)
		}
	}
	slices.Sort(sc.spenders)
	for i, sp := range sc.spenders {
		if i > 0 && sp == sc.spenders[i-1] {
			continue
		}
		lo, hi := u.x.TxOutputs(sp)
		for r := lo; r < hi; r++ {
			a, v, _ := u.x.Output(r)
			all += v
			if u.kind(a)&kindExchange == 0 {
				continue
			}
			svc, _ := u.labels.Of(a)
			if entity != "" && svc.Entity != entity {
				return "", 0, 0
			}
			entity = svc.Entity
			toEx += v
			sc.addWallet(a, v)
		}
	}
	return entity, all, toEx
}

// addWallet adds v to what wallet a received.
func (sc *depositScratch) addWallet(a uint32, v uint64) {
	for i := range sc.wallets {
		if sc.wallets[i].addr == a {
			sc.wallets[i].value += v
			return
		}
	}
	sc.wallets = append(sc.wallets, walletValue{a, v})
}

// atLeastShare reports whether part ≥ pct% of all, exactly (128-bit).
func atLeastShare(part, all uint64, pct uint64) bool {
	ph, pl := bits.Mul64(part, 100)
	ah, al := bits.Mul64(all, pct)
	return ph > ah || ph == ah && pl >= al
}
