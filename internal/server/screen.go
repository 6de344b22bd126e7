package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// screenRequest is the body of POST /v1/screen.
type screenRequest struct {
	Chain     string   `json:"chain"`
	Addresses []string `json:"addresses"`
	Hops      int      `json:"hops"`
	Explain   bool     `json:"explain"`
}

// nameRequest is the body of POST /v1/screen-name.
type nameRequest struct {
	Names     []string `json:"names"`
	Threshold float64  `json:"threshold"`
	Limit     int      `json:"limit"`
}

// handleScreenGet is GET /v1/screen?chain=&address=.
func (s *Server) handleScreenGet(r *http.Request) (any, error) {
	if s.opts.Screener == nil {
		return nil, notImplemented("address screening")
	}
	v := queryOf(r.URL)
	var buf [4]string // the usual one address needs no allocation
	addrs, err := s.checkList(v.items(buf[:0], "address"), "address")
	if err != nil {
		return nil, err
	}
	hops, err := intValue(v.Get("hops"), "hops", 0, 1)
	if err != nil {
		return nil, err
	}
	explain, err := boolValue(v.Get("explain"), "explain")
	if err != nil {
		return nil, err
	}
	return s.screen(v.Get("chain"), addrs, ScreenOptions{Hops: int(hops), Explain: explain})
}

// handleScreenPost is POST /v1/screen with {"chain":..,"addresses":[..]}.
func (s *Server) handleScreenPost(r *http.Request) (any, error) {
	if s.opts.Screener == nil {
		return nil, notImplemented("address screening")
	}
	var req screenRequest
	if err := decodeBody(r, &req); err != nil {
		return nil, err
	}
	if err := s.batchLen("addresses", len(req.Addresses)); err != nil {
		return nil, err
	}
	if req.Hops < 0 {
		return nil, Errorf(ClassBadRequest, CodeBadParameter, "hops", "hops %d: want 1 to %d", req.Hops, maxHops)
	}
	return s.screen(req.Chain, req.Addresses, ScreenOptions{Hops: req.Hops, Explain: req.Explain})
}

// screen validates every address first (nothing is screened when one is
// bad), then screens them in order.
func (s *Server) screen(chainName string, addrs []string, o ScreenOptions) (any, error) {
	c, err := chainOf(chainName)
	if err != nil {
		return nil, err
	}
	if o.Hops > maxHops {
		return nil, Errorf(ClassBadRequest, CodeBadParameter, "hops", "hops %d: want 1 to %d", o.Hops, maxHops)
	}
	for _, a := range addrs {
		if err := checkAddress(c, a); err != nil {
			return nil, err
		}
	}
	res := make([]any, 0, len(addrs))
	for _, a := range addrs {
		v, err := s.opts.Screener.Screen(c, a, o)
		if err != nil {
			return nil, itemError(err, a)
		}
		res = append(res, v)
	}
	return results{res}, nil
}

// handleNameGet is GET /v1/screen-name?name=.
func (s *Server) handleNameGet(r *http.Request) (any, error) {
	if s.opts.Names == nil {
		return nil, notImplemented("name screening")
	}
	v := r.URL.Query()
	names := v["name"] // names may hold commas: no splitting
	if len(names) == 0 {
		return nil, Errorf(ClassBadRequest, CodeMissing, "name", "parameter name is required")
	}
	if err := s.batchLen("name", len(names)); err != nil {
		return nil, err
	}
	o, err := nameOptions(v)
	if err != nil {
		return nil, err
	}
	return s.screenNames(names, o)
}

// handleNamePost is POST /v1/screen-name with {"names":[..]}.
func (s *Server) handleNamePost(r *http.Request) (any, error) {
	if s.opts.Names == nil {
		return nil, notImplemented("name screening")
	}
	var req nameRequest
	if err := decodeBody(r, &req); err != nil {
		return nil, err
	}
	if err := s.batchLen("names", len(req.Names)); err != nil {
		return nil, err
	}
	o := NameOptions{Threshold: req.Threshold, Limit: req.Limit}
	if err := checkNameOptions(o); err != nil {
		return nil, err
	}
	return s.screenNames(req.Names, o)
}

func (s *Server) screenNames(names []string, o NameOptions) (any, error) {
	for _, n := range names {
		if strings.TrimSpace(n) == "" || len(n) > maxItemLen {
			return nil, Errorf(ClassBadRequest, CodeBadParameter, trunc(n), "a name must be 1 to %d bytes, not blank", maxItemLen)
		}
	}
	res := make([]any, 0, len(names))
	for _, n := range names {
		v, err := s.opts.Names.ScreenName(n, o)
		if err != nil {
			return nil, itemError(err, n)
		}
		res = append(res, v)
	}
	return results{res}, nil
}

// handleSanctions is GET /api/v1/address/{address}: the identifications
// list is empty (not absent) for a clean or unknown address.
func (s *Server) handleSanctions(r *http.Request) (any, error) {
	if s.opts.Sanctions == nil {
		return nil, notImplemented("the sanctions check")
	}
	a := strings.TrimSpace(r.PathValue("address"))
	if a == "" || len(a) > maxItemLen {
		return nil, Errorf(ClassBadRequest, CodeBadAddress, trunc(a), "address must be 1 to %d bytes", maxItemLen)
	}
	ids, err := s.opts.Sanctions.Sanctioned(a)
	if err != nil {
		return nil, itemError(err, a)
	}
	if ids == nil {
		ids = []Identification{}
	}
	return map[string][]Identification{"identifications": ids}, nil
}

func trunc(s string) string {
	if len(s) > 64 {
		return s[:64] + "..."
	}
	return s
}

// maxHops bounds the hops of indirect exposure a request may ask for.
const maxHops = 64

// nameOptions reads threshold and limit of GET /v1/screen-name.
func nameOptions(v url.Values) (NameOptions, error) {
	var o NameOptions
	if t := v.Get("threshold"); t != "" {
		f, err := strconv.ParseFloat(t, 64)
		if err != nil {
			return o, Errorf(ClassBadRequest, CodeBadParameter, "threshold", "threshold %q: want a number in (0, 1]", t)
		}
		o.Threshold = f
	}
	n, err := intParam(v, "limit", 0, 1)
	if err != nil {
		return o, err
	}
	o.Limit = int(n)
	return o, checkNameOptions(o)
}

func checkNameOptions(o NameOptions) error {
	if o.Threshold < 0 || o.Threshold > 1 || o.Threshold != o.Threshold {
		return Errorf(ClassBadRequest, CodeBadParameter, "threshold", "threshold %v: want a number in (0, 1]", o.Threshold)
	}
	if o.Limit < 0 || o.Limit > 1000 {
		return Errorf(ClassBadRequest, CodeBadParameter, "limit", "limit %d: want 1 to 1000", o.Limit)
	}
	return nil
}
