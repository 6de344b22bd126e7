package trace

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
)

// DepositShare is the deposit-address threshold: at least this share (in
// percent) of what an address sends, in every asset it sends, must go to
// wallets of one exchange.
const DepositShare = 95

// depositOf is the answer of deposit detection for one address: wallet is
// 0 when the address is not a deposit address.
type depositOf struct {
	svc    Service
	wallet uint32
}

// depositOf decides (once per address) whether id is an exchange deposit
// address: see docs/tracing.md.
func (a *acct) depositOf(id uint32) depositOf {
	if d, ok := a.deposit[id]; ok {
		return d
	}
	d := a.detectDeposit(id)
	a.deposit[id] = d
	return d
}

// assetFlow sums what an address sends of one asset, and how much of it
// goes to the exchange.
type assetFlow struct {
	asset     uint32
	all, toEx chain.U256
}

func (a *acct) detectDeposit(id uint32) depositOf {
	var (
		entity string
		flows  []assetFlow
		counts = map[uint32]int{}
	)
	for _, s := range a.x.Segs {
		for _, r := range s.Out(id) {
			f := flowOf(&flows, s.Asset[r])
			amt := s.Amount(r)
			f.all = add(f.all, amt)
			svc, ok := a.labels.Of(s.To[r])
			if !ok || svc.Category != string(intel.Exchange) {
				continue
			}
			if entity != "" && svc.Entity != entity {
				return depositOf{}
			}
			entity = svc.Entity
			f.toEx = add(f.toEx, amt)
			counts[s.To[r]]++
		}
	}
	if entity == "" || !enough(flows, &a.md) {
		return depositOf{}
	}
	return depositOf{svc: Service{Entity: entity, Category: string(intel.Exchange), Stop: true}, wallet: busiest(counts)}
}

func flowOf(flows *[]assetFlow, asset uint32) *assetFlow {
	for i := range *flows {
		if (*flows)[i].asset == asset {
			return &(*flows)[i]
		}
	}
	*flows = append(*flows, assetFlow{asset: asset})
	return &(*flows)[len(*flows)-1]
}

// enough reports whether every asset sends at least DepositShare percent
// to the exchange.
func enough(flows []assetFlow, md *muldiv) bool {
	some := false
	for _, f := range flows {
		if f.all.IsZero() {
			continue // zero-value moves (e.g. address-poisoning spam) say nothing
		}
		if f.toEx.Cmp(md.do(f.all, chain.U64(DepositShare), chain.U64(100))) < 0 {
			return false
		}
		some = true
	}
	return some
}

// busiest returns the wallet receiving the most moves (lowest ID on ties).
func busiest(counts map[uint32]int) uint32 {
	var best uint32
	n := 0
	for w, c := range counts {
		if c > n || c == n && w < best {
			best, n = w, c
		}
	}
	return best
}
