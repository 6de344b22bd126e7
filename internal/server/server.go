package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/vigil-project/vigil/internal/httpfast"
)

// Defaults of Options.
const (
	DefaultMaxBody  = 1 << 20 // bytes of a request body
	DefaultMaxBatch = 10000   // items of a batch request
)

// Options configures a Server. Nil backends make their routes answer 501.
type Options struct {
	Tracer    Tracer
	Labels    LabelStore
	Addresses AddressBook
	Incidents IncidentStore
	Screener  Screener
	Names     NameScreener
	Sanctions Sanctions
	Reports   Reports // /v1/reports (nil: the Incidents backend if it implements Reports)
	// Keys, when set, requires "Authorization: Bearer <key>" on the API
	// routes (not on /healthz, /openapi.json, /metrics).
	Keys KeyChecker
	// Web, when set, serves the web interface at "/" and "/ui/" (GET, HEAD).
	Web http.Handler
	// Logger receives one line per request and every internal error;
	// nil means discard.
	Logger *slog.Logger
	// MaxBody and MaxBatch limit request bodies and batch sizes (0 means
	// the defaults).
	MaxBody  int64
	MaxBatch int
	// ShutdownTimeout bounds the graceful shutdown (default 10 s).
	ShutdownTimeout time.Duration
	// Engine is the HTTP/1.1 server stack of Serve: EngineFast (the
	// default, package httpfast) or EngineNet (net/http).
	Engine string
}

// The HTTP engines of Options.Engine.
const (
	EngineFast = "fast"
	EngineNet  = "net"
)

// CheckEngine returns an error unless name is an engine ("" is the
// default).
func CheckEngine(name string) error {
	switch name {
	case "", EngineFast, EngineNet:
		return nil
	}
	return fmt.Errorf("unknown HTTP engine %q: want %s or %s", name, EngineFast, EngineNet)
}

// Server is the HTTP API. Create it with New.
type Server struct {
	opts    Options
	log     *slog.Logger
	routes  []*route
	mux     *http.ServeMux
	metrics *metrics
	openapi []byte
}

// New builds a server over the backends of opts.
func New(opts Options) *Server {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.MaxBatch <= 0 {
		opts.MaxBatch = DefaultMaxBatch
	}
	if opts.ShutdownTimeout <= 0 {
		opts.ShutdownTimeout = 10 * time.Second
	}
	s := &Server{opts: opts, log: opts.Logger, mux: http.NewServeMux()}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	s.routes = s.table()
	s.metrics = newMetrics(s.routes)
	for _, rt := range s.routes {
		s.mux.Handle(rt.method+" "+rt.pattern, s.wrap(rt))
	}
	fallback := &route{name: "unmatched", method: "*", pattern: "/", open: true, handle: s.unmatched}
	s.metrics.add(fallback)
	s.mux.Handle("/", s.wrap(fallback))
	s.openapi = s.openAPIDocument()
	s.mountWeb()
	return s
}

// Handler returns the server's http.Handler.
func (s *Server) Handler() http.Handler { return s.mux }

// Routes returns "METHOD pattern" of every route, in table order.
func (s *Server) Routes() []string {
	out := make([]string, len(s.routes))
	for i, rt := range s.routes {
		out[i] = rt.method + " " + rt.pattern
	}
	return out
}

// HTTPServer returns an http.Server with production timeouts around the
// handler.
func (s *Server) HTTPServer() *http.Server { return s.httpServer(s.mux) }

func (s *Server) httpServer(h http.Handler) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      5 * time.Minute, // a deep trace may take long
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
}

// engine is what serveWith needs of an HTTP server stack.
type engine interface {
	Serve(net.Listener) error
	Shutdown(context.Context) error
}

// fastServer returns the httpfast server with the timeouts and limits of
// httpServer.
func (s *Server) fastServer(h http.Handler) *httpfast.Server {
	hs := s.httpServer(h)
	return &httpfast.Server{Handler: h, ReadHeaderTimeout: hs.ReadHeaderTimeout, ReadTimeout: hs.ReadTimeout,
		WriteTimeout: hs.WriteTimeout, IdleTimeout: hs.IdleTimeout, MaxHeaderBytes: hs.MaxHeaderBytes, ErrorLog: hs.ErrorLog}
}

// Serve serves on ln until ctx is done, then shuts down gracefully:
// in-flight requests finish (up to ShutdownTimeout), new ones are refused.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	return s.serveWith(ctx, ln, s.mux)
}

func (s *Server) serveWith(ctx context.Context, ln net.Listener, h http.Handler) error {
	if err := CheckEngine(s.opts.Engine); err != nil {
		return err
	}
	var hs engine = s.httpServer(h)
	if s.opts.Engine != EngineNet {
		hs = s.fastServer(h)
	}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), s.opts.ShutdownTimeout)
	defer cancel()
	err := hs.Shutdown(sctx)
	if serr := <-done; !errors.Is(serr, http.ErrServerClosed) {
		err = errors.Join(err, serr)
	}
	return err
}
