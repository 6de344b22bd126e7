package server

import (
	"context"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// Switch serves one Server at a time and can replace it without dropping
// a request: a reload builds a new Server over fresh backends, swaps it
// in, and waits until no request still uses the old one before its
// backends are closed. Each Server keeps its own metrics (a swap resets
// the counters, as a restart would).
type Switch struct {
	cur atomic.Pointer[generation]
}

// generation is one Server and the requests using it.
type generation struct {
	s    *Server
	refs atomic.Int64
}

// NewSwitch returns a Switch serving s.
func NewSwitch(s *Server) *Switch {
	w := &Switch{}
	w.cur.Store(&generation{s: s})
	return w
}

// ServeHTTP passes the request to the current Server. A request counts
// on its generation before it starts; if a swap came in between, it moves
// to the new one, so Swap's wait sees every request of the old one.
func (w *Switch) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	g := w.acquire()
	defer g.refs.Add(-1)
	g.s.mux.ServeHTTP(rw, r)
}

// acquire returns the current generation with one more reference.
func (w *Switch) acquire() *generation {
	for {
		g := w.cur.Load()
		g.refs.Add(1)
		if w.cur.Load() == g {
			return g
		}
		g.refs.Add(-1)
	}
}

// Swap makes next the current Server and returns the old one once no
// request uses it any more (or timeout passed: then ok is false).
func (w *Switch) Swap(next *Server, timeout time.Duration) (old *Server, ok bool) {
	g := w.cur.Swap(&generation{s: next})
	deadline := time.Now().Add(timeout)
	for g.refs.Load() > 0 {
		if time.Now().After(deadline) {
			return g.s, false
		}
		time.Sleep(5 * time.Millisecond)
	}
	return g.s, true
}

// Serve serves on ln until ctx is done, with the timeouts and graceful
// shutdown of the first Server.
func (w *Switch) Serve(ctx context.Context, ln net.Listener) error {
	return w.cur.Load().s.serveWith(ctx, ln, w)
}
