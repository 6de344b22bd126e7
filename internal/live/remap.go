package live

import (
	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
)

// remapper moves blocks fetched with a private interner (one per parallel
// fetch) onto the store's dictionary, in block order, so IDs are handed
// out in the same order whatever order the fetches finished in.
type remapper struct {
	local *chain.MapInterner
	dict  *store.Dict
	ids   []chain.AddrID // ids[local] = store ID, 0 not yet
}

func newRemapper(local *chain.MapInterner, d *store.Dict) *remapper {
	return &remapper{local: local, dict: d, ids: make([]chain.AddrID, len(local.Keys)+1)}
}

func (r *remapper) id(a chain.AddrID) chain.AddrID {
	if a == chain.NoAddr || int(a) >= len(r.ids) {
		return a
	}
	if r.ids[a] == 0 {
		r.ids[a] = chain.AddrID(r.dict.Intern(r.local.Keys[a-1]))
	}
	return r.ids[a]
}

// remapUTXO rewrites the address IDs of blocks in place.
func remapUTXO(blocks []chain.UTXOBlock, local *chain.MapInterner, d *store.Dict) {
	r := newRemapper(local, d)
	for i := range blocks {
		for j := range blocks[i].Txs {
			tx := &blocks[i].Txs[j]
			for k := range tx.Inputs {
				tx.Inputs[k].Addr = r.id(tx.Inputs[k].Addr)
			}
			for k := range tx.Outputs {
				tx.Outputs[k].Addr = r.id(tx.Outputs[k].Addr)
			}
		}
	}
}

// remapAccount rewrites address and token IDs of blocks in place.
func remapAccount(blocks []chain.AccountBlock, la, lt *chain.MapInterner, addrs, tokens *store.Dict) {
	ra, rt := newRemapper(la, addrs), newRemapper(lt, tokens)
	for i := range blocks {
		b := &blocks[i]
		for j := range b.Txs {
			b.Txs[j].From, b.Txs[j].To = ra.id(b.Txs[j].From), ra.id(b.Txs[j].To)
		}
		for j := range b.Transfers {
			t := &b.Transfers[j]
			t.From, t.To = ra.id(t.From), ra.id(t.To)
			if t.Asset != chain.Native {
				t.Asset = chain.AssetID(rt.id(chain.AddrID(t.Asset)))
			}
		}
	}
}
