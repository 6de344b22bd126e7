package server

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
)

// maxItemLen bounds one address, seed or name (longer is bad input).
const maxItemLen = 512

// chainOf resolves a chain name (400 unknown_chain naming it).
func chainOf(name string) (chain.Info, error) {
	if name == "" {
		return chain.Info{}, Errorf(ClassBadRequest, CodeMissing, "chain", "parameter chain is required")
	}
	c, err := chain.Lookup(strings.ToLower(name))
	if err != nil {
		return chain.Info{}, Errorf(ClassBadRequest, CodeUnknownChain, name, "%v", err)
	}
	return c, nil
}

// checkAddress validates addr for c (400 bad_address naming it).
func checkAddress(c chain.Info, addr string) error {
	if len(addr) > maxItemLen {
		return Errorf(ClassBadRequest, CodeBadAddress, addr[:64]+"...", "address longer than %d bytes", maxItemLen)
	}
	if _, err := chain.ValidateAddress(c, addr); err != nil {
		return Errorf(ClassBadRequest, CodeBadAddress, addr, "%v", err)
	}
	return nil
}

// list returns the values of a repeatable query parameter (also
// comma-separated), at least one and at most MaxBatch.
func (s *Server) list(q url.Values, name string) ([]string, error) {
	var out []string
	for _, v := range q[name] {
		out = appendItems(out, v)
	}
	return s.checkList(out, name)
}

// appendItems appends the comma-separated items of v, trimmed, without
// the empty ones.
func appendItems(out []string, v string) []string {
	for more := true; more; {
		var p string
		p, v, more = strings.Cut(v, ",")
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// checkList checks the length of the items of a list parameter.
func (s *Server) checkList(out []string, name string) ([]string, error) {
	if len(out) == 0 {
		return nil, Errorf(ClassBadRequest, CodeMissing, name, "parameter %s is required", name)
	}
	if len(out) > s.opts.MaxBatch {
		return nil, Errorf(ClassBadRequest, CodeBatchTooLarge, name, "%d values of %s: at most %d per request", len(out), name, s.opts.MaxBatch)
	}
	return out, nil
}

// query reads the parameters of a request: a raw query that needs no
// unescaping (no '%', '+' or ';') and has fewer than maxPlainQuery
// bytes is read where it is, without building url.Values; any other
// through url.Values. Both give what r.URL.Query() gives
// (TestQueryMatchesURLValues, FuzzQuery).
type query struct {
	raw  string // when vals is nil
	vals url.Values
}

// maxPlainQuery bounds the queries read in place (url.ParseQuery
// ignores a query of over 10,000 parameters).
const maxPlainQuery = 10000

func queryOf(u *url.URL) query {
	if len(u.RawQuery) < maxPlainQuery && !strings.ContainsAny(u.RawQuery, "%+;") {
		return query{raw: u.RawQuery}
	}
	return query{vals: u.Query()}
}

// Get returns the first value of name ("" if none).
func (q query) Get(name string) string {
	if q.vals != nil {
		return q.vals.Get(name)
	}
	for rest := q.raw; rest != ""; {
		var kv string
		kv, rest, _ = strings.Cut(rest, "&")
		if k, v, _ := strings.Cut(kv, "="); k == name && kv != "" {
			return v
		}
	}
	return ""
}

// items appends the comma-separated items of every value of name, as
// list reads them.
func (q query) items(out []string, name string) []string {
	if q.vals != nil {
		for _, v := range q.vals[name] {
			out = appendItems(out, v)
		}
		return out
	}
	for rest := q.raw; rest != ""; {
		var kv string
		kv, rest, _ = strings.Cut(rest, "&")
		if k, v, _ := strings.Cut(kv, "="); k == name && kv != "" {
			out = appendItems(out, v)
		}
	}
	return out
}

// intParam parses an optional integer query parameter.
func intParam(q url.Values, name string, def int64, min int64) (int64, error) {
	return intValue(q.Get(name), name, def, min)
}

// intValue parses the value v of the optional integer parameter name.
func intValue(v, name string, def int64, min int64) (int64, error) {
	if v == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < min {
		return 0, Errorf(ClassBadRequest, CodeBadParameter, name, "parameter %s=%q: want an integer >= %d", name, v, min)
	}
	return n, nil
}

// decodeBody decodes the JSON body of r into dst: malformed JSON is 400
// bad_json, a body over the limit 413 body_too_large.
func decodeBody(r *http.Request, dst any) error {
	if r.Body == nil {
		return Errorf(ClassBadRequest, CodeBadJSON, "body", "a JSON body is required")
	}
	dec := json.NewDecoder(r.Body)
	err := dec.Decode(dst)
	if err == nil {
		if _, err2 := dec.Token(); err2 != io.EOF {
			err = errors.New("more than one JSON value in the body")
		}
	}
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return Errorf(ClassTooLarge, CodeBodyTooLarge, "body", "request body over %d bytes", tooBig.Limit)
	case errors.Is(err, io.EOF):
		return Errorf(ClassBadRequest, CodeBadJSON, "body", "a JSON body is required")
	case err != nil:
		return Errorf(ClassBadRequest, CodeBadJSON, "body", "malformed JSON body: %v", err)
	}
	return nil
}

// batchLen checks the size of a batch field.
func (s *Server) batchLen(field string, n int) error {
	if n == 0 {
		return Errorf(ClassBadRequest, CodeMissing, field, "%s is empty", field)
	}
	if n > s.opts.MaxBatch {
		return Errorf(ClassBadRequest, CodeBatchTooLarge, field, "%d %s: at most %d per request", n, field, s.opts.MaxBatch)
	}
	return nil
}

// notImplemented is the error of a route whose backend is missing.
func notImplemented(what string) error {
	return Errorf(ClassNotImplemented, CodeNotImplemented, "", "%s is not available in this build of vigil serve", what)
}

// results is the {"results":[...]} document of batch answers.
type results struct {
	Results []any `json:"results"`
}

// boolParam parses an optional boolean query parameter (true/false/1/0).
func boolParam(q url.Values, name string) (bool, error) {
	return boolValue(q.Get(name), name)
}

// boolValue parses the value v of the optional boolean parameter name.
func boolValue(v, name string) (bool, error) {
	if v == "" {
		return false, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, Errorf(ClassBadRequest, CodeBadParameter, name, "parameter %s=%q: want true or false", name, v)
	}
	return b, nil
}
