package cli

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"sync"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/namescreen"
	"github.com/vigil-project/vigil/internal/screen"
	"github.com/vigil-project/vigil/internal/server"
)

// addrScreener adapts screen.Screener to server.Screener: the results are
// those of `vigil screen --json`. Results are cached: while serve runs
// the store cannot change (it holds the store's lock) and the labels and
// rules are loaded once, so a result stays right until the server stops.
type addrScreener struct {
	s     *screen.Screener
	o     screen.Options
	mu    sync.RWMutex
	cache map[screenKey]json.RawMessage // the encoded result
}

// screenKey is what a cached screening result depends on.
type screenKey struct {
	chain, addr string
	hops        int
	explain     bool
}

// maxScreenCache bounds the cache (it is emptied when full).
const maxScreenCache = 1 << 20

// Screen screens one address; a malformed one is bad usage (400).
func (a *addrScreener) Screen(c chain.Info, addr string, so server.ScreenOptions) (any, error) {
	o := a.o
	if so.Hops > 0 {
		o.Hops = so.Hops
	}
	o.Explain = so.Explain
	k := screenKey{c.Name, addr, o.Hops, o.Explain}
	a.mu.RLock()
	b, ok := a.cache[k]
	a.mu.RUnlock()
	if ok {
		return b, nil
	}
	r, err := a.s.Screen(c, addr, o)
	if errors.Is(err, screen.ErrInvalidAddress) {
		return nil, usagef("%v", err)
	}
	if err != nil {
		return nil, err
	}
	if b, err = marshalRaw(r); err != nil {
		return nil, err
	}
	k.addr = strings.Clone(addr) // not a slice of the request's text
	a.mu.Lock()
	if len(a.cache) >= maxScreenCache {
		clear(a.cache)
	}
	a.cache[k] = b
	a.mu.Unlock()
	return b, nil
}

// nameScreener adapts namescreen.Index to server.NameScreener.
type nameScreener struct {
	x *namescreen.Index
}

// ScreenName screens one name: one result of `vigil screen-name --json`.
func (n nameScreener) ScreenName(q string, o server.NameOptions) (any, error) {
	ms := n.x.Screen(q, namescreen.Options{Threshold: o.Threshold, Limit: o.Limit})
	if ms == nil {
		ms = []namescreen.Match{}
	}
	return screenedName{Query: q, Matches: ms, Hit: len(ms) > 0}, nil
}

// wireScreening plugs address and name screening in over the backend's
// store and labels.
func wireScreening(o *server.Options, b *backend, rules *screen.Rules, hops int) (func() error, error) {
	s := screen.New(b.st, b.index, rules)
	b.sessions = s.Session // the address view reads the screener's open indexes
	o.Screener = &addrScreener{s: s, o: screen.Options{Hops: hops}, cache: map[screenKey]json.RawMessage{}}
	x, err := namescreen.Load(b.st)
	if err != nil {
		s.Close()
		return nil, err
	}
	o.Names = nameScreener{x: x}
	return s.Close, nil
}

// marshalRaw encodes v as the CLI does (no HTML escaping), without the
// trailing newline.
func marshalRaw(v any) (json.RawMessage, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}
