// Package web is vigil's web interface: a small single-page application
// (hand-written HTML, CSS and JavaScript modules, no framework, no CDN)
// embedded into the binary and served by `vigil serve` at "/" (the page)
// and "/ui/..." (its assets).
//
// Model: the page is a client of the JSON API and nothing else. It
// routes on the URL fragment (#/address/eth/0x..., #/trace?chain=...),
// fetches /v1/... with the API key the user typed (kept in
// sessionStorage, sent as "Authorization: Bearer"), and builds the DOM
// with textContent and setAttribute only: data from the API or the user is
// never parsed as HTML. The assets themselves carry no data and are served
// without a key.
//
// Invariants: every asset is in the binary (embed); responses carry a
// strict Content-Security-Policy (scripts, styles and connections from the
// same origin only, no inline script), nosniff and no-referrer; an
// unknown asset path is a JSON 404 like the API's.
package web
