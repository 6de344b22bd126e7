package btcrpc_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/jsonrpc"
	"github.com/vigil-project/vigil/internal/live/btcrpc"
	"github.com/vigil-project/vigil/internal/live/ltctest"
)

var recordLtc = flag.Bool("record-ltc", false, "rewrite testdata/ltc/*.node.json from a live litecoind")

// TestAgainstLitecoind reads a real litecoind's regtest chain (legacy,
// P2SH-segwit and bech32 payments with change, sendmany, an OP_RETURN, a
// spend of several inputs, then MWEB activation with a peg-in, a peg-out
// and a payment inside MWEB) and compares every block, transaction,
// output value and address with the node's getblock (verbosity 2).
func TestAgainstLitecoind(t *testing.T) {
	n := ltctest.Start(t)
	c := ltctest.Build(n, true)
	node, err := btcrpc.New(n.URL, btcrpc.Options{BatchBlocks: 5, Workers: 3, RPC: jsonrpc.Options{HTTP: ltctest.HTTPClient()}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tip, err := node.Tip(ctx)
	if err != nil || tip != n.Tip() {
		t.Fatalf("tip %d %v, node %d", tip, err, n.Tip())
	}
	var in chain.MapInterner
	blocks, err := node.UTXOBlocks(ctx, 0, tip, &in)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]uint64{}
	kinds := map[string]int{}
	for h := uint64(0); h <= tip; h++ {
		want, got := n.BlockAt(h), blocks[h]
		if got.Header.Number != h || got.Header.Hash.Hex() != want.Hash || got.Header.Time != want.Time || len(got.Txs) != len(want.Txs) {
			t.Fatalf("block %d: got %d %s %d txs, node %s %d txs", h, got.Header.Number, got.Header.Hash.Hex(), len(got.Txs), want.Hash, len(want.Txs))
		}
		if (len(want.MWEB) > 0) != (h >= c.MWEBFrom) {
			t.Errorf("block %d: mweb body %q (MWEB from %d)", h, want.MWEB, c.MWEBFrom)
		}
		for i, wt := range want.Txs {
			compareLtcTx(t, &in, &got.Txs[i], wt, kinds)
			seen[wt.Txid] = h
		}
	}
	for name, tx := range map[string]string{"change": c.Change, "sendmany": c.Many, "data": c.Data, "multi": c.Multi, "bare": c.Bare, "bare-spend": c.BareOut, "pegin": c.PegIn} {
		if _, ok := seen[tx]; !ok {
			t.Errorf("%s tx %s in no block", name, tx)
		}
	}
	for name, tx := range map[string]string{"pegout": c.PegOut, "mweb-only": c.MWEBOnly} {
		if h, ok := seen[tx]; ok {
			t.Errorf("MWEB %s tx %s listed in block %d", name, tx, h)
		}
	}
	for _, k := range []string{"pubkeyhash", "scripthash", "witness_v0_keyhash", "multisig", "nulldata", "witness_mweb_pegin", "witness_mweb_hogaddr"} {
		if kinds[k] == 0 {
			t.Errorf("no %s output in the chain (%v)", k, kinds)
		}
	}
	t.Logf("%d blocks, output kinds %v", tip+1, kinds)
	if *recordLtc {
		record(t, n, c, seen)
	}
}

// compareLtcTx checks one converted transaction against the node's and
// counts its output kinds.
func compareLtcTx(t *testing.T, in *chain.MapInterner, got *chain.UTXOTx, want ltctest.Tx, kinds map[string]int) {
	t.Helper()
	if got.Hash.Hex() != want.Txid || got.Coinbase != (want.Vin[0].Coinbase != "") {
		t.Fatalf("tx %s: got %s coinbase %v", want.Txid, got.Hash.Hex(), got.Coinbase)
	}
	var vins int
	for _, v := range want.Vin {
		if v.Coinbase != "" || v.IsMWEB {
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
		kinds[o.ScriptPubKey.Type]++
		g := got.Outputs[i]
		addr := o.ScriptPubKey.Addr()
		if addr == "" {
			script, _ := hex.DecodeString(o.ScriptPubKey.Hex)
			sum := sha256.Sum256(script)
			addr = "nonstandard" + hex.EncodeToString(sum[:20])
		}
		if g.Index != o.N || g.Value != ltctest.Sat(o.Value) || string(in.Keys[g.Addr-1]) != addr {
			t.Errorf("tx %s output %d: %d %d %q, node %d %s %q", want.Txid, i, g.Index, g.Value, in.Keys[g.Addr-1], o.N, o.Value, addr)
		}
	}
}

// record saves the node's answers that the golden tests of decode_ltc
// replay: getblock (verbosity 3, as vigil asks) of the blocks holding the
// payments, the first MWEB block and the peg-out's block, and the wallet's
// decoding of the peg-out (a transaction with MWEB inputs and outputs).
func record(t *testing.T, n *ltctest.Node, c ltctest.Chain, seen map[string]uint64) {
	dir := filepath.Join("testdata", "ltc")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(name string, raw json.RawMessage) {
		var b bytes.Buffer // indented, numbers as the node wrote them
		if err := json.Indent(&b, raw, "", " "); err != nil {
			t.Fatal(err)
		}
		b.WriteByte('\n')
		if err := os.WriteFile(filepath.Join(dir, name+".node.json"), b.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("genesis", n.RawBlock(0, 3))
	write("payments", n.RawBlock(seen[c.Change], 3))
	write("multi", n.RawBlock(seen[c.Multi], 3))
	write("multisig", n.RawBlock(seen[c.Bare], 3))
	write("mweb-pegin", n.RawBlock(seen[c.PegIn], 3))
	write("mweb-pegout", n.RawBlock(n.Tip(), 3))
	var wtx struct {
		Decoded json.RawMessage `json:"decoded"`
	}
	n.Wallet("w4", &wtx, "gettransaction", c.PegOut, true, true)
	write("mweb-pegout-tx", wtx.Decoded)
}
