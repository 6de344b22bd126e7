package ethrpc

import (
	"context"
	"encoding/hex"
	"math/big"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/live/ethrpc/gethtest"
)

// The checks of TestGethEndToEnd against what the node says.

// bigHex parses a hex quantity for the checks.
func bigHex(t testing.TB, s string) *big.Int {
	v, ok := new(big.Int).SetString(strings.TrimPrefix(s, "0x"), 16)
	if !ok {
		t.Fatalf("bad quantity %q", s)
	}
	return v
}

// checkHeaders compares hashes, times, transaction counts and statuses.
func checkHeaders(t *testing.T, g *gethtest.Node, n *Node, bs []chain.AccountBlock, recs []recorded) {
	ctx := context.Background()
	if len(bs) != len(recs) {
		t.Fatalf("%d blocks for %d", len(bs), len(recs))
	}
	var gen map[string]any
	g.Call(&gen, "eth_getBlockByNumber", "0x0", false)
	if h, err := n.Genesis(ctx); err != nil || h.String() != str(gen, "hash") {
		t.Errorf("Genesis = %s, %v; node %s", h, err, str(gen, "hash"))
	}
	if tip, err := n.Tip(ctx); err != nil || tip < bs[len(bs)-1].Header.Number {
		t.Errorf("Tip = %d, %v", tip, err)
	}
	hs, err := n.Hashes(ctx, bs[0].Header.Number, bs[len(bs)-1].Header.Number)
	if err != nil || len(hs) != len(bs) {
		t.Fatalf("Hashes: %d, %v", len(hs), err)
	}
	for i, b := range bs {
		r := recs[i]
		if hs[i] != b.Header.Hash {
			t.Errorf("block %d: Hashes %s, block %s", b.Header.Number, hs[i], b.Header.Hash)
		}
		if h, err := n.Hash(ctx, b.Header.Number); err != nil || h != b.Header.Hash || h.String() != str(r.Block, "hash") {
			t.Errorf("block %d: hash %s, Hash() %s %v, node %s", b.Header.Number, b.Header.Hash, h, err, str(r.Block, "hash"))
		}
		if b.Header.Time != bigHex(t, str(r.Block, "timestamp")).Int64() || b.Header.Time == 0 {
			t.Errorf("block %d: time %d", b.Header.Number, b.Header.Time)
		}
		txs := r.Block["transactions"].([]any)
		if b.TxCount != len(txs) || len(b.Txs) != len(txs) {
			t.Fatalf("block %d: %d txs, node has %d", b.Header.Number, b.TxCount, len(txs))
		}
		for k, rc := range r.Receipts {
			if b.Txs[k].Failed != (str(rc, "status") == "0x0") || b.Txs[k].Hash.String() != str(rc, "transactionHash") {
				t.Errorf("block %d tx %d: failed %v, receipt %v", b.Header.Number, k, b.Txs[k].Failed, rc["status"])
			}
		}
	}
}

// checkBalances requires every address's balance change over the range to
// be its native moves in minus out, minus the fees it paid, plus the
// priority fees it earned as the blocks' miner.
func checkBalances(t *testing.T, g *gethtest.Node, s *scenario, bs []chain.AccountBlock, recs []recorded, addrs *chain.MapInterner) {
	want := map[string]*big.Int{}
	add := func(a string, v *big.Int) {
		a = strings.ToLower(a)
		if want[a] == nil {
			want[a] = new(big.Int)
		}
		want[a].Add(want[a], v)
	}
	hexAddr := func(id chain.AddrID) string { return "0x" + hex.EncodeToString(addrs.Key(uint32(id))) }
	for _, b := range bs {
		for _, tr := range b.Transfers {
			if tr.Asset == chain.Native {
				add(hexAddr(tr.From), new(big.Int).Neg(tr.Amount.Big()))
				add(hexAddr(tr.To), tr.Amount.Big())
			}
		}
	}
	for _, r := range recs {
		base := bigHex(t, str(r.Block, "baseFeePerGas"))
		for k, rc := range r.Receipts {
			used, price := bigHex(t, str(rc, "gasUsed")), bigHex(t, str(rc, "effectiveGasPrice"))
			from := str(r.Block["transactions"].([]any)[k].(map[string]any), "from")
			add(from, new(big.Int).Neg(new(big.Int).Mul(used, price)))
			add(str(r.Block, "miner"), new(big.Int).Mul(used, new(big.Int).Sub(price, base)))
		}
	}
	if len(want) < 8 {
		t.Fatalf("only %d addresses moved value", len(want))
	}
	for a, delta := range want {
		var before, after string
		g.Call(&before, "eth_getBalance", a, hexQ(s.from-1))
		g.Call(&after, "eth_getBalance", a, hexQ(s.to))
		got := new(big.Int).Sub(bigHex(t, after), bigHex(t, before))
		if got.Cmp(delta) != 0 {
			t.Errorf("%s: balance changed by %s on the node, by %s in vigil's moves and fees", a, got, delta)
		}
	}
}

