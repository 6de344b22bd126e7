package trace_test

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/sharedtest/btc2009"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

// activityKey names one address-asset pair of the naive oracle.
type activityKey struct{ addr, asset uint32 }

// naiveActivity sums every stored move into a map, the straightforward
// way: the oracle Session.Activity must agree with.
type naiveActivity map[activityKey]*trace.Activity

func (n naiveActivity) move(addr chain.AddrID, asset chain.AssetID, amt chain.U256, blk uint64, sent bool) {
	if addr == chain.NoAddr {
		return
	}
	k := activityKey{uint32(addr), uint32(asset)}
	a := n[k]
	if a == nil {
		a = &trace.Activity{Asset: k.asset, FirstBlock: math.MaxUint64}
		n[k] = a
	}
	if sent {
		a.Sent.Add(amt)
		a.SentCount++
	} else {
		a.Received.Add(amt)
		a.RecvCount++
	}
	a.FirstBlock = min(a.FirstBlock, blk)
	a.LastBlock = max(a.LastBlock, blk)
}

// check compares the oracle with Session.Activity for every address ID
// of the store (IDs with no moves must give nil).
func (n naiveActivity) check(t *testing.T, st *store.Store, c chain.Info) {
	t.Helper()
	sess, err := trace.Open(st, c)
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	d, err := st.Addresses(c)
	if err != nil {
		t.Fatal(err)
	}
	perAddr := map[uint32]int{}
	for k := range n {
		perAddr[k.addr]++
	}
	pairs := 0
	for id := uint32(0); id <= uint32(d.Len())+1; id++ {
		got := sess.Activity(id)
		for _, g := range got {
			w := n[activityKey{id, g.Asset}]
			if w == nil || *w != g {
				t.Fatalf("address %d asset %d: got %+v, want %+v", id, g.Asset, g, w)
			}
		}
		if len(got) != perAddr[id] {
			t.Fatalf("address %d: %d assets, oracle has %d", id, len(got), perAddr[id])
		}
		pairs += len(got)
	}
	if pairs != len(n) || pairs == 0 {
		t.Fatalf("%d address-asset pairs checked, oracle has %d", pairs, len(n))
	}
	t.Logf("%s: %d address-asset pairs agree", c.Name, pairs)
}

func TestActivityEthSimulated(t *testing.T) {
	st, _, _ := scenario(t, sim.Config{Seed: 21, Background: 4000, Commingle: true})
	eth, _ := chain.Lookup("eth")
	n := naiveActivity{}
	err := st.ScanAccount(eth, 0, math.MaxUint64, func(b *chain.AccountBlock) error {
		for _, m := range b.Transfers {
			n.move(m.From, m.Asset, m.Amount, b.Header.Number, true)
			n.move(m.To, m.Asset, m.Amount, b.Header.Number, false)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n.check(t, st, eth)
}

func TestActivityBitcoin2009(t *testing.T) { checkBitcoinActivity(t, btc2009.File(t)) }

// TestActivityBitcoinPartial loads real blocks 50,001-50,002 without their
// history: most inputs spend outputs the store does not hold, and they
// still count as sent.
func TestActivityBitcoinPartial(t *testing.T) {
	checkBitcoinActivity(t, filepath.Join("..", "demo", "data", "btc", "blocks_50001_50002.json"))
}

func checkBitcoinActivity(t *testing.T, path string) {
	btc, _ := chain.Lookup("btc")
	st, err := store.Open(filepath.Join(t.TempDir(), "store"), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := ingest.BitcoinETL(st, path, ingest.Options{Chain: btc}); err != nil {
		t.Fatal(err)
	}
	n := naiveActivity{}
	err = st.ScanUTXO(btc, 0, math.MaxUint64, func(b *store.UTXOBlockView) error {
		for _, tx := range b.Txs {
			for _, in := range tx.Inputs {
				n.move(in.Addr, chain.Native, chain.U64(in.Value), b.Header.Number, true)
			}
			for _, out := range tx.Outputs {
				n.move(out.Addr, chain.Native, chain.U64(out.Value), b.Header.Number, false)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	n.check(t, st, btc)
}
