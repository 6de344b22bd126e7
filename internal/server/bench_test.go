package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/sharedtest/loadgen"
)

// rawScreener answers like the CLI's cached screener: encoded JSON.
type rawScreener struct{ b json.RawMessage }

func (r rawScreener) Screen(chain.Info, string, ScreenOptions) (any, error) { return r.b, nil }

// BenchmarkScreenHandler measures the server's own work for one
// GET /v1/screen (routing, validation, wrapper, metrics, JSON), without
// the network: what is left for the HTTP engine and the kernel. The
// writer is a minimal one (a fresh header map per request, as an engine
// gives); "bare" is a handler writing a fixed body through it, the
// floor.
func BenchmarkScreenHandler(b *testing.B) {
	res := json.RawMessage(`{"chain":"eth","address":"` + ethA + `","risk":"high","direct":[{"entity":"Simulated Heist","category":"heist","source":"vigil-simulate seed 5","confidence":90}],"indirect":[],"known":true}`)
	s := New(Options{Screener: rawScreener{res}})
	req, _ := http.NewRequest("GET", "/v1/screen?chain=eth&address="+ethA, nil)
	req.Body = http.NoBody
	bare := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(res)))
		w.Write(res)
	})
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"bare", bare}, {"direct", s.Handler()}, {"switch", NewSwitch(s)}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			w := &sinkWriter{}
			for b.Loop() {
				w.h, w.code, w.n = make(http.Header, 4), 0, 0
				c.h.ServeHTTP(w, req)
				if w.code != 200 || w.n == 0 {
					b.Fatal(w.code)
				}
			}
		})
	}
}

// sinkWriter is a ResponseWriter that counts the body and drops it.
type sinkWriter struct {
	h       http.Header
	code, n int
}

func (w *sinkWriter) Header() http.Header { return w.h }

func (w *sinkWriter) WriteHeader(code int) {
	if w.code == 0 {
		w.code = code
	}
}

func (w *sinkWriter) Write(p []byte) (int, error) {
	w.WriteHeader(200)
	w.n += len(p)
	return len(p), nil
}

// BenchmarkLoopbackScreen sends GET /v1/screen over 8 keep-alive
// loopback connections (raw HTTP/1.1, one request in flight each) to the
// server on each engine, and to a bare fixed-body handler on the same
// engine, in the same run: the server's cost over the engine's floor.
func BenchmarkLoopbackScreen(b *testing.B) {
	res := json.RawMessage(`{"chain":"eth","address":"` + ethA + `","risk":"high","direct":[{"entity":"Simulated Heist","category":"heist","source":"vigil-simulate seed 5","confidence":90}],"indirect":[],"known":true}`)
	bare := New(Options{})
	bare.mux = http.NewServeMux()
	bare.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(res)))
		w.Write(res)
	})
	for _, engine := range []string{EngineFast, EngineNet} {
		for _, c := range []struct {
			name string
			s    *Server
		}{{"bare", bare}, {"server", New(Options{Screener: rawScreener{res}, Engine: engine})}} {
			b.Run(engine+"/"+c.name, func(b *testing.B) {
				c.s.opts.Engine = engine
				l := startLive(b, c.s)
				loopLoad(b, strings.TrimPrefix(l.url, "http://"), "/v1/screen?chain=eth&address="+ethA, 8, b.N)
			})
		}
	}
}

// loopLoad sends n GETs of path over conns connections; every answer
// must be a 200.
func loopLoad(tb testing.TB, addr, path string, conns, n int) {
	if r := loadgen.Run(tb, addr, []string{path}, conns, n, time.Minute); r.Errors > 0 {
		tb.Errorf("%d answers were not 200", r.Errors)
	}
}
