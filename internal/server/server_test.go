package server

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestRoutes checks the happy path of every route on a real listener.
func TestRoutes(t *testing.T) {
	l := startLive(t, New(allBackends(&fake{})))
	cases := []struct{ method, path, body, want string }{
		{"GET", "/v1/trace?chain=eth&seed=" + ethA + "&policy=fifo&since_block=3&max_hops=5", "", `"policy":"fifo"`},
		{"GET", "/v1/trace?chain=eth&seed=" + ethA + "," + ethB + "&direction=backward", "", `"seeds":["` + ethA + `","` + ethB + `"]`},
		{"GET", "/v1/labels?address=" + ethA + "&address=" + ethB, "", `{"results":[{`},
		{"GET", "/v1/labels?chain=eth&address=" + ethA, "", ethA},
		{"GET", "/v1/addresses/eth/" + ethA, "", `"seen":false`},
		{"GET", "/v1/incidents", "", `{"incidents":[{"id":"bybit",`},
		{"GET", "/v1/incidents/bybit", "", `"id":"bybit"`},
		{"GET", "/v1/screen?chain=eth&address=" + ethA, "", `"risk":"none"`},
		{"POST", "/v1/screen", `{"chain":"eth","addresses":["` + ethA + `","` + ethB + `"]}`, ethB},
		{"GET", "/v1/screen?chain=eth&address=" + ethA + "&hops=2&explain=true", "", `"explain":true,"hops":2`},
		{"POST", "/v1/screen", `{"chain":"eth","addresses":["` + ethA + `"],"hops":5,"explain":true}`, `"explain":true,"hops":5`},
		{"GET", "/v1/screen-name?name=Kim,+Jong+Un&threshold=0.9&limit=3", "", `"hit":false,"limit":3,"matches":[],"query":"Kim, Jong Un","threshold":0.9`},
		{"POST", "/v1/screen-name", `{"names":["Lazarus Group","Kim Il"],"limit":2}`, `Kim Il`},
		{"GET", "/api/v1/address/" + ethA, "", `{"identifications":[{"category":"sanctions"`},
		{"GET", "/api/v1/address/" + ethB, "", `{"identifications":[]}`},
		{"GET", "/healthz", "", `{"status":"ok"}`},
		{"GET", "/openapi.json", "", `"openapi": "3.0.3"`},
		{"GET", "/metrics", "", "vigil_http_requests_in_flight"},
	}
	for _, c := range cases {
		code, h, body := do(t, c.method, l.url+c.path, c.body)
		if code != 200 || !strings.Contains(body, c.want) {
			t.Errorf("%s %s: %d %s", c.method, c.path, code, body)
		}
		if ct := h.Get("Content-Type"); c.path != "/metrics" && ct != "application/json" {
			t.Errorf("%s: content type %q", c.path, ct)
		}
		if c.path != "/metrics" && c.path != "/openapi.json" && !json.Valid([]byte(body)) {
			t.Errorf("%s: not JSON: %s", c.path, body)
		}
	}
}

