package server

import (
	"cmp"
	"net/http"
	"slices"
	"strings"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/trace"
)

// The routes the web interface needs beyond the CLI mirrors: a search
// over free text, one transaction, and a trace with its hop edges. Their
// backends are optional interfaces of the existing ones (a backend that
// lacks them makes the route answer 501).

// TxBook answers GET /v1/tx/{chain}/{hash}: the same JSON as
// `vigil tx --json`, or nil, nil when the store has no such transaction.
// The AddressBook backend may implement it.
type TxBook interface {
	Tx(c chain.Info, hash string) (any, error)
}

// Searcher answers GET /v1/search: what a free text names (addresses on
// the chains with data, transactions, labeled entities, incidents). The
// LabelStore backend may implement it.
type Searcher interface {
	Search(text string) (any, error)
}

// CounterpartyBook answers GET /v1/addresses/{chain}/{address}/counterparties:
// whom the address sent to and received from (at most limit of each). The
// AddressBook backend may implement it.
type CounterpartyBook interface {
	Counterparties(c chain.Info, address string, limit int) (any, error)
}

// DefaultCounterparties is the default limit of the counterparties route.
const DefaultCounterparties = 50

// DefaultMaxEdges is the default max_edges of /v1/trace/graph.
const DefaultMaxEdges = 5000

// maxSearchLen bounds the text of /v1/search.
const maxSearchLen = 200

// webRoutes are the routes of this file, appended to the table.
func (s *Server) webRoutes() []*route {
	var traceParams []param // those of /v1/trace
	for _, rt := range s.routes {
		if rt.name == "trace" {
			traceParams = rt.params
		}
	}
	return []*route{
		{name: "trace_graph", method: "GET", pattern: "/v1/trace/graph",
			summary: "A trace with its traced subgraph: the trace JSON plus edges (from, to, asset, amount), largest first",
			params:  append(append([]param{}, traceParams...), q("max_edges", "integer", "most edges returned (default 5000)")),
			resp:    "TraceGraph", handle: s.handleTraceGraph},
		{name: "tx", method: "GET", pattern: "/v1/tx/{chain}/{hash}", summary: "One transaction (same JSON as vigil tx --json)",
			params: []param{pathP("chain", "chain name"), pathP("hash", "transaction hash (64 hex digits, 0x optional)")},
			resp:   "Tx", handle: s.handleTx},
		{name: "counterparties", method: "GET", pattern: "/v1/addresses/{chain}/{address}/counterparties",
			summary: "Whom an address sent to and received from, per counterparty and asset, most frequent first (UTXO chains: attributed in proportion to the inputs, as a one-hop trace)",
			params:  []param{pathP("chain", "chain name"), pathP("address", "address"), q("limit", "integer", "most counterparties per direction (default 50, at most 1000)")},
			resp:    "Counterparties", handle: s.handleCounterparties},
		{name: "search", method: "GET", pattern: "/v1/search", summary: "What a text names: addresses, transactions, labeled entities, incidents",
			params: []param{reqQ("q", "address, transaction hash, entity or incident name")}, resp: "SearchResult", handle: s.handleSearch},
	}
}

// edgeJSON is one edge of /v1/trace/graph.
type edgeJSON struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Asset  string `json:"asset"`
	Amount string `json:"amount"`
}

// traceGraph is the answer of /v1/trace/graph: the trace JSON plus edges.
type traceGraph struct {
	*trace.Result
	Edges          []edgeJSON `json:"edges"`
	EdgesTotal     int        `json:"edges_total"`
	EdgesTruncated bool       `json:"edges_truncated"`
}

// handleTraceGraph is GET /v1/trace/graph.
func (s *Server) handleTraceGraph(r *http.Request) (any, error) {
	if s.opts.Tracer == nil {
		return nil, notImplemented("tracing")
	}
	v := r.URL.Query()
	q, err := s.traceQuery(v)
	if err != nil {
		return nil, err
	}
	maxEdges, err := intParam(v, "max_edges", DefaultMaxEdges, 1)
	if err != nil {
		return nil, err
	}
	q.Edges = true
	res, err := s.opts.Tracer.Trace(q)
	if err != nil {
		return nil, err
	}
	return graphOf(res, int(min(maxEdges, 1<<20))), nil
}

// graphOf keeps the largest max edges of res (by amount; ties by
// sender, receiver, asset).
func graphOf(res *trace.Result, max int) traceGraph {
	es := make([]edgeJSON, len(res.Edges))
	for i, e := range res.Edges {
		es[i] = edgeJSON{From: e.From, To: e.To, Asset: e.Asset, Amount: e.Amount}
	}
	sortEdges(es)
	g := traceGraph{Result: res, Edges: es, EdgesTotal: len(es)}
	if len(es) > max {
		g.Edges, g.EdgesTruncated = es[:max], true
	}
	return g
}

