package server

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
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
// must be a 200 with a Content-Length body.
func loopLoad(tb testing.TB, addr, path string, conns, n int) {
	req := []byte("GET " + path + " HTTP/1.1\r\nHost: " + addr + "\r\n\r\n")
	var next atomic.Int64
	var wg sync.WaitGroup
	for range conns {
		wg.Add(1)
		go func() {
			defer wg.Done()
			conn, err := net.Dial("tcp", addr)
			if err != nil {
				tb.Error(err)
				return
			}
			defer conn.Close()
			rd := bufio.NewReaderSize(conn, 64<<10)
			for next.Add(1) <= int64(n) {
				conn.Write(req)
				if err := readOK(rd); err != nil {
					tb.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
}

// readOK reads one response (a light parser: the client should cost
// little next to the server); an error unless a 200 with a body.
func readOK(rd *bufio.Reader) error {
	line, err := rd.ReadSlice('\n')
	if err != nil {
		return err
	}
	ok := bytes.HasPrefix(line, []byte("HTTP/1.1 200 "))
	n := -1
	for {
		h, err := rd.ReadSlice('\n')
		if err != nil {
			return err
		}
		if len(h) <= 2 {
			break
		}
		if v, found := bytes.CutPrefix(h, []byte("Content-Length: ")); found {
			n, _ = strconv.Atoi(string(bytes.TrimSpace(v)))
		}
	}
	if !ok || n <= 0 {
		return fmt.Errorf("not a 200 with a body: %q", line)
	}
	_, err = rd.Discard(n)
	return err
}
