package cli_test

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/live/btcdtest"
	"github.com/vigil-project/vigil/internal/live/btcrpc"
)

// fanChain mines a chain with many transfers on n: 420 blocks, then 20
// blocks of 10 transactions paying 100 outputs each, then 20 blocks that
// gather those outputs again (20 inputs each). It returns the tip.
func fanChain(b *testing.B, n *btcdtest.Node) uint64 {
	n.Generate(420)
	var coins []btcdtest.Coin
	for round := 0; round < 20; round++ {
		for k := 0; k < 10; k++ {
			cb := n.CoinbaseOf(uint64(1 + round*10 + k))
			outs := make([]btcdtest.Out, 100)
			for i := range outs {
				outs[i] = btcdtest.Out{Redeem: btcdtest.Redeem(uint32(1000 + (round*1000+k*100+i)%3000)), Value: cb.Value/100 - 100}
			}
			_, made := n.Spend([]btcdtest.Coin{cb}, outs)
			coins = append(coins, made...)
		}
		n.Generate(1)
	}
	for len(coins) >= 20 {
		var sum uint64
		for _, c := range coins[:20] {
			sum += c.Value
		}
		n.Spend(coins[:20], []btcdtest.Out{{Redeem: btcdtest.Redeem(7), Value: sum - 10000}})
		coins = coins[20:]
		if len(coins)%400 == 0 {
			n.Generate(1)
		}
	}
	n.Generate(1)
	return n.Tip()
}

// BenchmarkIngestRPCBtcd measures a backfill of a whole local btcd chain
// (about 460 blocks, 24,000 transfers) through `vigil ingest rpc` into a
// fresh store: blocks/s and transfers/s.
func BenchmarkIngestRPCBtcd(b *testing.B) {
	n := btcdtest.Start(b)
	tip := fanChain(b, n)
	benchIngestRPC(b, "btc", n.URL, tip)
}

// benchIngestRPC runs `vigil ingest rpc --chain name` against url (a
// node whose chain ends at tip) into a fresh store per iteration and
// reports blocks/s and transfers/s, then the node alone: the same blocks
// read and converted, not stored.
func benchIngestRPC(b *testing.B, name, url string, tip uint64) {
	var blocks, transfers int64
	var took time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := newVigil(b)
		var res struct {
			Blocks    int64 `json:"blocks_written"`
			Transfers int64 `json:"transfers"`
		}
		t0 := time.Now()
		v.json(&res, "ingest", "rpc", "--chain", name, "--url", url, "--quiet")
		took += time.Since(t0)
		if res.Blocks != int64(tip+1) {
			b.Fatalf("ingested %d blocks of %d", res.Blocks, tip+1)
		}
		blocks, transfers = blocks+res.Blocks, transfers+res.Transfers
	}
	b.ReportMetric(float64(blocks)/took.Seconds(), "blocks/s")
	b.ReportMetric(float64(transfers)/took.Seconds(), "transfers/s")
	node, err := btcrpc.New(url, btcrpc.Options{})
	if err != nil {
		b.Fatal(err)
	}
	t0 := time.Now()
	for lo := uint64(0); lo <= tip; lo += 64 {
		if _, err := node.UTXOBlocks(context.Background(), lo, min(lo+63, tip), &chain.MapInterner{}); err != nil {
			b.Fatal(err)
		}
	}
	el := time.Since(t0).Seconds()
	b.ReportMetric(float64(tip+1)/el, "node-only-blocks/s")
	b.ReportMetric(float64(transfers)/float64(b.N)/el, "node-only-transfers/s")
}
