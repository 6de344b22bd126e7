package web

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

//go:embed assets
var assets embed.FS

// Prefix is the URL path under which the assets are served.
const Prefix = "/ui/"

// csp allows scripts, styles, images and API calls from the page's own
// origin only: no inline script, no CDN, no frames.
const csp = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// asset is one embedded file, ready to serve (also gzipped, when that
// makes it smaller).
type asset struct {
	body, gz []byte
	ctype    string
	etag     string
}

// files maps a URL path ("/" or "/ui/...") to its asset. It is built on
// first use, not at start: hashing and gzipping the assets takes tens of
// milliseconds that every other command (an ingest, a screen) would pay.
var files = sync.OnceValue(load)

// load reads the embedded assets.
func load() map[string]*asset {
	out := map[string]*asset{}
	err := fs.WalkDir(assets, "assets", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := assets.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		ct := mime.TypeByExtension(path.Ext(p))
		if ct == "" {
			ct = "application/octet-stream"
		}
		out[Prefix+strings.TrimPrefix(p, "assets/")] = &asset{body: b, gz: gzipped(b), ctype: ct, etag: hex.EncodeToString(sum[:8])}
		return nil
	})
	if err != nil {
		panic("web: embedded assets: " + err.Error()) // built into the binary
	}
	out["/"] = out[Prefix+"index.html"]
	return out
}

// Paths lists the URL paths served (for tests and docs).
func Paths() []string {
	out := make([]string, 0, len(files()))
	for p := range files() {
		out = append(out, p)
	}
	return out
}

// Handler serves the page at "/" and the assets under Prefix, for GET
// and HEAD; other paths and methods get a JSON error.
func Handler() http.Handler { return http.HandlerFunc(serve) }

func serve(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		h.Set("Allow", "GET, HEAD")
		jsonError(w, http.StatusMethodNotAllowed, "method_not_allowed", "method "+r.Method+" not allowed here (allowed: GET, HEAD)")
		return
	}
	a := files()[r.URL.Path]
	if a == nil {
		jsonError(w, http.StatusNotFound, "not_found", "no such page or asset (the interface is at /)")
		return
	}
	h.Set("Content-Type", a.ctype)
	h.Set("Content-Security-Policy", csp)
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cache-Control", "no-cache") // revalidate: an upgraded binary serves new assets at once
	h.Set("Vary", "Accept-Encoding")
	body, etag := a.body, `"`+a.etag+`"`
	if a.gz != nil && acceptsGzip(r) {
		body, etag = a.gz, `"`+a.etag+`-gz"`
		h.Set("Content-Encoding", "gzip")
	}
	h.Set("ETag", etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
}

// gzipped returns b compressed, or nil when that is not smaller.
func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(b)
	zw.Close()
	if buf.Len() >= len(b) {
		return nil
	}
	return buf.Bytes()
}

// acceptsGzip reports whether the request accepts a gzip body.
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.ReplaceAll(q, " ", "") != "q=0" {
			return true
		}
	}
	return false
}

// jsonError writes the API's error body.
func jsonError(w http.ResponseWriter, status int, code, msg string) {
	b, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": msg}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
}
