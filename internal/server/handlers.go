package server

import (
	"net/http"
	"net/url"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/trace"
)

// handleTrace is GET /v1/trace.
func (s *Server) handleTrace(r *http.Request) (any, error) {
	if s.opts.Tracer == nil {
		return nil, notImplemented("tracing")
	}
	q, err := s.traceQuery(r.URL.Query())
	if err != nil {
		return nil, err
	}
	return s.opts.Tracer.Trace(q)
}

// traceQuery reads a trace's parameters (chain, seeds, and the options
// of traceOptions), checking every seed address.
func (s *Server) traceQuery(v url.Values) (trace.Query, error) {
	c, err := chainOf(v.Get("chain"))
	if err != nil {
		return trace.Query{}, err
	}
	seeds, err := s.list(v, "seed")
	if err != nil {
		return trace.Query{}, err
	}
	for _, a := range seeds {
		if err := checkAddress(c, a); err != nil {
			return trace.Query{}, err
		}
	}
	q := trace.Query{Chain: c, Seeds: seeds}
	return q, traceOptions(v, &q)
}

// traceOptions reads the optional trace parameters into q.
func traceOptions(v url.Values, q *trace.Query) error {
	since, err := intParam(v, "since_block", 0, 0)
	if err != nil {
		return err
	}
	hops, err := intParam(v, "max_hops", trace.DefaultMaxHops, 1)
	if err != nil {
		return err
	}
	if hops > 1<<20 {
		return Errorf(ClassBadRequest, CodeBadParameter, "max_hops", "max_hops %d: at most %d", hops, 1<<20)
	}
	q.SinceBlock, q.MaxHops = uint64(since), int(hops)
	if p := v.Get("policy"); p != "" {
		if q.Policy, err = trace.ParsePolicy(p); err != nil {
			return Errorf(ClassBadRequest, CodeBadParameter, "policy", "%v", err)
		}
	}
	switch d := v.Get("direction"); d {
	case "", "forward":
	case "backward":
		if q.Policy != trace.Haircut {
			return Errorf(ClassBadRequest, CodeBadParameter, "policy", "direction backward attributes in proportion (haircut); policy %s is forward only", q.Policy)
		}
		q.Backward = true
	default:
		return Errorf(ClassBadRequest, CodeBadParameter, "direction", "direction %q: want forward or backward", d)
	}
	return nil
}

// handleLabels is GET /v1/labels.
func (s *Server) handleLabels(r *http.Request) (any, error) {
	if s.opts.Labels == nil {
		return nil, notImplemented("labels")
	}
	v := r.URL.Query()
	addrs, err := s.list(v, "address")
	if err != nil {
		return nil, err
	}
	chainName := v.Get("chain")
	if chainName != "" {
		if _, err := chainOf(chainName); err != nil {
			return nil, err
		}
	}
	res := make([]any, 0, len(addrs))
	for _, a := range addrs {
		if len(a) > maxItemLen {
			return nil, Errorf(ClassBadRequest, CodeBadAddress, a[:64]+"...", "address longer than %d bytes", maxItemLen)
		}
		v, err := s.opts.Labels.Labels(chainName, a)
		if err != nil {
			return nil, itemError(err, a)
		}
		res = append(res, v)
	}
	return results{res}, nil
}

// itemError names item in a bad-usage error from a backend.
func itemError(err error, item string) error {
	if inputerr.IsUsage(err) || inputerr.Is(err) {
		return Errorf(ClassBadRequest, CodeBadAddress, item, "%v", err)
	}
	return err
}

// handleAddress is GET /v1/addresses/{chain}/{address}.
func (s *Server) handleAddress(r *http.Request) (any, error) {
	if s.opts.Addresses == nil {
		return nil, notImplemented("address totals")
	}
	c, a, err := pathAddress(r)
	if err != nil {
		return nil, err
	}
	v, err := s.opts.Addresses.Address(c, a)
	return v, itemErr(err, a)
}

// pathAddress reads and checks the {chain} and {address} of a route's
// path.
func pathAddress(r *http.Request) (chain.Info, string, error) {
	c, err := chainOf(r.PathValue("chain"))
	if err != nil {
		return chain.Info{}, "", err
	}
	a := r.PathValue("address")
	if err := checkAddress(c, a); err != nil {
		return chain.Info{}, "", err
	}
	return c, a, nil
}

func itemErr(err error, item string) error {
	if err == nil {
		return nil
	}
	return itemError(err, item)
}

// handleIncidents is GET /v1/incidents.
func (s *Server) handleIncidents(*http.Request) (any, error) {
	if s.opts.Incidents == nil {
		return nil, notImplemented("incidents")
	}
	v, err := s.opts.Incidents.Incidents()
	if err != nil {
		return nil, err
	}
	return map[string]any{"incidents": v}, nil
}

// handleIncident is GET /v1/incidents/{id}.
func (s *Server) handleIncident(r *http.Request) (any, error) {
	if s.opts.Incidents == nil {
		return nil, notImplemented("incidents")
	}
	id := r.PathValue("id")
	v, err := s.opts.Incidents.Incident(id)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, Errorf(ClassNotFound, CodeNotFound, id, "no incident %q (see /v1/incidents)", id)
	}
	return v, nil
}
