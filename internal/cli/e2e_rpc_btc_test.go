package cli_test

import (
	"encoding/json"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/live/btcdtest"
)

// btcdChain mines on a real btcd (simnet) blocks with payments with
// change, an OP_RETURN output, a transaction with two inputs and address
// reuse, and a spend of an output of the block before.
func btcdChain(t *testing.T, n *btcdtest.Node) []string {
	n.Generate(103)
	cb := n.CoinbaseOf(1)
	tx1, c1 := n.Spend([]btcdtest.Coin{cb}, []btcdtest.Out{
		{Redeem: btcdtest.Redeem(1), Value: 1000000000},
		{Redeem: btcdtest.Redeem(2), Value: cb.Value - 1000000000 - 10000},
		{Data: []byte("vigil"), Value: 0},
	})
	tx2, _ := n.Spend([]btcdtest.Coin{n.CoinbaseOf(2), n.CoinbaseOf(3)}, []btcdtest.Out{
		{Redeem: btcdtest.Redeem(1), Value: 2*cb.Value - 20000},
	})
	n.Generate(1)
	tx3, _ := n.Spend([]btcdtest.Coin{c1[1]}, []btcdtest.Out{
		{Redeem: btcdtest.Redeem(3), Value: 500000000},
		{Redeem: btcdtest.Redeem(4), Value: c1[1].Value - 500000000 - 10000},
	})
	n.Generate(2)
	return []string{tx1, tx2, tx3}
}

// nodeRef builds reference totals and counts from what the node says.
func nodeRef(t *testing.T, n *btcdtest.Node) (*ref, int64, int64) {
	r := newRef()
	type op struct {
		tx string
		i  uint32
	}
	outs := map[op][2]string{}
	var txs, moves int64
	for h := uint64(0); h <= n.Tip(); h++ {
		b := n.BlockAt(h)
		for _, tx := range b.Txs {
			txs++
			for _, in := range tx.Vin {
				if in.Coinbase != "" {
					continue
				}
				s := outs[op{in.Txid, in.Vout}]
				r.move(s[0], "", "btc", bigStr(t, s[1]))
				r.moves--
			}
			for _, o := range tx.Vout {
				moves++
				addr := strings.Join(o.ScriptPubKey.Addresses, ",")
				if addr == "" {
					addr = "nonstandard" // checked apart
				}
				v := strconv.FormatUint(uint64(o.Value*1e8+0.5), 10)
				outs[op{tx.Txid, o.N}] = [2]string{addr, v}
				if addr != "nonstandard" {
					r.move("", addr, "btc", bigStr(t, v))
				}
			}
		}
	}
	return r, txs, moves
}

func bigStr(t *testing.T, s string) *big.Int {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		t.Fatalf("bad number %q", s)
	}
	return v
}

// TestIngestRPCBtcd ingests a real btcd's chain and compares the store
// with what the node says: counts, every address's totals, transactions.
func TestIngestRPCBtcd(t *testing.T) {
	n := btcdtest.Start(t)
	txids := btcdChain(t, n)
	v := newVigil(t)
	var res struct {
		Blocks    int64  `json:"blocks_written"`
		LastBlock *int64 `json:"last_block"`
	}
	v.json(&res, "ingest", "rpc", "--chain", "btc", "--url", n.URL, "--quiet", "--fetch-blocks", "7")
	tip := n.Tip()
	if res.Blocks != int64(tip+1) || res.LastBlock == nil || *res.LastBlock != int64(tip) {
		t.Fatalf("ingest: %+v, node tip %d", res, tip)
	}
	r, txs, moves := nodeRef(t, n)
	st := v.stats()["btc"]
	if st.Blocks != int64(tip+1) || st.Transactions != txs || st.Transfers != moves {
		t.Fatalf("stats %+v; node: %d blocks, %d txs, %d outputs", st, tip+1, txs, moves)
	}
	v.checkRef("btc", r)
	for _, h := range txids {
		if d := v.tx("btc", h); d.Hash != h || d.Block < 104 {
			t.Errorf("tx %s: %+v", h, d)
		}
	}
	// Again: nothing new, nothing changed.
	before := v.snapshot()
	v.json(&res, "ingest", "rpc", "--chain", "btc", "--url", n.URL, "--quiet")
	if res.Blocks != 0 || v.snapshot() != before {
		t.Fatalf("second ingest wrote %d blocks", res.Blocks)
	}
}

