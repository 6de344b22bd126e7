package ethrpc

import (
	"context"
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
	factory, factory2, create, create2           string
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
	s.factory = g.Deploy(gethtest.FactoryCode(false), 0)
	s.create = hashOf(g.Send("0x"+s.factory, 6e15, nil))
	s.factory2 = g.Deploy(gethtest.FactoryCode(true), 0)
	s.create2 = hashOf(g.Send("0x"+s.factory2, 8e15, nil))
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
