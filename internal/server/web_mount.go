package server

import (
	"encoding/json"
	"log/slog"
	"net/http"
	"time"
)

// mountWeb adds the web interface's API routes (web_routes.go) to s and,
// when Options.Web is set, serves the interface itself: GET and HEAD of
// "/" and "/ui/..." go to it (without an API key: the page asks for one
// and sends it with its API calls). Everything else keeps its route or
// the JSON 404 fallback.
func (s *Server) mountWeb() {
	extra := s.webRoutes()
	for _, rt := range extra {
		s.metrics.add(rt)
		s.mux.Handle(rt.method+" "+rt.pattern, s.wrap(rt))
	}
	s.routes = append(s.routes, extra...)
	s.openapi = withSchemas(s.openAPIDocument(), webSchemas())
	if s.opts.Web == nil {
		return
	}
	rt := &route{name: "web", method: "GET", pattern: "/ui/", open: true}
	s.metrics.add(rt)
	h := s.wrapWeb(rt, s.opts.Web)
	s.mux.Handle("GET /{$}", h)
	s.mux.Handle("GET /ui/", h)
}

// withSchemas adds schemas to the components of an OpenAPI document.
func withSchemas(doc []byte, add obj) []byte {
	var d obj
	if err := json.Unmarshal(doc, &d); err != nil {
		panic(err) // the document was just marshaled
	}
	sch := d["components"].(obj)["schemas"].(obj)
	for k, v := range add {
		sch[k] = v
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		panic(err)
	}
	return b
}

// wrapWeb counts and logs the requests of the web interface like wrap
// does for the API.
func (s *Server) wrapWeb(rt *route, h http.Handler) http.Handler {
	rm := s.metrics.of(rt)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.metrics.inflight.Add(1)
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(sw, r)
		d := time.Since(start)
		s.metrics.inflight.Add(-1)
		rm.observe(sw.status, d)
		if s.log.Enabled(r.Context(), slog.LevelInfo) {
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method),
				slog.String("route", rt.pattern), slog.String("path", r.URL.Path), slog.Int("status", sw.status),
				slog.Float64("duration_ms", float64(d.Microseconds())/1000), slog.String("key_id", ""))
		}
	})
}

// statusWriter remembers the status written through it.
type statusWriter struct {
	http.ResponseWriter
	status int
}

// WriteHeader records the status and writes it.
func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}
