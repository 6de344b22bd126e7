package server

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/trace"
)

const knownTx = "0x" + "ab" + "00000000000000000000000000000000000000000000000000000000000000"

func init() {
	sampleParam["hash"] = knownTx
	sampleParam["q"] = "Lazarus"
	sampleParam["max_edges"] = "10"
}

// Tx makes the fake a TxBook: one known transaction.
func (f *fake) Tx(c chain.Info, hash string) (any, error) {
	if strings.EqualFold(hash, knownTx) {
		return map[string]any{"chain": c.Name, "hash": knownTx, "block": 1, "index": 0, "timestamp": 0}, nil
	}
	return nil, nil
}

// Counterparties makes the fake a CounterpartyBook.
func (f *fake) Counterparties(c chain.Info, addr string, limit int) (any, error) {
	return map[string]any{"chain": c.Name, "address": strings.ToLower(addr), "sent": []any{}, "received": []any{}, "limit": limit}, nil
}

// Search makes the fake a Searcher.
func (f *fake) Search(text string) (any, error) {
	return map[string]any{"query": text, "addresses": []any{}, "transactions": []any{}, "entities": []any{}, "incidents": []any{}}, nil
}

// page is a stand-in web interface: it says which path it was asked.
var page = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html")
	w.Write([]byte("<p>page " + r.URL.Path + "</p>"))
})

// TestWebRoutes: the web interface is served at / and /ui/ (also with API
// keys on), the API keeps its routes, keys and JSON errors, and the
// interface's API routes answer and refuse bad input with 4xx JSON.
func TestWebRoutes(t *testing.T) {
	o := allBackends(&fake{})
	o.Web, o.Keys = page, keys{}
	l := startLive(t, New(o))
	auth := []string{"Authorization", "Bearer " + goodKey}
	tests := []struct {
		method, path string
		hdr          []string
		status       int
		want         string // substring of the body, or the error code
	}{
		{"GET", "/", nil, 200, "<p>page /</p>"},
		{"HEAD", "/", nil, 200, ""},
		{"GET", "/ui/app.js", nil, 200, "<p>page /ui/app.js</p>"},
		{"POST", "/", nil, 404, "not_found"},
		{"GET", "/nothing", nil, 404, "not_found"},
		{"GET", "/v1/search?q=x", nil, 401, "unauthorized"},
		{"GET", "/v1/search?q=Lazarus", auth, 200, `"query":"Lazarus"`},
		{"GET", "/v1/search?q=", auth, 400, "missing_parameter"},
		{"GET", "/v1/search?q=" + strings.Repeat("a", 201), auth, 400, "bad_parameter"},
		{"GET", "/v1/tx/eth/" + knownTx, auth, 200, `"hash":"` + knownTx + `"`},
		{"GET", "/v1/tx/eth/0x" + strings.Repeat("cd", 32), auth, 404, "not_found"},
		{"GET", "/v1/tx/eth/0x12", auth, 400, "bad_parameter"},
		{"GET", "/v1/tx/nochain/" + knownTx, auth, 400, "unknown_chain"},
		{"GET", "/v1/trace/graph?chain=eth&seed=" + ethA, auth, 200, `"edges":[]`},
		{"GET", "/v1/trace/graph?chain=eth&seed=" + ethA + "&max_edges=0", auth, 400, "bad_parameter"},
		{"GET", "/v1/trace/graph?chain=eth&seed=0x12", auth, 400, "bad_address"},
		{"GET", "/v1/addresses/eth/" + ethA + "/counterparties?limit=7", auth, 200, `"limit":7`},
		{"GET", "/v1/addresses/eth/" + ethA + "/counterparties?limit=1001", auth, 400, "bad_parameter"},
		{"GET", "/v1/addresses/eth/0x12/counterparties", auth, 400, "bad_address"},
		{"GET", "/healthz", nil, 200, `"ok"`},
	}
	for _, tc := range tests {
		code, hdr, body := do(t, tc.method, l.url+tc.path, "", tc.hdr...)
		if code != tc.status {
			t.Errorf("%s %s: status %d, want %d (%s)", tc.method, tc.path, code, tc.status, body)
			continue
		}
		if code >= 400 {
			if e := apiErr(t, body); e.Code != tc.want {
				t.Errorf("%s %s: code %q, want %q", tc.method, tc.path, e.Code, tc.want)
			}
			continue
		}
		if !strings.Contains(body, tc.want) {
			t.Errorf("%s %s: body %q lacks %q", tc.method, tc.path, body, tc.want)
		}
		if tc.method == "HEAD" && hdr.Get("Content-Type") != "text/html" {
			t.Errorf("HEAD %s: content type %q", tc.path, hdr.Get("Content-Type"))
		}
	}
	_, _, m := do(t, "GET", l.url+"/metrics", "")
	if !strings.Contains(m, `route="/ui/"`) {
		t.Errorf("metrics do not count the web interface:\n%s", m)
	}
}

