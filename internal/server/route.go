package server

import "net/http"

// route is one entry of the route table: how it is served and how the
// OpenAPI document describes it.
type route struct {
	name    string // operationId and metrics label
	method  string
	pattern string // net/http pattern path, also the OpenAPI path
	summary string
	params  []param
	body    string // OpenAPI schema name of the request body, "" for none
	resp    string // OpenAPI schema name of the 200 response
	open    bool   // answered without an API key
	raw     string // content type of a non-JSON response ("" for JSON)
	handle  func(r *http.Request) (any, error)
}

// param is a documented request parameter.
type param struct {
	name     string
	in       string // "query" or "path"
	typ      string // "string", "integer", "number" or "boolean"
	desc     string
	required bool
	multi    bool // may repeat (array)
	enum     []string
}

// rawBody is a handler result written as is (not JSON-encoded).
type rawBody struct {
	contentType string
	body        []byte
	filename    string // sent as Content-Disposition when set
}

func q(name, typ, desc string) param { return param{name: name, in: "query", typ: typ, desc: desc} }

func reqQ(name, desc string) param {
	return param{name: name, in: "query", typ: "string", desc: desc, required: true}
}

func pathP(name, desc string) param {
	return param{name: name, in: "path", typ: "string", desc: desc, required: true}
}

// table is the route table of s.
func (s *Server) table() []*route {
	chainP := reqQ("chain", "chain name (btc, eth, ...)")
	return append([]*route{
		{name: "trace", method: "GET", pattern: "/v1/trace", summary: "Follow value from seed addresses (same JSON as vigil trace --json)",
			params: []param{chainP, {name: "seed", in: "query", typ: "string", desc: "seed address (repeatable, or comma-separated)", required: true, multi: true},
				q("since_block", "integer", "follow value leaving the seeds at or after this block"),
				{name: "policy", in: "query", typ: "string", desc: "taint policy", enum: []string{"haircut", "poison", "fifo"}},
				q("max_hops", "integer", "hops to follow (default 64)"),
				{name: "direction", in: "query", typ: "string", desc: "forward or backward", enum: []string{"forward", "backward"}}},
			resp: "TraceResult", handle: s.handleTrace},
		{name: "labels", method: "GET", pattern: "/v1/labels", summary: "Labels of addresses (same JSON as vigil labels get --json)",
			params: []param{q("chain", "string", "chain (default: told by the address shape)"),
				{name: "address", in: "query", typ: "string", desc: "address (repeatable)", required: true, multi: true}},
			resp: "LabelsResult", handle: s.handleLabels},
		{name: "address", method: "GET", pattern: "/v1/addresses/{chain}/{address}", summary: "Totals, balances and labels of an address (same JSON as vigil address --json)",
			params: []param{pathP("chain", "chain name"), pathP("address", "address")}, resp: "Address", handle: s.handleAddress},
		{name: "incidents", method: "GET", pattern: "/v1/incidents", summary: "The heist registry (same JSON as vigil incidents list --json)",
			resp: "Incidents", handle: s.handleIncidents},
		{name: "incident", method: "GET", pattern: "/v1/incidents/{id}", summary: "One incident (same JSON as vigil incidents show --json)",
			params: []param{pathP("id", "incident id, e.g. bybit-2025-02-21")}, resp: "Incident", handle: s.handleIncident},
		{name: "screen", method: "GET", pattern: "/v1/screen", summary: "Screen addresses (same JSON as vigil screen --json)",
			params: []param{chainP, {name: "address", in: "query", typ: "string", desc: "address (repeatable)", required: true, multi: true}},
			resp:   "ScreenResult", handle: s.handleScreenGet},
		{name: "screen_batch", method: "POST", pattern: "/v1/screen", summary: "Screen a batch of addresses",
			body: "ScreenRequest", resp: "ScreenResult", handle: s.handleScreenPost},
		{name: "screen_name", method: "GET", pattern: "/v1/screen-name", summary: "Screen names against the sanctions lists",
			params: []param{{name: "name", in: "query", typ: "string", desc: "name (repeatable)", required: true, multi: true}},
			resp:   "NameScreenResult", handle: s.handleNameGet},
		{name: "screen_name_batch", method: "POST", pattern: "/v1/screen-name", summary: "Screen a batch of names",
			body: "NameScreenRequest", resp: "NameScreenResult", handle: s.handleNamePost},
		{name: "sanctions_check", method: "GET", pattern: "/api/v1/address/{address}", summary: "Sanctions check shaped like the free sanctions-screening API",
			params: []param{pathP("address", "address on any chain")}, resp: "Identifications", handle: s.handleSanctions},
		{name: "openapi", method: "GET", pattern: "/openapi.json", summary: "This OpenAPI 3.0 document", resp: "OpenAPI",
			open: true, raw: "application/json", handle: s.handleOpenAPI},
		{name: "metrics", method: "GET", pattern: "/metrics", summary: "Prometheus metrics (text exposition 0.0.4)", resp: "Metrics",
			open: true, raw: "text/plain; version=0.0.4; charset=utf-8", handle: s.handleMetrics},
		{name: "healthz", method: "GET", pattern: "/healthz", summary: "Liveness", resp: "Health", open: true, handle: s.handleHealth},
	}, s.reportRoutes()...)
}
