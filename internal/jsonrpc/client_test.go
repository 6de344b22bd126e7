package jsonrpc

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// echoNode answers "add" with the sum of its params and "fail" with an RPC
// error, like a real node, for single and batch requests.
func echoNode(t *testing.T, fails *atomic.Int32) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); ok && (u != "alice" || p != "s3cret") {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if fails != nil && fails.Add(-1) >= 0 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		body, _ := io.ReadAll(r.Body)
		if strings.HasPrefix(string(body), "[") {
			var reqs []request
			json.Unmarshal(body, &reqs)
			out := make([]json.RawMessage, len(reqs))
			for i := len(reqs) - 1; i >= 0; i-- { // reversed order, as nodes may
				out[len(reqs)-1-i] = answer(reqs[i])
			}
			json.NewEncoder(w).Encode(out)
			return
		}
		var req request
		json.Unmarshal(body, &req)
		w.Write(answer(req))
	}))
}

func answer(req request) json.RawMessage {
	var resp map[string]any
	switch req.Method {
	case "add":
		sum := 0.0
		for _, p := range req.Params {
			sum += p.(float64)
		}
		resp = map[string]any{"id": req.ID, "result": sum}
	default:
		resp = map[string]any{"id": req.ID, "result": nil, "error": map[string]any{"code": -32601, "message": "Method not found"}}
	}
	b, _ := json.Marshal(resp)
	return b
}

func TestCallAndBatch(t *testing.T) {
	srv := echoNode(t, nil)
	defer srv.Close()
	c, err := New(strings.Replace(srv.URL, "http://", "http://alice:s3cret@", 1), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var sum int
	if err := c.Call(context.Background(), &sum, "add", 2, 3); err != nil || sum != 5 {
		t.Fatalf("add = %d, %v", sum, err)
	}
	err = c.Call(context.Background(), &sum, "nope")
	if !IsCode(err, -32601) || !strings.Contains(err.Error(), "nope") {
		t.Fatalf("unknown method: %v", err)
	}
	var a, b int
	calls := []BatchCall{{Method: "add", Params: []any{1, 1}, Out: &a}, {Method: "nope"}, {Method: "add", Params: []any{4}, Out: &b}}
	if err := c.Batch(context.Background(), calls); err != nil {
		t.Fatal(err)
	}
	if a != 2 || b != 4 || calls[0].Err != nil || !IsCode(calls[1].Err, -32601) {
		t.Fatalf("batch: a=%d b=%d errs=%v %v", a, b, calls[0].Err, calls[1].Err)
	}
}

func TestRetriesTransientFailures(t *testing.T) {
	var fails atomic.Int32
	fails.Store(2)
	srv := echoNode(t, &fails)
	defer srv.Close()
	c, _ := New(srv.URL, Options{Backoff: time.Millisecond})
	var sum int
	if err := c.Call(context.Background(), &sum, "add", 1); err != nil || sum != 1 {
		t.Fatalf("after two 503s: %d, %v", sum, err)
	}
	fails.Store(100)
	c, _ = New(srv.URL, Options{Backoff: time.Millisecond, Retries: 2})
	if err := c.Call(context.Background(), &sum, "add", 1); err == nil || !strings.Contains(err.Error(), "503") {
		t.Fatalf("node down: %v", err)
	}
}

func TestBadCredentialsAndURLs(t *testing.T) {
	srv := echoNode(t, nil)
	defer srv.Close()
	c, _ := New(strings.Replace(srv.URL, "http://", "http://alice:wrong@", 1), Options{})
	err := c.Call(context.Background(), nil, "add")
	if err == nil || !strings.Contains(err.Error(), "401") || strings.Contains(err.Error(), "wrong") {
		t.Fatalf("bad password: %v", err)
	}
	for _, u := range []string{"", "localhost:8332", "ftp://x", "http://"} {
		if _, err := New(u, Options{}); err == nil {
			t.Errorf("New(%q) accepted", u)
		}
	}
	if got := Redact("http://u:p@h:1"); strings.Contains(got, ":p@") {
		t.Errorf("Redact kept the password: %s", got)
	}
}

func TestMalformedAndOversizedResponses(t *testing.T) {
	for _, tc := range []struct{ name, body, want string }{
		{"garbage", "not json", "malformed response"},
		{"no result", `{"id":1}`, "no result"},
		{"wrong type", `{"id":1,"result":"x"}`, "malformed result"},
		{"too big", `{"id":1,"result":"` + strings.Repeat("a", 100) + `"}`, "larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, tc.body) }))
			defer srv.Close()
			c, _ := New(srv.URL, Options{MaxResponse: 64})
			var n int
			if err := c.Call(context.Background(), &n, "m"); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want %q", err, tc.want)
			}
		})
	}
}
