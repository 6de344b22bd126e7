package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
)

// rawScreener answers like the CLI's cached screener: encoded JSON.
type rawScreener struct{ b json.RawMessage }

func (r rawScreener) Screen(chain.Info, string, ScreenOptions) (any, error) { return r.b, nil }

// BenchmarkScreenHandler measures the server's own work for one
// GET /v1/screen (routing, validation, wrapper, metrics, JSON), without
// the network: what is left for net/http and the kernel.
func BenchmarkScreenHandler(b *testing.B) {
	res := json.RawMessage(`{"chain":"eth","address":"` + ethA + `","risk":"high","direct":[{"entity":"Simulated Heist","category":"heist","source":"vigil-simulate seed 5","confidence":90}],"indirect":[],"known":true}`)
	s := New(Options{Screener: rawScreener{res}})
	req, _ := http.NewRequest("GET", "/v1/screen?chain=eth&address="+ethA, nil)
	for _, c := range []struct {
		name string
		h    http.Handler
	}{{"direct", s.Handler()}, {"switch", NewSwitch(s)}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				w := httptest.NewRecorder()
				c.h.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatal(w.Code, w.Body.String())
				}
			}
		})
	}
}
