package cli

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/screen"
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

// serveReload delivers a value when the server must reload (SIGHUP);
// tests replace it. The function stops the notifications.
var serveReload = func() (<-chan os.Signal, func()) {
	c := make(chan os.Signal, 1)
	signal.Notify(c, syscall.SIGHUP)
	return c, func() { signal.Stop(c) }
}

// serveReady is told the listening address (tests use it).
var serveReady = func(string) {}

// serveConfig is what serve was asked for.
type serveConfig struct {
	data                  string
	snapshot, auth, quiet bool
	sc                    screenFlags
	engine                string // server.EngineFast or EngineNet
}

func runServe(env *Env, args []string) error {
	var c common
	fs := newFlags("serve", env, &c)
	listen := fs.String("listen", "127.0.0.1:8080", "address to listen on")
	auth := fs.Bool("auth", false, "require an API key (vigil keys create): Authorization: Bearer <key>")
	snapshot := fs.Bool("snapshot", true, "serve a snapshot of the store taken at start (and at SIGHUP), so ingest can go on (false: hold the store)")
	quiet := fs.Bool("quiet", false, "no access log line per request (errors are still logged)")
	engine := fs.String("http-engine", server.EngineFast, "HTTP/1.1 server stack: fast (vigil's own, the default) or net (Go's net/http)")
	sc := screenFlags{rules: fs.String("rules", "", "risk rules YAML file for /v1/screen (default: the built-in rules)"),
		hops: fs.Int("hops", screen.DefaultHops, "hops of indirect exposure for /v1/screen")}
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if err := server.CheckEngine(*engine); err != nil {
		return usagef("--http-engine: %v", err)
	}
	cfg := serveConfig{data: c.data, snapshot: *snapshot, auth: *auth, quiet: *quiet, sc: sc, engine: *engine}
	srv, closeGen, err := openGeneration(env, cfg)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		closeGen()
		return usagef("--listen %s: %v", *listen, err)
	}
	fmt.Fprintf(env.Stderr, "vigil: serving on http://%s (auth %v, snapshot %v)\n", ln.Addr(), *auth, *snapshot)
	serveReady(ln.Addr().String())
	ctx, stop := serveContext()
	defer stop()
	sw := server.NewSwitch(srv)
	reloaded := make(chan func(), 1)
	go reloadLoop(ctx, env, cfg, sw, closeGen, reloaded)
	err = sw.Serve(ctx, ln)
	(<-reloaded)() // the reload loop has stopped: close the last generation
	fmt.Fprintln(env.Stderr, "vigil: server stopped")
	return err
}

// openGeneration opens the store (or its snapshot) and builds a server
// over it; the function closes what it opened.
func openGeneration(env *Env, cfg serveConfig) (*server.Server, func(), error) {
	s, closeStore, err := serveStore(env, cfg.data, cfg.snapshot)
	if err != nil {
		return nil, nil, err
	}
	opts, closeScreen, err := serveOptions(env, s, cfg.auth, cfg.quiet, cfg.sc)
	if err != nil {
		closeStore()
		return nil, nil, err
	}
	opts.Engine = cfg.engine
	return server.New(opts), func() { closeScreen(); closeStore() }, nil
}

// reloadLoop answers SIGHUP: a new snapshot, labels, keys and caches are
// loaded and swapped in; the old ones are closed once no request uses
// them. A failed reload keeps the current server. When ctx is done it
// hands the current closer to runServe.
func reloadLoop(ctx context.Context, env *Env, cfg serveConfig, sw *server.Switch, cur func(), out chan<- func()) {
	hup, stop := serveReload()
	defer stop()
	for {
		select {
		case <-ctx.Done():
			out <- cur
			return
		case <-hup:
		}
		srv, closeGen, err := openGeneration(env, cfg)
		if err != nil {
			fmt.Fprintf(env.Stderr, "vigil: reload failed, still serving the previous data: %v\n", err)
			continue
		}
		if _, ok := sw.Swap(srv, 10*time.Minute); ok {
			cur()
		} else {
			fmt.Fprintln(env.Stderr, "vigil: reload: requests on the previous data did not finish in 10 minutes; its store stays open")
		}
		cur = closeGen
		fmt.Fprintln(env.Stderr, "vigil: reloaded")
	}
}

// screenFlags are the screening flags of serve.
type screenFlags struct {
	rules *string
	hops  *int
}

// serveOptions wires the backends over s; the returned function releases
// the screener.
func serveOptions(env *Env, s *store.Store, auth, quiet bool, sc screenFlags) (server.Options, func() error, error) {
	if *sc.hops < 1 || *sc.hops > 64 {
		return server.Options{}, nil, usagef("--hops %d: want 1 to 64", *sc.hops)
	}
	rules, err := loadRules(*sc.rules)
	if err != nil {
		return server.Options{}, nil, err
	}
	b, err := loadBackend(s)
	if err != nil {
		return server.Options{}, nil, err
	}
	level := slog.LevelInfo
	if quiet {
		level = slog.LevelWarn
	}
	opts := server.Options{Tracer: b, Labels: b, Addresses: b, Incidents: b, Sanctions: b,
		Logger: slog.New(slog.NewJSONHandler(env.Stderr, &slog.HandlerOptions{Level: level}))}
	opts.Web = webHandler()
	opts.Reports = reportsOf(b)
	if auth {
		keys, err := loadKeys(s)
		if err != nil {
			return opts, nil, err
		}
		if len(keys.ids) == 0 {
			return opts, nil, usagef("--auth: no valid API key in the store (vigil keys create --name NAME)")
		}
		opts.Keys = keys
	}
	closeScreen, err := wireScreening(&opts, b, rules, *sc.hops)
	if err != nil {
		return opts, nil, err
	}
	fmt.Fprintf(env.Stderr, "vigil: %d labeled addresses, %d incidents loaded\n", len(b.labels), len(b.incidents))
	return opts, closeScreen, nil
}

// warmIndexes brings the graph index of every chain with data up to date
// before serving, so that concurrent traces and screenings only read it.
func warmIndexes(env *Env, s *store.Store) {
	for _, name := range chain.Names() {
		ch, err := chain.Lookup(name)
		if err != nil {
			continue
		}
		if _, _, ok, err := s.BlockRange(ch); err == nil && ok {
			updateIndex(env, s, ch, true)
		}
	}
}
