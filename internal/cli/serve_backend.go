package cli

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"strings"
	"sync"

	"github.com/vigil-project/vigil/internal/chain"
	"github.com/vigil-project/vigil/internal/cluster"
	"github.com/vigil-project/vigil/internal/intel"
	"github.com/vigil-project/vigil/internal/server"
	"github.com/vigil-project/vigil/internal/store"
	"github.com/vigil-project/vigil/internal/trace"
)

// backend implements the server's interfaces over one open store, with
// the current labels loaded once: the HTTP JSON comes from the same code
// as the CLI's --json output.
type backend struct {
	st        *store.Store
	index     *intel.Index           // current labels, for tracing
	labels    map[string][]labelJSON // chain 0 address -> labels as `labels get` prints them
	incidents []incidentJSON
	traceMu   sync.Mutex // traces update the graph index files: one at a time
	// sessions gives the graph index sessions the screener keeps open
	// (set by wireScreening); nil: each address view opens its own.
	sessions func(chain.Info) (*trace.Session, error)
	labelMu  sync.RWMutex
	labelRaw map[string]json.RawMessage // encoded Labels results, filled as asked
}

// maxLabelCache bounds backend.labelRaw (it is emptied when full).
const maxLabelCache = 1 << 16

// loadBackend reads the labels and incidents of s.
func loadBackend(s *store.Store) (*backend, error) {
	b := &backend{st: s, labels: map[string][]labelJSON{}}
	var recs []store.LabelRecord
	var ls []intel.Label
	err := s.EachLabel("", false, func(r *store.LabelRecord) error {
		recs = append(recs, *r)
		ls = append(ls, r.Label)
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Labels clusters pass on (when a cluster build exists), as vigil
	// trace and screen use them by default.
	if b.index, err = cluster.ExtendIndex(s, intel.NewIndex(ls)); err != nil {
		return nil, err
	}
	byKey := map[string][]store.LabelRecord{}
	for _, r := range recs {
		k := r.Chain + "\x00" + r.Address
		byKey[k] = append(byKey[k], r)
	}
	for k, rs := range byKey {
		sortRecords(rs)
		out := make([]labelJSON, len(rs))
		for i := range rs {
			out[i] = toLabelJSON(&rs[i])
		}
		b.labels[k] = out
	}
	if b.incidents, err = storeIncidents(s); err != nil {
		return nil, err
	}
	return b, nil
}

// Labels is one result of `labels get --json`.
func (b *backend) Labels(chainName, addr string) (any, error) {
	ch, canon, err := resolveAddress(chainName, addr)
	if err != nil {
		return nil, err
	}
	k := ch + "\x00" + canon
	b.labelMu.RLock()
	raw, ok := b.labelRaw[k]
	b.labelMu.RUnlock()
	if ok {
		return raw, nil
	}
	ls := b.labels[k]
	if ls == nil {
		ls = []labelJSON{}
	}
	// The labels cannot change while the server runs (docs/server.md):
	// the encoded result is kept, the server joins it as it is.
	if raw, err = marshalRaw(labelResult{Chain: ch, Address: canon, Labels: ls}); err != nil {
		return nil, err
	}
	b.labelMu.Lock()
	if len(b.labelRaw) >= maxLabelCache || b.labelRaw == nil {
		b.labelRaw = map[string]json.RawMessage{}
	}
	b.labelRaw[k] = raw
	b.labelMu.Unlock()
	return raw, nil
}

// Address is `address --json` for one address.
func (b *backend) Address(c chain.Info, addr string) (any, error) {
	return b.addressInfo(c, addr)
}

// addressInfo is `address --json` for one address, over the screener's
// open graph index when there is one (no index open per request).
func (b *backend) addressInfo(c chain.Info, addr string) (addressJSON, error) {
	if b.sessions == nil {
		return addressInfo(b.st, c, addr)
	}
	return addressInfoWith(b.st, c, addr, func() (*trace.Session, func(), error) {
		sess, err := b.sessions(c)
		return sess, func() {}, err
	})
}

// Trace is `trace --json`.
func (b *backend) Trace(q trace.Query) (*trace.Result, error) {
	b.traceMu.Lock()
	defer b.traceMu.Unlock()
	return trace.Run(b.st, q, b.index)
}

// Incidents is the list of `incidents list --json`.
func (b *backend) Incidents() (any, error) { return b.incidents, nil }

// Incident is `incidents show ID --json` (nil when unknown).
func (b *backend) Incident(id string) (any, error) {
	for _, inc := range b.incidents {
		if inc.ID == id {
			return inc, nil
		}
	}
	return nil, nil
}

// Sanctioned returns the sanctions labels of addr on the chain its shape
// tells, as identifications; an address no chain recognizes is clean.
func (b *backend) Sanctioned(addr string) ([]server.Identification, error) {
	ch, canon, err := resolveAddress("", addr)
	if err != nil {
		return nil, nil
	}
	var out []server.Identification
	for _, l := range b.labels[ch+"\x00"+canon] {
		if l.Category != string(intel.Sanctioned) && l.List == "" {
			continue
		}
		out = append(out, identification(l))
	}
	return out, nil
}

// identification renders a sanctions label like the free sanctions API:
// name "SANCTIONS: <list> <entity> <date>".
func identification(l labelJSON) server.Identification {
	list := l.List
	if list == "" {
		list = "sanctions list"
	}
	name := strings.Join(strings.Fields("SANCTIONS: "+list+" "+l.Entity+" "+l.ListDate), " ")
	desc := l.Entity
	if len(l.Programs) > 0 {
		desc += " (programs " + strings.Join(l.Programs, ", ") + ")"
	}
	if l.ListEntryID != "" {
		desc += ", list entry " + l.ListEntryID
	}
	if l.Note != "" {
		desc += ". " + l.Note
	}
	url := ""
	if strings.HasPrefix(l.Source, "https://") || strings.HasPrefix(l.Source, "http://") {
		url = l.Source
	}
	return server.Identification{Category: "sanctions", Name: name, Description: desc, URL: url}
}

// keyRing checks API keys against the stored hashes (revoked keys
// excluded), loaded when the server starts.
type keyRing struct {
	ids    []string
	hashes [][]byte
}

func loadKeys(s *store.Store) (*keyRing, error) {
	ks, err := s.APIKeys()
	if err != nil {
		return nil, err
	}
	r := &keyRing{}
	for _, k := range ks {
		h, err := hex.DecodeString(k.Hash)
		if err != nil || k.Revoked() || len(h) != sha256.Size {
			continue
		}
		r.ids, r.hashes = append(r.ids, k.ID), append(r.hashes, h)
	}
	return r, nil
}

// CheckKey compares the key's SHA-256 with every stored hash in constant
// time (no early exit).
func (r *keyRing) CheckKey(key string) (string, bool) {
	h := sha256.Sum256([]byte(key))
	found := -1
	for i, want := range r.hashes {
		if subtle.ConstantTimeCompare(h[:], want) == 1 {
			found = i
		}
	}
	if found < 0 {
		return "", false
	}
	return r.ids[found], true
}
