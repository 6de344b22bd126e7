package trace

import (
	"math/bits"

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
	outs    []uint32
	seen    map[uint32]bool   // spending transactions counted
	wallets map[uint32]uint64 // value received per wallet of the exchange
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
	if d, ok := u.deposit[id]; ok {
		return d
	}
	d := u.detectDeposit(id)
	u.deposit[id] = d
	return d
}

func (u *utxoTrace) detectDeposit(id uint32) utxoDeposit {
	sc := &u.dep
	if sc.seen == nil {
		sc.seen, sc.wallets = map[uint32]bool{}, map[uint32]uint64{}
	}
	clear(sc.seen)
	clear(sc.wallets)
	sc.outs = u.x.Outputs(id, sc.outs[:0])
	var entity string
	var all, toEx uint64
	for _, o := range sc.outs {
		sp := u.x.SpentBy(o)
		if sp == graph.NoRow || sc.seen[sp] {
			continue
		}
		sc.seen[sp] = true
		lo, hi := u.x.TxOutputs(sp)
		for r := lo; r < hi; r++ {
			a, v, _ := u.x.Output(r)
			all += v
			svc, ok := u.labels.Of(a)
			if !ok || svc.Category != string(intel.Exchange) {
				continue
			}
			if entity != "" && svc.Entity != entity {
				return utxoDeposit{}
			}
			entity = svc.Entity
			toEx += v
			sc.wallets[a] += v
		}
	}
	if entity == "" || toEx == 0 || !atLeastShare(toEx, all, DepositShare) {
		return utxoDeposit{}
	}
	var best uint32
	for w, v := range sc.wallets {
		if v > sc.wallets[best] || v == sc.wallets[best] && w < best {
			best = w
		}
	}
	return utxoDeposit{svc: Service{Entity: entity, Category: string(intel.Exchange), Stop: true}, wallet: best}
}

// atLeastShare reports whether part ≥ pct% of all, exactly (128-bit).
func atLeastShare(part, all uint64, pct uint64) bool {
	ph, pl := bits.Mul64(part, 100)
	ah, al := bits.Mul64(all, pct)
	return ph > ah || ph == ah && pl >= al
}
