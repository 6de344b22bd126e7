package ethrpc

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"math/big"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/live/ethrpc/gethtest"
)

var update = flag.Bool("update", false, "rewrite testdata/geth_blocks.json from the geth run")

// Fixed addresses without keys that receive value in the scenario.
const (
	alice = "00000000000000000000000000000000000a11ce"
	bob   = "0000000000000000000000000000000000000b0b"
	carol = "000000000000000000000000000000000000ca01"
)

// scenario is what the end-to-end test did on the node.
type scenario struct {
	from, to                                     uint64
	token                                        string
	pay, mint, tokFail, fwd, nested, fwdFail     string // transaction hashes
	revert, delegate, createValue, selfdestruct  string
	fwdAddr, fwd2Addr, failAddr, dlgAddr, sdAddr string
}

// supply is the token's minted supply (hex, 32 bytes).
const supply = "00000000000000000000000000000000000000000000d3c21bcecceda1000000" // 1e24

// run makes the end-to-end transactions: payments, an ERC-20, value
// forwarded by internal calls (nested, delegated), a failed transaction, a
// failed internal call, a creation with value and a selfdestruct.
func run(t testing.TB, g *gethtest.Node) *scenario {
	s := &scenario{from: g.Tip() + 1}
	hashOf := func(r map[string]any) string { return str(r, "transactionHash") }
	s.pay = hashOf(g.Send("0x"+alice, 1e18, nil))
	g.Send("0x"+bob, 12345, nil)
	r := g.Send("", 0, gethtest.TokenCode(supply))
	s.token, s.mint = strings.TrimPrefix(str(r, "contractAddress"), "0x"), hashOf(r)
	g.Send("0x"+s.token, 0, gethtest.TokenCall(alice, big.NewInt(1000)))
	g.Send("0x"+s.token, 0, gethtest.TokenCall(bob, big.NewInt(250)))
	s.tokFail = hashOf(g.Send("0x"+s.token, 7, gethtest.TokenCall(bob, new(big.Int).Lsh(big.NewInt(1), 81)))) // more than the supply: reverts
	s.fwdAddr = g.Deploy(gethtest.ForwarderCode(carol), 0)
	s.fwd = hashOf(g.Send("0x"+s.fwdAddr, 5e15, nil))
	s.fwd2Addr = g.Deploy(gethtest.ForwarderCode(s.fwdAddr), 0)
	s.nested = hashOf(g.Send("0x"+s.fwd2Addr, 7e15, nil))
	rev := g.Deploy(gethtest.ReverterCode(), 0)
	s.failAddr = g.Deploy(gethtest.ForwarderCode(rev), 0)
	s.fwdFail = hashOf(g.Send("0x"+s.failAddr, 3e15, nil))
	s.revert = hashOf(g.Send("0x"+rev, 1e15, nil))
	s.dlgAddr = g.Deploy(gethtest.DelegatorCode(s.fwdAddr), 0)
	s.delegate = hashOf(g.Send("0x"+s.dlgAddr, 2e15, nil))
	s.createValue = hashOf(g.Send("", 9e15, gethtest.ForwarderCode(carol)))
	s.sdAddr = g.Deploy(gethtest.DestructorCode(bob), 0)
	s.selfdestruct = hashOf(g.Send("0x"+s.sdAddr, 4e15, nil))
	rs := g.SendMany([]gethtest.Tx{
		{To: alice, Value: 11}, {To: s.token, Data: gethtest.TokenCall(carol, big.NewInt(3))}, {To: s.fwd2Addr, Value: 13},
		{To: s.failAddr, Value: 17}, {To: s.token, Data: gethtest.TokenCall(alice, big.NewInt(1<<40))}, {To: s.dlgAddr, Value: 19},
		{To: bob, Value: 23}, {To: s.token, Value: 1, Data: gethtest.TokenCall(carol, big.NewInt(1))},
	})
	blocks := map[string]bool{}
	for _, r := range rs {
		blocks[str(r, "blockNumber")] = true
	}
	t.Logf("%d transactions of one batch mined in %d blocks", len(rs), len(blocks))
	busy(t, g, s)
	s.to = g.Tip()
	return s
}

// busy sends mixed transactions in batches so that blocks hold many:
// payments to fresh addresses, token transfers, (nested) forwards, failing
// forwards, delegated forwards and reverting token transfers.
func busy(t testing.TB, g *gethtest.Node, s *scenario) {
	blocks := map[string]bool{}
	n := 0
	for round := 0; round < 4; round++ {
		var txs []gethtest.Tx
		for i := 0; i < 60; i++ {
			to := fmt.Sprintf("%040x", 0xbeef0000+round*100+i%20)
			v := uint64(1000 + round*60 + i)
			switch i % 6 {
			case 0:
				txs = append(txs, gethtest.Tx{To: to, Value: v})
			case 1:
				txs = append(txs, gethtest.Tx{To: s.token, Data: gethtest.TokenCall(to, big.NewInt(int64(v)))})
			case 2:
				txs = append(txs, gethtest.Tx{To: s.fwd2Addr, Value: v})
			case 3:
				txs = append(txs, gethtest.Tx{To: s.failAddr, Value: v})
			case 4:
				txs = append(txs, gethtest.Tx{To: s.dlgAddr, Value: v})
			case 5:
				txs = append(txs, gethtest.Tx{To: s.token, Value: v, Data: gethtest.TokenCall(to, new(big.Int).Lsh(big.NewInt(1), 90))})
			}
		}
		for _, r := range g.SendMany(txs) {
			blocks[str(r, "blockNumber")] = true
			n++
		}
	}
	t.Logf("busy: %d transactions in %d blocks", n, len(blocks))
}

