package cli_test

import (
	"math/rand/v2"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/live/btcdtest"
)

// busyChain mines about 300 blocks on n, 40 of them with a payment with
// change, so a backfill takes many commits.
func busyChain(t *testing.T, n *btcdtest.Node) {
	n.Generate(140)
	for i := uint64(1); i <= 40; i++ {
		cb := n.CoinbaseOf(i)
		n.Spend([]btcdtest.Coin{cb}, []btcdtest.Out{
			{Redeem: btcdtest.Redeem(uint32(100 + i)), Value: 100000000 * i},
			{Redeem: btcdtest.Redeem(uint32(i % 7)), Value: cb.Value - 100000000*i - 5000},
		})
		n.Generate(1)
	}
	n.Generate(120)
}

// TestIngestRPCKilled kills vigil (SIGKILL) at random points of a backfill
// that commits every few blocks, restarts it until it finishes, and
// compares the store with one ingested in a single run: nothing lost,
// nothing counted twice.
func TestIngestRPCKilled(t *testing.T) {
	n := btcdtest.Start(t)
	busyChain(t, n)
	ref := newVigil(t)
	ref.ok("ingest", "rpc", "--chain", "btc", "--url", n.URL, "--quiet")
	v := newVigil(t)
	seed := uint64(time.Now().UnixNano())
	t.Logf("kill points seed %d", seed)
	r := rand.New(rand.NewPCG(seed, 1))
	kills := 0
	for run := 0; ; run++ {
		if run > 200 {
			t.Fatal("backfill did not finish in 200 runs")
		}
		p := startVigil(t, v.data, "ingest", "rpc", "--chain", "btc", "--url", n.URL,
			"--fetch-blocks", "3", "--workers", "2", "--commit-every", "1ns")
		select {
		case <-p.done:
		case <-time.After(time.Duration(5+r.IntN(150+10*run)) * time.Millisecond):
			// The window widens run by run, so a loaded machine (slow
			// process starts) still lets the backfill finish.
			p.cmd.Process.Signal(syscall.SIGKILL)
			<-p.done
			kills++
			continue
		}
		if p.code != 0 {
			t.Fatalf("run %d: exit %d:\n%s", run, p.code, p.Stderr())
		}
		break
	}
	t.Logf("%d kills before the backfill finished", kills)
	if kills == 0 {
		t.Log("no kill landed (the backfill was faster than every kill point)")
	}
	r2, _, _ := nodeRef(t, n)
	v.checkRef("btc", r2)
	if got, want := v.snapshot(), ref.snapshot(); got != want {
		t.Fatalf("after kills:\n%s\nsingle run:\n%s", got, want)
	}
	if _, err := os.Stat(v.data); err != nil {
		t.Fatal(err)
	}
}

// TestIngestRPCFollowReorg runs `ingest rpc --follow` as a process while
// the node it follows switches to a longer branch; the follower rolls the
// orphaned block back, ingests the branch, and stops cleanly on SIGTERM.
func TestIngestRPCFollowReorg(t *testing.T) {
	a, b := btcdtest.Start(t), btcdtest.Start(t)
	a.Generate(101)
	b.Connect(a)
	b.WaitTip(a.BlockAt(101).Hash)
	b.Stop()
	v := newVigil(t)
	p := startVigil(t, v.data, "ingest", "rpc", "--chain", "btc", "--url", a.URL, "--follow", "--poll", "50ms", "--json")
	p.waitStderr(t, "block 101 of 101")
	tx, _ := a.Spend([]btcdtest.Coin{a.CoinbaseOf(1)}, []btcdtest.Out{{Redeem: btcdtest.Redeem(9), Value: 4000000000}})
	a.Generate(1)
	p.waitStderr(t, "block 102 of 102")
	b.Restart()
	long := b.Generate(3)
	a.Connect(b)
	a.WaitTip(long[2])
	p.waitStderr(t, "rolled back blocks 102..102")
	p.waitStderr(t, "block 104 of 104")
	p.cmd.Process.Signal(syscall.SIGTERM)
	if code := p.wait(t); code != 0 {
		t.Fatalf("follower exit %d after SIGTERM:\n%s", code, p.Stderr())
	}
	if code, _, _ := v.run("tx", "--chain", "btc", tx); code == 0 {
		t.Fatal("the orphaned payment is still in the store")
	}
	r, _, _ := nodeRef(t, a)
	v.checkRef("btc", r)
	if st := v.stats()["btc"]; st.LastBlock != 104 || st.Blocks != 105 {
		t.Fatalf("stats after follow: %+v", st)
	}
}
