package loadgen

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestH2LoadElapsed(t *testing.T) {
	for _, c := range []struct {
		out  string
		want time.Duration
		ok   bool
	}{
		{"\nfinished in 6.16s, 32470.47 req/s, 15.64MB/s\n", 6160 * time.Millisecond, true},
		{"finished in 616.12ms, 1623.06 req/s, 1MB/s", 616120 * time.Microsecond, true},
		{"finished in 812us, 1 req/s", 812 * time.Microsecond, true},
		{"requests: 0 total", 0, false},
	} {
		got, err := h2loadElapsed([]byte(c.out))
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("%q: got %v, %v; want %v (ok %v)", c.out, got, err, c.want, c.ok)
		}
	}
}

func TestReadH2Log(t *testing.T) {
	name := filepath.Join(t.TempDir(), "log")
	os.WriteFile(name, []byte("1795999615791204\t200\t872\n1795999615791227\t404\t914\n1795999615791210\t200\t1500\n"), 0o644)
	lats, bad, err := readH2Log(name)
	if err != nil || bad != 1 || len(lats) != 3 || lats[2] != 1500*time.Microsecond {
		t.Fatalf("got %v, %d, %v", lats, bad, err)
	}
	var r Result
	if r.latencies(lats); r.Requests != 3 || r.P50 != 914*time.Microsecond || r.P99 != 1500*time.Microsecond || r.Max != r.P99 {
		t.Errorf("percentiles %+v", r)
	}
	os.WriteFile(name, []byte("1\t200\n"), 0o644)
	if _, _, err := readH2Log(name); err == nil {
		t.Error("a short line was accepted")
	}
}