// TestWebRoutesWithoutWeb: without Options.Web, / stays the JSON 404 and
// the optional backends missing make their routes 501.
func TestWebRoutesWithoutWeb(t *testing.T) {
	o := Options{Tracer: &fake{}, Labels: plainLabels{}, Addresses: plainLabels{}}
	l := startLive(t, New(o))
	for path, want := range map[string]string{
		"/":                     "not_found",
		"/ui/app.js":            "not_found",
		"/v1/search?q=x":        "not_implemented",
		"/v1/tx/eth/" + knownTx: "not_implemented",
		"/v1/trace/graph?chain=eth&seed=" + ethA + "&max_hops=0": "bad_parameter",
	} {
		_, _, body := do(t, "GET", l.url+path, "")
		if e := apiErr(t, body); e.Code != want {
			t.Errorf("GET %s: %q, want %q", path, e.Code, want)
		}
	}
}

// plainLabels is a LabelStore and AddressBook without the optional
// interfaces.
type plainLabels struct{}

func (plainLabels) Labels(string, string) (any, error)      { return nil, nil }
func (plainLabels) Address(chain.Info, string) (any, error) { return nil, nil }

// TestGraphOf: edges are kept largest first and cut at max.
func TestGraphOf(t *testing.T) {
	res := &trace.Result{Edges: []trace.Edge{
		{From: "a", To: "b", Asset: "eth", Amount: "9"},
		{From: "a", To: "c", Asset: "eth", Amount: "100"},
		{From: "b", To: "d", Asset: "eth", Amount: "20"},
		{From: "a", To: "d", Asset: "eth", Amount: "20"},
	}}
	tests := []struct {
		max   int
		want  string
		trunc bool
	}{
		{10, "a>c:100 a>d:20 b>d:20 a>b:9", false},
		{2, "a>c:100 a>d:20", true},
	}
	for _, tc := range tests {
		g := graphOf(res, tc.max)
		var got []string
		for _, e := range g.Edges {
			got = append(got, e.From+">"+e.To+":"+e.Amount)
		}
		if strings.Join(got, " ") != tc.want || g.EdgesTruncated != tc.trunc || g.EdgesTotal != 4 {
			t.Errorf("max %d: %v truncated %v total %d, want %s %v 4", tc.max, got, g.EdgesTruncated, g.EdgesTotal, tc.want, tc.trunc)
		}
		b, _ := json.Marshal(g)
		if !strings.Contains(string(b), `"edges_total":4`) || strings.Contains(string(b), `"Edges"`) {
			t.Errorf("JSON %s", b)
		}
	}
}

// FuzzWebRoutes: any text as a search, a transaction hash or a
// counterparties limit is answered with 200 or a 4xx JSON error (or the
// mux's redirect of an unclean path such as /v1/tx/eth/..), never a panic
// or a 5xx.
func FuzzWebRoutes(f *testing.F) {
	for _, s := range []string{"Lazarus", "", " ", knownTx, "0x12", "<script>", "%00", strings.Repeat("é", 150), "\x00\xff"} {
		f.Add(s)
	}
	h := New(allBackends(&fake{})).Handler()
	f.Fuzz(func(t *testing.T, s string) {
		for _, path := range []string{"/v1/search?q=" + url.QueryEscape(s), "/v1/tx/eth/" + url.PathEscape(s),
			"/v1/addresses/eth/" + ethA + "/counterparties?limit=" + url.QueryEscape(s)} {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, httptest.NewRequest("GET", path, nil))
			if w.Code/100 == 3 && strings.Contains(path, "/tx/") {
				continue
			}
			if w.Code >= 500 || (w.Code != 200 && w.Code/100 != 4) || !json.Valid(w.Body.Bytes()) {
				t.Fatalf("%s: %d %s", path, w.Code, w.Body.String())
			}
		}
	})
}
