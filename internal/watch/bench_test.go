package watch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/ingest"
	"github.com/vigil-project/vigil/internal/sim"
	"github.com/vigil-project/vigil/internal/store"
)

// benchStore ingests a simulated heist with a large background and its
// labels, with an address watch (following taint) on its seeds added
// first, so that every change is the watch's to scan.
func benchStore(b *testing.B) (*store.Store, uint64) {
	b.Helper()
	dir := b.TempDir()
	var truth sim.Truth
	sum, err := sim.Eth(dir, sim.Config{Seed: 7, Background: 200000})
	if err != nil {
		b.Fatal(err)
	}
	h := heist{dir: dir, first: sum.FirstBlock, last: sum.LastBlock}
	if err := readTruth(dir, &truth); err != nil {
		b.Fatal(err)
	}
	h.truth = truth
	st := openStore(b, b.TempDir())
	importHeistIntel(b, st, h)
	if _, _, err := Add(st, Spec{Chain: eth, Addresses: truth.Seeds, Follow: true}, t0); err != nil {
		b.Fatal(err)
	}
	if _, err := ingest.EthereumETL(st, h.dir, ingest.Options{Chain: eth}); err != nil {
		b.Fatal(err)
	}
	n, err := st.Counts(eth)
	if err != nil {
		b.Fatal(err)
	}
	return st, uint64(n.Transfers)
}

// rewind sets the processor's cursor back to the start (the alerts stay:
// processing again finds them by their dedupe keys).
func rewind(b *testing.B, st *store.Store) {
	wb := st.NewWatchBatch()
	if err := wb.SetWatchCursor(eth, 0); err != nil {
		b.Fatal(err)
	}
	if err := wb.Commit(); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkProcess measures the processor's scan of every block of the
// chain against a watch (moves/s), with the naive scan (every block
// decoded in full, a map lookup per move) as the baseline.
func BenchmarkProcess(b *testing.B) {
	st, moves := benchStore(b)
	b.Run("processor", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			rewind(b, st)
			b.StartTimer()
			if _, err := ProcessStats(context.Background(), st, eth, 0); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(mustAlerts(b, st, Filter{}))), "alerts")
		b.ReportMetric(float64(moves)*float64(b.N)/b.Elapsed().Seconds(), "moves/s")
	})
	b.Run("naive", func(b *testing.B) {
		watched := map[chain.AddrID]bool{1: true, 2: true}
		for b.Loop() {
			hits := 0
			err := st.ScanAccount(eth, 0, ^uint64(0), func(blk *chain.AccountBlock) error {
				for _, m := range blk.Transfers {
					if watched[m.From] || watched[m.To] {
						hits++
					}
				}
				return nil
			})
			if err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(moves)*float64(b.N)/b.Elapsed().Seconds(), "moves/s")
	})
}

// BenchmarkAlertLatency measures commit-to-webhook latency: each
// iteration commits one block with a move from a watched address, runs
// the post-commit hook as the live follower does, and waits until the
// local receiver has the alert (delivery loop at its default poll).
func BenchmarkAlertLatency(b *testing.B) {
	got := make(chan struct{}, 16)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- struct{}{}
	}))
	defer srv.Close()
	st := openStore(b, b.TempDir())
	watchedAddr := chain.EVMAddress{0xaa}
	if _, _, err := Add(st, Spec{Chain: eth, Addresses: []string{watchedAddr.String()}, Webhook: srv.URL, Secret: "s"}, t0); err != nil {
		b.Fatal(err)
	}
	d := NewDeliverer(st)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	hook := d.Hook()
	var lat []time.Duration
	n := uint64(1)
	for b.Loop() {
		t := time.Now()
		commitMove(b, st, n, watchedAddr)
		if err := hook(context.Background(), st, eth, n); err != nil {
			b.Fatal(err)
		}
		<-got
		lat = append(lat, time.Since(t))
		n++
	}
	cancel()
	if err := <-done; err != nil {
		b.Fatal(err)
	}
	slices.Sort(lat)
	b.ReportMetric(float64(lat[len(lat)/2].Microseconds())/1000, "p50-ms")
	b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	b.ReportMetric(float64(lat[len(lat)-1].Microseconds())/1000, "max-ms")
}

// commitMove commits block n with one transaction moving 1 ETH from
// `from` to a fresh address.
func commitMove(b *testing.B, st *store.Store, n uint64, from chain.EVMAddress) {
	addrs, err := st.Addresses(eth)
	if err != nil {
		b.Fatal(err)
	}
	tokens, err := st.Tokens(eth)
	if err != nil {
		b.Fatal(err)
	}
	to := chain.EVMAddress{0xbb, byte(n >> 16), byte(n >> 8), byte(n)}
	f, t := chain.AddrID(addrs.Intern(from[:])), chain.AddrID(addrs.Intern(to[:]))
	h := chain.Hash{0xcc, byte(n >> 16), byte(n >> 8), byte(n)}
	v := chain.U64(1e18)
	blk := chain.AccountBlock{Header: chain.BlockHeader{Number: n, Hash: h, Time: 1700000000 + int64(n)},
		Parts: chain.PartTxs | chain.PartTxNative | chain.PartHeader, TxCount: 1,
		Txs:       []chain.AccountTx{{Block: n, Hash: chain.Hash{0xdd, byte(n >> 16), byte(n >> 8), byte(n)}, From: f, To: t, Value: v}},
		Transfers: []chain.AccountTransfer{{Block: n, Kind: chain.KindTx, From: f, To: t, Amount: v}}}
	if _, err := st.CommitAccount(eth, addrs, tokens, []chain.AccountBlock{blk}, nil); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkProcessBigWatch measures one hook call after a one-block
// commit when a watch holds 10,000 addresses (the watched set is loaded
// from the store on every call).
func BenchmarkProcessBigWatch(b *testing.B) {
	st, _ := benchStore(b)
	d, err := st.Addresses(eth)
	if err != nil {
		b.Fatal(err)
	}
	var addrs []string
	for id := 1; id <= 10000; id++ {
		a, err := store.AddressName(eth, d, chain.AddrID(id))
		if err != nil {
			b.Fatal(err)
		}
		addrs = append(addrs, a)
	}
	if _, _, err := Add(st, Spec{Chain: eth, Addresses: addrs}, t0); err != nil {
		b.Fatal(err)
	}
	if err := Process(context.Background(), st, eth, 0); err != nil {
		b.Fatal(err)
	}
	n := lastBlock(b, st) + 1
	from, err := chain.ParseEVMAddress([]byte(addrs[0]))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		b.StopTimer()
		commitMove(b, st, n, from)
		b.StartTimer()
		if err := Process(context.Background(), st, eth, n); err != nil {
			b.Fatal(err)
		}
		n++
	}
}
