package store

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/cockroachdb/pebble/v2"

	"github.com/vigil-project/vigil/internal/intel"
)

// Label namespaces (first byte). See docs/storage.md, section "Labels".
const (
	nsLabel    = 'L' // L<chain>0<address>0<scope>0<ident 12>  -> LabelRecord JSON
	nsLabelIdx = 'l' // l<kind>...                             -> edition log and indexes
	nsIncident = 'I' // I<id>                                  -> imported incident JSON
)

// Sub-kinds of nsLabelIdx.
const (
	lxEdition = 'e' // l e <scope>0<as-of date>0<imported-at u64>  -> Edition JSON
	lxScope   = 's' // l s <scope>0 + L-key[1:]                    -> status byte
	lxName    = 'n' // l n <lowercase name>0 + L-key[1:]           -> empty
)

// Label status values.
const (
	// StatusCurrent: in the latest edition of its scope.
	StatusCurrent = "current"
	// StatusDelisted: absent from a later edition of its scope, and no
	// other label of the scope names the address any more.
	StatusDelisted = "delisted"
	// StatusReplaced: absent from a later edition, but the address is still
	// labeled in that edition under another entry (e.g. an unnamed list
	// entry replaced by the named SDN party).
	StatusReplaced = "replaced"
)

// LabelRecord is a stored label with its place in the history of its
// scope. A scope is the set of labels one source publishes as a whole (all
// OFAC SDN editions share scope "ofac"; a TagPack file its own); each
// import of a scope is an edition that replaces the previous one.
type LabelRecord struct {
	intel.Label
	Scope  string `json:"scope"`
	Status string `json:"status"`
	// FirstSeen is the as-of date of the first edition holding the label.
	FirstSeen string `json:"first_seen,omitempty"`
	// DelistedAt is the as-of date of the edition that dropped the label
	// (status delisted or replaced).
	DelistedAt string `json:"delisted_at,omitempty"`
}

// Current reports whether r is in the latest edition of its scope.
func (r *LabelRecord) Current() bool { return r.Status == StatusCurrent }

// ident is the identity of a label inside its scope and address: the
// list entry, asset, entity and category, hashed to 12 bytes.
func labelIdent(l *intel.Label) []byte {
	h := sha256.Sum256([]byte(l.ListEntryID + "\x1f" + l.Asset + "\x1f" + l.Entity + "\x1f" + string(l.Category)))
	return h[:12]
}

// labelPrefix is the key prefix of every label of (chain, address).
func labelPrefix(chainName, addr string) []byte {
	b := make([]byte, 0, 3+len(chainName)+len(addr))
	b = append(b, nsLabel)
	b = append(b, chainName...)
	b = append(b, 0)
	b = append(b, addr...)
	return append(b, 0)
}

func labelKey(scope string, l *intel.Label) []byte {
	k := append(labelPrefix(l.Chain, l.Address), scope...)
	return append(append(k, 0), labelIdent(l)...)
}

func scopePrefix(scope string) []byte {
	return append(append([]byte{nsLabelIdx, lxScope}, scope...), 0)
}

func scopeKey(scope string, lkey []byte) []byte { return append(scopePrefix(scope), lkey[1:]...) }

func nameKey(name string, lkey []byte) []byte {
	k := append([]byte{nsLabelIdx, lxName}, strings.ToLower(name)...)
	return append(append(k, 0), lkey[1:]...)
}

func editionPrefix(scope string) []byte {
	return append(append([]byte{nsLabelIdx, lxEdition}, scope...), 0)
}

// CleanScope makes s usable as a scope name: no NUL bytes, trimmed.
func CleanScope(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(s, "\x00", ""))
}

// statusByte is the one-byte status kept in the scope index.
func statusByte(s string) byte { return s[0] }

// reader is what both the DB and an indexed batch offer for reads.
type reader interface {
	Get(key []byte) ([]byte, io.Closer, error)
	NewIter(o *pebble.IterOptions) (*pebble.Iterator, error)
}

// getFrom returns a copy of key's value in r.
func getFrom(r reader, key []byte) ([]byte, bool, error) {
	v, c, err := r.Get(key)
	if errors.Is(err, pebble.ErrNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	out := append([]byte(nil), v...)
	return out, true, c.Close()
}

func decodeRecord(v []byte) (LabelRecord, error) {
	var r LabelRecord
	if err := json.Unmarshal(v, &r); err != nil {
		return r, fmt.Errorf("store: bad label record: %w", err)
	}
	return r, nil
}

// scanRecords calls fn with each label record under prefix.
func scanRecords(r reader, prefix []byte, fn func(key []byte, rec *LabelRecord) error) error {
	it, err := r.NewIter(iterRange(prefix))
	if err != nil {
		return err
	}
	defer it.Close()
	for ok := it.First(); ok; ok = it.Next() {
		rec, err := decodeRecord(it.Value())
		if err != nil {
			return err
		}
		if err := fn(it.Key(), &rec); err != nil {
			return err
		}
	}
	return it.Error()
}

// LabelsOf returns the labels of (chain, canonical address): current ones
// only, or every stored one (delisted and replaced too) when history is
// set. The order is by scope, then identity.
func (s *Store) LabelsOf(chainName, addr string, history bool) ([]LabelRecord, error) {
	var out []LabelRecord
	err := scanRecords(s.db, labelPrefix(chainName, addr), func(_ []byte, r *LabelRecord) error {
		if history || r.Current() {
			out = append(out, *r)
		}
		return nil
	})
	return out, err
}

// EachLabel calls fn for every stored label (current only unless history
// is set), in key order (chain, address, scope). An empty chainName means
// every chain.
func (s *Store) EachLabel(chainName string, history bool, fn func(*LabelRecord) error) error {
	prefix := []byte{nsLabel}
	if chainName != "" {
		prefix = append(append(prefix, chainName...), 0)
	}
	return scanRecords(s.db, prefix, func(_ []byte, r *LabelRecord) error {
		if history || r.Current() {
			return fn(r)
		}
		return nil
	})
}

// LabelIndex loads every current label into an in-memory intel.Index, for
// hot paths (screening, tracing) that look up many addresses.
func (s *Store) LabelIndex() (*intel.Index, error) {
	var ls []intel.Label
	err := s.EachLabel("", false, func(r *LabelRecord) error {
		ls = append(ls, r.Label)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return intel.NewIndex(ls), nil
}
