// Package loadgen is the loopback HTTP/1.1 load generator of vigil's
// server load tests and benchmarks: raw keep-alive sockets, one request in
// flight per connection, a minimal response parser, so that the generator
// costs little next to the server it measures.
package loadgen

import (
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Result is what a load run measured. CPU is the CPU time the whole
// test process (server and generator) used meanwhile: on a shared
// machine, requests per CPU-second say what the two cores would serve
// if the process had them to itself.
type Result struct {
	Requests, Errors int
	Elapsed, CPU     time.Duration
	P50, P90, P99    time.Duration
	P999, Max        time.Duration
}

// String prints the rate, latencies and the process's CPU share.
func (r Result) String() string {
	return fmt.Sprintf("%d requests (%d not 200) in %v: %.0f requests/s, p50 %v, p90 %v, p99 %v, p99.9 %v, max %v; process CPU %.0f%% of 2 cores, %.0f requests per CPU-second",
		r.Requests, r.Errors, r.Elapsed.Round(time.Millisecond), float64(r.Requests)/r.Elapsed.Seconds(),
		r.P50.Round(time.Microsecond), r.P90.Round(time.Microsecond), r.P99.Round(time.Microsecond), r.P999.Round(time.Microsecond), r.Max.Round(time.Microsecond),
		100*r.CPU.Seconds()/(2*r.Elapsed.Seconds()), float64(r.Requests)/r.CPU.Seconds())
}

// cpuTime is the user and system CPU time of this process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// Run sends total GET requests for paths (round robin) to addr (a
// loopback host:port) over conns keep-alive connections, stopping at
// maxTime. It speaks HTTP/1.1 on raw sockets so that the generator costs
// little next to the server.
func Run(t testing.TB, addr string, paths []string, conns, total int, maxTime time.Duration) Result {
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
	res := Result{Elapsed: time.Since(start), CPU: cpuTime() - cpu0, Errors: int(bad.Load())}
	var all []time.Duration
	for _, l := range lats {
		all = append(all, l...)
	}
	res.latencies(all)
	return res
}

// loadConn runs requests on one connection until total are claimed or
// the deadline passes; it returns their latencies.
func loadConn(t testing.TB, addr string, reqs [][]byte, next, bad *atomic.Int64, total int64, deadline time.Time) []time.Duration {
	c, err := dialClient(addr, deadline.Add(10*time.Second))
	if err != nil {
		t.Error(err)
		return nil
	}
	defer c.conn.Close()
	out := make([]time.Duration, 0, total/8)
	for {
		i := next.Add(1)
		if i > total || (i%256 == 0 && time.Now().After(deadline)) {
			return out
		}
		t0 := time.Now()
		ok, err := c.roundTrip(reqs[int(i)%len(reqs)])
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
