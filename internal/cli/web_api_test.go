package cli_test

import (
	"fmt"
	"net/url"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestWebAPISameJSON: the routes added for the web interface answer with
// the JSON of the CLI commands they mirror (tx, labels search, trace), and
// with 4xx JSON errors on bad input.
func TestWebAPISameJSON(t *testing.T) {
	v, seeds, theft := webStore(t)
	var tr struct {
		Endpoints []struct{ Path []string } `json:"endpoints"`
	}
	since := fmt.Sprint(theft)
	v.json(&tr, "trace", "--chain", "eth", "--seed", seeds[0], "--since-block", since)
	hash := tr.Endpoints[0].Path[0]
	base, stop := v.served()
	defer stop()

	if code, got := getJSON(t, base+"/v1/tx/eth/"+hash); code != 200 || !reflect.DeepEqual(got, v.cliJSON("tx", "--chain", "eth", hash)) {
		t.Errorf("tx: %d %v", code, got)
	}
	_, s := getJSON(t, base+"/v1/search?q=lazarus")
	want := v.cliJSON("labels", "search", "lazarus").(map[string]any)["results"]
	if got := s.(map[string]any)["entities"]; !reflect.DeepEqual(got, want) || len(want.([]any)) == 0 {
		t.Errorf("search entities %v\nlabels search %v", got, want)
	}
	_, s = getJSON(t, base+"/v1/search?q="+url.QueryEscape(strings.ToUpper(seeds[0][2:])))
	if fmt.Sprint(s.(map[string]any)["addresses"]) != "[map[address:"+seeds[0]+" chain:eth labels:3 seen:true]]" ||
		!strings.Contains(fmt.Sprint(s.(map[string]any)["incidents"]), "sim-heist") {
		t.Errorf("search of a seed without 0x: %v", s)
	}
	_, s = getJSON(t, base+"/v1/search?q="+hash)
	if txs := s.(map[string]any)["transactions"].([]any); len(txs) != 1 || txs[0].(map[string]any)["hash"] != hash {
		t.Errorf("search of a tx hash: %v", s)
	}
	q := "chain=eth&seed=" + seeds[0] + "&since_block=" + since
	_, g := getJSON(t, base+"/v1/trace/graph?"+q)
	gm := g.(map[string]any)
	edges := gm["edges"].([]any)
	if len(edges) == 0 || gm["edges_total"] != float64(len(edges)) || gm["edges_truncated"] != false {
		t.Errorf("trace graph edges: %d, total %v, truncated %v", len(edges), gm["edges_total"], gm["edges_truncated"])
	}
	for _, k := range []string{"edges", "edges_total", "edges_truncated"} {
		delete(gm, k)
	}
	if w := noElapsed(v.cliJSON("trace", "--chain", "eth", "--seed", seeds[0], "--since-block", since)); !reflect.DeepEqual(noElapsed(gm), w) {
		t.Errorf("trace graph without its edges differs from trace --json:\n%v\n%v", gm, w)
	}
	if _, g := getJSON(t, base+"/v1/trace/graph?"+q+"&max_edges=2"); len(g.(map[string]any)["edges"].([]any)) != 2 || g.(map[string]any)["edges_truncated"] != true {
		t.Errorf("max_edges=2: %v", g)
	}
	for path, code := range map[string]string{
		"/v1/tx/eth/0x" + strings.Repeat("00", 32): "not_found",
		"/v1/tx/eth/xyz":   "bad_parameter",
		"/v1/search?q=%20": "missing_parameter",
		"/v1/trace/graph?chain=eth&seed=" + seeds[0] + "&max_edges=x": "bad_parameter",
	} {
		status, got := getJSON(t, base+path)
		if status < 400 || status > 499 || !strings.Contains(fmt.Sprint(got), "code:"+code) {
			t.Errorf("%s: %d %v, want %s", path, status, got, code)
		}
	}
}

// TestWebSearchLimit: a text that matches more labels than /v1/search
// reads (500) gets the first 500 in the order of labels search (exact
// match first, then by name): the same page as reading every match.
func TestWebSearchLimit(t *testing.T) {
	v := newVigil(t)
	var csv strings.Builder
	csv.WriteString("chain,address,entity,category,source,confidence\n")
	for i := 0; i < 700; i++ {
		fmt.Fprintf(&csv, "eth,0x%040x,Heist Wallet %03d,heist,test,90\n", (i*389)%700+1, i)
	}
	csv.WriteString("eth,0x" + strings.Repeat("e", 40) + ",Heist,heist,test,90\n")
	path := filepath.Join(t.TempDir(), "labels.csv")
	writeFile(t, path, []byte(csv.String()))
	v.ok("labels", "import", "--quiet", "--format", "csv", path)
	base, stop := v.served()
	defer stop()
	_, s := getJSON(t, base+"/v1/search?q=heist")
	got := s.(map[string]any)["entities"].([]any)
	all := v.cliJSON("labels", "search", "heist").(map[string]any)["results"].([]any)
	if len(all) != 701 || len(got) != 500 || !reflect.DeepEqual(got, all[:500]) {
		t.Fatalf("/v1/search: %d entities, want the first 500 of labels search's %d", len(got), len(all))
	}
	if first := got[0].(map[string]any); first["entity"] != "Heist" || first["exact"] != true {
		t.Errorf("the exact match is not first: %v", first)
	}
	if last := got[499].(map[string]any); last["entity"] != "Heist Wallet 498" {
		t.Errorf("entity 500 is %v, want Heist Wallet 498", last["entity"])
	}
}
