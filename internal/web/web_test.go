package web

import (
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
)

// get serves one request and returns the recorder.
func get(method, path string, hdr ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, path, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	Handler().ServeHTTP(w, r)
	return w
}

// TestHandler: the page, its assets, HEAD, revalidation, and JSON errors.
func TestHandler(t *testing.T) {
	tests := []struct {
		method, path string
		hdr          []string
		status       int
		ctype, body  string
	}{
		{"GET", "/", nil, 200, "text/html; charset=utf-8", `<script type="module" src="/ui/js/app.js">`},
		{"HEAD", "/", nil, 200, "text/html; charset=utf-8", ""},
		{"GET", "/ui/index.html", nil, 200, "text/html; charset=utf-8", "<title>vigil</title>"},
		{"GET", "/ui/js/app.js", nil, 200, "text/javascript; charset=utf-8", "hashchange"},
		{"GET", "/ui/style.css", nil, 200, "text/css; charset=utf-8", ".graph"},
		{"GET", "/ui/nope.js", nil, 404, "application/json", `"code":"not_found"`},
		{"GET", "/ui/../web.go", nil, 404, "application/json", `"code":"not_found"`},
		{"POST", "/", nil, 405, "application/json", `"code":"method_not_allowed"`},
		{"GET", "/", []string{"If-None-Match", `"` + files()["/"].etag + `"`}, 304, "", ""},
	}
	for _, tc := range tests {
		w := get(tc.method, tc.path, tc.hdr...)
		if w.Code != tc.status || (tc.ctype != "" && w.Header().Get("Content-Type") != tc.ctype) || !strings.Contains(w.Body.String(), tc.body) {
			t.Errorf("%s %s: %d %q %.80q", tc.method, tc.path, w.Code, w.Header().Get("Content-Type"), w.Body.String())
		}
		if tc.method == "HEAD" && w.Body.Len() != 0 {
			t.Errorf("HEAD %s: body of %d bytes", tc.path, w.Body.Len())
		}
		if w.Header().Get("X-Content-Type-Options") != "nosniff" {
			t.Errorf("%s %s: no nosniff", tc.method, tc.path)
		}
		if w.Code == 200 && !strings.Contains(w.Header().Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("%s %s: CSP %q", tc.method, tc.path, w.Header().Get("Content-Security-Policy"))
		}
	}
}

// TestGzip: a client that accepts gzip gets the same bytes compressed,
// under its own ETag.
func TestGzip(t *testing.T) {
	for _, hdr := range []string{"gzip", "br, gzip;q=0.5", "GZIP"} {
		w := get("GET", "/ui/js/graph.js", "Accept-Encoding", hdr)
		if w.Header().Get("Content-Encoding") != "gzip" || !strings.HasSuffix(w.Header().Get("ETag"), `-gz"`) {
			t.Fatalf("%q: %v", hdr, w.Header())
		}
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil || string(b) != string(files()["/ui/js/graph.js"].body) {
			t.Errorf("%q: gunzipped body differs (%v)", hdr, err)
		}
	}
	for _, hdr := range []string{"", "br", "gzip;q=0"} {
		if w := get("GET", "/ui/js/graph.js", "Accept-Encoding", hdr); w.Header().Get("Content-Encoding") != "" {
			t.Errorf("%q: encoded %q", hdr, w.Header().Get("Content-Encoding"))
		}
	}
}

// importRE finds the module imports of a script.
var importRE = regexp.MustCompile(`(?m)^import .* from '(\./|\.\./)([^']+)';$`)

// TestAssets: every module a script imports is embedded, no asset loads
// anything from another origin, and no script turns strings into markup or
// code (the interface sets text only; see doc.go).
func TestAssets(t *testing.T) {
	forbidden := regexp.MustCompile(`innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\('on`)
	remote := regexp.MustCompile(`(?i)(src|href)=["']?(https?:)?//|@import|url\(\s*["']?https?:`)
	n := 0
	err := fs.WalkDir(assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		n++
		b, _ := assets.ReadFile(p)
		src := string(b)
		if m := remote.FindString(src); m != "" {
			t.Errorf("%s loads from another origin: %q", p, m)
		}
		if !strings.HasSuffix(p, ".js") {
			return nil
		}
		if m := forbidden.FindString(src); m != "" {
			t.Errorf("%s uses %s", p, m)
		}
		dir := p[:strings.LastIndex(p, "/")]
		for _, m := range importRE.FindAllStringSubmatch(src, -1) {
			target := dir + "/" + m[2]
			if m[1] == "../" {
				target = dir[:strings.LastIndex(dir, "/")] + "/" + m[2]
			}
			if _, err := fs.Stat(assets, target); err != nil {
				t.Errorf("%s imports %s%s: not embedded", p, m[1], m[2])
			}
		}
		return nil
	})
	if err != nil || n < 10 {
		t.Fatalf("walk: %v (%d files)", err, n)
	}
	if len(Paths()) != n+1 {
		t.Errorf("%d paths served for %d files", len(Paths()), n)
	}
}

// BenchmarkHandler serves the page (what each visit costs the server).
func BenchmarkHandler(b *testing.B) {
	h := Handler()
	r := httptest.NewRequest("GET", "/ui/js/graph.js", nil)
	for b.Loop() {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		if w.Code != http.StatusOK {
			b.Fatal(w.Code)
		}
	}
}
