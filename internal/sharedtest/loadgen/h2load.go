package loadgen

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// H2LoadBinary is the external generator of H2Load: h2load from
// Debian's nghttp2-client (.ci/install.d/50-h2load.sh).
const H2LoadBinary = "h2load"

// HaveH2Load reports whether h2load is on PATH.
func HaveH2Load() bool {
	_, err := exec.LookPath(H2LoadBinary)
	return err == nil
}

// H2LoadArgs returns the h2load command line of H2Load (without the
// binary): HTTP/1.1, one client thread, conns connections, total
// requests rotating over paths on addr, the per-request log in logFile.
func H2LoadArgs(addr string, paths []string, conns, total int, logFile string) []string {
	args := []string{"--h1", "-t1", "-c" + strconv.Itoa(conns), "-n" + strconv.Itoa(total)}
	if logFile != "" {
		args = append(args, "--log-file="+logFile)
	}
	for _, p := range paths {
		args = append(args, "http://"+addr+p)
	}
	return args
}

// H2Load sends total GET requests for paths (rotated by h2load) to addr
// (a loopback host:port) over conns keep-alive HTTP/1.1 connections with
// h2load, an event-driven C generator running as its own process, killed
// at maxTime. Latencies come from h2load's per-request log. CPU is this
// process's CPU time meanwhile: when the server runs in this process and
// h2load outside it, the server's alone. The caller checks HaveH2Load.
func H2Load(t testing.TB, addr string, paths []string, conns, total int, maxTime time.Duration) Result {
	if h, _, _ := net.SplitHostPort(addr); h != "127.0.0.1" {
		t.Fatalf("load test against %s: loopback only", addr)
	}
	logFile := filepath.Join(t.TempDir(), "h2load.log")
	ctx, cancel := context.WithTimeout(context.Background(), maxTime)
	defer cancel()
	cmd := exec.CommandContext(ctx, H2LoadBinary, H2LoadArgs(addr, paths, conns, total, logFile)...)
	cpu0 := cpuTime()
	out, err := cmd.CombinedOutput()
	res := Result{CPU: cpuTime() - cpu0}
	if err != nil {
		t.Fatalf("h2load: %v\n%s", err, out)
	}
	el, err := h2loadElapsed(out)
	if err != nil {
		t.Fatalf("h2load: %v\n%s", err, out)
	}
	res.Elapsed = el
	lats, bad, err := readH2Log(logFile)
	if err != nil {
		t.Fatalf("h2load log: %v", err)
	}
	res.latencies(lats)
	res.Errors = bad + total - len(lats)
	return res
}

var finishedRE = regexp.MustCompile(`finished in ([0-9.]+[mun]?s),`)

// h2loadElapsed reads the measured time from h2load's summary
// ("finished in 6.16s, 32470.47 req/s, ...").
func h2loadElapsed(out []byte) (time.Duration, error) {
	m := finishedRE.FindSubmatch(out)
	if m == nil {
		return 0, fmt.Errorf("no \"finished in\" line in its output")
	}
	return time.ParseDuration(string(m[1]))
}

// readH2Log reads h2load's --log-file (start µs, status, µs to the end
// of the response, tab-separated) and returns the latencies and how many
// answers were not 200.
func readH2Log(name string) ([]time.Duration, int, error) {
	b, err := os.ReadFile(name)
	if err != nil {
		return nil, 0, err
	}
	var lats []time.Duration
	bad := 0
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "\t")
		if len(f) < 3 {
			return nil, 0, fmt.Errorf("line %q: want 3 columns", sc.Text())
		}
		us, err := strconv.ParseInt(f[2], 10, 64)
		if err != nil {
			return nil, 0, fmt.Errorf("line %q: %v", sc.Text(), err)
		}
		if f[1] != "200" {
			bad++
		}
		lats = append(lats, time.Duration(us)*time.Microsecond)
	}
	return lats, bad, sc.Err()
}

// latencies sorts lats in place and sets the percentiles of r (as
// Run and H2Load report them: the value at index n*q).
func (r *Result) latencies(lats []time.Duration) {
	r.Requests = len(lats)
	if len(lats) == 0 {
		return
	}
	slices.Sort(lats)
	at := func(q float64) time.Duration { return lats[int(float64(len(lats))*q)] }
	r.P50, r.P90, r.P99, r.P999, r.Max = at(0.5), at(0.9), at(0.99), at(0.999), lats[len(lats)-1]
}
