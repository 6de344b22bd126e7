package btcrpc_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/live/btcdtest"
	"github.com/vigil-project/vigil/internal/live/btcrpc"
)

// TestAgainstBtcd reads a real btcd's chain (coinbases, a payment with
// change and an OP_RETURN, a two-input payment) and compares every block
// and transaction with what the node's getblock says.
func TestAgainstBtcd(t *testing.T) {
	n := btcdtest.Start(t)
	n.Generate(102)
	cb := n.CoinbaseOf(1)
	n.Spend([]btcdtest.Coin{cb}, []btcdtest.Out{
		{Redeem: btcdtest.Redeem(1), Value: 700000000},
		{Redeem: btcdtest.Redeem(2), Value: cb.Value - 700000000 - 1000},
		{Data: []byte("hello"), Value: 0},
	})
	n.Spend([]btcdtest.Coin{n.CoinbaseOf(2), n.CoinbaseOf(3)}, []btcdtest.Out{{Redeem: btcdtest.Redeem(1), Value: 2*cb.Value - 3000}})
	n.Generate(1)
	node, err := btcrpc.New(n.URL, btcrpc.Options{BatchBlocks: 3, Workers: 3})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tip, err := node.Tip(ctx)
	if err != nil || tip != n.Tip() {
		t.Fatalf("tip %d %v, node %d", tip, err, n.Tip())
	}
	g, err := node.Genesis(ctx)
	if err != nil || g.Hex() != n.BlockAt(0).Hash {
		t.Fatalf("genesis %s %v", g.Hex(), err)
	}
	var in chain.MapInterner
	blocks, err := node.UTXOBlocks(ctx, 0, tip, &in)
	if err != nil {
		t.Fatal(err)
	}
	if len(blocks) != int(tip+1) {
		t.Fatalf("%d blocks for tip %d", len(blocks), tip)
	}
	nonstd := 0
	for h := uint64(0); h <= tip; h++ {
		want, got := n.BlockAt(h), blocks[h]
		if got.Header.Number != h || got.Header.Hash.Hex() != want.Hash || len(got.Txs) != len(want.Txs) {
			t.Fatalf("block %d: got %d %s %d txs, node %s %d txs", h, got.Header.Number, got.Header.Hash.Hex(), len(got.Txs), want.Hash, len(want.Txs))
		}
		for i, wt := range want.Txs {
			nonstd += compareTx(t, &in, &got.Txs[i], wt)
		}
	}
	if nonstd != 1 {
		t.Fatalf("%d OP_RETURN outputs seen, want 1", nonstd)
	}
}

func compareTx(t *testing.T, in *chain.MapInterner, got *chain.UTXOTx, want btcdtest.Tx) int {
	t.Helper()
	nonstd := 0
	if got.Hash.Hex() != want.Txid || got.Coinbase != (want.Vin[0].Coinbase != "") {
		t.Fatalf("tx %s: got %s coinbase %v", want.Txid, got.Hash.Hex(), got.Coinbase)
	}
	var vins int
	for _, v := range want.Vin {
		if v.Coinbase != "" {
			continue
		}
		g := got.Inputs[vins]
		if g.SpentTx.Hex() != v.Txid || g.SpentIndex != v.Vout || g.HasValue {
			t.Errorf("tx %s input %d: %+v, node %s:%d", want.Txid, vins, g, v.Txid, v.Vout)
		}
		vins++
	}
	if vins != len(got.Inputs) || len(got.Outputs) != len(want.Vout) {
		t.Fatalf("tx %s: %d/%d inputs/outputs", want.Txid, len(got.Inputs), len(got.Outputs))
	}
	for i, o := range want.Vout {
		g := got.Outputs[i]
		addr := strings.Join(o.ScriptPubKey.Addresses, ",")
		if addr == "" {
			script, _ := hex.DecodeString(o.ScriptPubKey.Hex)
			sum := sha256.Sum256(script)
			addr = "nonstandard" + hex.EncodeToString(sum[:20])
			nonstd++
		}
		if g.Index != o.N || g.Value != uint64(o.Value*1e8+0.5) || string(in.Keys[g.Addr-1]) != addr {
			t.Errorf("tx %s output %d: %d %d %q, node %d %v %q", want.Txid, i, g.Index, g.Value, in.Keys[g.Addr-1], o.N, o.Value, addr)
		}
	}
	return nonstd
}
