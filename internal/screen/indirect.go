package screen

import (
	"cmp"
	"errors"
	"slices"
	"sync"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/trace"
)

// chainState is what indirect exposure keeps open per chain: the traced
// session (graph index) and the labels resolved to store IDs.
type chainState struct {
	sess   *trace.Session // nil: the store has no data of the chain
	labels *trace.Labels  // every labeled address; risky ones stop forward traces
	risky  map[uint32][]intel.Label
	err    error
}

// indirect fills r.Indirect (and r.Known) from traces backward and
// forward from the address.
func (s *Screener) indirect(c chain.Info, r *Result, o Options) error {
	cs := s.chain(c)
	if cs.err != nil {
		return cs.err
	}
	if cs.sess == nil {
		return nil
	}
	id, ok, err := cs.sess.AddressID(r.Address)
	if err != nil || !ok {
		return err
	}
	r.Known = true
	hops := o.Hops
	if hops <= 0 {
		hops = DefaultHops
	}
	received, sent := cs.sess.Totals(id)
	var back, fwd []trace.Flow
	var errB, errF error
	var wg sync.WaitGroup
	if len(received) > 0 && len(sent) > 0 {
		wg.Add(1)
		go func() { // the two directions are independent: use both cores
			defer wg.Done()
			back, errB = cs.sess.Flows(id, trace.Query{Chain: c, MaxHops: hops, Backward: true}, cs.labels)
		}()
	} else if len(received) > 0 {
		back, errB = cs.sess.Flows(id, trace.Query{Chain: c, MaxHops: hops, Backward: true}, cs.labels)
	}
	if len(sent) > 0 {
		// own amounts: what reaches each endpoint of the address's sent
		// value, in the assets it sent, even across swaps
		fwd, errF = cs.sess.SentFlows(id, trace.Query{Chain: c, MaxHops: hops}, cs.labels)
	}
	wg.Wait()
	if err := errors.Join(errB, errF); err != nil {
		return err
	}
	agg := &exposures{idx: map[expKey]int{}}
	agg.add(cs, back, "received")
	agg.add(cs, fwd, "sent")
	return agg.finish(cs.sess, received, sent, r)
}

// expKey groups exposure: one entry per direction, entity, category and asset.
type expKey struct {
	dir, entity, category string
	asset                 uint32
}

type exposures struct {
	idx  map[expKey]int
	keys []expKey
	amts []chain.U256
	hops []int
}

// add counts the flows that reached risky labeled addresses: in the
// screened address's own assets when the trace says what each flow
// accounts for of them (Own: backward and forward on account chains), else
// in the flow's asset (UTXO chains: one asset, nothing converts).
func (e *exposures) add(cs *chainState, flows []trace.Flow, dir string) {
	for _, f := range flows {
		ls := cs.risky[f.Addr]
		for j, l := range ls {
			if labeledBefore(ls[:j], l) {
				continue // the same entity and category from another source
			}
			if f.Own == nil {
				e.count(expKey{dir, l.Entity, string(l.Category), f.Asset}, f.Amount, f.Hops)
				continue
			}
			for _, o := range f.Own { // in the screened address's own assets
				e.count(expKey{dir, l.Entity, string(l.Category), o.Asset}, o.Amount, f.Hops)
			}
		}
	}
}

// count adds amt at hops to group k.
func (e *exposures) count(k expKey, amt chain.U256, hops int) {
	i, ok := e.idx[k]
	if !ok {
		i = len(e.keys)
		e.idx[k] = i
		e.keys, e.amts, e.hops = append(e.keys, k), append(e.amts, chain.U256{}), append(e.hops, hops)
	}
	e.amts[i], _ = e.amts[i].Add(amt)
	e.hops[i] = min(e.hops[i], hops)
}

// labeledBefore reports whether ls has a label of l's entity and category.
func labeledBefore(ls []intel.Label, l intel.Label) bool {
	for _, p := range ls {
		if p.Entity == l.Entity && p.Category == l.Category {
			return true
		}
	}
	return false
}

// finish turns the groups into Indirect entries (largest share first).
func (e *exposures) finish(sess *trace.Session, received, sent []trace.AssetTotal, r *Result) error {
	for i, k := range e.keys {
		total := totalOf(received, k.asset)
		if k.dir == "sent" {
			total = totalOf(sent, k.asset)
		}
		asset, err := sess.AssetName(k.asset)
		if err != nil {
			return err
		}
		r.Indirect = append(r.Indirect, Indirect{Entity: k.entity, Category: k.category, Hops: e.hops[i],
			Share: formatShare(e.amts[i], total), Direction: k.dir, Asset: asset,
			Amount: e.amts[i].String(), Total: total.String(), amount: e.amts[i], total: total})
	}
	slices.SortFunc(r.Indirect, func(a, b Indirect) int {
		return cmp.Or(cmp.Compare(b.Share, a.Share), cmp.Compare(a.Direction, b.Direction),
			cmp.Compare(a.Entity, b.Entity), cmp.Compare(a.Category, b.Category), cmp.Compare(a.Asset, b.Asset))
	})
	return nil
}

func totalOf(ts []trace.AssetTotal, asset uint32) chain.U256 {
	for _, t := range ts {
		if t.Asset == asset {
			return t.Amount
		}
	}
	return chain.U256{}
}
