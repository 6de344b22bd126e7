package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"

	"github.com/vigil-project/vigil/internal/server"
	"github.com/vigil-project/vigil/internal/store"
)

func init() {
	register("serve", "HTTP JSON API: trace, labels, addresses, incidents, screening, metrics", runServe)
}

// serveContext is cancelled when the server must stop (SIGINT, SIGTERM);
// tests replace it.
var serveContext = func() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

// serveReady is told the listening address (tests use it).
var serveReady = func(string) {}

func runServe(env *Env, args []string) error {
	var c common
	fs := newFlags("serve", env, &c)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on")
	auth := fs.Bool("auth", false, "require an API key (vigil keys create): Authorization: Bearer <key>")
	quiet := fs.Bool("quiet", false, "no access log line per request (errors are still logged)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if _, err := os.Stat(c.data); err != nil {
		return usagef("no store at %s: ingest data or import labels first", c.data)
	}
	// Read-only still takes Pebble's directory lock: while serve runs, an
	// ingest or import fails at once with "store is in use" (it does not
	// wait); stop serve (SIGTERM drains requests) to write.
	s, err := store.Open(c.data, &store.Options{ReadOnly: true})
	if err != nil {
		return err
	}
	defer s.Close()
	opts, err := serveOptions(env, s, *auth, *quiet)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return usagef("--listen %s: %v", *listen, err)
	}
	fmt.Fprintf(env.Stderr, "vigil: serving on http://%s (auth %v)\n", ln.Addr(), *auth)
	serveReady(ln.Addr().String())
	ctx, stop := serveContext()
	defer stop()
	err = server.New(opts).Serve(ctx, ln)
	fmt.Fprintln(env.Stderr, "vigil: server stopped")
	return err
}

// serveOptions wires the backends over s.
func serveOptions(env *Env, s *store.Store, auth, quiet bool) (server.Options, error) {
	b, err := loadBackend(s)
	if err != nil {
		return server.Options{}, err
	}
	level := slog.LevelInfo
	if quiet {
		level = slog.LevelWarn
	}
	opts := server.Options{Tracer: b, Labels: b, Addresses: b, Incidents: b, Sanctions: b,
		Logger: slog.New(slog.NewJSONHandler(env.Stderr, &slog.HandlerOptions{Level: level}))}
	wireScreening(&opts, b)
	if auth {
		keys, err := loadKeys(s)
		if err != nil {
			return opts, err
		}
		if len(keys.ids) == 0 {
			return opts, usagef("--auth: no valid API key in the store (vigil keys create --name NAME)")
		}
		opts.Keys = keys
	}
	fmt.Fprintf(env.Stderr, "vigil: %d labeled addresses, %d incidents loaded\n", len(b.labels), len(b.incidents))
	return opts, nil
}

// wireScreening plugs address and name screening in when they are built;
// until then their routes answer 501.
func wireScreening(*server.Options, *backend) {}
