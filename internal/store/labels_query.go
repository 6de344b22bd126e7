package store

import (
	"bytes"
	"fmt"
	"strings"
)

// NameMatch is a label found by name: the name that matched (lowercased)
// and the label record.
type NameMatch struct {
	Name   string
	Record LabelRecord
}

// SearchLabels finds labels whose entity, alias or actor equals text or
// starts with it, case-insensitively; current labels only unless history
// is set. Exact matches come first, then by name. At most limit matches
// are returned (0 = no limit).
//
// The name index is keyed <lowercase name>0<label key>, and 0 sorts
// before every byte of a name, so the index scan already meets the exact
// matches first and then the other names in order: the scan stops at the
// limit instead of reading every match and sorting them.
func (s *Store) SearchLabels(text string, history bool, limit int) ([]NameMatch, error) {
	q := strings.ToLower(strings.TrimSpace(text))
	if q == "" {
		return nil, fmt.Errorf("empty search text")
	}
	p := append([]byte{nsLabelIdx, lxName}, q...)
	it, err := s.db.NewIter(iterRange(p))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []NameMatch
	for ok := it.First(); ok && (limit <= 0 || len(out) < limit); ok = it.Next() {
		m, found, err := s.nameMatch(it.Key()[2:])
		if err != nil {
			return nil, err
		}
		if found && (history || m.Record.Current()) {
			out = append(out, m)
		}
	}
	return out, it.Error()
}

// nameMatch reads the label a name index key k (without its two prefix
// bytes) points to; found is false for a malformed key or a label no
// longer stored.
func (s *Store) nameMatch(k []byte) (NameMatch, bool, error) {
	i := bytes.IndexByte(k, 0)
	if i < 0 {
		return NameMatch{}, false, nil
	}
	v, found, err := s.get(append([]byte{nsLabel}, k[i+1:]...))
	if err != nil || !found {
		return NameMatch{}, false, err
	}
	rec, err := decodeRecord(v)
	if err != nil {
		return NameMatch{}, false, err
	}
	return NameMatch{Name: string(k[:i]), Record: rec}, true, nil
}

// LabelEditions returns the edition log of scope, or of every scope when
// scope is "", ordered by scope, as-of date and import time.
func (s *Store) LabelEditions(scope string) ([]Edition, error) {
	if scope != "" {
		return editions(s.db, CleanScope(scope))
	}
	return scanEditions(s.db, []byte{nsLabelIdx, lxEdition})
}

// ScopeLabels returns every stored label of scope (all statuses).
func (s *Store) ScopeLabels(scope string) ([]LabelRecord, error) {
	p := scopePrefix(CleanScope(scope))
	it, err := s.db.NewIter(iterRange(p))
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []LabelRecord
	for ok := it.First(); ok; ok = it.Next() {
		lk := append([]byte{nsLabel}, it.Key()[len(p):]...)
		v, found, err := s.get(lk)
		if err != nil {
			return nil, err
		}
		if !found {
			continue
		}
		rec, err := decodeRecord(v)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	return out, it.Error()
}
