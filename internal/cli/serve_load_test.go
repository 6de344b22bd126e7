package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/httpfast"
	"github.com/vigil-project/vigil/internal/server"
	"github.com/vigil-project/vigil/internal/sharedtest/loadgen"
)

// TestServeLoad measures GET /v1/screen (and /v1/labels) on a real
// loopback listener over a simulated heist store, served by each HTTP
// engine in turn (fast, then net; VIGIL_LOAD_ROUNDS=N alternates them N
// times), then the ceiling of each engine: a bare handler writing a fixed
// body. It is bounded in count and time; by default it sends 10,000
// requests per measure, VIGIL_LOAD=N sends N (docs/performance.md:
// VIGIL_LOAD=200000). VIGIL_LOAD_ONLY=screen measures only GET
// /v1/screen on the fast engine (no labels, net engine, batches or
// ceilings).
func TestServeLoad(t *testing.T) {
	total, conns, rounds := envInt("VIGIL_LOAD", 10000), envInt("VIGIL_LOAD_CONNS", 8), envInt("VIGIL_LOAD_ROUNDS", 1)
	engines, routes := []string{server.EngineFast, server.EngineNet}, []string{"/v1/screen?chain=eth&address=", "/v1/labels?address="}
	only := os.Getenv("VIGIL_LOAD_ONLY") == "screen"
	if only {
		engines, routes = engines[:1], routes[:1]
	}
	v, seeds, _ := heistStore(t)
	addrs := append([]string{}, seeds...)
	for _, r := range readCSV(t, filepath.Join(filepath.Dir(v.data), "sim", "labels.csv")) {
		addrs = append(addrs, r["address"])
	}
	for round := 0; round < rounds; round++ {
		for _, engine := range engines {
			u, stop := v.served("--http-engine", engine)
			loadRoutes(t, strings.TrimPrefix(u, "http://"), engine, routes, addrs, conns, total)
			stop()
		}
	}
	if only {
		return
	}
	u, stop := v.served()
	defer stop()
	t.Logf("%d addresses, batches: %s", len(addrs), batchRate(t, u, addrs, total/1000))
	for _, engine := range engines {
		t.Logf("ceiling of %s, a handler writing a fixed 100-byte body: %v", engine, ceiling(t, engine, conns, total))
	}
}

// loadRoutes measures routes (each followed by the addresses) on host.
func loadRoutes(t *testing.T, host, engine string, routes, addrs []string, conns, total int) {
	for _, route := range routes {
		var paths []string
		for _, a := range addrs {
			paths = append(paths, route+a)
		}
		loadgen.Run(t, host, paths, conns, total/10, 5*time.Second) // warm up
		r := loadgen.Run(t, host, paths, conns, total, 30*time.Second)
		t.Logf("%s: GET %s...: %d connections: %v", engine, route, conns, r)
		if r.Errors > 0 {
			t.Errorf("%d requests failed", r.Errors)
		}
	}
}

func envInt(name string, def int) int {
	if n, err := strconv.Atoi(os.Getenv(name)); err == nil && n > 0 {
		return n
	}
	return def
}

// batchRate posts n batches of 1,000 addresses to /v1/screen from two
// clients and returns the addresses screened per second.
func batchRate(t *testing.T, url string, addrs []string, n int) string {
	batch := make([]string, 1000)
	for i := range batch {
		batch[i] = addrs[i%len(addrs)]
	}
	body, _ := json.Marshal(map[string]any{"chain": "eth", "addresses": batch})
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < 2; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < n/2; i++ {
				resp, err := http.Post(url+"/v1/screen", "application/json", bytes.NewReader(body))
				if err != nil || resp.StatusCode != 200 {
					t.Errorf("batch: %v %v", err, resp)
					return
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
			}
		}()
	}
	wg.Wait()
	el := time.Since(start)
	return fmt.Sprintf("%d POST /v1/screen of 1,000 addresses in %v: %.0f addresses/s", n/2*2, el.Round(time.Millisecond),
		float64(n/2*2*1000)/el.Seconds())
}

// ceiling measures a bare handler served by engine with the same
// generator: the most any server on that stack can do on this machine.
func ceiling(t *testing.T, engine string, conns, total int) loadgen.Result {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	body := []byte(`{"results":[{"chain":"eth","address":"0x71aee4105a974db383b4bcc2eda63566b467e858","labels":[]}]}` + "\n")
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.Write(body)
	})
	if engine == server.EngineNet {
		hs := &http.Server{Handler: h}
		go hs.Serve(ln)
		defer hs.Close()
	} else {
		hs := &httpfast.Server{Handler: h}
		go hs.Serve(ln)
		defer hs.Close()
	}
	loadgen.Run(t, ln.Addr().String(), []string{"/x"}, conns, total/10, 5*time.Second)
	return loadgen.Run(t, ln.Addr().String(), []string{"/x"}, conns, total, 30*time.Second)
}
