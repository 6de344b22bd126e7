package server

import (
	"net/http"
	"strings"
)

// screenRequest is the body of POST /v1/screen.
type screenRequest struct {
	Chain     string   `json:"chain"`
	Addresses []string `json:"addresses"`
}

// nameRequest is the body of POST /v1/screen-name.
type nameRequest struct {
	Names []string `json:"names"`
}

// handleScreenGet is GET /v1/screen?chain=&address=.
func (s *Server) handleScreenGet(r *http.Request) (any, error) {
	if s.opts.Screener == nil {
		return nil, notImplemented("address screening")
	}
	v := r.URL.Query()
	addrs, err := s.list(v, "address")
	if err != nil {
		return nil, err
	}
	return s.screen(v.Get("chain"), addrs)
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
	return s.screen(req.Chain, req.Addresses)
}

// screen validates every address first (nothing is screened when one is
// bad), then screens them in order.
func (s *Server) screen(chainName string, addrs []string) (any, error) {
	c, err := chainOf(chainName)
	if err != nil {
		return nil, err
	}
	for _, a := range addrs {
		if err := checkAddress(c, a); err != nil {
			return nil, err
		}
	}
	res := make([]any, 0, len(addrs))
	for _, a := range addrs {
		v, err := s.opts.Screener.Screen(c, a)
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
	names := r.URL.Query()["name"] // names may hold commas: no splitting
	if len(names) == 0 {
		return nil, Errorf(ClassBadRequest, CodeMissing, "name", "parameter name is required")
	}
	if err := s.batchLen("name", len(names)); err != nil {
		return nil, err
	}
	return s.screenNames(names)
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
	return s.screenNames(req.Names)
}

func (s *Server) screenNames(names []string) (any, error) {
	for _, n := range names {
		if strings.TrimSpace(n) == "" || len(n) > maxItemLen {
			return nil, Errorf(ClassBadRequest, CodeBadParameter, trunc(n), "a name must be 1 to %d bytes, not blank", maxItemLen)
		}
	}
	res := make([]any, 0, len(names))
	for _, n := range names {
		v, err := s.opts.Names.ScreenName(n)
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
