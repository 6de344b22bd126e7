package watch

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/live"
	"github.com/vigil-project/vigil/internal/live/ethrpc"
	"github.com/vigil-project/vigil/internal/live/ethrpc/gethtest"
	"github.com/vigil-project/vigil/internal/store"
)

// TestLiveGethAlerts follows a real geth --dev node with the live
// follower at its default poll interval, the processor as its post-commit
// hook and the delivery loop beside it: each payment from the watched dev
// account reaches the webhook as one alert naming its transaction. It logs
// the latency from the payment's receipt (the block is mined) and from its
// submission to the webhook (docs/watch.md records the figures). Skips
// without geth (.ci/install.d/30-geth.sh).
func TestLiveGethAlerts(t *testing.T) {
	if testing.Short() {
		t.Skip("starts geth")
	}
	g := gethtest.Start(t)
	type arrival struct {
		tx string
		at time.Time
	}
	got := make(chan arrival, 64)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var a store.Alert
		if json.Unmarshal(body, &a) == nil && Verify("k", body, r.Header.Get(SignatureHeader)) {
			got <- arrival{a.Tx, time.Now()}
		}
	}))
	defer srv.Close()
	st := openStore(t, t.TempDir())
	if _, _, err := Add(st, Spec{Chain: eth, Addresses: []string{g.Dev}, Webhook: srv.URL, Secret: "k"}, t0); err != nil {
		t.Fatal(err)
	}
	node, err := ethrpc.New(g.URL, ethrpc.Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := NewDeliverer(st)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 2)
	go func() { done <- d.Run(ctx) }()
	go func() {
		_, err := live.Run(ctx, st, node, live.Options{Chain: eth, Follow: true, Confirmations: -1, Hooks: []live.Hook{d.Hook()}})
		if ctx.Err() != nil {
			err = nil
		}
		done <- err
	}()
	var fromMined, fromSent []time.Duration
	for i := 0; i < 8; i++ {
		// payments at different phases of the follower's poll
		time.Sleep(time.Duration(i*130%1000) * time.Millisecond)
		sent := time.Now()
		r := g.Send(fmt.Sprintf("0x%040x", 0xabc0+i), 1000+uint64(i), nil)
		mined, tx := time.Now(), strings.ToLower(gethtest.Str(r, "transactionHash"))
		select {
		case a := <-got:
			if a.tx != tx {
				t.Fatalf("webhook got an alert for %s, want %s", a.tx, tx)
			}
			fromMined, fromSent = append(fromMined, a.at.Sub(mined)), append(fromSent, a.at.Sub(sent))
		case <-time.After(60 * time.Second):
			t.Fatalf("no alert for %s", tx)
		}
	}
	cancel()
	for range 2 {
		if err := <-done; err != nil {
			t.Fatal(err)
		}
	}
	slices.Sort(fromMined)
	slices.Sort(fromSent)
	t.Logf("alert latency over %d payments (poll %v): receipt->webhook median %v max %v; submission->webhook median %v max %v",
		len(fromMined), time.Second, fromMined[len(fromMined)/2], fromMined[len(fromMined)-1], fromSent[len(fromSent)/2], fromSent[len(fromSent)-1])
}
