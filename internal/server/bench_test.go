package server

import (
	"encoding/json"
	"net/http"
	"strconv"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
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
