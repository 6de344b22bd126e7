package server

import (
	"context"
	"encoding/json"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/trace"
)

const (
	ethA      = "0x71aee4105a974db383b4bcc2eda63566b467e858"
	ethB      = "0x9ef6c301deae67a4b042635a886b2944749b6e22"
	panicSeed = "0x000000000000000000000000000000000000dead"
	goodKey   = "vigil_good"
)

// fake implements every backend interface with canned answers.
type fake struct {
	block chan struct{} // when set, Trace waits for it to close
	mu    sync.Mutex
	calls int
}

func (f *fake) Trace(q trace.Query) (*trace.Result, error) {
	if q.Seeds[0] == panicSeed {
		panic("boom")
	}
	if f.block != nil {
		<-f.block
	}
	f.mu.Lock()
	f.calls++
	f.mu.Unlock()
	return &trace.Result{Chain: q.Chain.Name, Policy: q.Policy.String(), Direction: "forward", Seeds: q.Seeds,
		Endpoints: []trace.Endpoint{}, Resting: []trace.Resting{}}, nil
}

func (f *fake) Labels(chainName, addr string) (any, error) {
	if !strings.HasPrefix(addr, "0x") {
		return nil, inputerr.Usagef("address %q: chain not recognized", addr)
	}
	return map[string]any{"chain": "eth", "address": strings.ToLower(addr), "labels": []any{}}, nil
}

func (f *fake) Address(c chain.Info, addr string) (any, error) {
	return map[string]any{"chain": c.Name, "address": strings.ToLower(addr), "seen": false, "received": []any{},
		"sent": []any{}, "balances": []any{}, "first_block": nil, "last_block": nil, "labels": []any{}}, nil
}

func (f *fake) Incidents() (any, error) {
	return []map[string]string{{"id": "bybit", "name": "Bybit", "origin": "registry"}}, nil
}

func (f *fake) Incident(id string) (any, error) {
	if id == "bybit" {
		return map[string]string{"id": "bybit", "name": "Bybit", "origin": "registry"}, nil
	}
	return nil, nil
}

func (f *fake) Screen(c chain.Info, addr string, o ScreenOptions) (any, error) {
	return map[string]any{"chain": c.Name, "address": strings.ToLower(addr), "risk": "none", "hops": o.Hops, "explain": o.Explain}, nil
}

func (f *fake) ScreenName(name string, o NameOptions) (any, error) {
	return map[string]any{"query": name, "matches": []any{}, "hit": false, "threshold": o.Threshold, "limit": o.Limit}, nil
}

func (f *fake) Sanctioned(addr string) ([]Identification, error) {
	if strings.EqualFold(addr, ethA) {
		return []Identification{{Category: "sanctions", Name: "SANCTIONS: SDN List Lazarus", Description: "d", URL: "https://x"}}, nil
	}
	return nil, nil
}

type keys struct{}

func (keys) CheckKey(k string) (string, bool) { return "k1", k == goodKey }

// allBackends returns options with every backend set to f.
func allBackends(f *fake) Options {
	return Options{Tracer: f, Labels: f, Addresses: f, Incidents: f, Screener: f, Names: f, Sanctions: f}
}

// live serves s on a real loopback listener until the test ends.
type live struct {
	url    string
	cancel context.CancelFunc
	done   chan error
}

func startLive(t testing.TB, s *Server) *live {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	l := &live{url: "http://" + ln.Addr().String(), cancel: cancel, done: make(chan error, 1)}
	go func() { l.done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-l.done })
	return l
}

// do sends a request and returns status, headers and body.
func do(t testing.TB, method, url, body string, hdr ...string) (int, http.Header, string) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, string(b)
}

// apiErr decodes an error body; it fails the test when it is not one.
func apiErr(t testing.TB, body string) errorJSON {
	t.Helper()
	var e errorBody
	if err := json.Unmarshal([]byte(body), &e); err != nil || e.Error.Code == "" || e.Error.Message == "" {
		t.Fatalf("not a JSON error body: %q", body)
	}
	return e.Error
}