// forkedNodes returns node a with 102 blocks (block 102 holds a payment,
// whose txid is returned) and node b that shares blocks 0..101 with a
// and is stopped, ready to mine a competing branch.
func forkedNodes(t *testing.T) (a, b *btcdtest.Node, tx string) {
	a, b = btcdtest.Start(t), btcdtest.Start(t)
	a.Generate(101)
	b.Connect(a)
	b.WaitTip(a.BlockAt(101).Hash)
	b.Stop() // b goes its own way from block 101
	tx, _ = a.Spend([]btcdtest.Coin{a.CoinbaseOf(1)}, []btcdtest.Out{{Redeem: btcdtest.Redeem(9), Value: 4000000000}})
	a.Generate(1)
	return a, b, tx
}

// reorgTo mines k blocks on b and makes a switch to them.
func reorgTo(a, b *btcdtest.Node, k int) {
	b.Restart()
	long := b.Generate(k)
	a.Connect(b)
	a.WaitTip(long[k-1])
}

// traceOut runs a forward trace from the miner and drops timings.
func traceOut(v *vigil) string {
	out := v.ok("trace", "--chain", "btc", "--seed", btcdtest.MinerAddr, "--json")
	var doc map[string]any
	decodeOne(v.t, out, &doc)
	for k := range doc {
		if strings.Contains(k, "elapsed") || strings.HasSuffix(k, "_ms") {
			delete(doc, k)
		}
	}
	b, _ := json.Marshal(doc)
	return string(b)
}

// TestIngestRPCReorg follows a node that switches to a longer branch mined
// by a second node: the orphaned block (with a payment) is rolled back,
// the new branch ingested, and the store (stats, every address, traces
// through the updated graph index) equals a fresh ingest.
func TestIngestRPCReorg(t *testing.T) {
	a, b, tx := forkedNodes(t)
	v := newVigil(t)
	v.ok("ingest", "rpc", "--chain", "btc", "--url", a.URL, "--quiet")
	if d := v.tx("btc", tx); d.Block != 102 {
		t.Fatalf("payment in block %d", d.Block)
	}
	traceOut(v) // builds the graph index with block 102
	reorgTo(a, b, 3)
	var res struct {
		Reorgs     int   `json:"reorgs"`
		RolledBack int64 `json:"blocks_rolled_back"`
		Blocks     int64 `json:"blocks_written"`
	}
	v.json(&res, "ingest", "rpc", "--chain", "btc", "--url", a.URL, "--quiet")
	if res.Reorgs != 1 || res.RolledBack != 1 || res.Blocks != 3 {
		t.Fatalf("after the reorg: %+v", res)
	}
	if code, _, _ := v.run("tx", "--chain", "btc", tx); code == 0 {
		t.Fatal("the orphaned payment is still in the store")
	}
	fresh := newVigil(t)
	fresh.ok("ingest", "rpc", "--chain", "btc", "--url", a.URL, "--quiet")
	r, _, _ := nodeRef(t, a)
	v.checkRef("btc", r)
	if got, want := v.snapshot(), fresh.snapshot(); got != want {
		t.Fatalf("store after reorg differs from a fresh ingest:\n%s\n%s", got, want)
	}
	if got, want := traceOut(v), traceOut(fresh); got != want {
		t.Fatalf("trace after reorg differs from a fresh ingest:\n%s\n%s", got, want)
	}
}

// TestIngestRPCReorgBelowFinal refuses a reorg that would remove a final
// block (--confirmations 1: every stored block is final) and keeps the
// store as it was.
func TestIngestRPCReorgBelowFinal(t *testing.T) {
	a, b, tx := forkedNodes(t)
	v := newVigil(t)
	v.ok("ingest", "rpc", "--chain", "btc", "--url", a.URL, "--quiet")
	before := v.snapshot()
	reorgTo(a, b, 2)
	code, _, errs := v.run("ingest", "rpc", "--chain", "btc", "--url", a.URL, "--quiet", "--confirmations", "1")
	if code != 1 || !strings.Contains(errs, "deeper than the final depth") || !strings.Contains(errs, "block 102") {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	if v.snapshot() != before || v.tx("btc", tx).Block != 102 {
		t.Fatal("store changed by a refused reorg")
	}
}
