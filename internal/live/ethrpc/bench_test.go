package ethrpc

import (
	"context"
	"encoding/json"
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest/ethetl"
	"github.com/vigil-project/vigil/internal/live/ethrpc/gethtest"
)

// rawBlock is one block's raw results, as the node sends them.
type rawBlock struct {
	num           uint64
	blk, rcs, trs []byte
}

func rawRecorded(b *testing.B) ([]rawBlock, int) {
	recs := loadRecorded(b, "testdata/geth_blocks.json")
	var out []rawBlock
	bytes := 0
	for _, r := range recs {
		var rb rawBlock
		rb.blk, _ = json.Marshal(r.Block)
		rb.rcs, _ = json.Marshal(r.Receipts)
		rb.trs, _ = json.Marshal(r.Traces)
		rb.num, _ = quantity(str(r.Block, "number"))
		bytes += len(rb.blk) + len(rb.rcs) + len(rb.trs)
		out = append(out, rb)
	}
	return out, bytes
}

// BenchmarkConvert measures decoding and converting the recorded geth
// responses (JSON results to chain blocks), and, as the reference, ethetl
// parsing the ethereum-etl export of the same blocks.
func BenchmarkConvert(b *testing.B) {
	raws, size := rawRecorded(b)
	b.Run("rpc", func(b *testing.B) {
		b.SetBytes(int64(size))
		var addrs, tokens chain.MapInterner
		transfers := 0
		cpu := cpuSeconds()
		for b.Loop() {
			bs := make([]*block, len(raws))
			for i, r := range raws {
				var err error
				if bs[i], err = decodeJSON(r.num, r.blk, r.rcs, r.trs, true); err != nil {
					b.Fatal(err)
				}
			}
			for _, cb := range convert(bs, &addrs, &tokens) {
				transfers += len(cb.Transfers)
			}
		}
		report(b, len(raws), transfers)
		b.ReportMetric(float64(len(raws)*b.N)/(cpuSeconds()-cpu), "blocks/cpu-s")
	})
	b.Run("ethetl-csv", func(b *testing.B) {
		dir := b.TempDir()
		writeETL(b, dir, loadRecorded(b, "testdata/geth_blocks.json"), true)
		var addrs, tokens chain.MapInterner
		transfers := 0
		cpu := cpuSeconds()
		for b.Loop() {
			bs, err := ethetl.ParseDir(dir, ethetl.Options{Addrs: &addrs, Tokens: &tokens})
			if err != nil {
				b.Fatal(err)
			}
			for _, cb := range bs {
				transfers += len(cb.Transfers)
			}
		}
		report(b, len(raws), transfers)
		b.ReportMetric(float64(len(raws)*b.N)/(cpuSeconds()-cpu), "blocks/cpu-s")
	})
}

// report adds blocks/s and transfers/s (wall clock).
func report(b *testing.B, blocks, transfers int) {
	s := b.Elapsed().Seconds()
	b.ReportMetric(float64(blocks*b.N)/s, "blocks/s")
	b.ReportMetric(float64(transfers)/s, "transfers/s")
}

// cpuSeconds is the process's user+system CPU time: on a shared machine
// blocks per CPU second says more than blocks per wall second.
func cpuSeconds() float64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

// BenchmarkGethBackfill measures AccountBlocks over the end-to-end
// scenario's blocks from a local geth --dev, at several concurrencies.
func BenchmarkGethBackfill(b *testing.B) {
	g := gethtest.Start(b)
	s := run(b, g)
	for _, c := range []struct{ conc, batch int }{{1, 1}, {1, 8}, {4, 8}} {
		b.Run(fmt.Sprintf("concurrency=%d/batch=%d", c.conc, c.batch), func(b *testing.B) {
			n, err := New(g.URL, Options{Concurrency: c.conc, BatchBlocks: c.batch})
			if err != nil {
				b.Fatal(err)
			}
			var addrs, tokens chain.MapInterner
			transfers := 0
			for b.Loop() {
				bs, err := n.AccountBlocks(context.Background(), s.from, s.to, &addrs, &tokens)
				if err != nil {
					b.Fatal(err)
				}
				for _, cb := range bs {
					transfers += len(cb.Transfers)
				}
			}
			report(b, int(s.to-s.from+1), transfers)
		})
	}
}
