package httpfast

import (
	"context"
	"errors"
	"log"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Server serves an http.Handler over HTTP/1.1. The zero timeouts mean
// none; MaxHeaderBytes 0 means DefaultMaxHeaderBytes.
type Server struct {
	Handler           http.Handler
	ReadHeaderTimeout time.Duration // reading a request's head, from its first byte (0: ReadTimeout)
	ReadTimeout       time.Duration // reading a whole request, head and body
	WriteTimeout      time.Duration // writing a response, from the first byte of its request
	IdleTimeout       time.Duration // waiting for the next request of a connection (0: ReadTimeout)
	MaxHeaderBytes    int           // request line and headers
	ErrorLog          *log.Logger   // handler panics and accept errors; nil: the log package

	mu       sync.Mutex
	lns      map[net.Listener]struct{}
	conns    map[*conn]struct{}
	shutdown atomic.Bool
	connGone chan struct{} // signalled (non-blocking) when a connection ends
}

// DefaultMaxHeaderBytes bounds a request head when MaxHeaderBytes is 0.
const DefaultMaxHeaderBytes = 64 << 10

// Serve accepts connections on ln and serves each in its own goroutine
// until Shutdown or Close; then it returns http.ErrServerClosed.
func (s *Server) Serve(ln net.Listener) error {
	if !s.track(ln) {
		ln.Close()
		return http.ErrServerClosed
	}
	defer s.untrack(ln)
	var backoff time.Duration
	for {
		rw, err := ln.Accept()
		if err != nil {
			if s.shutdown.Load() {
				return http.ErrServerClosed
			}
			if !retryable(err) {
				return err
			}
			backoff = min(max(2*backoff, 5*time.Millisecond), time.Second)
			s.logf("httpfast: accept: %v; retrying in %v", err, backoff)
			time.Sleep(backoff)
			continue
		}
		backoff = 0
		c := s.newConn(rw)
		if c == nil {
			rw.Close()
			continue
		}
		go c.serve()
	}
}

// retryable tells accept errors that pass (out of descriptors or
// memory, an aborted connection) from a closed or broken listener.
func retryable(err error) bool {
	for _, e := range []error{syscall.EMFILE, syscall.ENFILE, syscall.ENOBUFS, syscall.ENOMEM, syscall.ECONNABORTED, syscall.ECONNRESET} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

func (s *Server) track(ln net.Listener) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown.Load() {
		return false
	}
	if s.lns == nil {
		s.lns = map[net.Listener]struct{}{}
	}
	s.lns[ln] = struct{}{}
	return true
}

func (s *Server) untrack(ln net.Listener) {
	s.mu.Lock()
	delete(s.lns, ln)
	s.mu.Unlock()
}

// newConn registers a connection; nil when the server is shutting down.
func (s *Server) newConn(rw net.Conn) *conn {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.shutdown.Load() {
		return nil
	}
	if s.conns == nil {
		s.conns = map[*conn]struct{}{}
		s.connGone = make(chan struct{}, 1)
	}
	c := newConn(s, rw)
	s.conns[c] = struct{}{}
	return c
}

func (s *Server) dropConn(c *conn) {
	s.mu.Lock()
	delete(s.conns, c)
	s.mu.Unlock()
	select {
	case s.connGone <- struct{}{}:
	default:
	}
}

// Shutdown stops accepting connections, closes the idle ones, lets every
// request in flight finish and its connection close, and returns nil;
// or ctx's error when ctx ends first (connections still open stay open:
// Close ends them).
func (s *Server) Shutdown(ctx context.Context) error {
	s.closeListeners()
	tick := time.NewTicker(5 * time.Millisecond)
	defer tick.Stop()
	for {
		if s.closeIdle() == 0 {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.connGone:
		case <-tick.C:
		}
	}
}

// Close closes the listeners and every connection at once.
func (s *Server) Close() error {
	s.closeListeners()
	s.mu.Lock()
	defer s.mu.Unlock()
	for c := range s.conns {
		c.rwc.Close()
	}
	return nil
}

func (s *Server) closeListeners() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.shutdown.Store(true)
	for ln := range s.lns {
		ln.Close()
	}
}

// closeIdle closes the connections waiting for a request and returns how
// many connections remain.
func (s *Server) closeIdle() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for c := range s.conns {
		if c.state.CompareAndSwap(stateIdle, stateClosed) {
			c.rwc.Close()
			continue
		}
		n++
	}
	return n
}

func (s *Server) logf(format string, a ...any) {
	if s.ErrorLog != nil {
		s.ErrorLog.Printf(format, a...)
		return
	}
	log.Printf(format, a...)
}

func (s *Server) maxHeader() int {
	if s.MaxHeaderBytes > 0 {
		return s.MaxHeaderBytes
	}
	return DefaultMaxHeaderBytes
}

func (s *Server) headerTimeout() time.Duration {
	if s.ReadHeaderTimeout > 0 {
		return s.ReadHeaderTimeout
	}
	return s.ReadTimeout
}

func (s *Server) idleTimeout() time.Duration {
	if s.IdleTimeout > 0 {
		return s.IdleTimeout
	}
	return s.ReadTimeout
}