// TestBadInput checks that bad requests get 4xx JSON errors naming the
// item, with the stable codes.
func TestBadInput(t *testing.T) {
	s := New(allBackends(&fake{}))
	l := startLive(t, s)
	big := `{"chain":"eth","addresses":[` + strings.Repeat(`"`+ethA+`",`, 10000) + `"` + ethA + `"]}`
	huge := `{"names":["` + strings.Repeat("a", 2<<20) + `"]}`
	cases := []struct {
		method, path, body string
		status             int
		code, item         string
	}{
		{"GET", "/v1/trace?chain=eth", "", 400, CodeMissing, "seed"},
		{"GET", "/v1/trace?seed=" + ethA, "", 400, CodeMissing, "chain"},
		{"GET", "/v1/trace?chain=nope&seed=" + ethA, "", 400, CodeUnknownChain, "nope"},
		{"GET", "/v1/trace?chain=eth&seed=0x1234", "", 400, CodeBadAddress, "0x1234"},
		{"GET", "/v1/trace?chain=eth&seed=" + ethA + "&policy=lifo", "", 400, CodeBadParameter, "policy"},
		{"GET", "/v1/trace?chain=eth&seed=" + ethA + "&max_hops=0", "", 400, CodeBadParameter, "max_hops"},
		{"GET", "/v1/trace?chain=eth&seed=" + ethA + "&since_block=-1", "", 400, CodeBadParameter, "since_block"},
		{"GET", "/v1/trace?chain=eth&seed=" + ethA + "&direction=up", "", 400, CodeBadParameter, "direction"},
		{"GET", "/v1/trace?chain=eth&seed=" + ethA + "&direction=backward&policy=poison", "", 400, CodeBadParameter, "policy"},
		{"GET", "/v1/labels?address=zzz", "", 400, CodeBadAddress, "zzz"},
		{"GET", "/v1/labels?chain=doge2&address=" + ethA, "", 400, CodeUnknownChain, "doge2"},
		{"GET", "/v1/labels", "", 400, CodeMissing, "address"},
		{"GET", "/v1/addresses/xyz/" + ethA, "", 400, CodeUnknownChain, "xyz"},
		{"GET", "/v1/addresses/eth/0xnothex", "", 400, CodeBadAddress, "0xnothex"},
		{"GET", "/v1/addresses/btc/" + ethA, "", 400, CodeBadAddress, ethA},
		{"GET", "/v1/addresses/eth/0x71AEE4105a974db383b4bcc2eda63566b467e858", "", 400, CodeBadAddress, "0x71AEE4105a974db383b4bcc2eda63566b467e858"},
		{"GET", "/v1/addresses/btc/1BoatSLRHtKNngkdXEeobR76b53LETtpyU", "", 400, CodeBadAddress, "1BoatSLRHtKNngkdXEeobR76b53LETtpyU"},
		{"GET", "/v1/incidents/nope", "", 404, CodeNotFound, "nope"},
		{"GET", "/v1/screen?chain=eth&address=" + ethA + "&address=0x12", "", 400, CodeBadAddress, "0x12"},
		{"POST", "/v1/screen", `{"chain":"eth","addresses":["` + ethA + `",`, 400, CodeBadJSON, "body"},
		{"POST", "/v1/screen", `{"chain":"eth","addresses":"x"}`, 400, CodeBadJSON, "body"},
		{"POST", "/v1/screen", `{"chain":"eth","addresses":[]} {}`, 400, CodeBadJSON, "body"},
		{"POST", "/v1/screen", ``, 400, CodeBadJSON, "body"},
		{"POST", "/v1/screen", `{"chain":"eth","addresses":[]}`, 400, CodeMissing, "addresses"},
		{"POST", "/v1/screen", `{"chain":"sol","addresses":["` + ethA + `"]}`, 400, CodeUnknownChain, "sol"},
		{"POST", "/v1/screen", `{"chain":"eth","addresses":["` + ethA + `","0xbad"]}`, 400, CodeBadAddress, "0xbad"},
		{"POST", "/v1/screen", big, 400, CodeBatchTooLarge, "addresses"},
		{"POST", "/v1/screen-name", huge, 413, CodeBodyTooLarge, "body"},
		{"POST", "/v1/screen-name", `{"names":["  "]}`, 400, CodeBadParameter, "  "},
		{"GET", "/v1/screen-name", "", 400, CodeMissing, "name"},
		{"GET", "/v1/screen?chain=eth&address=" + ethA + "&hops=0", "", 400, CodeBadParameter, "hops"},
		{"GET", "/v1/screen?chain=eth&address=" + ethA + "&hops=65", "", 400, CodeBadParameter, "hops"},
		{"GET", "/v1/screen?chain=eth&address=" + ethA + "&explain=maybe", "", 400, CodeBadParameter, "explain"},
		{"POST", "/v1/screen", `{"chain":"eth","addresses":["` + ethA + `"],"hops":-1}`, 400, CodeBadParameter, "hops"},
		{"GET", "/v1/screen-name?name=x&threshold=2", "", 400, CodeBadParameter, "threshold"},
		{"GET", "/v1/screen-name?name=x&threshold=abc", "", 400, CodeBadParameter, "threshold"},
		{"GET", "/v1/screen-name?name=x&limit=0", "", 400, CodeBadParameter, "limit"},
		{"POST", "/v1/screen-name", `{"names":["x"],"limit":5000}`, 400, CodeBadParameter, "limit"},
		{"DELETE", "/v1/screen", "", 405, CodeMethod, "DELETE"},
		{"GET", "/v2/nothing", "", 404, CodeNotFound, "/v2/nothing"},
	}
	for _, c := range cases {
		code, _, body := do(t, c.method, l.url+c.path, c.body)
		if code != c.status {
			t.Errorf("%s %.80s: status %d, want %d: %.200s", c.method, c.path, code, c.status, body)
			continue
		}
		e := apiErr(t, body)
		if e.Code != c.code || e.Item != c.item {
			t.Errorf("%s %.80s: code %q item %q, want %q %q (%s)", c.method, c.path, e.Code, e.Item, c.code, c.item, e.Message)
		}
	}
	code, h, _ := do(t, "PUT", l.url+"/v1/screen", "")
	if code != 405 || h.Get("Allow") != "GET, POST" {
		t.Errorf("405 Allow: %d %q", code, h.Get("Allow"))
	}
}

