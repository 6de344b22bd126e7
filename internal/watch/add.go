package watch

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/inputerr"
	"github.com/vigil-project/vigil/internal/store"
)

// Spec is what `vigil watch add` asks for.
type Spec struct {
	Chain     chain.Info
	Addresses []string // watch these (or Incident)
	Incident  string   // watch everything traced from this incident's seeds
	Name      string
	Webhook   string // POST alerts here (http or https URL)
	Secret    string // HMAC-SHA256 key of the webhook signature
	Log       string // append alerts to this file, one JSON line each
	// Follow makes an address watch follow taint too (incident watches
	// always do).
	Follow bool
}

// Validate checks s; errors are bad usage.
func (s *Spec) Validate() error {
	if (len(s.Addresses) == 0) == (s.Incident == "") {
		return inputerr.Usagef("give --address ADDRESS... or --incident ID (one of them)")
	}
	if s.Webhook != "" {
		u, err := url.Parse(s.Webhook)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return inputerr.Usagef("--webhook %q: want an http:// or https:// URL", Redact(s.Webhook))
		}
	}
	if s.Secret != "" && s.Webhook == "" {
		return inputerr.Usagef("--secret signs webhook bodies: give --webhook too")
	}
	if strings.ContainsAny(s.Name, "\n\x00") {
		return inputerr.Usagef("--name must be one line")
	}
	return nil
}

// Add stores a new watch for s: the given addresses, or the incident's
// seeds on s.Chain and every address a forward trace reaches from them
// (labeled services excepted; trace endpoints are watched but never
// followed from). It returns the watch and its addresses. The watch
// raises alerts for changes after the store's current change seq.
func Add(st *store.Store, s Spec, now time.Time) (store.Watch, []store.WatchAddr, error) {
	if err := s.Validate(); err != nil {
		return store.Watch{}, nil, err
	}
	var addrs []store.WatchAddr
	var err error
	if s.Incident != "" {
		addrs, err = incidentAddrs(st, s.Chain, s.Incident)
		s.Follow = true
	} else {
		addrs, err = givenAddrs(s.Chain, s.Addresses)
	}
	if err != nil {
		return store.Watch{}, nil, err
	}
	mu.Lock()
	defer mu.Unlock()
	seq, err := st.ChangeSeq(s.Chain)
	if err != nil {
		return store.Watch{}, nil, err
	}
	w := store.Watch{Name: s.Name, Chain: s.Chain.Name, Incident: s.Incident, Webhook: s.Webhook, Secret: s.Secret,
		Log: s.Log, Follow: s.Follow, SinceSeq: seq, CreatedAt: now.UTC().Truncate(time.Second)}
	b := st.NewWatchBatch()
	if err := b.AddWatch(&w, addrs); err != nil {
		b.Close()
		return store.Watch{}, nil, err
	}
	if err := startCursor(st, b, s.Chain, seq); err != nil {
		b.Close()
		return store.Watch{}, nil, err
	}
	return w, addrs, b.Commit()
}

// startCursor sets the chain's cursor at seq when the processor never
// ran on it (older changes have nothing to alert on).
func startCursor(st *store.Store, b *store.WatchBatch, c chain.Info, seq uint64) error {
	if _, ok, err := st.WatchCursor(c); err != nil || ok {
		return err
	}
	return b.SetWatchCursor(c, seq)
}

// givenAddrs canonicalizes user-given addresses (duplicates dropped).
func givenAddrs(c chain.Info, in []string) ([]store.WatchAddr, error) {
	seen := map[string]bool{}
	var out []store.WatchAddr
	for _, a := range in {
		n, err := chain.NormalizeAddress(c, strings.TrimSpace(a))
		if err != nil {
			return nil, inputerr.Usagef("--address: %v", err)
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, store.WatchAddr{Address: n, Role: store.RoleAddress})
		}
	}
	return out, nil
}

// Remove deletes watch id (its alerts stay; its pending deliveries are
// dropped when their turn comes).
func Remove(st *store.Store, id string) error {
	if _, err := store.WatchNum(id); err != nil {
		return inputerr.Usagef("%v", err)
	}
	mu.Lock()
	defer mu.Unlock()
	b := st.NewWatchBatch()
	if err := b.RemoveWatch(id); err != nil {
		b.Close()
		return err
	}
	return b.Commit()
}

// Redact drops the user:password part of a URL for messages.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.User == nil {
		if err != nil {
			return "(unparsable URL)"
		}
		return raw
	}
	u.User = url.User("redacted")
	return u.String()
}

var _ = fmt.Sprint
