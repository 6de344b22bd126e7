package cli

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vigil-project/vigil/internal/screen"
	"github.com/vigil-project/vigil/internal/server"
)

// FuzzServeHandlers feeds random requests to the server wired to the real
// backends over a simulated heist store: no input may crash it or make it
// answer 500.
func FuzzServeHandlers(f *testing.F) {
	dir := f.TempDir()
	data, sim := filepath.Join(dir, "data"), filepath.Join(dir, "sim")
	env := &Env{Stdout: io.Discard, Stderr: io.Discard, Getenv: func(string) string { return "" }}
	for _, args := range [][]string{
		{"simulate", "eth", "--seed", "5", "--background", "200", "--out", sim},
		{"--data", data, "ingest", "ethereum-etl", "--quiet", sim},
		{"--data", data, "labels", "import", "--quiet", "--format", "csv", filepath.Join(sim, "labels.csv")},
	} {
		if code := Main(args, env); code != 0 {
			f.Fatalf("vigil %s: exit %d", strings.Join(args, " "), code)
		}
	}
	st, closeStore, err := serveStore(env, data, true)
	if err != nil {
		f.Fatal(err)
	}
	defer closeStore()
	hops, rules := screen.DefaultHops, ""
	opts, closeScreen, err := serveOptions(env, st, false, true, screenFlags{rules: &rules, hops: &hops})
	if err != nil {
		f.Fatal(err)
	}
	defer closeScreen()
	h := server.New(opts).Handler()
	const a = "0x71aee4105a974db383b4bcc2eda63566b467e858"
	for _, s := range [][3]string{
		{"GET", "/v1/trace?chain=eth&seed=" + a + "&max_hops=2", ""},
		{"GET", "/v1/trace?chain=btc&seed=" + a, ""},
		{"GET", "/v1/labels?address=" + a + "&address=1BoatSLRHtKNngkdXEeobR76b53LETtpyT", ""},
		{"GET", "/v1/addresses/eth/" + a, ""},
		{"GET", "/v1/incidents/bybit-2025-02-21", ""},
		{"POST", "/v1/screen", `{"chain":"eth","addresses":["` + a + `"],"hops":2}`},
		{"POST", "/v1/screen-name", `{"names":["Lazarus","김정은"],"threshold":0.5}`},
		{"GET", "/api/v1/address/" + a, ""},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, method, target, body string) {
		if !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n\t#") || strings.ContainsAny(method, " /\r\n") || method == "" {
			return
		}
		req, err := http.NewRequest(method, "http://127.0.0.1"+target, bytes.NewReader([]byte(body)))
		if err != nil {
			return
		}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		if w.Code >= 500 && w.Code != http.StatusNotImplemented {
			t.Fatalf("%s %q %q: %d %s", method, target, body, w.Code, w.Body.String())
		}
	})
}
