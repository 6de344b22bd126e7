package live_test

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/jsonrpc"
	"github.com/vigil-project/vigil/internal/live"
	"github.com/vigil-project/vigil/internal/live/btcdtest"
	"github.com/vigil-project/vigil/internal/live/btcrpc"
	"github.com/vigil-project/vigil/internal/store"
)

var btc, _ = chain.Lookup("btc")

func openStore(t *testing.T) *store.Store {
	s, err := store.Open(t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func nodeOf(t *testing.T, n *btcdtest.Node) *btcrpc.Node {
	node, err := btcrpc.New(n.URL, btcrpc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return node
}

// TestRangeResumeHooks: --to stops at the block; a run without From
// resumes after the highest stored block; hooks see every commit's tip.
func TestRangeResumeHooks(t *testing.T) {
	n := btcdtest.Start(t)
	n.Generate(60)
	st, node := openStore(t), nodeOf(t, n)
	var tips []uint64
	hook := func(_ context.Context, _ *store.Store, c chain.Info, tip uint64) error {
		if c.Name != "btc" {
			t.Errorf("hook for chain %s", c.Name)
		}
		tips = append(tips, tip)
		return nil
	}
	o := live.Options{Chain: btc, HasTo: true, To: 20, FetchBlocks: 4, CommitEvery: time.Nanosecond, Hooks: []live.Hook{hook}}
	res, err := live.Run(context.Background(), st, node, o)
	if err != nil || res.Blocks != 21 || res.Last != 20 {
		t.Fatalf("first run: %+v %v", res, err)
	}
	if len(tips) < 2 || tips[len(tips)-1] != 20 {
		t.Fatalf("hook tips %v", tips)
	}
	for i := 1; i < len(tips); i++ {
		if tips[i] <= tips[i-1] {
			t.Fatalf("hook tips not increasing: %v", tips)
		}
	}
	res, err = live.Run(context.Background(), st, node, live.Options{Chain: btc})
	if err != nil || res.Blocks != 40 || res.Last != 60 {
		t.Fatalf("resumed run: %+v %v", res, err)
	}
	res, err = live.Run(context.Background(), st, node, live.Options{Chain: btc, HasFrom: true, From: 10})
	if err != nil || res.Blocks != 0 {
		t.Fatalf("run over stored blocks: %+v %v", res, err)
	}
}

// TestFollowReorgHooks follows a node through a reorg: the hooks see the
// rollback (tip = the fork point) before the new branch.
func TestFollowReorgHooks(t *testing.T) {
	a, b := btcdtest.Start(t), btcdtest.Start(t)
	a.Generate(101)
	b.Connect(a)
	b.WaitTip(a.BlockAt(101).Hash)
	b.Stop()
	a.Generate(2)
	st := openStore(t)
	tips := make(chan uint64, 100)
	hook := func(_ context.Context, _ *store.Store, _ chain.Info, tip uint64) error {
		tips <- tip
		return nil
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var res live.Result
	var runErr error
	go func() {
		res, runErr = live.Run(ctx, st, nodeOf(t, a), live.Options{Chain: btc, Follow: true, Poll: 20 * time.Millisecond, Hooks: []live.Hook{hook}})
		close(done)
	}()
	defer func() { cancel(); <-done }() // before the store closes
	waitTip := func(want uint64) { t.Helper(); btcdtest.WaitHookTip(t, tips, want) }
	waitTip(103)
	b.Restart()
	long := b.Generate(4)
	a.Connect(b)
	a.WaitTip(long[3])
	waitTip(101) // the rollback of 102..103
	waitTip(105) // the new branch
	cancel()
	<-done
	if !errors.Is(runErr, context.Canceled) {
		t.Fatalf("follower ended with %v", runErr)
	}
	if res.Reorgs != 1 || res.RolledBack != 2 || res.Last != 105 {
		t.Fatalf("result %+v", res)
	}
	for h := uint64(100); h <= 105; h++ {
		got, _, err := st.BlockHash(btc, h)
		if err != nil || got.Hex() != a.BlockAt(h).Hash {
			t.Fatalf("block %d: stored %s, node %s (%v)", h, got.Hex(), a.BlockAt(h).Hash, err)
		}
	}
}

// syncBuf is a concurrency-safe log sink.
type syncBuf struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestFollowNodeRestart: when the followed node goes away, the follower
// warns and keeps polling; when it is back, new blocks are ingested.
func TestFollowNodeRestart(t *testing.T) {
	n := btcdtest.Start(t)
	n.Generate(5)
	st := openStore(t)
	tips := make(chan uint64, 100)
	hook := func(_ context.Context, _ *store.Store, _ chain.Info, tip uint64) error {
		tips <- tip
		return nil
	}
	var log syncBuf
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	var runErr error
	node, err := btcrpc.New(n.URL, btcrpc.Options{RPC: jsonrpc.Options{Retries: -1}})
	if err != nil {
		t.Fatal(err)
	}
	go func() {
		_, runErr = live.Run(ctx, st, node, live.Options{Chain: btc, Follow: true, Poll: 20 * time.Millisecond, Hooks: []live.Hook{hook}, Log: &log})
		close(done)
	}()
	defer func() { cancel(); <-done }() // before the store closes
	if tip := <-tips; tip != 5 {
		t.Fatalf("first tip %d", tip)
	}
	n.Stop()
	for deadline := time.Now().Add(30 * time.Second); !strings.Contains(log.String(), "retrying"); {
		if time.Now().After(deadline) {
			t.Fatalf("no warning while the node is down:\n%s", log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	n.Restart()
	n.Generate(2)
	// Blocks 6 and 7 come one after the other: a poll between them commits
	// 6 alone first.
	for tip := uint64(5); tip != 7; {
		select {
		case tip = <-tips:
			if tip != 6 && tip != 7 {
				t.Fatalf("tip after restart %d", tip)
			}
		case <-done:
			t.Fatalf("follower ended: %v", runErr)
		case <-time.After(60 * time.Second):
			t.Fatalf("no block after the node came back:\n%s", log.String())
		}
	}
}
