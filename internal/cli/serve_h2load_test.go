package cli_test

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/server"
	"github.com/vigil-project/vigil/internal/sharedtest/loadgen"
)

// TestServeH2Load measures GET /v1/screen on a real loopback listener
// over the simulated heist store (as TestServeLoad) with h2load, an
// event-driven C generator in its own process, so that the generator's
// CPU is not the test process's: the process CPU it prints is the
// server's alone. Opt-in and bounded: VIGIL_H2LOAD=N sends N requests
// per measure (after N/10 to warm up), each measure killed after 60 s;
// VIGIL_LOAD_CONNS sets the connections (default 16) and
// VIGIL_LOAD_ROUNDS=R alternates the engines (fast, net) R times.
func TestServeH2Load(t *testing.T) {
	total := envInt("VIGIL_H2LOAD", 0)
	if total == 0 {
		t.Skip("opt-in: VIGIL_H2LOAD=N sends N requests with h2load (docs/server.md)")
	}
	if !loadgen.HaveH2Load() {
		t.Skip("h2load not found: install nghttp2-client (.ci/install.d/50-h2load.sh)")
	}
	conns, rounds := envInt("VIGIL_LOAD_CONNS", 16), envInt("VIGIL_LOAD_ROUNDS", 1)
	v, seeds, _ := heistStore(t)
	addrs := append([]string{}, seeds...)
	for _, r := range readCSV(t, filepath.Join(filepath.Dir(v.data), "sim", "labels.csv")) {
		addrs = append(addrs, r["address"])
	}
	var paths []string
	for _, a := range addrs {
		paths = append(paths, "/v1/screen?chain=eth&address="+a)
	}
	t.Logf("generator: %s %s ... (%d URIs)", loadgen.H2LoadBinary,
		strings.Join(loadgen.H2LoadArgs("127.0.0.1:PORT", paths[:1], conns, total, "LOG"), " "), len(paths))
	for round := 0; round < rounds; round++ {
		for _, engine := range []string{server.EngineFast, server.EngineNet} {
			u, stop := v.served("--http-engine", engine)
			host := strings.TrimPrefix(u, "http://")
			loadgen.H2Load(t, host, paths, conns, max(total/10, 1), 60*time.Second)
			r := loadgen.H2Load(t, host, paths, conns, total, 60*time.Second)
			stop()
			t.Logf("%s: GET /v1/screen, h2load, %d connections: %v (process CPU = the server's)", engine, conns, r)
			if r.Errors > 0 {
				t.Errorf("%d requests failed or were not 200", r.Errors)
			}
		}
	}
}
