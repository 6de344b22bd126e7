package cli_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/httpfast"
	"github.com/vigil-project/vigil/internal/server"
)

// loadResult is what a load run measured. cpu is the CPU time the whole
// test process (server and generator) used meanwhile: on a shared
// machine, requests per CPU-second say what the two cores would serve
// if the process had them to itself.
type loadResult struct {
	requests, errors int
	elapsed, cpu     time.Duration
	p50, p99, max    time.Duration
}

func (r loadResult) String() string {
	return fmt.Sprintf("%d requests (%d not 200) in %v: %.0f requests/s, p50 %v, p99 %v, max %v; process CPU %.0f%% of 2 cores, %.0f requests per CPU-second",
		r.requests, r.errors, r.elapsed.Round(time.Millisecond), float64(r.requests)/r.elapsed.Seconds(),
		r.p50, r.p99, r.max, 100*r.cpu.Seconds()/(2*r.elapsed.Seconds()), float64(r.requests)/r.cpu.Seconds())
}

// cpuTime is the user and system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// load sends total GET requests for paths (round robin) to addr (a
// loopback host:port) over conns keep-alive connections, stopping at
// maxTime. It speaks HTTP/1.1 on raw sockets so that the generator costs
// little next to the server.
func load(t testing.TB, addr string, paths []string, conns, total int, maxTime time.Duration) loadResult {
	if h, _, _ := net.SplitHostPort(addr); h != "127.0.0.1" {
		t.Fatalf("load test against %s: loopback only", addr)
	}
	reqs := make([][]byte, len(paths))
	for i, p := range paths {
		reqs[i] = []byte("GET " + p + " HTTP/1.1\r\nHost: " + addr + "\r\n\r\n")
	}
	var next, bad atomic.Int64
	lats := make([][]time.Duration, conns)
	deadline := time.Now().Add(maxTime)
	var wg sync.WaitGroup
	start, cpu0 := time.Now(), cpuTime()
	for c := 0; c < conns; c++ {
		wg.Add(1)
		go func(c int) {
			defer wg.Done()
			lats[c] = loadConn(t, addr, reqs, &next, &bad, int64(total), deadline)
		}(c)
	}
	wg.Wait()
	res := loadResult{elapsed: time.Since(start), cpu: cpuTime() - cpu0, errors: int(bad.Load())}
	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	sort.Slice(all, func(i, j int) bool { return all[i] < all[j] })
	res.requests = len(all)
	if len(all) > 0 {
		res.p50, res.p99, res.max = all[len(all)/2], all[len(all)*99/100], all[len(all)-1]
	}
	return res
}

// loadConn runs requests on one connection until total are claimed or
// the deadline passes; it returns their latencies.
func loadConn(t testing.TB, addr string, reqs [][]byte, next, bad *atomic.Int64, total int64, deadline time.Time) []time.Duration {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Error(err)
		return nil
	}
	defer conn.Close()
	rd := bufio.NewReaderSize(conn, 64<<10)
	out := make([]time.Duration, 0, total/8)
	for {
		i := next.Add(1)
		if i > total || (i%256 == 0 && time.Now().After(deadline)) {
			return out
		}
		t0 := time.Now()
		if _, err := conn.Write(reqs[int(i)%len(reqs)]); err != nil {
			t.Error(err)
			return out
		}
		ok, err := readResponse(rd)
		if err != nil {
			t.Error(err)
			return out
		}
		out = append(out, time.Since(t0))
		if !ok {
			bad.Add(1)
		}
	}
}

// readResponse reads one HTTP/1.1 response with a Content-Length body
// and reports whether its status was 200.
func readResponse(rd *bufio.Reader) (bool, error) {
	line, err := rd.ReadSlice('\n')
	if err != nil {
		return false, err
	}
	ok := len(line) > 12 && string(line[9:12]) == "200"
	n := -1
	for {
		h, err := rd.ReadSlice('\n')
		if err != nil {
			return false, err
		}
		if len(h) <= 2 {
			break
		}
		if len(h) > 16 && strings.EqualFold(string(h[:15]), "Content-Length:") {
			n, _ = strconv.Atoi(strings.TrimSpace(string(h[15:])))
		}
	}
	if n < 0 {
		return false, fmt.Errorf("response without Content-Length")
	}
	_, err = rd.Discard(n)
	return ok, err
}

// TestServeLoad measures GET /v1/screen (and /v1/labels) on a real
// loopback listener over a simulated heist store, served by each HTTP
// engine in turn (fast, then net; VIGIL_LOAD_ROUNDS=N alternates them N
// times), then the ceiling of each engine: a bare handler writing a fixed
// body. It is bounded in count and time; by default it sends 10,000
// requests per measure, VIGIL_LOAD=N sends N (docs/performance.md:
// VIGIL_LOAD=200000).
func TestServeLoad(t *testing.T) {
	total, conns, rounds := envInt("VIGIL_LOAD", 10000), envInt("VIGIL_LOAD_CONNS", 8), envInt("VIGIL_LOAD_ROUNDS", 1)
	v, seeds, _ := heistStore(t)
	addrs := append([]string{}, seeds...)
	for _, r := range readCSV(t, filepath.Join(filepath.Dir(v.data), "sim", "labels.csv")) {
		addrs = append(addrs, r["address"])
	}
	for round := 0; round < rounds; round++ {
		for _, engine := range []string{server.EngineFast, server.EngineNet} {
			u, stop := v.served("--http-engine", engine)
			loadRoutes(t, strings.TrimPrefix(u, "http://"), engine, addrs, conns, total)
			stop()
		}
	}
	u, stop := v.served()
	defer stop()
	t.Logf("%d addresses, batches: %s", len(addrs), batchRate(t, u, addrs, total/1000))
	for _, engine := range []string{server.EngineFast, server.EngineNet} {
		t.Logf("ceiling of %s, a handler writing a fixed 100-byte body: %v", engine, ceiling(t, engine, conns, total))
	}
}

// loadRoutes measures /v1/screen and /v1/labels on host.
func loadRoutes(t *testing.T, host, engine string, addrs []string, conns, total int) {
	for _, route := range []string{"/v1/screen?chain=eth&address=", "/v1/labels?address="} {
		var paths []string
		for _, a := range addrs {
			paths = append(paths, route+a)
		}
		load(t, host, paths, conns, total/10, 5*time.Second) // warm up
		r := load(t, host, paths, conns, total, 30*time.Second)
		t.Logf("%s: GET %s...: %d connections: %v", engine, route, conns, r)
		if r.errors > 0 {
			t.Errorf("%d requests failed", r.errors)
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
func ceiling(t *testing.T, engine string, conns, total int) loadResult {
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
	load(t, ln.Addr().String(), []string{"/x"}, conns, total/10, 5*time.Second)
	return load(t, ln.Addr().String(), []string{"/x"}, conns, total, 30*time.Second)
}