// handleTx is GET /v1/tx/{chain}/{hash}.
func (s *Server) handleTx(r *http.Request) (any, error) {
	tb, ok := s.opts.Addresses.(TxBook)
	if !ok {
		return nil, notImplemented("transactions")
	}
	c, err := chainOf(r.PathValue("chain"))
	if err != nil {
		return nil, err
	}
	h := r.PathValue("hash")
	if _, err := chain.ParseHash([]byte(h)); err != nil {
		return nil, Errorf(ClassBadRequest, CodeBadParameter, trunc(h), "transaction hash %q: %v", trunc(h), err)
	}
	v, err := tb.Tx(c, h)
	if err != nil {
		return nil, err
	}
	if v == nil {
		return nil, Errorf(ClassNotFound, CodeNotFound, h, "no %s transaction %s in the data loaded", c.Name, h)
	}
	return v, nil
}

// handleCounterparties is GET /v1/addresses/{chain}/{address}/counterparties.
func (s *Server) handleCounterparties(r *http.Request) (any, error) {
	cb, ok := s.opts.Addresses.(CounterpartyBook)
	if !ok {
		return nil, notImplemented("counterparties")
	}
	c, a, err := pathAddress(r)
	if err != nil {
		return nil, err
	}
	limit, err := intParam(r.URL.Query(), "limit", DefaultCounterparties, 1)
	if err != nil {
		return nil, err
	}
	if limit > 1000 {
		return nil, Errorf(ClassBadRequest, CodeBadParameter, "limit", "limit %d: at most 1000", limit)
	}
	v, err := cb.Counterparties(c, a, int(limit))
	return v, itemErr(err, a)
}

// handleSearch is GET /v1/search.
func (s *Server) handleSearch(r *http.Request) (any, error) {
	sr, ok := s.opts.Labels.(Searcher)
	if !ok {
		return nil, notImplemented("search")
	}
	text := strings.TrimSpace(r.URL.Query().Get("q"))
	switch {
	case text == "":
		return nil, Errorf(ClassBadRequest, CodeMissing, "q", "parameter q is required: an address, a transaction hash, an entity or an incident name")
	case len(text) > maxSearchLen:
		return nil, Errorf(ClassBadRequest, CodeBadParameter, "q", "search text of %d bytes: at most %d", len(text), maxSearchLen)
	}
	return sr.Search(text)
}

// webSchemas are the OpenAPI schemas of this file's routes.
func webSchemas() obj {
	free := obj{"type": "object", "additionalProperties": true}
	edge := object(obj{"from": str(), "to": str(), "asset": str(), "amount": amount()}, "from", "to", "asset", "amount")
	counterparty := object(obj{"address": str(), "asset": str(), "amount": amount(), "count": integer(),
		"first_block": integer(), "last_block": integer(), "entity": str(), "category": str()}, "address", "asset", "amount", "count")
	tg := traceSchema()
	props := tg["properties"].(obj)
	props["edges"], props["edges_total"], props["edges_truncated"] = arr(edge), integer(), boolean()
	tg["required"] = append(tg["required"].([]string), "edges", "edges_total", "edges_truncated")
	return obj{
		"TraceGraph": tg,
		"Counterparties": object(obj{"chain": str(), "address": str(), "sent": arr(counterparty), "received": arr(counterparty),
			"sent_total": integer(), "received_total": integer()}, "chain", "address", "sent", "received"),
		"Tx": object(obj{"chain": str(), "hash": str(), "block": integer(), "index": integer(), "timestamp": integer(),
			"failed": boolean(), "from": str(), "to": str(), "value": amount(), "transfers": arr(free),
			"coinbase": boolean(), "inputs": arr(free), "outputs": arr(free), "fee": amount()},
			"chain", "hash", "block", "index", "timestamp"),
		"SearchResult": object(obj{"query": str(), "addresses": arr(object(obj{"chain": str(), "address": str(), "seen": boolean()},
			"chain", "address")), "transactions": arr(free), "entities": arr(free), "incidents": arr(free)},
			"query", "addresses", "transactions", "entities", "incidents"),
	}
}

// sortEdges orders edges by amount, largest first (decimal strings
// without leading zeros), then by sender, receiver and asset.
func sortEdges(es []edgeJSON) {
	slices.SortFunc(es, func(a, b edgeJSON) int {
		if c := cmp.Compare(len(b.Amount), len(a.Amount)); c != 0 {
			return c
		}
		if c := strings.Compare(b.Amount, a.Amount); c != 0 {
			return c
		}
		return strings.Compare(a.From+"\x00"+a.To+"\x00"+a.Asset, b.From+"\x00"+b.To+"\x00"+b.Asset)
	})
}
