package watch

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/store"
)

const testSecret = "s3cret-for-tests"

// receiver is a webhook endpoint that checks signatures and fails the
// first failFirst attempts of each alert.
type receiver struct {
	mu        sync.Mutex
	failFirst int
	attempts  map[string]int // alert id -> requests
	ok        map[string]int // alert id -> 2xx answers
	badSig    int
	hang      func(n int) bool // n-th successful request hangs until cancelled
	okTotal   int
}

func newReceiver(failFirst int) *receiver {
	return &receiver{failFirst: failFirst, attempts: map[string]int{}, ok: map[string]int{}}
}

func (rc *receiver) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	a, err := store.DecodeAlertRecord(body)
	rc.mu.Lock()
	if err != nil || !Verify(testSecret, body, r.Header.Get(SignatureHeader)) {
		rc.badSig++
		rc.mu.Unlock()
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	rc.attempts[a.ID]++
	if rc.attempts[a.ID] <= rc.failFirst {
		rc.mu.Unlock()
		http.Error(w, "try later", http.StatusServiceUnavailable)
		return
	}
	hang := rc.hang != nil && rc.hang(rc.okTotal+1)
	if !hang {
		rc.okTotal++
		rc.ok[a.ID]++
	}
	rc.mu.Unlock()
	if hang {
		<-r.Context().Done()
		return
	}
	w.WriteHeader(http.StatusNoContent)
}

// newServer starts rc as a webhook server for the test; it returns its URL.
func newServer(t *testing.T, rc *receiver) string {
	srv := httptest.NewServer(rc)
	t.Cleanup(srv.Close)
	return srv.URL
}

