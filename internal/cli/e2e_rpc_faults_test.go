package cli_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// fakeBTC is a Bitcoin JSON-RPC endpoint serving a made-up chain of tip+1
// blocks (one coinbase each) for fault tests: bad answers are injected by
// block number. It speaks JSON-RPC 1.0 with batches, as bitcoind does.
type fakeBTC struct {
	tip     int
	genesis string         // hash of block 0 (others derive from it)
	bad     map[int]string // block -> raw JSON served for getblock
}

func (f *fakeBTC) hash(n int) string {
	return fmt.Sprintf("%s%04x", f.genesis[:60], n)
}

func (f *fakeBTC) block(n int) string {
	if raw, ok := f.bad[n]; ok {
		return raw
	}
	prev := ""
	if n > 0 {
		prev = f.hash(n - 1)
	}
	return fmt.Sprintf(`{"hash":%q,"height":%d,"time":%d,"previousblockhash":%q,"tx":[{"txid":"%060x%04x","vin":[{"coinbase":"00"}],
		"vout":[{"value":50.00000000,"n":0,"scriptPubKey":{"hex":"51","address":"1Fake%d"}}]}]}`, f.hash(n), n, 1600000000+n, prev, 7, n, n%3)
}

func (f *fakeBTC) answer(method string, params []json.RawMessage) string {
	switch method {
	case "getblockcount":
		return fmt.Sprint(f.tip)
	case "getblockhash":
		var n int
		json.Unmarshal(params[0], &n)
		return fmt.Sprintf("%q", f.hash(n))
	case "getblock":
		var h string
		json.Unmarshal(params[0], &h)
		for n := 0; n <= f.tip; n++ {
			if f.hash(n) == h {
				return f.block(n)
			}
		}
	}
	return "null"
}

func (f *fakeBTC) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	type req struct {
		ID     json.RawMessage   `json:"id"`
		Method string            `json:"method"`
		Params []json.RawMessage `json:"params"`
	}
	one := func(q req) string {
		return fmt.Sprintf(`{"result":%s,"error":null,"id":%s}`, f.answer(q.Method, q.Params), q.ID)
	}
	if strings.HasPrefix(strings.TrimSpace(string(body)), "[") {
		var qs []req
		json.Unmarshal(body, &qs)
		var parts []string
		for _, q := range qs {
			parts = append(parts, one(q))
		}
		io.WriteString(w, "["+strings.Join(parts, ",")+"]")
		return
	}
	var q req
	json.Unmarshal(body, &q)
	io.WriteString(w, one(q))
}

func startFake(t *testing.T, f *fakeBTC) string {
	s := httptest.NewServer(f)
	t.Cleanup(s.Close)
	return s.URL
}

const fakeGenesis = "00000000000000000000000000000000000000000000000000000000000000aa"

// TestIngestRPCFaults: a node that is down, malformed blocks, and a node
// of another network give clear errors and leave no partial state.
func TestIngestRPCFaults(t *testing.T) {
	good := &fakeBTC{tip: 5, genesis: fakeGenesis}
	for _, c := range []struct {
		name string
		bad  map[int]string
		want string
	}{
		{"not an object", map[int]string{3: `"0100ff"`}, "malformed result"},
		{"float amount", map[int]string{3: strings.Replace(good.block(3), "50.00000000", "0.000000001", 1)}, "finer than 1e-8"},
		{"wrong height", map[int]string{3: strings.Replace(good.block(3), `"height":3`, `"height":9`, 1)}, "height 9"},
		{"broken link", map[int]string{3: strings.Replace(good.block(3), good.hash(2), good.hash(1), 1)}, "does not follow"},
		{"bad address", map[int]string{3: strings.Replace(good.block(3), "1Fake0", "1 Fake", 1)}, "not a valid address"},
	} {
		t.Run(c.name, func(t *testing.T) {
			url := startFake(t, &fakeBTC{tip: 5, genesis: fakeGenesis, bad: c.bad})
			v := newVigil(t)
			code, _, errs := v.run("ingest", "rpc", "--chain", "btc", "--url", url, "--quiet")
			if code != 1 || !strings.Contains(errs, c.want) || !strings.Contains(errs, "btc blocks") {
				t.Fatalf("exit %d, stderr %q; want exit 1 naming %q", code, errs, c.want)
			}
			if _, err := os.Stat(v.data); err == nil {
				t.Fatal("a failed first ingest left a store behind")
			}
			// With blocks 0..2 stored first, the bad block changes nothing.
			v.ok("ingest", "rpc", "--chain", "btc", "--url", url, "--to", "2", "--quiet")
			before := v.snapshot("btc:1Fake0", "btc:1Fake1")
			if code, _, _ := v.run("ingest", "rpc", "--chain", "btc", "--url", url, "--quiet"); code != 1 {
				t.Fatalf("exit %d", code)
			}
			if after := v.snapshot("btc:1Fake0", "btc:1Fake1"); after != before {
				t.Fatalf("store changed by a failed ingest:\n%s\n%s", before, after)
			}
		})
	}
	t.Run("wrong genesis", func(t *testing.T) {
		v := newVigil(t)
		v.ok("ingest", "rpc", "--chain", "btc", "--url", startFake(t, good), "--quiet")
		before := v.snapshot("btc:1Fake0")
		other := &fakeBTC{tip: 7, genesis: strings.Repeat("b", 64)}
		code, _, errs := v.run("ingest", "rpc", "--chain", "btc", "--url", startFake(t, other), "--quiet")
		if code != 2 || !strings.Contains(errs, "another network") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		if v.snapshot("btc:1Fake0") != before {
			t.Fatal("store changed")
		}
	})
	t.Run("node down", func(t *testing.T) {
		s := httptest.NewServer(http.NotFoundHandler())
		url := s.URL
		s.Close()
		v := newVigil(t)
		code, _, errs := v.run("ingest", "rpc", "--chain", "btc", "--url", url, "--quiet")
		if code != 1 || !strings.Contains(errs, "connection refused") || !strings.Contains(errs, "genesis") {
			t.Fatalf("exit %d, stderr %q", code, errs)
		}
		if _, err := os.Stat(v.data); err == nil {
			t.Fatal("a failed first ingest left a store behind")
		}
	})
	t.Run("usage", func(t *testing.T) {
		v := newVigil(t)
		for _, args := range [][]string{
			{"--chain", "btc"},
			{"--chain", "btc", "--url", "ftp://x"},
			{"--chain", "btc", "--url", "http://x:1", "--from", "5", "--to", "2"},
			{"--chain", "nope", "--url", "http://x:1"},
			{"--chain", "zec", "--url", "http://x:1"},
			{"--chain", "btc", "--url", "http://x:1", "--rpc-cookie", "/nonexistent/.cookie"},
		} {
			if code, _, errs := v.run(append([]string{"ingest", "rpc"}, args...)...); code != 2 || errs == "" {
				t.Errorf("%v: exit %d, stderr %q", args, code, errs)
			}
		}
	})
}
