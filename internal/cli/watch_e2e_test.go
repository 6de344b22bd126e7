package cli_test

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/vigil-project/vigil/internal/watch"
)

const e2eSecret = "e2e-watch-secret"

// hookLog collects webhook requests and checks their signatures.
type hookLog struct {
	mu     sync.Mutex
	ids    map[string]int
	badSig int
}

func (h *hookLog) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	var a struct{ ID string }
	json.Unmarshal(body, &a)
	h.mu.Lock()
	defer h.mu.Unlock()
	if !watch.Verify(e2eSecret, body, r.Header.Get(watch.SignatureHeader)) {
		h.badSig++
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	h.ids[a.ID]++
}

type alertDoc struct {
	ID       string   `json:"id"`
	Watch    string   `json:"watch"`
	Tx       string   `json:"tx"`
	Block    uint64   `json:"block"`
	Status   string   `json:"status"`
	Followed []string `json:"followed"`
}

// TestWatchCLI drives the monitoring commands end to end: simulate a
// heist, ingest its first blocks, import its labels and incident, watch
// the incident with a signed webhook and a log file, ingest the rest:
// the ingest raises and delivers the alerts.
func TestWatchCLI(t *testing.T) {
	v := newVigil(t)
	sim := filepath.Join(t.TempDir(), "sim")
	v.ok("simulate", "eth", "--seed", "7", "--background", "2000", "--out", sim)
	var truth struct {
		TheftBlock uint64   `json:"theft_block"`
		Seeds      []string `json:"seeds"`
	}
	b, err := os.ReadFile(filepath.Join(sim, "truth.json"))
	if err == nil {
		err = json.Unmarshal(b, &truth)
	}
	if err != nil {
		t.Fatal(err)
	}
	split := truth.TheftBlock + 6
	v.ok("ingest", "ethereum-etl", "--quiet", splitETL(t, sim, 0, split-1))
	v.ok("labels", "import", "--quiet", "--format", "csv", filepath.Join(sim, "labels.csv"))
	v.ok("incidents", "import", writeIncident(t, truth.Seeds))

	hooks := &hookLog{ids: map[string]int{}}
	srv := httptest.NewServer(hooks)
	defer srv.Close()
	logFile := filepath.Join(t.TempDir(), "alerts.jsonl")
	var added struct {
		ID        string `json:"id"`
		Signed    bool   `json:"signed"`
		Addresses int    `json:"addresses"`
	}
	out := v.json(&added, "watch", "add", "--chain", "eth", "--incident", "sim-heist", "--webhook", srv.URL,
		"--secret", e2eSecret, "--log", logFile, "--name", "sim heist")
	if added.ID != "w1" || !added.Signed || added.Addresses <= len(truth.Seeds) || strings.Contains(out, e2eSecret) {
		t.Fatalf("watch add printed %s", out)
	}
	code, _, errs := v.run("ingest", "ethereum-etl", splitETL(t, sim, split, 1<<62))
	if code != 0 || !strings.Contains(errs, "new alerts") || strings.Contains(errs, e2eSecret) {
		t.Fatalf("second ingest: exit %d, stderr:\n%s", code, errs)
	}
	var doc struct{ Alerts []alertDoc }
	v.json(&doc, "alerts", "--watch", "w1")
	checkCLIAlerts(t, doc.Alerts, hooks, logFile)
	checkWatchList(t, v, doc.Alerts)
}

func checkCLIAlerts(t *testing.T, as []alertDoc, hooks *hookLog, logFile string) {
	t.Helper()
	hooks.mu.Lock()
	defer hooks.mu.Unlock()
	if len(as) == 0 || hooks.badSig != 0 || len(hooks.ids) != len(as) {
		t.Fatalf("%d alerts, webhook got %d (%d bad signatures)", len(as), len(hooks.ids), hooks.badSig)
	}
	lines := countLines(t, logFile)
	for _, a := range as {
		if a.Status != "delivered" || hooks.ids[a.ID] != 1 || lines[a.ID] != 1 {
			t.Fatalf("alert %+v: webhook %d, log %d", a, hooks.ids[a.ID], lines[a.ID])
		}
	}
}

