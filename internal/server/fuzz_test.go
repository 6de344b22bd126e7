package server

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzHandlers feeds random methods, paths, queries and bodies to the
// handler: it must never panic (a recovered panic is a 500 and fails the
// fuzz too) and must always answer with a valid status and, except for
// the metrics text, a JSON body.
func FuzzHandlers(f *testing.F) {
	s := New(allBackends(&fake{}))
	seeds := []struct{ m, u, b string }{
		{"GET", "/v1/trace?chain=eth&seed=" + ethA + "&max_hops=3", ""},
		{"GET", "/v1/labels?address=%zz", ""},
		{"POST", "/v1/screen", `{"chain":"eth","addresses":["` + ethA + `"]}`},
		{"POST", "/v1/screen-name", `{"names":[null,1]}`},
		{"GET", "/v1/addresses/eth/" + ethA, ""},
		{"GET", "/api/v1/address/%00", ""},
		{"GET", "/v1/incidents/%2F..", ""},
		{"PATCH", "/metrics", "x"},
	}
	for _, sd := range seeds {
		f.Add(sd.m, sd.u, sd.b)
	}
	f.Fuzz(func(t *testing.T, method, target, body string) {
		if !validMethod(method) || !strings.HasPrefix(target, "/") || strings.ContainsAny(target, " \r\n\t#") {
			return
		}
		req, err := http.NewRequest(method, "http://127.0.0.1"+target, strings.NewReader(body))
		if err != nil {
			return
		}
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		if w.Code == 500 {
			t.Fatalf("%s %q %q: 500 %s", method, target, body, w.Body.String())
		}
		if w.Code < 200 || w.Code > 599 {
			t.Fatalf("status %d", w.Code)
		}
	})
}

func validMethod(m string) bool {
	switch m {
	case "GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS":
		return true
	}
	return false
}
