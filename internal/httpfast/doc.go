// Package httpfast is a lean HTTP/1.1 server for http.Handler: the engine
// behind `vigil serve` by default (net/http stays available with
// `--http-engine net`).
//
// It serves the same handlers as net/http (a *http.Request in, an
// http.ResponseWriter out) with less work per request: one goroutine and
// one buffered reader per connection, the request head read with one
// allocation for all its strings, the response (status line, headers and
// body) written with one system call when it fits the buffer, and no
// background read while the handler runs.
//
// Parsing is strict, the safe side of RFC 9112: lines end in CRLF; header
// names are tokens with the colon right after them; values hold no
// control characters; obs-fold, a request with both Content-Length and
// Transfer-Encoding, duplicate Content-Length or Transfer-Encoding
// headers, a transfer coding other than "chunked", and an HTTP/1.1
// request without exactly one Host header are refused with 400 (501 for
// an unknown coding, 505 for a version other than HTTP/1.0 and 1.1, 431
// when the head exceeds MaxHeaderBytes, 417 for an Expect other than
// 100-continue) and the connection is closed. Bodies come with
// Content-Length or chunked (trailers are read and dropped).
//
// What it does not do: HTTP/2, TLS, Hijack, 1xx responses from handlers
// (WriteHeader with 100-199 is ignored), response trailers, and noticing
// that a client went away while its handler runs (the request context is
// cancelled when the connection ends).
package httpfast
