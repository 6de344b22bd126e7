package server

import (
	"context"
	"net"
	"strings"
	"testing"
	"time"
)

// TestSwitch: a swap waits for the old server's requests in flight, and
// new requests reach the new server.
func TestSwitch(t *testing.T) {
	oldF := &fake{block: make(chan struct{})}
	sw := NewSwitch(New(allBackends(oldF)))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- sw.Serve(ctx, ln) }()
	url := "http://" + ln.Addr().String()
	got := make(chan int, 1)
	go func() {
		code, _, _ := do(t, "GET", url+"/v1/trace?chain=eth&seed="+ethA, "")
		got <- code
	}()
	for sw.cur.Load().refs.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	old := sw.cur.Load()
	swapped := make(chan bool, 1)
	go func() {
		_, ok := sw.Swap(New(Options{}), 5*time.Second)
		swapped <- ok
	}()
	// Swap installs the new server at once, then waits for the old one.
	for deadline := time.Now().Add(5 * time.Second); sw.cur.Load() == old; time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("Swap did not install the new server")
		}
	}
	time.Sleep(20 * time.Millisecond)
	select {
	case <-swapped:
		t.Fatal("Swap returned while the old server had a request in flight")
	default:
	}
	// The new server (no backends) answers new requests already.
	if code, _, body := do(t, "GET", url+"/v1/incidents", ""); code != 501 || !strings.Contains(body, CodeNotImplemented) {
		t.Errorf("after swap: %d %s", code, body)
	}
	close(oldF.block)
	if code := <-got; code != 200 {
		t.Errorf("in-flight request on the old server: %d", code)
	}
	if ok := <-swapped; !ok {
		t.Errorf("Swap timed out")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Serve: %v", err)
	}
}
