package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/jsonrpc"
	"github.com/vigil-project/vigil/internal/live"
	"github.com/vigil-project/vigil/internal/live/btcrpc"
	"github.com/vigil-project/vigil/internal/live/ethrpc"
	"github.com/vigil-project/vigil/internal/store"
)

// ingestRPCJSON is the --json output of `vigil ingest rpc`.
type ingestRPCJSON struct {
	Chain      string `json:"chain"`
	Source     string `json:"source"`
	Blocks     int64  `json:"blocks_written"`
	Txs        int64  `json:"transactions"`
	Transfers  int64  `json:"transfers"`
	Reorgs     int    `json:"reorgs"`
	RolledBack int64  `json:"blocks_rolled_back"`
	LastBlock  *int64 `json:"last_block"`
	Stopped    bool   `json:"stopped"`
	ElapsedMS  int64  `json:"elapsed_ms"`
}

// isIngestRPC reports whether the first argument of `vigil ingest` that is
// not a flag is "rpc".
func isIngestRPC(args []string) bool {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			return i+1 < len(args) && args[i+1] == "rpc"
		}
		if !strings.HasPrefix(a, "-") {
			return a == "rpc"
		}
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && (name == "data" || name == "chain") {
			i++ // the flag's value
		}
	}
	return false
}

// rpcFlags are the flags of `vigil ingest rpc`.
type rpcFlags struct {
	c                    common
	chain, url           *string
	from, to             optUint
	follow, quiet        *bool
	noTraces             *bool
	poll, commitEvery    *time.Duration
	confirmations        *int
	user, pass, cookie   *string
	workers, fetchBlocks *int
}

// optUint is a flag that remembers whether it was given.
type optUint struct {
	v   uint64
	set bool
}

func (o *optUint) String() string { return strconv.FormatUint(o.v, 10) }
func (o *optUint) Set(s string) error {
	v, err := strconv.ParseUint(s, 10, 64)
	if err != nil {
		return fmt.Errorf("want a block number")
	}
	o.v, o.set = v, true
	return nil
}

func newRPCFlags(env *Env) (*flag.FlagSet, *rpcFlags) {
	f := &rpcFlags{}
	fs := newFlags("ingest rpc", env, &f.c)
	f.chain = chainFlag(fs, "")
	f.url = fs.String("url", "", "node JSON-RPC URL, http(s)://[user:pass@]host:port")
	fs.Var(&f.from, "from", "first block (default: after the highest stored block)")
	fs.Var(&f.to, "to", "last block (default: the node's tip)")
	f.follow = fs.Bool("follow", false, "keep polling for new blocks, following reorgs")
	f.poll = fs.Duration("poll", time.Second, "tip poll interval with --follow")
	f.commitEvery = fs.Duration("commit-every", 2*time.Second, "while backfilling, commit pending blocks at least this often")
	f.confirmations = fs.Int("confirmations", live.DefaultConfirmations, "depth at which a block is final (never rolled back); 0: none is")
	f.user = fs.String("rpc-user", "", "RPC user")
	f.pass = fs.String("rpc-pass", "", "RPC password")
	f.cookie = fs.String("rpc-cookie", "", "RPC cookie file (bitcoind's .cookie: user:password)")
	f.workers = fs.Int("workers", 4, "node calls in flight while backfilling")
	f.fetchBlocks = fs.Int("fetch-blocks", 16, "blocks per node call")
	f.quiet = fs.Bool("quiet", false, "no progress on stderr")
	f.noTraces = fs.Bool("no-traces", false, "eth: the node has no debug API; native moves from top-level transactions only (internal transfers are missed)")
	return fs, f
}

func (f *rpcFlags) check(pos []string) (chain.Info, error) {
	if len(pos) > 1 {
		return chain.Info{}, usagef("unexpected argument %q", pos[1])
	}
	c, err := lookupChain(*f.chain)
	if err != nil {
		return c, err
	}
	switch {
	case c.Name == "zec":
		return c, usagef("rpc: zec is not read over RPC (its shielded value is not converted); ingest a bitcoin-etl export")
	case *f.url == "":
		return c, usagef("rpc: --url is required")
	case f.from.set && f.to.set && f.from.v > f.to.v:
		return c, usagef("rpc: --from %d is after --to %d", f.from.v, f.to.v)
	case *f.poll <= 0 || *f.commitEvery <= 0:
		return c, usagef("rpc: --poll and --commit-every must be positive")
	case *f.confirmations < 0:
		return c, usagef("rpc: --confirmations must be 0 or more")
	case *f.workers <= 0 || *f.fetchBlocks <= 0:
		return c, usagef("rpc: --workers and --fetch-blocks must be positive")
	case *f.noTraces && c.Kind != chain.Account:
		return c, usagef("rpc: --no-traces applies to account chains (eth) only")
	case *f.cookie != "" && (*f.user != "" || *f.pass != ""):
		return c, usagef("rpc: --rpc-cookie and --rpc-user/--rpc-pass exclude each other")
	}
	return c, nil
}