// TestNotImplemented: routes without a backend answer 501 JSON.
func TestNotImplemented(t *testing.T) {
	l := startLive(t, New(Options{}))
	for _, p := range []string{"/v1/screen?chain=eth&address=" + ethA, "/v1/screen-name?name=x", "/v1/trace?chain=eth&seed=" + ethA,
		"/v1/labels?address=" + ethA, "/v1/addresses/eth/" + ethA, "/v1/incidents", "/v1/incidents/x", "/api/v1/address/" + ethA} {
		code, _, body := do(t, "GET", l.url+p, "")
		if code != 501 || apiErr(t, body).Code != CodeNotImplemented {
			t.Errorf("%s: %d %s", p, code, body)
		}
	}
	code, _, body := do(t, "POST", l.url+"/v1/screen", `{"chain":"eth","addresses":["`+ethA+`"]}`)
	if code != 501 || apiErr(t, body).Code != CodeNotImplemented {
		t.Errorf("POST /v1/screen: %d %s", code, body)
	}
}

// TestAuth: with keys, API routes need a valid bearer key (or X-API-Key);
// health, OpenAPI and metrics stay open; keys never reach the log.
func TestAuth(t *testing.T) {
	var logBuf syncBuffer
	o := allBackends(&fake{})
	o.Keys, o.Logger = keys{}, newJSONLogger(&logBuf)
	l := startLive(t, New(o))
	url := l.url + "/v1/labels?address=" + ethA
	for _, h := range [][]string{nil, {"Authorization", "Bearer wrong"}, {"Authorization", "Basic " + goodKey}, {"Authorization", "Bearer"}} {
		code, hdr, body := do(t, "GET", url, "", h...)
		if code != 401 || apiErr(t, body).Code != CodeUnauthorized || hdr.Get("WWW-Authenticate") == "" {
			t.Errorf("%v: %d %s", h, code, body)
		}
	}
	for _, h := range [][]string{{"Authorization", "Bearer " + goodKey}, {"Authorization", "bearer " + goodKey}, {"X-API-Key", goodKey}} {
		if code, _, body := do(t, "GET", url, "", h...); code != 200 {
			t.Errorf("%v: %d %s", h, code, body)
		}
	}
	for _, p := range []string{"/healthz", "/openapi.json", "/metrics"} {
		if code, _, _ := do(t, "GET", l.url+p, ""); code != 200 {
			t.Errorf("%s without key: %d", p, code)
		}
	}
	if strings.Contains(logBuf.String(), goodKey) || !strings.Contains(logBuf.String(), `"key_id":"k1"`) {
		t.Errorf("log:\n%s", logBuf.String())
	}
}

// TestPanicRecovered: a panicking handler gives 500 JSON and the server
// keeps serving.
func TestPanicRecovered(t *testing.T) {
	var logBuf syncBuffer
	o := allBackends(&fake{})
	o.Logger = newJSONLogger(&logBuf)
	l := startLive(t, New(o))
	code, _, body := do(t, "GET", l.url+"/v1/trace?chain=eth&seed="+panicSeed, "")
	if code != 500 || apiErr(t, body).Code != CodeInternal || strings.Contains(body, "boom") {
		t.Errorf("panic: %d %s", code, body)
	}
	if !strings.Contains(logBuf.String(), "boom") {
		t.Errorf("panic not logged: %s", logBuf.String())
	}
	if code, _, _ := do(t, "GET", l.url+"/healthz", ""); code != 200 {
		t.Errorf("after panic: %d", code)
	}
}

// TestMetrics: counts by route and status, histogram, in-flight.
func TestMetrics(t *testing.T) {
	l := startLive(t, New(allBackends(&fake{})))
	for i := 0; i < 3; i++ {
		do(t, "GET", l.url+"/v1/labels?address="+ethA, "")
	}
	do(t, "GET", l.url+"/v1/labels?address=zz", "")
	_, _, m := do(t, "GET", l.url+"/metrics", "")
	for _, want := range []string{
		`vigil_http_requests_total{route="/v1/labels",method="GET",status="200"} 3`,
		`vigil_http_requests_total{route="/v1/labels",method="GET",status="400"} 1`,
		`vigil_http_request_duration_seconds_bucket{route="/v1/labels",method="GET",le="+Inf"} 4`,
		`vigil_http_request_duration_seconds_count{route="/v1/labels",method="GET"} 4`,
		"# TYPE vigil_http_request_duration_seconds histogram",
		"vigil_http_requests_in_flight 1", // the /metrics request itself
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %q:\n%s", want, m)
		}
	}
	for _, line := range strings.Split(strings.TrimSpace(m), "\n") {
		if !strings.HasPrefix(line, "#") && len(strings.Fields(line)) != 2 {
			t.Errorf("bad exposition line %q", line)
		}
	}
	_ = fmt.Sprint
	_ = http.StatusOK
}
