package watch

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/live"
	"github.com/vigil-project/vigil/internal/live/btcdtest"
	"github.com/vigil-project/vigil/internal/live/btcrpc"
	"github.com/vigil-project/vigil/internal/store"
)

// TestLiveReorgOrphans follows a real btcd (simnet) through a reorg with
// a watch on the miner address, which every coinbase pays: the alerts of
// the two blocks the reorg removes become orphaned, the new branch's four
// blocks raise their own (with their hashes), and every stored block has
// exactly one live alert, with its confirmations counted to the final
// tip (0 for the orphaned ones). Skips without btcd (.ci/install.d).
func TestLiveReorgOrphans(t *testing.T) {
	if testing.Short() {
		t.Skip("starts btcd")
	}
	btc, _ := chain.Lookup("btc")
	a, b := btcdtest.Start(t), btcdtest.Start(t)
	a.Generate(101)
	b.Connect(a)
	b.WaitTip(a.BlockAt(101).Hash)
	b.Stop()
	a.Generate(2)
	st := openStore(t, t.TempDir())
	if _, _, err := Add(st, Spec{Chain: btc, Addresses: []string{btcdtest.MinerAddr}}, t0); err != nil {
		t.Fatal(err)
	}
	node, err := btcrpc.New(a.URL, btcrpc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tips := make(chan uint64, 100)
	seen := func(_ context.Context, _ *store.Store, _ chain.Info, tip uint64) error { tips <- tip; return nil }
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var runErr error
	go func() {
		_, runErr = live.Run(ctx, st, node, live.Options{Chain: btc, Follow: true, Poll: 20 * time.Millisecond,
			Hooks: []live.Hook{Process, seen}})
		close(done)
	}()
	defer func() { cancel(); <-done }()
	waitTip := func(want uint64) { t.Helper(); btcdtest.WaitHookTip(t, tips, want) }
	waitTip(103)
	old := map[uint64]string{102: a.BlockAt(102).Hash, 103: a.BlockAt(103).Hash}
	b.Restart()
	long := b.Generate(4)
	a.Connect(b)
	a.WaitTip(long[3])
	waitTip(101)
	waitTip(105)
	cancel()
	<-done
	if !errors.Is(runErr, context.Canceled) {
		t.Fatalf("follower ended with %v", runErr)
	}
	checkReorgAlerts(t, st, a, old)
}

func checkReorgAlerts(t *testing.T, st *store.Store, a *btcdtest.Node, old map[uint64]string) {
	t.Helper()
	liveAt := map[uint64]int{}
	orphaned := 0
	for _, al := range mustAlerts(t, st, Filter{}) {
		if al.To != btcdtest.MinerAddr {
			continue
		}
		if al.Status == store.AlertOrphaned {
			if old[al.Block] != al.BlockHash {
				t.Errorf("orphaned alert %s in block %d hash %s is not of the old branch", al.ID, al.Block, al.BlockHash)
			}
			orphaned++
			if al.Confirmations != 0 {
				t.Errorf("orphaned alert %s has %d confirmations, want 0", al.ID, al.Confirmations)
			}
			continue
		}
		if want := 105 - al.Block + 1; al.Confirmations != want {
			t.Errorf("live alert %s in block %d has %d confirmations, want %d (tip 105)", al.ID, al.Block, al.Confirmations, want)
		}
		if h := a.BlockAt(al.Block).Hash; al.BlockHash != h {
			t.Errorf("live alert %s in block %d has hash %s, the chain %s", al.ID, al.Block, al.BlockHash, h)
		}
		liveAt[al.Block]++
	}
	if orphaned != 2 {
		t.Errorf("%d orphaned coinbase alerts, want 2 (blocks 102, 103)", orphaned)
	}
	for n := uint64(1); n <= 105; n++ {
		if liveAt[n] != 1 {
			t.Errorf("block %d has %d live coinbase alerts, want 1", n, liveAt[n])
		}
	}
}