// credentials returns the RPC user and password from the flags or cookie.
func (f *rpcFlags) credentials() (string, string, error) {
	if *f.cookie == "" {
		return *f.user, *f.pass, nil
	}
	data, err := os.ReadFile(*f.cookie)
	if err != nil {
		return "", "", inputerr.Wrap(*f.cookie, 0, errors.New("cannot read the RPC cookie file"))
	}
	user, pass, ok := strings.Cut(strings.TrimSpace(string(data)), ":")
	if !ok {
		return "", "", inputerr.Wrap(*f.cookie, 1, errors.New("not a cookie file (want user:password)"))
	}
	return user, pass, nil
}

// openNode returns the node client for chain c.
func (f *rpcFlags) openNode(c chain.Info) (live.Node, error) {
	user, pass, err := f.credentials()
	if err != nil {
		return nil, err
	}
	var n live.Node
	if c.Kind == chain.UTXO {
		n, err = btcrpc.New(*f.url, btcrpc.Options{User: user, Pass: pass, BatchBlocks: 4, Workers: 2})
	} else {
		u := *f.url
		if user != "" || pass != "" {
			if u, err = withUserInfo(u, user, pass); err != nil {
				return nil, err
			}
		}
		n, err = ethrpc.New(u, ethrpc.Options{NoTraces: *f.noTraces})
	}
	if err != nil {
		return nil, inputerr.Usagef("rpc: %v", err)
	}
	return n, nil
}

func withUserInfo(raw, user, pass string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", inputerr.Usagef("rpc: node URL %q: %v", jsonrpc.Redact(raw), err)
	}
	u.User = url.UserPassword(user, pass)
	return u.String(), nil
}

// runIngestRPC is `vigil ingest rpc`.
func runIngestRPC(env *Env, args []string) (err error) {
	fs, f := newRPCFlags(env)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	ch, err := f.check(pos)
	if err != nil {
		return err
	}
	node, err := f.openNode(ch)
	if err != nil {
		return err
	}
	_, statErr := os.Stat(f.c.data)
	s, err := openStore(&f.c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	o := f.options(env, ch)
	defer startWatch(env, s, &o.Hooks)()
	res, err := live.Run(ctx, s, node, o)
	if statErr != nil && res.Blocks == 0 && err != nil && !res.HasLast {
		s.Close() // a failed first ingest leaves no empty store behind
		os.RemoveAll(f.c.data)
	}
	stopped := err != nil && ctx.Err() != nil
	if stopped && *f.follow {
		err = nil
	}
	if err != nil {
		return rpcError(err, stopped)
	}
	return printRPCResult(env, &f.c, ch, o.Source, res, stopped)
}

// options builds the follower's options; the graph index is updated after
// every commit and rollback.
func (f *rpcFlags) options(env *Env, ch chain.Info) live.Options {
	conf := *f.confirmations
	if conf == 0 {
		conf = -1
	}
	o := live.Options{Chain: ch, From: f.from.v, HasFrom: f.from.set, To: f.to.v, HasTo: f.to.set,
		Follow: *f.follow, Poll: *f.poll, Confirmations: conf, Workers: *f.workers, FetchBlocks: *f.fetchBlocks, CommitEvery: *f.commitEvery,
		Log: env.Stderr, Source: "rpc " + jsonrpc.Redact(*f.url)}
	if !*f.quiet {
		o.Progress = env.Stderr
	}
	o.Hooks = append(o.Hooks, func(_ context.Context, st *store.Store, c chain.Info, _ uint64) error {
		updateIndex(env, st, c, true)
		return nil
	})
	// Hooks that read the updated store and index (alerts) go after this.
	return o
}

// rpcError maps follower errors to exit statuses: another network is bad
// input (2); everything else a runtime failure (1).
func rpcError(err error, stopped bool) error {
	switch {
	case errors.Is(err, live.ErrWrongChain):
		return &inputerr.Usage{Err: fmt.Errorf("rpc: %w", err)}
	case stopped:
		return fmt.Errorf("rpc: interrupted; every committed block is kept, run the same command again to resume")
	}
	return fmt.Errorf("rpc: %w", err)
}

func printRPCResult(env *Env, c *common, ch chain.Info, source string, res live.Result, stopped bool) error {
	out := ingestRPCJSON{Chain: ch.Name, Source: source, Blocks: res.Blocks, Txs: res.Txs, Transfers: res.Transfers,
		Reorgs: res.Reorgs, RolledBack: res.RolledBack, Stopped: stopped, ElapsedMS: res.Elapsed.Milliseconds()}
	if res.HasLast {
		v := int64(res.Last)
		out.LastBlock = &v
	}
	if c.json {
		return writeJSON(env.Stdout, out)
	}
	last := "none"
	if out.LastBlock != nil {
		last = strconv.FormatInt(*out.LastBlock, 10)
	}
	fmt.Fprintf(env.Stdout, "ingested %s from %s: %d blocks written, %d transactions, %d transfers, %d reorgs (%d blocks rolled back), last block %s, in %s\n",
		ch.Name, source, out.Blocks, out.Txs, out.Transfers, out.Reorgs, out.RolledBack, last, res.Elapsed.Round(time.Millisecond))
	return nil
}
