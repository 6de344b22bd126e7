package cli_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/vigil-project/vigil/internal/cli"
)

// heistStore builds a store from a simulated heist (seed 5) plus one
// sanctioned label; it returns the vigil, the truth's seeds and theft
// block.
func heistStore(t testing.TB) (*vigil, []string, uint64) {
	v := newVigil(t)
	simDir := filepath.Join(filepath.Dir(v.data), "sim")
	v.ok("simulate", "eth", "--seed", "5", "--background", "2000", "--out", simDir)
	v.ok("ingest", "ethereum-etl", "--quiet", simDir)
	v.ok("labels", "import", "--quiet", "--format", "csv", filepath.Join(simDir, "labels.csv"))
	var truth struct {
		Seeds      []string `json:"seeds"`
		TheftBlock uint64   `json:"theft_block"`
	}
	b, err := os.ReadFile(filepath.Join(simDir, "truth.json"))
	if err != nil || json.Unmarshal(b, &truth) != nil {
		t.Fatalf("truth.json: %v", err)
	}
	csv := filepath.Join(t.TempDir(), "sdn.csv")
	writeFile(t, csv, []byte("chain,address,entity,category,source,confidence\n"+
		"eth,"+truth.Seeds[0]+",Lazarus Group,sanctioned,https://sanctionssearch.ofac.treas.gov/,100\n"))
	v.ok("labels", "import", "--quiet", "--format", "csv", csv)
	return v, truth.Seeds, truth.TheftBlock
}

// served runs `vigil serve args...` in the background on 127.0.0.1:0 and
// returns its base URL and a stop function that returns its exit status.
func (v *vigil) served(args ...string) (string, func() int) {
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	restore := cli.SetServeHooks(func() (context.Context, context.CancelFunc) { return ctx, cancel },
		func(a string) { ready <- a })
	code := make(chan int, 1)
	go func() {
		c, _, errs := v.run(append([]string{"serve", "--listen", "127.0.0.1:0", "--quiet"}, args...)...)
		if c != 0 {
			v.t.Logf("serve: exit %d: %s", c, errs)
		}
		code <- c
	}()
	select {
	case a := <-ready:
		return "http://" + a, func() int { cancel(); c := <-code; restore(); return c }
	case c := <-code:
		restore()
		v.t.Fatalf("serve exited %d before listening", c)
	case <-time.After(10 * time.Second):
		v.t.Fatal("serve did not start")
	}
	return "", nil
}

// namesFile writes names one per line and returns the file.
func namesFile(t testing.TB, names ...string) string {
	p := filepath.Join(t.TempDir(), "names.txt")
	writeFile(t, p, []byte(strings.Join(names, "\n")+"\n"))
	return p
}

// getJSON fetches url and decodes its JSON body.
func getJSON(t testing.TB, url string, hdr ...string) (int, any) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatalf("%s: not JSON: %v\n%s", url, err, b)
	}
	return resp.StatusCode, out
}

// cliJSON runs a --json command and decodes its output as generic JSON.
func (v *vigil) cliJSON(args ...string) any {
	var out any
	v.json(&out, args...)
	return out
}

// noElapsed zeroes the trace timing, which differs between runs.
func noElapsed(doc any) any {
	if m, ok := doc.(map[string]any); ok {
		if st, ok := m["stats"].(map[string]any); ok {
			st["elapsed_ms"] = 0.0
		}
	}
	return doc
}

