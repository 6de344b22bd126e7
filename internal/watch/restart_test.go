package watch

import (
	"context"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/store"
)

// TestRestartMidDelivery: the process "dies" (delivery cancelled, store
// closed) while the receiver holds the fifth request; after reopening the
// store nothing is lost: the four answered alerts are delivered, the rest
// (the one in flight too) are still queued, and a new deliverer sends each
// of them exactly once more.
func TestRestartMidDelivery(t *testing.T) {
	rc := newReceiver(0)
	hung := make(chan struct{})
	rc.hang = func(n int) bool {
		if n == 5 {
			close(hung)
			return true
		}
		return false
	}
	srv := newServer(t, rc)
	dir, as := webhookFixture(t, srv+"/hook")

	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	d := NewDeliverer(st)
	d.Poll = time.Millisecond
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	select {
	case <-hung:
	case <-time.After(60 * time.Second):
		t.Fatal("the receiver never got a fifth request")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}

	st = openStore(t, dir)
	left, err := st.Outbox(0)
	if err != nil {
		t.Fatal(err)
	}
	delivered := mustAlerts(t, st, Filter{Status: store.AlertDelivered})
	if len(delivered) != 4 || len(left) != len(as)-4 {
		t.Fatalf("after the restart: %d delivered, %d queued; want 4 and %d", len(delivered), len(left), len(as)-4)
	}
	rc.mu.Lock()
	rc.hang = nil
	rc.mu.Unlock()
	waitOutbox(t, NewDeliverer(st))
	rc.mu.Lock()
	defer rc.mu.Unlock()
	for _, a := range as {
		if rc.ok[a.ID] != 1 {
			t.Fatalf("alert %s acknowledged %d times, want 1", a.ID, rc.ok[a.ID])
		}
	}
	if n := len(mustAlerts(t, st, Filter{Status: store.AlertDelivered})); n != len(as) {
		t.Fatalf("%d of %d alerts delivered", n, len(as))
	}
}

// TestProcessResumes: alerts and their outbox survive a restart between
// processing and delivery, and processing again after the restart adds
// nothing (the cursor moved with the alerts).
func TestProcessResumes(t *testing.T) {
	rc := newReceiver(0)
	srv := newServer(t, rc)
	dir, as := webhookFixture(t, srv+"/hook")
	st := openStore(t, dir)
	stats, err := ProcessStats(context.Background(), st, eth, lastBlock(t, st))
	if err != nil || stats.Changes != 0 || stats.Alerts != 0 {
		t.Fatalf("processing again: %+v, %v; want nothing to do", stats, err)
	}
	left, err := st.Outbox(0)
	if err != nil || len(left) != len(as) {
		t.Fatalf("outbox after reopening: %d entries (%v), want %d", len(left), err, len(as))
	}
	waitOutbox(t, NewDeliverer(st))
	if len(rc.ok) != len(as) {
		t.Fatalf("receiver acknowledged %d alerts, want %d", len(rc.ok), len(as))
	}
}
