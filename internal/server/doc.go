// Package server is vigil's HTTP JSON API (`vigil serve`).
//
// Model: every route is one entry of a table (routes.go) naming its
// method, path pattern (Go 1.22 net/http patterns), parameters and
// response schema. A handler takes the request and returns (result,
// error); one wrapper (wrap.go) authenticates, limits, recovers panics,
// measures, logs, and writes either the result as JSON with status 200 or
// the error as {"error":{"code","message","item"}} with the status its
// class maps to in one table (errors.go). The OpenAPI document
// (/openapi.json) is generated from the same route table, so a route
// cannot exist without being documented.
//
// The server knows no storage engine: it consumes narrow interfaces
// (Tracer, LabelStore, AddressBook, IncidentStore, Screener,
// NameScreener, Sanctions, KeyChecker) defined here and implemented by the
// CLI. A nil interface makes its routes answer 501 not_implemented.
//
// A Switch serves one Server at a time and replaces it (vigil serve's
// SIGHUP reload) without dropping a request: the old Server is handed
// back only when no request uses it any more.
//
// Invariants: the API routes answer JSON (besides the Prometheus text of
// /metrics and the report documents of /v1/reports, with their own
// content types), errors are always JSON; the web interface (Options.Web)
// is served only at / and /ui/; API keys are never logged; a panic in a
// handler becomes a 500 JSON error and the server keeps serving.
package server
