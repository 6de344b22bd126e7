package cli

import (
	"errors"
	"fmt"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/watch"
)

func init() {
	register("watch", "alert on watched money: watch add --chain C (--address A... | --incident ID) | list | remove ID", runWatch)
}

// watchJSON is a watch as printed (never its secret).
type watchJSON struct {
	ID        string            `json:"id"`
	Name      string            `json:"name,omitempty"`
	Chain     string            `json:"chain"`
	Incident  string            `json:"incident,omitempty"`
	Webhook   string            `json:"webhook,omitempty"`
	Signed    bool              `json:"signed"`
	Log       string            `json:"log,omitempty"`
	Follow    bool              `json:"follow"`
	CreatedAt time.Time         `json:"created_at"`
	Addresses int               `json:"addresses"`
	Followed  int               `json:"followed"`
	Watched   []store.WatchAddr `json:"watched,omitempty"`
}

func toWatchJSON(w store.Watch, addrs []store.WatchAddr) watchJSON {
	out := watchJSON{ID: w.ID, Name: w.Name, Chain: w.Chain, Incident: w.Incident, Webhook: watch.Redact(w.Webhook),
		Signed: w.Secret != "", Log: w.Log, Follow: w.Follow, CreatedAt: w.CreatedAt, Addresses: len(addrs)}
	for _, a := range addrs {
		if a.Role == store.RoleFollowed {
			out.Followed++
		}
	}
	return out
}

func runWatch(env *Env, args []string) error {
	var pre []string // a leading --data DIR (from vigil --data DIR watch ...)
	if len(args) >= 2 && args[0] == "--data" {
		pre, args = args[:2:2], args[2:]
	}
	if len(args) == 0 {
		return usagef("usage: vigil watch add --chain C (--address A ... | --incident ID) [--webhook URL] [--secret S] [--log FILE] [--name N] | list [--json] | remove ID")
	}
	switch args[0] {
	case "add":
		return runWatchAdd(env, append(pre, args[1:]...))
	case "list":
		return runWatchList(env, append(pre, args[1:]...))
	case "remove":
		return runWatchRemove(env, append(pre, args[1:]...))
	}
	return usagef("unknown watch command %q (add, list, remove ID)", args[0])
}

func runWatchAdd(env *Env, args []string) error {
	var c common
	var addrs seedList
	fs := newFlags("watch add", env, &c)
	chainName := chainFlag(fs, "")
	fs.Var(&addrs, "address", "address to watch (repeatable, or comma-separated)")
	inc := fs.String("incident", "", "watch an incident: its seeds and everything traced from them")
	hook := fs.String("webhook", "", "POST each alert as JSON to this URL")
	secret := fs.String("secret", "", "sign webhook bodies with HMAC-SHA256 under this secret (header X-Vigil-Signature)")
	logFile := fs.String("log", "", "append each alert as one JSON line to this file")
	name := fs.String("name", "", "a name for the watch")
	follow := fs.Bool("follow", false, "address watches: also watch where value leaving the addresses goes (incident watches always do)")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	ch, err := lookupChain(*chainName)
	if err != nil {
		return err
	}
	spec := watch.Spec{Chain: ch, Addresses: addrs, Incident: *inc, Name: *name, Webhook: *hook, Secret: *secret, Follow: *follow}
	if *logFile != "" {
		if spec.Log, err = filepath.Abs(*logFile); err != nil {
			return usagef("--log %s: %v", *logFile, err)
		}
	}
	if err := spec.Validate(); err != nil {
		return err
	}
	return addWatch(env, &c, spec)
}

// addWatch stores the watch of spec and prints it.
func addWatch(env *Env, c *common, spec watch.Spec) error {
	s, err := openStore(c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	w, addrs, err := watch.Add(s, spec, time.Now())
	if err != nil {
		return err
	}
	out := toWatchJSON(w, addrs)
	out.Watched = addrs
	if c.json {
		return writeJSON(env.Stdout, out)
	}
	fmt.Fprintf(env.Stdout, "watch %s added on %s: %d addresses%s\n", w.ID, w.Chain, len(addrs), watchTargets(out))
	return nil
}

// watchTargets describes where a watch's alerts go.
func watchTargets(w watchJSON) string {
	s := ""
	if w.Webhook != "" {
		s += "; webhook " + w.Webhook
		if w.Signed {
			s += " (signed)"
		}
	}
	if w.Log != "" {
		s += "; log " + w.Log
	}
	if s == "" {
		s = "; no webhook or log: see vigil alerts"
	}
	return s
}

func runWatchList(env *Env, args []string) error {
	var c common
	fs := newFlags("watch list", env, &c)
	chainName := fs.String("chain", "", "only watches of this chain")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected argument %q", pos[0])
	}
	if *chainName != "" {
		if _, err := chain.Lookup(*chainName); err != nil {
			return usagef("%v", err)
		}
	}
	s, err := storeIfExists(&c)
	if err != nil || s == nil {
		if err == nil {
			return printWatches(env, &c, []watchJSON{})
		}
		return err
	}
	defer s.Close()
	out, err := listWatches(s, *chainName)
	if err != nil {
		return err
	}
	return printWatches(env, &c, out)
}

// listWatches reads the watches (of one chain when chainName is set).
func listWatches(s *store.Store, chainName string) ([]watchJSON, error) {
	ws, err := s.Watches()
	if err != nil {
		return nil, err
	}
	out := []watchJSON{}
	for _, w := range ws {
		if chainName != "" && w.Chain != chainName {
			continue
		}
		addrs, err := s.WatchAddrs(w.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, toWatchJSON(w, addrs))
	}
	return out, nil
}

func printWatches(env *Env, c *common, ws []watchJSON) error {
	if c.json {
		return writeJSON(env.Stdout, map[string]any{"watches": ws})
	}
	t := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(t, "ID\tCHAIN\tNAME\tWATCHING\tADDRESSES\tFOLLOWED\tTARGETS")
	for _, w := range ws {
		what := "addresses"
		if w.Incident != "" {
			what = "incident " + w.Incident
		}
		fmt.Fprintf(t, "%s\t%s\t%s\t%s\t%d\t%d\t%s\n", w.ID, w.Chain, w.Name, what, w.Addresses, w.Followed, watchTargets(w)[2:])
	}
	return t.Flush()
}

func runWatchRemove(env *Env, args []string) error {
	var c common
	fs := newFlags("watch remove", env, &c)
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: vigil watch remove ID")
	}
	s, err := openStore(&c, false)
	if err != nil {
		return err
	}
	defer s.Close()
	if err := watch.Remove(s, pos[0]); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return usagef("no watch %q (see vigil watch list)", pos[0])
		}
		return err
	}
	if c.json {
		return writeJSON(env.Stdout, map[string]any{"removed": pos[0]})
	}
	fmt.Fprintf(env.Stdout, "watch %s removed (its alerts are kept)\n", pos[0])
	return nil
}