// webhookFixture: a simulated heist with an address watch on its seeds
// posting to url, processed; it returns the store's directory and alerts.
func webhookFixture(t *testing.T, url string) (string, []store.AlertRecord) {
	t.Helper()
	h := simHeist(t)
	dir := t.TempDir()
	st, err := store.Open(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ingestDir(t, st, h.part(t, h.first, h.truth.TheftBlock, nil))
	if _, _, err := Add(st, Spec{Chain: eth, Addresses: h.truth.Seeds, Webhook: url, Secret: testSecret, Follow: true}, t0); err != nil {
		t.Fatal(err)
	}
	ingestDir(t, st, h.part(t, h.truth.TheftBlock+1, h.last, nil))
	if err := Process(context.Background(), st, eth, lastBlock(t, st)); err != nil {
		t.Fatal(err)
	}
	as := mustAlerts(t, st, Filter{})
	if len(as) < 10 {
		t.Fatalf("only %d alerts", len(as))
	}
	return dir, as
}

// waitOutbox runs d until the outbox is empty (a 60 s guard against a
// hang, not a speed check).
func waitOutbox(t *testing.T, d *Deliverer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- d.Run(ctx) }()
	defer func() {
		cancel()
		if err := <-done; err != nil {
			t.Error(err)
		}
	}()
	guard := time.After(60 * time.Second)
	for {
		left, err := d.Store.Outbox(0)
		if err != nil {
			t.Fatal(err)
		}
		if len(left) == 0 {
			return
		}
		select {
		case <-guard:
			t.Fatalf("outbox still holds %d entries", len(left))
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// TestWebhookRetries: a receiver failing the first two attempts of each
// alert gets every alert, signed, once with success after three tries;
// the alerts end delivered and the logs never show the secret.
func TestWebhookRetries(t *testing.T) {
	rc := newReceiver(2)
	dir, as := webhookFixture(t, newServer(t, rc)+"/hook")
	st := openStore(t, dir)
	var logs strings.Builder
	var logMu sync.Mutex
	d := NewDeliverer(st)
	d.MinBackoff, d.MaxBackoff, d.Poll = time.Millisecond, 4*time.Millisecond, time.Millisecond
	d.Logf = func(f string, a ...any) { logMu.Lock(); fmt.Fprintf(&logs, f+"\n", a...); logMu.Unlock() }
	waitOutbox(t, d)
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if rc.badSig != 0 {
		t.Fatalf("%d requests with a bad signature", rc.badSig)
	}
	for _, a := range as {
		if rc.attempts[a.ID] != 3 || rc.ok[a.ID] != 1 {
			t.Fatalf("alert %s: %d attempts, %d successes; want 3 and 1", a.ID, rc.attempts[a.ID], rc.ok[a.ID])
		}
	}
	if n := len(mustAlerts(t, st, Filter{Status: store.AlertDelivered})); n != len(as) {
		t.Fatalf("%d of %d alerts delivered", n, len(as))
	}
	if !strings.Contains(logs.String(), "503") || strings.Contains(logs.String(), testSecret) {
		t.Fatalf("logs should name the failures and never the secret:\n%s", logs.String())
	}
}

// TestBackoff: the wait doubles per failure up to the maximum.
func TestBackoff(t *testing.T) {
	d := &Deliverer{MinBackoff: time.Second, MaxBackoff: 10 * time.Second}
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 3: 4 * time.Second, 4: 8 * time.Second, 5: 10 * time.Second, 60: 10 * time.Second} {
		if got := d.backoff(n); got != want {
			t.Errorf("backoff(%d) = %v, want %v", n, got, want)
		}
	}
}

// TestSign: the signature is the hex HMAC-SHA256 (RFC 4231 test case 2).
func TestSign(t *testing.T) {
	got := Sign("Jefe", []byte("what do ya want for nothing?"))
	if got != "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843" {
		t.Fatalf("Sign = %s", got)
	}
	if Verify("other", []byte("what do ya want for nothing?"), got) {
		t.Fatal("Verify accepts another secret")
	}
}

// TestDeadTarget: with the receiver down, a pass tries the target once
// (one failure, one log line) and leaves the other alerts queued behind
// it; the next pass within the target's backoff tries nothing.
func TestDeadTarget(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	dir, as := webhookFixture(t, url)
	st := openStore(t, dir)
	lines := 0
	d := NewDeliverer(st)
	d.MinBackoff = time.Hour
	d.Logf = func(string, ...any) { lines++ }
	ds, err := d.Once(context.Background())
	if err != nil || ds.Failed != 1 || ds.Waiting != len(as)-1 || lines != 1 {
		t.Fatalf("first pass: %+v, %v, %d log lines; want 1 failed, %d waiting, 1 line", ds, err, lines, len(as)-1)
	}
	ds, err = d.Once(context.Background())
	if err != nil || ds.Failed != 0 || ds.Waiting != len(as) {
		t.Fatalf("second pass: %+v, %v; want everything waiting", ds, err)
	}
	left, err := st.Outbox(0)
	if err != nil || len(left) != len(as) || left[0].Attempts != 1 || left[0].LastError == "" {
		t.Fatalf("outbox: %d entries (%v), first %+v", len(left), err, left[0])
	}
}

// TestRemovedWatchDrops: deliveries queued for a removed watch are
// dropped at their turn; the alerts stay.
func TestRemovedWatchDrops(t *testing.T) {
	rc := newReceiver(0)
	dir, as := webhookFixture(t, newServer(t, rc)+"/hook")
	st := openStore(t, dir)
	if err := Remove(st, as[0].Watch); err != nil {
		t.Fatal(err)
	}
	ds, err := NewDeliverer(st).Once(context.Background())
	if err != nil || ds.Dropped != len(as) || ds.Delivered != 0 {
		t.Fatalf("pass after removal: %+v, %v; want %d dropped", ds, err, len(as))
	}
	left, err := st.Outbox(0)
	if err != nil || len(left) != 0 || len(rc.ok) != 0 || len(mustAlerts(t, st, Filter{})) != len(as) {
		t.Fatalf("outbox %d (%v), receiver %d, alerts kept %d of %d", len(left), err, len(rc.ok), len(mustAlerts(t, st, Filter{})), len(as))
	}
	if err := Remove(st, as[0].Watch); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("removing twice: %v", err)
	}
}