// TestGethEndToEnd drives a real geth --dev and checks AccountBlocks
// against what the node says: hashes, transaction counts and statuses,
// every address's balance change (eth_getBalance) and token balances
// (balanceOf), the expected moves of each case, and the ethetl parse of an
// ethereum-etl export of the same responses.
func TestGethEndToEnd(t *testing.T) {
	g := gethtest.Start(t)
	s := run(t, g)
	n, err := New(g.URL, Options{BatchBlocks: 3, Concurrency: 2})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	var addrs, tokens chain.MapInterner
	bs, err := n.AccountBlocks(ctx, s.from, s.to, &addrs, &tokens)
	if err != nil {
		t.Fatal(err)
	}
	recs := record(g, s.from, s.to)
	checkHeaders(t, g, n, bs, recs)
	checkBalances(t, g, s, bs, recs, &addrs)
	checkTokens(t, g, s, bs, &addrs, &tokens)
	checkCases(t, s, bs, &addrs)
	sameAsETL(t, recs, true)
	sameAsETL(t, recs, false)
	if *update {
		var lines []string // one block per line
		for _, r := range recs {
			b, _ := json.Marshal(r)
			lines = append(lines, string(b))
		}
		if err := os.WriteFile("testdata/geth_blocks.json", []byte("[\n"+strings.Join(lines, ",\n")+"\n]\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}

	t.Run("receipts one by one", func(t *testing.T) {
		n2, _ := New(g.URL, Options{BatchBlocks: 5})
		n2.noBlockReceipts.Store(true)
		var a2, t2 chain.MapInterner
		bs2, err := n2.AccountBlocks(ctx, s.from, s.to, &a2, &t2)
		if err != nil || !reflect.DeepEqual(bs2, bs) || !reflect.DeepEqual(a2.Keys, addrs.Keys) {
			t.Fatalf("with eth_getTransactionReceipt: err %v, same %v", err, reflect.DeepEqual(bs2, bs))
		}
	})
	t.Run("from genesis", func(t *testing.T) {
		// geth refuses to trace block 0 ("genesis is not traceable").
		var a, tk chain.MapInterner
		bs0, err := n.AccountBlocks(ctx, 0, 2, &a, &tk)
		if err != nil || len(bs0) != 3 || len(bs0[0].Txs) != 0 || bs0[0].Header.Number != 0 {
			t.Fatalf("blocks 0..2: %v, %d blocks", err, len(bs0))
		}
		for _, b := range bs0[1:] {
			if k := int64(b.Header.Number) - int64(s.from); k >= 0 && (b.Header != bs[k].Header || len(b.Txs) != len(bs[k].Txs)) {
				t.Errorf("block %d differs read from genesis", b.Header.Number)
			}
		}
	})
	t.Run("no traces", func(t *testing.T) {
		n3, _ := New(g.URL, Options{NoTraces: true})
		var a3, t3 chain.MapInterner
		bs3, err := n3.AccountBlocks(ctx, s.from, s.to, &a3, &t3)
		if err != nil {
			t.Fatal(err)
		}
		for _, b := range bs3 {
			for _, tr := range b.Transfers {
				if tr.Kind != chain.KindTx && tr.Kind != chain.KindToken {
					t.Errorf("block %d: %v move without traces", b.Header.Number, tr.Kind)
				}
			}
			if b.Parts&chain.PartTraceNative != 0 {
				t.Errorf("block %d: PartTraceNative without traces", b.Header.Number)
			}
		}
	})
}

// record fetches the raw responses the test compares against.
func record(g *gethtest.Node, from, to uint64) []recorded {
	var recs []recorded
	for num := from; num <= to; num++ {
		var r recorded
		g.Call(&r.Block, "eth_getBlockByNumber", hexQ(num), true)
		g.Call(&r.Receipts, "eth_getBlockReceipts", hexQ(num))
		g.Call(&r.Traces, "debug_traceBlockByNumber", hexQ(num), callTracer)
		recs = append(recs, r)
	}
	return recs
}

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
	} {
		got := byTx[c.tx]
		if failed[c.tx] != c.failed || len(got) != len(c.want) {
			t.Errorf("%s: failed %v, %d moves %+v; want failed %v, %d moves", c.what, failed[c.tx], len(got), got, c.failed, len(c.want))
			continue
		}
		for i, w := range c.want {
			if got[i].Kind != w.kind || name(got[i].To) != w.to || got[i].Amount != chain.U64(w.amt) || got[i].Pos != uint32(i) {
				t.Errorf("%s: move %d is %+v to %s, want %+v", c.what, i, got[i], name(got[i].To), w)
			}
		}
	}
	if c := byTx[s.createValue]; len(c) != 1 || c[0].Kind != chain.KindTx || c[0].Amount != chain.U64(9e15) {
		t.Errorf("creation with value: %+v", c)
	}
}
