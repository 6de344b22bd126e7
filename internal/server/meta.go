package server

import (
	"net/http"
	"strings"
)

// handleHealth is GET /healthz.
func (s *Server) handleHealth(*http.Request) (any, error) {
	return map[string]string{"status": "ok"}, nil
}

// handleOpenAPI is GET /openapi.json.
func (s *Server) handleOpenAPI(*http.Request) (any, error) {
	return rawBody{contentType: "application/json", body: s.openapi}, nil
}

// unmatched answers requests no route matches: 405 when the path exists
// with another method, else 404.
func (s *Server) unmatched(r *http.Request) (any, error) {
	var allow []string
	for _, rt := range s.routes {
		if pathMatches(rt.pattern, r.URL.Path) && rt.method != r.Method {
			allow = append(allow, rt.method)
		}
	}
	if len(allow) > 0 {
		e := Errorf(ClassMethod, CodeMethod, r.Method, "method %s not allowed here (allowed: %s)", r.Method, strings.Join(allow, ", "))
		e.allow = strings.Join(allow, ", ")
		return nil, e
	}
	return nil, Errorf(ClassNotFound, CodeNotFound, trunc(r.URL.Path), "no such route (see /openapi.json)")
}

// pathMatches reports whether path fits pattern ({x} matches one
// non-empty segment).
func pathMatches(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if strings.HasPrefix(ps[i], "{") {
			if xs[i] == "" {
				return false
			}
			continue
		}
		if ps[i] != xs[i] {
			return false
		}
	}
	return true
}