func checkWatchList(t *testing.T, v *vigil, as []alertDoc) {
	t.Helper()
	followed := 0
	for _, a := range as {
		followed += len(a.Followed)
	}
	var list struct {
		Watches []struct {
			ID       string `json:"id"`
			Followed int    `json:"followed"`
		} `json:"watches"`
	}
	out := v.json(&list, "watch", "list")
	if len(list.Watches) != 1 || followed == 0 || list.Watches[0].Followed != followed || strings.Contains(out, e2eSecret) {
		t.Fatalf("watch list: %s (alerts followed %d)", out, followed)
	}
	var st struct {
		Delivered int `json:"delivered"`
		Queued    int `json:"queued"`
	}
	v.json(&st, "alerts", "deliver")
	if st.Delivered != 0 || st.Queued != 0 {
		t.Fatalf("alerts deliver after delivery: %+v", st)
	}
	v.ok("watch", "remove", "w1")
	v.json(&list, "watch", "list")
	if len(list.Watches) != 0 {
		t.Fatalf("after remove: %+v", list)
	}
	var doc struct{ Alerts []alertDoc }
	if v.json(&doc, "alerts"); len(doc.Alerts) != len(as) {
		t.Fatalf("alerts after removing the watch: %d, want %d kept", len(doc.Alerts), len(as))
	}
}

// TestWatchCLIBadUsage: bad input exits 2 with a one-line message.
func TestWatchCLIBadUsage(t *testing.T) {
	v := newVigil(t)
	for _, args := range [][]string{
		{"watch"},
		{"watch", "frob"},
		{"watch", "add", "--chain", "eth"},
		{"watch", "add", "--chain", "eth", "--address", "0x12"},
		{"watch", "add", "--chain", "nochain", "--address", "0x0000000000000000000000000000000000000abc"},
		{"watch", "add", "--chain", "eth", "--incident", "no-such-incident"},
		{"watch", "add", "--chain", "eth", "--address", "0x0000000000000000000000000000000000000abc", "--webhook", "ftp://x"},
		{"watch", "add", "--chain", "eth", "--address", "0x0000000000000000000000000000000000000abc", "--secret", "s"},
		{"watch", "remove", "w7"},
		{"watch", "remove", "seven"},
		{"alerts", "--status", "lost"},
		{"alerts", "--watch", "x"},
	} {
		code, out, errs := v.run(args...)
		if code != 2 || out != "" || !strings.HasPrefix(errs, "vigil: ") || strings.Count(errs, "\n") != 1 {
			t.Errorf("vigil %s: exit %d, stdout %q, stderr %q", strings.Join(args, " "), code, out, errs)
		}
	}
}

// splitETL copies the rows of blocks lo..hi of an ethereum-etl export to
// a new directory.
func splitETL(t *testing.T, dir string, lo, hi uint64) string {
	t.Helper()
	out := t.TempDir()
	for _, f := range []string{"blocks.csv", "transactions.csv", "receipts.csv", "traces.csv", "token_transfers.csv"} {
		in, err := os.Open(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		rows, err := csv.NewReader(in).ReadAll()
		in.Close()
		if err != nil {
			t.Fatal(err)
		}
		col := 0
		for i, h := range rows[0] {
			if h == "block_number" || h == "number" && f == "blocks.csv" {
				col = i
			}
		}
		keep := rows[:1]
		for _, r := range rows[1:] {
			if n, _ := strconv.ParseUint(r[col], 10, 64); n >= lo && n <= hi {
				keep = append(keep, r)
			}
		}
		o, err := os.Create(filepath.Join(out, f))
		if err != nil {
			t.Fatal(err)
		}
		w := csv.NewWriter(o)
		w.WriteAll(keep)
		o.Close()
	}
	return out
}

func writeIncident(t *testing.T, seeds []string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("incidents:\n  - id: sim-heist\n    name: Simulated heist\n    date: {value: unknown}\n    victim: {value: unknown}\n    actor: {value: unknown}\n    chains: [eth]\n    seeds:\n")
	for _, s := range seeds {
		fmt.Fprintf(&b, "      - {chain: eth, address: %q, role: theft, sources: [\"vigil simulate\"]}\n", s)
	}
	p := filepath.Join(t.TempDir(), "incidents.yaml")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func countLines(t *testing.T, path string) map[string]int {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a alertDoc
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("log line %q: %v", sc.Text(), err)
		}
		out[a.ID]++
	}
	return out
}