// TestServeSameJSON: on a simulated heist, every HTTP route answers with
// the same JSON as the CLI command it mirrors; imports go on while it
// serves its snapshot (with --snapshot=false an ingest fails at once); the
// server stops cleanly and removes its snapshot.
func TestServeSameJSON(t *testing.T) {
	v, seeds, theft := heistStore(t)
	s0 := seeds[0]
	since := fmt.Sprint(theft)
	want := map[string]any{
		"/v1/trace?chain=eth&seed=" + s0 + "&since_block=" + since: noElapsed(v.cliJSON("trace", "--chain", "eth", "--seed", s0, "--since-block", since)),
		"/v1/trace?chain=eth&seed=" + s0 + "&since_block=" + since + "&policy=fifo&max_hops=3": noElapsed(v.cliJSON("trace", "--chain", "eth", "--seed", s0,
			"--since-block", since, "--policy", "fifo", "--max-hops", "3")),
		"/v1/trace?chain=eth&seed=" + s0 + "&direction=backward":      noElapsed(v.cliJSON("trace", "--chain", "eth", "--seed", s0, "--direction", "backward")),
		"/v1/labels?address=" + s0 + "&address=" + seeds[1]:           v.cliJSON("labels", "get", s0, seeds[1]),
		"/v1/addresses/eth/" + s0:                                     v.cliJSON("address", "--chain", "eth", s0),
		"/v1/incidents":                                               v.cliJSON("incidents", "list"),
		"/v1/incidents/bybit-2025-02-21":                              v.cliJSON("incidents", "show", "bybit-2025-02-21"),
		"/v1/screen?chain=eth&address=" + s0 + "," + seeds[1]:         v.cliJSON("screen", "--chain", "eth", s0, seeds[1]),
		"/v1/screen?chain=eth&address=" + s0 + "&hops=2&explain=true": v.cliJSON("screen", "--chain", "eth", s0, "--hops", "2", "--explain"),
		"/v1/screen-name?name=Lazarus+Group&name=Simulated+Heist":     v.cliJSON("screen-name", "--input", namesFile(t, "Lazarus Group", "Simulated Heist")),
		"/v1/screen-name?name=Lazarus&threshold=0.5&limit=3":          v.cliJSON("screen-name", "--threshold", "0.5", "--limit", "3", "Lazarus"),
	}
	reload := make(chan os.Signal, 1)
	defer cli.SetServeReload(reload)()
	url, stop := v.served()
	for path, w := range want {
		code, got := getJSON(t, url+path)
		if code != 200 || !reflect.DeepEqual(noElapsed(got), w) {
			t.Errorf("GET %s: %d\n got %v\nwant %v", path, code, got, w)
		}
	}
	code, got := getJSON(t, url+"/api/v1/address/0x"+strings.ToUpper(s0[2:]))
	ids, _ := got.(map[string]any)["identifications"].([]any)
	if code != 200 || len(ids) != 1 || !strings.Contains(fmt.Sprint(ids[0]), "SANCTIONS: ") || !strings.Contains(fmt.Sprint(ids[0]), "Lazarus Group") {
		t.Errorf("sanctions check: %d %v", code, got)
	}
	if code, got := getJSON(t, url+"/api/v1/address/"+seeds[1]); code != 200 || fmt.Sprint(got) != "map[identifications:[]]" {
		t.Errorf("sanctions check, clean: %d %v", code, got)
	}
	if code, got := getJSON(t, url+"/v1/screen-name?name=Lazarus+Group"); code != 200 || !strings.Contains(fmt.Sprint(got), "Lazarus Group") {
		t.Errorf("screen-name: %d %v", code, got)
	}
	// The server reads a snapshot: an import goes on while it serves, and
	// the server keeps answering from the data as it was at start.
	csv := filepath.Join(t.TempDir(), "more.csv")
	writeFile(t, csv, []byte("chain,address,entity,category,source,confidence\neth,"+seeds[1]+",Other,scam,https://x,50\n"))
	v.ok("labels", "import", "--quiet", "--format", "csv", csv)
	if code, got := getJSON(t, url+"/v1/labels?address="+seeds[1]); code != 200 || strings.Contains(fmt.Sprint(got), "Other") {
		t.Errorf("labels changed under the server: %v", got)
	}
	// SIGHUP (here: the reload hook) takes a new snapshot: the label shows.
	reload <- os.Interrupt
	deadline := time.Now().Add(10 * time.Second)
	for {
		_, got := getJSON(t, url+"/v1/labels?address="+seeds[1])
		if strings.Contains(fmt.Sprint(got), "Other") {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("no new label after reload: %v", got)
		}
		time.Sleep(20 * time.Millisecond)
	}
	for ents, _ := os.ReadDir(filepath.Join(v.data, "serve-snapshots")); len(ents) != 1; ents, _ = os.ReadDir(filepath.Join(v.data, "serve-snapshots")) {
		if time.Now().After(deadline) {
			t.Fatalf("after reload, %d snapshots (want the new one only)", len(ents))
		}
		time.Sleep(20 * time.Millisecond)
	}
	if c := stop(); c != 0 {
		t.Errorf("serve exit %d", c)
	}
	if ents, _ := os.ReadDir(filepath.Join(v.data, "serve-snapshots")); len(ents) != 0 {
		t.Errorf("snapshot left behind: %v", ents)
	}
	// Holding the store instead: an ingest fails at once.
	_, stop = v.served("--snapshot=false")
	start := time.Now()
	if c, _, errs := v.run("ingest", "ethereum-etl", "--quiet", t.TempDir()); c == 0 || !strings.Contains(errs, "in use") || time.Since(start) > 5*time.Second {
		t.Errorf("ingest while serving --snapshot=false: exit %d in %v: %s", c, time.Since(start), errs)
	}
	if c := stop(); c != 0 {
		t.Errorf("serve exit %d", c)
	}
}

// TestServeAuth: --auth needs a valid, unrevoked key made by vigil keys.
func TestServeAuth(t *testing.T) {
	v := newVigil(t)
	if c, _, errs := v.run("serve", "--auth"); c != 2 || !strings.Contains(errs, "no store") {
		t.Errorf("serve without a store: %d %s", c, errs)
	}
	var k1, k2 struct{ ID, Key string }
	v.json(&k1, "keys", "create", "--name", "ops")
	v.json(&k2, "keys", "create", "--name", "old")
	v.ok("keys", "revoke", k2.ID)
	list := v.ok("keys", "list")
	if strings.Contains(list, k1.Key) || !strings.Contains(list, k2.ID) || !strings.Contains(list, "ops") {
		t.Errorf("keys list:\n%s", list)
	}
	if c, _, _ := v.run("keys", "revoke", "nope"); c != 2 {
		t.Errorf("revoke unknown: exit %d", c)
	}
	url, stop := v.served("--auth")
	defer stop()
	path := url + "/v1/labels?address=0x71aee4105a974db383b4bcc2eda63566b467e858"
	for _, h := range [][]string{nil, {"Authorization", "Bearer " + k2.Key}, {"Authorization", "Bearer " + k1.Key + "x"}} {
		if code, got := getJSON(t, path, h...); code != 401 || !strings.Contains(fmt.Sprint(got), "unauthorized") {
			t.Errorf("%v: %d %v", h, code, got)
		}
	}
	if code, got := getJSON(t, path, "Authorization", "Bearer "+k1.Key); code != 200 {
		t.Errorf("valid key: %d %v", code, got)
	}
	if code, _ := getJSON(t, url+"/healthz"); code != 200 {
		t.Errorf("healthz: %d", code)
	}
}