// checkTokens compares token sums with balanceOf.
func checkTokens(t *testing.T, g *gethtest.Node, s *scenario, bs []chain.AccountBlock, addrs, tokens *chain.MapInterner) {
	sum := map[string]*big.Int{}
	n := 0
	for _, b := range bs {
		for _, tr := range b.Transfers {
			if tr.Kind != chain.KindToken {
				continue
			}
			n++
			if hex.EncodeToString(tokens.Key(uint32(tr.Asset))) != s.token {
				t.Errorf("token move of asset %x", tokens.Key(uint32(tr.Asset)))
			}
			for _, side := range []struct {
				id   chain.AddrID
				sign int64
			}{{tr.From, -1}, {tr.To, 1}} {
				a := hex.EncodeToString(addrs.Key(uint32(side.id)))
				if sum[a] == nil {
					sum[a] = new(big.Int)
				}
				sum[a].Add(sum[a], new(big.Int).Mul(tr.Amount.Big(), big.NewInt(side.sign)))
			}
		}
	}
	if n != 6+40 {
		t.Errorf("%d token moves, want 46 (mint, five transfers and 40 of the busy rounds; failed ones move nothing)", n)
	}
	for a, v := range sum {
		if a == strings.Repeat("0", 40) {
			continue // the mint's sender
		}
		var out string
		g.Call(&out, "eth_call", map[string]any{"to": "0x" + s.token, "data": gethtest.BalanceOfCall(a)}, hexQ(s.to))
		if got := bigHex(t, out); got.Cmp(v) != 0 {
			t.Errorf("token balance of %s: node %s, vigil %s", a, got, v)
		}
	}
}

// checkCases checks the moves of each kind of transaction.
func checkCases(t *testing.T, s *scenario, bs []chain.AccountBlock, addrs *chain.MapInterner) {
	byTx := map[string][]chain.AccountTransfer{}
	failed := map[string]bool{}
	for _, b := range bs {
		for _, tr := range b.Transfers {
			if tr.TxIndex != chain.NoTx {
				h := b.Txs[tr.TxIndex].Hash.String()
				byTx[h] = append(byTx[h], tr)
			}
		}
		for _, tx := range b.Txs {
			failed[tx.Hash.String()] = tx.Failed
		}
	}
	name := func(id chain.AddrID) string { return hex.EncodeToString(addrs.Key(uint32(id))) }
	type mv struct {
		kind chain.TransferKind
		to   string
		amt  uint64
	}
	for _, c := range []struct {
		what, tx string
		failed   bool
		want     []mv
	}{
		{"payment", s.pay, false, []mv{{chain.KindTx, alice, 1e18}}},
		{"failed token transfer", s.tokFail, true, nil},
		{"forward", s.fwd, false, []mv{{chain.KindTx, s.fwdAddr, 5e15}, {chain.KindInternal, carol, 5e15}}},
		{"nested forward", s.nested, false, []mv{{chain.KindTx, s.fwd2Addr, 7e15}, {chain.KindInternal, s.fwdAddr, 7e15}, {chain.KindInternal, carol, 7e15}}},
		{"failed internal call", s.fwdFail, false, []mv{{chain.KindTx, s.failAddr, 3e15}}},
		{"failed transaction", s.revert, true, nil},
		{"delegatecall", s.delegate, false, []mv{{chain.KindTx, s.dlgAddr, 2e15}, {chain.KindInternal, carol, 2e15}}},
		{"selfdestruct", s.selfdestruct, false, []mv{{chain.KindTx, s.sdAddr, 4e15}, {chain.KindSelfdestruct, bob, 4e15}}},
		{"internal CREATE", s.create, false, []mv{{chain.KindTx, s.factory, 6e15}, {chain.KindInternal, "", 6e15}}},
		{"internal CREATE2", s.create2, false, []mv{{chain.KindTx, s.factory2, 8e15}, {chain.KindInternal, "", 8e15}}},
	} {
		got := byTx[c.tx]
		if failed[c.tx] != c.failed || len(got) != len(c.want) {
			t.Errorf("%s: failed %v, %d moves %+v; want failed %v, %d moves", c.what, failed[c.tx], len(got), got, c.failed, len(c.want))
			continue
		}
		for i, w := range c.want {
			if got[i].Kind != w.kind || (w.to != "" && name(got[i].To) != w.to) || got[i].To == chain.NoAddr || got[i].Amount != chain.U64(w.amt) || got[i].Pos != uint32(i) {
				t.Errorf("%s: move %d is %+v to %s, want %+v", c.what, i, got[i], name(got[i].To), w)
			}
		}
	}
	if c := byTx[s.createValue]; len(c) != 1 || c[0].Kind != chain.KindTx || c[0].Amount != chain.U64(9e15) {
		t.Errorf("creation with value: %+v", c)
	}
}
