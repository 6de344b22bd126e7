package cluster

import (
	"fmt"
	"hash/fnv"
	"math/big"
	"slices"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/graph"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

// The deposit heuristic (account chains) is the tracer's rule (see
// internal/trace/deposit.go and docs/tracing.md): an address that is not
// itself a labeled exchange wallet, and whose moves out send, in every
// asset it sends a non-zero amount of, at least trace.DepositShare
// percent to wallets of one exchange (and nothing to another exchange),
// is that exchange's deposit address. It joins the cluster of the wallet
// receiving the most of its moves (lowest ID on ties).

// account applies the deposit heuristic to the addresses that sent in the
// blocks after b.after (every sender when full).
func (b *builder) account() error {
	if !b.o.Heuristics.Has(Deposit) {
		return nil
	}
	wallets, err := b.walletsFor()
	if err != nil {
		return err
	}
	x, err := graph.Open(b.s, b.c)
	if err != nil {
		return err
	}
	defer x.Close()
	return b.recordDeposits(senders(x, b.full, b.after), wallets, func(id uint32) depositAnswer {
		return detectDeposit(x, wallets, id)
	})
}

// recordDeposits runs detect on each candidate address and records the
// new deposit addresses it finds, linking each to its wallet. An address
// recorded by an earlier build that no longer deposits to the same
// exchange asks for a rebuild.
func (b *builder) recordDeposits(ids []uint32, wallets map[uint32]string, detect func(id uint32) depositAnswer) error {
	known := map[uint32]int{}
	for i, a := range b.st.dep.Addr {
		known[a] = i
	}
	for _, id := range ids {
		b.st.Stats.Senders++
		dep := detect(id)
		i, was := known[id]
		if was && (dep.wallet == 0 || wallets[dep.wallet] != wallets[b.st.dep.Wallet[i]]) {
			return fmt.Errorf("%w: address %d is no longer a deposit address of the same exchange", errRebuild, id)
		}
		if was || dep.wallet == 0 {
			continue
		}
		b.st.dep.Addr = append(b.st.dep.Addr, id)
		b.st.dep.Wallet = append(b.st.dep.Wallet, dep.wallet)
		b.st.dep.Share = append(b.st.dep.Share, dep.share)
		b.st.Stats.Deposits++
		b.st.link(id, dep.wallet, Deposit, dep.block, 0)
	}
	return nil
}

// walletsFor returns the exchange wallets of the labels; a set other than
// the last build's asks for a rebuild.
func (b *builder) walletsFor() (map[uint32]string, error) {
	d, err := b.s.Addresses(b.c)
	if err != nil {
		return nil, err
	}
	wallets, fp, err := exchangeWallets(b.o.Labels, b.c, d)
	if err != nil {
		return nil, err
	}
	if !b.full && fp != b.st.Wallets {
		return nil, fmt.Errorf("%w: exchange wallet labels changed", errRebuild)
	}
	b.st.Wallets = fp
	return wallets, nil
}

// exchangeWallets maps the address IDs of labeled exchange wallets of c to
// their exchange, and fingerprints the map.
func exchangeWallets(x *intel.Index, c chain.Info, d *store.Dict) (map[uint32]string, uint64, error) {
	out := map[uint32]string{}
	if x == nil {
		return out, 0, nil
	}
	for _, l := range x.Labels() {
		if l.Chain != c.Name || l.Category != intel.Exchange || l.Source == Source {
			continue
		}
		key, err := store.AddressKey(c, l.Address)
		if err != nil {
			continue
		}
		id, ok, err := d.Lookup(key)
		if err != nil {
			return nil, 0, err
		}
		if ok && (out[id] == "" || l.Entity < out[id]) {
			out[id] = l.Entity
		}
	}
	ids := make([]uint32, 0, len(out))
	for id := range out {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	h := fnv.New64a()
	for _, id := range ids {
		fmt.Fprintf(h, "%d=%s;", id, out[id])
	}
	return out, h.Sum64(), nil
}

// senders lists, ascending, the addresses that sent in blocks after
// `after` (all senders when full).
func senders(x *graph.Index, full bool, after uint64) []uint32 {
	var ids []uint32
	for _, s := range x.Segs {
		if !full && s.Last <= after {
			continue
		}
		for r, f := range s.From {
			if f != 0 && (full || uint64(s.Block[r]) > after) {
				ids = append(ids, f)
			}
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// depositAnswer is detectDeposit's answer: wallet 0 when id is not a
// deposit address.
type depositAnswer struct {
	wallet, share, block uint32
}

// flow is what an address sent of one asset, and of it to the exchange.
type flow struct {
	asset     uint32
	all, toEx *big.Int
}

// detectDeposit applies the deposit rule to address id.
func detectDeposit(x *graph.Index, wallets map[uint32]string, id uint32) depositAnswer {
	if _, own := wallets[id]; own {
		return depositAnswer{}
	}
	var (
		entity string
		flows  []flow
		counts = map[uint32]int{}
		first  = ^uint32(0)
	)
	for _, s := range x.Segs {
		for _, r := range s.Out(id) {
			f := flowFor(&flows, s.Asset[r])
			amt := s.Amount(r).Big()
			f.all.Add(f.all, amt)
			e, ok := wallets[s.To[r]]
			if !ok {
				continue
			}
			if entity != "" && e != entity {
				return depositAnswer{}
			}
			entity = e
			f.toEx.Add(f.toEx, amt)
			counts[s.To[r]]++
			first = min(first, s.Block[r])
		}
	}
	share, ok := leastShare(flows)
	if entity == "" || !ok || share*100 < trace.DepositShare*1000 {
		return depositAnswer{}
	}
	return depositAnswer{wallet: busiestWallet(counts), share: share, block: first}
}

func flowFor(flows *[]flow, asset uint32) *flow {
	for i := range *flows {
		if (*flows)[i].asset == asset {
			return &(*flows)[i]
		}
	}
	*flows = append(*flows, flow{asset: asset, all: new(big.Int), toEx: new(big.Int)})
	return &(*flows)[len(*flows)-1]
}

// leastShare returns the least share (per mille, rounded down) sent to the
// exchange over the assets with a non-zero amount sent; ok is false when
// there is none. A share below DepositShare percent makes it fail whatever
// the rounding: the comparison is made exactly first.
func leastShare(flows []flow) (uint32, bool) {
	least, some := uint32(1000), false
	for _, f := range flows {
		if f.all.Sign() == 0 {
			continue // zero-value moves (address-poisoning spam) say nothing
		}
		some = true
		lhs := new(big.Int).Mul(f.toEx, big.NewInt(100))
		rhs := new(big.Int).Mul(f.all, big.NewInt(trace.DepositShare))
		if lhs.Cmp(rhs) < 0 {
			return 0, true
		}
		pm := new(big.Int).Div(new(big.Int).Mul(f.toEx, big.NewInt(1000)), f.all)
		least = min(least, uint32(pm.Uint64()))
	}
	return least, some
}

// busiestWallet returns the wallet receiving the most moves (lowest ID on
// ties).
func busiestWallet(counts map[uint32]int) uint32 {
	var best uint32
	n := 0
	for w, c := range counts {
		if c > n || c == n && w < best {
			best, n = w, c
		}
	}
	return best
}
