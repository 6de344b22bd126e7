package server

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"
)

// wrap is the one place that writes responses: auth, body limit, panic
// recovery, JSON or raw result, JSON error, metrics and the access log.
func (s *Server) wrap(rt *route) http.Handler {
	rm := s.metrics.of(rt)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		s.metrics.inflight.Add(1)
		status, keyID := s.serve(rt, w, r)
		d := time.Since(start)
		s.metrics.inflight.Add(-1)
		rm.observe(status, d)
		if s.log.Enabled(r.Context(), slog.LevelInfo) {
			s.log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method),
				slog.String("route", rt.pattern), slog.String("path", r.URL.Path), slog.Int("status", status),
				slog.Float64("duration_ms", float64(d.Microseconds())/1000), slog.String("key_id", keyID))
		}
	})
}

// serve runs the handler of rt and writes its answer; it returns the
// status written and the API key id used.
func (s *Server) serve(rt *route, w http.ResponseWriter, r *http.Request) (status int, keyID string) {
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("panic", slog.String("route", rt.pattern), slog.String("panic", fmt.Sprint(p)),
				slog.String("stack", string(debug.Stack())))
			status = s.writeError(w, rt, &Error{Class: ClassInternal, Code: CodeInternal, Message: "internal error (logged by the server)"})
		}
	}()
	if !rt.open && s.opts.Keys != nil {
		id, ok := s.authorize(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="vigil"`)
			return s.writeError(w, rt, Errorf(ClassUnauthorized, CodeUnauthorized, "", "an API key is required: Authorization: Bearer <key>")), ""
		}
		keyID = id
	}
	if r.Body != nil && r.Body != http.NoBody {
		r.Body = http.MaxBytesReader(w, r.Body, s.opts.MaxBody)
	}
	v, err := rt.handle(r)
	if err != nil {
		return s.writeError(w, rt, err), keyID
	}
	return s.writeResult(w, v), keyID
}

// authorize checks the bearer key (or X-API-Key, as the sanctions API
// clients send it).
func (s *Server) authorize(r *http.Request) (string, bool) {
	key := r.Header.Get("X-API-Key")
	if h := r.Header.Get("Authorization"); h != "" {
		const p = "bearer "
		if len(h) <= len(p) || subtle.ConstantTimeCompare([]byte(strings.ToLower(h[:len(p)])), []byte(p)) != 1 {
			return "", false
		}
		key = strings.TrimSpace(h[len(p):])
	}
	if key == "" {
		return "", false
	}
	return s.opts.Keys.CheckKey(key)
}

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// writeResult writes v with status 200: JSON, or a rawBody as is.
func (s *Server) writeResult(w http.ResponseWriter, v any) int {
	if raw, ok := v.(rawBody); ok {
		w.Header().Set("Content-Type", raw.contentType)
		w.Header().Set("Content-Length", strconv.Itoa(len(raw.body)))
		if cd := disposition(raw); cd != "" {
			w.Header().Set("Content-Disposition", cd)
		}
		w.WriteHeader(http.StatusOK)
		w.Write(raw.body)
		return http.StatusOK
	}
	return s.writeJSON(w, http.StatusOK, v)
}

// writeJSON encodes v (compact, one line) and writes it with status.
func (s *Server) writeJSON(w http.ResponseWriter, status int, v any) int {
	buf := bufPool.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= 1<<20 {
			buf.Reset()
			bufPool.Put(buf)
		}
	}()
	if err := encode(buf, v); err != nil {
		s.log.Error("encoding a response", slog.String("error", err.Error()))
		buf.Reset()
		status = http.StatusInternalServerError
		encode(buf, errorBody{errorJSON{Code: CodeInternal, Message: "internal error (logged by the server)"}})
	}
	h := w.Header()
	h["Content-Type"] = jsonType
	h["Content-Length"] = []string{strconv.Itoa(buf.Len())}
	w.WriteHeader(status)
	w.Write(buf.Bytes())
	return status
}

// writeError writes err as the JSON error body with its class's status.
// Internal errors are logged with their cause; clients get a fixed text.
func (s *Server) writeError(w http.ResponseWriter, rt *route, err error) int {
	e := toAPIError(err)
	if e.allow != "" {
		w.Header().Set("Allow", e.allow)
	}
	if e.Class == ClassInternal || e.Class == ClassUnavailable {
		s.log.Error("request failed", slog.String("route", rt.pattern), slog.String("error", err.Error()))
	}
	return s.writeJSON(w, e.status(), errorBody{errorJSON{Code: e.Code, Message: e.Message, Item: e.Item}})
}

// jsonType is the Content-Type of JSON answers, shared by every response
// (the engines only read header values).
var jsonType = []string{"application/json"}

// encode writes v as one line of JSON. Results whose items are already
// encoded (json.RawMessage, as the screening cache keeps them) are joined
// as they are instead of being re-validated by encoding/json.
func encode(buf *bytes.Buffer, v any) error {
	if r, ok := v.(results); ok && allRaw(r.Results) {
		buf.WriteString(`{"results":[`)
		for i, x := range r.Results {
			if i > 0 {
				buf.WriteByte(',')
			}
			buf.Write(x.(json.RawMessage))
		}
		buf.WriteString("]}\n")
		return nil
	}
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

func allRaw(xs []any) bool {
	for _, x := range xs {
		if b, ok := x.(json.RawMessage); !ok || len(b) == 0 {
			return false
		}
	}
	return true
}

// disposition is the Content-Disposition of a raw result with a file
// name: attachment for archives and CSV, inline for pages and JSON. The
// name is reduced to safe characters.
func disposition(raw rawBody) string {
	if raw.filename == "" {
		return ""
	}
	name := []byte(raw.filename)
	for i, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			name[i] = '_'
		}
	}
	kind := "inline"
	if strings.HasPrefix(raw.contentType, "application/zip") || strings.HasPrefix(raw.contentType, "text/csv") {
		kind = "attachment"
	}
	return kind + `; filename="` + string(name) + `"`
}
